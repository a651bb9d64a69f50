"""Bad input, one test per case, through the real command line.

Each test copies ``data/raw``, breaks one thing, refreshes the manifest (so the check
reaches the intended error; not in the checksum test) and runs
``research-utils prepare``. A user must see exit status 2, one message that names the
offending file (and line where there is one) and says how to fix it, and no output
folder.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import APPLE, RAW, TAIPEI, copy_raw, hash_tree

from research_utils.cli import main
from research_utils.ingest import write_manifest


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return copy_raw(tmp_path / "raw")


def run_prepare(raw: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    """Run ``prepare`` into a fresh output folder; return status, stderr and that folder."""
    out = raw.parent / "processed"
    status = main(["prepare", "--raw", str(raw), "--out", str(out)])
    return status, capsys.readouterr().err, out


def assert_refused(status: int, err: str, out: Path, path: Path, *needles: str) -> None:
    """Exit 2, one message naming ``path`` with a fix, and nothing written."""
    assert status == 2
    assert str(path) in err
    assert "fix:" in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    assert err.count("error:") == 1
    assert not out.exists(), f"output folder was written: {list(out.rglob('*'))}"


def rewrite_metadata(raw: Path, edit) -> None:
    """Apply ``edit`` to the metadata rows (list of dicts) and write them back, keeping columns."""
    path = raw / "metadata.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    fields, rows = edit(fields, rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def article(raw: Path, doc_id: str) -> Path:
    return raw / f"{doc_id}.txt"


def test_empty_file(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article(raw, APPLE).write_bytes(b"")
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(status, err, out, article(raw, APPLE), "empty", "put the article text in the file")


def test_bytes_that_are_not_utf8(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same article saved as Windows-1252, as a word processor on Windows would.
    path = article(raw, APPLE)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    # the first curly quote, around “deepfake”, is on line 1
    assert_refused(status, err, out, path, "line 1", "not UTF-8", "re-save the file as UTF-8")


def test_txt_file_without_metadata_row(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = raw / "005_new_article.txt"
    extra.write_text("Beijing summoned the firms again on Friday.\n", encoding="utf-8")
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(status, err, out, extra, "no row in metadata.csv", "add a row", "research-utils manifest")


def test_metadata_row_whose_file_is_missing(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article(raw, TAIPEI).unlink()
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    # the Taipei Times row is line 3 of metadata.csv (header, Apple Daily, Taipei Times)
    assert_refused(
        status,
        err,
        out,
        raw / "metadata.csv",
        "line 3",
        f"{TAIPEI}.txt",
        "not found",
        "add the article file, or delete this row",
    )


def test_duplicate_doc_id(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = raw / "005_new_article.txt"
    extra.write_text("Beijing summoned the firms again on Friday.\n", encoding="utf-8")

    def add_duplicate(fields: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
        return fields, [*rows, {**rows[0], "file": extra.name}]

    rewrite_metadata(raw, add_duplicate)
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(
        status,
        err,
        out,
        raw / "metadata.csv",
        "line 4",
        "duplicate doc_id",
        APPLE,
        "first on line 2",
        "give every document its own doc_id",
    )


def test_missing_required_column(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def drop_published(fields: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
        return [f for f in fields if f != "published"], rows

    rewrite_metadata(raw, drop_published)
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(
        status,
        err,
        out,
        raw / "metadata.csv",
        "line 1",
        "missing required column(s): published",
        "needs a header naming at least",
    )


def test_unparseable_date(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def day_first(fields: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
        return fields, [{**r, "published": "19/03/2021"} if r["doc_id"] == TAIPEI else r for r in rows]

    rewrite_metadata(raw, day_first)
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(
        status,
        err,
        out,
        raw / "metadata.csv",
        "line 3",
        "'19/03/2021'",
        "not a date in the expected form",
        "YYYY-MM-DD",
    )


def test_date_marker_disagrees_with_metadata(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = article(raw, TAIPEI)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(" date 2021-03-19 ")
    path.write_text(text.replace("2021-03-19", "2021-03-18", 1), encoding="utf-8")
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(
        status,
        err,
        out,
        path,
        "line 1",
        "2021-03-18 disagrees with published 2021-03-19",
        "correct whichever date is wrong",
    )


def test_checksum_mismatch(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An article edited after the manifest was written; the manifest is NOT refreshed.
    path = article(raw, APPLE)
    path.write_text(path.read_text(encoding="utf-8") + "An added sentence.\n", encoding="utf-8")
    status, err, out = run_prepare(raw, capsys)
    assert_refused(
        status, err, out, path, "checksum does not match SHA256SUMS line 1", "research-utils manifest"
    )


def test_binary_file(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # e.g. a .docx or PDF saved under the article's name
    path = article(raw, TAIPEI)
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml")
    write_manifest(raw)
    status, err, out = run_prepare(raw, capsys)
    assert_refused(status, err, out, path, "binary", "export the article as a UTF-8 .txt file")


def test_prepare_never_writes_to_the_raw_folder(tmp_path: Path) -> None:
    before = hash_tree(RAW)
    names_before = sorted(p.name for p in RAW.iterdir())
    assert main(["prepare", "--raw", str(RAW), "--out", str(tmp_path / "processed")]) == 0
    assert hash_tree(RAW) == before
    assert sorted(p.name for p in RAW.iterdir()) == names_before  # no temporary files either


def test_failed_run_leaves_previous_tables_untouched(
    raw: Path, prepared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a user re-runs prepare into a folder holding last run's tables, after breaking an article
    out = raw.parent / "processed"
    shutil.copytree(prepared, out)
    before = hash_tree(out)
    article(raw, APPLE).write_bytes(b"")
    write_manifest(raw)
    assert main(["prepare", "--raw", str(raw), "--out", str(out)]) == 2
    assert str(article(raw, APPLE)) in capsys.readouterr().err
    assert hash_tree(out) == before
