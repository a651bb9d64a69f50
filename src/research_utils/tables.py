"""The processed tables: their columns, types and meaning, in one place.

Every table the pipeline writes is declared here; writers order columns from these
declarations, readers restore the types, and a test checks that the README's data
dictionary documents every column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .io import read_csv, write_csv


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    dtype: str
    description: str


_METADATA = (
    Column("doc_id", "string", "document identifier, from metadata.csv"),
    Column("file", "string", "article file name in the raw folder"),
    Column("outlet", "string", "news outlet"),
    Column("country", "string", "outlet's country or territory"),
    Column("published", "string", "publication date, ISO YYYY-MM-DD"),
    Column("section", "string", "section of the outlet"),
    Column("url", "string", "original address"),
    Column("language", "string", "ISO 639-1 language code (only en is supported)"),
    Column("notes", "string", "free-text provenance notes"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "documents": (
        *_METADATA,
        Column("n_sentences", "int64", "sentences in the document"),
        Column("n_tokens", "int64", "tokens, punctuation included"),
        Column("n_word_tokens", "int64", "tokens that are not punctuation or symbols (is_punct false)"),
    ),
    "sentences": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("text", "string", "the sentence, text[start:end]"),
    ),
    "tokens": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("token_id", "int64", "token number, 0-based within the document"),
        Column("token", "string", "surface form, exactly text[start:end] (typographic quotes kept)"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("lower", "string", "token lower-cased"),
        Column(
            "lemma", "string", "WordNet lemma of lower for the tag's word class (lower itself for other tags)"
        ),
        Column("pos", "string", "Penn Treebank tag from nltk.pos_tag on the sentence's tokens"),
        Column("upos", "string", "universal tag (NLTK's en-ptb to universal map)"),
        Column("is_stop", "bool", "lower is in NLTK's English stop-word list"),
        Column("is_punct", "bool", "every character is Unicode punctuation or a symbol"),
        Column("is_alpha", "bool", "every character is a letter (str.isalpha)"),
    ),
    "glosses": (
        Column("doc_id", "string", "document identifier"),
        Column("english", "string", "English name the Chinese gloss followed (empty if none)"),
        Column("chinese", "string", "the Chinese name that was in parentheses"),
        Column("start", "int64", "offset of the English name in the document's cleaned text"),
        Column("end", "int64", "offset one past the English name (where the gloss was removed)"),
    ),
}

SENTENCE_COLUMNS = tuple(c.name for c in SCHEMAS["sentences"])
TOKEN_COLUMNS = tuple(c.name for c in SCHEMAS["tokens"])


def columns(table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [c.name for c in SCHEMAS[table]]


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns."""
    return {c.name: c.dtype for c in SCHEMAS[table]}


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row DataFrame with ``table``'s columns and types."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in SCHEMAS[table]})


def as_table(table: str, data: Mapping[str, list] | pd.DataFrame) -> pd.DataFrame:
    """``data`` as ``table``: declared columns, in order, with declared types."""
    frame = pd.DataFrame(data)
    return frame[columns(table)].astype(dtypes(table)).reset_index(drop=True)


def path_of(table: str, out_dir: str | Path) -> Path:
    """Where ``table`` lives in a processed folder."""
    return Path(out_dir) / f"{table}.csv"


def write_table(table: str, df: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write ``df`` as ``table`` into ``out_dir`` (atomic, deterministic)."""
    return write_csv(as_table(table, df), path_of(table, out_dir))


def read_table(table: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table with its declared column types.

    A missing file raises ``FileNotFoundError`` naming the command that makes it.
    """
    path = path_of(table, out_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run `research-utils prepare` first")
    return as_table(table, read_csv(path, dtype=dtypes(table)))
