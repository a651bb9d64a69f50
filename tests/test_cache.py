"""The annotation cache: a rerun tokenises only what changed, and writes nothing if nothing did.

Tokenising is counted by wrapping ``research_utils.annotate.tokens.annotate_document`` (the corpora
here are small, so it runs in the test's process). Every run's tables are compared with
those of a run from an empty cache, byte for byte.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import APPLE, TABLES, TAIPEI, copy_raw, hash_tree

from research_utils import tables
from research_utils.annotate import cache, tokens
from research_utils.cli import main
from research_utils.ingest import write_manifest
from research_utils.pipeline import prepare
from research_utils.schemas import METADATA_COLUMNS


def table_files(out: Path) -> dict[str, str]:
    """The table files' digests (hidden files, the cache and the lock, left out)."""
    return {name: digest for name, digest in hash_tree(out).items() if not name.startswith(".")}


def fresh_tables(raw: Path, out: Path) -> dict[str, str]:
    """The tables of a run with no cache at all."""
    shutil.rmtree(out, ignore_errors=True)
    prepare(raw, out)
    return table_files(out)


def add_article(raw: Path, doc_id: str, text: str) -> None:
    (raw / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    with open(raw / "metadata.csv", "a", encoding="utf-8", newline="") as fh:
        row = {c: "" for c in METADATA_COLUMNS} | {
            "doc_id": doc_id,
            "file": f"{doc_id}.txt",
            "outlet": "Example News",
            "published": "2021-03-20",
        }
        csv.DictWriter(fh, fieldnames=list(METADATA_COLUMNS), lineterminator="\n").writerow(row)
    write_manifest(raw)


def test_rerun_with_nothing_changed_tokenises_and_writes_nothing(
    tmp_path: Path, tokenised: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    first = prepare(raw, out)
    assert tokenised == [APPLE, TAIPEI]
    stamps = {name: path.stat().st_mtime_ns for name, path in first.items()}
    assert main(["prepare", "--raw", str(raw), "--out", str(out)]) == 0
    assert tokenised == [APPLE, TAIPEI]  # nothing tokenised again
    assert {name: path.stat().st_mtime_ns for name, path in first.items()} == stamps  # nor rewritten
    printed = capsys.readouterr().out
    assert "no table rewritten" in printed and f"up to date {first['tokens']}" in printed


def test_adding_an_article_tokenises_that_article_only(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    add_article(raw, "005_new", "Regulators met the firms again on Friday. They said little.")
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == ["005_new"]
    assert table_files(out) == fresh_tables(raw, tmp_path / "fresh")


def test_editing_an_article_tokenises_that_article_only(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    path = raw / f"{APPLE}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    write_manifest(raw)
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == [APPLE]
    assert table_files(out) == fresh_tables(raw, tmp_path / "fresh")


def test_changed_metadata_rewrites_the_tables_without_tokenising(
    tmp_path: Path, tokenised: list[str]
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    meta = raw / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("Business", "Economy"), encoding="utf-8")
    write_manifest(raw)
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == []
    assert "Economy" in set(tables.read_table("documents", out)["section"])


def test_changed_settings_tokenise_everything_again(
    tmp_path: Path, tokenised: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    real = cache.annotation_settings
    monkeypatch.setattr(cache, "annotation_settings", lambda: {**real(), "nltk": "another version"})
    monkeypatch.setattr(
        "research_utils.pipeline.prepare_tables.annotation_settings", cache.annotation_settings
    )
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == [APPLE, TAIPEI]


def test_settings_name_the_code_nltk_and_every_model() -> None:
    settings = cache.annotation_settings()
    assert set(settings["models"]) == set(cache.ANNOTATION_RESOURCES)
    assert all(len(d) == 64 for d in settings["models"].values())
    assert set(settings["code"]) == {"annotate.tokens", "annotate.models", "annotate.fast_models"}
    assert settings["nltk"] and settings["unicode"]


def test_a_changed_or_deleted_table_is_rewritten_from_the_cache(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    paths = prepare(raw, out)
    expected = table_files(out)
    paths["tokens"].write_text("edited by hand\n", encoding="utf-8")
    paths["glosses"].unlink()
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == []
    assert table_files(out) == expected


def test_removed_documents_leave_the_cache(tmp_path: Path) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    add_article(raw, "005_new", "A short article about regulators.")
    prepare(raw, out)
    with cache.AnnotationStore(out / cache.CACHE_DIR) as store:
        assert len(store.keys()) == 3
    (raw / "005_new.txt").unlink()
    meta = raw / "metadata.csv"
    meta.write_text("".join(meta.read_text(encoding="utf-8").splitlines(True)[:-1]), encoding="utf-8")
    write_manifest(raw)
    prepare(raw, out)
    with cache.AnnotationStore(out / cache.CACHE_DIR) as store:
        assert len(store.keys()) == 2
    assert "005_new" not in set(tables.read_table("documents", out)["doc_id"])


def test_clearing_the_cache_gives_the_same_tables(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    expected = table_files(out)
    shutil.rmtree(out / cache.CACHE_DIR)
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == [APPLE, TAIPEI]
    assert table_files(out) == expected
    assert sorted(table_files(out)) == sorted(f"{name}.csv" for name in TABLES)


def test_an_unreadable_cache_is_rebuilt_and_said_once(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    expected = table_files(out)
    (out / cache.CACHE_DIR / cache.STATE_FILE).unlink()
    (out / cache.CACHE_DIR / cache.STORE_FILE).write_bytes(b"not a database" * 100)
    del tokenised[:]
    said: list[str] = []
    prepare(raw, out, log=said.append)
    assert [line for line in said if "could not be read" in line and "rebuilt" in line] != []
    assert tokenised == [APPLE, TAIPEI]
    assert table_files(out) == expected


def test_a_failed_run_keeps_what_was_tokenised(
    tmp_path: Path, tokenised: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    real = tokens.annotate_document  # counts into `tokenised`

    def fails_on_taipei(doc_id: str, text: str):
        if doc_id == TAIPEI:
            raise RuntimeError("worker lost")
        return real(doc_id, text)

    monkeypatch.setattr(tokens, "annotate_document", fails_on_taipei)
    monkeypatch.setattr("research_utils.annotate.engines.BATCH_CHARACTERS", 1)  # one document per batch
    with pytest.raises(RuntimeError):
        prepare(raw, out)
    assert table_files(out) == {}  # no table was written
    monkeypatch.setattr(tokens, "annotate_document", real)  # the counting one
    del tokenised[:]
    prepare(raw, out)
    assert tokenised == [TAIPEI]  # Apple Daily came from the cache
