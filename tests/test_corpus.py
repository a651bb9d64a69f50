"""Loading the corpus: the text the tokenizer reads is the article, faithfully cleaned."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import APPLE, RAW, TAIPEI, copy_raw

from research_utils.ingest import DOCUMENT_COLUMNS, Corpus, read_corpus, write_manifest

# The Taipei Times article's Chinese glosses, read off the article: (English name, Chinese name).
EXPECTED_GLOSSES = [
    ("Tencent Holdings Ltd", "騰訊"),
    ("Alibaba Group Holding Ltd", "阿里巴巴"),
    ("ByteDance Ltd", "字節跳動"),
    ("Ant Group Co", "螞蟻集團"),
    ("Jack Ma", "馬雲"),
    ("Xiaomi Corp", "小米"),
    ("Kuaishou Technology", "快手"),
    ("NetEase Cloud Music", "網易雲音樂"),
    ("Xi Jinping", "習近平"),
]


def is_cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK")


def doc(corpus: Corpus, doc_id: str) -> pd.Series:
    return corpus.documents.set_index("doc_id").loc[doc_id]


def test_one_row_per_document_with_metadata_and_texts(corpus: Corpus) -> None:
    docs = corpus.documents
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    assert list(docs["doc_id"]) == [APPLE, TAIPEI]
    assert list(docs["outlet"]) == ["Apple Daily", "Taipei Times"]
    assert list(docs["published"]) == ["2021-03-19", "2021-03-19"]
    for row in docs.itertuples():
        assert row.raw_text == (RAW / row.file).read_text(encoding="utf-8")


def test_taipei_times_date_marker_removed(corpus: Corpus) -> None:
    taipei = doc(corpus, TAIPEI)
    assert taipei["raw_text"].startswith(" date 2021-03-19 ")
    assert taipei["text"].startswith("Chinese authorities yesterday said")
    assert " date " not in taipei["text"]
    assert "2021-03-19" not in taipei["text"]


def test_no_cjk_characters_in_any_text(corpus: Corpus) -> None:
    assert any(is_cjk(ch) for ch in doc(corpus, TAIPEI)["raw_text"])  # the test can fail
    for text in corpus.documents["text"]:
        assert [ch for ch in text if is_cjk(ch)] == []
        assert "()" not in text and "( )" not in text


def test_glosses_table(corpus: Corpus) -> None:
    glosses = corpus.glosses
    assert list(glosses.columns) == ["doc_id", "english", "chinese", "start", "end"]
    assert set(glosses["doc_id"]) == {TAIPEI}
    assert list(zip(glosses["english"], glosses["chinese"], strict=True)) == EXPECTED_GLOSSES
    text = doc(corpus, TAIPEI)["text"]
    for row in glosses.itertuples():
        assert text[row.start : row.end] == row.english
    assert list(glosses["start"]) == sorted(glosses["start"])


def test_gloss_removal_keeps_the_surrounding_text(corpus: Corpus) -> None:
    text = doc(corpus, TAIPEI)["text"]
    names = "Tencent Holdings Ltd, Alibaba Group Holding Ltd and TikTok owner ByteDance Ltd, for talks"
    assert f"including {names}" in text
    assert "Chinese President Xi Jinping on Monday warned" in text


def test_curly_quotes_and_apostrophes_survive(corpus: Corpus) -> None:
    apple = doc(corpus, APPLE)["text"]
    taipei = doc(corpus, TAIPEI)["text"]
    assert "“deepfake”" in apple
    assert "country’s cybersecurity laws" in apple
    assert "“deep fakes”" in taipei
    assert "the country’s digital sector" in taipei
    for row in corpus.documents.itertuples():
        for mark in "“”‘’":
            assert row.text.count(mark) == row.raw_text.count(mark), mark
        assert '"' not in row.text  # not turned into straight quotes


def test_apple_daily_trailing_blank_line_stripped(corpus: Corpus) -> None:
    apple = doc(corpus, APPLE)
    assert apple["raw_text"].endswith("extremely real.\n\n")
    assert apple["text"].endswith("extremely real.")
    for text in corpus.documents["text"]:
        assert text == text.strip()


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path / "raw")
    path = raw / f"{APPLE}.txt"
    decomposed = "Officials met at a cafe\u0301 in Beijing.\n"  # e + combining acute accent
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n" + decomposed, encoding="utf-8")
    write_manifest(raw)
    apple = doc(read_corpus(raw), APPLE)
    assert "cafe\u0301" in apple["raw_text"]  # raw_text is as received
    assert "caf\u00e9 in Beijing." in apple["text"]
    assert "\u0301" not in apple["text"]
    assert apple["text"] == unicodedata.normalize("NFC", apple["text"])


def test_documents_sorted_by_doc_id_whatever_the_metadata_order(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path / "raw")
    meta = raw / "metadata.csv"
    header, *lines = meta.read_text(encoding="utf-8").splitlines()
    assert [r[0] for r in csv.reader(lines)] == [APPLE, TAIPEI]
    meta.write_text("\n".join([header, *reversed(lines)]) + "\n", encoding="utf-8")  # Taipei first
    write_manifest(raw)
    corpus = read_corpus(raw)
    assert list(corpus.documents["doc_id"]) == sorted([APPLE, TAIPEI])
    assert list(corpus.documents.index) == [0, 1]


@pytest.mark.parametrize("column", ["doc_id", "outlet", "published"])
def test_metadata_values_are_kept_as_written(corpus: Corpus, column: str) -> None:
    with open(RAW / "metadata.csv", encoding="utf-8", newline="") as fh:
        written = sorted((r["doc_id"], r[column]) for r in csv.DictReader(fh))
    assert list(zip(corpus.documents["doc_id"], corpus.documents[column], strict=True)) == written
