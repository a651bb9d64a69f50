"""Parallel preparation: any number of worker processes writes the same bytes as one.

The Brown sample is small, so the tests lower the engine's thresholds to make it start
worker processes and cut the corpus into many batches, which then finish out of order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TABLES, hash_tree

from research_utils import engine
from research_utils.annotate import engines
from research_utils.annotate.engines import make_batches
from research_utils.cli import main


def prepare(raw: Path, out: Path, *options: str) -> Path:
    assert main(["prepare", "--raw", str(raw), "--out", str(out), "--quiet", *options]) == 0
    return out


def table_bytes(out: Path) -> dict[str, str]:
    """Hashes of the table files (the cache folder left out)."""
    return {
        name: digest for name, digest in hash_tree(out).items() if not name.startswith(".")
    }  # hidden: cache, lock


@pytest.fixture(scope="module")
def one_process(brown_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return table_bytes(prepare(brown_sample, tmp_path_factory.mktemp("jobs1") / "out", "--jobs", "1"))


@pytest.fixture
def pool_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the local engine use worker processes on a small corpus; record each pool's size."""
    runs: list[int] = []
    real = engines._run_pool

    def counted(batches, jobs):
        runs.append(jobs)
        return real(batches, jobs)

    monkeypatch.setattr(engines, "POOL_MIN_CHARACTERS", 0)
    monkeypatch.setattr(engines, "BATCH_CHARACTERS", 8_000)
    monkeypatch.setattr(engines, "_run_pool", counted)
    return runs


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_worker_processes_write_the_same_bytes_as_one_process(
    brown_sample: Path, one_process: dict[str, str], pool_runs: list[int], tmp_path: Path, jobs: str
) -> None:
    out = prepare(brown_sample, tmp_path / "out", "--jobs", jobs)
    assert pool_runs == [int(jobs)]
    assert table_bytes(out) == one_process
    assert sorted(one_process) == sorted(f"{name}.csv" for name in TABLES)


def test_spawned_workers_write_the_same_bytes(
    brown_sample: Path,
    one_process: dict[str, str],
    pool_runs: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # what a Jupyter kernel (several threads, so no fork) does
    monkeypatch.setattr(engine, "start_method", lambda: "spawn")
    out = prepare(brown_sample, tmp_path / "out", "--jobs", "2")
    assert pool_runs == [2]
    assert table_bytes(out) == one_process


def test_small_work_stays_in_the_calling_process(
    brown_sample: Path, one_process: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    monkeypatch.setattr(engines, "_run_pool", lambda batches, jobs: pools.append(jobs))
    out = prepare(brown_sample, tmp_path / "out", "--jobs", "4")  # under POOL_MIN_CHARACTERS
    assert pools == []
    assert table_bytes(out) == one_process


def test_the_default_is_every_core() -> None:
    assert engines.default_jobs() >= 1
    args = __import__("research_utils.cli", fromlist=["build_parser"]).build_parser().parse_args(["prepare"])
    assert args.jobs is None  # prepare() then uses engines.default_jobs()


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["prepare", "--jobs", "0"])
    assert "give 1 or more" in capsys.readouterr().err


def test_batches_keep_document_order_and_cover_every_document() -> None:
    docs = [(f"k{i}", f"d{i}", "x" * n) for i, n in enumerate([5, 50, 3, 80, 1, 1, 60])]
    batches = make_batches(docs, size=60)
    assert [d for batch in batches for d in batch] == docs
    assert [len(b) for b in batches] == [4, 3]  # 5+50+3 < 60 <= 5+50+3+80; then 1+1+60
