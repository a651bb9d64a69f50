"""Figures of tone: sentence scores per outlet (tone along the articles: :mod:`.flow`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import (
    MAX_HEIGHT,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    outlet_list,
    styles_for,
)

#: Above this many sentences an outlet's row shows their distribution (a mirrored histogram
#: of :data:`BINS` bins over −1 to 1) instead of one point each: the figure then costs the same
#: at a million sentences as at two thousand, and shows where the scores lie, not an ink blot.
MANY_POINTS = 2_000
#: Bins of the histogram rows.
BINS = 100


def plot_tone(tone: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Each sentence's VADER compound score, one row of points per outlet (its number of
    sentences in the row's label), with the outlet's mean (black diamond) and VADER's
    neutral band (−0.05 to 0.05, shaded). An outlet of more than :data:`MANY_POINTS`
    sentences gets their distribution instead: a histogram of :data:`BINS` bins mirrored
    about the row, bar heights the square root of the counts (so the many sentences at
    exactly 0 do not flatten the rest), the tallest bin the row's full height; the title
    says so.

    ``tone`` is the ``tone`` table; outlets are those of ``styles`` (the study's, in its
    order; default: the table's, sorted), an outlet without scored sentences says so. The
    mean marks the centre of the points drawn, as a box plot marks their median: it is
    taken from the same scores, unrounded, where
    :func:`research_utils.analyse.summarize_tone` reports it to four decimals. Points are
    spread vertically by a fixed-seed jitter, so the figure is the same each run.
    """
    chosen = styles_for(styles, tone["outlet"].astype(str).unique())
    outlets = list(chosen)
    rng = np.random.default_rng(20210318)
    row_height = min(0.9, (MAX_HEIGHT - 1.6) / max(1, len(outlets)))
    with figure_style():
        fig, axes = new_figure(1, 1, width=7.6, height=row_height * len(outlets) + 1.6)
        ax = axes[0, 0]
        ax.axvspan(-0.05, 0.05, color="#E6E6E6", zorder=0)
        ticks = []
        for k, outlet in enumerate(outlets):
            style, row = chosen[outlet], len(outlets) - 1 - k
            scores = tone.loc[tone["outlet"] == outlet, "compound"].to_numpy(float)
            _draw_scores(ax, scores, row, style, rng)
            ticks.append(outlet)
            label = f"n={len(scores)}" if len(scores) else "no sentences scored"
            ax.text(-1.03, row + 0.3, label, fontsize=7, color="#555555", va="center")
            if len(scores):
                mean = float(scores.mean())
                ax.scatter([mean], [row], s=90, marker="D", color="black", zorder=3)
                ax.text(mean, row + 0.34, f"mean {mean:+.2f}", ha="center", fontsize=8)
        ax.set_yticks(range(len(outlets)), ticks[::-1], fontsize=8 if len(outlets) > 8 else 10)
        ax.set_ylim(-0.6, len(outlets) - 0.4 + 0.25)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("VADER compound score per sentence (−1 most negative, +1 most positive)")
        many = [o for o in outlets if int((tone["outlet"] == o).sum()) > MANY_POINTS]
        shape = (
            f"\nrows of over {MANY_POINTS:,} sentences: their distribution (bins of {2 / BINS:g};\n"
            "height: square root of the count, relative to the row's largest bin)"
            if many
            else ""
        )
        ax.set_title(
            "Sentence tone per outlet (VADER compound score)\n"
            "VADER was built for social media: read as word valence, not as stance" + shape
        )
        handles = [
            Patch(color="#E6E6E6", label="VADER neutral band (±0.05)"),
            Line2D([], [], linestyle="", marker="D", color="black", label="outlet mean"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    text = (
        f"VADER compound score of every sentence, one row per outlet with its mean: "
        f"{outlet_list(outlets)}"
        + (f"; as a histogram for the {len(many)} with over {MANY_POINTS:,} sentences." if many else ".")
    )
    return describe(fig, text)


def _draw_scores(
    ax: Axes, scores: np.ndarray, row: int, style: OutletStyle, rng: np.random.Generator
) -> None:
    """One outlet's row: a point per score (jittered), or above :data:`MANY_POINTS` scores a
    histogram mirrored about the row, heights the square root of the counts (the spike at 0
    leaves the rest visible), the tallest bin the row's full height."""
    if len(scores) > MANY_POINTS:
        counts, edges = np.histogram(scores, bins=BINS, range=(-1.0, 1.0))
        half = 0.3 * np.sqrt(counts / counts.max())
        ax.stairs(row + half, edges, baseline=row - half, fill=True, color=style.colour, zorder=2)
        ax.stairs(row + half, edges, baseline=row - half, color="black", linewidth=0.4, zorder=2)
        return
    ax.scatter(
        scores,
        row + rng.uniform(-0.22, 0.22, len(scores)),
        s=30,
        color=style.colour,
        marker=style.marker,
        edgecolors="black",
        linewidths=0.5,
        zorder=2,
    )
