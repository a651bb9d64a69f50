"""The tables the pipeline writes: their columns, types and meaning, in one place.

One module per subject (``prepared``, ``words``, ``frames``, ``classifier``, ``voices``, ``time``,
``suggestions``, ``topics``) declares its tables; writers order columns and round floats from
these declarations (:mod:`research_utils.tables`), readers restore the types, and the README's
data dictionary is generated from them (``research-utils docs``).
"""

from __future__ import annotations

from typing import Literal

from . import classifier, coding, frames, prepared, suggestions, time, topics, voices, words
from .column import Column, Dtype, Table

Stage = Literal["prepare", "analyse", "suggest", "reliability", "adjudicate"]

#: Every table, in pipeline order.
TABLES: dict[str, Table] = {
    **prepared.TABLES,
    **words.TABLES,
    **frames.TABLES,
    **classifier.TABLES,
    **voices.TABLES,
    **time.TABLES,
    **suggestions.TABLES,
    **topics.TABLES,
    **coding.TABLES,
}
#: Each table's columns.
SCHEMAS: dict[str, tuple[Column, ...]] = {name: table.columns for name, table in TABLES.items()}
#: What one row of each table is, and the row order.
DESCRIPTIONS: dict[str, str] = {name: table.description for name, table in TABLES.items()}
#: The tables of the prepare stage.
PREPARED: tuple[str, ...] = tuple(prepared.TABLES)
#: The tables of ``research-utils suggest`` (for the user to review, then adopt).
SUGGESTED: tuple[str, ...] = (*suggestions.TABLES, *topics.TABLES)
#: The stage (and so the command and folder) that writes each table.
STAGES: dict[str, Stage] = {
    name: "prepare" if name in PREPARED else "suggest" if name in SUGGESTED else "analyse" for name in TABLES
} | {"reliability": "reliability", "disagreements": "reliability", "decisions": "adjudicate"}
#: The metadata columns of a corpus, in order (the first columns of ``documents``).
METADATA_COLUMNS: tuple[str, ...] = tuple(c.name for c in prepared.TABLES["documents"].columns[:9])

__all__ = [
    "DESCRIPTIONS",
    "METADATA_COLUMNS",
    "PREPARED",
    "SCHEMAS",
    "STAGES",
    "SUGGESTED",
    "TABLES",
    "Column",
    "Dtype",
    "Stage",
    "Table",
]
