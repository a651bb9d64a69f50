"""The ``research-utils`` commands as a user runs them: manifest, adding an article, prepare, analyse."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import RAW, REPO, TABLES, copy_raw, hash_tree

from research_utils import tables
from research_utils.analyse.stage import OUTPUT_TABLES
from research_utils.cli import main
from research_utils.errors import InputError
from research_utils.ingest import read_corpus
from research_utils.outputs import LOCK_FILE
from research_utils.schemas import METADATA_COLUMNS

NEW_ID = "005_example_article"
NEW_TEXT = (
    "Regulators in Beijing met the companies again on Friday.\n"
    "The firms said they would comply with the “security assessment” rules.\n"
)


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    return subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )


def add_article(raw: Path) -> None:
    """Step 1 and 2 of adding an article: drop the .txt in, add its metadata row."""
    (raw / f"{NEW_ID}.txt").write_text(NEW_TEXT, encoding="utf-8")
    row = {
        "doc_id": NEW_ID,
        "file": f"{NEW_ID}.txt",
        "outlet": "Example News",
        "country": "Nowhere",
        "published": "2021-03-20",
        "section": "tech",
        "url": "",
        "language": "en",
        "notes": "made up for a test, with a comma",
    }
    with open(raw / "metadata.csv", "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(METADATA_COLUMNS), lineterminator="\n").writerow(row)


def test_committed_manifest_is_current() -> None:
    result = sha256sum_check(RAW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_writes_what_sha256sum_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = copy_raw(tmp_path / "raw")
    (raw / "SHA256SUMS").unlink()
    assert main(["manifest", "--raw", str(raw)]) == 0
    assert str(raw / "SHA256SUMS") in capsys.readouterr().out
    result = sha256sum_check(raw)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = sorted(line.rsplit(": ", 1)[0] for line in result.stdout.splitlines())
    assert checked == sorted(p.name for p in RAW.iterdir() if p.name != "SHA256SUMS")
    assert (raw / "SHA256SUMS").read_bytes() == (RAW / "SHA256SUMS").read_bytes()
    # and sha256sum -c does fail on a changed file, so the check above means something
    with open(raw / "metadata.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert sha256sum_check(raw).returncode != 0


def test_adding_an_article_workflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = copy_raw(tmp_path / "raw")
    add_article(raw)
    # before the manifest is updated the corpus is refused, and the message says what to run
    with pytest.raises(InputError, match="research-utils manifest"):
        read_corpus(raw)
    assert main(["manifest", "--raw", str(raw)]) == 0  # step 3
    assert sha256sum_check(raw).returncode == 0
    corpus = read_corpus(raw)
    docs = corpus.documents.set_index("doc_id")
    assert len(docs) == 3 and list(docs.index) == sorted(docs.index)
    assert docs.loc[NEW_ID, "text"] == NEW_TEXT.strip()
    assert docs.loc[NEW_ID, "outlet"] == "Example News"
    out = tmp_path / "processed"
    assert main(["prepare", "--raw", str(raw), "--out", str(out)]) == 0
    documents = tables.read_table("documents", out).set_index("doc_id")
    assert documents.loc[NEW_ID, "n_sentences"] == 2
    toks = tables.read_table("tokens", out)
    assert "“" in set(toks.loc[toks["doc_id"] == NEW_ID, "token"])


def test_prepare_defaults_write_the_declared_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prepared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # run from a project folder of our own, with the default --raw data/raw and --out data/processed
    copy_raw(tmp_path / "data" / "raw")
    monkeypatch.chdir(tmp_path)
    assert main(["prepare"]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "data" / "processed"
    tables_written = sorted(
        p.name for p in out.iterdir() if not p.name.startswith(".")
    )  # hidden: the cache and the lock
    assert tables_written == sorted(f"{name}.csv" for name in TABLES)
    for name in TABLES:
        path = tables.path_of(name, out)
        assert str(tables.path_of(name, Path("data/processed"))) in printed
        with open(path, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == tables.columns(name), name
        frame = tables.read_table(name, out)
        assert list(frame.columns) == tables.columns(name)
        assert len(frame) > 0 or name in ("filtered_lines", "duplicates")  # no web noise, no copies
        assert path.read_bytes() == tables.path_of(name, prepared).read_bytes(), name


def test_analyse_writes_every_analysed_table_to_its_own_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prepared: Path,
    analysed: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(REPO)  # so the default reference coding is the study's, data/annotations
    processed = tmp_path / "processed"
    shutil.copytree(prepared, processed)
    before = hash_tree(processed)
    out = tmp_path / "analysed"
    assert main(["analyse", "--processed", str(processed), "--out", str(out)]) == 0
    assert hash_tree(processed) == before  # the processed folder is only read
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK_FILE) == sorted(
        f"{name}.csv" for name in OUTPUT_TABLES
    )
    printed = capsys.readouterr().out
    for name in OUTPUT_TABLES:
        assert str(tables.path_of(name, out)) in printed
        assert list(tables.read_table(name, out).columns) == tables.columns(name)
        assert tables.path_of(name, out).read_bytes() == tables.path_of(name, analysed).read_bytes(), name
