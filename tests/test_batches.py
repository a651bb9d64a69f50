"""The analyse stage gives the same tables, byte for byte, however the documents are batched
and wherever the batches run: in this process, in worker processes, or on a Dask cluster.

The study is a Brown corpus (four categories as outlets) with instruments adopted from its
own data, so every table has rows: actors, quotes, frames, terms, joins, collocations.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import hash_tree, write_brown_corpus
from test_own_study import OUTLETS, _keep

from research_utils.analyse.stage import INPUT_TABLES, OUTPUT_TABLES, analyse_corpus, split_batches
from research_utils.cli import main
from research_utils.pipeline.analyse_tables import (
    document_batches,
    read_batches,
    study_instruments,
    study_settings,
)
from research_utils.study import read_study
from research_utils.tables import read_table, write_tables


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batches")
    corpus = write_brown_corpus(root / "brown", OUTLETS, 3, 40)
    folder = root / "study"
    assert main(["init", str(folder), "--corpus", str(corpus), "--title", "Batches"]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet", "--jobs", "1"]) == 0
    for kind, when in (("actors", "type"), ("terms", "term")):
        assert main(["suggest", kind, "--study", str(folder), "--quiet"]) == 0
        assert _keep(folder / "suggestions" / f"{kind}.csv", n=15, when=when) > 0
        assert main(["adopt", kind, str(folder / "suggestions" / f"{kind}.csv"), "--study", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def whole(study: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The analysed tables of the whole corpus at once, in this process."""
    spec = read_study(study / "study.yaml")
    tables = {name: read_table(name, spec.processed) for name in INPUT_TABLES}
    out = analyse_corpus(tables, study_instruments(spec), settings=study_settings(spec))
    folder = tmp_path_factory.mktemp("whole")
    write_tables(out, folder)
    return hash_tree(folder)


def _analysed(study: Path, out: Path, *options: str) -> dict[str, str]:
    assert main(["analyse", "--study", str(study), "--out", str(out), "--quiet", *options]) == 0
    return hash_tree(out)


def test_every_table_has_rows_so_the_comparisons_mean_something(study: Path, tmp_path: Path) -> None:
    _analysed(study, tmp_path / "out", "--jobs", "1")
    empty = [n for n in OUTPUT_TABLES if read_table(n, tmp_path / "out").empty and "validation" not in n]
    # no reference coding (so no classifier either), no event
    assert set(empty) <= {"frame_agreement", "event_window", "classifier_models", "sentence_frame_scores"}


def test_batches_of_one_document_give_the_tables_of_the_whole_corpus(
    study: Path, whole: dict[str, str], tmp_path: Path
) -> None:
    spec = read_study(study / "study.yaml")
    tables = {name: read_table(name, spec.processed) for name in INPUT_TABLES}
    batches = list(split_batches(tables, max_tokens=1))
    assert len(batches) == len(tables["documents"])  # one document each
    out = analyse_corpus(tables, study_instruments(spec), settings=study_settings(spec), max_tokens=1)
    write_tables(out, tmp_path)
    assert hash_tree(tmp_path) == whole


def test_tables_read_piece_by_piece_are_the_tables_read_whole(study: Path) -> None:
    spec = read_study(study / "study.yaml")
    documents = read_table("documents", spec.processed)
    batches = list(read_batches(spec.processed, documents, max_tokens=3_000))
    assert len(batches) == len(document_batches(documents, max_tokens=3_000)) > 3
    for name in INPUT_TABLES:
        pieces = pd.concat([b[name] for b in batches], ignore_index=True)
        pd.testing.assert_frame_equal(pieces, read_table(name, spec.processed))
    for batch in batches:  # each batch holds whole documents, the same in every table
        ids = set(batch["documents"]["doc_id"])
        assert set(batch["tokens"]["doc_id"]) == ids == set(batch["sentences"]["doc_id"])


@pytest.mark.parametrize("held", [0, 1_000], ids=["read-per-pass", "held-in-memory"])
def test_the_command_gives_the_same_bytes_with_one_or_two_worker_processes(
    study: Path, whole: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    import research_utils.pipeline.analyse_tables as stage

    monkeypatch.setattr(stage, "BATCH_TOKENS", 4_000)  # several batches, finishing out of order
    monkeypatch.setattr(stage, "HELD_BATCHES", held)  # read again for the second pass, or held
    assert _analysed(study, tmp_path / "one", "--jobs", "1") == whole
    assert _analysed(study, tmp_path / "two", "--jobs", "2") == whole


def test_dask_on_a_two_worker_cluster_gives_the_same_bytes(
    study: Path, whole: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    import research_utils.pipeline.analyse_tables as stage

    monkeypatch.setattr(stage, "BATCH_TOKENS", 4_000)
    assert _analysed(study, tmp_path / "dask", "--engine", "dask", "--jobs", "2") == whole


def test_a_study_can_count_each_group_of_near_duplicates_once(tmp_path: Path) -> None:
    import csv

    from research_utils.ingest import write_manifest

    corpus = write_brown_corpus(tmp_path / "brown", ("news", "editorial"), 3, 40)
    source = "ca01"
    text = (corpus / f"{source}.txt").read_text(encoding="utf-8")
    (corpus / "wire.txt").write_text("Reprinted from the wire. " + text, encoding="utf-8")
    with (corpus / "metadata.csv").open("a", encoding="utf-8", newline="") as fh:
        row = ["wire", "wire.txt", "editorial", "United States", "1961-01-02", "editorial", "", "en", ""]
        csv.writer(fh, lineterminator="\n").writerow(row)
    write_manifest(corpus)
    folder = tmp_path / "study"
    assert main(["init", str(folder), "--corpus", str(corpus), "--title", "Copies"]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet", "--jobs", "1"]) == 0
    duplicates = read_table("duplicates", folder / "data" / "processed")
    assert duplicates[["doc_id", "earliest_doc_id", "kept"]].to_numpy().tolist() == [
        [source, source, True],
        ["wire", source, False],
    ]
    assert _analysed(folder, tmp_path / "all", "--jobs", "1")
    assert "wire" in set(read_table("tone", tmp_path / "all")["doc_id"])
    study_file = folder / "study.yaml"
    study_file.write_text(
        study_file.read_text(encoding="utf-8").replace("duplicates: keep ", "duplicates: count_once "),
        encoding="utf-8",
    )
    _analysed(folder, tmp_path / "once", "--jobs", "1")
    tone = read_table("tone", tmp_path / "once")
    assert "wire" not in set(tone["doc_id"]) and source in set(tone["doc_id"])
    shares = read_table("frame_shares", tmp_path / "once")
    n_all = read_table("frame_shares", tmp_path / "all").groupby("outlet")["n_total"].first()
    assert shares.groupby("outlet")["n_total"].first()["editorial"] < n_all["editorial"]
