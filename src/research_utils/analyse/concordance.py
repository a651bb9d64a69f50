"""Words in context: concordance (KWIC), collocations, dispersion.

- :func:`find_concordance` — every occurrence of a term or phrase with the words around
  it (AntConc's KWIC view), matching all the terms map's variants of the term.
- :func:`find_collocations` — word pairs that occur together more than their own
  frequencies predict, per outlet, scored by NLTK's ``BigramAssocMeasures``.
- :func:`measure_dispersion` — where in each article each occurrence of a term falls.

All read processed tables (tokens, documents) or term tables made from them
(:func:`research_utils.analyse.terms.extract_terms`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..annotate.phrases import match_phrases, phrase_key
from ..errors import ResearchUtilsError
from .terms import TermsMap, require_columns, resolve_terms_map

CONCORDANCE_COLUMNS = ("doc_id", "outlet", "sent_id", "left", "node", "right")
COLLOCATION_COLUMNS = ("outlet", "term_1", "term_2", "freq", "likelihood_ratio", "pmi")
DISPERSION_COLUMNS = ("doc_id", "outlet", "term", "token_id", "position")


def expand_variants(query: str, *, terms_map: TermsMap = None) -> dict[str, str]:
    """``{phrase: query}`` for ``query`` and, when it is a term or a variant in the terms
    map, every variant of that term (``"deep fakes"`` → ``deepfake``, ``deepfakes``, ...)."""
    key = phrase_key(query)
    if not key:
        raise ResearchUtilsError(f"query {query!r} has no tokens; give a word or phrase")
    variants = resolve_terms_map(terms_map)
    terms = {term for variant, term in variants.items() if key in (phrase_key(variant), phrase_key(term))}
    phrases = {query: query}
    phrases.update({variant: query for variant, term in variants.items() if term in terms})
    return phrases


def _join(tokens: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> str:
    """Tokens as text: a space where the original had white space (line breaks included)."""
    parts = []
    for i, token in enumerate(tokens):
        if i and starts[i] > ends[i - 1]:
            parts.append(" ")
        parts.append(token)
    return "".join(parts)


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
    require_columns(
        tokens, ("doc_id", "sent_id", "token_id", "token", "start", "end", "lower", "is_punct"), "tokens"
    )
    require_columns(documents, ("doc_id", "outlet"), "documents")
    if window < 0:
        raise ResearchUtilsError(f"window={window}: give 0 or more words")
    tokens = tokens.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)
    matches = match_phrases(tokens, expand_variants(query, terms_map=terms_map))
    outlet = documents.set_index("doc_id")["outlet"]
    rows = []
    for doc_id, doc_matches in matches.groupby("doc_id", sort=True):
        doc = tokens[tokens["doc_id"] == doc_id]
        words, starts, ends = (doc[c].to_numpy() for c in ("token", "start", "end"))
        word_rows = np.flatnonzero(~doc["is_punct"].to_numpy(dtype=bool))
        row_of = pd.Series(np.arange(len(doc)), index=doc["token_id"].to_numpy())
        spans = zip(*(doc_matches[c].tolist() for c in ("sent_id", "token_id", "last_token_id")), strict=True)
        for sent_id, first_id, last_id in spans:
            first, last = int(row_of[first_id]), int(row_of[last_id])
            before = word_rows[word_rows < first][-window:] if window else word_rows[:0]
            after = word_rows[word_rows > last][:window]
            lo = before[0] if len(before) else first
            hi = after[-1] + 1 if len(after) else last + 1
            rows.append(
                (
                    doc_id,
                    outlet.get(doc_id),
                    sent_id,
                    _join(words[lo:first], starts[lo:first], ends[lo:first]),
                    _join(words[first : last + 1], starts[first : last + 1], ends[first : last + 1]),
                    _join(words[last + 1 : hi], starts[last + 1 : hi], ends[last + 1 : hi]),
                )
            )
    table = pd.DataFrame(rows, columns=list(CONCORDANCE_COLUMNS))
    return table.astype({c: "string" for c in CONCORDANCE_COLUMNS if c != "sent_id"} | {"sent_id": "int64"})


def find_collocations(
    terms: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    window: int = 2,
    min_freq: int = 2,
    top: int | None = None,
) -> pd.DataFrame:
    """Collocations per outlet, scored by NLTK's likelihood ratio and PMI.

    ``terms`` is a term table (:func:`~research_utils.analyse.terms.extract_terms`: with its default
    filters, stop words are out). Per outlet, NLTK's ``BigramCollocationFinder`` counts
    ordered pairs (``term_1`` before ``term_2``) at most ``window - 1`` terms apart
    [``window=2``: adjacent], never across sentences, and keeps pairs seen at least
    ``min_freq`` times [2]. Scores (``BigramAssocMeasures``):

    - ``likelihood_ratio``: Dunning's G² of the pair's 2×2 co-occurrence table — how
      surprising the pair's frequency is given each term's frequency;
    - ``pmi``: pointwise mutual information, ``log2(P(pair) / (P(term_1) P(term_2)))`` —
      how much likelier the pair is than chance (it favours rare pairs).

    Columns ``outlet``, ``term_1``, ``term_2``, ``freq``, ``likelihood_ratio``, ``pmi``;
    ordered by outlet, likelihood ratio descending, pair; ``top`` keeps each outlet's ``top``
    strongest pairs, and any tied with the last of them.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    if window < 2:
        raise ResearchUtilsError(f"window={window}: a collocation window is 2 terms or more")
    require_columns(terms, ("doc_id", "sent_id", "token_id", "term"), "terms")
    with_outlet = terms.merge(documents[["doc_id", "outlet"]], on="doc_id", how="inner")
    with_outlet = with_outlet.sort_values(["outlet", "doc_id", "token_id"], kind="stable")
    rows = []
    for outlet, group in with_outlet.groupby("outlet", sort=True):
        stream: list[str | None] = []
        for _, sentence in group.groupby(["doc_id", "sent_id"], sort=False):
            stream.extend(sentence["term"].astype(str))
            stream.extend([None] * (window - 1))  # padding: no pair across a sentence boundary
        finder = BigramCollocationFinder.from_words(stream, window_size=window)
        finder.apply_freq_filter(min_freq)
        pmi = dict(finder.score_ngrams(BigramAssocMeasures.pmi))
        for (w1, w2), llr in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio):
            rows.append((outlet, w1, w2, finder.ngram_fd[(w1, w2)], llr, pmi[(w1, w2)]))
    table = pd.DataFrame(rows, columns=list(COLLOCATION_COLUMNS))
    table = table.sort_values(
        ["outlet", "likelihood_ratio", "term_1", "term_2"], ascending=[True, False, True, True], kind="stable"
    )
    if top is not None:  # the ``top`` strongest per outlet, ties at the cut included
        cut = table.groupby("outlet", sort=False)["likelihood_ratio"].transform(
            lambda s: s.iloc[min(top, len(s)) - 1]
        )
        table = table[table["likelihood_ratio"] >= cut]
    return table.astype(
        {"outlet": "string", "term_1": "string", "term_2": "string", "freq": "int64"}
    ).reset_index(drop=True)


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


#: Concordance lines kept per query and outlet (all matches are counted in ``n_matches``).
CONCORDANCE_LINES = 25


def collect_concordances(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str],
    *,
    terms_map: TermsMap = None,
    lines: int = CONCORDANCE_LINES,
) -> pd.DataFrame:
    """The ``concordance`` table: each query's KWIC lines, at most ``lines`` per outlet (in
    document order), with the outlet's number of matches in ``n_matches``."""
    parts = []
    for query in dict.fromkeys(queries):
        kwic = find_concordance(tokens, documents, query, terms_map=terms_map)
        if kwic.empty:
            continue
        n = kwic.groupby("outlet")["doc_id"].transform("size")
        kwic = kwic.assign(query=query, n_matches=n).groupby("outlet", sort=False).head(lines)
        parts.append(kwic)
    columns = ["query", "doc_id", "outlet", "sent_id", "left", "node", "right", "n_matches"]
    if not parts:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in ("sent_id", "n_matches") else "string") for c in columns}
        )
    return pd.concat(parts, ignore_index=True)[columns]
