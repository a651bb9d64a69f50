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
from research_utils.pipeline import analyse, study_settings
from research_utils.pipeline import study_instruments as pipeline_instruments
from research_utils.study import read_study

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
GOLD = REPO / "data" / "annotations" / "frames_gold.csv"
#: The study's own instruments (the project's study folder is the repository).
INSTRUMENTS = REPO / "instruments"
TERMS_MAP = INSTRUMENTS / "terms.csv"
CODEBOOK = INSTRUMENTS / "codebook.yaml"
ACTORS = INSTRUMENTS / "actors.csv"
REPORTING_VERBS = INSTRUMENTS / "reporting_verbs.csv"
APPLE = "000_44f8c846a86f8c59"  # Apple Daily
TAIPEI = "004_6d79e3dbd9b3d03d"  # Taipei Times
TABLES = ("documents", "sentences", "tokens", "glosses", "filtered_lines", "duplicates")


def annotate_documents(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``sentences`` and ``tokens`` tables of a documents table (columns ``doc_id``, ``text``):
    each document's rows from ``annotate_document``, in document order."""
    parts = [annotate_document(d, t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)]

    def concat(table: str, rows: list[dict[str, list]]) -> pd.DataFrame:
        if not rows:
            return tables.empty_table(table)
        return tables.as_table(table, {c: [v for row in rows for v in row[c]] for c in tables.columns(table)})

    return concat("sentences", [s for s, _ in parts]), concat("tokens", [t for _, t in parts])


def study_instruments(*, reference: bool = True) -> Instruments:
    """The study's instruments, with its reference frame coding (``data/annotations``) or without."""
    return read_instruments(
        terms_map=TERMS_MAP,
        codebook=CODEBOOK,
        actors=ACTORS,
        reporting_verbs=REPORTING_VERBS,
        reference_coding=GOLD if reference else None,
    )


def analyse_folder(processed: Path, out: Path | None = None, *, reference: bool = False) -> Path:
    """Run the analyse stage on a processed folder into ``out`` (default: beside it, ``analysed``).

    ``reference``: the project's study exactly as its study file says (instruments, reference
    coding and hand lists, settings; only for the study's corpus); otherwise the study's
    instruments without annotations and the default settings, whatever the working directory.
    """
    out = out if out is not None else processed.parent / "analysed"
    if reference:  # exactly as the study file says: its instruments, annotations and settings
        study = read_study(REPO / "study.yaml")
        analyse(processed, out, instruments=pipeline_instruments(study), settings=study_settings(study))
    else:
        analyse(processed, out, instruments=study_instruments(reference=False))
    return out


def copy_raw(dest: Path) -> Path:
    """A writable copy of ``data/raw`` at ``dest`` (the originals are read-only)."""
    shutil.copytree(RAW, dest, copy_function=shutil.copyfile)
    return dest


def hash_tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path (new or changed files show),
    but for output folders' lock files (they name the process that last held them)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
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


# Another topic than the study's (a city council closing a hospital's night clinic), three
# outlets: for the instruments suggested from the data (tests/test_suggest.py, test_coverage.py).
HOSPITAL_ARTICLES = {
    ("herald_1", "Northfield Herald"): (
        "Northfield City Council voted on Tuesday to close the night clinic at Riverside General Hospital. "
        "Mayor Helen Carter said the decision was painful but necessary. Carter added that the waiting list "
        "had doubled in a year. The Ministry of Health (MOH) will review the plan, according to a statement. "
        "Dr Omar Haddad, a surgeon at the hospital, said patients would have to travel further. "
        "Haddad warned that emergency care would suffer."
    ),
    ("herald_2", "Northfield Herald"): (
        "Nurses at Riverside General Hospital staged a protest on Friday. The Health Ministry said it would "
        "send inspectors. Professor Lena Park of Eastbrook University said the closure would lengthen the "
        "waiting list. Park said the council had ignored the evidence. Health Minister Tom Reyes promised "
        "more money for emergency care, but Reyes gave no figures."
    ),
    ("courier_1", "Valley Courier"): (
        "The city council's decision angered residents. Councillor Maria Lopez said the vote was rushed. "
        "Lopez said the council should have consulted the Northfield Patients Association first. "
        "Meridian Care Ltd, which runs the night clinic under contract, declined to comment. "
        "Waiting lists at Riverside General Hospital are the longest in the region."
    ),
    ("courier_2", "Valley Courier"): (
        "Meridian Care Ltd said its staff would move to other sites. A spokesperson for Meridian Care said "
        "no jobs would be lost and the night-clinic contract would end in May. Mayor Helen Carter met union "
        "leaders on Monday. The Ministry of Health said the review would take six weeks."
    ),
    ("wire_1", "Metro Wire"): (
        "Northfield City Council will hold an emergency meeting next week, a council spokesperson said. "
        "The council voted 7-4 to close the night clinic. Ministry of Health officials are reviewing the "
        "plan. Analyst Ben Osei of Harbour Economics said the savings were small. Osei said the hospital "
        "budget had been cut twice."
    ),
    ("wire_2", "Metro Wire"): (
        "Meridian Care Ltd shares fell 3 percent on Thursday. Helen Carter, the mayor, said she would meet "
        "hospital staff. She said the waiting list would not grow. Eastbrook University researchers "
        "published a study of emergency care last year."
    ),
}


@pytest.fixture
def tokenised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The doc_ids the tokeniser is called for from now on, in order (in this process)."""
    from research_utils.annotate import tokens

    seen: list[str] = []
    real = tokens.annotate_document

    def counting(doc_id: str, text: str):
        seen.append(doc_id)
        return real(doc_id, text)

    monkeypatch.setattr(tokens, "annotate_document", counting)
    return seen
