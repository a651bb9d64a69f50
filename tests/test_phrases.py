"""The vectorised phrase matcher gives exactly NLTK MWETokenizer's matches.

Reference: NLTK's MWETokenizer run sentence by sentence (the matcher's previous
implementation). Corpus: Brown files (its own tokenisation, no tagging needed), lexicons
made from its frequent n-grams so that phrases overlap, nest and chain.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pandas as pd
import pytest

from research_utils.annotate.phrases import MATCH_COLUMNS, TokenIndex, match_phrases, phrase_key


def _brown_tokens(n_files: int = 24) -> pd.DataFrame:
    from nltk.corpus import brown

    rows = []
    for fileid in brown.fileids()[:n_files]:
        token_id = 0
        for sent_id, sentence in enumerate(brown.sents(fileid)):
            for word in sentence:
                rows.append((fileid, sent_id, token_id, word, word.lower()))
                token_id += 1
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "token_id", "token", "lower"]).astype(
        {"doc_id": "string", "token": "string", "lower": "string"}
    )


def _mwe_reference(tokens: pd.DataFrame, phrases: dict[str, str], column: str = "lower") -> pd.DataFrame:
    """The previous implementation: MWETokenizer over each sentence's words."""
    from nltk.tokenize import MWETokenizer

    by_key: dict[tuple[str, ...], tuple[str, str]] = {}
    for phrase, label in phrases.items():
        key = phrase_key(phrase)
        if key:
            by_key.setdefault(key, (phrase, label))
    mwe = MWETokenizer([k for k in by_key if len(k) > 1], separator="\x1f")
    words = [w.replace("’", "'").lower() for w in tokens[column].astype(str)]
    rows = []
    for (_, _), sentence in tokens.assign(w=words).groupby(["doc_id", "sent_id"], sort=False):
        ids, doc = sentence["token_id"].tolist(), sentence["doc_id"].iloc[0]
        i = 0
        for merged in mwe.tokenize(sentence["w"].tolist()):
            key = tuple(merged.split("\x1f"))
            if key in by_key:
                rows.append(
                    (
                        doc,
                        int(sentence["sent_id"].iloc[0]),
                        ids[i],
                        ids[i + len(key) - 1],
                        len(key),
                        *by_key[key],
                    )
                )
            i += len(key)
    table = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    return table.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def brown_tokens() -> pd.DataFrame:
    return _brown_tokens()


def _lexicon(tokens: pd.DataFrame, seed: int) -> dict[str, str]:
    """Frequent unigrams, bigrams and trigrams (which overlap and nest), some chains, and
    phrases that never occur."""
    words = tokens["lower"].astype(str).tolist()
    rng = random.Random(seed)
    grams: dict[int, list[tuple[str, ...]]] = {}
    for n in (1, 2, 3, 4):
        counts = Counter(zip(*(words[i:] for i in range(n)), strict=False))
        common = [g for g, c in counts.most_common(400) if c > 1]
        grams[n] = rng.sample(common, min(len(common), 60))
    phrases = {" ".join(g): f"label_{n}_{i}" for n, gs in grams.items() for i, g in enumerate(gs)}
    phrases |= {"zebra crossing quietly": "never", "the": "THE"}
    return phrases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_equal_mwetokenizer_on_brown(brown_tokens: pd.DataFrame, seed: int):
    phrases = _lexicon(brown_tokens, seed)
    expected = _mwe_reference(brown_tokens, phrases)
    got = match_phrases(brown_tokens, phrases)
    assert len(expected) > 1000
    assert (expected["n_tokens"] > 1).sum() > 100  # multi-word matches, some contested
    pd.testing.assert_frame_equal(got.astype(object), expected.astype(object), check_dtype=False)


def test_one_index_serves_many_lexicons(brown_tokens: pd.DataFrame):
    index = TokenIndex(brown_tokens)
    for seed in (4, 5):
        phrases = _lexicon(brown_tokens, seed)
        pd.testing.assert_frame_equal(
            match_phrases(index, phrases), match_phrases(brown_tokens, phrases), check_dtype=False
        )


def test_lexicons_matched_together_give_each_lexicons_own_matches(brown_tokens: pd.DataFrame):
    # overlapping lexicons (shared and nested phrases): one pass, the same rows as one by one
    lexicons = [_lexicon(brown_tokens, seed) for seed in (6, 7, 8)] + [{}, {"new york times": "NYT"}]
    lexicons[1] |= dict(list(lexicons[0].items())[:50])
    index = TokenIndex(brown_tokens)
    together = index.find_each(lexicons)
    assert together["lexicon"].is_monotonic_increasing
    for i, phrases in enumerate(lexicons):
        alone = together[together["lexicon"] == i].drop(columns="lexicon").reset_index(drop=True)
        expected = _mwe_reference(brown_tokens, phrases)
        pd.testing.assert_frame_equal(
            alone.drop(columns="row").astype(object), expected.astype(object), check_dtype=False
        )
        pd.testing.assert_frame_equal(alone, index.find(phrases), check_dtype=False)
    assert set(together["lexicon"]) == {0, 1, 2, 4}  # the empty lexicon matches nothing


def test_longest_match_wins_and_matches_never_overlap():
    words = ["the", "new", "york", "times", "said", "new", "york", "city", "is", "in", "new", "york"]
    tokens = pd.DataFrame(
        {"doc_id": "d", "sent_id": 0, "token_id": range(len(words)), "lower": words}
    ).astype({"doc_id": "string", "lower": "string"})
    phrases = {"New York": "NY", "new york times": "NYT", "york city": "YC", "times said": "TS", "city": "C"}
    got = match_phrases(tokens, phrases)
    assert list(zip(got["token_id"], got["label"], strict=True)) == [
        (1, "NYT"),
        (5, "NY"),
        (7, "C"),
        (10, "NY"),
    ]
    assert got["phrase"].tolist() == ["new york times", "New York", "city", "New York"]


def test_no_match_across_sentences_or_documents():
    tokens = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sent_id": [0, 0, 1, 0],
            "token_id": [0, 1, 2, 0],
            "lower": ["in", "new", "york", "city"],
        }
    ).astype({"doc_id": "string", "lower": "string"})
    assert match_phrases(tokens, {"new york": "NY", "york city": "YC"}).empty


def test_typographic_quotes_and_case_are_ignored():
    words = ["It", "’s", "the", "Premier", "’s", "“", "plan", "”"]
    tokens = pd.DataFrame(
        {"doc_id": "d", "sent_id": 0, "token_id": range(8), "lower": [w.lower() for w in words]}
    )
    got = match_phrases(
        tokens.astype({"doc_id": "string", "lower": "string"}), {"PREMIER'S": "P", "plan": "Q"}
    )
    assert got["label"].tolist() == ["P", "Q"]
    assert got["token_id"].tolist() == [3, 6]


def test_empty_inputs_give_empty_tables(brown_tokens: pd.DataFrame):
    assert list(match_phrases(brown_tokens.head(0), {"the": "x"}).columns) == list(MATCH_COLUMNS)
    assert match_phrases(brown_tokens, {}).empty
    assert match_phrases(brown_tokens, {"zebra quietly": "z"}).empty


def test_batches_of_documents_give_the_rows_of_the_whole(brown_tokens: pd.DataFrame):
    phrases = _lexicon(brown_tokens, 7)
    whole = match_phrases(brown_tokens, phrases)
    docs = list(dict.fromkeys(brown_tokens["doc_id"]))
    parts = [
        match_phrases(brown_tokens[brown_tokens["doc_id"].isin(batch)], phrases)
        for batch in (docs[:7], docs[7:8], docs[8:])
    ]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)


def test_chains_of_overlapping_phrases_resolve_left_to_right():
    # the same three words repeated across sentences of 7: phrases start at every offset
    words = list(itertools.chain.from_iterable(["a", "b", "c"] for _ in range(50)))
    tokens = pd.DataFrame(
        {
            "doc_id": "d",
            "sent_id": [i // 7 for i in range(len(words))],
            "token_id": range(len(words)),
            "lower": words,
        }
    ).astype({"doc_id": "string", "lower": "string"})
    phrases = {"a b": "AB", "b c a": "BCA", "c": "C"}
    pd.testing.assert_frame_equal(
        match_phrases(tokens, phrases).astype(object),
        _mwe_reference(tokens, phrases).astype(object),
        check_dtype=False,
    )
