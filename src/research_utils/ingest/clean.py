"""Cleaning an article's text before tokenising, offsets kept exact.

:func:`clean_text` applies Unicode NFC, removes a leading ``date YYYY-MM-DD`` export marker
after checking it against ``published``, strips surrounding white space, and moves Chinese
glosses in parentheses after an English name — ``Tencent Holdings Ltd (騰訊)`` — out of the
text into the glosses table, so CJK characters never become English terms.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from .manifest import METADATA_FILE

_DATE_MARKER = re.compile(r"\A\s*date\s+(\S+)\s+")
_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
# Han ideographs (with extensions and compatibility forms), radicals, iteration marks.
_CJK = "\u2e80-\u2fdf\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_GLOSS = re.compile(rf"[ \t]*[(（]\s*([{_CJK}][{_CJK}·・ ]*)\s*[)）]")
_NAME_WORD = r"[A-Z0-9][\w.&'’\-]*"
_ENGLISH_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|de|&)[ \t]+)?{_NAME_WORD})*\Z")
# A title before a person's name ("Chinese President Xi Jinping (習近平)"): the gloss
# belongs to the name after the last title, not to the title.
_TITLE_PREFIX = re.compile(
    r"\A.*\b(?:President|Premier|Minister|Chairman|Chairwoman|Secretary|Governor|Mayor|Ambassador"
    r"|Director|Spokesman|Spokeswoman|Spokesperson|Legislator|Lawmaker|Mr|Mrs|Ms|Dr)\.?[ \t]+(?=[A-Z0-9])"
)


def clean_text(
    raw_text: str,
    published: str,
    *,
    path: str | Path = "<text>",
    line: int = 1,
    published_in: str = METADATA_FILE,
) -> tuple[str, list[dict]]:
    """Return the tokeniser-ready ``text`` and its glosses (see the module docstring).

    ``path`` and ``line`` (where the text starts) and ``published_in`` (where the date
    came from) are for error messages only.

    Gloss rows have ``english`` (the run of capitalised words before the parenthesis,
    joined by ``of``/``and``/``for``/``the``/``de``/``&``; empty when there is none),
    ``chinese`` and ``start``/``end``, the English name's offsets in the returned text.
    """
    text = unicodedata.normalize("NFC", raw_text)
    marker = _DATE_MARKER.match(text)
    if marker:
        try:
            marked = dt.date.fromisoformat(marker.group(1)).isoformat()
        except ValueError as exc:
            raise InputError(
                path, f"date marker {marker.group(1)!r} is not an ISO date", "fix or remove the marker", line
            ) from exc
        if marked != published:
            raise InputError(
                path,
                f"date marker {marked} disagrees with published {published} in {published_in}",
                "correct whichever date is wrong",
                line,
            )
        text = text[marker.end() :]
    text = text.strip()
    pieces: list[str] = []
    glosses: list[dict] = []
    kept = 0  # length of the cleaned text built so far
    pos = 0
    for match in _GLOSS.finditer(text):
        before = text[pos : match.start()]
        pieces.append(before)
        kept += len(before)
        name = _ENGLISH_NAME.search(text[max(0, match.start() - 200) : match.start()])
        english = _TITLE_PREFIX.sub("", name.group(0)) if name else ""
        glosses.append(
            {"english": english, "chinese": match.group(1).strip(), "start": kept - len(english), "end": kept}
        )
        pos = match.end()
    pieces.append(text[pos:])
    return "".join(pieces).strip(), glosses
