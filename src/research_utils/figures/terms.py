"""Figures of words: frequent terms and keyness (scatter: :mod:`.scatter`; dispersion: :mod:`.dispersion`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .layout import (
    Cut,
    Grid,
    cut_note,
    cut_with_ties,
    hide_unused_axes,
    name_list,
    ordinal,
    panel_grid,
    rows_with_ties,
)
from .style import (
    BAR_LABEL_PADDING,
    NEUTRAL,
    OutletStyle,
    Styles,
    describe,
    figure_style,
    new_figure,
    outlet_list,
    styles_for,
)


def _tied_out(outlet: str, cut: Cut, unit: str) -> dict[str, str]:
    """A description entry naming the terms ``cut`` left out at its tie."""
    if not cut.tied_out or cut.tie_score is None:
        return {}
    names = name_list(cut.tied_out, limit=40)
    key = f"{outlet}: {len(cut.tied_out)} terms tied at {cut.tie_score:g} {unit} ({names})"
    return {key: "too many to show them all, so none of them is shown"}


def _chosen_outlets(
    styles: Mapping[str, OutletStyle], outlets: Iterable[str] | None, default: list[str]
) -> tuple[list[str], dict[str, str]]:
    """The outlets a per-outlet figure draws (``outlets``, else ``default``), and the
    others of ``styles`` with why they are not drawn."""
    chosen = [str(o) for o in outlets] if outlets is not None else default
    return chosen, {o: "not among the outlets asked for" for o in styles if o not in chosen}


def plot_top_terms(
    frequencies: pd.DataFrame,
    *,
    n: int = 15,
    outlets: Iterable[str] | None = None,
    max_cols: int = 3,
    styles: Styles | None = None,
) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each outlet, per 1,000 word tokens.

    ``frequencies`` is the ``term_frequencies`` table; one panel per outlet (of ``styles``,
    the study's, in its order; or ``outlets``), bars in the outlet's colour and hatch, each
    labelled with its raw count. Every term tied with the n-th is shown too; when the tied
    terms do not fit the panel, none of them is, and the panel says how many were left
    out (the description names them). The grid wraps wider above ``max_cols`` when tall.
    """
    chosen_styles = styles_for(styles, frequencies["outlet"].astype(str).unique())
    chosen, omitted = _chosen_outlets(chosen_styles, outlets, list(chosen_styles))
    tables = {o: frequencies[frequencies["outlet"] == o] for o in chosen}
    wanted = max([rows_with_ties(t["freq"], n) for t in tables.values()], default=1)
    grid = panel_grid(
        len(chosen),
        rows=wanted,
        row_height=0.24,
        panel_width=3.6,
        panel_extra=1.1,
        max_cols=max_cols,
        top=0.6,
    )
    per = n if grid.rows >= wanted else grid.rows
    room = "" if per == n else f" (room for {per} of the {n} asked at {len(chosen)} outlets)"
    with figure_style():
        fig, axes = new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height)
        for ax, outlet in zip(axes.flat, chosen, strict=False):
            style, rows = chosen_styles[outlet], tables[outlet]
            cut = cut_with_ties(rows, rows["freq"], rows["term"].astype(str), per, limit=grid.rows)
            top = cut.kept
            y = np.arange(len(top))[::-1]
            bars = ax.barh(
                y, top["per_1k"], color=style.colour, hatch=style.hatch, edgecolor="black", linewidth=0.6
            )
            ax.bar_label(bars, labels=[str(c) for c in top["freq"]], padding=BAR_LABEL_PADDING, fontsize=8)
            ax.set_yticks(y, top["term"].astype(str))
            ax.set_title(
                outlet if not cut.tied_out else f"{outlet}\n({cut_note(cut, 'terms', score='occ.')})",
                fontsize=None if not cut.tied_out else 8,
            )
            ax.set_xlabel("per 1,000 word tokens")
            ax.margins(x=0.15)
            if rows.empty:
                ax.text(0.5, 0.5, "no terms", transform=ax.transAxes, ha="center", va="center")
            omitted |= _tied_out(outlet, cut, "occurrences")
        hide_unused_axes(axes, len(chosen))
        fig.suptitle(
            f"Most frequent terms per outlet: top {per} and every term tied with the {ordinal(per)}{room}\n"
            "(per 1,000 word tokens; bar labels: counts)"
        )
    text = (
        f"The {per} most frequent terms of each outlet and every term tied with the {ordinal(per)}{room}, "
        f"per 1,000 word tokens: {outlet_list(chosen)}."
    )
    return describe(fig, text, omitted=omitted)


def _significance(rows: pd.DataFrame, *, critical: float, alpha: float) -> tuple[np.ndarray, str]:
    """Which rows are significant, and the rule in words: Benjamini–Hochberg adjusted p
    (``p_adjusted``, empty when the row was not tested) below ``alpha`` when the table has
    it, else ``|g2| >= critical``."""
    if "p_adjusted" in rows.columns:
        p = pd.to_numeric(rows["p_adjusted"], errors="coerce").to_numpy(dtype=float)
        return np.nan_to_num(p, nan=1.0) < alpha, f"Benjamini–Hochberg adjusted p < {alpha:g}"
    g2 = rows["g2"].to_numpy(dtype=float)
    return np.abs(
        g2
    ) >= critical, f"G² ≥ {critical:g} (p < .05 for one test; not adjusted for the many terms)"


def _keyness_sides(rows: pd.DataFrame, n: int, limit: int) -> tuple[pd.DataFrame, Cut, Cut]:
    """The terms drawn for one outlet: the ``n`` largest positive and negative G² (ties
    included when they fit ``limit`` rows per side), ordered by log ratio."""
    by_g2 = ["g2", "log_ratio", "term"]
    up = rows[rows["g2"] > 0].sort_values(by_g2, ascending=[False, False, True])
    down = rows[rows["g2"] < 0].sort_values(by_g2, ascending=[True, True, True])
    cut_up = cut_with_ties(up, up["g2"], up["term"].astype(str), n, limit=limit)
    cut_down = cut_with_ties(down, -down["g2"], down["term"].astype(str), n, limit=limit)
    shown = pd.concat([cut_up.kept, cut_down.kept])
    return shown.sort_values(["log_ratio", "g2", "term"], ascending=[False, False, True]), cut_up, cut_down


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    n: int = 10,
    outlets: Iterable[str] | None = None,
    critical: float = 3.84,
    alpha: float = 0.05,
    min_freq: int = 2,
    max_cols: int = 2,
    styles: Styles | None = None,
) -> Figure:
    """Diverging bars of log ratio for each target outlet's key terms.

    Per target outlet, the ``n`` terms with the largest positive G² (relatively more
    frequent in the target, right, in its colour) and the ``n`` with the most negative
    (more frequent in the reference, left), among terms seen at least ``min_freq`` times in
    all, every term tied with the n-th included (when the tied terms do not fit, none of
    them is, and the panel says so). Significant bars are solid and starred, the others
    pale: by the table's ``p_adjusted`` (Benjamini–Hochberg) below ``alpha`` when it has
    the column, else ``|g2| >= critical``; the title says which. Each bar is labelled
    ``target:reference`` counts. With two outlets only the first (in ``styles`` order) is
    drawn by default: the other is its mirror image.
    """
    chosen_styles = styles_for(styles, keyness["outlet"].astype(str).unique())
    in_table = set(keyness["outlet"].astype(str).unique())
    present = [o for o in chosen_styles if o in in_table]
    chosen, omitted = _chosen_outlets(chosen_styles, outlets, present[:1] if len(present) == 2 else present)
    omitted = {o: why for o, why in omitted.items() if not (len(present) == 2 and o in present)}
    rows, furniture = _keyness_rows(keyness, chosen, min_freq=min_freq)
    _, rule = _significance(rows.head(0), critical=critical, alpha=alpha)
    grid, per_side, limit = _keyness_layout(rows, chosen, n, max_cols=max_cols)
    small = len(chosen) > 4
    with figure_style():
        fig, axes = new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height)
        for ax, outlet in zip(axes.flat, chosen, strict=False):
            shown, cut_up, cut_down = _keyness_sides(rows[rows["outlet"] == outlet], per_side, limit)
            strong, _ = _significance(shown, critical=critical, alpha=alpha)
            _draw_keyness_panel(ax, shown, strong, outlet, chosen_styles, present, small=small)
            notes = [
                cut_note(c, f"terms {side}", score="G²", fmt="{:.2f}")
                for c, side in ((cut_up, "more in it"), (cut_down, "less in it"))
                if c.tied_out
            ]
            if notes:
                ax.set_title(ax.get_title() + "\n(" + "; ".join(notes) + ")", fontsize=7 if small else 8)
            omitted |= _tied_out(f"{outlet} (more)", cut_up, "G²") | _tied_out(
                f"{outlet} (less)", cut_down, "G²"
            )
        hide_unused_axes(axes, len(chosen))
        room = "" if per_side == n else f" (room for {per_side} of the {n} asked at {len(chosen)} outlets)"
        fig.suptitle(
            f"Keyness: log ratio (binary log of the ratio of relative frequencies)\n"
            f"top {per_side} terms per side{room}, ties included; labels: target:reference counts\n"
            f"solid bars and * : {rule}; pale: not significant"
        )
    text = (
        f"Key terms of {outlet_list(chosen)} against the rest of the corpus ({outlet_list(present)}): log "
        f"ratio of the {per_side} terms with the largest positive and negative G² each{room}, ties "
        f"included; solid and starred: {rule}."
    )
    return describe(fig, text, omitted=omitted | furniture)


def _keyness_layout(rows: pd.DataFrame, chosen: list[str], n: int, *, max_cols: int) -> tuple[Grid, int, int]:
    """The grid of a keyness figure, the terms per side it has room for (``n`` when all
    fit), and how many rows a side may take with its ties."""
    wanted = max(
        [
            rows_with_ties(sub["g2"], n) + rows_with_ties(-sub["g2"], n)
            for _, sub in rows[rows["outlet"].isin(chosen)].groupby("outlet")
        ],
        default=1,
    )
    small = len(chosen) > 4
    grid = panel_grid(
        len(chosen),
        rows=wanted,
        row_height=0.2 if small else 0.26,
        panel_width=4.2 if small else 6.0,
        panel_extra=1.0 if small else 1.4,
        max_cols=max_cols,
        top=0.8,
    )
    if grid.rows >= wanted:
        return grid, n, grid.rows
    per_side = max(1, min(n, grid.rows // 2))
    return grid, per_side, per_side


def _keyness_rows(
    keyness: pd.DataFrame, chosen: list[str], *, min_freq: int
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The rows a keyness figure may draw: seen at least ``min_freq`` times, and not flagged
    ``boilerplate`` (page furniture: left out, and named for the description)."""
    rows = keyness[keyness["freq_target"] + keyness["freq_reference"] >= min_freq]
    if "boilerplate" not in rows.columns:
        return rows, {}
    furniture = rows[rows["boilerplate"].fillna(False).astype(bool) & rows["outlet"].isin(chosen)]
    named = {
        f"{outlet}: {name_list(terms.astype(str), limit=40)}": "flagged boilerplate (page furniture)"
        for outlet, terms in furniture.groupby("outlet")["term"]
    }
    return rows.drop(furniture.index), named


def _draw_keyness_panel(
    ax: Axes,
    shown: pd.DataFrame,
    strong: np.ndarray,
    outlet: str,
    styles: Mapping[str, OutletStyle],
    present: list[str],
    *,
    small: bool = False,
) -> None:
    """One outlet's diverging bars: the rows of ``shown`` top to bottom, right of zero in the
    target's colour, left of it in the reference's (grey for all other outlets pooled)."""
    others = [o for o in present if o != outlet]
    reference = others[0] if len(others) == 1 else "all other outlets"
    y = np.arange(len(shown))[::-1]
    columns = (shown[c].to_numpy() for c in ("log_ratio", "freq_target", "freq_reference"))
    for yi, is_strong, (log_ratio, freq_target, freq_reference) in zip(
        y, strong, zip(*columns, strict=True), strict=True
    ):
        side = outlet if log_ratio > 0 else (others[0] if len(others) == 1 else None)
        bar = ax.barh(
            yi,
            log_ratio,
            color=styles[side].colour if side else NEUTRAL,
            hatch=styles[side].hatch if side else "xx",
            alpha=1.0 if is_strong else 0.35,
            edgecolor="black",
            linewidth=0.8 if is_strong else 0.4,
        )
        label = f"{freq_target}:{freq_reference}" + (" *" if is_strong else "")
        ax.bar_label(
            bar,
            labels=[label],
            padding=BAR_LABEL_PADDING,
            fontsize=6.5 if small else 8,
            fontweight="bold" if is_strong else "normal",
        )
    ax.set_yticks(y, shown["term"].astype(str), fontsize=7 if small else None)
    ax.axvline(0, color="black", linewidth=0.8)
    limit = max(1.0, float(np.abs(shown["log_ratio"]).max()) if len(shown) else 1.0) * 1.35
    ax.set_xlim(-limit, limit)
    ax.set_title(f"{outlet} vs {reference}", fontsize=9 if small else None)
    ax.set_xlabel(f"log ratio: ← more in {reference} · more in {outlet} →", fontsize=7 if small else None)
    if small:
        ax.tick_params(axis="x", labelsize=7)
