"""`run` and `manifest` check their inputs before anything starts, and leave nothing behind.

A refused ``run`` prints one message naming the path and the fix, exits 2, and neither
prepares, analyses nor starts a kernel (those steps are replaced by ones that fail the
test if called); the folder it was run in is as it was: no ``--out``, no ``notebooks/``,
no lock file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import research_utils.pipeline.run as run_module
from research_utils.cli import main

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def nothing_may_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Preparing, analysing or executing a notebook fails the test."""

    def must_not_run(*args: object, **options: object) -> None:
        raise AssertionError("a refused run started work")

    monkeypatch.setattr(run_module, "prepare_study", must_not_run)
    monkeypatch.setattr("research_utils.report.run_notebooks", must_not_run)


def _refused(argv: list[str], where: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = _tree(where)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("error:") == 1
    assert "fix:" in err
    assert _tree(where) == before  # nothing left behind
    return err


@pytest.mark.usefixtures("nothing_may_run")
def test_run_with_a_missing_corpus_stops_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results" / "X"
    err = _refused(
        ["run", "--study", str(REPO), "--raw", str(tmp_path / "nonexistent"), "--out", str(out)],
        tmp_path,
        capsys,
    )
    assert f"{tmp_path / 'nonexistent'}: corpus folder or file not found" in err


@pytest.mark.usefixtures("nothing_may_run")
def test_run_with_out_naming_a_file_or_a_foreign_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    err = _refused(
        ["run", "--study", str(REPO), "--raw", str(RAW), "--out", str(tmp_path / "notes.txt")],
        tmp_path,
        capsys,
    )
    assert "--out is a file, not a folder" in err
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter1.md").write_text("draft\n", encoding="utf-8")
    err = _refused(
        ["run", "--study", str(REPO), "--raw", str(RAW), "--out", str(tmp_path / "thesis")], tmp_path, capsys
    )
    assert "was not written by `research-utils run --out`" in err
    err = _refused(
        ["run", "--study", str(REPO), "--raw", str(RAW), "--out", str(tmp_path / "notes.txt" / "X")],
        tmp_path,
        capsys,
    )
    assert "is a file, not a folder" in err


@pytest.mark.usefixtures("nothing_may_run")
def test_run_with_a_corpus_file_of_the_wrong_kind_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "articles.docx").write_bytes(b"PK")
    err = _refused(
        ["run", "--study", str(REPO), "--raw", str(tmp_path / "articles.docx"), "--out", str(tmp_path / "X")],
        tmp_path,
        capsys,
    )
    assert "must be CSV (.csv) or JSON Lines" in err


@pytest.mark.usefixtures("nothing_may_run")
def test_run_of_a_study_with_broken_instruments_or_no_notebooks_stops_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "study"), "--corpus", str(RAW)]) == 0
    study = tmp_path / "study"
    for notebook in (study / "notebooks").glob("*.ipynb"):
        notebook.unlink()
    capsys.readouterr()
    err = _refused(["run", "--study", str(study)], tmp_path, capsys)
    assert "no numbered notebooks (NN_name.ipynb) to run" in err
    err = _refused(
        ["run", "--study", str(study), "--raw", str(RAW), "--out", str(tmp_path / "out" / "X")],
        tmp_path,
        capsys,
    )
    assert "no numbered notebooks" in err
    (study / "instruments" / "codebook.yaml").write_text("frames: [unclosed\n", encoding="utf-8")
    err = _refused(
        ["run", "--study", str(study), "--raw", str(RAW), "--out", str(tmp_path / "out" / "X")],
        tmp_path,
        capsys,
    )
    assert "codebook.yaml" in err


def test_manifest_refuses_a_mistyped_path_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for typo in ("typo_dir", "typo.csv"):
        err = _refused(["manifest", "--raw", str(tmp_path / typo)], tmp_path, capsys)
        assert f"{tmp_path / typo}: corpus folder or file not found" in err
        assert not (tmp_path / typo).exists()
    (tmp_path / "empty").mkdir()
    err = _refused(["manifest", "--raw", str(tmp_path / "empty")], tmp_path, capsys)
    assert "no articles to list" in err
