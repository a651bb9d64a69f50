"""Dispersion: where key terms occur in the articles, per article or pooled per outlet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .layout import Grid, hide_unused_axes, name_list, panel_grid
from .style import Styles, describe, figure_style, new_figure, no_data_figure, outlet_list, styles_for

#: Above this many occurrences in a panel, ticks are rasterised (in the SVG too), so a large
#: corpus gives a density rather than a file of a million shapes.
MANY_TICKS = 500


def _terms_of(key_terms: Iterable[str] | Mapping[str, Iterable[str]], panel_outlet: str) -> list[str]:
    """The terms (rows) of a panel: the same list for every panel, or the outlet's own."""
    if isinstance(key_terms, Mapping):
        return list(dict.fromkeys(str(t) for t in key_terms.get(panel_outlet, ())))
    return list(dict.fromkeys(str(t) for t in key_terms))


def _draw_ticks(ax: Axes, hits: pd.DataFrame, terms: list[str], colour: str, *, rows: int) -> None:
    """One panel: a row per term (first on top), a tick at each occurrence's position;
    translucent where many occurrences pile up, so density shows."""
    index = {term: rows - 1 - i for i, term in enumerate(terms)}
    hits = hits[hits["term"].isin(terms)]
    pile = int(hits["term"].value_counts().max()) if len(hits) else 1
    ax.scatter(
        hits["position"],
        hits["term"].map(index),
        marker="|",
        s=200 if rows < 20 else 90,
        linewidths=2.0 if pile < 50 else 1.0,
        color=colour,
        alpha=min(1.0, max(0.1, 30 / pile)),
        zorder=2,
        rasterized=len(hits) > MANY_TICKS,
    )
    for row in index.values():
        ax.axhline(row, color="#DDDDDD", linewidth=0.6, zorder=1)
    ax.set_yticks(list(index.values()), list(index), fontsize=8 if rows < 20 else 6)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_xlim(-0.02, 1.02)


def _layout(
    dispersion: pd.DataFrame,
    docs: pd.DataFrame,
    outlets: list[str],
    key_terms: Iterable[str] | Mapping[str, Iterable[str]],
    *,
    per_article: bool,
) -> tuple[list[tuple[str, str | None, pd.Series]], Grid]:
    """The panels (outlet, doc_id or None, mask of ``dispersion``'s rows) and their grid."""
    panels: list[tuple[str, str | None, pd.Series]] = (
        [
            (o, str(d), dispersion["doc_id"] == d)
            for o in outlets
            for d in docs.loc[docs["outlet"] == o, "doc_id"]
        ]
        if per_article
        else [(o, None, dispersion["outlet"] == o) for o in outlets]
    )
    rows = max((len(_terms_of(key_terms, o)) for o, _, _ in panels), default=1)
    grid = panel_grid(
        len(panels),
        rows=rows,
        row_height=0.26 if per_article else 0.2,
        panel_width=7.5 if per_article else 4.6,
        panel_extra=0.8,
        max_cols=1 if per_article else 3,
    )
    return panels, grid


def plot_dispersion(
    dispersion: pd.DataFrame,
    key_terms: Iterable[str] | Mapping[str, Iterable[str]],
    *,
    documents: pd.DataFrame | None = None,
    max_documents: int = 12,
    styles: Styles | None = None,
) -> Figure:
    """Where each key term occurs in the articles, from 0 (first token) to 1 (last).

    ``dispersion`` is :func:`research_utils.analyse.measure_dispersion`'s table;
    ``key_terms`` the terms (rows, first on top): one list for every panel, or a mapping
    outlet → its own terms (e.g. each outlet's top key terms). Up to ``max_documents``
    articles, one panel per article; beyond, one panel per outlet with the occurrences of
    all its articles pooled (translucent ticks: darker where more occur). ``documents``
    (the documents table) gives the articles' number per outlet, also those without a key
    term. Outlets: those of ``styles`` (the study's; default: the table's). When a panel
    cannot hold all its terms within the size limit, it keeps the first ones (in the
    order given) and the figure names the others.
    """
    docs = documents if documents is not None else dispersion[["doc_id", "outlet"]].drop_duplicates()
    docs = docs.astype({"doc_id": str, "outlet": str}).sort_values("doc_id", kind="stable")
    chosen = styles_for(styles, {*dispersion["outlet"].astype(str), *docs["outlet"]})
    outlets = list(chosen)
    if not outlets:
        return no_data_figure("Where the key terms occur", reason="no occurrence of a key term")
    per_article = len(docs) <= max_documents and not isinstance(key_terms, Mapping)
    panels, grid = _layout(dispersion, docs, outlets, key_terms, per_article=per_article)
    if per_article and grid.rows < max(len(_terms_of(key_terms, o)) for o in outlets):
        per_article = False  # one panel per article would not fit: pool per outlet
        panels, grid = _layout(dispersion, docs, outlets, key_terms, per_article=False)
    omitted: dict[str, str] = {}
    with figure_style():
        fig, axes = new_figure(grid.nrows, grid.ncols, width=grid.width, height=grid.height, sharex=True)
        for ax, (outlet, doc_id, mask) in zip(axes.flat, panels, strict=False):
            terms = _terms_of(key_terms, outlet)
            kept, dropped = terms[: grid.rows], terms[grid.rows :]
            _draw_ticks(ax, dispersion[mask], kept, chosen[outlet].colour, rows=max(1, len(kept)))
            n_docs = int((docs["outlet"] == outlet).sum())
            title = (
                f"{outlet} ({doc_id})"
                if doc_id
                else f"{outlet} ({n_docs} articles, {int(mask.sum())} occurrences)"
            )
            ax.set_title(
                title + (f"\n(+{len(dropped)} terms not shown: no room)" if dropped else ""),
                loc="left",
                fontsize=9 if dropped or not per_article else 10,
            )
            if dropped:
                omitted[f"{outlet}: {name_list(dropped, limit=40)}"] = (
                    "terms beyond the panel's room, in the order given"
                )
        hide_unused_axes(axes, len(panels))
        fig.supxlabel("position in the article (0 = first token, 1 = last token)", fontsize=9)
        pooled = "" if per_article else "\n(each outlet's articles pooled: darker where more occur)"
        fig.suptitle(f"Where the key terms occur in each {'article' if per_article else 'outlet'}{pooled}")
    unit = "article" if per_article else "outlet, pooled over its articles"
    text = f"Positions of the key terms' occurrences, one panel per {unit}; outlets: {outlet_list(outlets)}."
    return describe(fig, text, omitted=omitted)
