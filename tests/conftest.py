"""Shared fixtures: the repository's raw corpus, a writable copy, one prepared run and its
analysed tables, and small helpers (annotating hand-written texts, analysing a folder).

The suite never depends on the working directory (paths come from this file) and never
writes to the repository's ``data/``. NLTK data must be reachable (``NLTK_DATA``).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from research_utils import tables
from research_utils.analyse.stage import Instruments, read_instruments
from research_utils.annotate.tokens import annotate_document
from research_utils.cli import main
from research_utils.ingest import Corpus, read_corpus, write_manifest
from research_utils.pipeline import analyse

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
GOLD = REPO / "data" / "annotations" / "frames_gold.csv"
APPLE = "000_44f8c846a86f8c59"  # Apple Daily
TAIPEI = "004_6d79e3dbd9b3d03d"  # Taipei Times
TABLES = ("documents", "sentences", "tokens", "glosses")


def annotate_documents(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``sentences`` and ``tokens`` tables of a documents table (columns ``doc_id``, ``text``):
    each document's rows from ``annotate_document``, in document order."""
    parts = [annotate_document(d, t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)]

    def concat(table: str, rows: list[dict[str, list]]) -> pd.DataFrame:
        if not rows:
            return tables.empty_table(table)
        return tables.as_table(table, {c: [v for row in rows for v in row[c]] for c in tables.columns(table)})

    return concat("sentences", [s for s, _ in parts]), concat("tokens", [t for _, t in parts])


def study_instruments() -> Instruments:
    """The packaged instruments with the study's reference frame coding (``data/annotations``)."""
    return read_instruments(reference_coding=GOLD)


def analyse_folder(processed: Path, out: Path | None = None, *, reference: bool = False) -> Path:
    """Run the analyse stage on a processed folder into ``out`` (default: beside it, ``analysed``).

    ``reference`` validates the frames against the study's reference coding (only for the
    study's corpus); otherwise the packaged instruments without a reference coding are used,
    whatever the working directory.
    """
    out = out if out is not None else processed.parent / "analysed"
    instruments = study_instruments() if reference else read_instruments()
    analyse(processed, out, instruments=instruments)
    return out


def copy_raw(dest: Path) -> Path:
    """A writable copy of ``data/raw`` at ``dest`` (the originals are read-only)."""
    shutil.copytree(RAW, dest, copy_function=shutil.copyfile)
    return dest


def hash_tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path (new or changed files show)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def raw_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide copy of ``data/raw``; tests that modify a corpus make their own."""
    return copy_raw(tmp_path_factory.mktemp("corpus") / "raw")


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The repository's corpus, loaded once (loading only reads)."""
    return read_corpus(RAW)


@pytest.fixture(scope="session")
def prepared(raw_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of one ``research-utils prepare`` run over the corpus copy."""
    out = tmp_path_factory.mktemp("prepared") / "processed"
    status = main(["prepare", "--raw", str(raw_copy), "--out", str(out)])
    assert status == 0
    return out


@pytest.fixture(scope="session")
def processed(prepared: Path) -> dict[str, pd.DataFrame]:
    """The four processed tables of the prepared run, read with their declared types."""
    return {name: tables.read_table(name, prepared) for name in TABLES}


@pytest.fixture(scope="session")
def analysed(prepared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysed folder of the prepared run (``pipeline.analyse``, with the reference coding)."""
    return analyse_folder(prepared, tmp_path_factory.mktemp("analysed") / "analysed", reference=True)


# A small corpus of three outlets (two articles each) in the documented folder format.
ARTICLES = {
    ("wire_1", "Global Wire", "2021-03-18"): (
        "China's internet regulator summoned Tencent, Alibaba and ByteDance on Thursday over "
        "“deepfake” technology. The Cyberspace Administration of China said the firms must carry "
        "out safety assessments. “Companies should fulfil their responsibilities,” the agency said."
    ),
    ("wire_2", "Global Wire", "2021-03-19"): (
        "Shares in Kuaishou fell after the summons. Analysts said regulators were tightening control "
        "of audio apps such as Clubhouse, which was blocked in February."
    ),
    ("daily_1", "Harbour Daily", "2021-03-19"): (
        "Authorities said new audio platforms could threaten national security and social order. "
        "Political scientist Wu Qiang said the party wanted to control public discourse before its "
        "centenary. Deepfakes can replace a person's face with someone else's likeness."
    ),
    ("daily_2", "Harbour Daily", "2021-03-20"): (
        "Xiaomi and NetEase Cloud Music were also named. The watchdog warned that inspections would increase."
    ),
    ("biz_1", "Business Times", "2021-03-19"): (
        "Regulators fined 12 companies last week for flouting monopoly rules. The summons adds to "
        "pressure on the tech sector after the halted initial public offering of Ant Group."
    ),
    ("biz_2", "Business Times", "2021-03-21"): (
        "“Fake news” rules ban streaming providers from using artificial intelligence to produce "
        "misleading videos, the regulation says."
    ),
}


def write_corpus(folder: Path) -> Path:
    """A valid three-outlet corpus folder in the documented format."""
    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["doc_id", "file", "outlet", "country", "published", "section", "url", "language", "notes"]
        )
        for (doc_id, outlet, published), text in ARTICLES.items():
            (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow(
                [doc_id, f"{doc_id}.txt", outlet, "", published, "news", "", "en", "test article"]
            )
    write_manifest(folder)
    return folder


# --- Brown corpus samples for the scale tests (NLTK data): categories as outlets ---


def write_brown_corpus(
    folder: Path,
    categories: tuple[str, ...] | None = None,
    files_per_category: int = 2,
    max_sentences: int | None = None,
) -> Path:
    """A corpus folder of Brown files: one document per file (its words joined with
    spaces, its first ``max_sentences`` sentences), the category as the outlet."""
    from nltk.corpus import brown

    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["doc_id", "file", "outlet", "country", "published", "section", "url", "language", "notes"]
        )
        for category in categories or tuple(brown.categories()):
            for fileid in brown.fileids(categories=category)[:files_per_category]:
                sentences = brown.sents(fileid)[:max_sentences]
                text = " ".join(" ".join(sentence) for sentence in sentences)
                (folder / f"{fileid}.txt").write_text(text + "\n", encoding="utf-8")
                writer.writerow(
                    [fileid, f"{fileid}.txt", category, "United States", "1961-01-01", category, "", "en", ""]
                )
    write_manifest(folder)
    return folder


@pytest.fixture(scope="session")
def brown_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve Brown files of four categories (about 25,000 tokens), as a corpus folder."""
    return write_brown_corpus(
        tmp_path_factory.mktemp("brown") / "raw", ("news", "editorial", "reviews", "hobbies"), 3, 60
    )
