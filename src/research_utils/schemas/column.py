"""How a table is declared: its description and its columns (name, type, meaning)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dtype = Literal["string", "int64", "float64", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a table: name, pandas dtype, meaning; ``significant`` floats (p-values)
    are rounded to significant digits rather than decimals."""

    name: str
    dtype: Dtype
    description: str
    significant: bool = False


@dataclass(frozen=True)
class Table:
    """A table: what one row is and the row order, and its columns in order."""

    description: str
    columns: tuple[Column, ...]
