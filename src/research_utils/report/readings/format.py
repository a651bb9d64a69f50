"""Formatting numbers and lists in readings: ties kept, long lists cut with what was left out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

#: Items a reading lists before it summarises the rest ("and 12 more").
MAX_LISTED = 8


def join(items: Iterable[str], *, conjunction: str = "and") -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def listed(
    items: Sequence[str], *, limit: int = MAX_LISTED, what: str = "more", conjunction: str = "and"
) -> str:
    """At most ``limit`` items joined, then how many were left out (``"…, h and 4 more"``)."""
    if len(items) <= limit:
        return join(items, conjunction=conjunction)
    return join([*items[:limit], f"{len(items) - limit} {what}"], conjunction=conjunction)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 article``, ``3 articles``."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def fraction(n: int, total: int, unit: str = "") -> str:
    """``11 of 14 sentences (79 %)``."""
    percent = f" ({100 * n / total:.0f} %)" if total else ""
    return f"{n:,} of {total:,}{' ' + unit if unit else ''}{percent}"


def top_with_ties(values: pd.Series, *, n: int = 1) -> list[str]:
    """The index labels with the ``n`` largest values, all of those tied at the cut included."""
    if values.empty:
        return []
    ordered = values.sort_values(ascending=False, kind="stable")
    cut = ordered.iloc[min(n, len(ordered)) - 1]
    return [str(label) for label in ordered[ordered >= cut].index]
