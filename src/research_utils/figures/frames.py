"""Figures of frames: shares per outlet, co-occurrence, validation (story flow: :mod:`.flow`)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from .bars import MAX_GROUPED_OUTLETS, outlet_bar_figure
from .layout import hide_unused_axes, panel_grid
from .style import (
    BAR_LABEL_PADDING,
    Styles,
    describe,
    figure_style,
    new_figure,
    no_data_figure,
    outlet_list,
    styles_for,
)


def plot_frame_shares(shares: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Grouped bars (one panel per outlet above four): share of each outlet's sentences
    carrying each frame.

    ``shares`` is the ``frame_shares`` table; frames in codebook (table) order, one bar per
    outlet of ``styles`` (the study's; default: the table's, sorted), each labelled with
    its counts (sentences with the frame / all sentences).
    """
    table = shares.astype({"outlet": str, "frame": str, "label": str}).assign(
        text=lambda t: [f"{n}/{total}" for n, total in zip(t["n_sentences"], t["n_total"], strict=True)]
    )
    frames = list(dict.fromkeys(table["frame"]))
    labels = dict(zip(table["frame"], table["label"], strict=True))
    values = table.pivot(index="frame", columns="outlet", values="share").reindex(frames).fillna(0.0)
    texts = table.pivot(index="frame", columns="outlet", values="text").reindex(frames)
    values.index = texts.index = pd.Index([labels[f] for f in frames])
    coding, coding_full = _coding_note(table)
    grouped = len(styles_for(styles, values.columns)) <= MAX_GROUPED_OUTLETS
    xmax = 1.08 if grouped else min(1.08, max(0.05, float(values.to_numpy().max(initial=0.0))) * 1.35)
    return outlet_bar_figure(
        values,
        texts,
        title=f"Frames per outlet ({coding})\nbar labels: sentences with the frame / all sentences",
        xlabel="share of the outlet's sentences carrying the frame (a sentence can carry several)",
        xmax=xmax,
        row_height=0.32,
        formatter=PercentFormatter(1.0),
        styles=styles,
        missing="no sentences",
        about=f"Share of each outlet's sentences carrying each of the {len(frames)} frames "
        f"({', '.join(values.index)}); {coding_full}.",
    )


def _coding_note(shares: pd.DataFrame) -> tuple[str, str]:
    """Which coding the shares count, from the table's ``coding`` column, for the title
    (short) and the description (per outlet when they differ); "dictionary coding" for a
    table without the column."""
    if "coding" not in shares.columns or shares.empty:
        return "dictionary coding", "dictionary coding"
    by_outlet = shares.drop_duplicates("outlet").set_index("outlet")["coding"].astype(str)
    if by_outlet.nunique() == 1:
        return (f"coding: {by_outlet.iloc[0]}",) * 2
    full = "coding: " + "; ".join(f"{o}: {c}" for o, c in by_outlet.items())
    return (
        full if len(by_outlet) <= MAX_GROUPED_OUTLETS else "coding differs by outlet: see the description"
    ), full


def _cooccurrence_panel(
    ax: Axes, matrix: np.ndarray, names: list[str], *, top: int, small: bool, first_col: bool, last_row: bool
) -> None:
    """One outlet's frame × frame heat map, each cell labelled with its count."""
    ax.imshow(matrix, cmap="Greys", vmin=0, vmax=top * 1.25)
    for (i, j), value in np.ndenumerate(matrix):
        if not np.isnan(value):
            ax.text(
                j,
                i,
                str(int(value)),
                ha="center",
                va="center",
                fontsize=6.5 if small else 9,
                color="white" if value > top * 0.6 else "black",
                fontweight="bold" if i == j else "normal",
            )
    size = 7 if small else 10
    ax.set_xticks(
        range(len(names)), names if last_row or not small else [], rotation=40, ha="right", fontsize=size
    )
    ax.set_yticks(range(len(names)), names if first_col else [], fontsize=size)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def plot_frame_cooccurrence(
    pairs: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    max_cols: int = 2,
    styles: Styles | None = None,
) -> Figure:
    """Heat maps, one per outlet: sentences carrying both frames of each pair.

    ``pairs`` is :func:`research_utils.analyse.count_frame_pairs`'s table; the diagonal is
    the number of sentences carrying the frame; ``labels`` maps frame ids to the names
    shown (default: the ids). Cells show their counts, so the figure reads without colour.
    Outlets: those of ``styles`` (the study's, in its order; default: the table's, sorted);
    one without rows is marked "no sentences coded". The grid wraps wider above
    ``max_cols`` when taller than the size limit.
    """
    outlets = list(styles_for(styles, pairs["outlet"].astype(str).unique()))
    if not outlets:
        return no_data_figure("Frame co-occurrence", reason="no outlet has coded sentences")
    frames = list(dict.fromkeys([*pairs["frame_a"].astype(str), *pairs["frame_b"].astype(str)]))
    names = [(labels or {}).get(f, f) for f in frames]
    index = {f: i for i, f in enumerate(frames)}
    top = max(1, int(pairs["n_sentences"].max())) if len(pairs) else 1
    small = len(outlets) > 4
    side = (0.33 if small else 0.5) * len(frames) + 0.3
    grid = panel_grid(
        len(outlets),
        rows=len(frames),
        row_height=side / max(1, len(frames)),
        panel_width=side + 0.4,
        panel_extra=0.5,
        max_cols=max_cols,
        side=1.8,
        top=2.5,
    )
    with figure_style():
        fig, axes = new_figure(
            grid.nrows, grid.ncols, width=grid.width, height=grid.height, layout="compressed"
        )
        for k, (ax, outlet) in enumerate(zip(axes.flat, outlets, strict=False)):
            ax.set_title(outlet, fontsize=9 if small else 11)
            sub = pairs.loc[pairs["outlet"] == outlet, ["frame_a", "frame_b", "n_sentences"]]
            if sub.empty:
                ax.text(0.5, 0.5, "no sentences coded", transform=ax.transAxes, ha="center", va="center")
                ax.set_axis_off()
                continue
            matrix = np.full((len(frames), len(frames)), np.nan)
            for a, b, n in sub.itertuples(index=False):
                matrix[index[a], index[b]] = matrix[index[b], index[a]] = n
            last_row = k + grid.ncols >= len(outlets)
            _cooccurrence_panel(
                ax, matrix, names, top=top, small=small, first_col=k % grid.ncols == 0, last_row=last_row
            )
        hide_unused_axes(axes, len(outlets))
        fig.suptitle(
            "Frame co-occurrence: sentences carrying both frames\n"
            "(diagonal, bold: sentences carrying the frame)"
        )
    text = (
        f"Heat maps of sentences carrying both frames of each pair, one per outlet: {outlet_list(outlets)}."
    )
    return describe(fig, text)


def plot_frame_validation(
    validation: pd.DataFrame, *, coverage: pd.DataFrame | None = None, styles: Styles | None = None
) -> Figure:
    """Precision, recall and F1 of the dictionary against the manual coding, per frame.

    ``validation`` is the ``frame_validation`` table; bars are grey with distinct hatches
    (no outlet is involved; ``styles`` is accepted for a uniform call), labelled with their
    values; undefined scores are marked n/a. ``coverage`` (the ``validation_coverage``
    table) makes the title say which sentences the validation rests on. An empty table, or
    a coverage of no sentence, gives a small figure saying nothing was validated.
    """
    covered = _coverage_note(coverage)
    if validation.empty or covered is None:
        return no_data_figure(
            "Dictionary against the reference coding",
            reason="no reference coding covers these documents: nothing validated",
        )
    metrics = (("precision", "#333333", ""), ("recall", "#999999", "//"), ("f1", "#E0E0E0", ".."))
    rows = validation.reset_index(drop=True)
    with figure_style():
        fig, axes = new_figure(1, 1, width=7.8, height=0.62 * len(rows) + 1.4)
        ax = axes[0, 0]
        y = np.arange(len(rows))[::-1].astype(float)
        height = 0.26
        for k, (metric, colour, hatch) in enumerate(metrics):
            values = rows[metric].to_numpy(float)
            bars = ax.barh(
                y + height - k * height,
                np.nan_to_num(values),
                height=height * 0.92,
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.6,
                label=metric,
            )
            texts = ["n/a" if np.isnan(v) else f"{v:.2f}" for v in values]
            ax.bar_label(bars, labels=texts, padding=BAR_LABEL_PADDING, fontsize=7.5)
        ticks = [
            f"{f}  (gold n={s}, dictionary n={p})"
            for f, s, p in zip(rows["frame"], rows["support"], rows["predicted"], strict=True)
        ]
        ax.set_yticks(y, ticks)
        ax.set_xlim(0, 1.12)
        ax.set_xlabel("score (1 = the dictionary agrees with the gold coding on every sentence)")
        ax.set_title(f"Dictionary against the gold coding, per frame\n({covered})")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    text = (
        f"Precision, recall and F1 of the dictionary coding against the reference coding for "
        f"{len(rows)} rows ({', '.join(rows['frame'].astype(str))}); {covered}."
    )
    return describe(fig, text)


def _coverage_note(coverage: pd.DataFrame | None) -> str | None:
    """What the validation rests on, from the ``validation_coverage`` table: e.g. "the
    reference coding covers 28 of 28 sentences (Apple Daily 14 of 14; ...)"; None when it
    covers no sentence."""
    if coverage is None:
        return "the sentences the reference coding covers"
    per_outlet = coverage[coverage["outlet"].astype(str) != "all"]
    coded, sentences = int(per_outlet["n_coded"].sum()), int(per_outlet["n_sentences"].sum())
    if coded == 0:
        return None
    parts = [
        f"{o} {c} of {n}"
        for o, c, n in per_outlet[["outlet", "n_coded", "n_sentences"]].itertuples(index=False)
    ]
    outlets = f" ({'; '.join(parts)})" if len(parts) <= MAX_GROUPED_OUTLETS else f" ({len(parts)} outlets)"
    return f"the reference coding covers {coded} of {sentences} sentences{outlets}"
