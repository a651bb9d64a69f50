"""Figure of coder agreement: Krippendorff's α per frame with its bootstrap interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..analyse.reliability import RELIABLE, TENTATIVE
from .style import PALETTE, describe, figure_style, new_figure, no_data_figure

#: Krippendorff's (2004) thresholds, drawn as lines: tentative conclusions, reliable data.
THRESHOLDS = (
    (TENTATIVE, f"{TENTATIVE:g}: tentative conclusions only"),
    (RELIABLE, f"{RELIABLE:g}: reliable"),
)


def plot_reliability(table: pd.DataFrame) -> Figure:
    """One row per frame (every frame of the ``reliability`` table, in its order): α as a
    point, its 95 % bootstrap interval as a line, Krippendorff's thresholds as dashed
    lines; a frame whose α is undefined is named with the reason instead of a point."""
    title = "Coder agreement per frame: Krippendorff's α (nominal) with its 95 % bootstrap interval"
    if table.empty:
        return no_data_figure(title, reason="no frames in the reliability table")
    alpha = table["alpha"].to_numpy(dtype=float)
    low, high = table["alpha_low"].to_numpy(dtype=float), table["alpha_high"].to_numpy(dtype=float)
    labels = [
        f"{label}\n{n} units" + ("" if np.isnan(a) else f", α {a:.2f} [{lo:.2f}, {hi:.2f}]")
        for label, n, a, lo, hi in zip(table["label"], table["n_units"], alpha, low, high, strict=True)
    ]
    left = min(0.0, float(np.nanmin(np.concatenate([low, alpha, [0.0]])))) - 0.05
    fig, axes = new_figure(1, 1, width=8.0, height=1.2 + 0.45 * len(table))
    ax = axes[0, 0]
    with figure_style():
        y = np.arange(len(table))[::-1]
        shown = ~np.isnan(alpha)
        ax.hlines(y[shown], low[shown], high[shown], color=PALETTE[0], linewidth=2.0)
        ax.plot(alpha[shown], y[shown], "o", color=PALETTE[0], label="α (line: 95 % interval)")
        for row, value, note in zip(y, alpha, table["note"], strict=True):
            if np.isnan(value):
                ax.text(left + 0.02, row, f"α undefined: {str(note).split(':')[0]}", va="center", fontsize=8)
        for x, name in THRESHOLDS:
            ax.axvline(x, color="#555555", linestyle="--", linewidth=1.0)
            ax.text(x, len(table) - 0.4, name, rotation=0, ha="right", va="bottom", fontsize=7.5)
        ax.set_yticks(y, labels, fontsize=8.5)
        ax.set_xlim(left, 1.02)
        ax.set_ylim(-0.7, len(table) - 0.1)
        ax.set_xlabel("Krippendorff's α (1 = perfect agreement, 0 = chance)")
        ax.set_title(title, fontsize=10)
    undefined = [str(f) for f, a in zip(table["label"], alpha, strict=True) if np.isnan(a)]
    about = (
        f"Krippendorff's α per frame for the {len(table)} frames of the codebook "
        f"({', '.join(map(str, table['label']))}), each with its 95 % bootstrap interval and the "
        f"thresholds {TENTATIVE:g} and {RELIABLE:g} (Krippendorff 2004)"
        + (f"; α is undefined for {', '.join(undefined)} (named in the figure)." if undefined else ".")
    )
    return describe(fig, about)
