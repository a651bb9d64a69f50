"""Reading order: frames and tone along the articles.

Up to ``max_documents`` articles, one panel (story flow) or line (tone flow) per article,
sentence by sentence. Beyond that, never "the first few": every outlet gets a *position
profile* pooled over all of its documents (:func:`research_utils.analyse.profile_frames`,
:func:`research_utils.analyse.profile_tone`), one panel per outlet with the number of
articles behind it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..analyse import profile_frames, profile_tone
from .layout import hide_unused_axes, panel_grid
from .style import (
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    no_data_figure,
    outlet_list,
    styles_for,
)

#: VADER's neutral band (compound between −0.05 and 0.05).
NEUTRAL_BAND = 0.05


def _articles(documents: pd.DataFrame, styles: Mapping[str, OutletStyle]) -> pd.DataFrame:
    """The documents in the study's outlet order, then by ``doc_id``."""
    rank = {o: k for k, o in enumerate(styles)}
    docs = documents.assign(_rank=documents["outlet"].astype(str).map(rank))
    return docs.sort_values(["_rank", "doc_id"], kind="stable").drop(columns="_rank")


def _no_documents(styles: Mapping[str, OutletStyle], documents: pd.DataFrame) -> dict[str, str]:
    """Outlets of ``styles`` without a document, for the description."""
    present = set(documents["outlet"].astype(str))
    return {o: "no documents" for o in styles if o not in present}


def _story_panel(ax: Axes, sub: pd.DataFrame, n: int, frame_ids: list[str], style: OutletStyle) -> None:
    """One article's frames sentence by sentence (``sub``: its frame rows; ``n`` sentences)."""
    for row, frame in enumerate(frame_ids):
        ax.axhline(row, color="#DDDDDD", linewidth=0.6, zorder=0)
        hits = sub.loc[sub["frame"] == frame, "sent_id"].to_numpy() + 1
        ax.scatter(
            hits,
            np.full(len(hits), row),
            marker=style.marker,
            s=46,
            color=style.colour,
            edgecolors="black",
            linewidths=0.5,
            zorder=2,
        )
    uncoded = sorted(set(range(1, n + 1)) - set(sub["sent_id"] + 1))
    ax.scatter(uncoded, np.full(len(uncoded), -1), marker="x", s=24, color="#777777")


def plot_story_flow(
    frames: pd.DataFrame,
    documents: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    max_documents: int = 6,
    bins: int = 10,
    styles: Styles | None = None,
) -> Figure:
    """Which frames each sentence carries, in reading order: one panel per article up to
    ``max_documents`` articles; beyond, each outlet's position profile (``bins`` parts of
    the article, :func:`plot_frame_profile`), so no article is left out.

    ``frames`` is the frames table (doc_id, sent_id, frame), ``documents`` the documents
    table (doc_id, outlet, n_sentences), ``labels`` frame id → label (rows in that order),
    ``styles`` the study's outlet styles (default: the documents' outlets, sorted).
    """
    chosen = styles_for(styles, documents["outlet"].astype(str))
    if documents.empty:
        return no_data_figure("Frames sentence by sentence", reason="no documents")
    if len(documents) > max_documents:
        profile = profile_frames(frames, documents, frame_ids=list(labels), bins=bins)
        note = f"{len(documents)} articles, more than {max_documents}: each outlet's articles pooled"
        return plot_frame_profile(profile, labels, styles=chosen, note=note)
    docs, frame_ids = _articles(documents, chosen), list(labels)
    with figure_style():
        height = 0.32 * len(frame_ids) * len(docs) + 1.4
        fig, axes = new_figure(len(docs), 1, width=8.6, height=height, sharex=True)
        for ax, (_, doc) in zip(axes[:, 0], docs.iterrows(), strict=True):
            n = int(doc["n_sentences"])
            _story_panel(
                ax, frames[frames["doc_id"] == doc["doc_id"]], n, frame_ids, chosen[str(doc["outlet"])]
            )
            ticks = ["(no frame)", *(labels[f] for f in frame_ids)]
            ax.set_yticks(range(-1, len(frame_ids)), ticks, fontsize=8)
            ax.set_ylim(len(frame_ids) - 0.5, -1.6)
            ax.set_xlim(0.3, max(int(documents["n_sentences"].max()), 1) + 0.7)
            ax.set_title(f"{doc['outlet']} — {doc['doc_id']} ({n} sentences)", fontsize=9, loc="left")
        axes[-1, 0].set_xlabel("sentence in reading order (1 = first)")
        axes[-1, 0].xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.suptitle("Frames sentence by sentence, in reading order", fontweight="bold")
    outlets = list(dict.fromkeys(docs["outlet"].astype(str)))
    text = (
        f"The frames of every sentence of each of the {len(docs)} articles, one panel per article, "
        f"in reading order; outlets: {outlet_list(outlets)}."
    )
    return describe(fig, text, omitted=_no_documents(chosen, documents))


def _profile_grid(
    n_outlets: int, *, rows: int, row_height: float, panel_extra: float
) -> tuple[Figure, np.ndarray]:
    """A bounded grid of panels for ``n_outlets`` profiles (shared axes)."""
    grid = panel_grid(
        n_outlets,
        rows=rows,
        row_height=row_height,
        panel_width=4.2,
        panel_extra=panel_extra,
        max_cols=3,
        side=1.8,
        top=1.2,
    )
    return new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height, sharex=True, sharey=True)


def _profile_title(ax: Axes, outlet: str, rows: pd.DataFrame, small: bool) -> None:
    """A panel's title: the outlet and the articles and sentences behind its profile."""
    docs = int(rows["n_documents"].iloc[0]) if len(rows) else 0
    sentences = int(rows.drop_duplicates("bin")["n_sentences"].sum()) if len(rows) else 0
    ax.set_title(f"{outlet}\n{docs} articles, {sentences} sentences", fontsize=8 if small else 10)


def plot_frame_profile(
    profile: pd.DataFrame, labels: Mapping[str, str], *, styles: Styles | None = None, note: str = ""
) -> Figure:
    """Each outlet's story flow pooled over its articles: per frame (rows) and part of the
    article (columns), the share of its sentences there that carry the frame (darker =
    more; hatched: no sentence there); one panel per outlet with its numbers of articles.

    ``profile`` is :func:`research_utils.analyse.profile_frames`'s table; ``note`` says
    why articles are pooled.
    """
    chosen = styles_for(styles, profile["outlet"].astype(str).unique())
    frame_ids, outlets = list(labels), list(chosen)
    bins = int(profile["bin"].max()) + 1 if len(profile) else 10
    small = len(outlets) > 6
    top = max(0.05, float(profile["share"].max()) if profile["share"].notna().any() else 0.0)  # darkest
    with figure_style():
        fig, axes = _profile_grid(
            len(outlets), rows=len(frame_ids), row_height=0.24 if small else 0.34, panel_extra=1.0
        )
        image = None
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            rows = profile[profile["outlet"] == outlet]
            _profile_title(ax, outlet, rows, small)
            grid = rows.pivot(index="frame", columns="bin", values="share").reindex(
                index=frame_ids, columns=range(bins)
            )
            ax.set_facecolor("white")
            ax.patch.set_hatch("////")
            ax.patch.set_edgecolor("#CCCCCC")
            image = ax.imshow(
                np.ma.masked_invalid(grid.to_numpy(float)),
                cmap="Greys",
                vmin=0,
                vmax=top,
                aspect="auto",
                extent=(0, 1, len(frame_ids) - 0.5, -0.5),
            )
            ax.set_yticks(range(len(frame_ids)), [labels[f] for f in frame_ids], fontsize=7 if small else 8)
            ax.tick_params(length=0)
        hide_unused_axes(axes, len(outlets))
        fig.supxlabel(
            "position in the article (0 = start, 1 = end), in tenths"
            if bins == 10
            else f"position in the article (0 = start, 1 = end), in {bins} parts",
            fontsize=9,
        )
        if image is not None:
            fig.colorbar(
                image,
                ax=axes,
                label="share of the sentences there carrying the frame",
                shrink=0.5,
                format=PercentFormatter(1.0),
            )
        fig.suptitle("Frames along the articles, pooled per outlet" + (f"\n({note})" if note else ""))
    text = (
        f"Position profile of the frames: for each outlet, the share of its sentences in each of {bins} "
        f"parts of its articles carrying each frame, over all its articles; outlets: {outlet_list(outlets)}."
        + (f" {note}." if note else "")
    )
    return describe(fig, text)


def _tone_axes(ax: Axes) -> None:
    """VADER's neutral band, the zero line and the score range."""
    ax.axhspan(-NEUTRAL_BAND, NEUTRAL_BAND, color="#E6E6E6", zorder=0, label="VADER neutral band (±0.05)")
    ax.axhline(0, color="#999999", linewidth=0.6, zorder=0)
    ax.set_ylim(-1.05, 1.05)


def plot_tone_flow(
    tone: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    max_documents: int = 6,
    bins: int = 10,
    styles: Styles | None = None,
) -> Figure:
    """VADER compound score of each sentence along each article (one line per article) up
    to ``max_documents`` articles; beyond, each outlet's mean tone by part of the article
    pooled over all its articles (:func:`plot_tone_profile`).

    Articles of the same outlet share its colour, marker and line style; the grey band is
    VADER's neutral range (−0.05 to 0.05).
    """
    chosen = styles_for(styles, documents["outlet"].astype(str))
    if documents.empty:
        return no_data_figure("Tone along each article", reason="no documents")
    if len(documents) > max_documents:
        note = f"{len(documents)} articles, more than {max_documents}: each outlet's articles pooled"
        return plot_tone_profile(profile_tone(tone, documents, bins=bins), styles=chosen, note=note)
    docs = _articles(documents, chosen)
    several = docs["outlet"].duplicated().any()
    with figure_style():
        fig, axes = new_figure(1, 1, width=8.6, height=3.8)
        ax = axes[0, 0]
        _tone_axes(ax)
        for _, doc in docs.iterrows():
            style = chosen[str(doc["outlet"])]
            sub = tone[tone["doc_id"] == doc["doc_id"]].sort_values("sent_id")
            ax.plot(
                sub["sent_id"] + 1,
                sub["compound"],
                color=style.colour,
                linestyle=style.linestyle,
                marker=style.marker,
                markeredgecolor="black",
                markeredgewidth=0.5,
                label=f"{doc['outlet']} ({doc['doc_id']})" if several else str(doc["outlet"]),
            )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("sentence in reading order (1 = first)")
        ax.set_ylabel("VADER compound (−1 to +1)")
        ax.set_title("Tone along each article\nVADER word valence per sentence, not the outlet's stance")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    outlets = list(dict.fromkeys(docs["outlet"].astype(str)))
    text = (
        f"VADER compound score of every sentence of each of the {len(docs)} articles, one line per "
        f"article, in reading order; outlets: {outlet_list(outlets)}."
    )
    return describe(fig, text, omitted=_no_documents(chosen, documents))


def plot_tone_profile(profile: pd.DataFrame, *, styles: Styles | None = None, note: str = "") -> Figure:
    """Each outlet's tone along its articles, pooled: the mean VADER compound score of its
    sentences in each part of the article (line and markers), with the middle half of the
    scores (band, 25th to 75th percentile); one panel per outlet with its number of articles.

    ``profile`` is :func:`research_utils.analyse.profile_tone`'s table; ``note`` says why
    articles are pooled.
    """
    chosen = styles_for(styles, profile["outlet"].astype(str).unique())
    outlets = list(chosen)
    small = len(outlets) > 6
    with figure_style():
        fig, axes = _profile_grid(len(outlets), rows=1, row_height=1.6 if small else 2.2, panel_extra=0.6)
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            style, rows = chosen[outlet], profile[profile["outlet"] == outlet]
            _tone_axes(ax)
            _profile_title(ax, outlet, rows, small)
            middle = (rows["start"] + rows["end"]) / 2
            ax.fill_between(middle, rows["q25"], rows["q75"], color=style.colour, alpha=0.3, linewidth=0)
            ax.plot(
                middle,
                rows["mean"],
                color=style.colour,
                linestyle=style.linestyle,
                marker=style.marker,
                markeredgecolor="black",
                markeredgewidth=0.5,
                markersize=4 if small else 6,
            )
            ax.set_xlim(0, 1)
        hide_unused_axes(axes, len(outlets))
        fig.supxlabel("position in the article (0 = start, 1 = end)", fontsize=9)
        fig.supylabel("VADER compound (−1 to +1)", fontsize=9)
        fig.suptitle(
            "Tone along the articles, pooled per outlet: mean (line) and middle half (band)\n"
            "VADER word valence, not the outlet's stance" + (f"; {note}" if note else "")
        )
    text = (
        f"Position profile of the tone: for each outlet, the mean VADER compound score (and its "
        f"interquartile range) of its sentences in each part of its articles, over all its articles; "
        f"outlets: {outlet_list(outlets)}. Grey band: VADER's neutral range." + (f" {note}." if note else "")
    )
    return describe(fig, text)
