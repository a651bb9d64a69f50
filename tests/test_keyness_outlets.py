"""Keyness that holds at many outlets: the 15 Brown categories (NLTK data) as outlets.

Brown was never used to tune anything here. Counts are printed (``pytest -s``) for the report.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from research_utils.analyse.background import load_brown_background, load_brown_tables
from research_utils.analyse.keyness import compute_keyness
from research_utils.analyse.terms import (
    count_outlet_documents,
    count_outlet_words,
    count_terms,
    extract_terms,
)
from research_utils.tables import columns


@pytest.fixture(scope="module")
def brown() -> dict[str, pd.DataFrame | pd.Series]:
    """Term frequencies, word tokens and documents of the 15 Brown categories (500 files)."""
    tokens, documents = load_brown_tables()
    frequencies = count_terms(extract_terms(tokens), documents)
    return {
        "tokens": tokens,
        "documents": documents,
        "frequencies": frequencies,
        "sizes": count_outlet_words(documents),
        "n_documents": count_outlet_documents(documents),
    }


@pytest.fixture(scope="module")
def keyness(brown) -> pd.DataFrame:
    return compute_keyness(brown["frequencies"], brown["sizes"], n_documents=brown["n_documents"])


def test_far_fewer_rows_pass_adjusted_p_than_the_unadjusted_384(brown, keyness) -> None:
    assert keyness["outlet"].nunique() == 15
    unadjusted = int((keyness["g2"].abs() >= 3.84).sum())
    adjusted = int((keyness["p_adjusted"] < 0.05).sum())
    key_up = int(((keyness["g2"] > 0) & (keyness["g2"] >= 3.84)).sum())
    key_up_adjusted = int(((keyness["g2"] > 0) & (keyness["p_adjusted"] < 0.05)).sum())
    singles = keyness[(keyness["freq_target"] == 1) & (keyness["g2"] > 0)]
    print(
        f"\nBrown, 15 categories as outlets: {len(keyness)} rows, {int(keyness['tested'].sum())} tested; "
        f"|G2| >= 3.84: {unadjusted} (positive {key_up}, of them on a single occurrence "
        f"{int((singles['g2'] >= 3.84).sum())}); p_adjusted < .05: {adjusted} (positive {key_up_adjusted}, "
        f"single occurrences {int((singles['p_adjusted'] < 0.05).sum())})"
    )
    assert adjusted < unadjusted / 2 and key_up_adjusted < key_up / 2
    # one occurrence is never a key term of its outlet once p is adjusted
    assert len(singles) > 1000 and (singles["g2"] >= 3.84).sum() > 1000
    assert not (singles["p_adjusted"] < 0.05).any()
    # ... and many untested, so a reader sees they were left out, not that they failed
    assert not singles["tested"].all()


def test_p_adjusted_equals_scipy_bh_on_the_tested_rows(keyness) -> None:
    tested = keyness["tested"].to_numpy()
    expected = false_discovery_control(keyness.loc[tested, "p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(keyness.loc[tested, "p_adjusted"].to_numpy(), expected, rtol=1e-12)
    assert keyness.loc[~tested, "p_adjusted"].isna().all()
    total = keyness["freq_target"] + keyness["freq_reference"]
    assert (keyness["tested"] == (total >= 3)).all()


def test_no_positive_z_for_a_term_the_outlet_never_uses_with_pooled_or_brown_prior(brown, keyness) -> None:
    news = load_brown_background("news")
    with_news = compute_keyness(brown["frequencies"], brown["sizes"], background=news)
    for table in (keyness, with_news):
        absent = table[table["freq_target"] == 0]
        assert len(absent) > 100_000
        assert (absent["log_odds_z"] <= 0).all()
        assert (table.loc[table["freq_reference"] == 0, "log_odds_z"] >= 0).all()
    # with the pooled prior the bound never bites: absent terms score below 0 on their own
    assert (keyness.loc[keyness["freq_target"] == 0, "log_odds_z"] < 0).all()
    # Brown news as prior gives a term news lacks 0.5 / 88,000 of the corpus's 1.16 million
    # words (6.6 counts) on both sides, which outweighs a few reference occurrences against a
    # target of a fifteenth of the corpus: those rows are 0, not positive
    absent = with_news[with_news["freq_target"] == 0]
    print(f"\nBrown news prior: {int((absent['log_odds_z'] == 0).sum())} of {len(absent)} absent rows at 0")
    assert (absent["log_odds_z"] < 0).any() and (absent["log_odds_z"] == 0).any()


def test_brown_has_no_boilerplate_until_one_category_gets_a_signature_line(brown, keyness) -> None:
    assert not keyness["boilerplate"].any()
    tokens, documents = brown["tokens"], brown["documents"]
    hobbies = documents.loc[documents["outlet"] == "hobbies", "doc_id"]
    signature = ["reprinted", "courtesy", "of", "the", "zorblat", "quarterly"]
    extra = pd.DataFrame(
        [(doc_id, 10_000, 100_000 + i, word) for doc_id in hobbies for i, word in enumerate(signature)],
        columns=["doc_id", "sent_id", "token_id", "lower"],
    ).assign(lemma=lambda d: d["lower"], is_stop=lambda d: d["lower"].isin(["of", "the"]), is_punct=False)
    tokens = pd.concat([tokens, extra], ignore_index=True)
    documents = documents.assign(
        n_word_tokens=documents["n_word_tokens"] + documents["doc_id"].isin(hobbies) * len(signature)
    )
    frequencies = count_terms(extract_terms(tokens), documents)
    table = compute_keyness(
        frequencies, count_outlet_words(documents), n_documents=count_outlet_documents(documents)
    )
    flagged = table[table["boilerplate"]]
    elsewhere = set(brown["frequencies"].loc[brown["frequencies"]["outlet"] != "hobbies", "term"])
    assert set(flagged["outlet"]) == {"hobbies"}
    assert set(flagged["term"]) == {"reprinted", "courtesy", "zorblat", "quarterly"} - elsewhere
    assert "zorblat" in set(flagged["term"])


def test_one_brown_category_gives_an_empty_table(brown) -> None:
    documents = brown["documents"]
    one = documents[documents["outlet"] == "news"]
    frequencies = brown["frequencies"][brown["frequencies"]["outlet"] == "news"]
    table = compute_keyness(frequencies, count_outlet_words(one), n_documents=count_outlet_documents(one))
    assert len(table) == 0 and list(table.columns) == columns("keyness")


def test_keyness_over_15_categories_is_fast(brown) -> None:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        compute_keyness(
            brown["frequencies"], brown["sizes"], n_documents=brown["n_documents"], correction="williams"
        )
        times.append(time.perf_counter() - start)
    print(
        f"\ncompute_keyness, 15 Brown categories x {brown['frequencies']['term'].nunique()} terms: "
        f"{min(times):.2f} s"
    )
    assert min(times) < 2.0
