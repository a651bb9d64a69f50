"""Keyness: which terms one outlet uses more, or less, than the others.

Each outlet (the target) is compared with all other outlets pooled (the reference), for
every term at once with numpy: signed log-likelihood G² (Dunning 1993) and its p-value,
Hardie's (2014) log ratio, and Monroe, Colaresi & Quinn's (2008) log-odds z-score with an
informative Dirichlet prior. ``scipy.stats.chi2_contingency`` tests one table per call,
far too slow for a vocabulary; tests check that ``g2`` equals its log-likelihood statistic.
Formulas and conventions: ``docs/methods.md``. Depends on nothing above the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from ..config import G2_CRITICAL
from ..errors import ResearchUtilsError
from ..tables import as_table

#: Frequency used in place of zero in the log ratio and for terms a background lacks.
ZERO_FREQUENCY = 0.5


@dataclass(frozen=True)
class Background:
    """A background corpus for the log-odds prior: term counts and its size in word tokens."""

    counts: pd.Series  # term -> count
    size: int
    name: str = "background"


def compute_g2(freq_target, freq_reference, size_target, size_reference) -> np.ndarray:
    """Signed log-likelihood G² of the 2×2 table for each term (arrays broadcast).

    Equal in magnitude to ``scipy.stats.chi2_contingency([[a, b], [N_t − a, N_r − b]],
    correction=False, lambda_="log-likelihood")[0]``; positive when the term is relatively
    more frequent in the target.
    """
    a, b, n_t, n_r = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (freq_target, freq_reference, size_target, size_reference))
    )
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
    return np.sign(a * n_r - b * n_t) * g2


def compute_p_value(g2) -> np.ndarray:
    """``P(χ²₁ ≥ |G²|)``: the chance of a G² this large if both corpora used the term alike."""
    # For one degree of freedom the χ² survival function is erfc(√(x/2)) (= scipy.stats.chi2.sf,
    # several times faster over a large vocabulary).
    return special.erfc(np.sqrt(np.abs(np.asarray(g2, dtype=float)) / 2.0))


def compute_log_ratio(freq_target, freq_reference, size_target, size_reference) -> np.ndarray:
    """Hardie's log ratio: ``log2((a / N_t) / (b / N_r))``, a zero frequency counted as 0.5
    but never reversing the direction (module docstring): ``≤ 0`` when ``a`` is 0, ``≥ 0``
    when ``b`` is 0."""
    a_zero, b_zero = np.asarray(freq_target) == 0, np.asarray(freq_reference) == 0
    a = np.where(a_zero, ZERO_FREQUENCY, freq_target).astype(float)
    b = np.where(b_zero, ZERO_FREQUENCY, freq_reference).astype(float)
    ratio = np.log2(
        (a / np.asarray(size_target, dtype=float)) / (b / np.asarray(size_reference, dtype=float))
    )
    return np.where(a_zero, np.minimum(ratio, 0.0), np.where(b_zero, np.maximum(ratio, 0.0), ratio))


def compute_log_odds_z(
    freq_target, freq_reference, size_target, size_reference, prior, prior_size: float
) -> np.ndarray:
    """Monroe et al.'s log-odds ratio with informative Dirichlet prior, as a z-score.

    ``prior`` is each term's prior count ``α_w``, ``prior_size`` the prior's total ``α_0``
    (formula in the module docstring). Positive when the term is more likely in the target.
    """
    a, b, n_t, n_r, alpha = (
        np.asarray(x, dtype=float) for x in (freq_target, freq_reference, size_target, size_reference, prior)
    )
    delta = np.log((a + alpha) / (n_t + prior_size - a - alpha)) - np.log(
        (b + alpha) / (n_r + prior_size - b - alpha)
    )
    return delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))


def _frequency_matrix(frequencies: pd.DataFrame, outlets: list[str]) -> tuple[pd.Index, np.ndarray]:
    """Terms (sorted) and their terms × outlets count matrix."""
    term_codes, terms = pd.factorize(frequencies["term"].astype("string"), sort=True)
    outlet_codes = pd.Index(outlets).get_indexer(pd.Index(frequencies["outlet"].astype(str)))
    matrix = np.zeros((len(terms), len(outlets)), dtype=np.int64)
    np.add.at(matrix, (term_codes, outlet_codes), frequencies["freq"].to_numpy(dtype=np.int64))
    return terms, matrix


def compute_keyness(
    frequencies: pd.DataFrame,
    sizes: Mapping[str, int] | pd.Series,
    *,
    background: Background | None = None,
    prior_size: float | None = None,
) -> pd.DataFrame:
    """The ``keyness`` table: every outlet against all the others pooled, for every term.

    ``frequencies`` has columns ``outlet``, ``term``, ``freq`` (e.g. the
    ``term_frequencies`` table); ``sizes`` gives each outlet's word tokens
    (:func:`~research_utils.analyse.terms.count_outlet_words`). One row per outlet and term of the
    whole vocabulary (terms an outlet never uses get ``freq_target`` 0 and negative
    scores). ``background`` and ``prior_size`` set the log-odds prior (module docstring;
    default: the pooled corpus). Rows ordered by outlet, ``g2`` descending, term.
    """
    sizes = pd.Series(dict(sizes) if not isinstance(sizes, pd.Series) else sizes, dtype="int64")
    outlets = sorted(str(o) for o in sizes.index)
    sizes.index = sizes.index.astype(str)
    unknown = sorted(set(frequencies["outlet"].astype(str)) - set(outlets))
    if unknown:
        raise ResearchUtilsError(f"outlets {unknown} have frequencies but no size; give their word tokens")
    if len(outlets) < 2 or (sizes <= 0).any():
        raise ResearchUtilsError(
            f"keyness compares outlets: it needs two or more outlets with word tokens (got {dict(sizes)})"
        )
    terms, matrix = _frequency_matrix(frequencies, outlets)
    n = sizes[outlets].to_numpy(dtype=np.int64)
    if (matrix > n).any():
        raise ResearchUtilsError("a term is more frequent than its outlet has word tokens; check sizes")
    totals = matrix.sum(axis=1, keepdims=True)
    a, b = matrix, totals - matrix
    n_t, n_r = n[None, :], n.sum() - n[None, :]
    if background is None:
        background = Background(pd.Series(totals[:, 0], index=terms), int(n.sum()), "pooled corpus")
    alpha_0 = float(n.sum() if prior_size is None else prior_size)
    counts = background.counts.reindex(terms).to_numpy(dtype=float)
    counts = np.where(np.isnan(counts) | (counts == 0), ZERO_FREQUENCY, counts)
    alpha = (alpha_0 * counts / background.size)[:, None]
    g2 = compute_g2(a, b, n_t, n_r)
    # Rows: outlet blocks in order; within each, g2 descending, then term (terms are sorted,
    # the sort is stable). Strings are converted once and gathered, not converted per row.
    order = np.argsort(-g2, axis=0, kind="stable")
    term_index = order.T.ravel()
    outlet_index = np.repeat(np.arange(len(outlets)), len(terms))

    def gather(values: np.ndarray) -> np.ndarray:
        return np.take_along_axis(values, order, axis=0).T.ravel()

    table = {
        "outlet": pd.array(outlets, dtype="string").take(outlet_index),
        "term": terms.array.take(term_index),
        "freq_target": gather(a),
        "freq_reference": gather(b),
        "size_target": n[outlet_index],
        "size_reference": n.sum() - n[outlet_index],
        "g2": gather(g2),
        "p_value": compute_p_value(gather(g2)),
        "log_ratio": gather(compute_log_ratio(a, b, n_t, n_r)),
        "log_odds_z": gather(compute_log_odds_z(a, b, n_t, n_r, alpha, alpha_0)),
    }
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


def select_key_terms(keyness: pd.DataFrame, *, n: int = 5, min_g2: float = 0.0) -> list[str]:
    """The ``n`` terms with the highest positive ``g2`` for each outlet (ties: larger log
    ratio, then alphabetical), outlet by outlet, each term once."""
    positive = keyness[keyness["g2"] > max(min_g2, 0.0)]
    ranked = positive.sort_values(["outlet", "g2", "log_ratio", "term"], ascending=[True, False, False, True])
    chosen = ranked.groupby("outlet", sort=True).head(n)["term"].astype(str)
    return list(dict.fromkeys(chosen))
