"""Phrase joins: every join of the terms map that changes a count, on the study and on Brown."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import TERMS_MAP

from research_utils.analyse.background import load_brown_tables
from research_utils.analyse.phrase_joins import list_phrase_joins
from research_utils.analyse.terms import count_terms, extract_terms, read_terms_map
from research_utils.errors import ResearchUtilsError
from research_utils.tables import columns


def own_counts(tokens: pd.DataFrame, documents: pd.DataFrame, terms_map) -> pd.Series:
    """freq by (outlet, term) of the term table made with ``terms_map``."""
    table = count_terms(extract_terms(tokens, terms_map=terms_map), documents)
    return table.set_index(["outlet", "term"])["freq"]


def assert_joins_account_for_every_changed_count(tokens, documents, terms_map, joins) -> None:
    """Without the map a word counts its own occurrences; with it, the joins took exactly n_taken."""
    joined, plain = own_counts(tokens, documents, terms_map), own_counts(tokens, documents, {})
    map_terms = (
        set(read_terms_map(terms_map).values())
        if not isinstance(terms_map, dict)
        else set(terms_map.values())
    )
    taken = joins.dropna(subset=["word"]).groupby(["outlet", "word"])["n_taken"].sum()
    everything = plain.index.union(joined.index)
    difference = plain.reindex(everything, fill_value=0) - joined.reindex(everything, fill_value=0)
    words = [key for key in everything if key[1] not in map_terms]
    expected = taken.reindex(words, fill_value=0)
    pd.testing.assert_series_equal(
        difference.reindex(words), expected, check_names=False, check_dtype=False, check_index_type=False
    )
    # word_freq is the word's count after the joins
    for row in joins.dropna(subset=["word"]).itertuples():
        assert row.word_freq == joined.get((row.outlet, row.word), 0)


def test_the_study_joins_that_make_public_and_safety_key(processed) -> None:
    tokens, documents = processed["tokens"], processed["documents"]
    joins = list_phrase_joins(tokens, documents, terms_map=TERMS_MAP)
    assert list(joins.columns) == columns("phrase_joins")
    taipei = joins[joins["outlet"] == "Taipei Times"]
    ipo = taipei[taipei["term"] == "initial public offering"].set_index("word")
    assert ipo.loc["public", ["n_joins", "n_taken", "word_freq"]].tolist() == [1, 1, 0]
    assert set(ipo.index) == {"initial", "public", "offering"}
    safety = taipei[(taipei["term"] == "safety assessment") & (taipei["word"] == "safety")]
    # "safety assessment" and "safety assessments": one safety each, none left on its own
    assert sorted(safety["variant"]) == ["safety assessment", "safety assessments"]
    assert safety["n_taken"].sum() == 2 and (safety["word_freq"] == 0).all()
    # so without the joins 'public' would be 4:1 and 'safety' 3:2, not 4:0 and 3:0
    plain = own_counts(tokens, documents, {})
    assert plain[("Taipei Times", "public")] == 1 and plain[("Taipei Times", "safety")] == 2
    assert_joins_account_for_every_changed_count(tokens, documents, TERMS_MAP, joins)


def test_a_join_that_changes_nothing_is_not_listed(processed) -> None:
    tokens, documents = processed["tokens"], processed["documents"]
    # 'deepfake' written as one token is its own term already; 'of the' takes no term
    joins = list_phrase_joins(tokens, documents, terms_map={"deepfake": "deepfake", "of the": "of-the"})
    assert "deepfake" not in set(joins["term"])
    of_the = joins[joins["term"] == "of-the"]
    assert len(of_the) and of_the["word"].isna().all() and (of_the["n_taken"] == 0).all()
    empty = list_phrase_joins(tokens, documents, terms_map=None)
    assert len(empty) == 0 and list(empty.columns) == columns("phrase_joins")
    with pytest.raises(ResearchUtilsError, match="not in the documents table"):
        list_phrase_joins(tokens, documents.iloc[:1], terms_map=TERMS_MAP)


def test_joins_on_brown_with_a_map_of_its_own() -> None:
    tokens, documents = load_brown_tables(["news", "religion", "hobbies"])
    terms_map = {
        "United States": "united states",
        "U.S.": "united states",
        "New York": "new york",
        "high school": "high school",
        "per cent": "percent",
        "Holy Spirit": "holy spirit",
    }
    joins = list_phrase_joins(tokens, documents, terms_map=terms_map)
    assert set(joins["outlet"]) == {"news", "religion", "hobbies"}
    assert set(joins["term"]) <= set(terms_map.values()) and set(joins["variant"]) <= set(terms_map)
    news = joins[(joins["outlet"] == "news") & (joins["term"] == "new york")].set_index("word")
    york = news.loc["york"]
    assert int(york["n_taken"]) == int(york["n_joins"]) > 5
    # nothing of the study leaks in
    assert not {"deepfake", "public", "safety assessment"} & set(joins["term"])
    assert_joins_account_for_every_changed_count(tokens, documents, terms_map, joins)
