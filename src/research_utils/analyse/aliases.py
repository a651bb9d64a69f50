"""Alias groups of proper names, and a type guessed for each from its words and context.

Names come from :func:`~research_utils.analyse.names.find_names`. Hand-written rules
(NLTK has no coreference or alias resolution), each simple:

- **A surname or first name** alone stands for the one person's full name of the same
  document that ends or starts with it (``Doe`` -> ``Jane Doe``); with two such full
  names it stands for neither. A person's full name: 2-4 capitalised words, no
  organisation or place word (:data:`PLACE_WORDS`), a first word the corpus never has in
  lower case (not ``New York``), a title or he/she near one of its mentions in the
  document. Such a mention is resolved ``after_first_name``.
- ``X Ministry`` <-> ``Ministry of X``, for any organisation word (``Health Department`` <->
  ``Department of Health``).
- A name <-> the same name without legal suffixes (``Meridian Care Ltd`` <-> ``Meridian
  Care``; ``Ltd``, ``Inc``, ``Corp``, ``Co``, ``Group``, ``Holdings`` ...), in the whole corpus.
- An acronym in parentheses right after a name whose initials it spells (``Ministry of
  Health (MOH)``) <-> that name, in the whole corpus.
- Names equal up to case, periods and ``the``.

Groups are the connected components of these links
(:func:`scipy.sparse.csgraph.connected_components`). Types: :func:`guess_types`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .name_words import LEGAL_SUFFIXES, NAME_WORD, ORG_WORDS, TITLES, name_key

_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})
_JOINERS = frozenset({"of", "for", "and", "&", "'s", "’s", "the"})
#: Words of place names, which are never a person's (White House, Dallas County).
PLACE_WORDS = frozenset(
    {
        "house", "street", "avenue", "road", "square", "island", "islands", "river", "lake", "mountain",
        "mountains", "valley", "county", "city", "state", "states", "province", "district", "airport",
        "station", "stadium", "beach", "coast",
    }
)  # fmt: skip


def _norm(name: str) -> list[str]:
    """Lower-case words of ``name`` without periods and ``the``: what alias keys compare."""
    return [k for k in (name_key(w) for w in name.split()) if k and k != "the"]


def person_words(name: str) -> list[str]:
    """The words of a person-like name (2-4 capitalised words, no organisation word or
    joining word, generational suffix dropped); empty when ``name`` is not one."""
    words = name.split()
    if words and name_key(words[-1]) in _GENERATIONAL:
        words = words[:-1]
    if not 2 <= len(words) <= 4 or not all(NAME_WORD.match(w) for w in words):
        return []
    if any(name_key(w) in ORG_WORDS or name_key(w) in _JOINERS or name_key(w) in PLACE_WORDS for w in words):
        return []
    return words


def org_head(name: str) -> str:
    """The organisation word that heads ``name`` (``Ministry`` of ``Ministry of Health``,
    ``Ltd`` of ``Meridian Care Ltd``), lower case; empty if none. An agency with a media
    word (``Xinhua News Agency``) is headed by the media word."""
    words = _norm(name)
    if len(words) >= 3 and words[1] in ("of", "for") and words[0] in ORG_WORDS:
        head = words[0]
    else:
        head = next((w for w in reversed(words) if w in ORG_WORDS), "")
    if head == "agency":
        head = next((w for w in words if ORG_WORDS.get(w) == "media"), head)
    return head


def _alias_keys(name: str, expansion: str) -> list[str]:
    """Keys shared by names of one actor (module docstring: the grouping rules)."""
    words = _norm(name)
    keys = [" ".join(words)]
    base = list(words)
    while len(base) > 1 and base[-1] in LEGAL_SUFFIXES:
        base.pop()
    if len(base) < len(words):
        keys.append(" ".join(base))
    if len(words) >= 3 and words[1] in ("of", "for") and words[0] in ORG_WORDS:
        keys.append(f"org:{words[0]}:{' '.join(words[2:])}")
    elif len(words) >= 2 and words[-1] in ORG_WORDS:
        keys.append(f"org:{words[-1]}:{' '.join(words[:-1])}")
    if expansion:
        keys.append(" ".join(_norm(expansion)))
    return keys


def _surnames(names: pd.DataFrame) -> list[str | None]:
    """Per name: the document's one person-like full name it is the first or last word of
    (``Doe`` → ``Jane Doe``), else None."""
    # Python lists and dicts: on Arrow-backed columns several times faster than merging
    # and grouping frames
    doc, name = names["doc_id"].tolist(), names["name"].tolist()
    evident = (((names["title"] != "") | names["pronoun"]) & ~names["common_first"]).tolist()
    stands_for: dict[tuple[str, str], set[str]] = {}  # (document, word) -> full names
    for d, n in dict.fromkeys(k for k, e in zip(zip(doc, name, strict=True), evident, strict=True) if e):
        words = person_words(n) if isinstance(d, str) else []
        for part in {words[0], words[-1]} if words else ():
            stands_for.setdefault((d, part), set()).add(n)
    lookup = {k: next(iter(full)) for k, full in stands_for.items() if len(full) == 1}
    return [lookup.get(k) for k in zip(doc, name, strict=True)]


def group_names(names: pd.DataFrame) -> pd.DataFrame:
    """``names`` (:func:`find_names`) with each name's alias group: ``actor`` (the group's
    most frequent full name, not an acronym when there is another, ties to the first seen)
    and ``rule`` (``name``, or ``after_first_name`` for a surname standing for a full name
    in the same document). Rules: module docstring."""
    if names.empty:
        return names.assign(rule=pd.Series(dtype=object), actor=pd.Series(dtype="string"))
    full = _surnames(names)
    plain = np.array([f is None for f in full])
    # the graph's vertices: the nodes (names, surnames as their full name), then the keys
    node_ids, nodes = pd.factorize(
        np.array(
            [n if f is None else f for n, f in zip(names["name"].tolist(), full, strict=True)], dtype=object
        )
    )
    pairs = [
        (i, k)
        for i, e in dict.fromkeys(zip(node_ids.tolist(), names["expansion"].tolist(), strict=True))
        for k in _alias_keys(nodes[i], e)
    ]
    key_ids, keys = pd.factorize(np.array([k for _, k in pairs], dtype=object))
    edges = (np.array([i for i, _ in pairs], dtype=np.intp), key_ids + len(nodes))
    size = len(nodes) + len(keys)
    graph = coo_matrix((np.ones(len(pairs)), edges), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    group = pd.factorize(component[node_ids])[0]  # numbered 0, 1, ... in order of first appearance
    actor = _canonical(names, plain, group, nodes[node_ids])
    return names.assign(rule=np.where(plain, "name", "after_first_name"), actor=actor)


def _canonical(names: pd.DataFrame, plain: np.ndarray, group: np.ndarray, node: np.ndarray) -> pd.Series:
    """Per name: its ``group``'s canonical name (see :func:`group_names`): of the group's
    ``plain`` names (not surnames), not an acronym if possible, the most frequent, the first
    seen; with none, the first name's ``node``. Groups are numbered 0, 1, ..."""
    where = np.flatnonzero(plain)
    named = names["name"].iloc[where]
    acronym = (named.str.isupper() & ~named.str.contains(" ")).to_numpy(dtype=bool)
    name_ids = pd.factorize(named)[0]
    pair = pd.factorize(group[where] * (len(named) + 1) + name_ids)[0]  # (group, name)
    n = np.bincount(pair)[pair]  # how often the name is in its group
    best = where[np.lexsort((where, -n, acronym, group[where]))]  # per group, best first
    canonical = node[np.unique(group, return_index=True)[1]]  # fallback: the first node
    firsts = np.unique(group[best], return_index=True)
    canonical[firsts[0]] = names["name"].to_numpy(dtype=object)[best[firsts[1]]]
    return pd.Series(canonical[group], index=names.index, dtype="string")


#: Actor types tried, in order, for each kind of name; the first one the actor table
#: allows (``ACTOR_TYPES``) is the guess, none: the type is left for the user.
TYPE_PREFERENCES: dict[str, tuple[str, ...]] = {
    "government": ("government body", "government", "organisation", "organization"),
    "official": ("government official", "official", "person"),
    "expert": ("expert", "person"),
    "person": ("person",),
    "company": ("company",),
    "media": ("media",),
    "institution": ("institution", "university", "organisation", "organization"),
    "party": ("political party", "party", "government body"),
    "organisation": ("organisation", "organization", "civil society", "ngo"),
}


def rank_values(rows: pd.DataFrame, by: str, column: str) -> pd.DataFrame:
    """Distinct (``by``, ``column``) pairs of ``rows`` with their count ``n``: per ``by``
    value (in order of first appearance), most frequent first, ties in order of first
    appearance."""
    counts = rows.groupby([by, column], sort=False).size().rename("n").reset_index()
    counts["group"] = pd.factorize(counts[by])[0]
    counts["order"] = np.arange(len(counts))
    counts = counts.sort_values(["group", "n", "order"], ascending=[True, False, True], kind="stable")
    return counts[[by, column, "n"]].reset_index(drop=True)


def _person(actor: str, common: set[str]) -> bool:
    return bool(person_words(actor)) and actor not in common


def guess_types(grouped: pd.DataFrame, types: Sequence[str]) -> pd.DataFrame:
    """Per actor of ``grouped`` (:func:`group_names`): a ``type`` from ``types`` and the
    ``evidence`` for it, first that applies: an organisation word heading the actor's name,
    or else one of its other names (:func:`org_head`: ``Alibaba`` <- ``Alibaba Group
    Holding Ltd``); the title most often before or after its mentions (``mayor``,
    ``professor``), if the name has a person's form or a fifth of its mentions have a
    title (``Washington`` once after a mayor is no person); a person's name
    (:func:`person_words`, first word never in lower case) with he/she in the mention's
    sentence or the next. No evidence, or no allowed type for it: the type is empty (the
    evidence says why)."""
    by = grouped.groupby("actor", sort=False)
    titles = rank_values(grouped[grouped["title"] != ""], "actor", "title").drop_duplicates("actor")
    title_word, title_n = (titles.set_index("actor")[c].to_dict() for c in ("title", "n"))
    n_pronoun, size = by["pronoun"].sum(), by.size()
    own = grouped[grouped["name"] == grouped["actor"]]
    common = set(own.loc[own["common_first"], "actor"])
    forms = rank_values(grouped, "actor", "name").groupby("actor", sort=False)["name"].agg(list)
    rows = []
    for actor in size.index:
        kind, evidence = "", ""
        name, head = next(((n, h) for n in [actor, *forms[actor]] if (h := org_head(n))), ("", ""))
        if head:
            kind, evidence = (
                ORG_WORDS[head],
                f"organisation word {head!r}" + (f" in {name!r}" if name != actor else ""),
            )
        elif actor in title_word and (_person(actor, common) or title_n[actor] >= size[actor] / 5):
            word, n = str(title_word[actor]), title_n[actor]
            kind, evidence = TITLES[word], f"title {word!r} at {n} of {size[actor]} mentions"
        elif _person(actor, common) and n_pronoun[actor]:
            kind, evidence = "person", f"he/she near {n_pronoun[actor]} of {size[actor]} mentions"
        typ = next((t for t in TYPE_PREFERENCES.get(kind, ()) if t in types), "")
        if kind and not typ:
            evidence += f" (no {kind} type in the actor table's types: choose one)"
        rows.append((actor, typ, evidence))
    return pd.DataFrame(rows, columns=["actor", "type", "evidence"]).set_index("actor")
