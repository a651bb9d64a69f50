"""Actors: who is mentioned, where, and by which name.

An actor table (the package ships ``data/actors.csv``; users can pass their own) lists one
alias per row: ``actor`` (canonical name), ``type`` (one of :data:`ACTOR_TYPES`), ``alias``,
``resolve`` (how the alias is resolved, below), ``group`` (optional tag, e.g. ``summoned``
for the firms the CAC summoned) and ``note``.

Aliases are found with :func:`research_utils.phrases.match_phrases` (NLTK's MWETokenizer,
longest match first, case-insensitive); an alias written with a capital letter only matches
text that starts with a capital, so ``Signal`` the app is not ``signal`` the verb. Each
match is resolved by the ``resolve`` rule of the alias's rows, tried in table order:

``name``
    The alias names the actor: every occurrence is a mention.
``after_first_name``
    A definite description (``the agency``, ``the regulatory body``, ``the watchdog``): a
    mention of the actor only in a document that names it (``name`` alias or Chinese gloss),
    and only after that first naming mention. Definite descriptions point back to something
    already introduced; before the name, or in an article that never names the actor, the
    referent is unknown.
``same_sentence``
    A bare plural (``authorities``, ``regulators``): a mention of the actor only when the
    same sentence has already mentioned it (by name or a resolved description), as in "The
    regulatory body said ... authorities needed to assess ...". Elsewhere bare plurals
    usually mean the state in general ("Authorities last year halted a ... IPO" was not the
    CAC), so they fall through to the next row listing the alias (in the shipped table,
    ``Chinese government``), or stay unresolved.

An alias that no row resolves is not counted. Chinese names (copied from the glosses
table into the actor table as ``name`` aliases) also resolve glosses: a gloss whose Chinese
name is an actor's alias makes its English name a mention of that actor (``rule`` =
``gloss``), unless an alias already matched that actor there. Pronouns are not resolved.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import InputError
from .phrases import match_phrases, phrase_key
from .tables import as_table, read_table, write_table

DEFAULT_ACTORS = Path(str(resources.files("research_utils") / "data" / "actors.csv"))
ACTOR_TYPES = ("government body", "company", "app/platform", "person", "expert", "media")
RESOLVE_RULES = ("name", "after_first_name", "same_sentence")
ACTOR_COLUMNS = ("actor", "type", "alias", "resolve", "group", "note")
DECIMALS = 4


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check an actor table (default: the one shipped with the package).

    Raises :class:`~research_utils.errors.InputError` naming the file and line for a
    missing column, an empty actor or alias, an unknown type or rule, an actor given two
    types or two groups, and an alias listed twice for the same actor.
    """
    path = Path(path) if path is not None else DEFAULT_ACTORS
    if not path.is_file():
        raise InputError(
            path, "actor table not found", "pass the path of a CSV like the package's actors.csv"
        )
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in ("actor", "type", "alias") if c not in header]
        if missing:
            raise InputError(
                path,
                f"missing column(s): {', '.join(missing)}",
                f"the header must be {','.join(ACTOR_COLUMNS)}",
                1,
            )
        reader.fieldnames = header
        rows: list[dict[str, str]] = []
        first: dict[str, tuple[str, str, int]] = {}
        seen: dict[tuple[str, str], int] = {}
        for record in reader:
            line = reader.line_num
            row = {c: (record.get(c) or "").strip() for c in ACTOR_COLUMNS}
            row["resolve"] = row["resolve"] or "name"
            _check_actor_row(path, line, row, first, seen)
            rows.append(row)
    if not rows:
        raise InputError(path, "no actors listed", "add one row per alias")
    return pd.DataFrame(rows, columns=list(ACTOR_COLUMNS)).astype("string")


def _check_actor_row(
    path: Path,
    line: int,
    row: dict[str, str],
    first: dict[str, tuple[str, str, int]],
    seen: dict[tuple[str, str], int],
) -> None:
    for col in ("actor", "alias"):
        if not row[col]:
            raise InputError(path, f"empty {col!r}", f"fill in {col!r}", line)
    if row["type"] not in ACTOR_TYPES:
        raise InputError(
            path,
            f"unknown type {row['type']!r} for {row['actor']!r}",
            f"use one of: {', '.join(ACTOR_TYPES)}",
            line,
        )
    if row["resolve"] not in RESOLVE_RULES:
        raise InputError(
            path, f"unknown resolve rule {row['resolve']!r}", f"use one of: {', '.join(RESOLVE_RULES)}", line
        )
    if not phrase_key(row["alias"]):
        raise InputError(path, f"alias {row['alias']!r} has no words", "write the alias as text", line)
    actor = row["actor"]
    if actor in first:
        typ, group, at = first[actor]
        if row["type"] != typ:
            raise InputError(
                path,
                f"{actor!r} has type {row['type']!r} here but {typ!r} on line {at}",
                "give an actor one type",
                line,
            )
        if row["group"] != group:
            raise InputError(
                path,
                f"{actor!r} has group {row['group']!r} here but {group!r} on line {at}",
                "give an actor the same group on every row",
                line,
            )
    else:
        first[actor] = (row["type"], row["group"], line)
    key = (actor, " ".join(phrase_key(row["alias"])))
    if key in seen:
        raise InputError(
            path,
            f"alias {row['alias']!r} of {actor!r} is listed twice (first on line {seen[key]})",
            "delete the duplicate row",
            line,
        )
    seen[key] = line


@dataclass
class _Event:
    doc_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    candidates: list[tuple[str, str, str]]  # (actor, type, rule)


def _sentence_lookup(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int, str]]]:
    by_doc: dict[str, list[tuple[int, int, int, str]]] = {}
    for d, s, a, b, t in sentences[["doc_id", "sent_id", "start", "end", "text"]].itertuples(index=False):
        by_doc.setdefault(d, []).append((int(a), int(b), int(s), t))
    return by_doc


def _alias_events(tokens: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> list[_Event]:
    by_key: dict[str, list[tuple[str, str, str, str]]] = {}
    for actor, typ, alias, rule in actors[["actor", "type", "alias", "resolve"]].itertuples(index=False):
        by_key.setdefault(" ".join(phrase_key(alias)), []).append((actor, typ, rule, alias))
    found = match_phrases(tokens, {k: k for k in by_key})
    starts = dict(zip(zip(tokens["doc_id"], tokens["token_id"], strict=True), tokens["start"], strict=True))
    ends = dict(zip(zip(tokens["doc_id"], tokens["token_id"], strict=True), tokens["end"], strict=True))
    sent_text = {
        (d, int(s)): (int(a), t)
        for d, s, a, t in sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False)
    }
    events = []
    for row in found.itertuples(index=False):
        start, end = int(starts[(row.doc_id, row.token_id)]), int(ends[(row.doc_id, row.last_token_id)])
        s_start, text = sent_text[(row.doc_id, int(row.sent_id))]
        surface = text[start - s_start : end - s_start]
        candidates = [
            (actor, typ, rule)
            for actor, typ, rule, alias in by_key[row.label]
            if not alias[0].isupper() or surface[0].isupper()
        ]
        if candidates:
            events.append(_Event(row.doc_id, int(row.sent_id), start, end, surface, candidates))
    return events


def _gloss_events(glosses: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> list[_Event]:
    names = actors[actors["resolve"] == "name"]
    by_chinese: dict[str, list[tuple[str, str, str]]] = {}
    for actor, typ, alias in names[["actor", "type", "alias"]].itertuples(index=False):
        if actor not in [c[0] for c in by_chinese.get(alias.strip(), [])]:
            by_chinese.setdefault(alias.strip(), []).append((actor, typ, "gloss"))
    sents = _sentence_lookup(sentences)
    events = []
    for doc_id, english, chinese, start, end in glosses[
        ["doc_id", "english", "chinese", "start", "end"]
    ].itertuples(index=False):
        if (
            pd.isna(english)
            or not english
            or start >= end
            or chinese not in by_chinese
            or doc_id not in sents
        ):
            continue
        for s_start, s_end, sent_id, _ in sents[doc_id]:
            if s_start <= start < s_end:
                events.append(
                    _Event(doc_id, sent_id, int(start), int(end), str(english), by_chinese[chinese])
                )
                break
    return events


def find_actor_mentions(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    glosses: pd.DataFrame,
    actors: pd.DataFrame,
) -> pd.DataFrame:
    """The ``actor_mentions`` table: every resolved mention, in text order.

    ``start``/``end`` are character offsets into the document's cleaned text;
    ``rule`` says how the mention was resolved (``name``, ``gloss``, ``after_first_name``
    or ``same_sentence``; see the module docstring).
    """
    alias_events = _alias_events(tokens, sentences, actors)
    by_doc: dict[str, list[_Event]] = {}
    for event in alias_events:
        by_doc.setdefault(event.doc_id, []).append(event)
    gloss_events = [
        g
        for g in _gloss_events(glosses, sentences, actors)
        if not any(
            a.start < g.end and g.start < a.end and g.candidates[0][0] in [c[0] for c in a.candidates]
            for a in by_doc.get(g.doc_id, [])
        )
    ]
    events = sorted([*alias_events, *gloss_events], key=lambda e: (e.doc_id, e.start))
    outlet = documents.set_index("doc_id")["outlet"]
    rows = []
    named: set[tuple[str, str]] = set()  # (doc_id, actor) named so far
    in_sentence: set[tuple[str, int, str]] = set()  # (doc_id, sent_id, actor) mentioned so far
    for event in events:
        for actor, typ, rule in event.candidates:
            ok = (
                rule in ("name", "gloss")
                or (rule == "after_first_name" and (event.doc_id, actor) in named)
                or (rule == "same_sentence" and (event.doc_id, event.sent_id, actor) in in_sentence)
            )
            if ok:
                if rule in ("name", "gloss"):
                    named.add((event.doc_id, actor))
                in_sentence.add((event.doc_id, event.sent_id, actor))
                rows.append(
                    {
                        "doc_id": event.doc_id,
                        "outlet": outlet[event.doc_id],
                        "sent_id": event.sent_id,
                        "actor": actor,
                        "type": typ,
                        "surface": event.surface,
                        "start": event.start,
                        "end": event.end,
                        "rule": rule,
                    }
                )
                break
    if not rows:
        from .tables import empty_table

        return empty_table("actor_mentions")
    return as_table("actor_mentions", pd.DataFrame(rows))


def write_actor_mentions(processed_dir: str | Path, actors: pd.DataFrame | None = None) -> Path:
    """Find the actors of the processed corpus; write ``actor_mentions.csv`` and return its path."""
    actors = actors if actors is not None else load_actors()
    mentions = find_actor_mentions(
        read_table("tokens", processed_dir),
        read_table("sentences", processed_dir),
        read_table("documents", processed_dir),
        read_table("glosses", processed_dir),
        actors,
    )
    return write_table("actor_mentions", mentions, processed_dir)


def summarize_actors(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and actor: mentions, documents, and where the actor first appears.

    ``first_sentence`` is the 0-based sentence of the first mention and ``first_position``
    the share of the document's characters before it (0 = the opening words), each the mean
    over the outlet's documents that mention the actor (with one document: that document's
    value). Rows: outlets in order, actors by mentions (most first), then name.
    """
    length = sentences.groupby("doc_id")["end"].max()
    first = mentions.sort_values(["doc_id", "start"], kind="stable").groupby(["doc_id", "actor"]).first()
    first = first.assign(
        position=first["start"] / length.reindex(first.index.get_level_values("doc_id")).to_numpy()
    )
    firsts = (
        first.reset_index()
        .groupby(["outlet", "actor"])
        .agg(first_sentence=("sent_id", "mean"), first_position=("position", "mean"))
    )
    counts = (
        mentions.groupby(["outlet", "actor", "type"])
        .agg(n_mentions=("doc_id", "size"), n_documents=("doc_id", "nunique"))
        .reset_index()
    )
    table = counts.join(firsts, on=["outlet", "actor"])
    table["first_sentence"] = table["first_sentence"].round(2)
    table["first_position"] = table["first_position"].round(DECIMALS)
    table = table.sort_values(["outlet", "n_mentions", "actor"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)[
        ["outlet", "actor", "type", "n_mentions", "n_documents", "first_sentence", "first_position"]
    ]


def name_group(
    mentions: pd.DataFrame, actors: pd.DataFrame, documents: pd.DataFrame, group: str = "summoned"
) -> pd.DataFrame:
    """Which actors of ``group`` each outlet names: one row per outlet and group member.

    ``named`` is whether the outlet mentions the actor at all, ``n_mentions`` how often,
    ``surfaces`` the distinct forms used (``;``-joined), which shows misspellings such as
    ``NetEast``. Members are listed in actor-table order.
    """
    members = list(dict.fromkeys(actors.loc[actors["group"] == group, "actor"]))
    rows = []
    for out in sorted(documents["outlet"].unique()):
        sub = mentions[mentions["outlet"] == out]
        for actor in members:
            hits = sub[sub["actor"] == actor]
            rows.append(
                {
                    "outlet": out,
                    "actor": actor,
                    "named": not hits.empty,
                    "n_mentions": len(hits),
                    "surfaces": ";".join(dict.fromkeys(hits["surface"])),
                }
            )
    return pd.DataFrame(rows, columns=["outlet", "actor", "named", "n_mentions", "surfaces"])
