"""Sentences, tokens, tags and lemmas: faithful offsets and NLTK's own results."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import nltk
import pandas as pd
import pytest
from conftest import APPLE, REPO, TABLES, TAIPEI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research_utils.annotate import models
from research_utils.annotate import tokens as tokens_module
from research_utils.annotate.tokens import annotate_document, ascii_quotes, ptb_tokens
from research_utils.cli import main
from research_utils.ingest import Corpus
from research_utils.tables import columns, path_of

PROPERTY = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def assert_offsets_hold(text: str, toks: dict[str, list], sents: dict[str, list]) -> None:
    """Every token and sentence is exactly its slice of ``text``; tokens in order, inside sentences."""
    sentence_span = dict(zip(sents["sent_id"], zip(sents["start"], sents["end"], strict=True), strict=True))
    for sent_id, start, end, sentence in zip(
        sents["sent_id"], sents["start"], sents["end"], sents["text"], strict=True
    ):
        assert text[start:end] == sentence, (sent_id, sentence)
    previous_end = 0
    for token, start, end, sent_id in zip(
        toks["token"], toks["start"], toks["end"], toks["sent_id"], strict=True
    ):
        assert token, "empty token"
        assert text[start:end] == token, (token, start, end, text[start:end])
        assert start >= previous_end, "tokens overlap or are out of order"
        s_start, s_end = sentence_span[sent_id]
        assert s_start <= start and end <= s_end, "token outside its sentence"
        previous_end = end
    assert toks["token_id"] == list(range(len(toks["token"])))


# --- the offset invariant -------------------------------------------------------------------------


def test_offsets_hold_on_the_corpus(corpus: Corpus, processed: dict[str, pd.DataFrame]) -> None:
    text_of = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    toks = processed["tokens"]
    assert len(toks) > 700
    for row in toks.itertuples():
        assert text_of[row.doc_id][row.start : row.end] == row.token
    for row in processed["sentences"].itertuples():
        assert text_of[row.doc_id][row.start : row.end] == row.text


def test_quote_tokens_keep_their_surface_form(processed: dict[str, pd.DataFrame]) -> None:
    toks = processed["tokens"]
    quotes = toks[toks["token"].isin(["“", "”"])]
    assert len(quotes) >= 20
    assert set(quotes["pos"]) == {"``", "''"}
    assert not toks["token"].isin(["``", "''", '"']).any()  # NLTK's rewrites never leak into token
    assert "country’s" not in set(toks["token"])  # split as NLTK splits "country's" ...
    possessive = toks[toks["token"] == "’s"]
    assert len(possessive) >= 4 and set(possessive["pos"]) == {"POS"}  # ... and tagged as such


@PROPERTY
@given(st.text())
def test_offsets_hold_on_arbitrary_unicode(text: str) -> None:
    sents, toks = annotate_document("d", text)
    assert_offsets_hold(text, toks, sents)


HARD_PIECES = st.one_of(
    st.sampled_from(["“", "”", "‘", "’", '"', "'", "''", "``", "`", "„", "‚", "′", "″"]),
    st.sampled_from([*".,;:!?()[]{}-–—…$%&/", "...", "--", "U.S.", "Mr.", "e.g."]),
    st.sampled_from([" ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00a0"]),
    st.sampled_from(["it’s", "don't", "can't", "cannot", "gonna", "country’s", "’s", "'s", "n't", "'ll"]),
    st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
)


@PROPERTY
@given(st.lists(HARD_PIECES, max_size=40).map("".join))
def test_offsets_hold_on_quotes_apostrophes_and_punctuation(text: str) -> None:
    sents, toks = annotate_document("d", text)
    assert_offsets_hold(text, toks, sents)


@PROPERTY
@given(st.lists(HARD_PIECES, max_size=40).map("".join))
def test_no_visible_character_is_lost(text: str) -> None:
    _, toks = annotate_document("d", text)
    covered = {i for start, end in zip(toks["start"], toks["end"], strict=True) for i in range(start, end)}
    lost = [ch for i, ch in enumerate(text) if i not in covered and not ch.isspace()]
    assert lost == []


# --- tags and lemmas ------------------------------------------------------------------------------


def sentences_with_tokens(processed: dict[str, pd.DataFrame]):
    toks = processed["tokens"].groupby(["doc_id", "sent_id"])
    for row in processed["sentences"].itertuples():
        yield row.text, toks.get_group((row.doc_id, row.sent_id))


def test_pos_equals_nltk_pos_tag_on_each_sentence(processed: dict[str, pd.DataFrame]) -> None:
    n = 0
    for sentence, toks in sentences_with_tokens(processed):
        expected = [tag for _, tag in nltk.pos_tag(ptb_tokens(sentence))]
        assert list(toks["pos"]) == expected, sentence
        n += 1
    assert n == len(processed["sentences"]) > 20


def test_pos_equals_nltk_pos_tag_of_word_tokenize(processed: dict[str, pd.DataFrame]) -> None:
    for sentence, toks in sentences_with_tokens(processed):
        words = nltk.word_tokenize(ascii_quotes(sentence), preserve_line=True)
        assert list(toks["pos"]) == [tag for _, tag in nltk.pos_tag(words)], sentence
        assert len(words) == len(toks)


def test_upos_equals_nltk_universal_tags(processed: dict[str, pd.DataFrame]) -> None:
    for sentence, toks in sentences_with_tokens(processed):
        expected = [tag for _, tag in nltk.pos_tag(ptb_tokens(sentence), tagset="universal")]
        assert list(toks["upos"]) == expected, sentence


@pytest.mark.parametrize(
    ("token", "lemma"),
    [
        ("companies", "company"),
        ("Companies", "company"),
        ("summoned", "summon"),
        ("technologies", "technology"),
        ("was", "be"),
        ("firms", "firm"),
        ("regulators", "regulator"),
    ],
)
def test_lemma_examples(processed: dict[str, pd.DataFrame], token: str, lemma: str) -> None:
    found = processed["tokens"].loc[processed["tokens"]["token"] == token, "lemma"]
    assert len(found) > 0, f"{token!r} not in the corpus"
    assert set(found) == {lemma}


@pytest.mark.parametrize(
    ("token", "is_stop", "is_punct", "is_alpha"),
    [
        ("the", True, False, True),
        ("The", True, False, True),
        ("was", True, False, True),
        ("Tencent", False, False, True),
        ("“", False, True, False),
        ("”", False, True, False),
        (",", False, True, False),
        ("—", False, True, False),
        ("$", False, True, False),
        ("34", False, False, False),
        ("e-commerce", False, False, False),
        ("’s", False, False, False),
    ],
)
def test_flag_examples(
    processed: dict[str, pd.DataFrame], token: str, is_stop: bool, is_punct: bool, is_alpha: bool
) -> None:
    rows = processed["tokens"][processed["tokens"]["token"] == token]
    assert len(rows) > 0, f"{token!r} not in the corpus"
    assert set(rows["is_stop"]) == {is_stop}
    assert set(rows["is_punct"]) == {is_punct}
    assert set(rows["is_alpha"]) == {is_alpha}


def test_us_dollar_amount_tokens(processed: dict[str, pd.DataFrame]) -> None:
    toks = processed["tokens"]
    taipei = toks[toks["doc_id"] == TAIPEI].reset_index(drop=True)
    at = taipei.index[taipei["token"] == "US"][0]
    assert list(taipei.loc[at : at + 3, "token"]) == ["US", "$", "34", "billion"]
    assert list(taipei.loc[at : at + 3, "pos"]) == ["NNP", "$", "CD", "CD"]


# --- table structure ------------------------------------------------------------------------------


def test_sentence_ids_are_0_based_and_contiguous(processed: dict[str, pd.DataFrame]) -> None:
    for _, group in processed["sentences"].groupby("doc_id"):
        assert list(group["sent_id"]) == list(range(len(group)))
        assert list(group["start"]) == sorted(group["start"])


def test_token_ids_are_0_based_and_contiguous_per_document(processed: dict[str, pd.DataFrame]) -> None:
    toks = processed["tokens"]
    assert list(toks["doc_id"].unique()) == [APPLE, TAIPEI]
    for _, group in toks.groupby("doc_id"):
        assert list(group["token_id"]) == list(range(len(group)))
        assert list(group["start"]) == sorted(group["start"])
    sentence_keys = set(zip(processed["sentences"]["doc_id"], processed["sentences"]["sent_id"], strict=True))
    assert set(zip(toks["doc_id"], toks["sent_id"], strict=True)) <= sentence_keys


def test_document_counts_agree_with_the_tables(processed: dict[str, pd.DataFrame]) -> None:
    docs = processed["documents"].set_index("doc_id")
    toks, sents = processed["tokens"], processed["sentences"]
    for doc_id in [APPLE, TAIPEI]:
        mine = toks[toks["doc_id"] == doc_id]
        assert docs.loc[doc_id, "n_sentences"] == (sents["doc_id"] == doc_id).sum()
        assert docs.loc[doc_id, "n_tokens"] == len(mine)
        assert docs.loc[doc_id, "n_word_tokens"] == (~mine["is_punct"]).sum()
        assert 0 < docs.loc[doc_id, "n_word_tokens"] < docs.loc[doc_id, "n_tokens"]


def test_rerun_is_byte_identical(prepared: Path, raw_copy: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["prepare", "--raw", str(raw_copy), "--out", str(again)]) == 0
    for name in TABLES:
        assert path_of(name, again).read_bytes() == path_of(name, prepared).read_bytes(), name
    written = sorted(
        p.name for p in again.iterdir() if not p.name.startswith(".")
    )  # hidden: the cache and the lock
    assert written == sorted(f"{name}.csv" for name in TABLES)


def test_rerun_in_a_new_process_is_byte_identical(prepared: Path, raw_copy: Path, tmp_path: Path) -> None:
    # another process with another string-hash seed: no dependence on set or dict order
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-m", "research_utils", "prepare", "--raw", str(raw_copy), "--out", str(again)]
    subprocess.run(command, check=True, env=env, cwd=tmp_path, capture_output=True)
    for name in TABLES:
        assert path_of(name, again).read_bytes() == path_of(name, prepared).read_bytes(), name


def test_written_headers_are_the_declared_columns(prepared: Path) -> None:
    for name in TABLES:
        header = path_of(name, prepared).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == columns(name)


# --- models ---------------------------------------------------------------------------------------


#: The model loaders annotate_document uses (research_utils.annotate.models).
LOADERS = ("sentence_splitter", "word_tokenizer", "tagger", "lemmatizer", "stop_words", "universal_tags")


def test_models_load_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = {name: getattr(models, name)() for name in LOADERS}
    assert all(getattr(models, name)() is model for name, model in first.items())
    built: list[object] = []

    class CountingTagger(nltk.tag.PerceptronTagger):
        def __init__(self, *args, **kwargs) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(nltk.tag, "PerceptronTagger", CountingTagger)
    annotate_document("a", "The agency summoned 11 firms.")
    annotate_document("b", "Regulators warned them again.")
    assert built == []
    assert all(getattr(models, name)() is model for name, model in first.items())


def test_long_documents_do_not_trip_nltk_regex_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document whose tagging takes longer than NLTK's regex time limit is still annotated.

    NLTK guards Punkt's sentence regex with a wall-clock limit (``nltk.redos``) that runs
    over the whole lazy ``span_tokenize`` iteration. Here the limit is 0.3 s and tagging is
    slowed by 0.03 s of CPU a sentence, as a long article on a slow machine would be.
    """
    import nltk.redos

    tagger = models.tagger()
    real_tag = tagger.tag

    def slow_tag(tokens: list[str]) -> list[tuple[str, str]]:
        busy_until = time.process_time() + 0.03  # the limit counts CPU time, so no sleep()
        while time.process_time() < busy_until:
            pass
        return real_tag(tokens)

    monkeypatch.setattr(nltk.redos, "DEFAULT_TIMEOUT", 0.3)
    monkeypatch.setattr(tagger, "tag", slow_tag)
    text = " ".join(f"Regulator number {i} summoned the firms on Thursday." for i in range(30))
    sents, toks = annotate_document("long", text)
    assert len(sents["sent_id"]) == 30
    assert_offsets_hold(text, toks, sents)


def test_import_loads_no_model() -> None:
    code = (
        "import sys, research_utils, research_utils.cli, research_utils.ingest, "
        "research_utils.annotate.tokens, research_utils.analyse, research_utils.pipeline; "
        "print('nltk' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO)
    assert done.stdout.strip() == "False"


def test_ascii_quotes_is_one_character_for_one() -> None:
    # offsets in the ASCII view the models read are offsets in the text
    assert ascii_quotes("“a” ‘b’ „c‟") == '"a" \'b\' "c"'
    assert set(tokens_module.QUOTE_FORMS) and all(
        len(chr(k)) == len(v) == 1 for k, v in tokens_module.QUOTE_FORMS.items()
    )
