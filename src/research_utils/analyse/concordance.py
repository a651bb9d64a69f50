"""Words in context: concordance (KWIC) and dispersion (collocations: :mod:`.collocations`).

- :func:`find_concordance` — every occurrence of a term or phrase with the words around
  it (AntConc's KWIC view), matching all the terms map's variants of the term.
- :func:`collect_concordances` — the ``concordance`` table: several queries' first lines per
  outlet and their number of matches; :func:`combine_concordances` merges the tables of
  batches of whole documents into the table of the whole corpus.
- :func:`find_collocations` (from :mod:`.collocations`) — word pairs that occur together
  more than their own frequencies predict, per outlet, scored as NLTK's ``BigramAssocMeasures``.
- :func:`measure_dispersion` — where in each article each occurrence of a term falls.

All read processed tables (tokens, documents) or term tables made from them
(:func:`research_utils.analyse.terms.extract_terms`). Contexts are cut from the sorted token
table with array arithmetic (word positions by cumulative counts), so the cost grows with
the number of tokens and matches, not with documents × matches.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..annotate.phrases import TokenIndex, phrase_key
from ..errors import ResearchUtilsError
from .collocations import (
    COLLOCATION_COLUMNS,
    COUNT_COLUMNS,
    COUNT_KEYS,
    count_collocation_pairs,
    find_collocations,
    score_collocations,
)
from .terms import TermsMap, require_columns, resolve_terms_map

__all__ = [
    "COLLOCATION_COLUMNS",
    "CONCORDANCE_COLUMNS",
    "CONCORDANCE_LINES",
    "COUNT_COLUMNS",
    "COUNT_KEYS",
    "DISPERSION_COLUMNS",
    "collect_concordances",
    "combine_concordances",
    "count_collocation_pairs",
    "expand_variants",
    "find_collocations",
    "find_concordance",
    "measure_dispersion",
    "score_collocations",
]

CONCORDANCE_COLUMNS = ("doc_id", "outlet", "sent_id", "left", "node", "right")
DISPERSION_COLUMNS = ("doc_id", "outlet", "term", "token_id", "position")
#: Concordance lines kept per query and outlet (all matches are counted in ``n_matches``).
CONCORDANCE_LINES = 25
#: Columns of the ``concordance`` table (:func:`collect_concordances`).
TABLE_COLUMNS = ("query", "doc_id", "outlet", "sent_id", "left", "node", "right", "n_matches")
_TOKEN_COLUMNS = ("doc_id", "sent_id", "token_id", "token", "start", "end", "lower", "is_punct")


def expand_variants(query: str, *, terms_map: TermsMap = None) -> dict[str, str]:
    """``{phrase: query}`` for ``query`` and, when it is a term or a variant in the terms
    map, every variant of that term (``"deep fakes"`` → ``deepfake``, ``deepfakes``, ...)."""
    return _expand(query, _keyed(resolve_terms_map(terms_map)))


def _keyed(variants: dict[str, str]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """``(variant, term, variant's key, term's key)`` of a terms map: tokenised once for all queries."""
    keys = {text: phrase_key(text) for text in {*variants, *variants.values()}}
    return [(variant, term, keys[variant], keys[term]) for variant, term in variants.items()]


def _expand(query: str, keyed: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]) -> dict[str, str]:
    key = phrase_key(query)
    if not key:
        raise ResearchUtilsError(f"query {query!r} has no tokens; give a word or phrase")
    terms = {term for _, term, variant_key, term_key in keyed if key in (variant_key, term_key)}
    phrases = {query: query}
    phrases.update({variant: query for variant, term, _, _ in keyed if term in terms})
    return phrases


def _sorted_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` by ``doc_id`` and ``token_id`` (stable); a table already in that order (as
    the prepare stage writes it) is checked in linear time and not sorted again."""
    codes, uniques = pd.factorize(tokens["doc_id"])
    step, token_step = np.diff(codes), np.diff(tokens["token_id"].to_numpy(np.int64))
    in_order = (
        (codes >= 0).all()
        and pd.Index(uniques).is_monotonic_increasing
        and bool(((step > 0) | ((step == 0) & (token_step >= 0))).all())
    )
    if in_order:
        return tokens.reset_index(drop=True)
    return tokens.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)


class _Context:
    """One token table ready for any number of queries: sorted, its words indexed for
    :func:`match_phrases` once, and each row's place among the document's word tokens."""

    def __init__(self, tokens: pd.DataFrame, documents: pd.DataFrame) -> None:
        tokens = _sorted_tokens(tokens)
        self.index = TokenIndex(tokens)
        n = len(tokens)
        doc_ids = self.index.doc_ids
        change = np.ones(n, dtype=bool)
        change[1:] = doc_ids[1:] != doc_ids[:-1]
        self.doc_start = np.flatnonzero(change)  # each document's first row, and its end
        self.doc_end = np.append(self.doc_start[1:], n)
        self.docs = pd.Index(doc_ids[self.doc_start], dtype=object)
        outlets = documents.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
        self.outlets = outlets.reindex(self.docs).to_numpy(dtype=object)
        token_id = self.index.token_ids
        self.base = int(token_id.min()) if n else 0
        self.stride = int(token_id.max()) - self.base + 1 if n else 1
        self.keys = (np.cumsum(change) - 1) * self.stride + (token_id - self.base)  # increasing
        is_word = ~tokens["is_punct"].to_numpy(dtype=bool)
        self.word_rows = np.append(np.flatnonzero(is_word), n)  # sentinel: never read as a word
        self.words_before = np.concatenate(([0], np.cumsum(is_word)))  # word tokens before each row
        self.token = tokens["token"].to_numpy(dtype=object)
        start, end = tokens["start"].to_numpy(np.int64), tokens["end"].to_numpy(np.int64)
        self.space = np.concatenate(([False], start[1:] > end[:-1]))  # white space before the row

    def find(self, phrases: dict[str, str]) -> pd.DataFrame:
        """The matches of ``phrases``: ``doc_id``, ``outlet``, ``sent_id`` and the rows of
        their first and last tokens (``first``, ``last``) and document (``doc``), in
        document order."""
        return self.find_each([phrases]).drop(columns="lexicon")

    def find_each(self, lexicons: list[dict[str, str]]) -> pd.DataFrame:
        """:meth:`find` of each lexicon, matched in one pass (each on its own), with
        ``lexicon`` (its position in ``lexicons``); ordered by ``lexicon``, then document."""
        matches = self.index.find_each(lexicons)
        doc = self.docs.get_indexer(matches["doc_id"])
        first, last = (
            np.searchsorted(self.keys, doc * self.stride + (matches[c].to_numpy(np.int64) - self.base))
            for c in ("token_id", "last_token_id")
        )
        return pd.DataFrame(
            {
                "doc_id": matches["doc_id"].to_numpy(dtype=object),
                "outlet": self.outlets[doc],
                "sent_id": matches["sent_id"].to_numpy(np.int64),
                "first": first,
                "last": last,
                "doc": doc,
                "lexicon": matches["lexicon"].to_numpy(np.int64),
            }
        )

    def lines(self, found: pd.DataFrame, window: int) -> tuple[list[str], list[str], list[str]]:
        """``left``, ``node`` and ``right`` of each match: ``window`` word tokens each side
        within the document, and the punctuation between them, as written."""
        first, last, doc = (found[c].to_numpy(np.int64) for c in ("first", "last", "doc"))
        before, word_rows = self.words_before, self.word_rows
        upto = before[first]  # the words before the match: indexes [lo_word, upto) of word_rows
        lo_word = np.maximum(upto - window, before[self.doc_start[doc]])
        lo = np.where(lo_word < upto, word_rows[lo_word], first)
        after = before[last + 1]  # the words after: indexes [after, hi_word)
        hi_word = np.minimum(after + window, before[self.doc_end[doc]])
        hi = np.where(hi_word > after, word_rows[np.maximum(hi_word - 1, 0)] + 1, last + 1)
        return self._join(lo, first), self._join(first, last + 1), self._join(last + 1, hi)

    def _join(self, starts: np.ndarray, ends: np.ndarray) -> list[str]:
        """Rows ``[start, end)`` as text: a space where the original had white space."""
        out = []
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            if b <= a:
                out.append("")
                continue
            words, gaps = self.token[a:b].tolist(), self.space[a + 1 : b].tolist()
            out.append(words[0] + "".join(" " + w if g else w for w, g in zip(words[1:], gaps, strict=True)))
        return out


def _check(tokens: pd.DataFrame, documents: pd.DataFrame, window: int) -> None:
    require_columns(tokens, _TOKEN_COLUMNS, "tokens")
    require_columns(documents, ("doc_id", "outlet"), "documents")
    if window < 0:
        raise ResearchUtilsError(f"window={window}: give 0 or more words")


def find_concordance(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    query: str,
    *,
    window: int = 6,
    terms_map: TermsMap = None,
) -> pd.DataFrame:
    """Key word in context: every occurrence of ``query`` with ``window`` words each side.

    ``query`` is a word or phrase, matched case-insensitively (``"deepfake"`` finds
    ``Deepfake``); when it is a term of the terms map, or one of its variants, all the
    term's variants are found (``deep fakes``, ``deepfakes`` ...; ``terms_map={}`` for the
    exact query only). ``window`` counts word tokens (punctuation in between is shown but
    not counted); the context stays within the document and may cross sentences.

    Returns columns ``doc_id``, ``outlet``, ``sent_id`` (of the node), ``left``, ``node``
    (the text as written), ``right``; ordered by ``doc_id`` and position.
    """
    _check(tokens, documents, window)
    context = _Context(tokens, documents)
    found = context.find(expand_variants(query, terms_map=terms_map))
    left, node, right = context.lines(found, window)
    table = found[["doc_id", "outlet", "sent_id"]].assign(left=left, node=node, right=right)
    return table.astype({c: "string" for c in CONCORDANCE_COLUMNS if c != "sent_id"} | {"sent_id": "int64"})


def _empty_concordance() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in ("sent_id", "n_matches") else "string") for c in TABLE_COLUMNS}
    )


def collect_concordances(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str],
    *,
    terms_map: TermsMap = None,
    lines: int = CONCORDANCE_LINES,
) -> pd.DataFrame:
    """The ``concordance`` table: each query's KWIC lines (:func:`find_concordance`, six
    words each side), at most ``lines`` per outlet (in document order), with the outlet's
    number of matches in ``n_matches``.

    Only the kept lines are cut from the text; the table of a batch of whole documents holds
    all that :func:`combine_concordances` needs to give the table of the whole corpus.
    """
    _check(tokens, documents, 6)
    context = _Context(tokens, documents)
    keyed = _keyed(resolve_terms_map(terms_map))
    asked = list(dict.fromkeys(queries))
    found = context.find_each([_expand(query, keyed) for query in asked])  # one pass for all
    found = found[pd.notna(found["outlet"])]  # a document missing from `documents`
    if found.empty:
        return _empty_concordance()
    by_outlet = found.groupby(["lexicon", "outlet"], sort=False)
    found = found.assign(n_matches=by_outlet["doc"].transform("size"))[by_outlet.cumcount() < lines]
    left, node, right = context.lines(found, 6)
    kwic = found[["doc_id", "outlet", "sent_id", "n_matches"]].assign(left=left, node=node, right=right)
    kwic = kwic.astype({c: "string" for c in ("doc_id", "outlet", "left", "node", "right")})
    query = np.array(asked, dtype=object)[found["lexicon"].to_numpy()]
    return kwic.assign(query=query).reset_index(drop=True)[list(TABLE_COLUMNS)]


def combine_concordances(
    parts: Iterable[pd.DataFrame],
    *,
    lines: int = CONCORDANCE_LINES,
    queries: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The :func:`collect_concordances` table of a corpus from the tables of its batches.

    ``parts``: the tables of batches of whole documents (each document in one batch), made
    with the same queries and at least ``lines`` lines. Gives each query's first ``lines``
    lines per outlet in document order, ``n_matches`` summed over the batches — exactly the
    table of all the documents at once. ``queries``: the queries as given to
    :func:`collect_concordances`, which sets the order of the rows; without it, queries
    come in the order they first appear in the parts, which is that order when the first
    batch has matches of every query (the table of one corpus never needs it).
    """
    frames = [p for p in parts if len(p)]
    if not frames:
        return _empty_concordance()
    table = pd.concat(frames, ignore_index=True)
    batch = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    order = pd.Index(list(dict.fromkeys(queries if queries is not None else table["query"])), dtype=object)
    rank = order.get_indexer(pd.Index(table["query"]))
    if (rank < 0).any():
        missing = sorted(set(table["query"][rank < 0]))
        raise ResearchUtilsError(f"concordance rows of queries {missing} not in `queries`; pass every query")
    doc = pd.factorize(table["doc_id"], sort=True)[0]
    rows = np.lexsort((doc, rank))  # stable: lines of one document keep their order
    table, batch = table.iloc[rows].reset_index(drop=True), batch[rows]
    counts = table.assign(batch=batch).drop_duplicates(["batch", "query", "outlet"])
    total = counts.groupby(["query", "outlet"])["n_matches"].sum()
    table = table[table.groupby(["query", "outlet"], sort=False).cumcount() < lines]
    matches = total.reindex(pd.MultiIndex.from_arrays([table["query"], table["outlet"]])).to_numpy()
    return table.assign(n_matches=matches.astype(np.int64)).reset_index(drop=True)


def measure_dispersion(
    terms: pd.DataFrame, documents: pd.DataFrame, key_terms: Iterable[str]
) -> pd.DataFrame:
    """Where each occurrence of each key term falls in its article, from 0 (first token) to 1 (last).

    ``position`` = ``token_id / (n_tokens − 1)`` of the occurrence's first token, with
    ``n_tokens`` from the documents table. Columns ``doc_id``, ``outlet``, ``term``,
    ``token_id``, ``position``; ordered by ``doc_id`` and ``token_id``.
    """
    require_columns(documents, ("doc_id", "outlet", "n_tokens"), "documents")
    wanted = [str(t).lower() for t in key_terms]
    hits = terms[terms["term"].astype(str).isin(wanted)]
    hits = hits.merge(documents[["doc_id", "outlet", "n_tokens"]], on="doc_id", how="inner")
    hits = hits.assign(position=hits["token_id"] / np.maximum(hits["n_tokens"] - 1, 1))
    hits = hits.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)
    return hits[list(DISPERSION_COLUMNS)].astype(
        {"doc_id": "string", "outlet": "string", "term": "string", "token_id": "int64", "position": "float64"}
    )
