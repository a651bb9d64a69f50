"""Figures of voices: who speaks, the reporting verbs, the types of source."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .bars import bar_rows_that_fit, outlet_bar_figure
from .layout import (
    cut_note,
    cut_rows,
    cut_rule,
    cut_with_ties,
    hide_unused_axes,
    omitted_rows,
    panel_grid,
    rows_with_ties,
    wrap,
)
from .style import BAR_LABEL_PADDING, Styles, describe, figure_style, new_figure, outlet_list, styles_for

#: What an outlet without attributed words shows in the voices figures.
NO_WORDS = "no attributed words"


def _source_names(sources: pd.DataFrame, *, one_line: bool = False) -> list[str]:
    """Each source's label: its name (or "(unattributed)") and its type (on a second line)."""
    sep = " " if one_line else "\n"
    return [
        ("(unattributed)" if pd.isna(s) or not s else str(s)) + ("" if pd.isna(t) or not t else f"{sep}({t})")
        for s, t in zip(sources["speaker"], sources["speaker_type"], strict=True)
    ]


def _draw_source_panel(ax: Axes, sources: pd.DataFrame, colour: str, *, rows: int, small: bool) -> None:
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
    ax.bar_label(bars, labels=labels, padding=BAR_LABEL_PADDING, fontsize=6.5 if small else 7.5)
    ax.set_yticks(y, _source_names(sub, one_line=small), fontsize=7 if small else 8)
    ax.set_ylim(-0.6, max(len(sub), rows) - 0.4)
    ax.set_xlabel("words attributed", fontsize=7 if small else None)


#: The legend of :func:`plot_sources`: what solid and hatched bars are.
_KIND_HANDLES = (
    Patch(facecolor="#555555", edgecolor="black", label="direct quotation"),
    Patch(facecolor="#DDDDDD", edgecolor="black", hatch="//", label="paraphrase (reported speech)"),
)


def _no_words(ax: Axes) -> None:
    """An outlet's panel when it attributes no words."""
    ax.text(
        0.5,
        0.5,
        NO_WORDS,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#555555",
        bbox={"facecolor": "white", "edgecolor": "#999999"},
    )
    ax.set_yticks([])


def plot_sources(
    sources: pd.DataFrame, *, n: int | None = 10, max_cols: int = 2, styles: Styles | None = None
) -> Figure:
    """Words attributed to each source, per outlet: direct quotes (solid) and paraphrase
    (pale, hatched) stacked; one panel per outlet, each bar labelled with its words and the
    number of direct quotes and paraphrases.

    ``sources`` is :func:`research_utils.analyse.summarize_sources`'s table. ``n`` keeps
    each outlet's ``n`` sources with most words and every source tied with the n-th (None:
    all); tied sources that do not fit are left out together and named, and when the
    panels have room for fewer than ``n`` the title says how many. Outlets: those of
    ``styles`` (the study's; default: the table's); one without attributed words shows a
    panel saying so. The grid wraps wider above ``max_cols`` when too tall.
    """
    chosen = styles_for(styles, sources["outlet"].astype(str).unique())
    outlets, small = list(chosen), len(chosen) > 6
    groups = {o: sources[sources["outlet"] == o] for o in outlets}
    wanted = max(
        [rows_with_ties(g["words"], n if n is not None else len(g)) for g in groups.values()], default=1
    )
    grid = panel_grid(
        len(outlets),
        rows=wanted,
        row_height=0.26 if small else 0.45,
        panel_width=4.8,
        panel_extra=0.9 if small else 1.1,
        max_cols=max_cols,
        side=0.8,
        top=1.4,
    )
    per_outlet = n if grid.rows >= wanted else grid.rows
    most = max(1, int(sources["words"].max())) if len(sources) else 1
    omitted: dict[str, str] = {}
    with figure_style():
        fig, axes = new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height)
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            ax.set_title(outlet, fontsize=9 if small else None)
            sub = groups[outlet]
            if sub.empty:
                _no_words(ax)
                continue
            names = pd.Series(_source_names(sub, one_line=True), index=sub.index)
            cut = cut_with_ties(sub, sub["words"], names, per_outlet, limit=grid.rows)
            _draw_source_panel(ax, cut.kept, chosen[outlet].colour, rows=grid.rows, small=small)
            ax.set_xlim(0, most * 1.6)
            if cut.tied_out:
                ax.set_title(
                    f"{outlet}\n({cut_note(cut, 'sources', score='words')})", fontsize=7 if small else 8
                )
                omitted |= {f"{outlet}: {k}": v for k, v in omitted_rows(cut, "words", "sources").items()}
        hide_unused_axes(axes, len(outlets))
        fig.legend(handles=_KIND_HANDLES, loc="outside lower center", ncols=2, fontsize=8)
        room = (
            "" if per_outlet == n else f" (room for {per_outlet} of the {n} asked at {len(outlets)} outlets)"
        )
        rule = "" if per_outlet is None else f": each outlet's top {per_outlet} by words, ties included{room}"
        fig.suptitle(
            f"Who speaks: words attributed to each source{rule}\n(labels: words (direct quotes, paraphrases))"
        )
    absent = [o for o, g in groups.items() if g.empty]
    text = (
        f"Words each source is given (direct quotes and paraphrase){rule}; outlets: {outlet_list(outlets)}."
        + (f" {', '.join(absent)}: {NO_WORDS}." if absent else "")
    )
    return describe(fig, text, omitted=omitted)


def plot_reporting_verbs(
    verbs: pd.DataFrame, *, n: int | None = None, styles: Styles | None = None
) -> Figure:
    """Grouped bars (one panel per outlet above four): attributions per reporting verb and
    outlet, neutral verbs above evaluative ones, each labelled with its count.

    ``verbs`` is :func:`research_utils.analyse.tabulate_reporting_verbs`'s table (verbs by
    outlets, in the order drawn). ``n`` keeps the ``n`` most used verbs and every verb
    tied with the n-th (None: all that fit), in the table's order. Outlets: those of
    ``styles`` (default: the table's); one without attributions says so.
    """
    if verbs.empty:
        return outlet_bar_figure(
            pd.DataFrame(),
            pd.DataFrame(),
            title="Reporting verbs per outlet",
            xlabel="attributions",
            xmax=1.0,
            styles=styles,
            missing="no reporting verb",
            about="Attributions per reporting verb: none found.",
        )
    limit = bar_rows_that_fit(len(styles_for(styles, verbs.columns)), len(verbs), row_height=0.22)
    cut = cut_rows(verbs, n, limit=limit)
    shown = cut.kept.set_axis([f"{verb} ({stance})" for stance, verb in cut.kept.index], axis=0)
    rule = cut_rule(cut, n, len(verbs), "verbs", "attributions")
    return outlet_bar_figure(
        shown,
        shown.astype(str),
        title="Reporting verbs per outlet (neutral verbs first, then evaluative)"
        + (f"\n({wrap(rule, 130)})" if rule else ""),
        xlabel="attributions (direct quotes and paraphrases)",
        xmax=max(1, int(shown.to_numpy().max(initial=0))) * 1.2,
        width=7.2,
        styles=styles,
        missing="no reporting verb",
        about=f"Attributions per reporting verb ({len(shown)} verbs" + (f"; {rule})." if rule else ", all)."),
        omitted=omitted_rows(cut, "attributions", "verbs"),
    )


def plot_source_types(words: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Words each outlet attributes to each type of source (direct quotes and paraphrase).

    ``words`` is :func:`research_utils.analyse.count_source_type_words`'s table. One row per
    source type (the table's order: most words first), one bar per outlet, labelled with
    the words and the share of that outlet's attributed words. Outlets: those of
    ``styles`` (the study's; default: the table's); one without attributed words is drawn
    with the note "no attributed words".
    """
    types = list(dict.fromkeys(words["speaker_type"].astype(str)))
    values = words.pivot(index="speaker_type", columns="outlet", values="words").reindex(types)
    shares = words.pivot(index="speaker_type", columns="outlet", values="share").reindex(types)
    texts = values.astype(str) + shares.map(lambda share: f" ({share:.0%})")
    return outlet_bar_figure(
        values,
        texts,
        title="Whose voice: words given to each type of source",
        xlabel="words attributed (direct quotes + paraphrase); % of the outlet's attributed words",
        xmax=max(1.0, float(values.to_numpy().max(initial=0))) * 1.3,
        width=8.0,
        row_height=0.5,
        styles=styles,
        missing=NO_WORDS,
        about=f"Words each outlet gives to each of {len(types)} types of source ({', '.join(types)}).",
    )
