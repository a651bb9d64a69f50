"""Instruments from the data: actors and multi-word terms proposed from a corpus, for review.

The actor table and terms map are a study's own; on a new corpus they miss its ministries,
firms, experts and phrases. :func:`suggest_actors` proposes the corpus's proper names
(:mod:`.names`) in alias groups with a guessed type (:mod:`.aliases`);
:func:`suggest_terms` proposes multi-word terms from NLTK's collocation finders. Each
returns a table the user edits (``keep`` = yes) and adopts
(:func:`~research_utils.analyse.adopt.adopt_suggestions`). Counts per outlet are one
documented string, ``Outlet A: 3; Outlet B: 1`` (outlets in sorted order), so the table
stays one row per suggestion in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..annotate.phrases import match_phrases, phrase_key
from ..tables import as_table, empty_table
from .actors import ACTOR_TYPES
from .aliases import group_names, guess_types, rank_values
from .collocate import collocations
from .names import find_names
from .terms import require_columns

#: Longest example sentence shown, in characters (longer ones are cut with "…").
EXAMPLE_CHARS = 200


def suggest_actors(
    tokens: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame, *, min_count: int = 2
) -> pd.DataFrame:
    """Actors the corpus names, grouped by alias, as the ``actor_suggestions`` table.

    ``tokens`` and ``documents`` are the processed tables, ``actors`` the study's actor
    table (:func:`~research_utils.analyse.actors.read_actors`; may have no rows). A group
    is kept when its mentions number at least ``min_count`` [2]. ``known`` names the actors
    of ``actors`` whose aliases already match any of the group's mentions (empty: new).
    Rows: most mentions first, ties in order of first appearance (documents in their
    table's order, then position). Rules for names, aliases and types: :mod:`.names`,
    :mod:`.aliases`.
    """
    require_columns(tokens, ("doc_id", "sent_id", "token_id", "token", "lower", "pos", "is_stop"), "tokens")
    tokens = _in_order(tokens, documents)
    names = group_names(find_names(tokens))  # in text order: documents in their table's order
    if names.empty:
        return empty_table("actor_suggestions")
    names["outlet"] = names["doc_id"].map(documents.set_index("doc_id")["outlet"]).astype(str)
    names["known"] = _known(tokens, names, actors)
    size = names.groupby("actor", sort=False).size()
    names = names[names["actor"].map(size) >= min_count]
    if names.empty:
        return empty_table("actor_suggestions")
    by = names.groupby("actor", sort=False)
    size = by.size()  # actors in order of first appearance
    table = pd.DataFrame(
        {
            "n_mentions": size,
            "n_documents": by["doc_id"].nunique(),
            "aliases": _aliases(names, names["rule"] == "name"),
            "after": _aliases(names, names["rule"] != "name"),
            "outlets": _outlet_counts(names, "actor"),
            "known": by["known"].agg(lambda s: _join(k for v in s for k in v.split("; ") if k)),
            "first": pd.Series(np.arange(len(size)), index=size.index),
        },
        index=size.index,
    )
    table = table.join(guess_types(names, ACTOR_TYPES))
    table["aliases_after_name"] = [
        _join(a for a in after.split("; ") if a and a not in aliases.split("; "))
        for aliases, after in zip(table["aliases"], table["after"], strict=True)
    ]
    firsts = by.head(1).set_index("actor")
    table["example"] = _examples(tokens, firsts[["doc_id", "sent_id"]]).reindex(table.index)
    table = table.sort_values(["n_mentions", "first"], ascending=[False, True], kind="stable")
    table = table.reset_index(names="actor").assign(keep="", group="", note="")
    return as_table("actor_suggestions", table)


def _in_order(tokens: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` in text order: documents in their table's order, then ``token_id``."""
    order = {d: i for i, d in enumerate(documents["doc_id"].astype(str))}
    rank = tokens["doc_id"].astype(str).map(order)
    return tokens.assign(_rank=rank).sort_values(["_rank", "token_id"], kind="stable").drop(columns="_rank")


def _join(items: Iterable[str]) -> str:
    """Distinct ``items`` in order, ``; ``-joined."""
    return "; ".join(dict.fromkeys(items))


def _distinct(rows: pd.DataFrame, by: str, column: str, *, by_key: bool = True) -> pd.Series:
    """Per ``by`` value: the distinct ``column`` values, most frequent first (ties: first
    seen), ``; ``-joined; ``by_key``: one per phrase key (as the actor table allows), else
    every form as written."""
    ranked = rank_values(rows, by, column)
    if by_key:
        keys = {v: phrase_key(v) for v in ranked[column].unique()}
        ranked = ranked[~ranked.assign(key=ranked[column].map(keys)).duplicated([by, "key"])]
    return ranked.groupby(by, sort=False)[column].agg("; ".join)


def _aliases(names: pd.DataFrame, chosen: pd.Series) -> pd.Series:
    """Per actor: the distinct names of the ``chosen`` mentions (:func:`_distinct`), or empty."""
    aliases = _distinct(names[chosen], "actor", "name")
    return aliases.reindex(names["actor"].unique(), fill_value="")


def _outlet_counts(rows: pd.DataFrame, by: str) -> pd.Series:
    """Per ``by`` value: ``Outlet: n; ...`` over the outlets (sorted) that have rows."""
    counts = rows.groupby([by, "outlet"], sort=False).size().sort_index(level="outlet", sort_remaining=False)
    parts = counts.reset_index(name="n")
    parts["text"] = parts["outlet"] + ": " + parts["n"].astype(str)
    return parts.groupby(by, sort=False)["text"].agg("; ".join)


def _known(tokens: pd.DataFrame, names: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """Per name: the actors (``; ``-joined) whose aliases match tokens of the mention."""
    known = pd.Series("", index=names.index, dtype=object)
    if actors.empty:
        return known
    by_key: dict[str, list[str]] = {}
    for actor, alias in actors[["actor", "alias"]].itertuples(index=False):
        by_key.setdefault(" ".join(phrase_key(str(alias))), []).append(str(actor))
    found = match_phrases(tokens, {k: k for k in by_key if k})
    spans = names[["doc_id", "sent_id", "token_id", "last_token_id"]].reset_index()
    pairs = spans.merge(found, on=["doc_id", "sent_id"], suffixes=("", "_m"))
    pairs = pairs[
        (pairs["token_id_m"] <= pairs["last_token_id"]) & (pairs["last_token_id_m"] >= pairs["token_id"])
    ]
    actors_of = pairs["label"].astype(str).map(lambda label: "; ".join(by_key[label]))
    joined = actors_of.groupby(pairs["index"], sort=False).agg(
        lambda s: _join(a for v in s for a in v.split("; "))
    )
    known[joined.index] = joined.to_numpy()
    return known


def _examples(tokens: pd.DataFrame, where: pd.DataFrame) -> pd.Series:
    """The sentence at each row's (``doc_id``, ``sent_id``), rebuilt from its tokens' offsets."""
    wanted = where.drop_duplicates()
    rows = tokens.merge(wanted, on=["doc_id", "sent_id"]).sort_values(["doc_id", "token_id"], kind="stable")
    previous = rows.groupby(["doc_id", "sent_id"])["end"].shift(1).to_numpy(dtype=float, na_value=np.inf)
    gap = rows["start"].to_numpy(dtype=float) > previous
    rows["piece"] = np.where(gap, " ", "") + rows["token"].astype(str)
    text = rows.groupby(["doc_id", "sent_id"])["piece"].agg("".join)
    short: dict[tuple[str, int], str] = {}
    levels = (text.index.get_level_values(0), text.index.get_level_values(1), text.to_numpy())
    for doc_id, sent_id, sentence in zip(*levels, strict=True):
        cut = sentence if len(sentence) <= EXAMPLE_CHARS else sentence[: EXAMPLE_CHARS - 1] + "…"
        short[(str(doc_id), int(sent_id))] = cut
    keys = zip(where["doc_id"].astype(str), where["sent_id"].astype(int), strict=True)
    return pd.Series([short.get(k, "") for k in keys], index=where.index, dtype=object)


# --------------------------------------------------------------------------- terms


def suggest_terms(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    terms_map: Mapping[str, str] | None,
    *,
    min_freq: int = 3,
    min_documents: int = 2,
) -> pd.DataFrame:
    """Multi-word terms for the terms map, as the ``term_suggestions`` table.

    Two- and three-word collocations found by NLTK's ``BigramCollocationFinder`` and
    ``TrigramCollocationFinder`` over each sentence (never across sentences), scored by
    Dunning's (1993) likelihood ratio, on lemmas (so plurals count together). Kept: no
    stop word at either edge, no punctuation or number inside, at least ``min_freq`` [3]
    occurrences in at least ``min_documents`` [2] documents; a two-word term whose every
    occurrence is inside a kept three-word term is left out. Hyphenated tokens whose parts
    are a kept term's words as written elsewhere (``night-clinic``) count as its variants.
    ``terms_map`` is ``{variant: term}`` (:func:`~research_utils.analyse.terms.read_terms_map`;
    None: none); ``known`` is the map's term for any variant already listed. Rows: most
    frequent first, then higher score, then first appearance.
    """
    require_columns(tokens, ("doc_id", "sent_id", "token_id", "token", "lower", "lemma", "is_stop"), "tokens")
    occurrences = collocations(
        _in_order(tokens, documents), documents, min_freq=min_freq, min_documents=min_documents
    )
    if occurrences.empty:
        return empty_table("term_suggestions")
    by = occurrences.groupby("key", sort=False)
    size = by.size()  # terms in order of first appearance
    spaced = occurrences.loc[~occurrences["hyphenated"], ["key", "surface"]]
    lowered = rank_values(spaced.assign(surface=spaced["surface"].str.lower()), "key", "surface")
    table = pd.DataFrame(
        {
            "term": lowered.drop_duplicates("key").set_index("key")["surface"],
            "variants": _distinct(occurrences, "key", "surface", by_key=False),
            "n_words": by["n_words"].first(),
            "freq": size,
            "n_documents": by["doc_id"].nunique(),
            "score": by["score"].first(),
            "outlets": _outlet_counts(occurrences, "key"),
            "first": pd.Series(np.arange(len(size)), index=size.index),
        },
        index=size.index,
    )
    listed = {phrase_key(v): t for v, t in (terms_map or {}).items()}
    listed |= {phrase_key(t): t for t in (terms_map or {}).values()}
    table["known"] = [
        _join(listed[k] for v in variants.split("; ") if (k := phrase_key(v)) in listed)
        for variants in table["variants"]
    ]
    table = table.sort_values(["freq", "score", "first"], ascending=[False, False, True], kind="stable")
    return as_table("term_suggestions", table.reset_index(drop=True).assign(keep=""))
