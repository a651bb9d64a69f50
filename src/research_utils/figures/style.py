"""Figures: one outlet palette, one style, deterministic PNG + SVG files.

Every figure function takes the table it draws and returns a matplotlib ``Figure``;
:func:`save_figure` writes it as ``NAME.png`` (200 dpi) and ``NAME.svg`` with no dates or
random ids in the files, so regenerating an unchanged figure leaves ``git status`` clean.

Colours come from the Okabe–Ito palette (colour-blind safe), assigned to outlets in
sorted order, and every outlet also gets a hatch pattern, so figures stay readable
printed in greyscale.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter
from matplotlib.typing import RcKeyType

from ..config import FIGURES_DIR
from ..files import write_atomic

DPI = 200
#: Okabe & Ito (2008) colours, ordered so neighbours differ strongly in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
STYLE: dict[RcKeyType, Any] = {
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
    with mpl.rc_context(STYLE):
        yield


def save_figure(fig: Figure, name: str, figures_dir: str | Path = FIGURES_DIR) -> tuple[Path, Path]:
    """Write ``fig`` as ``NAME.png`` (200 dpi) and ``NAME.svg``, atomically and reproducibly.

    Returns the two paths. Metadata that would change between runs (creation date,
    software version string) is left out.
    """
    folder = Path(figures_dir)
    paths = []
    with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            path = folder / f"{name}.{fmt}"
            save = functools.partial(fig.savefig, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight")
            write_atomic(path, save)
            paths.append(path)
    return paths[0], paths[1]


#: How a figure places its axes (matplotlib's layout engines).
Layout = Literal["constrained", "compressed", "tight"]

#: Gap between a bar's end and its label, in points (about one space of the label font).
BAR_LABEL_PADDING = 2.5

#: Markers and line styles that tell outlets apart without colour (outlet k gets item k).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")

#: Above this many outlets the grouped-bar figures (frames, actors, reporting verbs) draw
#: small multiples, one panel per outlet: colours and hatches repeat after eight outlets,
#: and rows of many thin bars cannot be read.
MAX_GROUPED_OUTLETS = 4


def new_figure(
    nrows: int,
    ncols: int,
    *,
    width: float,
    height: float,
    layout: Layout = "constrained",
    sharex: bool = False,
    sharey: bool = False,
) -> tuple[Figure, np.ndarray]:
    """A figure of ``width`` × ``height`` inches with an Agg canvas (no pyplot state) and
    its ``nrows`` × ``ncols`` axes as a 2-d array (also for a single axes).

    Figure and axes are made in :func:`figure_style`; what is drawn on them later takes the
    style only if it is drawn inside ``with figure_style():`` as well.
    """
    with figure_style():
        fig = Figure(figsize=(width, height), layout=layout)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, sharex=sharex, sharey=sharey)
    return fig, axes


def grid_shape(n_panels: int, max_cols: int) -> tuple[int, int]:
    """Rows and columns of a grid of ``n_panels`` panels, at most ``max_cols`` per row."""
    ncols = max(1, min(n_panels, max_cols))
    return -(-n_panels // ncols), ncols


def hide_unused_axes(axes: np.ndarray, n_used: int) -> None:
    """Hide every axes of the grid ``axes`` after the first ``n_used`` (row by row)."""
    for ax in axes.flat[n_used:]:
        ax.set_visible(False)


def no_data_figure(title: str) -> Figure:
    """A small figure saying there is nothing to draw (instead of an error on empty tables)."""
    with figure_style():
        fig, axes = new_figure(1, 1, width=6.0, height=1.6)
        ax = axes[0, 0]
        ax.text(0.5, 0.5, "no data to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
    return fig


def _grouped_positions(n_rows: int, outlets: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    """Row centres (top row first) and each outlet's bar positions within the rows."""
    y = np.arange(n_rows)[::-1].astype(float)
    height = 0.8 / max(1, len(outlets))
    return y, {o: y + 0.4 - height * (k + 0.5) for k, o in enumerate(outlets)}, height


def _grouped_bars(ax: Axes, values: pd.DataFrame, texts: pd.DataFrame) -> np.ndarray:
    """Grouped horizontal bars: a group per row of ``values``, a bar per outlet (column) in
    its colour and hatch, labelled at its end with the cell of ``texts``. Returns the row
    centres, top row first."""
    outlets = sorted(values.columns)
    colours, hatches = outlet_palette(outlets), outlet_hatches(outlets)
    y, positions, height = _grouped_positions(len(values), outlets)
    for outlet in outlets:
        bars = ax.barh(
            positions[outlet],
            values[outlet].to_numpy(),
            height=height * 0.92,
            color=colours[outlet],
            hatch=hatches[outlet],
            edgecolor="black",
            linewidth=0.6,
            label=outlet,
        )
        ax.bar_label(bars, labels=list(texts[outlet]), padding=BAR_LABEL_PADDING, fontsize=7.5)
    return y


def _outlet_panels_figure(
    values: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    xmax: float,
    formatter: Formatter | None = None,
    max_cols: int = 3,
) -> Figure:
    """Small multiples of horizontal bars: one panel per outlet (column of ``values``,
    sorted), the same rows and x scale in every panel, each bar labelled with its text."""
    outlets = sorted(values.columns)
    colours, hatches = outlet_palette(outlets), outlet_hatches(outlets)
    nrows, ncols = grid_shape(len(outlets), max_cols)
    y = np.arange(len(values))[::-1]
    with figure_style():
        fig, axes = new_figure(
            nrows,
            ncols,
            width=3.3 * ncols + 2.4,
            height=(0.2 * len(values) + 0.8) * nrows + 1.0,
            sharex=True,
            sharey=True,
        )
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            bars = ax.barh(y, values[outlet].to_numpy(), height=0.7, color=colours[outlet],
                           hatch=hatches[outlet], edgecolor="black", linewidth=0.5)  # fmt: skip
            ax.bar_label(bars, labels=list(texts[outlet]), padding=BAR_LABEL_PADDING, fontsize=7)
            ax.set_title(outlet, fontsize=10)
            ax.set_xlim(0, xmax)
            if formatter is not None:
                ax.xaxis.set_major_formatter(formatter)
        axes[0, 0].set_yticks(y, [str(label) for label in values.index])
        for ax in axes[:, 0]:
            ax.tick_params(axis="y", labelsize=8)
        hide_unused_axes(axes, len(outlets))
        fig.supxlabel(xlabel, fontsize=9)
        fig.suptitle(f"{title}\n(one panel per outlet: {len(outlets)} outlets)", fontweight="bold")
    return fig


def outlet_bar_figure(
    values: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    xmax: float,
    width: float = 7.8,
    row_height: float = 0.22,
    formatter: Formatter | None = None,
) -> Figure:
    """Horizontal bars of ``values``: one row per row (top to bottom, named by the index),
    one bar per outlet (column), each labelled with the same cell of ``texts``.

    Up to :data:`MAX_GROUPED_OUTLETS` outlets: grouped bars in one panel (colour + hatch,
    legend); above that: one panel per outlet. The x axis runs from 0 to ``xmax``.
    """
    outlets = sorted(values.columns)
    if len(outlets) > MAX_GROUPED_OUTLETS:
        return _outlet_panels_figure(
            values, texts, title=title, xlabel=xlabel, xmax=xmax, formatter=formatter
        )
    with figure_style():
        height = row_height * len(values) * max(2, len(outlets)) + 1.3
        fig, axes = new_figure(1, 1, width=width, height=height)
        ax = axes[0, 0]
        y = _grouped_bars(ax, values, texts)
        ax.set_yticks(y, [str(label) for label in values.index])
        ax.set_xlim(0, xmax)
        if formatter is not None:
            ax.xaxis.set_major_formatter(formatter)
        else:
            ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(loc="lower right")
    return fig


def documents_to_show(documents: pd.DataFrame, max_documents: int) -> tuple[pd.DataFrame, str]:
    """The documents a one-panel-per-article figure draws (the first ``max_documents`` in
    outlet, doc_id order) and a title note when some are left out."""
    docs = documents.sort_values(["outlet", "doc_id"], kind="stable")
    if len(docs) <= max_documents:
        return docs, ""
    return docs.head(max_documents), f" (first {max_documents} of {len(docs)} articles)"
