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

from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

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


def _positions(table: pd.DataFrame, key: str, doc_ids: ArrayLike, ids: ArrayLike) -> np.ndarray:
    """Row positions in ``table`` of the (``doc_id``, ``key``) pairs (-1: absent), by one
    hash join of integer keys rather than a dictionary over the table's rows."""
    codes, uniques = pd.factorize(table["doc_id"])
    all_ids = table[key].to_numpy(dtype=np.int64)
    width = int(all_ids.max()) + 1 if len(all_ids) else 1
    wanted = pd.Index(uniques).get_indexer(doc_ids)
    rows = pd.Index(codes.astype(np.int64) * width + all_ids).get_indexer(
        wanted * width + np.asarray(ids, dtype=np.int64)
    )
    return np.where(wanted < 0, -1, rows)


def _alias_candidates(tokens: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Alias matches (:func:`match_phrases`) with each actor they may stand for (``event``:
    the match, in match order; its candidates in actor-table order); an alias with a
    capital only where the text has one. ``acts``: see :func:`_agentive_acts`."""
    aliases = actors[["actor", "type", "resolve", "alias"]].astype(object).rename(columns={"resolve": "rule"})
    aliases["label"] = pd.Series([" ".join(phrase_key(a)) for a in aliases["alias"]], dtype=object)
    aliases["upper"] = [a[:1].isupper() for a in aliases["alias"]]
    aliases["order"] = np.arange(len(aliases))
    found = match_phrases(tokens, {k: k for k in dict.fromkeys(aliases["label"])})
    doc_ids = found["doc_id"].to_numpy(dtype=object)
    first = _positions(tokens, "token_id", doc_ids, found["token_id"])
    last = _positions(tokens, "token_id", doc_ids, found["last_token_id"])
    sent = _positions(sentences, "sent_id", doc_ids, found["sent_id"])
    start = tokens["start"].to_numpy(dtype=np.int64)[first]
    end = tokens["end"].to_numpy(dtype=np.int64)[last]
    offset = (start - sentences["start"].to_numpy(dtype=np.int64)[sent]).tolist()
    texts = sentences["text"].take(sent).tolist()
    surface = [t[a : a + n] for t, a, n in zip(texts, offset, (end - start).tolist(), strict=True)]
    events = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "sent_id": found["sent_id"].to_numpy(dtype=np.int64),
            "start": start,
            "end": end,
            "surface": pd.Series(surface, dtype=object),
            "label": pd.Series(found["label"].to_numpy(dtype=object), dtype=object),
            "event": np.arange(len(found)),
            "cap": np.array([s[:1].isupper() for s in surface], dtype=bool),
            "row": first,
            "last_row": last,
        }
    )
    cands = events.merge(aliases, on="label").sort_values(["event", "order"], kind="stable")
    cands = cands[~cands["upper"] | cands["cap"]]
    acts = _agentive_acts(tokens, cands[cands["rule"] == "agentive"].drop_duplicates("event"))
    return cands.assign(acts=cands["event"].isin(acts[acts].index)).reset_index(drop=True)


def _agentive_acts(tokens: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Per event (index: ``event``): whether the match at token rows ``row``..``last_row``
    is the subject of a finite active verb in its sentence (:func:`.grammar.acts_as_subject`);
    only these events' sentences are copied out of the token table."""
    if events.empty:
        return pd.Series(dtype=bool)
    doc, sent = pd.factorize(tokens["doc_id"])[0], tokens["sent_id"].to_numpy()
    brk = np.ones(len(tokens), dtype=bool)
    brk[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    run = np.cumsum(brk) - 1  # the sentence run (contiguous rows of one sentence) of each row
    bounds = np.append(np.flatnonzero(brk), len(tokens))
    lo, hi = events["row"].to_numpy(), events["last_row"].to_numpy()
    needed, which = np.unique(run[lo], return_inverse=True)
    sizes = bounds[needed + 1] - bounds[needed]
    offsets = np.cumsum(sizes) - sizes  # where each needed sentence starts in the copy
    rows = np.repeat(bounds[needed] - offsets, sizes) + np.arange(sizes.sum())
    cols = ["token", "lower", "lemma", "pos", "is_punct"]
    copy = pd.DataFrame({c: tokens[c].take(rows).to_numpy(dtype=object) for c in cols})
    a, n, begin = offsets[which], sizes[which], bounds[run[lo]]
    acts = [
        acts_as_subject(copy.iloc[x : x + m], f, f + w)
        for x, m, f, w in zip(a.tolist(), n.tolist(), (lo - begin).tolist(), (hi - lo).tolist(), strict=True)
    ]
    return pd.Series(acts, index=events["event"].to_numpy(), dtype=bool)


def _gloss_candidates(glosses: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Glosses whose Chinese is an alias of ``name``-rule actors, in the first sentence (in
    table order) of their document that holds their start, with those actors in table
    order (``event``: the gloss, in table order)."""
    names = actors.loc[actors["resolve"] == "name", ["actor", "type", "alias"]].astype(object)
    names = names.assign(chinese=names["alias"].str.strip()).drop_duplicates(["chinese", "actor"])
    names = names.assign(order=np.arange(len(names)))
    g = glosses[["doc_id", "english", "chinese", "start", "end"]].astype(
        {"doc_id": object, "english": object, "chinese": object, "start": np.int64, "end": np.int64}
    )
    keep = (g["english"].fillna("") != "") & (g["start"] < g["end"]) & g["chinese"].isin(names["chinese"])
    g = g[keep.to_numpy(dtype=bool)].assign(event=np.arange(int(keep.sum())))
    s = sentences[["doc_id", "sent_id", "start", "end"]].astype({"doc_id": object})
    hit = g.merge(s.assign(s_order=np.arange(len(s))), on="doc_id", suffixes=("", "_s"))
    hit = hit[(hit["start_s"] <= hit["start"]) & (hit["start"] < hit["end_s"])]
    hit = hit.sort_values(["event", "s_order"], kind="stable").drop_duplicates("event")
    cands = hit.merge(names[["chinese", "actor", "type", "order"]], on="chinese")
    cands = cands.sort_values(["event", "order"], kind="stable")
    return cands.assign(surface=cands["english"].astype(str), rule="gloss", acts=False).reset_index(drop=True)


def _resolve(cands: pd.DataFrame) -> list[int]:
    """Positions of the accepted rows of ``cands`` (in text order): per match, its first
    candidate whose rule holds. A loop over matches, not tokens, because the rules are
    sequential: a definite description counts only after an earlier mention named the actor
    in the document, a bare plural only after one in the sentence."""
    new = np.ones(len(cands), dtype=bool)
    key = cands["src"].to_numpy() * (len(cands) + 1) + cands["event"].to_numpy()
    new[1:] = key[1:] != key[:-1]
    named: set[tuple[str, str]] = set()  # (doc_id, actor) named so far
    in_sentence: set[tuple[str, int, str]] = set()  # (doc_id, sent_id, actor) mentioned so far
    accepted: list[int] = []
    columns = [cands[c].tolist() for c in ("doc_id", "sent_id", "actor", "rule", "acts")]
    taken = False
    for i, (first, doc, sent, actor, rule, acts) in enumerate(zip(new.tolist(), *columns, strict=True)):
        taken = taken and not first
        if taken:
            continue
        if (
            rule in ("name", "gloss")
            or (rule == "after_first_name" and (doc, actor) in named)
            or (rule == "same_sentence" and (doc, sent, actor) in in_sentence)
            or (rule == "agentive" and acts)
        ):
            taken = True
            if rule in ("name", "gloss", "agentive"):
                named.add((doc, actor))
            in_sentence.add((doc, sent, actor))
            accepted.append(i)
    return accepted


def find_actor_mentions(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    glosses: pd.DataFrame,
    actors: pd.DataFrame,
) -> pd.DataFrame:
    """The ``actor_mentions`` table: every resolved mention, ordered by ``doc_id`` and ``start``.

    ``start``/``end`` are character offsets into the document's cleaned text;
    ``rule`` says how the mention was resolved (``name``, ``gloss``, ``after_first_name``,
    ``same_sentence`` or ``agentive``; see the module docstring). Each document's rows
    depend on that document alone, so batches of whole documents give the same rows.
    """
    alias = _alias_candidates(tokens, sentences, actors)
    gloss = _gloss_candidates(glosses, sentences, actors)
    if not gloss.empty:  # a gloss inside an alias match of its (first) actor adds nothing
        first = gloss.drop_duplicates("event")
        pairs = first.merge(
            alias[["doc_id", "actor", "start", "end"]], on=["doc_id", "actor"], suffixes=("", "_a")
        )
        inside = pairs.loc[(pairs["start_a"] < pairs["end"]) & (pairs["start"] < pairs["end_a"]), "event"]
        gloss = gloss[~gloss["event"].isin(inside)]
    columns = ["doc_id", "sent_id", "actor", "type", "surface", "start", "end", "rule", "acts", "event"]
    cands = pd.concat([alias[columns].assign(src=0), gloss[columns].assign(src=1)], ignore_index=True)
    if cands.empty:
        return empty_table("actor_mentions")
    cands = cands.sort_values(["doc_id", "start", "src", "event"], kind="stable").reset_index(drop=True)
    rows = cands.iloc[_resolve(cands)]
    outlet = documents.set_index("doc_id")["outlet"]
    return as_table("actor_mentions", rows.assign(outlet=rows["doc_id"].map(outlet)))


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
