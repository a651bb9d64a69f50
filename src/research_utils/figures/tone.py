"""Figures of tone: sentence scores per outlet (tone along the articles: :mod:`.flow`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import MAX_HEIGHT, Styles, describe, figure_style, new_figure, outlet_list, styles_for

#: Above this many points in a row, points are drawn translucent and rasterised (in the SVG
#: too), so a large corpus gives a density rather than a file of a million shapes.
MANY_POINTS = 2_000


def plot_tone(tone: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Each sentence's VADER compound score, one row of points per outlet (its number of
    sentences in the row's label), with the outlet's mean (black diamond) and VADER's
    neutral band (−0.05 to 0.05, shaded).

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
            many = len(scores) > MANY_POINTS
            ax.scatter(
                scores,
                row + rng.uniform(-0.22, 0.22, len(scores)),
                s=8 if many else 30,
                color=style.colour,
                marker=style.marker,
                edgecolors="none" if many else "black",
                linewidths=0.5,
                alpha=0.15 if many else 1.0,
                zorder=2,
                rasterized=many,
            )
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
        ax.set_title(
            "Sentence tone per outlet (VADER compound score)\n"
            "VADER was built for social media: read as word valence, not as stance"
        )
        handles = [
            Patch(color="#E6E6E6", label="VADER neutral band (±0.05)"),
            Line2D([], [], linestyle="", marker="D", color="black", label="outlet mean"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    text = (
        f"VADER compound score of every sentence, one row of points per outlet with its mean: "
        f"{outlet_list(outlets)}."
    )
    return describe(fig, text)
