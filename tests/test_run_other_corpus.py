"""The whole study on another corpus: three outlets, one command, no code edited.

Builds a small corpus of three outlets in a temporary folder (``.txt`` articles, a
``metadata.csv`` and ``SHA256SUMS``, as the README documents), runs
``research-utils run --raw DIR --out DIR`` (which makes ``--out`` a study folder for that
corpus, measured with the project's instruments), and checks that every notebook ran to the
end on that corpus, wrote its tables and figures under ``--out``, and left the project's own
notebooks, tables and figures untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTICLES, REPO, hash_tree, write_corpus

from research_utils.analyse.stage import OUTPUT_TABLES
from research_utils.cli import main
from research_utils.errors import ResearchUtilsError
from research_utils.ingest import write_manifest
from research_utils.outputs import LOCK_FILE, locked_path
from research_utils.report import notebook_paths
from research_utils.tables import read_table


def project_state() -> dict[str, str]:
    return {
        f"{name}/{path}": digest
        for name in ("data", "figures", "notebooks")
        if (REPO / name).exists()
        for path, digest in hash_tree(REPO / name).items()
    }


@pytest.mark.skipif(not notebook_paths(REPO / "notebooks"), reason="no notebooks")
def test_run_writes_the_whole_study_for_three_outlets_under_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = write_corpus(tmp_path / "my_corpus")
    out = tmp_path / "results"
    before = project_state()

    assert main(["run", "--study", str(REPO), "--raw", str(raw), "--out", str(out)]) == 0

    assert project_state() == before, "run --out changed the project's own files"
    documents = read_table("documents", out / "processed")
    assert sorted(documents["outlet"].unique()) == ["Business Times", "Global Wire", "Harbour Daily"]
    assert len(documents) == len(ARTICLES)
    analysed = sorted(p.name for p in (out / "analysed").iterdir() if p.name != LOCK_FILE)
    assert analysed == sorted(f"{name}.csv" for name in OUTPUT_TABLES)
    for notebook in notebook_paths(REPO / "notebooks"):
        executed = out / "notebooks" / notebook.name
        assert executed.is_file(), f"{notebook.name} was not executed into --out"
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{notebook.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        # run in place in --out: the notebook's own default, ../study.yaml, is the study, and
        # nothing names the staging folder the run was built in
        assert not [c for c in cells if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
        assert ".staging-" not in executed.read_text(encoding="utf-8")
    figures = sorted(p.name for p in (out / "figures").glob("*.png")) if (out / "figures").exists() else []
    committed = sorted(p.name for p in (REPO / "figures").glob("*.png"))
    # the other corpus has no reference coding and names no event: nothing is validated or
    # compared before/after, no empty figure is drawn, and the notebook says why
    # nor, without coding sheets or discovered topics, the figures of notebook 05
    study_only = (
        "03_frame_validation.png",
        "03_event_window.png",
        "05_reliability.png",
        "05_topic_shares.png",
    )
    assert figures == [f for f in committed if f not in study_only]
    assert {"03_attention.png", "03_frame_shares_over_time.png"} <= set(figures)
    shown = (out / "notebooks" / "03_framing_analysis.ipynb").read_text(encoding="utf-8")
    assert "has no reference (manual) coding" in shown
    assert "names no event (`event:`)" in shown
    _a_failed_rerun_leaves_the_results_as_they_were(raw, out, monkeypatch, capsys)


def _a_failed_rerun_leaves_the_results_as_they_were(
    raw: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: a ``run --out`` that fails in its last step (new tables already written,
    one notebook executed) leaves ``--out`` exactly as the last complete run left it."""
    import research_utils.report as report

    results = {k: v for k, v in hash_tree(out).items() if not k.startswith("processed/.cache/")}
    first = next(iter(ARTICLES))
    (raw / f"{first[0]}.txt").write_text("A changed article about harbour ferries.\n", encoding="utf-8")
    write_manifest(raw)

    def fails_after_one(folder: Path, **options: object) -> list[Path]:
        (Path(folder) / "01_partial.ipynb").write_text("{}", encoding="utf-8")
        raise ResearchUtilsError(f"{folder}/02_term_frequency.ipynb: cell 3 failed")

    monkeypatch.setattr(report, "run_notebooks", fails_after_one)
    assert main(["run", "--study", str(REPO), "--raw", str(raw), "--out", str(out)]) == 2
    assert {k: v for k, v in hash_tree(out).items() if not k.startswith("processed/.cache/")} == results
    (staging,) = [p for p in out.parent.iterdir() if ".staging-" in p.name]
    assert f"{out} is left as it was" in capsys.readouterr().err
    assert (staging / "notebooks" / "01_partial.ipynb").is_file()  # kept to look at
    with locked_path(out, command="run --out"):  # what the next run does first
        assert not staging.exists()
    assert hash_tree(out) == {**hash_tree(out), **results}


def test_run_refuses_raw_without_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_corpus(tmp_path / "my_corpus")
    assert main(["run", "--raw", str(raw)]) == 2
    assert "--out" in capsys.readouterr().err
