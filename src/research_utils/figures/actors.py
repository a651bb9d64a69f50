"""Figures of actors: mentions per outlet (bars, heat map) and the named group (voices: :mod:`.voices`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from .bars import bar_rows_that_fit, outlet_bar_figure
from .layout import cut_rows, cut_rule, name_list, omitted_rows, wrap
from .style import (
    MAX_HEIGHT,
    MAX_WIDTH,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    no_data_figure,
    outlet_list,
    styles_for,
)


def plot_actor_mentions(
    counts: pd.DataFrame, *, n: int | None = None, styles: Styles | None = None
) -> Figure:
    """Grouped bars (one panel per outlet above four): mentions of each actor per outlet,
    most mentioned first, each bar labelled with its count.

    ``counts`` is :func:`research_utils.analyse.count_actor_mentions`'s table (actors by
    outlets, most mentioned first). ``n`` keeps the ``n`` most mentioned actors and every
    actor tied with the n-th (None: all that fit the figure); tied actors that do not fit
    are left out together and named. Outlets: those of ``styles`` (default: the table's);
    one without mentions says so.
    """
    if counts.empty:
        return no_data_figure("Actors mentioned per outlet", reason="no actor mentioned")
    outlets = styles_for(styles, counts.columns)
    limit = bar_rows_that_fit(len(outlets), len(counts), row_height=0.2)
    cut = cut_rows(counts, n, limit=limit)
    shown = cut.kept.set_axis([f"{actor} ({kind})" for actor, kind in cut.kept.index], axis=0)
    rule = cut_rule(cut, n, len(counts), "actors", "mentions")
    return outlet_bar_figure(
        shown,
        shown.astype(str),
        title="Actors mentioned per outlet" + (f"\n({wrap(rule, 130)})" if rule else ""),
        xlabel="mentions (names, glosses and resolved references; pronouns not counted)",
        xmax=max(1, int(shown.to_numpy().max(initial=0))) * 1.15,
        row_height=0.2,
        styles=styles,
        missing="no actor mentioned",
        about=f"Mentions of {len(shown)} actors per outlet" + (f" ({rule})." if rule else " (all actors)."),
        omitted=omitted_rows(cut, "mentions", "actors"),
    )


def plot_actor_heatmap(counts: pd.DataFrame, *, n: int | None = 15, styles: Styles | None = None) -> Figure:
    """Outlet × actor heat map of mentions (darker = more), each cell labelled with its count.

    ``counts`` is :func:`research_utils.analyse.count_actor_mentions`'s table (actors by
    outlets, most mentioned first). ``n`` keeps the ``n`` most mentioned actors and every
    actor tied with the n-th (None or 0: all that fit); the title states the rule and the
    tied actors left out when they do not fit. Columns: the outlets of ``styles`` (the
    study's, in its order; default: the table's), 0 for an outlet without mentions.
    Greyscale by design.
    """
    if counts.empty:
        return no_data_figure("Actor mentions per outlet", reason="no actor mentioned")
    outlets = list(styles_for(styles, counts.columns))
    full = counts.reindex(columns=outlets, fill_value=0)
    limit = int((MAX_HEIGHT - 3.0) // 0.3)
    cut = cut_rows(full, n or None, limit=limit)
    shown = cut.kept.droplevel("type")
    cell = min(1.6, (MAX_WIDTH - 4.2) / max(1, len(outlets)))
    with figure_style():
        fig, axes = new_figure(1, 1, width=cell * len(outlets) + 4.2, height=0.34 * len(shown) + 2.0)
        ax = axes[0, 0]
        _heatmap(ax, shown.to_numpy(), small=cell < 1.0)
        ax.set_xticks(
            range(len(outlets)),
            outlets,
            rotation=0 if cell >= 1.0 else 60,
            ha="center" if cell >= 1.0 else "left",
            fontsize=10 if cell >= 1.0 else 8,
        )
        ax.set_yticks(range(len(shown)), list(shown.index), fontsize=8)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        fig.colorbar(ax.images[0], ax=ax, label="mentions", shrink=0.6)
        rule = cut_rule(cut, n or None, len(counts), "actors", "mentions")
        ax.set_title(
            "Who is mentioned: actor mentions per outlet" + (f"\n({wrap(rule, 130)})" if rule else "")
        )
    text = f"Heat map of mentions of {len(shown)} actors in {outlet_list(outlets)}" + (
        f" ({rule})." if rule else " (all actors)."
    )
    return describe(fig, text, omitted=omitted_rows(cut, "mentions", "actors"))


def _heatmap(ax: Axes, values: np.ndarray, *, small: bool) -> None:
    """Grey cells with their counts."""
    ax.imshow(values, cmap="Greys", aspect="auto", vmin=0)
    top = values.max(initial=0) or 1
    for (i, j), value in np.ndenumerate(values):
        ax.text(
            j,
            i,
            str(value),
            ha="center",
            va="center",
            fontsize=7 if small else 8,
            color="white" if value > top / 2 else "black",
        )


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (relative luminance)."""
    r, g, b = to_rgb(fill)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "black"


def _named_cell(ax: Axes, x: float, y: float, row: pd.Series, style: OutletStyle, *, forms: bool) -> None:
    """One outlet × actor cell: a filled square with the count (and the forms used beside
    it when ``forms`` and they differ from the name), or an empty one with a dash."""
    if bool(row["named"]):
        ax.scatter(x, y, s=330, marker="s", color=style.colour, edgecolors="black", linewidths=0.6)
        ax.text(
            x,
            y,
            str(int(row["n_mentions"])),
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
            color=_text_colour(style.colour),
        )
        surfaces = "" if pd.isna(row["surfaces"]) else str(row["surfaces"])
        if forms and surfaces and surfaces != row["actor"]:
            ax.text(x + 0.16, y, surfaces.replace(";", ", "), va="center", fontsize=6.5)
    else:
        ax.scatter(x, y, s=330, marker="s", facecolors="white", edgecolors="#777777", linewidths=0.8)
        ax.text(x, y, "–", ha="center", va="center", fontsize=8, color="#777777")


#: Up to this many outlets the named-group grid has a column per outlet, with the forms
#: used; beyond, a row per outlet (the forms stay in the table's ``surfaces`` column).
MAX_NAMED_COLUMNS = 6


def plot_named_group(
    named: pd.DataFrame, *, title: str = "Summoned firms named by each outlet", styles: Styles | None = None
) -> Figure:
    """A grid of outlets × actors: a filled square (the outlet's colour) with the mention
    count where the outlet names the actor, an empty one with a dash where it does not.

    ``named`` is :func:`research_utils.analyse.name_group`'s table. Up to
    :data:`MAX_NAMED_COLUMNS` outlets: a column per outlet, with the forms used beside the
    square when they differ from the canonical name; beyond, a row per outlet and no forms
    (the description says so).
    """
    styles_ = styles_for(styles, named["outlet"].astype(str).unique())
    outlets, actors = list(styles_), list(dict.fromkeys(named["actor"].astype(str)))
    wide = len(outlets) <= MAX_NAMED_COLUMNS
    rows, cols = (actors, outlets) if wide else (outlets, actors)
    step = min(0.36, (MAX_HEIGHT - 3.0) / max(1, len(rows)))
    with figure_style():
        width = 2.2 * len(cols) + 2.4 if wide else min(MAX_WIDTH, 0.7 * len(cols) + 3.0)
        fig, axes = new_figure(1, 1, width=width, height=step * len(rows) + 2.5)
        ax = axes[0, 0]
        for _, row in named.astype({"outlet": str, "actor": str}).iterrows():
            if row["actor"] not in actors or row["outlet"] not in outlets:
                continue
            col, line = (row["outlet"], row["actor"]) if wide else (row["actor"], row["outlet"])
            x, y = cols.index(col), len(rows) - 1 - rows.index(line)
            _named_cell(ax, x, y, row, styles_[row["outlet"]], forms=wide)
        ax.set_xticks(range(len(cols)), cols, rotation=0 if wide else 45, ha="center" if wide else "left")
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(rows)), rows[::-1], fontsize=10 if step >= 0.3 else 7)
        ax.set_xlim(-0.5, len(cols) - 1 + (1.3 if wide else 0.9))
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(title)
        ax.set_xlabel(
            "filled: named (number = mentions"
            + ("; small text = forms used when they differ" if wide else "")
            + "); – : not named",
            fontsize=8,
        )
    text = (
        f"{title}: which of {len(actors)} actors ({name_list(actors)}) each of {outlet_list(outlets)} names."
    )
    if not wide:
        text += (
            " The forms each outlet uses are not drawn at this many outlets (the table's surfaces column)."
        )
    return describe(fig, text)
