"""Concordance (KWIC), collocations and dispersion on the study's two articles."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import APPLE, TAIPEI, TERMS_MAP
from nltk.collocations import BigramAssocMeasures

from research_utils.analyse.concordance import (
    CONCORDANCE_COLUMNS,
    find_collocations,
    find_concordance,
    measure_dispersion,
)
from research_utils.analyse.terms import extract_terms
from research_utils.errors import ResearchUtilsError


@pytest.fixture(scope="module")
def tokens(processed) -> pd.DataFrame:
    return processed["tokens"]


@pytest.fixture(scope="module")
def documents(processed) -> pd.DataFrame:
    return processed["documents"]


def test_kwic_finds_every_variant_of_a_mapped_term(tokens, documents) -> None:
    kwic = find_concordance(tokens, documents, "deepfake", terms_map=TERMS_MAP)
    assert list(kwic.columns) == list(CONCORDANCE_COLUMNS)
    assert kwic["outlet"].value_counts().to_dict() == {"Apple Daily": 4, "Taipei Times": 3}
    assert sorted(kwic["node"]) == ["Deepfake", "deep fake", "deep fakes", "deep fakes", *["deepfake"] * 3]
    # a variant as the query finds the same occurrences, whatever its case
    assert find_concordance(tokens, documents, "Deep Fakes", terms_map=TERMS_MAP).equals(kwic)
    assert find_concordance(tokens, documents, "DEEPFAKE", terms_map=TERMS_MAP).equals(kwic)
    # without the terms map only the exact word (any case) is found
    exact = find_concordance(tokens, documents, "deepfake", terms_map={})
    assert exact["doc_id"].tolist() == [APPLE] * 4


def test_kwic_window_counts_words_and_keeps_the_text_as_written(tokens, documents) -> None:
    kwic = find_concordance(tokens, documents, "deepfake", window=3, terms_map=TERMS_MAP)
    first = kwic.iloc[0]
    # "... meet with Chinese officials over the use of “deepfake” and other new technology ..."
    assert (first["doc_id"], first["sent_id"]) == (APPLE, 0)
    assert (first["left"], first["node"], first["right"]) == ("the use of “", "deepfake", "” and other new")
    taipei = kwic[kwic["doc_id"] == TAIPEI].iloc[0]
    assert (taipei["left"], taipei["node"], taipei["right"]) == (
        "for talks on “",
        "deep fakes",
        "” and Internet security",
    )
    # the context may cross a sentence boundary within the article, never the article's start
    opening = find_concordance(tokens, documents, "Top", window=3, terms_map=TERMS_MAP).iloc[0]
    assert opening["left"] == "" and opening["right"] == "technological and internet"
    bare = find_concordance(tokens, documents, "deepfake", window=0, terms_map=TERMS_MAP)
    assert (bare["left"] == "").all() and (bare["right"] == "").all()


def test_kwic_for_the_notebook_words(tokens, documents) -> None:
    security = find_concordance(tokens, documents, "security", terms_map=TERMS_MAP)
    assert security["outlet"].tolist() == ["Apple Daily", "Apple Daily", "Taipei Times"]
    assert "national" in security.iloc[1]["left"]  # inside "national security" too
    control = find_concordance(tokens, documents, "control", terms_map=TERMS_MAP)
    assert len(control) == 1 and control.iloc[0]["right"].startswith(
        "all public discourse"
    )  # not "uncontrolled"
    clubhouse = find_concordance(tokens, documents, "clubhouse", terms_map=TERMS_MAP)
    assert clubhouse["node"].tolist() == ["Clubhouse", "Clubhouse"]
    hong_kong = find_concordance(tokens, documents, "hong kong", terms_map=TERMS_MAP)
    assert hong_kong["node"].tolist() == ["Hong Kong"]
    assert find_concordance(tokens, documents, "no such word", terms_map=TERMS_MAP).empty
    with pytest.raises(ResearchUtilsError, match="no tokens"):
        find_concordance(tokens, documents, "  ", terms_map=TERMS_MAP)


def test_collocations_per_outlet(tokens, documents) -> None:
    terms = extract_terms(tokens, terms_map=TERMS_MAP)
    table = find_collocations(terms, documents, window=2, min_freq=2)
    assert table.columns.tolist() == ["outlet", "term_1", "term_2", "freq", "likelihood_ratio", "pmi"]
    apple = table[table["outlet"] == "Apple Daily"]
    assert {("regulatory", "body"), ("new", "technologies")} <= set(
        zip(apple["term_1"], apple["term_2"], strict=True)
    )
    assert (table["freq"] >= 2).all()
    row = apple[(apple["term_1"] == "regulatory") & (apple["term_2"] == "body")].iloc[0]
    # NLTK's measures on the pair's counts: "regulatory" 3, "body" 2, pair 2, among n Apple Daily terms
    ad_terms = terms[terms["doc_id"] == APPLE]
    n = len(ad_terms)
    assert row["pmi"] == pytest.approx(math.log2(2 * n / (3 * 2)))
    assert row["likelihood_ratio"] == pytest.approx(BigramAssocMeasures.likelihood_ratio(2, (3, 2), n))
    assert table.groupby("outlet")["likelihood_ratio"].apply(lambda s: s.is_monotonic_decreasing).all()
    wider = find_collocations(terms, documents, window=5, min_freq=2)
    assert len(wider) > len(table)
    top = find_collocations(terms, documents, min_freq=1, top=3)
    full = find_collocations(terms, documents, min_freq=1)
    for outlet, group in top.groupby("outlet"):  # the 3 strongest, and every pair tied with the 3rd
        third = full[full["outlet"] == outlet]["likelihood_ratio"].iloc[2]
        assert len(group) >= 3 and (group["likelihood_ratio"] >= third).all()
        assert len(group) == int((full[full["outlet"] == outlet]["likelihood_ratio"] >= third).sum())


def test_collocations_never_cross_sentences(documents) -> None:
    terms = pd.DataFrame(
        {
            "doc_id": [APPLE] * 4,
            "sent_id": [0, 0, 1, 1],
            "token_id": [0, 1, 2, 3],
            "last_token_id": [0, 1, 2, 3],
            "term": ["alpha", "beta", "gamma", "delta"],
        }
    )
    pairs = find_collocations(terms, documents, window=3, min_freq=1)
    assert set(zip(pairs["term_1"], pairs["term_2"], strict=True)) == {("alpha", "beta"), ("gamma", "delta")}
    with pytest.raises(ResearchUtilsError, match="window"):
        find_collocations(terms, documents, window=1)


def test_dispersion_positions(tokens, documents) -> None:
    terms = extract_terms(tokens, terms_map=TERMS_MAP)
    table = measure_dispersion(terms, documents, ["deepfake", "Clubhouse", "absent"])
    assert table.columns.tolist() == ["doc_id", "outlet", "term", "token_id", "position"]
    assert table["position"].between(0, 1).all()
    n_tokens = documents.set_index("doc_id")["n_tokens"]
    expected = table["token_id"] / (table["doc_id"].map(n_tokens) - 1)
    assert table["position"].tolist() == pytest.approx(expected.tolist())
    assert table.groupby(["doc_id", "term"]).size().to_dict() == {
        (APPLE, "clubhouse"): 1,
        (APPLE, "deepfake"): 4,
        (TAIPEI, "clubhouse"): 1,
        (TAIPEI, "deepfake"): 3,
    }
    # Clubhouse comes late in the Taipei Times piece, earlier in Apple Daily's
    club = table[table["term"] == "clubhouse"].set_index("outlet")["position"]
    assert club["Apple Daily"] < 0.5 < club["Taipei Times"]
