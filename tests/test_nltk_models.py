"""The faster tagger and lemmatizer give exactly NLTK's tags and lemmas."""

from __future__ import annotations

import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.corpus import brown
from nltk.stem import WordNetLemmatizer

from research_utils.annotate.fast_models import FastPerceptronTagger, FastWordNetLemmatizer
from research_utils.annotate.models import lemmatizer, tagger

WORDNET_POS = {"J": "a", "V": "v", "N": "n", "R": "r"}


@pytest.fixture(scope="module")
def nltk_tagger() -> nltk.tag.PerceptronTagger:
    return nltk.tag.PerceptronTagger()


@pytest.fixture(scope="module")
def brown_sentences() -> list[list[str]]:
    """Every 25th Brown sentence, all 15 categories: about 2,300 sentences, 48,000 tokens."""
    return [list(s) for i, s in enumerate(brown.sents()) if i % 25 == 0]


def test_the_pipeline_uses_the_faster_models() -> None:
    assert isinstance(tagger(), FastPerceptronTagger)
    assert isinstance(lemmatizer(), FastWordNetLemmatizer)


def test_tags_equal_nltks_on_brown(nltk_tagger, brown_sentences) -> None:
    fast = tagger()
    mismatched = [s for s in brown_sentences if fast.tag(s) != nltk_tagger.tag(s)]
    assert mismatched == []
    assert sum(map(len, brown_sentences)) > 40_000


WORDS = st.one_of(
    st.sampled_from(["the", "run", "runs", "Bank", "bank", "I", "can", "1961", "12", "well-known", "'s"]),
    st.sampled_from([",", ".", "``", "''", "(", "-", "--", "$", "%"]),
    st.text(alphabet="abcXYZ019-'.", min_size=1, max_size=9),  # unknown words, digits, hyphens
)


@settings(deadline=None, max_examples=300)
@given(st.lists(WORDS, min_size=1, max_size=30))
def test_tags_equal_nltks_on_arbitrary_tokens(nltk_tagger, tokens: list[str]) -> None:
    assert tagger().tag(tokens) == nltk_tagger.tag(tokens)


def test_confidence_scores_are_left_to_nltk(nltk_tagger) -> None:
    tokens = ["The", "agency", "summoned", "eleven", "firms", "."]
    assert tagger().tag(tokens, return_conf=True) == nltk_tagger.tag(tokens, return_conf=True)
    assert tagger().tag(tokens, use_tagdict=False) == nltk_tagger.tag(tokens, use_tagdict=False)


def test_lemmas_equal_nltks_on_brown(nltk_tagger, brown_sentences) -> None:
    pairs = {
        (word.lower(), WORDNET_POS[tag[0]])
        for sentence in brown_sentences[:800]
        for word, tag in nltk_tagger.tag(sentence)
        if tag[:1] in WORDNET_POS
    }
    fast, reference = lemmatizer(), WordNetLemmatizer()
    differing = [(w, p) for w, p in sorted(pairs) if fast.lemmatize(w, p) != reference.lemmatize(w, p)]
    assert differing == []
    assert len(pairs) > 3_000
    assert fast.lemmatize("churches", "n") == "church" and fast.lemmatize("summoned", "v") == "summon"
