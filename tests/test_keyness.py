"""Keyness statistics: hand-worked values, agreement with scipy, the sign convention, the table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, chi2_contingency

from research_utils.analyse.background import load_brown_background
from research_utils.analyse.keyness import (
    Background,
    compute_g2,
    compute_keyness,
    compute_log_odds_z,
    compute_log_ratio,
    compute_minimum_frequencies,
    compute_p_value,
    select_key_terms,
)
from research_utils.errors import ResearchUtilsError
from research_utils.tables import columns


def test_g2_hand_worked_example() -> None:
    # a=10 of N_t=100 against b=5 of N_r=200: O = [[10, 5], [90, 195]], N = 300,
    # row sums 15 and 285, column sums 100 and 200, so E = [[5, 10], [95, 190]].
    # G2 = 2 (10 ln 2 + 5 ln 0.5 + 90 ln(90/95) + 195 ln(195/190))
    #    = 2 (6.931472 - 3.465736 - 4.866050 + 5.065220) = 7.329812
    assert compute_g2(10, 5, 100, 200) == pytest.approx(7.329812, abs=1e-6)
    # p: the chi-squared(1) tail beyond 7.33 (between p = .01 at 6.63 and p = .001 at 10.83)
    assert compute_p_value(7.329812) == pytest.approx(0.006782, abs=1e-6)


def test_g2_with_a_zero_cell() -> None:
    # 'public' in the study: 4 of 371 words (Apple Daily), 0 of 341 (Taipei Times).
    # E = [[2.08427, 1.91573], [368.91573, 339.08427]]; the 0 ln 0 term is 0:
    # G2 = 2 (4 ln(4/2.08427) + 367 ln(367/368.91573) + 341 ln(341/339.08427)) = 5.235775
    assert compute_g2(4, 0, 371, 341) == pytest.approx(5.235775, abs=1e-6)
    assert compute_g2(0, 4, 341, 371) == pytest.approx(-5.235775, abs=1e-6)


def test_g2_critical_values_match_chi_squared_with_one_df() -> None:
    for p, critical in ((0.05, 3.84), (0.0001, 15.13)):
        assert compute_p_value(critical) == pytest.approx(p, rel=0.01)
        assert chi2.isf(p, 1) == pytest.approx(critical, abs=0.01)


def test_g2_and_p_equal_scipy_on_random_tables() -> None:
    rng = np.random.default_rng(20210318)
    n_t = rng.integers(1, 5_000, size=400)
    n_r = rng.integers(1, 5_000, size=400)
    a = rng.integers(0, n_t + 1)
    b = rng.integers(0, n_r + 1)
    # a few zeros and extreme tables as well
    a[:20], b[20:40], a[40:50], b[40:50] = 0, 0, n_t[40:50], n_r[40:50]
    keep = (a + b > 0) & (a + b < n_t + n_r)  # scipy refuses tables with an all-zero row
    a, b, n_t, n_r = a[keep], b[keep], n_t[keep], n_r[keep]
    g2 = compute_g2(a, b, n_t, n_r)
    p = compute_p_value(g2)
    for i in range(len(a)):
        result = chi2_contingency(
            [[a[i], b[i]], [n_t[i] - a[i], n_r[i] - b[i]]], correction=False, lambda_="log-likelihood"
        )
        assert abs(g2[i]) == pytest.approx(result.statistic, rel=1e-9, abs=1e-9)
        assert p[i] == pytest.approx(result.pvalue, rel=1e-9, abs=1e-15)


def test_sign_convention_positive_means_more_frequent_in_target() -> None:
    # 10 per 100 against 5 per 200: relatively more frequent in the target
    assert compute_g2(10, 5, 100, 200) > 0
    assert compute_log_ratio(10, 5, 100, 200) > 0
    assert compute_log_odds_z(10, 5, 100, 200, 15, 300) > 0
    # swapping target and reference flips every sign, keeps every size
    assert compute_g2(5, 10, 200, 100) == pytest.approx(-compute_g2(10, 5, 100, 200))
    assert compute_log_ratio(5, 10, 200, 100) == pytest.approx(-compute_log_ratio(10, 5, 100, 200))
    assert compute_log_odds_z(5, 10, 200, 100, 15, 300) == pytest.approx(
        -compute_log_odds_z(10, 5, 100, 200, 15, 300)
    )
    # identical rates: no difference at all
    assert compute_g2(5, 10, 100, 200) == 0
    assert compute_log_ratio(5, 10, 100, 200) == 0


def test_log_ratio_hand_worked_and_zero_counts_as_half() -> None:
    # (10/100) / (5/200) = 0.1 / 0.025 = 4 -> log2 4 = 2
    assert compute_log_ratio(10, 5, 100, 200) == pytest.approx(2.0)
    # zero reference frequency counts as 0.5: (10/100) / (0.5/200) = 40
    assert compute_log_ratio(10, 0, 100, 200) == pytest.approx(math.log2(40))
    assert compute_log_ratio(0, 10, 100, 200) == pytest.approx(math.log2((0.5 / 100) / (10 / 200)))


def test_log_odds_z_hand_worked() -> None:
    # Pooled prior: alpha_w = 10 + 5 = 15, alpha_0 = 100 + 200 = 300.
    # delta = ln(25 / (100 + 300 - 25)) - ln(20 / (200 + 300 - 20)) = ln(25/375) - ln(20/480) = ln 1.6
    # sigma^2 = 1/25 + 1/20 = 0.09, sigma = 0.3, z = ln 1.6 / 0.3 = 1.566679
    assert compute_log_odds_z(10, 5, 100, 200, 15, 300) == pytest.approx(math.log(1.6) / 0.3)
    assert compute_log_odds_z(10, 5, 100, 200, 15, 300) == pytest.approx(1.566679, abs=1e-6)


def test_larger_prior_shrinks_log_odds_towards_zero() -> None:
    weak = compute_log_odds_z(10, 5, 100, 200, 1.5, 30)
    strong = compute_log_odds_z(10, 5, 100, 200, 150, 3000)
    assert 0 < strong < weak


THREE = pd.DataFrame(
    {
        "outlet": ["A", "A", "A", "B", "B", "C", "C"],
        "term": ["deepfake", "security", "party", "deepfake", "control", "security", "control"],
        "freq": [6, 1, 3, 1, 4, 2, 2],
    }
)
SIZES = {"A": 100, "B": 80, "C": 120}


def test_compute_keyness_compares_each_outlet_with_all_others_pooled() -> None:
    table = compute_keyness(THREE, SIZES)
    assert list(table.columns) == columns("keyness")
    assert len(table) == 3 * 4  # every outlet x every term of the vocabulary
    row = table[(table["outlet"] == "C") & (table["term"] == "security")].iloc[0]
    assert (row.freq_target, row.freq_reference) == (2, 1)
    assert (row.size_target, row.size_reference) == (120, 180)
    assert row.g2 == pytest.approx(compute_g2(2, 1, 120, 180))
    assert row.log_ratio == pytest.approx(compute_log_ratio(2, 1, 120, 180))
    # default prior: the pooled corpus, alpha_w = pooled count 3, alpha_0 = 300 words
    assert row.log_odds_z == pytest.approx(compute_log_odds_z(2, 1, 120, 180, 3, 300))
    # a term the target never uses is still there, with negative scores
    absent = table[(table["outlet"] == "B") & (table["term"] == "party")].iloc[0]
    assert absent.freq_target == 0 and absent.g2 < 0 and absent.log_ratio < 0 and absent.log_odds_z < 0


def test_compute_keyness_rows_are_ordered_by_outlet_then_g2() -> None:
    table = compute_keyness(THREE, SIZES)
    assert list(table["outlet"]) == sorted(table["outlet"])
    for _, block in table.groupby("outlet"):
        assert list(block["g2"]) == sorted(block["g2"], reverse=True)
    assert table.equals(compute_keyness(THREE.sample(frac=1, random_state=3), SIZES))


def test_pooled_background_is_the_default_prior() -> None:
    pooled = THREE.groupby("term")["freq"].sum()
    explicit = compute_keyness(THREE, SIZES, background=Background(pooled, sum(SIZES.values())))
    assert compute_keyness(THREE, SIZES).equals(explicit)


def test_a_reference_background_changes_only_the_log_odds() -> None:
    background = Background(pd.Series({"deepfake": 1, "security": 500, "party": 800}), 1_000_000, "made up")
    default, other = compute_keyness(THREE, SIZES), compute_keyness(THREE, SIZES, background=background)
    pd.testing.assert_series_equal(default["g2"], other["g2"])
    assert not np.allclose(default["log_odds_z"], other["log_odds_z"])
    # 'control' is missing from that background: prior 0.5 counts, scaled to alpha_0 = 300 words
    row = other[(other["outlet"] == "B") & (other["term"] == "control")].iloc[0]
    alpha = 300 * 0.5 / 1_000_000
    assert row.log_odds_z == pytest.approx(compute_log_odds_z(4, 2, 80, 220, alpha, 300))


def test_keyness_needs_two_outlets_and_sizes() -> None:
    with pytest.raises(ResearchUtilsError, match="two or more outlets"):
        compute_keyness(THREE[THREE["outlet"] == "A"], {"A": 100})
    with pytest.raises(ResearchUtilsError, match="no size"):
        compute_keyness(THREE, {"A": 100, "B": 80})
    with pytest.raises(ResearchUtilsError, match="more frequent than"):
        compute_keyness(THREE, {"A": 5, "B": 80, "C": 120})


def test_select_key_terms_takes_the_strongest_positive_terms_per_outlet() -> None:
    table = compute_keyness(THREE, SIZES)
    # A: deepfake 6/100 vs 1/200; B: control 4/80 vs 2/220; C: security 2/120 vs 1/180
    assert select_key_terms(table, n=1) == ["deepfake", "control", "security"]
    # each term once, in outlet order; only terms relatively more frequent in some outlet
    chosen = select_key_terms(table, n=5)
    assert len(chosen) == len(set(chosen))
    assert set(chosen) <= set(table.loc[table["g2"] > 0, "term"])
    assert select_key_terms(table, n=5, min_g2=1e6) == []


def test_brown_news_as_background(processed) -> None:
    from research_utils.analyse.terms import count_outlet_words, count_terms, extract_terms

    brown = load_brown_background("news")
    assert brown.size > 80_000 and brown.counts["said"] > 300
    assert "the" not in brown.counts  # same filters as the articles' terms
    freq = count_terms(extract_terms(processed["tokens"]), processed["documents"])
    sizes = count_outlet_words(processed["documents"])
    with_brown = compute_keyness(freq, sizes, background=brown)
    pooled = compute_keyness(freq, sizes)
    assert np.allclose(with_brown["g2"], pooled["g2"])
    clear = pooled["g2"].abs() >= 1
    assert (np.sign(with_brown["log_odds_z"][clear]) == np.sign(pooled["g2"][clear])).all()
    with pytest.raises(ResearchUtilsError, match="Brown categories"):
        load_brown_background("no such category")


def test_minimum_frequencies_for_the_study_sizes() -> None:
    table = compute_minimum_frequencies({"Apple Daily": 371, "Taipei Times": 341})
    # k:0 reaches 3.84 at 3 (G2 3.92) in Apple Daily, 15.13 only at 12 (G2 15.83; 11 gives 14.50)
    assert table.to_dict("records") == [
        {
            "outlet": "Apple Daily",
            "size_target": 371,
            "size_reference": 341,
            "min_freq_g2_3.84": 3,
            "min_freq_g2_15.13": 12,
        },
        {
            "outlet": "Taipei Times",
            "size_target": 341,
            "size_reference": 371,
            "min_freq_g2_3.84": 3,
            "min_freq_g2_15.13": 11,
        },
    ]
    assert compute_g2(11, 0, 371, 341) < 15.13 <= compute_g2(12, 0, 371, 341)
