"""Figures: one outlet palette, one style, deterministic PNG + SVG files.

Every figure function takes tidy tables and returns a matplotlib ``Figure``;
:func:`save_figure` writes it as ``NAME.png`` (200 dpi) and ``NAME.svg`` with no dates or
random ids in the files, so regenerating an unchanged figure leaves ``git status`` clean.

Colours come from the Okabe–Ito palette (colour-blind safe), assigned to outlets in
sorted order, and every outlet also gets a hatch pattern, so figures stay readable
printed in greyscale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .errors import ResearchUtilsError
from .io import write_atomic

DEFAULT_FIGURES = Path("figures")
DPI = 200
#: Okabe & Ito (2008) colours, ordered so neighbours differ strongly in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "research-utils",  # stable ids inside SVG files
    "svg.fonttype": "path",
    "image.cmap": "Greys",
}


def outlet_palette(outlets: Iterable[str]) -> dict[str, str]:
    """Colour per outlet, assigned in sorted order (same outlets → same colours)."""
    return {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(sorted(set(outlets)))}


def outlet_hatches(outlets: Iterable[str]) -> dict[str, str]:
    """Hatch pattern per outlet (sorted order), so bars differ in greyscale too."""
    return {o: HATCHES[i % len(HATCHES)] for i, o in enumerate(sorted(set(outlets)))}


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Context manager applying the project's matplotlib style."""
    with plt.rc_context(STYLE):
        yield


def save_figure(fig: Figure, name: str, figures_dir: str | Path = DEFAULT_FIGURES) -> tuple[Path, Path]:
    """Write ``fig`` as ``NAME.png`` (200 dpi) and ``NAME.svg``, atomically and reproducibly.

    Returns the two paths. Metadata that would change between runs (creation date,
    software version string) is left out.
    """
    folder = Path(figures_dir)
    paths = []
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            path = folder / f"{name}.{fmt}"
            write_atomic(
                path,
                lambda tmp, fmt=fmt, metadata=metadata: fig.savefig(
                    tmp, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight"
                ),
            )
            paths.append(path)
    return paths[0], paths[1]


# --- term-frequency figures (notebook 02) ---


def _term_figure(nrows: int, ncols: int, width: float, height: float, **kwargs) -> tuple[Figure, np.ndarray]:
    """A styled figure with an Agg canvas (no pyplot state) and its axes as a 2-d array."""
    with figure_style():
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def _grid(n: int, max_cols: int) -> tuple[int, int]:
    ncols = max(1, min(n, max_cols))
    return -(-n // ncols), ncols


def plot_top_terms(
    frequencies: pd.DataFrame, n: int = 15, outlets: Iterable[str] | None = None, max_cols: int = 3
) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each outlet, per 1,000 word tokens.

    ``frequencies`` is the ``term_frequencies`` table; one panel per outlet (``max_cols``
    per row), bars in the outlet's colour and hatch, each labelled with its raw count. Ties
    at the cut-off are broken alphabetically (the table's order).
    """
    all_outlets = sorted(frequencies["outlet"].astype(str).unique())
    chosen = list(all_outlets if outlets is None else outlets)
    colours, hatches = outlet_palette(all_outlets), outlet_hatches(all_outlets)
    nrows, ncols = _grid(len(chosen), max_cols)
    fig, axes = _term_figure(nrows, ncols, 3.6 * ncols + 0.6, (0.24 * n + 0.9) * nrows + 0.4, sharex=True)
    for ax, outlet in zip(axes.flat, chosen, strict=False):
        top = frequencies[frequencies["outlet"] == outlet].head(n)
        y = np.arange(len(top))[::-1]
        ax.barh(
            y,
            top["per_1k"],
            color=colours[outlet],
            hatch=hatches[outlet],
            edgecolor="black",
            linewidth=0.6,
        )
        for yi, value, count in zip(y, top["per_1k"], top["freq"], strict=True):
            ax.text(value, yi, f" {count}", va="center", fontsize=8)
        ax.set_yticks(y, top["term"].astype(str))
        ax.set_title(outlet)
        ax.set_xlabel("per 1,000 word tokens")
        ax.margins(x=0.15)
    for ax in list(axes.flat)[len(chosen) :]:
        ax.set_visible(False)
    fig.suptitle(f"Most frequent terms per outlet (top {n}; bar labels: counts)")
    return fig


def plot_keyness(
    keyness: pd.DataFrame,
    n: int = 10,
    outlets: Iterable[str] | None = None,
    critical: float = 3.84,
    min_freq: int = 2,
    max_cols: int = 2,
) -> Figure:
    """Diverging bars of log ratio for each target outlet's key terms.

    Per target outlet, the ``n`` terms with the largest positive G² (relatively more
    frequent in the target, right, in its colour) and the ``n`` with the most negative
    (more frequent in the reference, left), among terms seen at least ``min_freq`` times in
    all (one occurrence cannot be key). Bars with ``|g2| >= critical`` (3.84: p < .05)
    are solid and starred; the others are pale. Each bar is labelled ``target:reference``
    counts. With two outlets only the first is drawn by default: the other is its mirror image.
    """
    all_outlets = sorted(keyness["outlet"].astype(str).unique())
    if outlets is None:
        outlets = all_outlets[:1] if len(all_outlets) == 2 else all_outlets
    chosen = list(outlets)
    colours, hatches = outlet_palette(all_outlets), outlet_hatches(all_outlets)
    nrows, ncols = _grid(len(chosen), max_cols)
    fig, axes = _term_figure(nrows, ncols, 5.0 * ncols + 0.6, (0.27 * 2 * n + 1.4) * nrows + 0.3)
    for ax, outlet in zip(axes.flat, chosen, strict=False):
        others = [o for o in all_outlets if o != outlet]
        reference = others[0] if len(others) == 1 else "all other outlets"
        rows = keyness[keyness["outlet"] == outlet]
        rows = rows[rows["freq_target"] + rows["freq_reference"] >= min_freq]
        by_g2 = ["g2", "log_ratio", "term"]
        up = rows[rows["g2"] > 0].sort_values(by_g2, ascending=[False, False, True]).head(n)
        down = rows[rows["g2"] < 0].sort_values(by_g2, ascending=[True, True, True]).head(n)
        shown = pd.concat([up, down]).sort_values(["log_ratio", "g2", "term"], ascending=[False, False, True])
        y = np.arange(len(shown))[::-1]
        for yi, row in zip(y, shown.itertuples(index=False), strict=True):
            positive = row.log_ratio > 0
            side = outlet if positive else (others[0] if len(others) == 1 else None)
            strong = abs(row.g2) >= critical
            ax.barh(
                yi,
                row.log_ratio,
                color=colours[side] if side else "#BBBBBB",
                hatch=hatches[side] if side else "xx",
                alpha=1.0 if strong else 0.35,
                edgecolor="black",
                linewidth=0.8 if strong else 0.4,
            )
            label = f"{row.freq_target}:{row.freq_reference}" + (" *" if strong else "")
            pad = " " if positive else ""
            ax.text(
                row.log_ratio,
                yi,
                f"{pad}{label}{' ' if not positive else ''}",
                va="center",
                ha="left" if positive else "right",
                fontsize=8,
                fontweight="bold" if strong else "normal",
            )
        ax.set_yticks(y, shown["term"].astype(str))
        ax.axvline(0, color="black", linewidth=0.8)
        limit = max(1.0, float(np.abs(shown["log_ratio"]).max()) if len(shown) else 1.0) * 1.35
        ax.set_xlim(-limit, limit)
        ax.set_title(f"{outlet} vs {reference}")
        ax.set_xlabel(f"log ratio: ← more in {reference} · more in {outlet} →")
    for ax in list(axes.flat)[len(chosen) :]:
        ax.set_visible(False)
    fig.suptitle(
        f"Keyness: log ratio (binary log of the ratio of relative frequencies)\n"
        f"solid bars and * : G² ≥ {critical:g}; pale: below; labels: target:reference counts"
    )
    return fig


def plot_term_scatter(
    frequencies: pd.DataFrame,
    outlet_x: str | None = None,
    outlet_y: str | None = None,
    n_labels: int = 25,
    label_terms: Iterable[str] = (),
) -> Figure:
    """Each term's rate in one outlet against another (per 1,000 word tokens).

    Terms above the diagonal are relatively more frequent in ``outlet_y`` (triangles, its
    colour), below it in ``outlet_x`` (squares, its colour), on it equally (grey circles).
    Terms with the same two rates share one marker, larger the more terms it stands for
    (area grows with the square root of the number). The ``n_labels`` most frequent terms
    (both outlets together; ties alphabetical) and ``label_terms`` are labelled; adjustText
    moves the labels apart with a fixed number of iterations and no time limit, so the
    layout is the same on every run.
    """
    from adjustText import adjust_text
    from matplotlib.lines import Line2D

    all_outlets = sorted(frequencies["outlet"].astype(str).unique())
    outlet_x = outlet_x or all_outlets[0]
    outlet_y = outlet_y or next(o for o in all_outlets if o != outlet_x)
    colours = outlet_palette(all_outlets)
    pair = frequencies[frequencies["outlet"].isin([outlet_x, outlet_y])]
    rates = pair.pivot_table(index="term", columns="outlet", values="per_1k", aggfunc="sum", fill_value=0.0)
    rates = rates.reindex(columns=[outlet_x, outlet_y], fill_value=0.0).sort_index()
    points = pd.DataFrame({"x": rates[outlet_x].round(9), "y": rates[outlet_y].round(9)})
    total = pair.groupby("term")["freq"].sum().reindex(points.index)
    groups = points.groupby(["x", "y"]).size().reset_index(name="terms")
    fig, axes = _term_figure(1, 1, 8.0, 7.2)
    ax = axes[0, 0]
    kinds = (
        (groups["y"] > groups["x"], colours[outlet_y], "^", f"more in {outlet_y}"),
        (groups["y"] < groups["x"], colours[outlet_x], "s", f"more in {outlet_x}"),
        (groups["y"] == groups["x"], "#999999", "o", "same rate in both"),
    )
    handles = []
    for mask, colour, marker, label in kinds:
        part = groups[mask]
        if part.empty:
            continue
        ax.scatter(
            part["x"],
            part["y"],
            s=14 + 22 * np.sqrt(part["terms"]),
            c=colour,
            marker=marker,
            edgecolors="black",
            linewidths=0.5,
            zorder=2,
        )
        handles.append(
            Line2D([], [], linestyle="", marker=marker, markersize=7, color=colour, markeredgecolor="black")
        )
        handles[-1].set_label(label)
    top = max(float(points["x"].max()), float(points["y"].max()), 1.0) * 1.1
    ax.plot([0, top], [0, top], linestyle="--", color="black", linewidth=0.8, zorder=1)
    ax.set_xlim(-top * 0.06, top)
    ax.set_ylim(-top * 0.06, top)
    ranked = total.reset_index(name="total").sort_values(["total", "term"], ascending=[False, True])
    extra = [t for t in label_terms if t in points.index]
    wanted = list(dict.fromkeys([*ranked["term"].head(n_labels), *extra]))
    # Terms sharing a point start as a column of labels beside it (one line apart), so
    # adjustText separates groups rather than untangling labels stacked on one spot.
    line = top * 1.06 / (fig.get_size_inches()[1] * 0.8) * (8 * 1.35 / 72)
    texts, target_x, target_y = [], [], []
    for (px, py), group in points.loc[wanted].groupby(["x", "y"], sort=True):
        offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * line
        for term, dy in zip(sorted(group.index, key=wanted.index), offsets, strict=True):
            text = ax.text(px + line * 0.6, py + dy, term, fontsize=8, va="center", zorder=3)
            text.set_in_layout(False)
            texts.append(text)
            target_x.append(px)
            target_y.append(py)
    ax.set_xlabel(f"{outlet_x}: per 1,000 word tokens")
    ax.set_ylabel(f"{outlet_y}: per 1,000 word tokens")
    ax.set_title(
        f"Term frequencies: {outlet_x} vs {outlet_y}\n"
        "dashed line: same rate; larger markers stand for more terms"
    )
    ax.legend(handles=handles, loc="upper left")
    fig.canvas.draw()
    adjust_text(
        texts,
        x=groups["x"].to_numpy(),
        y=groups["y"].to_numpy(),
        target_x=target_x,
        target_y=target_y,
        ax=ax,
        iter_lim=300,
        time_lim=None,
        expand=(1.15, 1.4),
        force_text=(0.4, 0.6),
        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5},
    )
    return fig


def plot_dispersion(dispersion: pd.DataFrame, key_terms: Iterable[str], max_documents: int = 12) -> Figure:
    """Where each key term occurs in each article: one panel per document, one row per term.

    ``dispersion`` is :func:`research_utils.context.measure_dispersion`'s table; x is the
    position in the article from 0 (first token) to 1 (last token).
    """
    terms = [str(t) for t in key_terms]
    docs = dispersion[["doc_id", "outlet"]].drop_duplicates().sort_values("doc_id")
    if len(docs) > max_documents:
        raise ResearchUtilsError(
            f"{len(docs)} documents: a dispersion plot shows at most {max_documents}; select documents first"
        )
    colours = outlet_palette(docs["outlet"])
    fig, axes = _term_figure(len(docs), 1, 7.5, (0.28 * len(terms) + 0.8) * len(docs) + 0.5, sharex=True)
    rows = {term: i for i, term in enumerate(reversed(terms))}
    for ax, doc in zip(axes[:, 0], docs.itertuples(index=False), strict=True):
        hits = dispersion[(dispersion["doc_id"] == doc.doc_id) & dispersion["term"].isin(terms)]
        ax.scatter(
            hits["position"],
            hits["term"].map(rows),
            marker="|",
            s=260,
            linewidths=2.2,
            color=colours[doc.outlet],
            zorder=2,
        )
        for row in rows.values():
            ax.axhline(row, color="#DDDDDD", linewidth=0.6, zorder=1)
        ax.set_yticks(list(rows.values()), list(rows))
        ax.set_ylim(-0.6, len(terms) - 0.4)
        ax.set_xlim(-0.02, 1.02)
        ax.set_title(f"{doc.outlet} ({doc.doc_id})", loc="left", fontsize=10)
        ax.set_ylabel("term")
    axes[-1, 0].set_xlabel("position in the article (0 = first token, 1 = last token)")
    fig.suptitle("Where the key terms occur in each article")
    return fig


# --- framing figures (notebook 03) ---


def _framing_axes(
    nrows: int, ncols: int, width: float, height: float, layout: str = "constrained", **kwargs
) -> tuple[Figure, np.ndarray]:
    """A figure with an Agg canvas (no pyplot state) and its axes as a 2-d array."""
    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, squeeze=False, **kwargs)


def _no_data_figure(title: str) -> Figure:
    """A small figure saying there is nothing to draw (instead of an error on empty tables)."""
    with figure_style():
        fig, axes = _framing_axes(1, 1, 6.0, 1.6)
        ax = axes[0, 0]
        ax.text(0.5, 0.5, "no data to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
    return fig


def _outlet_bars(
    ax,
    positions: dict[str, np.ndarray],
    values: dict[str, np.ndarray],
    height: float,
    labels: dict[str, list[str]] | None = None,
) -> None:
    """Horizontal bars per outlet in its colour and hatch, optionally labelled at the bar end."""
    outlets = sorted(positions)
    colours, hatches = outlet_palette(outlets), outlet_hatches(outlets)
    for outlet in outlets:
        ax.barh(
            positions[outlet],
            values[outlet],
            height=height,
            color=colours[outlet],
            hatch=hatches[outlet],
            edgecolor="black",
            linewidth=0.6,
            label=outlet,
        )
        for y, v, text in zip(
            positions[outlet], values[outlet], (labels or {}).get(outlet, []), strict=False
        ):
            ax.text(v, y, f" {text}", va="center", fontsize=7.5)


def _grouped_positions(n_rows: int, outlets: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    """Row centres (top row first) and each outlet's bar positions within the rows."""
    y = np.arange(n_rows)[::-1].astype(float)
    height = 0.8 / max(1, len(outlets))
    return y, {o: y + 0.4 - height * (k + 0.5) for k, o in enumerate(outlets)}, height


#: Above this many outlets the grouped-bar figures (frames, actors, reporting verbs) draw
#: small multiples, one panel per outlet: colours and hatches repeat after eight outlets,
#: and rows of many thin bars cannot be read.
MAX_GROUPED_OUTLETS = 4


def _outlet_panels(
    row_labels: list[str],
    values: dict[str, np.ndarray],
    texts: dict[str, list[str]],
    title: str,
    xlabel: str,
    xmax: float,
    formatter=None,
    max_cols: int = 3,
) -> Figure:
    """Small multiples of horizontal bars: one panel per outlet (sorted), the same rows and
    x scale in every panel, each bar labelled with its text."""
    outlets = sorted(values)
    colours, hatches = outlet_palette(outlets), outlet_hatches(outlets)
    ncols = min(len(outlets), max_cols)
    nrows = -(-len(outlets) // ncols)
    y = np.arange(len(row_labels))[::-1]
    with figure_style():
        fig, axes = _framing_axes(
            nrows,
            ncols,
            3.3 * ncols + 2.4,
            (0.2 * len(row_labels) + 0.8) * nrows + 1.0,
            sharex=True,
            sharey=True,
        )
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            ax.barh(y, values[outlet], height=0.7, color=colours[outlet], hatch=hatches[outlet],
                    edgecolor="black", linewidth=0.5)  # fmt: skip
            for yi, value, text in zip(y, values[outlet], texts[outlet], strict=True):
                ax.text(value, yi, f" {text}", va="center", fontsize=7)
            ax.set_title(outlet, fontsize=10)
            ax.set_xlim(0, xmax)
            if formatter is not None:
                ax.xaxis.set_major_formatter(formatter)
        axes[0, 0].set_yticks(y, row_labels)
        for ax in axes[:, 0]:
            ax.tick_params(axis="y", labelsize=8)
        for ax in list(axes.flat)[len(outlets) :]:
            ax.set_visible(False)
        fig.supxlabel(xlabel, fontsize=9)
        fig.suptitle(f"{title}\n(one panel per outlet: {len(outlets)} outlets)", fontweight="bold")
    return fig


def _outlet_bar_figure(
    row_labels: list[str],
    values: dict[str, np.ndarray],
    texts: dict[str, list[str]],
    title: str,
    xlabel: str,
    xmax: float,
    *,
    width: float = 7.8,
    row_height: float = 0.22,
    formatter=None,
) -> Figure:
    """Horizontal bars of ``values`` per outlet, one row per label, each bar labelled.

    Up to :data:`MAX_GROUPED_OUTLETS` outlets: grouped bars in one panel (colour + hatch,
    legend); above that: :func:`_outlet_panels`, one panel per outlet.
    """
    outlets = sorted(values)
    if len(outlets) > MAX_GROUPED_OUTLETS:
        return _outlet_panels(row_labels, values, texts, title, xlabel, xmax, formatter)
    with figure_style():
        fig, axes = _framing_axes(1, 1, width, row_height * len(row_labels) * max(2, len(outlets)) + 1.3)
        ax = axes[0, 0]
        y, pos, height = _grouped_positions(len(row_labels), outlets)
        _outlet_bars(ax, pos, values, height * 0.92, texts)
        ax.set_yticks(y, row_labels)
        ax.set_xlim(0, xmax)
        if formatter is not None:
            ax.xaxis.set_major_formatter(formatter)
        else:
            ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(loc="lower right")
    return fig


def plot_frame_shares(shares: pd.DataFrame) -> Figure:
    """Grouped bars: share of each outlet's sentences carrying each frame.

    ``shares`` is the ``frame_shares`` table; frames in codebook (table) order, one bar per
    outlet, each labelled with its counts (sentences with the frame / all sentences).
    """
    from matplotlib.ticker import PercentFormatter

    outlets = sorted(shares["outlet"].astype(str).unique())
    frames = list(dict.fromkeys(shares["frame"].astype(str)))
    labels = dict(zip(shares["frame"].astype(str), shares["label"].astype(str), strict=True))
    values, texts = {}, {}
    for outlet in outlets:
        sub = shares[shares["outlet"] == outlet].set_index("frame").reindex(frames)
        values[outlet] = sub["share"].fillna(0).to_numpy(float)
        texts[outlet] = [
            f"{int(n)}/{int(t)}" for n, t in zip(sub["n_sentences"], sub["n_total"], strict=True)
        ]
    title = "Frames per outlet (dictionary coding)\nbar labels: sentences with the frame / all sentences"
    xlabel = "share of the outlet's sentences carrying the frame (a sentence can carry several)"
    grouped = len(outlets) <= MAX_GROUPED_OUTLETS
    xmax = 1.08 if grouped else min(1.08, max(0.05, *(float(v.max()) for v in values.values())) * 1.35)
    row_labels = [labels[f] for f in frames]
    return _outlet_bar_figure(
        row_labels, values, texts, title, xlabel, xmax, row_height=0.32, formatter=PercentFormatter(1.0)
    )


def plot_frame_cooccurrence(
    pairs: pd.DataFrame, labels: dict[str, str] | None = None, max_cols: int = 2
) -> Figure:
    """Heat maps, one per outlet: sentences carrying both frames of each pair.

    ``pairs`` is :func:`research_utils.framing.count_frame_pairs`'s table; the diagonal is
    the number of sentences carrying the frame. Cells show their counts, so the figure
    reads without colour.
    """
    outlets = sorted(pairs["outlet"].astype(str).unique())
    if not outlets:
        return _no_data_figure("Frame co-occurrence")
    frames = list(dict.fromkeys([*pairs["frame_a"].astype(str), *pairs["frame_b"].astype(str)]))
    names = [(labels or {}).get(f, f) for f in frames]
    index = {f: i for i, f in enumerate(frames)}
    top = max(1, int(pairs["n_sentences"].max())) if len(pairs) else 1
    ncols = max(1, min(len(outlets), max_cols))
    nrows = -(-len(outlets) // ncols)
    with figure_style():
        fig, axes = _framing_axes(nrows, ncols, 4.0 * ncols + 1.8, 4.3 * nrows + 0.6, layout="compressed")
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            matrix = np.full((len(frames), len(frames)), np.nan)
            for a, b, n in pairs.loc[
                pairs["outlet"] == outlet, ["frame_a", "frame_b", "n_sentences"]
            ].itertuples(index=False):
                matrix[index[a], index[b]] = matrix[index[b], index[a]] = n
            ax.imshow(matrix, cmap="Greys", vmin=0, vmax=top * 1.25)
            for i in range(len(frames)):
                for j in range(len(frames)):
                    if not np.isnan(matrix[i, j]):
                        value = int(matrix[i, j])
                        ax.text(
                            j,
                            i,
                            str(value),
                            ha="center",
                            va="center",
                            fontsize=9,
                            color="white" if value > top * 0.6 else "black",
                            fontweight="bold" if i == j else "normal",
                        )
            ax.set_xticks(range(len(frames)), names, rotation=40, ha="right")
            ax.set_yticks(range(len(frames)), names if ax in axes[:, 0] else [])
            ax.tick_params(length=0)
            ax.set_title(outlet)
            for spine in ax.spines.values():
                spine.set_visible(False)
        for ax in list(axes.flat)[len(outlets) :]:
            ax.set_visible(False)
        fig.suptitle(
            "Frame co-occurrence: sentences carrying both frames\n"
            "(diagonal, bold: sentences carrying the frame)"
        )
    return fig


def plot_frame_validation(validation: pd.DataFrame) -> Figure:
    """Precision, recall and F1 of the dictionary against the manual coding, per frame.

    ``validation`` is the ``frame_validation`` table; bars are grey with distinct hatches
    (no outlet is involved), labelled with their values; undefined scores are marked n/a.
    """
    metrics = (("precision", "#333333", ""), ("recall", "#999999", "//"), ("f1", "#E0E0E0", ".."))
    rows = validation.reset_index(drop=True)
    with figure_style():
        fig, axes = _framing_axes(1, 1, 7.8, 0.62 * len(rows) + 1.4)
        ax = axes[0, 0]
        y = np.arange(len(rows))[::-1].astype(float)
        height = 0.26
        for k, (metric, colour, hatch) in enumerate(metrics):
            pos = y + height - k * height
            values = rows[metric].to_numpy(float)
            ax.barh(
                pos,
                np.nan_to_num(values),
                height=height * 0.92,
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.6,
                label=metric,
            )
            for p, v in zip(pos, values, strict=True):
                ax.text(
                    0 if np.isnan(v) else v,
                    p,
                    " n/a" if np.isnan(v) else f" {v:.2f}",
                    va="center",
                    fontsize=7.5,
                )
        ax.set_yticks(
            y,
            [
                f"{f}  (gold n={s}, dictionary n={p})"
                for f, s, p in zip(rows["frame"], rows["support"], rows["predicted"], strict=True)
            ],
        )
        ax.set_xlim(0, 1.12)
        ax.set_xlabel("score (1 = the dictionary agrees with the gold coding on every sentence)")
        ax.set_title(
            "Dictionary against the gold coding, per frame\n(sentences of both articles; one reference coder)"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def plot_actor_mentions(summary: pd.DataFrame, n: int | None = None) -> Figure:
    """Grouped bars: mentions of each actor per outlet (most mentioned first).

    ``summary`` is :func:`research_utils.actors.summarize_actors`'s table; ``n`` keeps the
    ``n`` most mentioned actors overall (ties alphabetical). Bars carry their counts.
    """
    outlets = sorted(summary["outlet"].astype(str).unique())
    if not outlets:
        return _no_data_figure("Actors mentioned per outlet")
    totals = summary.groupby(["actor", "type"])["n_mentions"].sum().reset_index()
    totals = totals.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable")
    if n is not None:
        totals = totals.head(n)
    actors = list(totals["actor"])
    values, texts = {}, {}
    for outlet in outlets:
        sub = summary[summary["outlet"] == outlet].set_index("actor").reindex(actors)
        counts = sub["n_mentions"].fillna(0).astype(int).to_numpy()
        values[outlet], texts[outlet] = counts, [str(c) if c else "0" for c in counts]
    row_labels = [f"{a} ({t})" for a, t in zip(totals["actor"], totals["type"], strict=True)]
    xmax = max(1, max(int(v.max()) for v in values.values())) * 1.15
    xlabel = "mentions (names, glosses and resolved references; pronouns not counted)"
    return _outlet_bar_figure(
        row_labels, values, texts, "Actors mentioned per outlet", xlabel, xmax, row_height=0.2
    )


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (relative luminance)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(fill)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "black"


def plot_named_group(named: pd.DataFrame, title: str = "Summoned firms named by each outlet") -> Figure:
    """A grid: actors (rows) by outlets (columns); a filled square with the mention count
    where the outlet names the actor, an empty one with a dash where it does not, and the
    forms used beside the square when they differ from the canonical name.

    ``named`` is :func:`research_utils.actors.name_group`'s table.
    """
    outlets = sorted(named["outlet"].astype(str).unique())
    actors = list(dict.fromkeys(named["actor"].astype(str)))
    colours = outlet_palette(outlets)
    with figure_style():
        fig, axes = _framing_axes(1, 1, 2.2 * len(outlets) + 2.4, 0.36 * len(actors) + 1.5)
        ax = axes[0, 0]
        for x, outlet in enumerate(outlets):
            sub = named[named["outlet"] == outlet].set_index("actor").reindex(actors)
            for yi, (actor, row) in enumerate(sub.iterrows()):
                y = len(actors) - 1 - yi
                surfaces = "" if pd.isna(row["surfaces"]) else str(row["surfaces"])
                if bool(row["named"]):
                    ax.scatter(
                        x, y, s=330, marker="s", color=colours[outlet], edgecolors="black", linewidths=0.6
                    )
                    ax.text(
                        x,
                        y,
                        str(int(row["n_mentions"])),
                        ha="center",
                        va="center",
                        fontsize=8,
                        fontweight="bold",
                        color=_text_colour(colours[outlet]),
                    )
                    if surfaces and surfaces != actor:
                        ax.text(x + 0.16, y, surfaces.replace(";", ", "), va="center", fontsize=6.5)
                else:
                    ax.scatter(
                        x, y, s=330, marker="s", facecolors="white", edgecolors="#777777", linewidths=0.8
                    )
                    ax.text(x, y, "–", ha="center", va="center", fontsize=8, color="#777777")
        ax.set_xticks(range(len(outlets)), outlets)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(actors)), actors[::-1])
        ax.set_xlim(-0.5, len(outlets) - 1 + 1.3)
        ax.set_ylim(-0.7, len(actors) - 0.3)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(title)
        ax.set_xlabel(
            "filled: named (number = mentions; small text = forms used when they differ); – : not named",
            fontsize=8,
        )
    return fig


def plot_sources(sources: pd.DataFrame, max_cols: int = 2, n: int | None = 10) -> Figure:
    """Words attributed to each source, per outlet: direct quotes (solid) and paraphrase
    (pale, hatched) stacked; one panel per outlet, each bar labelled with its words and
    the number of direct quotes and paraphrases.

    ``sources`` is :func:`research_utils.quotes.summarize_sources`'s table; ``n`` keeps each
    outlet's ``n`` sources with the most words (the table's order; None: all), so a large
    corpus's hundreds of speakers do not crush the panels.
    """
    from matplotlib.patches import Patch

    outlets = sorted(sources["outlet"].astype(str).unique())
    if not outlets:
        return _no_data_figure("Who speaks: no attributed quotes or paraphrases")
    cut = n is not None and int(sources.groupby("outlet").size().max()) > n
    if cut:
        sources = sources.groupby("outlet", sort=False).head(n)
    colours = outlet_palette(outlets)
    ncols = max(1, min(len(outlets), max_cols))
    nrows = -(-len(outlets) // ncols)
    most = max(1, int(sources["words"].max())) if len(sources) else 1
    rows_per_panel = max(1, int(sources.groupby("outlet").size().max())) if len(sources) else 1
    with figure_style():
        fig, axes = _framing_axes(nrows, ncols, 4.8 * ncols + 0.8, (0.5 * rows_per_panel + 1.1) * nrows + 0.9)
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            sub = sources[sources["outlet"] == outlet].reset_index(drop=True)
            y = np.arange(len(sub))[::-1]
            ax.barh(y, sub["words_direct"], color=colours[outlet], edgecolor="black", linewidth=0.6)
            ax.barh(
                y,
                sub["words_paraphrase"],
                left=sub["words_direct"],
                color=colours[outlet],
                alpha=0.35,
                hatch="//",
                edgecolor="black",
                linewidth=0.6,
            )
            for yi, row in zip(y, sub.itertuples(index=False), strict=True):
                ax.text(
                    row.words,
                    yi,
                    f" {row.words} ({row.n_direct} dir., {row.n_paraphrase} para.)",
                    va="center",
                    fontsize=7.5,
                )
            names = [
                ("(unattributed)" if pd.isna(s) or not s else str(s))
                + ("" if pd.isna(t) or not t else f"\n({t})")
                for s, t in zip(sub["speaker"], sub["speaker_type"], strict=True)
            ]
            ax.set_yticks(y, names, fontsize=8)
            ax.set_ylim(-0.6, max(len(sub), rows_per_panel) - 0.4)
            ax.set_xlim(0, most * 1.6)
            ax.set_xlabel("words attributed")
            ax.set_title(outlet)
        for ax in list(axes.flat)[len(outlets) :]:
            ax.set_visible(False)
        handles = [
            Patch(facecolor="#555555", edgecolor="black", label="direct quotation"),
            Patch(facecolor="#DDDDDD", edgecolor="black", hatch="//", label="paraphrase (reported speech)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
        fig.suptitle(
            "Who speaks: words attributed to each source"
            + (f" (each outlet's top {n})" if cut else "")
            + "\n(labels: words (direct quotes, paraphrases))"
        )
    return fig


def plot_reporting_verbs(verbs: pd.DataFrame) -> Figure:
    """Grouped bars: attributions per reporting verb and outlet, neutral verbs above
    evaluative ones. ``verbs`` is :func:`research_utils.quotes.count_reporting_verbs`'s table."""
    outlets = sorted(verbs["outlet"].astype(str).unique())
    if not outlets:
        return _no_data_figure("Reporting verbs per outlet")
    order = (
        verbs.groupby(["stance", "verb"])["n"]
        .sum()
        .reset_index()
        .assign(rank=lambda t: t["stance"].map({"neutral": 0, "evaluative": 1}).fillna(2))
        .sort_values(["rank", "n", "verb"], ascending=[True, False, True], kind="stable")
    )
    keys = list(zip(order["stance"], order["verb"], strict=True))
    values, texts = {}, {}
    for outlet in outlets:
        sub = verbs[verbs["outlet"] == outlet].set_index(["stance", "verb"])["n"]
        counts = np.array([int(sub.get(k, 0)) for k in keys])
        values[outlet], texts[outlet] = counts, [str(c) for c in counts]
    row_labels = [f"{v} ({s})" for s, v in keys]
    xmax = max([1, *[int(v.max()) for v in values.values() if len(v)]]) * 1.2
    title = "Reporting verbs per outlet (neutral verbs first, then evaluative)"
    xlabel = "attributions (direct quotes and paraphrases)"
    return _outlet_bar_figure(row_labels, values, texts, title, xlabel, xmax, width=7.2)


def plot_tone(tone: pd.DataFrame) -> Figure:
    """Each sentence's VADER compound score, one row of points per outlet, with the
    outlet's mean (black diamond) and VADER's neutral band (−0.05 to 0.05, shaded).

    Points are spread vertically by a fixed-seed jitter, so the figure is the same each run.
    """
    outlets = sorted(tone["outlet"].astype(str).unique())
    colours, markers = outlet_palette(outlets), ("o", "s", "^", "D", "v", "P", "X", "*")
    rng = np.random.default_rng(20210318)
    with figure_style():
        fig, axes = _framing_axes(1, 1, 7.6, 0.9 * len(outlets) + 1.4)
        ax = axes[0, 0]
        ax.axvspan(-0.05, 0.05, color="#E6E6E6", zorder=0, label="VADER neutral band (±0.05)")
        for k, outlet in enumerate(outlets):
            scores = tone.loc[tone["outlet"] == outlet, "compound"].to_numpy(float)
            row = len(outlets) - 1 - k
            jitter = rng.uniform(-0.22, 0.22, len(scores))
            ax.scatter(
                scores,
                row + jitter,
                s=30,
                color=colours[outlet],
                marker=markers[k % len(markers)],
                edgecolors="black",
                linewidths=0.5,
                zorder=2,
                label=f"{outlet} (n={len(scores)})",
            )
            if len(scores):
                ax.scatter(
                    [scores.mean()],
                    [row],
                    s=90,
                    marker="D",
                    color="black",
                    zorder=3,
                    label="outlet mean" if k == 0 else None,
                )
                ax.text(scores.mean(), row + 0.34, f"mean {scores.mean():+.2f}", ha="center", fontsize=8)
        ax.set_yticks(range(len(outlets)), outlets[::-1])
        ax.set_ylim(-0.6, len(outlets) - 0.4 + 0.25)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("VADER compound score per sentence (−1 most negative, +1 most positive)")
        ax.set_title(
            "Sentence tone per outlet (VADER compound score)\n"
            "VADER was built for social media: read as word valence, not as stance"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


# --- comparison figures (notebook 04) ---

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", ":", "-.")


def _documents_shown(documents: pd.DataFrame, max_documents: int) -> tuple[pd.DataFrame, str]:
    """The documents to draw (in outlet, doc_id order) and a title note when some are left out."""
    docs = documents.sort_values(["outlet", "doc_id"], kind="stable")
    if len(docs) <= max_documents:
        return docs, ""
    return docs.head(max_documents), f" (first {max_documents} of {len(docs)} articles)"


def plot_story_flow(
    frames: pd.DataFrame, documents: pd.DataFrame, labels: dict[str, str], max_documents: int = 6
) -> Figure:
    """Which frames each sentence carries, in reading order, one panel per article.

    ``frames`` is the frames table (doc_id, sent_id, frame), ``documents`` the documents
    table (doc_id, outlet, n_sentences), ``labels`` frame id → label (rows in that order).
    """
    docs, note = _documents_shown(documents, max_documents)
    if docs.empty:
        return _no_data_figure("Frames sentence by sentence")
    frame_ids = list(labels)
    outlets = sorted(documents["outlet"].astype(str).unique())
    colours = outlet_palette(outlets)
    with figure_style():
        fig, axes = _framing_axes(len(docs), 1, 8.6, 0.32 * len(frame_ids) * len(docs) + 1.4, sharex=True)
        for ax, (_, doc) in zip(axes[:, 0], docs.iterrows(), strict=True):
            k = outlets.index(doc["outlet"])
            sub = frames[frames["doc_id"] == doc["doc_id"]]
            n = int(doc["n_sentences"])
            for row, frame in enumerate(frame_ids):
                ax.axhline(row, color="#DDDDDD", linewidth=0.6, zorder=0)
                hits = sub.loc[sub["frame"] == frame, "sent_id"].to_numpy() + 1
                ax.scatter(
                    hits,
                    np.full(len(hits), row),
                    marker=_MARKERS[k % len(_MARKERS)],
                    s=46,
                    color=colours[doc["outlet"]],
                    edgecolors="black",
                    linewidths=0.5,
                    zorder=2,
                )
            uncoded = sorted(set(range(1, n + 1)) - set(sub["sent_id"] + 1))
            ax.scatter(uncoded, np.full(len(uncoded), -1), marker="x", s=24, color="#777777")
            ticks = ["(no frame)", *(labels[f] for f in frame_ids)]
            ax.set_yticks(range(-1, len(frame_ids)), ticks, fontsize=8)
            ax.set_ylim(len(frame_ids) - 0.5, -1.6)
            ax.set_xlim(0.3, max(documents["n_sentences"].max(), 1) + 0.7)
            ax.set_title(f"{doc['outlet']} — {doc['doc_id']} ({n} sentences)", fontsize=9, loc="left")
        axes[-1, 0].set_xlabel("sentence in reading order (1 = first)")
        axes[-1, 0].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        fig.suptitle(f"Frames sentence by sentence, in reading order{note}", fontweight="bold")
    return fig


def plot_tone_flow(tone: pd.DataFrame, documents: pd.DataFrame, max_documents: int = 6) -> Figure:
    """VADER compound score of each sentence along each article (one line per article).

    Articles of the same outlet share a colour, a marker and a line style; the grey band is
    VADER's neutral range (−0.05 to 0.05).
    """
    docs, note = _documents_shown(documents, max_documents)
    if docs.empty:
        return _no_data_figure("Tone along each article")
    outlets = sorted(documents["outlet"].astype(str).unique())
    colours = outlet_palette(outlets)
    with figure_style():
        fig, axes = _framing_axes(1, 1, 8.6, 3.8)
        ax = axes[0, 0]
        ax.axhspan(-0.05, 0.05, color="#E6E6E6", zorder=0, label="VADER neutral band (±0.05)")
        ax.axhline(0, color="#999999", linewidth=0.6, zorder=0)
        for _, doc in docs.iterrows():
            k = outlets.index(doc["outlet"])
            sub = tone[tone["doc_id"] == doc["doc_id"]].sort_values("sent_id")
            ax.plot(
                sub["sent_id"] + 1,
                sub["compound"],
                color=colours[doc["outlet"]],
                linestyle=_LINESTYLES[k % len(_LINESTYLES)],
                marker=_MARKERS[k % len(_MARKERS)],
                markeredgecolor="black",
                markeredgewidth=0.5,
                label=f"{doc['outlet']} ({doc['doc_id']})" if len(docs) > len(outlets) else doc["outlet"],
            )
        ax.set_ylim(-1.05, 1.05)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_xlabel("sentence in reading order (1 = first)")
        ax.set_ylabel("VADER compound (−1 to +1)")
        ax.set_title(
            f"Tone along each article{note}\nVADER word valence per sentence, not the outlet's stance"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def plot_actor_heatmap(summary: pd.DataFrame, n: int | None = 15) -> Figure:
    """Outlet × actor heatmap of mentions (darker = more), each cell labelled with its count.

    ``summary`` is :func:`research_utils.actors.summarize_actors`'s table; ``n`` keeps the
    ``n`` most mentioned actors overall (ties alphabetical). Greyscale by design.
    """
    if summary.empty:
        return _no_data_figure("Actor mentions per outlet")
    counts = summary.pivot_table(
        index="actor", columns="outlet", values="n_mentions", aggfunc="sum", fill_value=0
    )
    totals = counts.sum(axis=1)
    order = sorted(counts.index, key=lambda actor: (-totals[actor], actor))
    shown = order[:n] if n else order
    counts = counts.loc[shown, sorted(counts.columns)].astype("int64")
    with figure_style():
        fig, axes = _framing_axes(1, 1, 1.6 * len(counts.columns) + 4.2, 0.34 * len(counts) + 1.6)
        ax = axes[0, 0]
        image = ax.imshow(counts.to_numpy(), cmap="Greys", aspect="auto", vmin=0)
        top = counts.to_numpy().max() or 1
        for (i, j), value in np.ndenumerate(counts.to_numpy()):
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > top / 2 else "black",
            )
        ax.set_xticks(range(len(counts.columns)), counts.columns)
        ax.set_yticks(range(len(counts)), counts.index, fontsize=8)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        fig.colorbar(image, ax=ax, label="mentions", shrink=0.6)
        title = (
            f"Who is mentioned: actor mentions per outlet{f' (top {n})' if len(shown) < len(order) else ''}"
        )
        ax.set_title(title)
    return fig


def plot_source_types(quotes: pd.DataFrame) -> Figure:
    """Words each outlet attributes to each type of source (direct quotes and paraphrase).

    ``quotes`` is the quotes table; scare quotes are left out. One row per source type
    (most words first), one bar per outlet, labelled with the words and the share of that
    outlet's attributed words.
    """
    attributed = quotes[quotes["kind"].isin(["direct", "paraphrase"])].copy()
    if attributed.empty:
        return _no_data_figure("Whose voice: words given to each type of source")
    attributed["speaker_type"] = attributed["speaker_type"].fillna("unresolved").astype(str)
    words = attributed.pivot_table(
        index="speaker_type", columns="outlet", values="n_words", aggfunc="sum", fill_value=0
    )
    words = words.loc[words.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    values = {o: words[o].to_numpy().astype("int64") for o in sorted(words.columns)}
    texts = {o: [f"{v} ({v / (v_all.sum() or 1):.0%})" for v in v_all] for o, v_all in values.items()}
    return _outlet_bar_figure(
        list(words.index),
        values,
        texts,
        "Whose voice: words given to each type of source",
        "words attributed (direct quotes + paraphrase); % of the outlet's attributed words",
        float(words.to_numpy().max()) * 1.3,
        width=8.0,
        row_height=0.5,
    )
