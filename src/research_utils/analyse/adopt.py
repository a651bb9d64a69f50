"""Adopting reviewed suggestions into a study's actor table or terms map.

The user marks rows of a suggestions file (:func:`~research_utils.analyse.suggest.suggest_actors`,
:func:`~research_utils.analyse.suggest.suggest_terms`, written as CSV) with ``keep`` =
``yes``, ``y``, ``1``, ``x`` or ``true`` (any case; empty, ``no``, ``n``, ``0`` or ``false``
skip the row). :func:`adopt_suggestions` returns the instrument with the kept rows added
after its own, checked as a hand-written one is: every problem is an
:class:`~research_utils.errors.InputError` naming the suggestions file, its line and the fix.
Rows the instrument already has (same actor and alias, same term and variant) are not
added twice, so adopting the same file again changes nothing. The caller writes the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from ..annotate.phrases import phrase_key
from ..errors import InputError
from ..files import read_user_csv
from .actors import ACTOR_COLUMNS, _check_actor_row, read_actors
from .terms import read_terms_map

SuggestionKind = Literal["actors", "terms"]
KEEP_YES = frozenset({"yes", "y", "1", "x", "true"})
KEEP_NO = frozenset({"", "no", "n", "0", "false"})
TERM_COLUMNS = ("term", "variant")


def adopt_suggestions(
    kind: SuggestionKind, table_path: str | Path | None, suggestions_path: str | Path
) -> pd.DataFrame:
    """The actor table (``kind="actors"``) or terms map (``"terms"``) at ``table_path``
    (None, or a path that does not exist yet: start from an empty one) with the kept rows of
    ``suggestions_path`` added. Actor rows: one per alias (``aliases`` with
    ``resolve=name``, ``aliases_after_name`` with ``after_first_name``), the suggestion's
    ``group`` and ``note`` on its first row. Term rows: one ``term,variant`` row per
    variant. Refuses a suggestions file with no kept row."""
    if kind == "actors":
        return adopt_actors(table_path, suggestions_path)
    if kind == "terms":
        return adopt_terms(table_path, suggestions_path)
    raise ValueError(f"kind={kind!r}: choose 'actors' or 'terms'")


def _kept(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], what: str
) -> list[tuple[int, dict]]:
    """The (line, row) records of a suggestions file whose ``keep`` says yes."""
    fix = f"give the CSV that `research-utils suggest {what}` wrote, with yes in keep for rows to adopt"
    records = read_user_csv(
        path, required=("keep", *required), optional=optional, what="suggestions", fix=fix
    )
    kept = []
    for line, row in records:
        keep = row["keep"].lower()
        if keep not in KEEP_YES | KEEP_NO:
            raise InputError(
                path,
                f"keep is {row['keep']!r}",
                "write yes (or 1, x) to adopt the row; leave it empty to skip",
                line,
            )
        if keep in KEEP_YES:
            kept.append((line, row))
    if not kept:
        raise InputError(
            path, "no row has keep = yes", "write yes (or 1, x) in the keep column of rows to adopt"
        )
    return kept


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _existing(path: str | Path | None) -> Path | None:
    """``path`` if a file is there, else None (a new instrument)."""
    return Path(path) if path is not None and Path(path).exists() else None


def adopt_actors(table_path: str | Path | None, suggestions_path: str | Path) -> pd.DataFrame:
    """The actor table with the kept actor suggestions added (see :func:`adopt_suggestions`)."""
    path = Path(suggestions_path)
    source = _existing(table_path)
    table = read_actors(source) if source is not None else pd.DataFrame(columns=list(ACTOR_COLUMNS))
    existing = {
        a: (t, g)
        for a, t, g in table[["actor", "type", "group"]].drop_duplicates("actor").itertuples(index=False)
    }
    have = {(a, phrase_key(alias)) for a, alias in table[["actor", "alias"]].itertuples(index=False)}
    first: dict[str, tuple[str, str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    rows: list[dict[str, str]] = []
    required, optional = ("actor", "type", "aliases"), ("aliases_after_name", "group", "note")
    for line, record in _kept(path, required, optional, "actors"):
        actor = record["actor"]
        if actor in existing and existing[actor] != (record["type"], record["group"]):
            typ, group = existing[actor]
            raise InputError(
                path,
                f"{actor!r} is in the actor table with type {typ!r} and group {group!r}",
                f"give it type {typ!r} and group {group!r} here, or another actor name",
                line,
            )
        aliases = [(a, "name") for a in _split(record["aliases"])]
        aliases += [(a, "after_first_name") for a in _split(record["aliases_after_name"])]
        if not aliases:
            raise InputError(
                path, f"no alias for {actor!r}", "list its names, ';'-separated, in aliases", line
            )
        note = record["note"]
        for alias, rule in aliases:
            row = {"actor": actor, "type": record["type"], "alias": alias, "resolve": rule}
            row |= {"group": record["group"], "note": note}
            _check_actor_row(path, line, row, first, seen)
            if (actor, phrase_key(alias)) not in have:
                rows.append(row)
                note = ""
    new = pd.DataFrame(rows, columns=list(ACTOR_COLUMNS))
    return pd.concat([table, new], ignore_index=True).astype("string")


def adopt_terms(map_path: str | Path | None, suggestions_path: str | Path) -> pd.DataFrame:
    """The terms map (``term,variant`` rows) with the kept term suggestions added; a variant
    may belong to one term only, as :func:`~research_utils.analyse.terms.read_terms_map`
    requires (see :func:`adopt_suggestions`)."""
    path = Path(suggestions_path)
    rows: list[tuple[str, str]] = []
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    source = _existing(map_path)
    if source is not None:
        read_terms_map(source)  # the map itself is valid
        fix = "give a UTF-8 CSV file with a header row `term,variant`"
        for line, row in read_user_csv(
            source, required=TERM_COLUMNS, what="terms map", fix=fix, allow_empty=True
        ):
            rows.append((row["term"], row["variant"]))
            for phrase in (row["variant"], row["term"]):
                owner.setdefault(phrase_key(phrase), (row["term"], f"{source}, line {line}"))
    for line, record in _kept(path, ("term", "variants"), (), "terms"):
        term = record["term"]
        if not term or not phrase_key(term):
            raise InputError(path, "empty term", "write the term (lower case) the variants count as", line)
        for variant in [term, *_split(record["variants"])]:
            key = phrase_key(variant)
            if not key:
                raise InputError(path, f"variant {variant!r} has no words", "write the variant as text", line)
            if key in owner and owner[key][0] != term:
                raise InputError(
                    path,
                    f"variant {variant!r} is already listed for {owner[key][0]!r} ({owner[key][1]})",
                    f"keep the variant under one term: use term {owner[key][0]!r} or drop the variant",
                    line,
                )
            if key not in owner:
                owner[key] = (term, f"{path}, line {line}")
                rows.append((term, variant))
    return pd.DataFrame(rows, columns=list(TERM_COLUMNS)).astype("string")
