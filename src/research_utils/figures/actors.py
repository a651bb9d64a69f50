"""Figures of actors and voices: mentions, named groups, sources, reporting verbs, source types."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .style import (
    BAR_LABEL_PADDING,
    figure_style,
    grid_shape,
    hide_unused_axes,
    new_figure,
    no_data_figure,
    outlet_bar_figure,
    outlet_palette,
)


def plot_actor_mentions(counts: pd.DataFrame, *, n: int | None = None) -> Figure:
    """Grouped bars: mentions of each actor per outlet (most mentioned first).

    ``counts`` is :func:`research_utils.analyse.count_actor_mentions`'s table (actors by
    outlets, most mentioned first); ``n`` keeps its first ``n`` actors. Bars carry their
    counts.
    """
    if counts.empty:
        return no_data_figure("Actors mentioned per outlet")
    shown = counts if n is None else counts.head(n)
    shown = shown.set_axis([f"{actor} ({kind})" for actor, kind in shown.index], axis=0)
    return outlet_bar_figure(
        shown,
        shown.astype(str),
        title="Actors mentioned per outlet",
        xlabel="mentions (names, glosses and resolved references; pronouns not counted)",
        xmax=max(1, int(shown.to_numpy().max())) * 1.15,
        row_height=0.2,
    )


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (relative luminance)."""
    r, g, b = to_rgb(fill)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "black"


def plot_named_group(named: pd.DataFrame, *, title: str = "Summoned firms named by each outlet") -> Figure:
    """A grid: actors (rows) by outlets (columns); a filled square with the mention count
    where the outlet names the actor, an empty one with a dash where it does not, and the
    forms used beside the square when they differ from the canonical name.

    ``named`` is :func:`research_utils.analyse.name_group`'s table.
    """
    outlets = sorted(named["outlet"].astype(str).unique())
    actors = list(dict.fromkeys(named["actor"].astype(str)))
    colours = outlet_palette(outlets)
    with figure_style():
        fig, axes = new_figure(1, 1, width=2.2 * len(outlets) + 2.4, height=0.36 * len(actors) + 1.5)
        ax = axes[0, 0]
        for x, outlet in enumerate(outlets):
            sub = named[named["outlet"] == outlet].set_index("actor").reindex(actors)
            for yi, (actor, row) in enumerate(sub.iterrows()):
                y = len(actors) - 1 - yi
                surfaces = "" if pd.isna(row["surfaces"]) else str(row["surfaces"])
                if bool(row["named"]):
                    ax.scatter(
                        x, y, s=330, marker="s", color=colours[outlet], edgecolors="black", linewidths=0.6
                    )
                    ax.text(
                        x,
                        y,
                        str(int(row["n_mentions"])),
                        ha="center",
                        va="center",
                        fontsize=8,
                        fontweight="bold",
                        color=_text_colour(colours[outlet]),
                    )
                    if surfaces and surfaces != actor:
                        ax.text(x + 0.16, y, surfaces.replace(";", ", "), va="center", fontsize=6.5)
                else:
                    ax.scatter(
                        x, y, s=330, marker="s", facecolors="white", edgecolors="#777777", linewidths=0.8
                    )
                    ax.text(x, y, "–", ha="center", va="center", fontsize=8, color="#777777")
        ax.set_xticks(range(len(outlets)), outlets)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(actors)), actors[::-1])
        ax.set_xlim(-0.5, len(outlets) - 1 + 1.3)
        ax.set_ylim(-0.7, len(actors) - 0.3)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(title)
        ax.set_xlabel(
            "filled: named (number = mentions; small text = forms used when they differ); – : not named",
            fontsize=8,
        )
    return fig


def plot_sources(sources: pd.DataFrame, *, n: int | None = 10, max_cols: int = 2) -> Figure:
    """Words attributed to each source, per outlet: direct quotes (solid) and paraphrase
    (pale, hatched) stacked; one panel per outlet (``max_cols`` per row), each bar labelled
    with its words and the number of direct quotes and paraphrases.

    ``sources`` is :func:`research_utils.analyse.summarize_sources`'s table; ``n`` keeps each
    outlet's first ``n`` sources (the table's order: most words first; None: all), so a
    large corpus's hundreds of speakers do not crush the panels.
    """
    outlets = sorted(sources["outlet"].astype(str).unique())
    if not outlets:
        return no_data_figure("Who speaks: no attributed quotes or paraphrases")
    shown = sources if n is None else sources.groupby("outlet", sort=False).head(n)
    colours = outlet_palette(outlets)
    nrows, ncols = grid_shape(len(outlets), max_cols)
    most = max(1, int(shown["words"].max())) if len(shown) else 1
    rows_per_panel = max(1, int(shown["outlet"].value_counts().max())) if len(shown) else 1
    with figure_style():
        fig, axes = new_figure(
            nrows, ncols, width=4.8 * ncols + 0.8, height=(0.5 * rows_per_panel + 1.1) * nrows + 0.9
        )
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            _draw_source_panel(ax, shown[shown["outlet"] == outlet], colours[outlet], rows=rows_per_panel)
            ax.set_xlim(0, most * 1.6)
            ax.set_title(outlet)
        hide_unused_axes(axes, len(outlets))
        handles = [
            Patch(facecolor="#555555", edgecolor="black", label="direct quotation"),
            Patch(facecolor="#DDDDDD", edgecolor="black", hatch="//", label="paraphrase (reported speech)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
        fig.suptitle(
            "Who speaks: words attributed to each source"
            + (f" (each outlet's top {n})" if len(shown) < len(sources) else "")
            + "\n(labels: words (direct quotes, paraphrases))"
        )
    return fig


def _draw_source_panel(ax: Axes, sources: pd.DataFrame, colour: str, *, rows: int) -> None:
    """One outlet's sources top to bottom: direct words solid, paraphrased words stacked
    after them (pale, hatched), each bar labelled; the panel has room for ``rows`` bars."""
    sub = sources.reset_index(drop=True)
    y = np.arange(len(sub))[::-1]
    ax.barh(y, sub["words_direct"], color=colour, edgecolor="black", linewidth=0.6)
    bars = ax.barh(
        y,
        sub["words_paraphrase"],
        left=sub["words_direct"],
        color=colour,
        alpha=0.35,
        hatch="//",
        edgecolor="black",
        linewidth=0.6,
    )
    labels = [
        f"{words} ({direct} dir., {paraphrase} para.)"
        for words, direct, paraphrase in zip(sub["words"], sub["n_direct"], sub["n_paraphrase"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=BAR_LABEL_PADDING, fontsize=7.5)
    names = [
        ("(unattributed)" if pd.isna(s) or not s else str(s)) + ("" if pd.isna(t) or not t else f"\n({t})")
        for s, t in zip(sub["speaker"], sub["speaker_type"], strict=True)
    ]
    ax.set_yticks(y, names, fontsize=8)
    ax.set_ylim(-0.6, max(len(sub), rows) - 0.4)
    ax.set_xlabel("words attributed")


def plot_reporting_verbs(verbs: pd.DataFrame) -> Figure:
    """Grouped bars: attributions per reporting verb and outlet, neutral verbs above
    evaluative ones, each labelled with its count.

    ``verbs`` is :func:`research_utils.analyse.tabulate_reporting_verbs`'s table (verbs by
    outlets, in the order drawn).
    """
    if verbs.empty:
        return no_data_figure("Reporting verbs per outlet")
    shown = verbs.set_axis([f"{verb} ({stance})" for stance, verb in verbs.index], axis=0)
    return outlet_bar_figure(
        shown,
        shown.astype(str),
        title="Reporting verbs per outlet (neutral verbs first, then evaluative)",
        xlabel="attributions (direct quotes and paraphrases)",
        xmax=max(1, int(shown.to_numpy().max())) * 1.2,
        width=7.2,
    )


def plot_actor_heatmap(counts: pd.DataFrame, *, n: int | None = 15) -> Figure:
    """Outlet × actor heatmap of mentions (darker = more), each cell labelled with its count.

    ``counts`` is :func:`research_utils.analyse.count_actor_mentions`'s table (actors by
    outlets, most mentioned first); ``n`` keeps its first ``n`` actors (None or 0: all).
    Greyscale by design.
    """
    if counts.empty:
        return no_data_figure("Actor mentions per outlet")
    shown = (counts.head(n) if n else counts).droplevel("type")
    with figure_style():
        fig, axes = new_figure(1, 1, width=1.6 * len(shown.columns) + 4.2, height=0.34 * len(shown) + 1.6)
        ax = axes[0, 0]
        image = ax.imshow(shown.to_numpy(), cmap="Greys", aspect="auto", vmin=0)
        top = shown.to_numpy().max() or 1
        for (i, j), value in np.ndenumerate(shown.to_numpy()):
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > top / 2 else "black",
            )
        ax.set_xticks(range(len(shown.columns)), list(shown.columns))
        ax.set_yticks(range(len(shown)), list(shown.index), fontsize=8)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        fig.colorbar(image, ax=ax, label="mentions", shrink=0.6)
        note = f" (top {n})" if len(shown) < len(counts) else ""
        ax.set_title(f"Who is mentioned: actor mentions per outlet{note}")
    return fig


def plot_source_types(words: pd.DataFrame) -> Figure:
    """Words each outlet attributes to each type of source (direct quotes and paraphrase).

    ``words`` is :func:`research_utils.analyse.count_source_type_words`'s table. One row per
    source type (the table's order: most words first), one bar per outlet, labelled with
    the words and the share of that outlet's attributed words.
    """
    if words.empty:
        return no_data_figure("Whose voice: words given to each type of source")
    types = list(dict.fromkeys(words["speaker_type"]))
    values = words.pivot(index="speaker_type", columns="outlet", values="words").reindex(types)
    shares = words.pivot(index="speaker_type", columns="outlet", values="share").reindex(types)
    texts = values.astype(str) + shares.map(lambda share: f" ({share:.0%})")
    return outlet_bar_figure(
        values,
        texts,
        title="Whose voice: words given to each type of source",
        xlabel="words attributed (direct quotes + paraphrase); % of the outlet's attributed words",
        xmax=float(values.to_numpy().max()) * 1.3,
        width=8.0,
        row_height=0.5,
    )
