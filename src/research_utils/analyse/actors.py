"""Actors: who is mentioned, where, and by which name.

An actor table (a study's ``instruments/actors.csv``) lists one alias per row with the
actor's canonical name, type, resolution rule and group. Aliases are found with the shared
phrase matcher (longest match first, case-insensitive; an alias with a capital only matches
capitalised text) and resolved by their rule: ``name`` always, ``after_first_name``
(definite descriptions) only after the actor was named in the document, ``same_sentence``
(bare plurals) only in a sentence that already mentions it, ``agentive`` (a country, a
capital, "the state": names of places as much as of actors) only when the alias is the
subject of a finite active verb and not the end of a longer name ("University of China").
Chinese glosses resolve through the actor's Chinese alias. Rules: ``docs/methods.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..annotate.phrases import match_phrases, phrase_key
from ..config import FLOAT_DECIMALS
from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table, empty_table
from .grammar import acts_as_subject

_GOVERNMENT = ("government body", "government official", "government document")
ACTOR_TYPES: tuple[str, ...] = (*_GOVERNMENT, "company", "app/platform", "person", "expert", "media")
#: Types that count as government sources: bodies (ministries, regulators, the state),
#: officials (heads of state, ministers, named officials) and documents (laws, regulations,
#: notices speaking as a source). Used wherever words "given to government" are counted.
GOVERNMENT_TYPES = frozenset(_GOVERNMENT)
#: Types a personal pronoun (he, she) can refer to.
PERSON_TYPES = frozenset({"person", "expert", "government official"})
#: Types an impersonal pronoun (it, they) can refer to.
ORGANISATION_TYPES = frozenset({"government body", "government document", "company", "app/platform", "media"})
RESOLVE_RULES = ("name", "after_first_name", "same_sentence", "agentive")
ACTOR_COLUMNS = ("actor", "type", "alias", "resolve", "group", "note")


def read_actors(path: str | Path) -> pd.DataFrame:
    """Read and check an actor table (a study's ``instruments/actors.csv``).

    A table with a header and no rows is valid (a new study's). Raises
    :class:`~research_utils.errors.InputError` naming the file and line for a
    missing column, an empty actor or alias, an unknown type or rule, an actor given two
    types or two groups, and an alias listed twice for the same actor.
    """
    path = Path(path)
    records = read_user_csv(
        path,
        required=("actor", "type", "alias"),
        optional=("resolve", "group", "note"),
        what="actor table",
        fix=f"give a CSV like the study's instruments/actors.csv, with the header {','.join(ACTOR_COLUMNS)}",
        allow_empty=True,  # a new study's table, before `research-utils suggest actors`
    )
    rows: list[dict[str, str]] = []
    first: dict[str, tuple[str, str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in records:
        row["resolve"] = row["resolve"] or "name"
        _check_actor_row(path, line, row, first, seen)
        rows.append(row)
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
    acts: bool = False  # subject of a finite active verb, not inside a longer name


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
        for d, s, a, t in zip(
            *(sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "text")), strict=True
        )
    }
    events = []
    columns = ("doc_id", "sent_id", "token_id", "last_token_id", "label")
    agentive = {" ".join(phrase_key(a)) for a in actors.loc[actors["resolve"] == "agentive", "alias"]}
    keys = zip(tokens["doc_id"], tokens["token_id"], strict=True)
    rows = {k: r for r, k in enumerate(keys)} if agentive else {}
    doc_ids, sent_ids = tokens["doc_id"].to_numpy(), tokens["sent_id"].to_numpy()
    for doc_id, sent_id, first, last, label in zip(*(found[c].tolist() for c in columns), strict=True):
        start, end = int(starts[(doc_id, first)]), int(ends[(doc_id, last)])
        s_start, text = sent_text[(doc_id, int(sent_id))]
        surface = text[start - s_start : end - s_start]
        candidates = [
            (actor, typ, rule)
            for actor, typ, rule, alias in by_key[label]
            if not alias[0].isupper() or surface[0].isupper()
        ]
        if not candidates:
            continue
        event = _Event(doc_id, int(sent_id), start, end, surface, candidates)
        if label in agentive:
            lo, hi = rows[(doc_id, first)], rows[(doc_id, last)]
            a, b = lo, hi + 1  # the sentence's rows (the token table is in document order)
            while a > 0 and doc_ids[a - 1] == doc_id and sent_ids[a - 1] == sent_ids[lo]:
                a -= 1
            while b < len(sent_ids) and doc_ids[b] == doc_id and sent_ids[b] == sent_ids[lo]:
                b += 1
            event.acts = acts_as_subject(tokens.iloc[a:b], lo - a, hi - a)
        events.append(event)
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
    ``rule`` says how the mention was resolved (``name``, ``gloss``, ``after_first_name``,
    ``same_sentence`` or ``agentive``; see the module docstring).
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
                or (rule == "agentive" and event.acts)
            )
            if ok:
                if rule in ("name", "gloss", "agentive"):
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
        return empty_table("actor_mentions")
    return as_table("actor_mentions", pd.DataFrame(rows))


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
    table["first_position"] = table["first_position"].round(FLOAT_DECIMALS)
    table = table.sort_values(["outlet", "n_mentions", "actor"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)[
        ["outlet", "actor", "type", "n_mentions", "n_documents", "first_sentence", "first_position"]
    ]


def name_group(
    mentions: pd.DataFrame, actors: pd.DataFrame, documents: pd.DataFrame, *, group: str = "summoned"
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


def count_actor_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions of each actor in each outlet, as a table to read across outlets.

    ``mentions`` is the ``actor_mentions`` table. One row per actor, indexed by ``actor``
    and ``type``; one column per outlet with any mention (sorted); each cell counts the
    outlet's mentions of the actor (0: none), so the cells add up to the mentions. Rows:
    the most mentioned actor in all outlets first, ties alphabetical.
    """
    counts = (
        mentions.astype({"outlet": str})
        .groupby(["actor", "type", "outlet"], sort=True)
        .size()
        .unstack("outlet", fill_value=0)
        .astype("int64")
    )
    order = pd.DataFrame(
        {"total": counts.sum(axis=1).to_numpy(), "actor": counts.index.get_level_values("actor")}
    ).sort_values(["total", "actor"], ascending=[False, True], kind="stable")
    return counts.iloc[order.index.to_numpy()]
