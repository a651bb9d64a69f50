"""One bar figure for rows × outlets tables (frames, actors, reporting verbs, source types).

Up to :data:`MAX_GROUPED_OUTLETS` outlets: grouped bars in one panel (each outlet's colour
and hatch, a legend); more: one panel per outlet, wrapping within the size limits. Every
outlet of the study's ``styles`` is drawn, also one without a row in the table, with a
visible note (``missing``) instead of bars.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter

from .layout import hide_unused_axes, panel_grid
from .style import (
    BAR_LABEL_PADDING,
    MAX_HEIGHT,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    outlet_list,
    styles_for,
)

#: Above this many outlets the bar figures draw small multiples, one panel per outlet:
#: rows of many thin bars cannot be read.
MAX_GROUPED_OUTLETS = 4
#: Panel size of the small multiples, in inches: width, and height besides the rows.
PANEL_WIDTH, PANEL_EXTRA, PANEL_SIDE = 3.3, 0.8, 2.4


def bar_rows_that_fit(n_outlets: int, n_rows: int, *, row_height: float) -> int:
    """How many of ``n_rows`` rows a bar figure of ``n_outlets`` outlets has room for."""
    if n_outlets <= MAX_GROUPED_OUTLETS:
        return max(1, min(n_rows, int((MAX_HEIGHT - 1.6) // (row_height * max(2, n_outlets)))))
    return panel_grid(
        n_outlets,
        rows=n_rows,
        row_height=0.2,
        panel_width=PANEL_WIDTH,
        panel_extra=PANEL_EXTRA,
        side=PANEL_SIDE,
    ).rows


def _grouped_bars(
    ax: Axes, values: pd.DataFrame, texts: pd.DataFrame, styles: Mapping[str, OutletStyle]
) -> None:
    """Grouped horizontal bars: a group per row of ``values`` (top row first), a bar per
    outlet of ``styles`` with a column in ``values``, labelled with the cell of ``texts``."""
    outlets = [o for o in styles if o in values.columns]
    y = np.arange(len(values))[::-1].astype(float)
    height = 0.8 / max(1, len(outlets))
    for k, outlet in enumerate(outlets):
        style = styles[outlet]
        bars = ax.barh(
            y + 0.4 - height * (k + 0.5),
            values[outlet].to_numpy(),
            height=height * 0.92,
            color=style.colour,
            hatch=style.hatch,
            edgecolor="black",
            linewidth=0.6,
            label=outlet,
        )
        ax.bar_label(bars, labels=list(texts[outlet]), padding=BAR_LABEL_PADDING, fontsize=7.5)
    ax.set_yticks(y, [str(label) for label in values.index])


def _grouped_figure(
    values: pd.DataFrame,
    texts: pd.DataFrame,
    styles: dict[str, OutletStyle],
    *,
    title: str,
    xlabel: str,
    xmax: float,
    width: float,
    row_height: float,
    formatter: Formatter | None,
    missing: str,
) -> Figure:
    """Grouped bars in one panel, with a legend naming every outlet (those without a
    column marked ``missing``)."""
    with figure_style():
        height = row_height * len(values) * max(2, len(styles)) + 1.6
        fig, axes = new_figure(1, 1, width=width, height=height)
        ax = axes[0, 0]
        _grouped_bars(ax, values, texts, styles)
        ax.set_xlim(0, xmax)
        if formatter is not None:
            ax.xaxis.set_major_formatter(formatter)
        else:
            ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        handles = [
            Patch(facecolor=s.colour, hatch=s.hatch, edgecolor="black", label=o)
            if o in values.columns
            else Patch(facecolor="white", edgecolor="#777777", label=f"{o}: {missing}")
            for o, s in styles.items()
        ]
        ax.legend(handles=handles, loc="lower right")
    return fig


def _panels_figure(
    values: pd.DataFrame,
    texts: pd.DataFrame,
    styles: dict[str, OutletStyle],
    *,
    title: str,
    xlabel: str,
    xmax: float,
    formatter: Formatter | None,
    missing: str,
) -> Figure:
    """Small multiples of horizontal bars: one panel per outlet of ``styles``, the same
    rows and x scale in every panel; an outlet without a column shows ``missing``."""
    outlets = list(styles)
    grid = panel_grid(
        len(outlets),
        rows=len(values),
        row_height=0.2,
        panel_width=PANEL_WIDTH,
        panel_extra=PANEL_EXTRA,
        side=PANEL_SIDE,
    )
    y = np.arange(len(values))[::-1]
    with figure_style():
        fig, axes = new_figure(
            grid.nrows, grid.ncols, width=grid.width, height=grid.height, sharex=True, sharey=True
        )
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            style = styles[outlet]
            ax.set_title(outlet, fontsize=10)
            ax.set_xlim(0, xmax)
            if formatter is not None:
                ax.xaxis.set_major_formatter(formatter)
            if outlet not in values.columns:
                ax.text(
                    0.5,
                    0.5,
                    missing,
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#555555",
                    bbox={"facecolor": "white", "edgecolor": "#999999"},
                )
                continue
            bars = ax.barh(
                y,
                values[outlet].to_numpy(),
                height=0.7,
                color=style.colour,
                hatch=style.hatch,
                edgecolor="black",
                linewidth=0.5,
            )
            ax.bar_label(bars, labels=list(texts[outlet]), padding=BAR_LABEL_PADDING, fontsize=7)
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
    about: str,
    width: float = 7.8,
    row_height: float = 0.22,
    formatter: Formatter | None = None,
    styles: Styles | None = None,
    missing: str = "no data",
    omitted: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars of ``values``: one row per row (top to bottom, named by the index),
    one bar per outlet (column), each labelled with the same cell of ``texts``.

    Outlets are those of ``styles`` (the study's, in its order) and any other column; an
    outlet without a column is drawn with the note ``missing``. Grouped bars up to
    :data:`MAX_GROUPED_OUTLETS` outlets, one panel per outlet above. The x axis runs from
    0 to ``xmax``. ``about`` (what the figure shows) and ``omitted`` (rows left out, and
    why) make the figure's description.
    """
    chosen = styles_for(styles, values.columns)
    if len(chosen) > MAX_GROUPED_OUTLETS:
        fig = _panels_figure(
            values, texts, chosen, title=title, xlabel=xlabel, xmax=xmax, formatter=formatter, missing=missing
        )
    else:
        fig = _grouped_figure(
            values,
            texts,
            chosen,
            title=title,
            xlabel=xlabel,
            xmax=xmax,
            width=width,
            row_height=row_height,
            formatter=formatter,
            missing=missing,
        )
    absent = [o for o in chosen if o not in values.columns]
    text = f"{about} Outlets: {outlet_list(chosen)}." + (
        f" {', '.join(absent)}: {missing}." if absent else ""
    )
    return describe(fig, text, omitted=omitted)
