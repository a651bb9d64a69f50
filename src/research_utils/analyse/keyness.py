"""Keyness: which terms one outlet uses more, or less, than the others.

Each outlet (the target) is compared with all other outlets pooled (the reference), for
every term at once with numpy: signed log-likelihood G² (Dunning 1993), optionally with
Williams's (1976) correction for small counts, its p-value and the Benjamini–Hochberg
(1995) adjusted p over every tested row, Hardie's (2014) log ratio, and Monroe, Colaresi &
Quinn's (2008) log-odds z-score with an informative Dirichlet prior.
``scipy.stats.chi2_contingency`` tests one table per call, far too slow for a vocabulary;
tests check that ``g2`` equals its log-likelihood statistic. Formulas and conventions:
``docs/methods.md``. Depends on nothing above the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from ..config import G2_CRITICAL
from ..errors import ResearchUtilsError
from ..tables import as_table, empty_table

#: Frequency used in place of zero in the log ratio and for terms a background lacks.
ZERO_FREQUENCY = 0.5
#: Default ``min_freq``: a term is tested only if it occurs at least this often in the whole
#: corpus (target + reference). Rarer terms cannot be key: 3:0 is the least that reaches
#: p < .05 between two outlets of equal size (G² 4.16; 2:0 gives 2.77), and at N outlets a
#: rarer term reaches 3.84 only on one or two occurrences against none. The count is the
#: table's margin, the same for every outlet and independent of the direction of the test,
#: so leaving those rows out does not bias the tests kept (Bourgon, Gentleman & Huber 2010).
MIN_FREQ = 3
#: A term is flagged ``boilerplate`` when it is in at least this share of the target's
#: documents, and at least :data:`BOILERPLATE_MIN_DOCUMENTS` of them, and never in another
#: outlet: page furniture (bylines, copyright lines, "subscribe") rather than wording.
BOILERPLATE_SHARE = 0.9
BOILERPLATE_MIN_DOCUMENTS = 5

Correction = Literal["none", "williams"]
CORRECTIONS: tuple[Correction, ...] = ("none", "williams")


@dataclass(frozen=True)
class Background:
    """A background corpus for the log-odds prior: term counts and its size in word tokens."""

    counts: pd.Series  # term -> count
    size: int
    name: str = "background"


def _floats(*values) -> list[np.ndarray]:
    return list(np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in values)))


def compute_williams_q(freq_target, freq_reference, size_target, size_reference) -> np.ndarray:
    """Williams's (1976) correction factor ``q`` of the 2×2 table for each term.

    ``q = 1 + (N/R₁ + N/R₂ − 1)(N/C₁ + N/C₂ − 1) / 6N`` with row sums ``R₁ = a + b``,
    ``R₂ = N − R₁`` and column sums ``C₁ = N_t``, ``C₂ = N_r`` (the formula of quanteda's
    ``textstat_keyness(measure = "lr", correction = "williams")``, quanteda.textstats
    ``src/keyness.cpp``); ``G²/q`` follows χ²₁ more closely for small counts. quanteda
    leaves ``q = 1`` when any cell is 0; here it applies whenever the margins are positive,
    so the one-occurrence-against-none tables it is most needed for are corrected too.
    """
    a, b, n_t, n_r = _floats(freq_target, freq_reference, size_target, size_reference)
    n, rows = n_t + n_r, a + b
    valid = (rows > 0) & (rows < n) & (n_t > 0) & (n_r > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / rows + n / (n - rows) - 1.0) * (n / n_t + n / n_r - 1.0) / (6.0 * n)
    return np.where(valid, q, 1.0)


def compute_g2(
    freq_target, freq_reference, size_target, size_reference, *, correction: Correction = "none"
) -> np.ndarray:
    """Signed log-likelihood G² of the 2×2 table for each term (arrays broadcast).

    Equal in magnitude to ``scipy.stats.chi2_contingency([[a, b], [N_t − a, N_r − b]],
    correction=False, lambda_="log-likelihood")[0]``; positive when the term is relatively
    more frequent in the target. ``correction="williams"`` divides it by
    :func:`compute_williams_q`.
    """
    if correction not in CORRECTIONS:
        raise ResearchUtilsError(f"correction={correction!r}: choose one of {CORRECTIONS}")
    a, b, n_t, n_r = _floats(freq_target, freq_reference, size_target, size_reference)
    n = n_t + n_r
    observed = (a, b, n_t - a, n_r - b)
    rows = (a + b, a + b, n - a - b, n - a - b)
    cols = (n_t, n_r, n_t, n_r)
    g2 = np.zeros(a.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, row, col in zip(observed, rows, cols, strict=True):
            expected = row * col / n
            g2 += special.xlogy(o, np.where(o > 0, o / expected, 1.0))
    g2 = np.maximum(2.0 * g2, 0.0)  # rounding can leave -1e-15 for identical rates
    if correction == "williams":
        g2 = g2 / compute_williams_q(a, b, n_t, n_r)
    return np.sign(a * n_r - b * n_t) * g2


def compute_p_value(g2) -> np.ndarray:
    """``P(χ²₁ ≥ |G²|)``: the chance of a G² this large if both corpora used the term alike."""
    # For one degree of freedom the χ² survival function is erfc(√(x/2)) (= scipy.stats.chi2.sf,
    # several times faster over a large vocabulary).
    return special.erfc(np.sqrt(np.abs(np.asarray(g2, dtype=float)) / 2.0))


def adjust_p_values(p_values, tested) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (``scipy.stats.false_discovery_control``) over
    the ``tested`` entries, as one family; NaN for the others."""
    p = np.asarray(p_values, dtype=float)
    mask = np.asarray(tested, dtype=bool)
    adjusted = np.full(p.shape, np.nan)
    if mask.any():
        adjusted[mask] = stats.false_discovery_control(p[mask], method="bh")
    return adjusted


def _bound_by_zeros(values: np.ndarray, a, b) -> np.ndarray:
    """``values`` at most 0 where ``a`` is 0 and at least 0 where ``b`` is 0: a term one
    side never uses never points towards that side."""
    a_zero, b_zero = np.asarray(a) == 0, np.asarray(b) == 0
    return np.where(a_zero, np.minimum(values, 0.0), np.where(b_zero, np.maximum(values, 0.0), values))


def compute_log_ratio(freq_target, freq_reference, size_target, size_reference) -> np.ndarray:
    """Hardie's log ratio: ``log2((a / N_t) / (b / N_r))``, a zero frequency counted as 0.5
    but never reversing the direction: ``≤ 0`` when ``a`` is 0, ``≥ 0`` when ``b`` is 0."""
    a_zero, b_zero = np.asarray(freq_target) == 0, np.asarray(freq_reference) == 0
    a = np.where(a_zero, ZERO_FREQUENCY, freq_target).astype(float)
    b = np.where(b_zero, ZERO_FREQUENCY, freq_reference).astype(float)
    ratio = np.log2(
        (a / np.asarray(size_target, dtype=float)) / (b / np.asarray(size_reference, dtype=float))
    )
    return _bound_by_zeros(ratio, freq_target, freq_reference)


def compute_log_odds_z(
    freq_target, freq_reference, size_target, size_reference, prior, prior_size: float
) -> np.ndarray:
    """Monroe et al.'s log-odds ratio with informative Dirichlet prior, as a z-score.

    ``prior`` is each term's prior count ``α_w``, ``prior_size`` the prior's total ``α_0``
    (formula in ``docs/methods.md``). Positive when the term is more likely in the target.
    The same ``α_w`` weighs more against a small target than against a large pooled
    reference, which can give a term the target never uses a positive z; as for the log
    ratio, a term the target never uses gets at most 0, one the reference never uses at least 0.
    """
    a, b, n_t, n_r, alpha = (
        np.asarray(x, dtype=float) for x in (freq_target, freq_reference, size_target, size_reference, prior)
    )
    delta = np.log((a + alpha) / (n_t + prior_size - a - alpha)) - np.log(
        (b + alpha) / (n_r + prior_size - b - alpha)
    )
    return _bound_by_zeros(delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha)), a, b)


def _outlet_sizes(sizes: Mapping[str, int] | pd.Series) -> pd.Series:
    series = pd.Series(dict(sizes) if not isinstance(sizes, pd.Series) else sizes, dtype="int64")
    series.index = series.index.astype(str)
    return series.sort_index()


def _frequency_matrices(
    frequencies: pd.DataFrame, outlets: list[str], *, doc_freq: bool
) -> tuple[pd.Index, np.ndarray, np.ndarray | None]:
    """Terms (sorted) and their terms × outlets matrices of ``freq`` and, if asked, ``doc_freq``."""
    term_codes, terms = pd.factorize(frequencies["term"].astype("string"), sort=True)
    outlet_codes = pd.Index(outlets).get_indexer(pd.Index(frequencies["outlet"].astype(str)))

    def matrix(column: str) -> np.ndarray:
        values = np.zeros((len(terms), len(outlets)), dtype=np.int64)
        np.add.at(values, (term_codes, outlet_codes), frequencies[column].to_numpy(dtype=np.int64))
        return values

    return terms, matrix("freq"), matrix("doc_freq") if doc_freq else None


def flag_boilerplate(freq_reference, doc_freq_target, n_documents_target) -> np.ndarray:
    """True where a term is in at least :data:`BOILERPLATE_SHARE` of the target's documents
    (and at least :data:`BOILERPLATE_MIN_DOCUMENTS` of them) and never in the reference."""
    docs = np.asarray(n_documents_target, dtype=float)
    needed = np.maximum(BOILERPLATE_MIN_DOCUMENTS, np.ceil(BOILERPLATE_SHARE * docs - 1e-9))
    return (np.asarray(freq_reference) == 0) & (np.asarray(doc_freq_target) >= needed)


def _prior(
    background: Background | None, prior_size: float | None, terms: pd.Index, totals: np.ndarray, size: int
) -> tuple[np.ndarray, float]:
    """Each term's prior count ``α_w`` (a column) and ``α_0`` (``docs/methods.md``)."""
    if background is None:
        background = Background(pd.Series(totals, index=terms), size, "pooled corpus")
    alpha_0 = float(size if prior_size is None else prior_size)
    counts = background.counts.reindex(terms).to_numpy(dtype=float)
    counts = np.where(np.isnan(counts) | (counts == 0), ZERO_FREQUENCY, counts)
    return (alpha_0 * counts / background.size)[:, None], alpha_0


def _check_inputs(
    frequencies: pd.DataFrame,
    sizes: pd.Series,
    n_documents: pd.Series | None,
    min_freq: int,
    correction: str,
) -> None:
    if correction not in CORRECTIONS:
        raise ResearchUtilsError(f"correction={correction!r}: choose one of {CORRECTIONS}")
    if min_freq < 1:
        raise ResearchUtilsError(f"min_freq={min_freq}: a term must occur at least once to be tested")
    unknown = sorted(set(frequencies["outlet"].drop_duplicates().astype(str)) - set(sizes.index))
    if unknown:
        raise ResearchUtilsError(f"outlets {unknown} have frequencies but no size; give their word tokens")
    if (sizes <= 0).any():
        raise ResearchUtilsError(f"keyness needs every outlet's word tokens above 0 (got {dict(sizes)})")
    if n_documents is not None:
        missing = sorted(set(sizes.index) - set(n_documents.index))
        if missing or "doc_freq" not in frequencies.columns:
            raise ResearchUtilsError(
                f"boilerplate needs each outlet's documents (missing: {missing}) and a `doc_freq` column "
                "(pass the term_frequencies table and count_outlet_documents(documents))"
            )


def compute_keyness(
    frequencies: pd.DataFrame,
    sizes: Mapping[str, int] | pd.Series,
    *,
    n_documents: Mapping[str, int] | pd.Series | None = None,
    min_freq: int = MIN_FREQ,
    correction: Correction = "none",
    background: Background | None = None,
    prior_size: float | None = None,
) -> pd.DataFrame:
    """The ``keyness`` table: every outlet against all the others pooled, for every term.

    ``frequencies`` has columns ``outlet``, ``term``, ``freq`` (and ``doc_freq``: the
    ``term_frequencies`` table); ``sizes`` gives each outlet's word tokens
    (:func:`~research_utils.analyse.terms.count_outlet_words`). One row per outlet and term
    of the whole vocabulary (terms an outlet never uses get ``freq_target`` 0 and scores
    ``≤ 0``), except the rows that say nothing: a term used once in the whole corpus has a row
    only for the outlet that uses it (unless ``min_freq`` is 1, which tests it). With fewer
    than two outlets there is nothing to compare: the table is empty.

    - ``n_documents`` [none]: documents per outlet
      (:func:`~research_utils.analyse.terms.count_outlet_documents`), to flag ``boilerplate``
      (:func:`flag_boilerplate`); without it no row is flagged.
    - ``min_freq`` [:data:`MIN_FREQ`]: rows of terms rarer than this in the whole corpus are
      kept but not tested (``tested`` false, ``p_adjusted`` empty).
    - ``correction`` [``"none"``]: ``"williams"`` divides G² by :func:`compute_williams_q`.
    - ``background``, ``prior_size``: the log-odds prior (default: the pooled corpus).

    ``p_adjusted`` is Benjamini–Hochberg over every tested row of the table, all outlets
    together: one family, the key terms a study reports, so the expected share of false ones
    among all of them is bounded (with two outlets each table appears twice, mirrored, which
    leaves the adjusted values as over the distinct tests). Rows ordered by outlet, ``g2``
    descending, term.
    """
    sizes = _outlet_sizes(sizes)
    documents = None if n_documents is None else _outlet_sizes(n_documents)
    _check_inputs(frequencies, sizes, documents, min_freq, correction)
    outlets = list(sizes.index)
    if len(outlets) < 2:
        return empty_table("keyness")
    terms, matrix, doc_freq = _frequency_matrices(frequencies, outlets, doc_freq=documents is not None)
    n = sizes.to_numpy(dtype=np.int64)
    if (matrix > n).any():
        raise ResearchUtilsError("a term is more frequent than its outlet has word tokens; check sizes")
    totals = matrix.sum(axis=1, keepdims=True)
    a, b = matrix, totals - matrix
    n_t, n_r = n[None, :], n.sum() - n[None, :]
    alpha, alpha_0 = _prior(background, prior_size, terms, totals[:, 0], int(n.sum()))
    scores = {
        "freq_target": a,
        "freq_reference": b,
        "g2": compute_g2(a, b, n_t, n_r, correction=correction),
        "tested": np.broadcast_to(totals >= min_freq, a.shape),
        "log_ratio": compute_log_ratio(a, b, n_t, n_r),
        "log_odds_z": compute_log_odds_z(a, b, n_t, n_r, alpha, alpha_0),
        "boilerplate": np.zeros(a.shape, dtype=bool)
        if doc_freq is None or documents is None
        else flag_boilerplate(b, doc_freq, documents[outlets].to_numpy()[None, :]),
    }
    return _keyness_table(outlets, terms, n, scores)


def _keyness_table(
    outlets: list[str], terms: pd.Index, n: np.ndarray, scores: dict[str, np.ndarray]
) -> pd.DataFrame:
    """The rows of the terms × outlets ``scores``: outlet blocks in order; within each,
    ``g2`` descending, then term (terms are sorted, the sort is stable). Strings are
    converted once and gathered, not converted per row."""
    order = np.argsort(-scores["g2"], axis=0, kind="stable")
    term_index = order.T.ravel()
    outlet_index = np.repeat(np.arange(len(outlets)), len(terms))
    table: dict[str, Any] = {
        name: np.take_along_axis(values, order, axis=0).T.ravel() for name, values in scores.items()
    }
    # rows that say nothing: an untested term used once in the whole corpus (a hapax), for
    # the outlets that never use it (most of a terms x outlets grid at dozens of outlets)
    kept = table["tested"] | (table["freq_target"] > 0) | (table["freq_reference"] > 1)
    table = {name: values[kept] for name, values in table.items()}
    term_index, outlet_index = term_index[kept], outlet_index[kept]
    table["p_value"] = compute_p_value(table["g2"])
    table["p_adjusted"] = adjust_p_values(table["p_value"], table["tested"])
    table["outlet"] = pd.array(outlets, dtype="string").take(outlet_index)
    table["term"] = terms.array.take(term_index)
    table["size_target"] = n[outlet_index]
    table["size_reference"] = n.sum() - n[outlet_index]
    return as_table("keyness", table)


def compute_minimum_frequencies(
    sizes: Mapping[str, int] | pd.Series,
    *,
    critical_values: Iterable[float] = (G2_CRITICAL[0.05], G2_CRITICAL[0.0001]),
) -> pd.DataFrame:
    """How often a term must occur in an outlet, and never in the others, to reach each G² value.

    The best case for keyness: ``k`` occurrences against 0. Shows what a corpus of these
    sizes can detect at all. One row per outlet: ``outlet``, ``size_target``,
    ``size_reference`` and ``min_freq_g2_<critical>`` for each critical value (empty when
    even every word token would not be enough).
    """
    sizes = pd.Series(dict(sizes) if not isinstance(sizes, pd.Series) else sizes, dtype="int64").sort_index()
    total = int(sizes.sum())
    rows = []
    for outlet, size in sizes.items():
        k = np.arange(1, int(size) + 1)
        g2 = compute_g2(k, 0, int(size), total - int(size))
        row = {"outlet": str(outlet), "size_target": int(size), "size_reference": total - int(size)}
        for critical in critical_values:
            reached = np.flatnonzero(g2 >= critical)
            row[f"min_freq_g2_{critical:g}"] = int(k[reached[0]]) if len(reached) else pd.NA
        rows.append(row)
    return pd.DataFrame(rows).convert_dtypes()


def key_terms_by_outlet(
    keyness: pd.DataFrame,
    *,
    n: int = 5,
    min_g2: float = 0.0,
    max_p_adjusted: float | None = None,
    boilerplate: bool = False,
) -> dict[str, list[str]]:
    """Each outlet's ``n`` terms with the highest positive ``g2``, all terms tied with the
    ``n``-th included (ties are never cut by name), in descending ``g2``.

    ``min_g2`` [0]: only rows above it; ``max_p_adjusted`` [none]: only tested rows whose
    ``p_adjusted`` is at most this (e.g. ``config.SIGNIFICANCE``); ``boilerplate`` [False]:
    also rows flagged ``boilerplate``.
    """
    chosen = keyness["g2"] > max(min_g2, 0.0)
    if max_p_adjusted is not None:
        chosen &= keyness["tested"].astype(bool) & (keyness["p_adjusted"] <= max_p_adjusted).fillna(False)
    if not boilerplate and "boilerplate" in keyness.columns:
        chosen &= ~keyness["boilerplate"].astype(bool)
    out: dict[str, list[str]] = {}
    for outlet, group in keyness[chosen].groupby("outlet", sort=True):
        ranked = group.sort_values("g2", ascending=False, kind="stable")
        cut = ranked["g2"].iloc[min(n, len(ranked)) - 1]
        out[str(outlet)] = ranked.loc[ranked["g2"] >= cut, "term"].astype(str).tolist()
    return out


def select_key_terms(
    keyness: pd.DataFrame,
    *,
    n: int = 5,
    min_g2: float = 0.0,
    max_p_adjusted: float | None = None,
    boilerplate: bool = False,
) -> list[str]:
    """The terms of :func:`key_terms_by_outlet`, outlet by outlet, each term once."""
    by_outlet = key_terms_by_outlet(
        keyness, n=n, min_g2=min_g2, max_p_adjusted=max_p_adjusted, boilerplate=boilerplate
    )
    return list(dict.fromkeys(t for terms in by_outlet.values() for t in terms))
