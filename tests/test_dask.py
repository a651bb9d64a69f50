"""The Dask engine writes the same tables, byte for byte, as the local engine.

One test lets ``prepare`` start its own ``LocalCluster`` with two worker processes; the
other starts a cluster itself and passes its address, as a user of an existing cluster
(e.g. on SLURM with dask-jobqueue) does.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import hash_tree

from research_utils.annotate import engines
from research_utils.cli import main
from research_utils.errors import ResearchUtilsError

distributed = pytest.importorskip("distributed")

#: The model loaders of research_utils.annotate.models that annotating a document uses.
LOADERS = ("sentence_splitter", "word_tokenizer", "tagger", "lemmatizer", "stop_words", "universal_tags")


def table_files(out: Path) -> dict[str, str]:
    return {
        name: digest for name, digest in hash_tree(out).items() if not name.startswith(".")
    }  # hidden: cache, lock


@pytest.fixture(scope="module")
def local_tables(brown_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("local") / "out"
    assert main(["prepare", "--raw", str(brown_sample), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    return table_files(out)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "BATCH_CHARACTERS", 8_000)  # many tasks, finishing out of order


@pytest.mark.usefixtures("small_batches")
def test_a_local_cluster_of_two_workers_writes_the_local_engines_bytes(
    brown_sample: Path, local_tables: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    options = ["--engine", "dask", "--jobs", "2", "--format", "csv", "--quiet"]
    assert main(["prepare", "--raw", str(brown_sample), "--out", str(out), *options]) == 0
    assert table_files(out) == local_tables


@pytest.mark.usefixtures("small_batches")
def test_an_existing_scheduler_writes_the_local_engines_bytes(
    brown_sample: Path, local_tables: dict[str, str], tmp_path: Path
) -> None:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        out = tmp_path / "out"
        options = ["--engine", "dask", "--scheduler", cluster.scheduler_address, "--quiet"]
        assert main(["prepare", "--raw", str(brown_sample), "--out", str(out), *options]) == 0
        with distributed.Client(cluster) as client:
            worked = client.run(
                lambda: [
                    getattr(__import__("research_utils.annotate.models", fromlist=["models"]), loader)
                    .cache_info()
                    .currsize
                    for loader in LOADERS
                ]
            )
    assert table_files(out) == local_tables
    assert list(worked.values()) == [[1] * len(LOADERS)] * 2  # both workers loaded the models, once each


def test_an_unreachable_scheduler_is_reported(
    brown_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("research_utils.engine.DASK_CONNECT_TIMEOUT", "1s")
    out = tmp_path / "out"
    options = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--quiet"]  # port 9: discard
    assert main(["prepare", "--raw", str(brown_sample), "--out", str(out), *options]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "fix:" in err
    assert not any(p.suffix in (".csv", ".parquet") for p in out.glob("*"))


def test_a_scheduler_needs_the_dask_engine(brown_sample: Path) -> None:
    with pytest.raises(ResearchUtilsError, match="--scheduler needs --engine dask"):
        list(engines.annotate_batches([[("k", "d", "Text.")]], scheduler="tcp://127.0.0.1:8786"))
