"""Keyness statistics: hand-worked values, agreement with scipy, the sign convention, the table,
Williams's correction, Benjamini-Hochberg adjusted p, the minimum frequency and boilerplate."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import TERMS_MAP
from scipy.stats import chi2, chi2_contingency, false_discovery_control

from research_utils.analyse.background import load_brown_background
from research_utils.analyse.keyness import (
    MIN_FREQ,
    Background,
    compute_g2,
    compute_keyness,
    compute_log_odds_z,
    compute_log_ratio,
    compute_minimum_frequencies,
    compute_p_value,
    compute_williams_q,
    select_key_terms,
)
from research_utils.errors import ResearchUtilsError
from research_utils.tables import columns, dtypes, read_table, write_table


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


def test_a_term_used_once_in_the_corpus_has_a_row_only_for_its_outlet() -> None:
    rare = pd.DataFrame({"outlet": ["B", "A", "C"], "term": ["hapax", "twice", "twice"], "freq": [1, 1, 1]})
    table = compute_keyness(pd.concat([THREE, rare]), SIZES)
    hapax = table[table["term"] == "hapax"]
    assert list(hapax["outlet"]) == ["B"] and not hapax["tested"].any()
    # a term seen twice keeps every outlet's row (B's 0:2 is drawn as "less in B"), untested
    twice = table[table["term"] == "twice"]
    assert sorted(twice["outlet"]) == ["A", "B", "C"] and not twice["tested"].any()
    # every tested term keeps a row for every outlet; the adjusted p-values are unchanged
    tested = table[table["tested"]]
    assert tested.reset_index(drop=True).equals(compute_keyness(THREE, SIZES))
    # with min_freq 1 every term is tested, so every row is kept
    assert len(compute_keyness(pd.concat([THREE, rare]), SIZES, min_freq=1)) == 3 * 6


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


def test_one_outlet_gives_an_empty_keyness_table_and_bad_sizes_are_refused() -> None:
    one = compute_keyness(THREE[THREE["outlet"] == "A"], {"A": 100})
    assert len(one) == 0 and list(one.columns) == columns("keyness")
    assert dict(one.dtypes.astype(str)) == dtypes("keyness")
    assert len(compute_keyness(THREE.iloc[:0], {})) == 0
    with pytest.raises(ResearchUtilsError, match="no size"):
        compute_keyness(THREE, {"A": 100, "B": 80})
    with pytest.raises(ResearchUtilsError, match="more frequent than"):
        compute_keyness(THREE, {"A": 5, "B": 80, "C": 120})
    with pytest.raises(ResearchUtilsError, match="correction"):
        compute_keyness(THREE, SIZES, correction="yates")
    with pytest.raises(ResearchUtilsError, match="min_freq"):
        compute_keyness(THREE, SIZES, min_freq=0)


def test_williams_q_equals_a_hand_computation() -> None:
    # q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / 6N, rows R1 = a + b, R2 = N - R1, columns N_t, N_r.
    # 10:5 of 100:200: N = 300, (20 + 300/285 - 1)(3 + 1.5 - 1) / 1800 = 20.052632 * 3.5 / 1800
    assert compute_williams_q(10, 5, 100, 200) == pytest.approx(1 + 20.052632 * 3.5 / 1800, rel=1e-7)
    assert compute_williams_q(10, 5, 100, 200) == pytest.approx(1.038991, abs=1e-6)
    # one occurrence against none, target 1/12 of the corpus: (1200 + 1200/1199 - 1)(12 + 12/11 - 1) / 7200
    assert compute_williams_q(1, 0, 100, 1100) == pytest.approx(1200.000834 * 12.090909 / 7200 + 1, rel=1e-6)
    # 4:0 of 371:341 (N = 712): (178 + 712/708 - 1)(712/371 + 712/341 - 1) / 4272
    #                         = 178.005650 * 3.007114 / 4272
    assert compute_williams_q(4, 0, 371, 341) == pytest.approx(1 + 178.005650 * 3.007114 / 4272, rel=1e-6)
    # the corrected G2 is G2 / q, sign kept; large counts are hardly corrected
    for table in ((10, 5, 100, 200), (1, 0, 100, 1100), (0, 4, 341, 371)):
        corrected = compute_g2(*table, correction="williams")
        assert corrected == pytest.approx(compute_g2(*table) / compute_williams_q(*table))
    assert compute_williams_q(5_000, 4_000, 100_000, 100_000) == pytest.approx(1.0, abs=1e-4)
    # a single occurrence against none no longer reaches 3.84 at twelve outlets
    assert compute_g2(1, 0, 100, 1100) > 3.84 > compute_g2(1, 0, 100, 1100, correction="williams")


def test_williams_correction_in_the_table() -> None:
    table = compute_keyness(THREE, SIZES, correction="williams")
    plain = compute_keyness(THREE, SIZES)
    merged = table.merge(plain, on=["outlet", "term"], suffixes=("", "_plain"))
    q = compute_williams_q(
        merged["freq_target"], merged["freq_reference"], merged["size_target"], merged["size_reference"]
    )
    np.testing.assert_allclose(merged["g2"], merged["g2_plain"] / q)
    np.testing.assert_allclose(merged["p_value"], compute_p_value(merged["g2"]))
    assert (merged["p_value"] >= merged["p_value_plain"]).all()
    pd.testing.assert_series_equal(merged["log_ratio"], merged["log_ratio_plain"], check_names=False)


def test_p_adjusted_is_benjamini_hochberg_over_the_tested_rows() -> None:
    rng = np.random.default_rng(7)
    outlets = [f"outlet {i}" for i in range(6)]
    freq = pd.DataFrame(
        [(o, f"w{t}", int(rng.poisson(1 + t % 9))) for o in outlets for t in range(300)],
        columns=["outlet", "term", "freq"],
    )
    freq = freq[freq["freq"] > 0]
    sizes = {o: 5_000 for o in outlets}
    table = compute_keyness(freq, sizes)
    tested = table["tested"].to_numpy()
    assert 0 < tested.sum() < len(table)
    expected = false_discovery_control(table.loc[tested, "p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(table.loc[tested, "p_adjusted"], expected)
    assert table.loc[~tested, "p_adjusted"].isna().all()
    assert (table.loc[tested, "p_adjusted"] >= table.loc[tested, "p_value"]).all()
    # one family for the whole table, not one per outlet
    block = table[tested & (table["outlet"] == "outlet 0")]
    per_outlet = false_discovery_control(block["p_value"].to_numpy(), method="bh")
    assert not np.allclose(block["p_adjusted"], per_outlet)


def test_min_freq_leaves_rare_terms_untested() -> None:
    table = compute_keyness(THREE, SIZES)  # default min_freq 3: a term needs 3 occurrences in all
    total = table["freq_target"] + table["freq_reference"]
    assert (table["tested"] == (total >= MIN_FREQ)).all()
    # 'party' (3, all in A) is tested; 'security' (3) too; nothing is tested on one occurrence
    assert not table.loc[total < 2, "tested"].any()
    everything = compute_keyness(THREE, SIZES, min_freq=1)
    assert everything["tested"].all() and everything["p_adjusted"].notna().all()
    strict = compute_keyness(THREE, SIZES, min_freq=6)  # deepfake 6 + 1, control 4 + 2
    assert set(strict.loc[strict["tested"], "term"]) == {"deepfake", "control"}
    # fewer tests, smaller adjustment; unadjusted p and G2 stay as they were
    both = strict.merge(table, on=["outlet", "term"], suffixes=("", "_default"))
    assert (both.loc[both["tested"], "p_adjusted"] <= both.loc[both["tested"], "p_adjusted_default"]).all()
    pd.testing.assert_series_equal(both["g2"], both["g2_default"], check_names=False)


def test_single_occurrences_reach_384_at_many_outlets_but_are_not_tested() -> None:
    # twelve outlets of 1,000 words; each uses one word of its own once, and shares 'common'
    outlets = [f"o{i:02d}" for i in range(12)]
    rows = [(o, f"only_{o}", 1) for o in outlets] + [(o, "common", 20 + i) for i, o in enumerate(outlets)]
    table = compute_keyness(
        pd.DataFrame(rows, columns=["outlet", "term", "freq"]), dict.fromkeys(outlets, 1000)
    )
    single = table[(table["freq_target"] == 1) & (table["freq_reference"] == 0)]
    assert len(single) == 12 and (single["g2"] >= 3.84).all()  # G2 = 2 ln 12 + ... > 3.84
    assert not single["tested"].any() and single["p_adjusted"].isna().all()


def test_log_odds_z_never_points_towards_a_side_that_never_uses_the_term() -> None:
    # a = 0 of 100 words against b = 1 of 10,000, prior 5 counts of 10,100: unbounded, the prior
    # weighs more against the small target, ln(5/10195) - ln(6/20094) > 0.
    raw = (math.log(5 / 10_195) - math.log(6 / 20_094)) / math.sqrt(1 / 5 + 1 / 6)
    assert raw > 0
    assert compute_log_odds_z(0, 1, 100, 10_000, 5, 10_100) == 0.0
    # symmetric: a term the reference never uses is never negative
    assert compute_log_odds_z(1, 0, 10_000, 100, 5, 10_100) == 0.0
    assert compute_log_odds_z(3, 1, 100, 10_000, 5, 10_100) > 0  # used on both sides: unbounded
    # in the table, with a background that gives rare terms a large prior
    background = Background(pd.Series({"party": 90_000, "control": 80_000}), 1_000_000, "made up")
    table = compute_keyness(THREE, SIZES, background=background)
    assert (table.loc[table["freq_target"] == 0, "log_odds_z"] <= 0).all()
    assert (table.loc[table["freq_reference"] == 0, "log_odds_z"] >= 0).all()


def test_boilerplate_flags_terms_in_nearly_every_document_of_one_outlet_only() -> None:
    freq = pd.DataFrame(
        [
            ("A", "furniture", 20, 20),  # every one of A's 20 documents, never elsewhere: flagged
            ("A", "often", 17, 17),  # 17 of 20 < 90 %: not flagged
            ("A", "shared", 20, 20),  # every document of A, but B uses it once: not flagged
            ("B", "shared", 1, 1),
            ("B", "signature", 4, 4),  # every one of B's 4 documents, but fewer than 5: not flagged
            ("C", "line", 18, 6),  # 6 of C's 6 documents: flagged
        ],
        columns=["outlet", "term", "freq", "doc_freq"],
    )
    sizes = {"A": 10_000, "B": 3_000, "C": 4_000}
    table = compute_keyness(freq, sizes, n_documents={"A": 20, "B": 4, "C": 6})
    flagged = table.loc[table["boilerplate"], ["outlet", "term"]].to_records(index=False).tolist()
    assert sorted(flagged) == [("A", "furniture"), ("C", "line")]
    assert not compute_keyness(freq, sizes)["boilerplate"].any()  # without documents per outlet
    with pytest.raises(ResearchUtilsError, match="documents"):
        compute_keyness(freq.drop(columns="doc_freq"), sizes, n_documents={"A": 20, "B": 4, "C": 6})
    # select_key_terms leaves boilerplate out unless asked
    assert "furniture" not in select_key_terms(table, n=3)
    assert "furniture" in select_key_terms(table, n=3, boilerplate=True)


def test_select_key_terms_takes_the_strongest_positive_terms_per_outlet() -> None:
    table = compute_keyness(THREE, SIZES)
    # A: deepfake 6/100 vs 1/200; B: control 4/80 vs 2/220; C: security 2/120 vs 1/180
    assert select_key_terms(table, n=1) == ["deepfake", "control", "security"]
    # each term once, in outlet order; only terms relatively more frequent in some outlet
    chosen = select_key_terms(table, n=5)
    assert len(chosen) == len(set(chosen))
    assert set(chosen) <= set(table.loc[table["g2"] > 0, "term"])
    assert select_key_terms(table, n=5, min_g2=1e6) == []
    # with max_p_adjusted only tested rows at or below it: A's deepfake (6:1) and party (3:0)
    # have p_adjusted .0396; B's control (4:2) .0927 and C's security (2:1) .4655 do not pass
    assert select_key_terms(table, n=5, max_p_adjusted=0.05) == ["deepfake", "party"]
    assert select_key_terms(table, n=1, max_p_adjusted=1.0) == ["deepfake", "control", "security"]
    untested = compute_keyness(THREE, SIZES, min_freq=7)
    assert select_key_terms(untested, n=5, max_p_adjusted=1.0) == ["deepfake"]


def test_brown_news_as_background(processed) -> None:
    from research_utils.analyse.terms import count_outlet_words, count_terms, extract_terms

    brown = load_brown_background("news", terms_map=TERMS_MAP)
    assert brown.size > 80_000 and brown.counts["said"] > 300
    assert "the" not in brown.counts  # same filters as the articles' terms
    freq = count_terms(extract_terms(processed["tokens"], terms_map=TERMS_MAP), processed["documents"])
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


def test_the_written_table_keeps_untested_rows_empty(tmp_path) -> None:
    table = compute_keyness(THREE, SIZES, min_freq=6)
    path = write_table("keyness", table, tmp_path)
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    untested = [line.split(",") for line in text[1:] if line.split(",")[header.index("tested")] == "False"]
    assert untested and all(row[header.index("p_adjusted")] == "" for row in untested)
    back = read_table("keyness", tmp_path)
    assert back["tested"].equals(table["tested"]) and back["p_adjusted"].isna().equals(
        table["p_adjusted"].isna()
    )
