"""Figures of coverage over time: articles per period, frame shares per period, an event window.

Periods are drawn on a date axis as they are in the tables (:mod:`research_utils.analyse.timeline`):
every period from the corpus's first to its last, so a period without articles shows as zero
(articles) or as a gap in the line (shares), never bridged. Shares resting on fewer than
:data:`~research_utils.analyse.timeline.MIN_SENTENCES` sentences get hollow markers. A
corpus of one period has no trend to draw: articles become one bar per outlet, shares a
figure that says so. Undated documents are named in the description, never silently left out.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from ..analyse.timeline import one_period_note, period_words
from .bars import MAX_GROUPED_OUTLETS, outlet_bar_figure
from .layout import hide_unused_axes, name_list, panel_grid
from .style import (
    MAX_HEIGHT,
    MAX_WIDTH,
    NEUTRAL,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    no_data_figure,
    outlet_list,
    styles_for,
)


def _span(periods: list[str], unit: str) -> str:
    """``January 1961 to March 1963``: the first and last of ``periods`` in words."""
    return f"{period_words(periods[0], unit)} to {period_words(periods[-1], unit)}"


def _undated(table: pd.DataFrame, count: str, noun: str) -> dict[str, str]:
    """The undated documents of each outlet, for a description's "not shown"."""
    rows = table[~table["dated"].astype(bool)].drop_duplicates("outlet")
    return {
        f"{outlet}: {int(n)} {noun}": "no publication date"
        for outlet, n in zip(rows["outlet"], rows[count], strict=True)
        if n > 0
    }


def _undated_note(table: pd.DataFrame, count: str, noun: str) -> str:
    """A title's last line, ``not drawn, without a publication date: undated documents 3
    (2 outlets)``, or "" when every document has a date."""
    rows = table[~table["dated"].astype(bool)].drop_duplicates("outlet")
    total, outlets = int(rows[count].sum()), int((rows[count] > 0).sum())
    if not total:
        return ""
    return (
        f"\nnot drawn, without a publication date: {noun} {total:,} ({outlets} outlet{'s' * (outlets != 1)})"
    )


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _panels(
    n: int, *, rows: int, row_height: float, panel_width: float, max_cols: int
) -> tuple[Figure, np.ndarray]:
    """A bounded grid of ``n`` panels with shared axes (:func:`~.layout.panel_grid`)."""
    size = {"row_height": row_height, "panel_width": panel_width, "panel_extra": 0.9, "side": 1.2, "top": 1.8}
    grid = panel_grid(n, rows=rows, max_cols=max_cols, **size)
    return new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height, sharex=True, sharey=True)


def _key(label: str, face: str = "black", marker: str = "o") -> Line2D:
    """A legend entry: a marker (``face`` white: hollow), or text only (``marker=""``)."""
    return Line2D(
        [], [], ls="none", marker=marker, markerfacecolor=face, markeredgecolor="black", label=label
    )


def _one_period(attention: pd.DataFrame, styles: dict[str, OutletStyle], omitted: dict[str, str]) -> Figure:
    """Articles of a corpus of one period: one bar per outlet, titled as no trend."""
    dated = attention[attention["dated"].astype(bool)]
    unit, start = str(dated["unit"].iloc[0]), str(dated["period_start"].iloc[0])
    counts = dated.groupby("outlet")[["n_documents", "n_words"]].sum()
    when, note = period_words(start, unit), one_period_note(start, unit)
    values = pd.DataFrame([counts["n_documents"]], index=[when])
    texts = pd.DataFrame([[f"{int(n)} ({int(w):,} words)" for n, w in counts.to_numpy()]], index=[when])
    texts.columns = values.columns
    return outlet_bar_figure(
        values,
        texts,
        title=f"Articles per outlet\n{note}" + _undated_note(attention, "n_documents", "undated documents"),
        xlabel="articles",
        xmax=max(1.0, float(counts["n_documents"].max()) * 1.6),
        styles=styles,
        missing="no articles",
        about=f"Articles per outlet: {note}.",
        omitted=omitted,
    )


def _edges(periods: list[str], last_end: str) -> np.ndarray:
    """Date numbers of the periods' starts and of the day after the last period."""
    days = pd.to_datetime([*periods, last_end]) + pd.to_timedelta([0] * len(periods) + [1], unit="D")
    return mdates.date2num(days.to_numpy())


def plot_attention(attention: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Articles per period, one panel per outlet (shared axes, wrapping within the size
    limits): a step per period from the corpus's first to its last, zeros drawn as zeros.

    ``attention`` is :func:`research_utils.analyse.timeline.count_attention`'s table;
    outlets are those of ``styles`` (the study's, in its order; default: the table's,
    sorted). A corpus of one period gets one bar per outlet instead; undated documents are
    named in the description.
    """
    chosen = styles_for(styles, attention["outlet"].astype(str).unique())
    omitted = _undated(attention, "n_documents", "undated documents")
    dated = attention[attention["dated"].astype(bool)]
    periods = sorted(dated["period_start"].astype(str).unique())
    if dated["n_documents"].sum() == 0:
        return no_data_figure(
            "Articles over time", reason=f"no document of {outlet_list(chosen)} has a publication date"
        )
    if len(periods) == 1:
        return _one_period(attention, chosen, omitted)
    unit, outlets = str(dated["unit"].iloc[0]), list(chosen)
    rest = attention[~attention["dated"].astype(bool) & (attention["n_documents"] > 0)]
    undated = {
        str(o): f"; {int(n)} undated, not drawn"
        for o, n in zip(rest["outlet"], rest["n_documents"], strict=True)
    }
    edges = _edges(periods, str(dated["period_end"].max()))
    few, top = len(outlets) <= MAX_GROUPED_OUTLETS, int(dated["n_documents"].max())
    with figure_style():
        fig, axes = _panels(
            len(outlets), rows=1, row_height=1.5, panel_width=7.5 if few else 4.6, max_cols=1 if few else 3
        )
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            rows = dated[dated["outlet"] == outlet].set_index("period_start")["n_documents"]
            counts = rows.reindex(periods, fill_value=0).to_numpy(dtype=float)
            style = chosen[outlet]
            ax.set_title(f"{outlet} ({int(counts.sum())} articles{undated.get(outlet, '')})", fontsize=9)
            ax.stairs(counts, edges, fill=True, color=style.colour, hatch=style.hatch, label=outlet)
            if counts.sum() == 0:
                ax.text(0.5, 0.5, "no dated articles", transform=ax.transAxes, ha="center", fontsize=8)
            ax.set_ylim(0, max(1, top) * 1.1)
            ax.yaxis.get_major_locator().set_params(integer=True)
            _date_axis(ax)
        hide_unused_axes(axes, len(outlets))
        fig.supylabel(f"articles per {unit}", fontsize=9)
        monday = " (weeks start on Monday)" if unit == "week" else ""
        fig.suptitle(
            f"Articles per {unit} and outlet{monday}\n{_span(periods, unit)}"
            + _undated_note(attention, "n_documents", "undated documents"),
            fontweight="bold",
        )
    totals = dated.groupby("outlet")["n_documents"].sum().reindex(outlets, fill_value=0)
    text = (
        f"Articles per {unit} of {outlet_list(outlets)}, one panel per outlet, every {unit} from "
        f"{_span(periods, unit)} ({len(periods)} {unit}s; a {unit} without articles drawn at zero). "
        "Articles per outlet: "
        f"{name_list([f'{o} {int(n)}' for o, n in totals.items()], limit=24)}."
    )
    return describe(fig, text, omitted=omitted)


def _share_key(min_sentences: int) -> list[Line2D]:
    """The legend entries every frame-share figure carries: what markers and gaps mean."""
    return [
        _key(f"hollow marker: fewer than {min_sentences} sentences in the period (uncertain share)", "white"),
        _key("filled marker: enough sentences"),
        _key("gap in a line: no sentences in the period", marker=""),
    ]


def _share_line(
    ax: Axes, rows: pd.DataFrame, x: np.ndarray, style: OutletStyle, outlet: str, size: float
) -> None:
    """One outlet's share of one frame per period: a line broken where the period has no
    sentences, filled markers, hollow ones where the share rests on few sentences."""
    share = rows["share"].to_numpy(dtype=float)
    small = rows["small"].to_numpy(dtype=bool)
    ax.plot(x, share, color=style.colour, linestyle=style.linestyle, linewidth=1.1, label=outlet)
    for mask, face, edge in ((~small, style.colour, "black"), (small, "white", style.colour)):
        ax.plot(
            x[mask], share[mask], ls="none", marker=style.marker, markersize=size, markeredgewidth=0.8,
            markerfacecolor=face, markeredgecolor=edge,
        )  # fmt: skip


def _share_cells(outlets: list[str], frames: list[str], labels: Mapping[str, str]):
    """The figure and the axes of each (outlet, frame): a panel per frame with every outlet
    up to MAX_GROUPED_OUTLETS outlets; beyond, a grid of outlets (rows) by frames (columns)."""
    if len(outlets) <= MAX_GROUPED_OUTLETS:
        fig, axes = _panels(len(frames), rows=1, row_height=1.6, panel_width=5.0, max_cols=2)
        for ax, frame in zip(axes.flat, frames, strict=False):
            ax.set_title(labels[frame], fontsize=9)
        hide_unused_axes(axes, len(frames))
        return fig, {(o, f): ax for f, ax in zip(frames, axes.flat, strict=False) for o in outlets}
    width = min(MAX_WIDTH, 1.4 + 2.6 * len(frames))
    height = min(MAX_HEIGHT, 2.2 + 1.1 * len(outlets))
    fig, axes = new_figure(len(outlets), len(frames), width=width, height=height, sharex=True, sharey=True)
    for j, frame in enumerate(frames):
        axes[0, j].set_title(labels[frame], fontsize=8)
    for i, outlet in enumerate(outlets):
        axes[i, 0].set_ylabel(outlet, fontsize=7, rotation=0, ha="right", va="center")
    return fig, {(o, f): axes[i, j] for i, o in enumerate(outlets) for j, f in enumerate(frames)}


def plot_frame_shares_over_time(shares: pd.DataFrame, *, styles: Styles | None = None) -> Figure:
    """Share of each outlet's sentences carrying each frame, per period: a panel per frame
    with a line per outlet (up to four outlets), else a grid of outlets (rows) by frames;
    hollow markers where fewer than the table's ``min_sentences`` sentences stand behind
    the share (its ``small``), gaps where the period has none.

    ``shares`` is :func:`research_utils.analyse.timeline.share_frames_over_time`'s table
    (frames in its order, by their labels). A corpus of one period gets a figure saying
    there is no trend to draw.
    """
    chosen = styles_for(styles, shares["outlet"].astype(str).unique())
    labels = dict(zip(shares["frame"].astype(str), shares["label"].astype(str), strict=True))
    outlets, frames = list(chosen), list(labels)
    dated = shares[shares["dated"].astype(bool)]
    periods = sorted(dated["period_start"].astype(str).unique())
    title = "Frames over time"
    if not frames or dated["n_total"].sum() == 0:
        return no_data_figure(title, reason=f"no dated sentence of {outlet_list(outlets)} to count")
    unit = str(dated["unit"].iloc[0])
    if len(periods) == 1:
        return no_data_figure(
            title,
            reason=f"{one_period_note(periods[0], unit)}. Shares over time of {outlet_list(outlets)} "
            f"need two {unit}s or more; the frame shares per outlet show this one",
        )
    min_sentences = int(shares["min_sentences"].iloc[0])
    x = mdates.date2num(pd.to_datetime(periods).to_numpy())
    size = 4.5 if len(periods) <= 60 else 2.5
    top = min(1.0, float(dated["share"].max()) * 1.15 + 0.02)
    with figure_style():
        fig, cells = _share_cells(outlets, frames, labels)
        for (outlet, frame), ax in cells.items():
            rows = dated[(dated["outlet"] == outlet) & (dated["frame"] == frame)].set_index("period_start")
            rows = rows.reindex(periods)
            _share_line(ax, rows.fillna({"small": True}), x, chosen[outlet], outlet, size)
            ax.set_ylim(0, top)
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            _date_axis(ax)
        handles = _share_key(min_sentences)
        if len(outlets) <= MAX_GROUPED_OUTLETS:
            lines = [(o, chosen[o]) for o in outlets]
            handles = [
                Line2D([], [], color=s.colour, ls=s.linestyle, marker=s.marker, label=o) for o, s in lines
            ] + handles
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
        monday = " (weeks start on Monday)" if unit == "week" else ""
        fig.suptitle(
            f"Frames per {unit}{monday}:\nshare of each outlet's sentences carrying the frame\n"
            f"{_span(periods, unit)}" + _undated_note(shares, "n_total", "sentences of undated documents"),
            fontweight="bold",
        )
    cells_all = dated[dated["n_total"] > 0].drop_duplicates(["outlet", "period_start"])
    cells_small = cells_all[cells_all["small"].astype(bool)]
    text = (
        f"Share of the sentences of {outlet_list(outlets)} carrying each of the {len(frames)} frames "
        f"({', '.join(labels[f] for f in frames)}), per {unit} from {_span(periods, unit)}; hollow "
        f"markers: {len(cells_small)} of the {len(cells_all)} outlet-{unit}s with sentences have fewer "
        f"than {min_sentences}; gaps: {unit}s without sentences."
    )
    return describe(fig, text, omitted=_undated(shares, "n_total", "sentences without a date"))


def _window_panel(ax: Axes, rows: pd.DataFrame, style: OutletStyle) -> None:
    """One outlet's frames (rows, top first): the share before (hollow) and after (filled),
    joined, labelled with the change in points (* where the table finds one) or with what
    the counts do not allow (too few to compare, nothing to compare)."""
    cells = rows[["comparison", "tested", "share_before", "share_after", "difference"]].to_numpy()
    for y, (said, tested, before, after, difference) in zip(range(len(rows))[::-1], cells, strict=True):
        if not tested:
            ax.text(0.02, y, f"not compared: {said}", va="center", fontsize=7, color="#555555")
            continue
        few = said == "too few to compare"
        ax.plot([before, after], [y, y], color=NEUTRAL if few else style.colour, lw=1.4)
        for share, face in ((before, "white"), (after, "white" if few else style.colour)):
            ax.plot(
                share, y, marker=style.marker, markersize=7, markerfacecolor=face, markeredgecolor="black"
            )
        star = "*" if said in ("more after", "less after") else ""
        ax.annotate(
            f"{difference * 100:+.0f} pts{star}" + (" (too few to compare)" if few else ""),
            (max(before, after), y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.set_yticks(range(len(rows))[::-1], list(rows["label"]), fontsize=8)


def _window_title(first: pd.Series, outlet: str) -> str:
    """A panel's title: the outlet, its articles and sentences on each side, few marked."""
    before, after = int(first["n_documents_before"]), int(first["n_documents_after"])
    sentences = int(first["n_total_before"]), int(first["n_total_after"])
    few = min(sentences) > 0 and bool(first["small"])
    return (
        f"{outlet}\n{before} article{'s' * (before != 1)} ({sentences[0]} sentences) before, "
        f"{after} ({sentences[1]}) after"
        + (f"\nfewer than {int(first['min_sentences'])} sentences on a side" if few else "")
    )


def plot_event_window(window: pd.DataFrame, *, styles: Styles | None = None, label: str = "") -> Figure:
    """Each frame's share of each outlet's sentences in the days before the event (hollow
    marker) and after it (filled), one panel per outlet, the change in percentage points,
    * where its Benjamini-Hochberg adjusted p is below the table's ``alpha``, "too few to
    compare" where no split of the counts could be significant; a panel with a side of few
    sentences says so in its title.

    ``window`` is :func:`research_utils.analyse.timeline.compare_event_window`'s table,
    ``label`` the event's (the study file's ``event: label``). When no outlet has sentences
    on both sides, a figure says what is missing.
    """
    chosen = styles_for(styles, window["outlet"].astype(str).unique())
    outlets = list(chosen)
    title = "Frames before and after " + (f"the event ({label})" if label else "the event")
    if window.empty:
        return no_data_figure(title, reason="no outlet")
    first = window.iloc[0]
    days, when, alpha = (
        int(first["days"]),
        period_words(str(first["event_date"]), "day"),
        float(first["alpha"]),
    )
    sides = window.drop_duplicates("outlet")[["n_documents_before", "n_documents_after"]].sum()
    if not window["tested"].astype(bool).any():
        reason = (
            f"nothing to compare: {int(sides.iloc[0])} articles in the {days} days before {when}, "
            f"{int(sides.iloc[1])} in the {days} days after, and a comparison needs sentences on both sides "
            f"({outlet_list(outlets)})"
        )
        return no_data_figure(title, reason=reason)
    n_frames = int(window.groupby("outlet").size().max())
    top = min(1.2, float(window[["share_before", "share_after"]].max().max()) * 1.3 + 0.08)
    with figure_style():
        fig, axes = _panels(len(outlets), rows=n_frames, row_height=0.3, panel_width=4.4, max_cols=3)
        for ax, outlet in zip(axes.flat, outlets, strict=False):
            rows = window[window["outlet"].astype(str) == outlet]
            if rows.empty:
                ax.set_title(f"{outlet}\nnot in the table (no documents)", fontsize=9)
                continue
            ax.set_title(_window_title(rows.iloc[0], outlet), fontsize=8)
            _window_panel(ax, rows, chosen[outlet])
            ax.set_xlim(0, top)
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        hide_unused_axes(axes, len(outlets))
        key = [
            _key(f"the {days} days before", "white"),
            _key(f"the {days} days after"),
            _key(f"* adjusted p < {alpha:g} (Fisher, Benjamini-Hochberg)", marker=""),
            _key("grey: too few sentences to compare (no split could reach significance)", NEUTRAL),
        ]
        fig.legend(handles=key, loc="outside lower center", ncols=2, fontsize=8)
        fig.suptitle(
            f"{title}: {when}, {days} days each side (the day itself left out)\n"
            "share of each outlet's sentences carrying the frame",
            fontweight="bold",
        )
    return describe(fig, _window_text(window, outlets, when, days, alpha))


def _window_text(window: pd.DataFrame, outlets: list[str], when: str, days: int, alpha: float) -> str:
    """The event window figure's description."""
    said = window["comparison"].astype(str)
    hits = window[said.isin(["more after", "less after"])]
    found = [
        f"{o}: {lab} {d * 100:+.0f} pts"
        for o, lab, d in zip(hits["outlet"], hits["label"], hits["difference"], strict=True)
    ]
    return (
        f"Share of the sentences carrying each frame in the {days} days before and after {when} for "
        f"{outlet_list(outlets)}; {int(window['tested'].sum())} of {len(window)} outlet-frame pairs tested, "
        f"{int((said == 'too few to compare').sum())} too few to compare; "
        + (
            f"changes with adjusted p < {alpha:g}: {name_list(found)}."
            if found
            else f"none has adjusted p < {alpha:g}."
        )
    )
