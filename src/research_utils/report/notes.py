"""A study's notes: interpretation only a person can write, kept apart from the notebooks.

The notebooks compute every number they state; what a researcher reads into the results —
"a business desk reading the summons as market regulation" — lives in the study's notes file
(``notes:`` in the study file), one note per notebook section, and is shown only in that
study's notebooks. Every number a note states must be declared in its ``checks`` with the
table cell it quotes; :func:`check_notes` compares them with the tables (a test runs it),
so a note cannot go on quoting a number the data no longer give. Format::

    notes:
      - id: framing_profile          # the notebook section it belongs to
        text: >-
          Regulation is the Taipei Times' frame: 11 of its 14 sentences carry it.
        checks:                      # every number in text, with the cell it comes from
          - {value: 11, table: frame_shares, column: n_sentences,
             where: {outlet: Taipei Times, frame: regulation_compliance}}
          - {value: 14, table: frame_shares, column: n_total,
             where: {outlet: Taipei Times, frame: economic_market}}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import InputError
from ..files import read_user_yaml

#: A number as a note writes it: digits with optional thousands commas and decimals.
NUMBER = re.compile(
    r"(?<![\w.])[-+]?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w])|(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w])"
)


@dataclass(frozen=True)
class Check:
    """One number a note quotes and the table cell it must equal."""

    value: float
    table: str
    column: str
    where: Mapping[str, Any]
    line: int | None
    scale: float = 1.0  # e.g. 100 when the note writes a share as a percentage
    offset: float = 0.0  # e.g. 1 when the note counts sentences from 1 and the table from 0
    aggregate: Literal["value", "count", "sum", "mean", "in_text", "config"] = "value"


@dataclass(frozen=True)
class Note:
    """One note: its section id, its text, and the checks of the numbers it states."""

    id: str
    text: str
    checks: tuple[Check, ...]
    line: int | None


def read_notes(path: str | Path) -> dict[str, Note]:
    """Read a notes file: note id → :class:`Note`. Refuses a note whose text states a number
    no check declares, naming the file, the line and the number."""
    path = Path(path)
    fix = "write `notes:` as a list of {id, text, checks} (research_utils.report.notes)"
    data = read_user_yaml(path, what="notes file", fix=fix)
    items = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(
            path, "no `notes:` list", fix, data.get("__line__") if isinstance(data, dict) else None
        )
    notes: dict[str, Note] = {}
    for item in items:
        note = _note(path, item, fix)
        if note.id in notes:
            raise InputError(path, f"note {note.id!r} appears twice", "give each section one note", note.line)
        notes[note.id] = note
    return notes


def _note(path: Path, item: Any, fix: str) -> Note:
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("id"), str)
        or not isinstance(item.get("text"), str)
    ):
        raise InputError(
            path,
            "a note needs an id and a text",
            fix,
            item.get("__line__") if isinstance(item, dict) else None,
        )
    line = item.get("__line__")
    checks = []
    for check in item.get("checks") or []:
        if not isinstance(check, dict) or "value" not in check:
            raise InputError(path, f"note {item['id']!r}: a check needs a value", fix, line)
        if check.get("aggregate", "value") != "config" and "table" not in check:
            raise InputError(path, f"note {item['id']!r}: a check needs the table it reads", fix, line)
        if check.get("aggregate", "value") in ("value", "sum", "mean") and "column" not in check:
            raise InputError(path, f"note {item['id']!r}: a check needs the column it reads", fix, line)
        where = {k: v for k, v in (check.get("where") or {}).items() if k != "__line__"}
        aggregate = check.get("aggregate", "value")
        if aggregate not in ("value", "count", "sum", "mean", "in_text", "config"):
            raise InputError(
                path,
                f"note {item['id']!r}: aggregate {aggregate!r}",
                "use value, count, sum, mean, in_text or config",
                line,
            )
        checks.append(
            Check(
                float(check["value"]),
                str(check.get("table", "")),
                str(check.get("column", "")),
                where,
                check.get("__line__"),
                float(check.get("scale", 1)),
                float(check.get("offset", 0)),
                aggregate,
            )
        )
    text = " ".join(item["text"].split()).replace("\u2212", "-")  # a typographic minus is a minus
    declared = [c.value for c in checks]
    for number in NUMBER.findall(text):
        value = float(number.replace(",", ""))
        if value not in declared:
            raise InputError(
                path,
                f"note {item['id']!r} states {number} but declares no check for it",
                "add a check naming the table cell it comes from (or write it in words if it is not data)",
                line,
            )
    return Note(str(item["id"]), text, tuple(checks), line)


def _select(rows: pd.DataFrame, where: Mapping[str, Any]) -> pd.DataFrame:
    """The rows matching every condition: equal as text, ``"!=x"`` (not equal as text), or
    ``">=3.84"``-style numeric comparisons."""
    for column, wanted in where.items():
        text = str(wanted)
        operator = next((op for op in (">=", "<=", "!=", ">", "<") if text.startswith(op)), None)
        if operator is None:
            rows = rows[rows[column].astype(str) == text]
            continue
        if operator == "!=":
            rows = rows[rows[column].astype(str) != text[2:]]
            continue
        values, bound = pd.to_numeric(rows[column], errors="coerce"), float(text[len(operator) :])
        kept = {">=": values >= bound, "<=": values <= bound, ">": values > bound, "<": values < bound}[
            operator
        ]
        rows = rows[kept.fillna(False)]
    return rows


def _check_config(note: str, check: Check) -> list[str]:
    """A number the note takes from the package's settings (``research_utils.config``):
    ``column`` names it, an item of a mapping after a dot (``G2_CRITICAL.0.05``)."""
    from .. import config

    name, _, key = check.column.partition(".")
    value = getattr(config, name, None)
    if key and isinstance(value, Mapping):
        value = value.get(float(key))
    if not isinstance(value, int | float) or float(value) != check.value:
        return [f"{note}: config {check.column} is {value!r}, the note says {check.value:g}"]
    return []


def check_notes(notes: Mapping[str, Note], table: Callable[[str], pd.DataFrame]) -> list[str]:
    """Every check that fails, as messages (empty when all hold). ``table(name)`` reads a table.

    ``aggregate: value`` (default): exactly one row matches ``where`` and its ``column``,
    times ``scale`` plus ``offset``, equals ``value`` at the precision the note writes;
    ``count``: the number of matching rows; ``sum`` or ``mean`` of ``column`` over them;
    ``in_text``: a matching row's ``column`` (default ``text``) states the number (a date
    or an amount the article itself gives); ``config``: the number is the setting
    ``column`` of :mod:`research_utils.config` (a threshold, not data).
    """
    problems = []
    for note in notes.values():
        for check in note.checks:
            if check.aggregate == "config":
                problems.extend(_check_config(note.id, check))
                continue
            rows = _select(table(check.table), check.where)
            if check.aggregate == "in_text":
                pattern = re.compile(rf"(?<![\w.]){re.escape(f'{check.value:g}')}(?![\w])")
                if not rows[check.column or "text"].astype(str).str.contains(pattern).any():
                    problems.append(
                        f"{note.id}: no {check.table} row where {dict(check.where)} states {check.value:g}"
                    )
                continue
            if check.aggregate == "count":
                found = float(len(rows))
            elif check.aggregate in ("sum", "mean"):
                found = float(getattr(pd.to_numeric(rows[check.column]), check.aggregate)())
            elif len(rows) != 1:
                problems.append(
                    f"{note.id}: {check.table} where {dict(check.where)} matches {len(rows)} rows"
                )
                continue
            else:
                found = float(rows[check.column].iloc[0])
            found = found * check.scale + check.offset
            decimals = len(str(check.value).split(".")[1].rstrip("0")) if "." in str(check.value) else 0
            if round(found, decimals) != check.value:
                read = f"{check.table}.{check.column or 'rows'}"
                problems.append(f"{note.id}: {read} is {found:g}, the note says {check.value:g}")
    return problems
