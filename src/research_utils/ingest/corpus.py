"""Read a corpus — a folder, or one ``.csv``/``.jsonl`` file — into documents and glosses.

:func:`read_corpus` validates everything first (file, line and fix named for any problem)
and returns a :class:`Corpus`: one row per document with the metadata, the text as
received (``raw_text``) and the cleaned ``text`` the tokeniser reads, plus the glosses
table. Nothing here writes to the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, ResearchUtilsError
from ..schemas import METADATA_COLUMNS, SCHEMAS
from ..tables import as_table
from ..tables import columns as columns_of
from .clean import LineFilter
from .folder import read_folder_corpus
from .manifest import METADATA_FILE
from .onefile import read_corpus_file

#: Columns of :attr:`Corpus.documents`.
DOCUMENT_COLUMNS = (*METADATA_COLUMNS, "raw_text", "text")


@dataclass(frozen=True)
class Corpus:
    """A read corpus: ``documents`` (one row per article), ``glosses``, and the
    ``filtered_lines`` the study's line filters took out of the texts."""

    documents: pd.DataFrame
    glosses: pd.DataFrame
    filtered_lines: pd.DataFrame


def read_corpus(
    raw: str | Path,
    *,
    columns: str | Mapping[str, str] | None = None,
    date_format: str | None = None,
    line_filters: Sequence[LineFilter] = (),
) -> Corpus:
    """Validate a corpus — a folder, or one ``.csv``/``.jsonl`` file — and read it.

    ``columns`` maps fields to a one-file corpus's column names
    (:func:`~research_utils.ingest.onefile.parse_column_map`) and ``date_format`` says how
    its dates are written; ``line_filters`` remove web-page noise (bylines, teasers,
    datelines) before tokenising, and every removal is listed. Raises
    :class:`~research_utils.errors.InputError` naming the file, line and fix for every
    refused input (README, "What is refused").
    """
    raw = Path(raw)
    if raw.is_file():
        documents, gloss_rows, removed = read_corpus_file(
            raw, columns=columns, date_format=date_format, line_filters=line_filters
        )
    elif columns:
        raise ResearchUtilsError(
            f"{raw}: column names can be mapped for a one-file corpus (.csv or .jsonl) only\n"
            f"  fix: name the columns of {METADATA_FILE} {', '.join(METADATA_COLUMNS)}, and drop --columns"
        )
    elif raw.is_dir():
        documents, gloss_rows, removed = read_folder_corpus(raw, line_filters=line_filters)
    else:
        raise InputError(
            raw,
            "corpus folder or file not found",
            "pass the folder holding metadata.csv and the .txt articles, or a .csv or .jsonl file "
            "with one article per row, with --raw",
        )
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    gloss_columns = [c.name for c in SCHEMAS["glosses"]]
    glosses = pd.DataFrame(gloss_rows, columns=gloss_columns).astype({"start": "int64", "end": "int64"})
    glosses = glosses.sort_values("doc_id", kind="stable").reset_index(drop=True)
    filtered = pd.DataFrame(removed, columns=columns_of("filtered_lines")).sort_values(["doc_id", "line"])
    filtered = as_table("filtered_lines", filtered)
    return Corpus(documents=documents[list(DOCUMENT_COLUMNS)], glosses=glosses, filtered_lines=filtered)
