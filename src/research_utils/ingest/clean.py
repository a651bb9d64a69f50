"""Cleaning an article's text before tokenising, offsets kept exact.

:func:`clean_text` applies Unicode NFC, removes web-page noise by line filters (bylines,
"Advertisement", related-story teasers, datelines; :data:`DEFAULT_LINE_FILTERS`), removes
a leading ``date YYYY-MM-DD`` export marker after checking it against ``published``,
strips surrounding white space, and moves Chinese
glosses in parentheses after an English name — ``Tencent Holdings Ltd (騰訊)`` — out of the
text into the glosses table, so CJK characters never become English terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from ..errors import InputError
from .manifest import METADATA_FILE
from .rows import iso_date

_DATE_MARKER = re.compile(r"\A\s*date\s+(\S+)\s+")
#: The byte-order mark some editors put at the start of a UTF-8 file (U+FEFF).
BOM = "\ufeff"
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


@dataclass(frozen=True)
class LineFilter:
    """A rule removing web-page noise from an article before tokenising: ``drop`` removes
    every line that matches ``pattern`` whole; ``strip`` removes the matched start of a line."""

    name: str
    pattern: str
    action: Literal["drop", "strip"] = "drop"
    ignore_case: bool = False

    def regex(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern, re.IGNORECASE if self.ignore_case else 0)


#: The longest line a ``drop`` rule may remove: bylines, teasers and credits are short.
MAX_DROPPED_LINE = 200

#: Web-text noise removed by default (``corpus: line_filters: default``). Each ``drop``
#: rule must match a whole line (after surrounding white space is trimmed).
DEFAULT_LINE_FILTERS: tuple[LineFilter, ...] = (
    LineFilter("advertisement", r"(advertisement|advertising|sponsored( content)?)", ignore_case=True),
    LineFilter(
        "teaser",
        r"(related( (stories|story|articles?|coverage|news))?|read more|read also|also read|see also"
        r"|recommended|more on this( story)?|you may also like)(\s*[:>»|–—-]\s*.*)?",
        ignore_case=True,
    ),
    LineFilter("byline", r"(By|BY)( [A-Z][\w.'’-]+){1,4}((,| and) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3})*"),
    LineFilter(
        "share or subscribe",
        r"(share (this|on)\b.*|click here\b.*|subscribe( now| to)?\b.*|sign up\b.*|follow us\b.*)",
        ignore_case=True,
    ),
    LineFilter("copyright", r"(©|copyright\b|all rights reserved\b).*", ignore_case=True),
    LineFilter(
        "photo credit", r"(photo|photograph|image|picture|file photo)( credit)?\s*[:/].*", ignore_case=True
    ),
    LineFilter(
        "dateline",
        r"[A-Z][A-Z .'’-]{2,}(, [A-Z][\w .'’-]+)?\s*(\([A-Za-z][\w .&'’-]*\))?\s*[•·—–-]+\s+",
        "strip",
    ),
)


class CleanText(NamedTuple):
    """An article made ready for the tokeniser, with what cleaning took out of it."""

    text: str
    glosses: list[dict]  # english, chinese, start, end (offsets in ``text``)
    removed: list[dict]  # line (1-based, as received), filter (rule name), text (what was removed)


def filter_lines(text: str, filters: Sequence[LineFilter]) -> tuple[str, list[dict]]:
    """``text`` without the lines (or line starts) the ``filters`` match, and what was removed.

    A ``drop`` rule removes a whole line (with its line break) of at most
    :data:`MAX_DROPPED_LINE` characters (page furniture is short; a paragraph never is) whose
    trimmed text it matches
    in full; a ``strip`` rule removes the part of a line's start it matches. The first rule
    that applies to a line wins.
    """
    if not filters:
        return text, []
    compiled = [(f, f.regex()) for f in filters]
    kept: list[str] = []
    removed: list[dict] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        body = line.strip()
        for rule, regex in compiled:
            if rule.action == "drop" and 0 < len(body) <= MAX_DROPPED_LINE and regex.fullmatch(body):
                removed.append({"line": number, "filter": rule.name, "text": body})
                line = ""
                break
            match = regex.match(line.lstrip()) if rule.action == "strip" else None
            if match and match.end() < len(line.lstrip().rstrip()):
                removed.append({"line": number, "filter": rule.name, "text": match.group(0).strip()})
                line = line.lstrip()[match.end() :]
                break
        kept.append(line)
    return "".join(kept), removed


def clean_text(
    raw_text: str,
    published: str,
    *,
    line_filters: Sequence[LineFilter] = (),
    path: str | Path = "<text>",
    line: int = 1,
    published_in: str = METADATA_FILE,
) -> CleanText:
    """The tokeniser-ready text of an article, its glosses and the lines filtered out.

    Order: a leading byte-order mark dropped, NFC, the ``line_filters`` (web-page noise),
    the leading date marker (strictly ``YYYY-MM-DD``, checked against ``published``),
    surrounding white space, the Chinese glosses. ``path``,
    ``line`` (where the text starts) and ``published_in`` (where the date came from) are
    for error messages only. Gloss rows have ``english`` (the run of capitalised words
    before the parenthesis; empty when there is none), ``chinese`` and ``start``/``end``,
    the English name's offsets in the returned text.
    """
    # a byte-order mark (a file saved by Notepad, a row exported with one) is no text: drop it
    # first, so the date marker check below sees the real first characters
    text, removed = filter_lines(unicodedata.normalize("NFC", raw_text.removeprefix(BOM)), line_filters)
    marker = _DATE_MARKER.match(text)
    if marker:
        marked = iso_date(marker.group(1))
        if marked is None:
            raise InputError(
                path,
                f"date marker {marker.group(1)!r} is not a date written YYYY-MM-DD",
                "fix or remove the marker",
                line,
            )
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
    return CleanText("".join(pieces).strip(), glosses, removed)
