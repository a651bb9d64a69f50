"""Read a corpus — a folder, or one ``.csv``/``.jsonl`` file — into documents and glosses.

:func:`read_corpus` validates everything first (file, line and fix named for any problem)
and returns a :class:`Corpus`: one row per document with the metadata, the text as
received (``raw_text``) and the cleaned ``text`` the tokeniser reads, plus the glosses
table. Nothing here writes to the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, ResearchUtilsError
from ..schemas import METADATA_COLUMNS, SCHEMAS
from .folder import read_folder_corpus
from .manifest import METADATA_FILE
from .onefile import read_corpus_file

#: Columns of :attr:`Corpus.documents`.
DOCUMENT_COLUMNS = (*METADATA_COLUMNS, "raw_text", "text")


@dataclass(frozen=True)
class Corpus:
    """A read corpus: ``documents`` (one row per article) and ``glosses``."""

    documents: pd.DataFrame
    glosses: pd.DataFrame


def read_corpus(raw: str | Path, *, columns: str | Mapping[str, str] | None = None) -> Corpus:
    """Validate a corpus — a folder, or one ``.csv``/``.jsonl`` file — and read it.

    ``columns`` maps fields to a one-file corpus's column names
    (:func:`~research_utils.ingest.onefile.parse_column_map`). Raises
    :class:`~research_utils.errors.InputError` naming the file, line and fix for every
    refused input (README, "What is refused").
    """
    raw = Path(raw)
    if raw.is_file():
        documents, gloss_rows = read_corpus_file(raw, columns=columns)
    elif columns:
        raise ResearchUtilsError(
            f"{raw}: column names can be mapped for a one-file corpus (.csv or .jsonl) only\n"
            f"  fix: name the columns of {METADATA_FILE} {', '.join(METADATA_COLUMNS)}, and drop --columns"
        )
    elif raw.is_dir():
        documents, gloss_rows = read_folder_corpus(raw)
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
    return Corpus(documents=documents[list(DOCUMENT_COLUMNS)], glosses=glosses)
