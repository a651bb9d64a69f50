"""Figures of discovered topics: top terms per topic, and each outlet's share of each topic."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .layout import grid_shape, hide_unused_axes
from .style import NEUTRAL, Styles, describe, figure_style, new_figure, no_data_figure, styles_for

#: Topic panels per row.
MAX_COLS = 4


def plot_topic_terms(topics: pd.DataFrame) -> Figure:
    """Small multiples, one panel per topic: its top terms as bars of their weight (the
    term's share of the topic), heaviest on top. ``topics`` is the ``topics`` table."""
    names = list(dict.fromkeys(topics["topic"].astype(str)))
    if not names:
        return no_data_figure("Discovered topics", reason="no topics")
    n_terms = int(topics.groupby("topic")["rank"].max().max())
    nrows, ncols = grid_shape(len(names), MAX_COLS)
    with figure_style():
        fig, axes = new_figure(
            nrows, ncols, width=3.2 * ncols + 0.5, height=(0.22 * n_terms + 0.9) * nrows + 0.6
        )
        for ax, name in zip(axes.flat, names, strict=False):
            rows = topics[topics["topic"].astype(str) == name].sort_values("rank")
            y = np.arange(len(rows))
            ax.barh(y, rows["weight"].to_numpy(float), color=NEUTRAL, edgecolor="black", linewidth=0.5)
            ax.set_yticks(y, rows["term"].astype(str).tolist(), fontsize=8)
            ax.invert_yaxis()
            ax.set_title(name, fontsize=10)
            ax.tick_params(axis="x", labelsize=7)
        hide_unused_axes(axes, len(names))
        fig.suptitle("Discovered topics: top terms (bar: the term's share of the topic's weight)")
    return describe(
        fig,
        f"Top {n_terms} terms of each of {len(names)} topics found by a topic model of the corpus "
        "(research-utils discover), heaviest first. Topics are candidates for frames, not frames.",
    )


def plot_topic_shares(shares: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Heat map of outlet × topic: the share of each outlet's units whose strongest topic it
    is (``topic_shares``), every outlet of ``styles`` (the study's order; default: the
    table's, sorted) and the pooled ``all`` row, each cell labelled."""
    table = shares[shares["outlet"].astype(str) != "all"]
    outlets = [*styles_for(styles, table["outlet"].astype(str).unique()), "all"]
    names = list(dict.fromkeys(shares["topic"].astype(str)))
    if not names:
        return no_data_figure("Topics per outlet", reason="no topics")
    matrix = (
        shares.astype({"outlet": str, "topic": str})
        .pivot(index="outlet", columns="topic", values="share")
        .reindex(index=outlets, columns=names)
    )
    with figure_style():
        fig, axes = new_figure(
            1, 1, width=1.0 * len(names) + 2.5, height=0.4 * len(outlets) + 1.6, layout="constrained"
        )
        ax = axes[0, 0]
        values = matrix.to_numpy(float)
        ax.imshow(np.nan_to_num(values), cmap="Greys", vmin=0, vmax=max(1e-9, np.nanmax(values)) * 1.25)
        for (i, j), value in np.ndenumerate(values):
            ax.text(j, i, "–" if np.isnan(value) else f"{value:.0%}", ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
        ax.set_yticks(range(len(outlets)), outlets, fontsize=8)
        ax.set_title("Share of each outlet's units whose strongest topic it is")
    return describe(
        fig,
        f"For each of {len(outlets) - 1} outlet(s) and all pooled, the share of its units "
        f"(sentences or paragraphs) whose strongest topic is each of the {len(names)} topics.",
    )
