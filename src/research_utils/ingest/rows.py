"""The checks every document row gets, whichever shape the corpus has.

A row (a metadata.csv line, a CSV record or a JSON line of a one-file corpus) needs its
required fields, a ``doc_id`` of its own without control characters, a ``YYYY-MM-DD``
``published`` date and a supported language; :func:`check_fields` refuses anything else
with the file, the line and the fix, and normalises the row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

SUPPORTED_LANGUAGES = ("en",)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(path: Path, line: int, value: str, date_format: str | None = None) -> str:
    """``value`` as ``YYYY-MM-DD``: strictly that form, or as ``date_format`` (``strptime``) says."""
    try:
        if date_format:
            return dt.datetime.strptime(value, date_format).date().isoformat()
        if _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    if date_format:
        fix = f"write the date as the study's corpus date_format {date_format!r} says, or change date_format"
    else:
        fix = "write dates as YYYY-MM-DD, e.g. 2021-03-19 (or give the study's corpus a date_format)"
    raise InputError(path, f"published date {value!r} is not a date in the expected form", fix, line)


def check_fields(
    path: Path,
    line: int,
    row: dict[str, str],
    required: tuple[str, ...],
    seen_ids: dict[str, int],
    names: Mapping[str, str] | None = None,
    *,
    date_format: str | None = None,
) -> None:
    """The checks every document row gets, whatever the corpus shape (normalises the row).

    ``names`` maps a field to the column name the user's file gives it, for the messages;
    ``date_format`` (``strptime`` codes) says how ``published`` is written when it is not
    ``YYYY-MM-DD``.
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
    row["published"] = parse_date(path, line, row["published"], date_format)
    language = row["language"] or "en"
    if language not in SUPPORTED_LANGUAGES:
        raise InputError(
            path,
            f"language {language!r} is not supported (the NLTK models used are English)",
            "keep only English articles (language 'en') in the corpus",
            line,
        )
    row["language"] = language
