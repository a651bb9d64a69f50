"""The term scatter: each term's rate in one outlet against another, or against all others."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..analyse.profiles import OTHERS
from .layout import cut_with_ties, hide_unused_axes, name_list, panel_grid
from .style import (
    NEUTRAL,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    no_data_figure,
    styles_for,
)

#: Labels per panel when a figure has several panels (one has ``n_labels``).
PANEL_LABELS = 8
#: Above this many markers in a panel, they are rasterised (in the SVG too): a large
#: vocabulary would otherwise make an SVG of megabytes.
MANY_MARKERS = 500


def _pairs(rates: pd.DataFrame, styles: Mapping[str, OutletStyle]) -> list[tuple[str, str]]:
    """The (outlet_x, outlet_y) pairs of ``rates``, outlet_x in the study's order."""
    pairs = rates[["outlet_x", "outlet_y"]].astype(str).drop_duplicates()
    rank = {o: k for k, o in enumerate(styles)}
    return sorted(pairs.itertuples(index=False, name=None), key=lambda p: (rank.get(p[0], len(rank)), p[1]))


def plot_term_scatter(
    rates: pd.DataFrame,
    *,
    n_labels: int = 25,
    label_terms: Iterable[str] = (),
    max_cols: int = 3,
    styles: Styles | None = None,
) -> Figure:
    """Each term's rate in one outlet against another (per 1,000 word tokens): one panel
    per pair of ``rates``.

    ``rates`` is :func:`research_utils.analyse.compare_term_rates`'s table (one pair: one
    panel; the title names the pair and a note names the study's other outlets, not drawn)
    or :func:`research_utils.analyse.compare_rates_to_others`'s (every outlet against all
    the others pooled: one panel per outlet, wrapping within the size limit). Terms above
    the diagonal are relatively more frequent in ``outlet_y`` (triangles, its colour; grey
    for all other outlets), below it in ``outlet_x`` (squares), on it equally (grey
    circles); a marker stands for every term with its two rates, larger the more. Labels:
    the most frequent terms (at most ``n_labels`` with one panel, :data:`PANEL_LABELS` with
    several; terms tied at the cut all or none) and ``label_terms``, moved apart by
    adjustText (a fixed number of iterations: the same layout on every run).
    """
    if rates.empty:
        return no_data_figure("Term frequencies", reason="no term rates to compare")
    named = {*rates["outlet_x"].astype(str).unique(), *rates["outlet_y"].astype(str).unique()} - {OTHERS}
    chosen = styles_for(styles, named)
    pairs = _pairs(rates, chosen)
    left_out = [o for o in chosen if o not in {o for pair in pairs for o in pair}]
    one = len(pairs) == 1
    grid = panel_grid(
        len(pairs),
        rows=1,
        row_height=6.6 if one else 3.9,
        panel_width=8.0 if one else 4.6,
        panel_extra=0.6,
        max_cols=max_cols,
        top=1.0,
    )
    with figure_style():
        fig, axes = new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height)
        labels = [
            _draw_pair(
                ax,
                rates[(rates["outlet_x"] == x) & (rates["outlet_y"] == y)],
                chosen,
                (x, y),
                n_labels=n_labels if one else PANEL_LABELS,
                label_terms=label_terms,
                small=not one,
            )
            for ax, (x, y) in zip(axes.flat, pairs, strict=False)
        ]
        hide_unused_axes(axes, len(pairs))
        note = f"\nnot drawn: {name_list(left_out)} (this figure compares two outlets)" if left_out else ""
        title = (
            f"Term frequencies: {pairs[0][0]} vs {pairs[0][1]}" if one else "Term frequencies: each outlet"
        )
        fig.suptitle(
            f"{title}\ndashed line: same rate; larger markers stand for more terms{note}", fontsize=11
        )
        _label_panels(fig, axes, labels, fontsize=8 if one else 7)
    text = (
        "Each term's rate per 1,000 word tokens in " + "; ".join(f"{x} against {y}" for x, y in pairs) + "."
    )
    return describe(fig, text, omitted={o: "not one of the outlets compared" for o in left_out})


def _label_panels(fig: Figure, axes: np.ndarray, labels: list, *, fontsize: float) -> None:
    """Label every panel (``labels``: what :func:`_draw_pair` returned for each), once the
    layout is final; each panel alone, so adjustText redraws one panel, not all."""
    fig.draw_without_rendering()  # final axes positions, for the labels' line height
    fig.set_layout_engine("none")  # keep them: labels are outside the layout anyway
    for ax, (points, wanted, markers, top) in zip(axes.flat, labels, strict=False):
        with _alone(fig, ax):
            iterations = 300 if len(labels) == 1 else 100  # a small panel has few labels
            _label_terms(fig, ax, points, wanted, markers, top=top, fontsize=fontsize, iterations=iterations)


@contextlib.contextmanager
def _alone(fig: Figure, ax: Axes) -> Iterator[None]:
    """Hide every other axes of ``fig`` meanwhile: adjustText redraws the figure on every
    call, which at 30 panels costs seconds each."""
    others = [a for a in fig.axes if a is not ax and a.get_visible()]
    for other in others:
        other.set_visible(False)
    try:
        yield
    finally:
        for other in others:
            other.set_visible(True)


def _draw_pair(
    ax: Axes,
    rates: pd.DataFrame,
    styles: Mapping[str, OutletStyle],
    pair: tuple[str, str],
    *,
    n_labels: int,
    label_terms: Iterable[str],
    small: bool,
) -> tuple[pd.DataFrame, list[str], pd.DataFrame, float]:
    """One panel: the markers of ``rates`` (one pair of outlets, or an outlet and all
    others), the diagonal, labels and legend. Returns what labelling needs: the points
    (index: term; ``x``, ``y``), the terms to label (the ``n_labels`` first rows and
    ``label_terms``), the markers, and the axes' top."""
    outlet_x, outlet_y = pair
    colour = {o: styles[o].colour if o in styles else NEUTRAL for o in pair}
    points = rates.set_index("term")[["per_1k_x", "per_1k_y"]].set_axis(["x", "y"], axis=1)
    markers = rates.drop_duplicates(["per_1k_x", "per_1k_y"]).sort_values(["per_1k_x", "per_1k_y"])
    handles = _draw_rate_markers(
        ax, markers, (outlet_x, colour[outlet_x]), (outlet_y, colour[outlet_y]), small=small
    )
    top = max(float(points["x"].max()), float(points["y"].max()), 1.0) * 1.1
    ax.plot([0, top], [0, top], linestyle="--", color="black", linewidth=0.8, zorder=1)
    ax.set_xlim(-top * 0.06, top)
    ax.set_ylim(-top * 0.06, top)
    size = 8 if small else 10
    ax.set_xlabel(f"{outlet_x}: per 1,000 word tokens", fontsize=size)
    ax.set_ylabel(f"{outlet_y}: per 1,000 word tokens", fontsize=size)
    if small:
        ax.set_title(f"{outlet_x} vs {outlet_y}", fontsize=9)
    ax.legend(handles=handles, loc="upper left", fontsize=7 if small else 10)
    extra = [t for t in label_terms if t in points.index]
    frequent = cut_with_ties(rates, rates["freq"], rates["term"], n_labels, limit=n_labels).kept["term"]
    return points, list(dict.fromkeys([*frequent, *extra])), markers, top


def _draw_rate_markers(
    ax: Axes, markers: pd.DataFrame, x_outlet: tuple[str, str], y_outlet: tuple[str, str], *, small: bool
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
            s=(6 if small else 14) + 22 * np.sqrt(part["n_same_rates"]),
            c=colour,
            marker=marker,
            edgecolors="black",
            linewidths=0.5,
            zorder=2,
            rasterized=len(markers) > MANY_MARKERS,
        )
        handle = Line2D(
            [], [], linestyle="", marker=marker, markersize=7, color=colour, markeredgecolor="black"
        )
        handle.set_label(label)
        handles.append(handle)
    return handles


def _label_terms(
    fig: Figure,
    ax: Axes,
    points: pd.DataFrame,
    wanted: list[str],
    markers: pd.DataFrame,
    *,
    top: float,
    fontsize: float,
    iterations: int = 300,
) -> None:
    """Label the ``wanted`` terms of ``points`` (index: term; ``x``, ``y``) on ``fig``'s
    ``ax`` and move the labels apart, off the ``markers``, with adjustText (axes from 0 to
    about ``top``).

    Terms sharing a point start as a column of labels beside it (one line apart, in the
    order of ``wanted``), so adjustText separates groups rather than untangling labels
    stacked on one spot. adjustText runs a fixed number of ``iterations`` with no time
    limit, so the layout is the same on every run.
    """
    from adjustText import adjust_text

    # one line of text, in data units
    height = ax.get_position().height * fig.get_size_inches()[1]
    line = top * 1.06 / max(height, 1.0) * (fontsize * 1.35 / 72)
    texts, target_x, target_y = [], [], []
    for _, group in points.loc[wanted].groupby(["x", "y"], sort=True):
        px, py = float(group["x"].iloc[0]), float(group["y"].iloc[0])
        offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * line
        for term, dy in zip(sorted(group.index, key=wanted.index), offsets, strict=True):
            text = ax.text(px + line * 0.6, py + dy, term, fontsize=fontsize, va="center", zorder=3)
            text.set_in_layout(False)
            texts.append(text)
            target_x.append(px)
            target_y.append(py)
    if not texts:
        return
    obstacles = _obstacles(markers, top)
    adjust_text(
        texts,
        x=obstacles[:, 0],
        y=obstacles[:, 1],
        target_x=target_x,
        target_y=target_y,
        ax=ax,
        iter_lim=iterations,
        time_lim=None,
        expand=(1.15, 1.4),
        force_text=(0.4, 0.6),
        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5},
    )


def _obstacles(markers: pd.DataFrame, top: float, *, cells: int = 250) -> np.ndarray:
    """The markers labels must avoid, one per occupied cell of a ``cells`` × ``cells`` grid
    over the axes (a cell is about a marker wide): thousands of rare terms piled near zero
    repel a label as much as one marker there does, and adjustText's time grows with the
    points it is given. Returns an (n, 2) array of x, y in data units, in grid order."""
    xy = markers[["per_1k_x", "per_1k_y"]].to_numpy(dtype=float)
    if not len(xy):
        return xy.reshape(0, 2)
    cell = np.floor(xy / (top / cells)).astype(np.int64)
    _, first = np.unique(cell, axis=0, return_index=True)
    return xy[np.sort(first)]
