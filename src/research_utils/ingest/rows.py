"""The checks every document row gets, whichever shape the corpus has.

A row (a metadata.csv line, a CSV record or a JSON line of a one-file corpus) needs its
required fields, a ``doc_id`` of its own without control characters, a ``YYYY-MM-DD``
``published`` date and a supported language; :func:`check_fields` refuses anything else
with the file, the line and the fix, and normalises the row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

SUPPORTED_LANGUAGES = ("en",)


def check_fields(
    path: Path,
    line: int,
    row: dict[str, str],
    required: tuple[str, ...],
    seen_ids: dict[str, int],
    names: Mapping[str, str] | None = None,
) -> None:
    """The checks every document row gets, whatever the corpus shape (normalises the row).

    ``names`` maps a field to the column name the user's file gives it, for the messages.
    """
    names = names or {}
    for col in required:
        if not row[col]:
            label = names.get(col, col)
            raise InputError(path, f"empty {label!r}", f"fill in {label!r} for this document", line)
    doc_id = row["doc_id"]
    if doc_id in seen_ids:
        raise InputError(
            path,
            f"duplicate doc_id {doc_id!r} (first on line {seen_ids[doc_id]})",
            "give every document its own doc_id",
            line,
        )
    if any(unicodedata.category(ch) == "Cc" for ch in doc_id):
        raise InputError(
            path,
            f"doc_id {doc_id!r} contains a line break or another control character",
            "use letters, digits and punctuation in doc_id",
            line,
        )
    seen_ids[doc_id] = line
    try:
        published = dt.date.fromisoformat(row["published"])
    except ValueError as exc:
        raise InputError(
            path,
            f"published date {row['published']!r} is not an ISO date",
            "write dates as YYYY-MM-DD, e.g. 2021-03-19",
            line,
        ) from exc
    row["published"] = published.isoformat()
    language = row["language"] or "en"
    if language not in SUPPORTED_LANGUAGES:
        raise InputError(
            path,
            f"language {language!r} is not supported (the NLTK models used are English)",
            "keep only English articles (language 'en') in the corpus",
            line,
        )
    row["language"] = language
