"""Collocations per outlet: pair counts (combinable across batches) and NLTK's scores.

- :func:`count_collocation_pairs` — per outlet, the counts NLTK's
  ``BigramCollocationFinder`` keeps: how often each ordered pair of terms occurs within the
  window, and how often each term occurs. Counts of batches of whole documents add up to
  the counts of the whole corpus.
- :func:`score_collocations` — NLTK's ``BigramAssocMeasures.likelihood_ratio`` and ``pmi``
  from those counts, for every pair at once.
- :func:`find_collocations` — both in one call.

**The counts table** (:data:`COUNT_COLUMNS`): ``outlet``, ``window``, ``term_1``,
``term_2``, ``count``. A *pair row* (``term_2`` a term) counts ``term_1`` followed by
``term_2`` at most ``window - 1`` terms later in a sentence; a *word row* (``term_2`` the
empty string ``""``) counts ``term_1``'s occurrences in the outlet. Rows of several
batches can be concatenated and summed by :data:`COUNT_KEYS` (``pd.concat(parts)
.groupby(list(COUNT_KEYS), as_index=False)["count"].sum()``), or passed to
:func:`score_collocations` as they are (it sums repeated keys itself).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..errors import ResearchUtilsError
from .terms import require_columns

COLLOCATION_COLUMNS = ("outlet", "term_1", "term_2", "freq", "likelihood_ratio", "pmi")
#: Columns of :func:`count_collocation_pairs`'s table; :data:`COUNT_KEYS` identify a row.
COUNT_COLUMNS = ("outlet", "window", "term_1", "term_2", "count")
COUNT_KEYS = ("outlet", "window", "term_1", "term_2")
#: NLTK's smoothing constant in ``likelihood_ratio`` (``nltk.metrics.association._SMALL``).
_SMALL = 1e-20


def _term_stream(terms: pd.DataFrame, documents: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Outlet codes, sentence numbers and term codes of the terms of documents with an
    outlet, sentence by sentence in text order; and the outlets and terms (sorted) coded."""
    doc, doc_ids = pd.factorize(terms["doc_id"])
    outlet_of = documents.drop_duplicates("doc_id").set_index("doc_id")["outlet"].reindex(doc_ids)
    outlet_codes, outlets = pd.factorize(outlet_of, sort=True)
    outlet = np.append(outlet_codes, -1)[doc]  # -1: no document, or no outlet
    keep = outlet >= 0
    words = terms["term"].astype(str).to_numpy(dtype=object)[keep]
    if (words == "").any():
        raise ResearchUtilsError("the terms table has an empty term; pass extract_terms(tokens)'s table")
    sent, token_id = (terms[c].to_numpy(np.int64)[keep] for c in ("sent_id", "token_id"))
    outlet, doc = outlet[keep], doc[keep]
    order = np.lexsort((token_id, sent, doc, outlet))  # stable: a sentence's terms in text order
    doc, sent = doc[order], sent[order]
    change = np.ones(len(order), dtype=bool)
    change[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    term, vocabulary = pd.factorize(words[order], sort=True)
    return outlet[order], np.cumsum(change), term, np.asarray(outlets, dtype=object), np.asarray(vocabulary)


def count_collocation_pairs(terms: pd.DataFrame, documents: pd.DataFrame, *, window: int = 2) -> pd.DataFrame:
    """Per outlet, the pair and word counts of NLTK's ``BigramCollocationFinder.from_words``
    over the outlet's terms, sentence by sentence (no pair crosses a sentence).

    ``terms`` is a term table (:func:`~research_utils.analyse.terms.extract_terms`). A pair is
    ``term_1`` followed by ``term_2`` at most ``window - 1`` terms later [2: adjacent]. Returns
    the counts table described in the module docstring (:data:`COUNT_COLUMNS`), ordered by
    outlet, ``term_1``, ``term_2`` (word rows first). Counts are sums over sentences, so the
    counts of batches of whole documents, summed, are those of all the documents together.
    """
    if window < 2:
        raise ResearchUtilsError(f"window={window}: a collocation window is 2 terms or more")
    require_columns(terms, ("doc_id", "sent_id", "token_id", "term"), "terms")
    require_columns(documents, ("doc_id", "outlet"), "documents")
    outlet, sentence, term, outlets, vocabulary = _term_stream(terms, documents)
    width = len(vocabulary) + 1  # code 0 of term_2: a word row
    keys = [(outlet * width + term + 1) * width]  # word rows
    for k in range(1, window):
        same = sentence[k:] == sentence[:-k]
        keys.append((outlet[:-k][same] * width + term[:-k][same] + 1) * width + term[k:][same] + 1)
    found, count = np.unique(np.concatenate(keys), return_counts=True)
    first, second = np.divmod(found, width)
    which, term_1 = np.divmod(first, width)
    names = pd.array(np.append("", vocabulary), dtype="string")
    return pd.DataFrame(
        {
            "outlet": pd.array(outlets, dtype="string").take(which),
            "window": np.full(len(found), window, dtype=np.int64),
            "term_1": names.take(term_1),
            "term_2": names.take(second),
            "count": count.astype(np.int64),
        }
    )


def _log(values: np.ndarray, log: Callable[[float], float] = math.log) -> np.ndarray:
    """``math.log`` (or ``math.log2``) of each value, as NLTK takes it: NumPy's SIMD
    logarithms may differ from the C library's in the last bit, and the scores are to be
    NLTK's exactly (the arithmetic around them is the same IEEE operations in the same order)."""
    return np.fromiter(map(log, values.tolist()), dtype=np.float64, count=len(values))


def _nltk_scores(
    n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n_xx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """NLTK's ``BigramAssocMeasures.likelihood_ratio`` and ``pmi`` (``nltk/metrics/association.py``,
    NLTK 3.x) for arrays of marginals, operation for operation."""
    cont = (n_ii, n_xi - n_ii, n_ix - n_ii, n_xx - n_ii - (n_xi - n_ii) - (n_ix - n_ii))
    total = cont[0] + cont[1] + cont[2] + cont[3]
    terms = []
    for i in range(4):
        expected = (cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / total
        terms.append(cont[i] * _log(cont[i] / (expected + _SMALL) + _SMALL))
    likelihood = 2 * (0.0 + terms[0] + terms[1] + terms[2] + terms[3])
    product = (n_ix.astype(np.int64) * n_xi.astype(np.int64)).astype(np.float64)
    pmi = _log(n_ii * n_xx, math.log2) - _log(product, math.log2)
    return likelihood, pmi


def score_collocations(counts: pd.DataFrame, *, min_freq: int = 2, top: int | None = None) -> pd.DataFrame:
    """Pairs seen at least ``min_freq`` times [2], scored by NLTK's association measures.

    ``counts``: :func:`count_collocation_pairs`'s table, or several of them concatenated
    (rows with the same keys are summed). Scores are those of NLTK's ``BigramCollocationFinder``
    (Bird, Klein & Loper 2009) with ``BigramAssocMeasures`` (Manning & Schütze 1999, 5.3–5.4),
    with the pair count divided by ``window - 1`` as NLTK does (Church & Hanks 1990):

    - ``likelihood_ratio``: Dunning's (1993) G² of the pair's 2×2 co-occurrence table, with
      NLTK's 1e-20 smoothing — how surprising the pair's frequency is given each term's;
    - ``pmi``: pointwise mutual information, ``log2(P(pair) / (P(term_1) P(term_2)))`` —
      how much likelier the pair is than chance (it favours rare pairs).

    Re-expressed over arrays rather than calling NLTK because NLTK scores one pair at a time
    (a Python call and ``math.log`` per pair and measure); the formulas, their order of
    operations and the logarithm are NLTK's, so the scores are equal to the last bit
    (``tests/test_context_speed.py`` compares them on Brown).

    Columns ``outlet``, ``term_1``, ``term_2``, ``freq``, ``likelihood_ratio``, ``pmi``;
    ordered by outlet, likelihood ratio descending, pair; ``top`` keeps each outlet's ``top``
    strongest pairs, and any tied with the last of them.
    """
    require_columns(counts, COUNT_COLUMNS, "collocation counts")
    windows = counts["window"].unique()
    if len(windows) > 1:
        raise ResearchUtilsError(
            f"collocation counts of different windows {sorted(windows)}; score each window's counts apart"
        )
    outlet, outlets = pd.factorize(counts["outlet"], sort=True)
    term, vocabulary = pd.factorize(
        pd.concat([counts["term_1"], counts["term_2"]], ignore_index=True), sort=True
    )
    width = len(vocabulary)  # "" (word rows) is code 0 whenever there is a word row
    key = (outlet * width + term[: len(counts)]) * width + term[len(counts) :]
    key, at = np.unique(key, return_inverse=True)  # rows of repeated keys (batches) summed
    count = np.bincount(at, weights=counts["count"].to_numpy(np.float64), minlength=len(key)).astype(np.int64)
    first, term_2 = np.divmod(key, width)
    outlet, term_1 = np.divmod(first, width)
    word = np.asarray(vocabulary, dtype=object)[term_2] == ""
    pair = ~word & (count >= min_freq)
    n_xx = np.bincount(outlet[word], weights=count[word], minlength=len(outlets))[outlet[pair]]
    n_ix = _word_counts(first[word], count[word], first[pair])
    n_xi = _word_counts(first[word], count[word], outlet[pair] * width + term_2[pair])
    window = float(windows[0]) if len(windows) else 2.0
    likelihood, pmi = _nltk_scores(
        count[pair] / (window - 1.0), n_ix.astype(np.float64), n_xi.astype(np.float64), n_xx
    )
    # pandas-stubs: pd.array takes an Index for dtype "string" at runtime, not in the stubs
    names = pd.array(vocabulary, dtype="string")  # type: ignore[call-overload]
    table = pd.DataFrame(
        {
            "outlet": pd.array(outlets, dtype="string").take(outlet[pair]),  # type: ignore[call-overload]
            "term_1": names.take(term_1[pair]),
            "term_2": names.take(term_2[pair]),
            "freq": count[pair],
            "likelihood_ratio": likelihood,
            "pmi": pmi,
        }
    )
    order = np.lexsort((term_2[pair], term_1[pair], -likelihood, outlet[pair]))
    return _top(table.iloc[order].reset_index(drop=True), outlet[pair][order], top)


def _word_counts(word_keys: np.ndarray, counts: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The counts of the words ``wanted`` (keys ``outlet * width + term``; ``word_keys`` sorted)."""
    at = np.minimum(np.searchsorted(word_keys, wanted), max(len(word_keys) - 1, 0))
    if len(wanted) and (not len(word_keys) or (word_keys[at] != wanted).any()):
        raise ResearchUtilsError(
            "collocation counts with pairs of a term that has no word row; pass count_collocation_pairs' "
            "tables whole (word rows, term_2 = '', included)"
        )
    return counts[at]


def _top(table: pd.DataFrame, outlet: np.ndarray, top: int | None) -> pd.DataFrame:
    """Each outlet's first ``top`` rows (``table`` ordered by outlet, then score descending)
    and every row tied with the last of them; all rows when ``top`` is None."""
    if top is not None and len(table):
        starts = np.flatnonzero(np.r_[True, outlet[1:] != outlet[:-1]])
        sizes = np.diff(np.r_[starts, len(outlet)])
        score = table["likelihood_ratio"].to_numpy()
        cut = score[starts + np.minimum(top, sizes) - 1]
        table = table[score >= np.repeat(cut, sizes)].reset_index(drop=True)
    return table


def find_collocations(
    terms: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    window: int = 2,
    min_freq: int = 2,
    top: int | None = None,
) -> pd.DataFrame:
    """Collocations per outlet, scored by NLTK's likelihood ratio and PMI:
    ``score_collocations(count_collocation_pairs(terms, documents, window=window), ...)``.

    ``terms`` is a term table (:func:`~research_utils.analyse.terms.extract_terms`: with its default
    filters, stop words are out). Per outlet, ordered pairs (``term_1`` before ``term_2``) at most
    ``window - 1`` terms apart [``window=2``: adjacent], never across sentences, seen at least
    ``min_freq`` times [2]; scores and order as :func:`score_collocations`.
    """
    counts = count_collocation_pairs(terms, documents, window=window)
    return score_collocations(counts, min_freq=min_freq, top=top)
