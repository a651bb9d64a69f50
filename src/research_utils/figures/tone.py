"""Figures of tone: sentence scores per outlet, and tone along each article."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .style import (
    LINESTYLES,
    MARKERS,
    documents_to_show,
    figure_style,
    new_figure,
    no_data_figure,
    outlet_palette,
)


def plot_tone(tone: pd.DataFrame) -> Figure:
    """Each sentence's VADER compound score, one row of points per outlet, with the
    outlet's mean (black diamond) and VADER's neutral band (−0.05 to 0.05, shaded).

    ``tone`` is the ``tone`` table. The mean marks the centre of the points drawn, as a box
    plot marks their median: it is taken from the same scores, unrounded, where
    :func:`research_utils.analyse.summarize_tone` reports it to four decimals. Points are
    spread vertically by a fixed-seed jitter, so the figure is the same each run.
    """
    outlets = sorted(tone["outlet"].astype(str).unique())
    colours = outlet_palette(outlets)
    rng = np.random.default_rng(20210318)
    with figure_style():
        fig, axes = new_figure(1, 1, width=7.6, height=0.9 * len(outlets) + 1.4)
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
                marker=MARKERS[k % len(MARKERS)],
                edgecolors="black",
                linewidths=0.5,
                zorder=2,
                label=f"{outlet} (n={len(scores)})",
            )
            if len(scores):
                mean = float(scores.mean())
                ax.scatter(
                    [mean],
                    [row],
                    s=90,
                    marker="D",
                    color="black",
                    zorder=3,
                    label="outlet mean" if k == 0 else None,
                )
                ax.text(mean, row + 0.34, f"mean {mean:+.2f}", ha="center", fontsize=8)
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


def plot_tone_flow(tone: pd.DataFrame, documents: pd.DataFrame, *, max_documents: int = 6) -> Figure:
    """VADER compound score of each sentence along each article (one line per article).

    Articles of the same outlet share a colour, a marker and a line style; the grey band is
    VADER's neutral range (−0.05 to 0.05).
    """
    docs, note = documents_to_show(documents, max_documents)
    if docs.empty:
        return no_data_figure("Tone along each article")
    outlets = sorted(documents["outlet"].astype(str).unique())
    colours = outlet_palette(outlets)
    with figure_style():
        fig, axes = new_figure(1, 1, width=8.6, height=3.8)
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
                linestyle=LINESTYLES[k % len(LINESTYLES)],
                marker=MARKERS[k % len(MARKERS)],
                markeredgecolor="black",
                markeredgewidth=0.5,
                label=f"{doc['outlet']} ({doc['doc_id']})" if len(docs) > len(outlets) else doc["outlet"],
            )
        ax.set_ylim(-1.05, 1.05)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("sentence in reading order (1 = first)")
        ax.set_ylabel("VADER compound (−1 to +1)")
        ax.set_title(
            f"Tone along each article{note}\nVADER word valence per sentence, not the outlet's stance"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig
