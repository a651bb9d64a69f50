"""Figures of words: frequent terms, keyness, a frequency scatter, dispersion."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..errors import ResearchUtilsError
from .style import (
    BAR_LABEL_PADDING,
    grid_shape,
    hide_unused_axes,
    new_figure,
    no_data_figure,
    outlet_hatches,
    outlet_palette,
)


def plot_top_terms(
    frequencies: pd.DataFrame, *, n: int = 15, outlets: Iterable[str] | None = None, max_cols: int = 3
) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each outlet, per 1,000 word tokens.

    ``frequencies`` is the ``term_frequencies`` table; one panel per outlet (``max_cols``
    per row), bars in the outlet's colour and hatch, each labelled with its raw count. Ties
    at the cut-off are broken alphabetically (the table's order).
    """
    all_outlets = sorted(frequencies["outlet"].astype(str).unique())
    chosen = list(all_outlets if outlets is None else outlets)
    colours, hatches = outlet_palette(all_outlets), outlet_hatches(all_outlets)
    nrows, ncols = grid_shape(len(chosen), max_cols)
    fig, axes = new_figure(
        nrows, ncols, width=3.6 * ncols + 0.6, height=(0.24 * n + 0.9) * nrows + 0.4, sharex=True
    )
    for ax, outlet in zip(axes.flat, chosen, strict=False):
        top = frequencies[frequencies["outlet"] == outlet].head(n)
        y = np.arange(len(top))[::-1]
        bars = ax.barh(
            y,
            top["per_1k"],
            color=colours[outlet],
            hatch=hatches[outlet],
            edgecolor="black",
            linewidth=0.6,
        )
        ax.bar_label(
            bars, labels=[str(count) for count in top["freq"]], padding=BAR_LABEL_PADDING, fontsize=8
        )
        ax.set_yticks(y, top["term"].astype(str))
        ax.set_title(outlet)
        ax.set_xlabel("per 1,000 word tokens")
        ax.margins(x=0.15)
    hide_unused_axes(axes, len(chosen))
    fig.suptitle(f"Most frequent terms per outlet (top {n}; bar labels: counts)")
    return fig


def plot_keyness(
    keyness: pd.DataFrame,
    *,
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
    nrows, ncols = grid_shape(len(chosen), max_cols)
    fig, axes = new_figure(nrows, ncols, width=5.0 * ncols + 0.6, height=(0.27 * 2 * n + 1.4) * nrows + 0.3)
    for ax, outlet in zip(axes.flat, chosen, strict=False):
        rows = keyness[keyness["outlet"] == outlet]
        rows = rows[rows["freq_target"] + rows["freq_reference"] >= min_freq]
        by_g2 = ["g2", "log_ratio", "term"]
        up = rows[rows["g2"] > 0].sort_values(by_g2, ascending=[False, False, True]).head(n)
        down = rows[rows["g2"] < 0].sort_values(by_g2, ascending=[True, True, True]).head(n)
        shown = pd.concat([up, down]).sort_values(["log_ratio", "g2", "term"], ascending=[False, False, True])
        _draw_keyness_panel(ax, shown, outlet, all_outlets, critical=critical)
    hide_unused_axes(axes, len(chosen))
    fig.suptitle(
        f"Keyness: log ratio (binary log of the ratio of relative frequencies)\n"
        f"solid bars and * : G² ≥ {critical:g}; pale: below; labels: target:reference counts"
    )
    return fig


def _draw_keyness_panel(
    ax: Axes, shown: pd.DataFrame, outlet: str, all_outlets: list[str], *, critical: float
) -> None:
    """One outlet's diverging bars: the rows of ``shown`` top to bottom, right of zero in the
    target's colour, left of it in the reference's (grey for all other outlets pooled)."""
    colours, hatches = outlet_palette(all_outlets), outlet_hatches(all_outlets)
    others = [o for o in all_outlets if o != outlet]
    reference = others[0] if len(others) == 1 else "all other outlets"
    y = np.arange(len(shown))[::-1]
    columns = (shown[c].to_numpy() for c in ("log_ratio", "g2", "freq_target", "freq_reference"))
    for yi, log_ratio, g2, freq_target, freq_reference in zip(y, *columns, strict=True):
        positive = log_ratio > 0
        side = outlet if positive else (others[0] if len(others) == 1 else None)
        strong = abs(g2) >= critical
        bar = ax.barh(
            yi,
            log_ratio,
            color=colours[side] if side else "#BBBBBB",
            hatch=hatches[side] if side else "xx",
            alpha=1.0 if strong else 0.35,
            edgecolor="black",
            linewidth=0.8 if strong else 0.4,
        )
        label = f"{freq_target}:{freq_reference}" + (" *" if strong else "")
        ax.bar_label(
            bar,
            labels=[label],
            padding=BAR_LABEL_PADDING,
            fontsize=8,
            fontweight="bold" if strong else "normal",
        )
    ax.set_yticks(y, shown["term"].astype(str))
    ax.axvline(0, color="black", linewidth=0.8)
    limit = max(1.0, float(np.abs(shown["log_ratio"]).max()) if len(shown) else 1.0) * 1.35
    ax.set_xlim(-limit, limit)
    ax.set_title(f"{outlet} vs {reference}")
    ax.set_xlabel(f"log ratio: ← more in {reference} · more in {outlet} →")


def plot_term_scatter(
    rates: pd.DataFrame,
    *,
    n_labels: int = 25,
    label_terms: Iterable[str] = (),
    outlets: Iterable[str] | None = None,
) -> Figure:
    """Each term's rate in one outlet against another (per 1,000 word tokens).

    ``rates`` is :func:`research_utils.analyse.compare_term_rates`'s table. Terms above the
    diagonal are relatively more frequent in ``outlet_y`` (triangles, its colour), below it
    in ``outlet_x`` (squares, its colour), on it equally (grey circles). Terms with the same
    two rates share one marker, larger the more terms it stands for (area grows with the
    square root of the number). The ``n_labels`` most frequent terms (the table's first
    rows) and ``label_terms`` are labelled; adjustText moves the labels apart with a fixed
    number of iterations and no time limit, so the layout is the same on every run.
    ``outlets`` [the two compared] are all the study's outlets, so that both keep the
    colours they have in the other figures.
    """
    if rates.empty:
        return no_data_figure("Term frequencies")
    outlet_x, outlet_y = str(rates["outlet_x"].iloc[0]), str(rates["outlet_y"].iloc[0])
    colours = outlet_palette([outlet_x, outlet_y] if outlets is None else outlets)
    points = rates.set_index("term")[["per_1k_x", "per_1k_y"]].set_axis(["x", "y"], axis=1)
    markers = rates.drop_duplicates(["per_1k_x", "per_1k_y"]).sort_values(["per_1k_x", "per_1k_y"])
    fig, axes = new_figure(1, 1, width=8.0, height=7.2)
    ax = axes[0, 0]
    handles = _draw_rate_markers(ax, markers, (outlet_x, colours[outlet_x]), (outlet_y, colours[outlet_y]))
    top = max(float(points["x"].max()), float(points["y"].max()), 1.0) * 1.1
    ax.plot([0, top], [0, top], linestyle="--", color="black", linewidth=0.8, zorder=1)
    ax.set_xlim(-top * 0.06, top)
    ax.set_ylim(-top * 0.06, top)
    ax.set_xlabel(f"{outlet_x}: per 1,000 word tokens")
    ax.set_ylabel(f"{outlet_y}: per 1,000 word tokens")
    ax.set_title(
        f"Term frequencies: {outlet_x} vs {outlet_y}\n"
        "dashed line: same rate; larger markers stand for more terms"
    )
    ax.legend(handles=handles, loc="upper left")
    extra = [t for t in label_terms if t in points.index]
    wanted = list(dict.fromkeys([*rates["term"].head(n_labels), *extra]))
    _label_terms(fig, ax, points, wanted, markers, top=top)
    return fig


def _draw_rate_markers(
    ax: Axes, markers: pd.DataFrame, x_outlet: tuple[str, str], y_outlet: tuple[str, str]
) -> list[Line2D]:
    """One marker per distinct pair of rates (``markers``: a row each, with ``n_same_rates``),
    shaped and coloured by the outlet using the terms more; returns the legend handles.
    ``x_outlet`` and ``y_outlet`` are (outlet, colour)."""
    x, y = markers["per_1k_x"], markers["per_1k_y"]
    kinds = (
        (y > x, y_outlet[1], "^", f"more in {y_outlet[0]}"),
        (y < x, x_outlet[1], "s", f"more in {x_outlet[0]}"),
        (y == x, "#999999", "o", "same rate in both"),
    )
    handles = []
    for mask, colour, marker, label in kinds:
        part = markers[mask]
        if part.empty:
            continue
        ax.scatter(
            part["per_1k_x"],
            part["per_1k_y"],
            s=14 + 22 * np.sqrt(part["n_same_rates"]),
            c=colour,
            marker=marker,
            edgecolors="black",
            linewidths=0.5,
            zorder=2,
        )
        handle = Line2D(
            [], [], linestyle="", marker=marker, markersize=7, color=colour, markeredgecolor="black"
        )
        handle.set_label(label)
        handles.append(handle)
    return handles


def _label_terms(
    fig: Figure, ax: Axes, points: pd.DataFrame, wanted: list[str], markers: pd.DataFrame, *, top: float
) -> None:
    """Label the ``wanted`` terms of ``points`` (index: term; ``x``, ``y``) on ``fig``'s
    ``ax`` and move the labels apart, off the ``markers``, with adjustText (axes from 0 to
    about ``top``).

    Terms sharing a point start as a column of labels beside it (one line apart, in the
    order of ``wanted``), so adjustText separates groups rather than untangling labels
    stacked on one spot. adjustText runs a fixed number of iterations with no time limit,
    so the layout is the same on every run.
    """
    from adjustText import adjust_text

    # one line of 8-point text, in data units
    line = top * 1.06 / (fig.get_size_inches()[1] * 0.8) * (8 * 1.35 / 72)
    texts, target_x, target_y = [], [], []
    for _, group in points.loc[wanted].groupby(["x", "y"], sort=True):
        px, py = float(group["x"].iloc[0]), float(group["y"].iloc[0])
        offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * line
        for term, dy in zip(sorted(group.index, key=wanted.index), offsets, strict=True):
            text = ax.text(px + line * 0.6, py + dy, term, fontsize=8, va="center", zorder=3)
            text.set_in_layout(False)
            texts.append(text)
            target_x.append(px)
            target_y.append(py)
    fig.canvas.draw()
    adjust_text(
        texts,
        x=markers["per_1k_x"].to_numpy(),
        y=markers["per_1k_y"].to_numpy(),
        target_x=target_x,
        target_y=target_y,
        ax=ax,
        iter_lim=300,
        time_lim=None,
        expand=(1.15, 1.4),
        force_text=(0.4, 0.6),
        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5},
    )


def plot_dispersion(dispersion: pd.DataFrame, key_terms: Iterable[str], *, max_documents: int = 12) -> Figure:
    """Where each key term occurs in each article: one panel per document, one row per term.

    ``dispersion`` is :func:`research_utils.analyse.measure_dispersion`'s table; x is the
    position in the article from 0 (first token) to 1 (last token).
    """
    terms = [str(t) for t in key_terms]
    docs = dispersion[["doc_id", "outlet"]].drop_duplicates().sort_values("doc_id")
    if len(docs) > max_documents:
        raise ResearchUtilsError(
            f"{len(docs)} documents: a dispersion plot shows at most {max_documents}; select documents first"
        )
    colours = outlet_palette(docs["outlet"])
    fig, axes = new_figure(
        len(docs), 1, width=7.5, height=(0.28 * len(terms) + 0.8) * len(docs) + 0.5, sharex=True
    )
    rows = {term: i for i, term in enumerate(reversed(terms))}
    for ax, (doc_id, outlet) in zip(axes[:, 0], docs.itertuples(index=False, name=None), strict=True):
        hits = dispersion[(dispersion["doc_id"] == doc_id) & dispersion["term"].isin(terms)]
        ax.scatter(
            hits["position"],
            hits["term"].map(rows),
            marker="|",
            s=260,
            linewidths=2.2,
            color=colours[str(outlet)],
            zorder=2,
        )
        for row in rows.values():
            ax.axhline(row, color="#DDDDDD", linewidth=0.6, zorder=1)
        ax.set_yticks(list(rows.values()), list(rows))
        ax.set_ylim(-0.6, len(terms) - 0.4)
        ax.set_xlim(-0.02, 1.02)
        ax.set_title(f"{outlet} ({doc_id})", loc="left", fontsize=10)
        ax.set_ylabel("term")
    axes[-1, 0].set_xlabel("position in the article (0 = first token, 1 = last token)")
    fig.suptitle("Where the key terms occur in each article")
    return fig
