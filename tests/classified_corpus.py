"""A coded corpus made for the tests and the benchmark, not tuned to the study: Brown files of
a few categories, the category as the frame every sentence of the file carries (a coding
anyone can reproduce), two outlets taking the files in turn, and a small dictionary
codebook written from the category names before any result was seen."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from research_utils.cli import main
from research_utils.ingest import write_manifest
from research_utils.tables import read_table

#: The frames: Brown categories (every sentence of a file of the category carries it).
FRAMES = ("religion", "government", "hobbies")
#: A frame with too few coded sentences for a model (one short file).
RARE = "humor"
OUTLETS = ("North Post", "South Post")
#: The test's dictionary: a few obvious words per category, written without looking at results.
DICTIONARY = {
    "religion": ["god", "church", "faith", "christ", "religious", "spiritual"],
    "government": ["government", "federal", "tax", "law", "program", "department"],
    "hobbies": ["hobby", "build", "paint", "garden", "boat", "camera"],
    "humor": ["laugh", "joke", "funny"],
}
#: The study's own lexicon: none of it may show in another corpus's results.
STUDY_WORDS = ("deepfake", "clubhouse", "cyberspace", "summons", "tencent", "bytedance", "security_order")


def write_coded_corpus(
    folder: Path, *, files: int = 6, sentences: int = 30, rare_sentences: int = 12
) -> Path:
    """The corpus folder: ``files`` Brown files per frame category (first ``sentences``
    sentences each), one file of :data:`RARE` (``rare_sentences``), outlets in turn."""
    from nltk.corpus import brown

    folder.mkdir(parents=True)
    chosen = [(c, f, sentences) for c in FRAMES for f in brown.fileids(categories=c)[:files]]
    chosen.append((RARE, brown.fileids(categories=RARE)[0], rare_sentences))
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["doc_id", "file", "outlet", "country", "published", "section", "url", "language", "notes"]
        )
        for number, (category, fileid, n) in enumerate(chosen):
            text = " ".join(" ".join(s) for s in brown.sents(fileid)[:n])
            (folder / f"{fileid}.txt").write_text(text + "\n", encoding="utf-8")
            outlet = OUTLETS[number % len(OUTLETS)]
            writer.writerow([fileid, f"{fileid}.txt", outlet, "", "1961-01-01", category, "", "en", ""])
    write_manifest(folder)
    return folder


def write_codebook(path: Path) -> Path:
    """The test's dictionary as a codebook file."""
    frames = [
        {
            "id": frame,
            "label": frame.title(),
            "definition": f"The sentence comes from a Brown corpus text of the category {frame}.",
            "literature": "Francis & Kucera (1979), Brown Corpus Manual.",
            "indicators": {"lemmas": words},
        }
        for frame, words in DICTIONARY.items()
    ]
    path.write_text(yaml.safe_dump({"name": "brown-categories", "version": 1, "frames": frames}), "utf-8")
    return path


def write_category_coding(study: Path, path: Path) -> Path:
    """Every prepared sentence coded with its document's category (the ``section`` column)."""
    processed = study / "data" / "processed"
    documents = read_table("documents", processed)
    section = dict(zip(documents["doc_id"].astype(str), documents["section"].astype(str), strict=True))
    sentences = read_table("sentences", processed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["doc_id", "sent_id", "frames", "note"])
        for doc_id, sent_id in zip(sentences["doc_id"].astype(str), sentences["sent_id"], strict=True):
            writer.writerow([doc_id, int(sent_id), section[doc_id], "Brown category of the file"])
    return path


def make_coded_study(root: Path, *, classifier: dict | None = None, **corpus: int) -> Path:
    """A prepared study folder of the coded corpus, with the test codebook, the category
    coding as reference and ``classifier`` as the study file's ``classifier:`` section."""
    corpus_folder = write_coded_corpus(root / "raw", **corpus)
    study = root / "study"
    assert main(["init", str(study), "--corpus", str(corpus_folder), "--title", "Brown categories"]) == 0
    assert main(["prepare", "--study", str(study), "--quiet", "--jobs", "1"]) == 0
    write_codebook(study / "instruments" / "codebook.yaml")
    (study / "data" / "annotations").mkdir(parents=True, exist_ok=True)
    write_category_coding(study, study / "data" / "annotations" / "categories.csv")
    spec = yaml.safe_load((study / "study.yaml").read_text(encoding="utf-8"))
    spec["annotations"] = {"frames": "data/annotations/categories.csv"}
    spec["classifier"] = classifier if classifier is not None else {"use": True}
    (study / "study.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return study
