"""Figures of frames: shares per outlet, co-occurrence, validation, story flow."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .style import (
    BAR_LABEL_PADDING,
    MARKERS,
    MAX_GROUPED_OUTLETS,
    documents_to_show,
    figure_style,
    grid_shape,
    hide_unused_axes,
    new_figure,
    no_data_figure,
    outlet_bar_figure,
    outlet_palette,
)


def plot_frame_shares(shares: pd.DataFrame) -> Figure:
    """Grouped bars: share of each outlet's sentences carrying each frame.

    ``shares`` is the ``frame_shares`` table; frames in codebook (table) order, one bar per
    outlet, each labelled with its counts (sentences with the frame / all sentences).
    """
    table = shares.astype({"outlet": str, "frame": str, "label": str}).assign(
        text=lambda t: [f"{n}/{total}" for n, total in zip(t["n_sentences"], t["n_total"], strict=True)]
    )
    frames = list(dict.fromkeys(table["frame"]))
    labels = dict(zip(table["frame"], table["label"], strict=True))
    values = table.pivot(index="frame", columns="outlet", values="share").reindex(frames).fillna(0.0)
    texts = table.pivot(index="frame", columns="outlet", values="text").reindex(frames)
    values.index = texts.index = pd.Index([labels[f] for f in frames])
    grouped = len(values.columns) <= MAX_GROUPED_OUTLETS
    xmax = 1.08 if grouped else min(1.08, max(0.05, float(values.to_numpy().max())) * 1.35)
    return outlet_bar_figure(
        values,
        texts,
        title="Frames per outlet (dictionary coding)\nbar labels: sentences with the frame / all sentences",
        xlabel="share of the outlet's sentences carrying the frame (a sentence can carry several)",
        xmax=xmax,
        row_height=0.32,
        formatter=PercentFormatter(1.0),
    )


def plot_frame_cooccurrence(
    pairs: pd.DataFrame, *, labels: Mapping[str, str] | None = None, max_cols: int = 2
) -> Figure:
    """Heat maps, one per outlet: sentences carrying both frames of each pair.

    ``pairs`` is :func:`research_utils.analyse.count_frame_pairs`'s table; the diagonal is
    the number of sentences carrying the frame; ``labels`` maps frame ids to the names
    shown (default: the ids). Cells show their counts, so the figure reads without colour.
    """
    outlets = sorted(pairs["outlet"].astype(str).unique())
    if not outlets:
        return no_data_figure("Frame co-occurrence")
    frames = list(dict.fromkeys([*pairs["frame_a"].astype(str), *pairs["frame_b"].astype(str)]))
    names = [(labels or {}).get(f, f) for f in frames]
    index = {f: i for i, f in enumerate(frames)}
    top = max(1, int(pairs["n_sentences"].max())) if len(pairs) else 1
    nrows, ncols = grid_shape(len(outlets), max_cols)
    with figure_style():
        fig, axes = new_figure(
            nrows, ncols, width=4.0 * ncols + 1.8, height=4.3 * nrows + 0.6, layout="compressed"
        )
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
        hide_unused_axes(axes, len(outlets))
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
        fig, axes = new_figure(1, 1, width=7.8, height=0.62 * len(rows) + 1.4)
        ax = axes[0, 0]
        y = np.arange(len(rows))[::-1].astype(float)
        height = 0.26
        for k, (metric, colour, hatch) in enumerate(metrics):
            pos = y + height - k * height
            values = rows[metric].to_numpy(float)
            bars = ax.barh(
                pos,
                np.nan_to_num(values),
                height=height * 0.92,
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.6,
                label=metric,
            )
            texts = ["n/a" if np.isnan(v) else f"{v:.2f}" for v in values]
            ax.bar_label(bars, labels=texts, padding=BAR_LABEL_PADDING, fontsize=7.5)
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


def plot_story_flow(
    frames: pd.DataFrame, documents: pd.DataFrame, labels: Mapping[str, str], *, max_documents: int = 6
) -> Figure:
    """Which frames each sentence carries, in reading order, one panel per article.

    ``frames`` is the frames table (doc_id, sent_id, frame), ``documents`` the documents
    table (doc_id, outlet, n_sentences), ``labels`` frame id → label (rows in that order).
    """
    docs, note = documents_to_show(documents, max_documents)
    if docs.empty:
        return no_data_figure("Frames sentence by sentence")
    frame_ids = list(labels)
    outlets = sorted(documents["outlet"].astype(str).unique())
    colours = outlet_palette(outlets)
    with figure_style():
        height = 0.32 * len(frame_ids) * len(docs) + 1.4
        fig, axes = new_figure(len(docs), 1, width=8.6, height=height, sharex=True)
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
                    marker=MARKERS[k % len(MARKERS)],
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
        axes[-1, 0].xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.suptitle(f"Frames sentence by sentence, in reading order{note}", fontweight="bold")
    return fig
