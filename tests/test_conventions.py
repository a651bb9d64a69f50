"""The conventions users of a research repository expect (issue 14): a licence, a citation
file, a changelog, classifiers, a CI workflow, Binder and pre-commit configuration — each
checked against its schema or against the files it must agree with."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))


def _validate(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """Validate ``path`` with one of check-jsonschema's bundled schemas (no network)."""
    assert CHECK_JSONSCHEMA is not None, "check-jsonschema is a dev dependency: make setup installs it"
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_the_licence_is_the_one_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PYPROJECT["license"] == "MIT" and text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert PYPROJECT["license-files"] == ["LICENSE"]


def test_the_citation_file_is_valid_cff_for_this_version() -> None:
    result = _validate(ROOT / "CITATION.cff", "vendor.citation-file-format")
    assert result.returncode == 0, result.stdout + result.stderr
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == PYPROJECT["version"]
    assert citation["license"] == PYPROJECT["license"]
    study = yaml.safe_load((ROOT / "study.yaml").read_text(encoding="utf-8"))
    assert [r["title"] for r in citation["references"]] == [study["title"]]


def test_the_changelog_has_the_current_version_and_unreleased_changes() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    assert f"## [{PYPROJECT['version']}]" in text


def test_the_workflow_is_a_valid_github_workflow_that_runs_make_test() -> None:
    path = ROOT / ".github" / "workflows" / "tests.yml"
    result = _validate(path, "vendor.github-workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make test" in runs and "git status --porcelain -- data notebooks figures" in runs
    assert "NLTK_DATA" in job["env"] and "CHROMIUM" in job["env"]
    assert any("actions/cache" in step.get("uses", "") for step in job["steps"])  # NLTK data cached
    # every Python the workflow tests is one pyproject declares, the oldest its minimum
    versions = job["strategy"]["matrix"]["python"]
    declared = {c.rsplit(" ", 1)[-1] for c in PYPROJECT["classifiers"] if re.search(r":: 3\.\d+$", c)}
    assert set(versions) <= declared
    assert PYPROJECT["requires-python"] == f">={min(versions, key=lambda v: tuple(map(int, v.split('.'))))}"


def test_binder_installs_the_same_pins_registers_the_kernel_and_fetches_the_data() -> None:
    def pins(path: Path) -> list[str]:
        env = yaml.safe_load(path.read_text(encoding="utf-8"))
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        return [p for p in pip if not p.startswith("-e")]

    assert pins(ROOT / "binder" / "environment.yml") == pins(ROOT / "environment.yml")
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK)
    text = post.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    kernel = re.search(r"ipykernel install --sys-prefix --name (\S+)", makefile)
    assert kernel is not None and f"--name {kernel.group(1)}" in text
    assert "research-utils check --download" in text


def test_pre_commit_runs_the_linters_make_lint_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert lint is not None
    for tool in ("ruff check", "ruff format", "mypy"):
        assert tool in lint.group(1) and any(tool in entry for entry in entries), tool


@pytest.mark.parametrize("path", ["notebooks/01_corpus_preparation.ipynb", "README.md"])
def test_notebooks_and_only_notebooks_diff_with_nbdime(path: str) -> None:
    result = subprocess.run(
        ["git", "check-attr", "diff", "--", path], cwd=ROOT, capture_output=True, text=True, check=True
    )
    expected = "jupyternotebook" if path.endswith(".ipynb") else "unspecified"
    assert result.stdout.strip().endswith(f"diff: {expected}")
