"""The checks every document row gets, whichever shape the corpus has.

A row (a metadata.csv line, a CSV record or a JSON line of a one-file corpus) needs its
required fields, a ``doc_id`` of its own without control characters, a ``YYYY-MM-DD``
``published`` date and a supported language; :func:`check_fields` refuses anything else
with the file, the line and the fix, and normalises the row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

SUPPORTED_LANGUAGES = ("en",)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only (\d takes any script's)


def iso_date(value: str) -> str | None:
    """``value`` if it is a real date written strictly ``YYYY-MM-DD``, else None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def parse_date(path: Path, line: int, value: str, date_format: str | None = None) -> str:
    """``value`` as ``YYYY-MM-DD``: strictly that form, or as ``date_format`` (``strptime``) says."""
    if not date_format:
        iso = iso_date(value)
        if iso is not None:
            return iso
    else:
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(value, date_format).date().isoformat()
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


class ScriptWarning(UserWarning):
    """A document whose letters are mostly not in the script of its language: its tokens
    and tags will be wrong (a Chinese text read as English becomes one noun)."""


#: Letters of the Latin script: ASCII, Latin-1, Latin Extended-A/B and Additional.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_RUN = re.compile(f"[{_LATIN}]+")
_OTHER_LETTER_RUN = re.compile(rf"[^\W\d_{_LATIN}]+")
#: The script each supported language is written in, as a pattern of its letters.
_SCRIPTS = {"en": ("Latin", _LATIN_RUN, _OTHER_LETTER_RUN)}


def warn_foreign_script(path: Path, line: int | None, doc_id: str, text: str, language: str) -> None:
    """Warn (:class:`ScriptWarning`) when most letters of ``text`` are not in the script of
    ``language`` (Latin for English): the tokenizer and tagger of that language cannot read
    them. Cheap: one regex scan, a second only when letters of another script occur."""
    script, own, other = _SCRIPTS.get(language, _SCRIPTS["en"])
    n_other = sum(map(len, other.findall(text)))
    if not n_other:
        return
    n_own = sum(map(len, own.findall(text)))
    if n_other <= n_own:
        return
    share = round(100 * n_other / (n_other + n_own))
    where = f"{path}" + (f", line {line}" if line is not None else "")
    warnings.warn(
        f"{where}: document {doc_id!r}: {share}% of its letters are not in the {script} script, "
        f"but its language is {language!r}; its tokens and tags will be wrong (a Chinese text "
        "becomes one noun)\n  fix: if the document is in another language, set its language "
        "(only English is supported) or remove it from the corpus",
        ScriptWarning,
        stacklevel=2,
    )
