"""Layouts that stay bounded, and cuts that never split a tie.

A grid of small multiples wraps into more columns, then shows fewer rows per panel, rather
than grow beyond :data:`~.style.MAX_WIDTH` × :data:`~.style.MAX_HEIGHT` (:func:`panel_grid`).
A "top n" keeps every row tied with the n-th; when the tied rows do not fit, all of them
are left out and named, never cut alphabetically (:func:`cut_with_ties`).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .style import MAX_HEIGHT, MAX_WIDTH


def grid_shape(n_panels: int, max_cols: int) -> tuple[int, int]:
    """Rows and columns of a grid of ``n_panels`` panels, at most ``max_cols`` per row."""
    ncols = max(1, min(n_panels, max_cols))
    return -(-n_panels // ncols), ncols


def hide_unused_axes(axes: np.ndarray, n_used: int) -> None:
    """Hide every axes of the grid ``axes`` after the first ``n_used`` (row by row)."""
    for ax in axes.flat[n_used:]:
        ax.set_visible(False)


@dataclass(frozen=True)
class Grid:
    """A grid of panels: its shape, the figure's size in inches, and how many rows (bars,
    terms) each panel has room for."""

    nrows: int
    ncols: int
    width: float
    height: float
    rows: int


def panel_grid(
    n_panels: int,
    *,
    rows: int,
    row_height: float,
    panel_width: float,
    panel_extra: float = 0.9,
    max_cols: int = 3,
    side: float = 0.6,
    top: float = 1.0,
) -> Grid:
    """The grid for ``n_panels`` panels of ``rows`` rows each (``row_height`` inches per
    row plus ``panel_extra`` for a panel's title and axis; ``side`` and ``top`` inches for
    the figure's labels and title).

    ``max_cols`` columns when the figure fits :data:`~.style.MAX_HEIGHT`; otherwise as
    many more columns as :data:`~.style.MAX_WIDTH` allows; otherwise the widest grid with
    fewer rows per panel (``Grid.rows < rows``: the caller shows fewer and says so).
    """
    n_panels, rows = max(1, n_panels), max(1, rows)
    widest = max(1, min(n_panels, int((MAX_WIDTH - side) // panel_width)))
    first = min(max_cols, n_panels)
    for ncols in range(first, max(first, widest) + 1):
        nrows = math.ceil(n_panels / ncols)
        height = (rows * row_height + panel_extra) * nrows + top
        if height <= MAX_HEIGHT:
            return Grid(nrows, ncols, min(panel_width * ncols + side, MAX_WIDTH), height, rows)
    ncols = max(first, widest)
    nrows = math.ceil(n_panels / ncols)
    fit = int(((MAX_HEIGHT - top) / nrows - panel_extra) // row_height)
    return Grid(nrows, ncols, min(panel_width * ncols + side, MAX_WIDTH), MAX_HEIGHT, max(1, fit))


@dataclass(frozen=True)
class Cut:
    """The rows a "top n" keeps (``kept``, in the table's order), the names of the rows
    tied at the cut that were left out (``tied_out``: their number did not fit), the score
    they share (``tie_score``), and how many rows scored lower (``n_below``)."""

    kept: pd.DataFrame
    tied_out: list[str]
    tie_score: float | None
    n_below: int

    @property
    def complete(self) -> bool:
        """Whether every row was kept."""
        return not self.tied_out and self.n_below == 0


def cut_with_ties(
    table: pd.DataFrame, score: pd.Series, names: pd.Series, n: int | None, *, limit: int
) -> Cut:
    """The rows of ``table`` with the ``n`` highest ``score`` values and every row tied
    with the n-th (``n`` None: all), at most ``limit`` rows in all: when the rows tied at
    the cut would exceed ``limit``, all of them are left out (and named, by ``names``),
    never some of them alphabetically. ``score`` and ``names`` are aligned with ``table``.
    """
    size = min(len(table) if n is None else n, max(1, limit))
    values = score.to_numpy(dtype=float)
    if len(table) <= size:
        return Cut(table, [], None, 0)
    cut = float(np.sort(values)[::-1][size - 1])
    above, tied, below = values > cut, values == cut, int((values < cut).sum())
    if (above | tied).sum() <= limit:
        return Cut(table[above | tied], [], cut, below)
    return Cut(table[above], [str(s) for s in names[tied]], cut, below)


def rows_with_ties(score: pd.Series, n: int) -> int:
    """How many positive ``score`` values are at least the n-th largest: the rows a top
    ``n`` shows when every tie at the cut is kept."""
    values = np.sort(score.to_numpy(dtype=float)[score.to_numpy(dtype=float) > 0])[::-1]
    if len(values) == 0:
        return 0
    return int((values >= values[min(n, len(values)) - 1]).sum())


def cut_note(cut: Cut, noun: str, *, score: str, fmt: str = "{:g}") -> str:
    """What ``cut`` left out at its tie, e.g. ``"22 terms tied at 2 occ. not shown (no room
    for all)"``; empty when no tie was left out."""
    if not cut.tied_out or cut.tie_score is None:
        return ""
    return (
        f"{len(cut.tied_out)} {noun} tied at {fmt.format(cut.tie_score)} {score} not shown (no room for all)"
    )


def name_list(names: Iterable[str], *, limit: int = 12) -> str:
    """``names`` comma-joined, the first ``limit`` and "and N more" after them."""
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def wrap(text: str, width: int = 110) -> str:
    """``text`` wrapped to lines of at most ``width`` characters (figure notes)."""
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def cut_rows(counts: pd.DataFrame, n: int | None, *, limit: int) -> Cut:
    """The rows of a rows × outlets count table (``counts``) with the ``n`` largest totals
    over all outlets, every row tied with the n-th included (at most ``limit`` rows; when
    the tied rows do not fit, all of them are left out and named). Names: the index joined
    as ``"actor (type)"``."""
    names = pd.Series(
        [" ".join([str(i[0]), f"({i[1]})"]) if isinstance(i, tuple) else str(i) for i in counts.index],
        index=counts.index,
    )
    return cut_with_ties(counts, counts.sum(axis=1), names, n, limit=limit)


def cut_rule(cut: Cut, n: int | None, total: int, noun: str, unit: str) -> str:
    """The selection rule of ``cut`` in words, for a title: empty when every row is shown
    and none was asked to be cut."""
    kept = len(cut.kept)
    tied = f"the top {n} and every one tied with the {ordinal(n)}" if n is not None and kept > n else ""
    if cut.complete:
        return f"all {total} {noun}: {tied}" if tied else ""
    if cut.tied_out:
        names = name_list(cut.tied_out, limit=6)
        return (
            f"{kept} of {total} {noun}, those with more than {cut.tie_score:g} {unit}; "
            f"the {len(cut.tied_out)} tied at {cut.tie_score:g} do not all fit, so none is shown: {names}"
        )
    return f"{kept} of {total} {noun}, those with at least {cut.tie_score:g} {unit}" + (
        f" ({tied})" if tied else ""
    )


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``15th``, ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def omitted_rows(cut: Cut, unit: str, noun: str = "rows") -> dict[str, str]:
    """Rows left out, for the description: tied ones by name, lower ones by rule."""
    omitted = {name: f"tied at {cut.tie_score:g} {unit}, too many to show" for name in cut.tied_out}
    if cut.n_below and cut.tie_score is not None:
        omitted[f"{cut.n_below} more {noun}"] = f"fewer than {cut.tie_score:g} {unit}"
    return omitted
