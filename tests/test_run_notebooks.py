"""Notebooks that do not need each other run at the same time; one runs after those it needs.

Tiny notebooks on no topic at all: each writes a file when it starts and waits for its
sibling's; run one after the other they would wait forever (and fail after a minute), so
finishing proves they ran together. The waits are on files (states), not on time budgets.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from research_utils.errors import ResearchUtilsError
from research_utils.report.notebooks import KERNEL_NAME, notebook_needs, notebook_paths, run_notebooks

WAIT = """
import time
from pathlib import Path
Path("{me}.started").touch()
for _ in range(1200):  # at most a minute: the sibling has started, or this test fails
    if Path("{other}.started").exists():
        break
    time.sleep(0.05)
else:
    raise RuntimeError("{other} never started beside {me}")
Path("{me}.done").touch()
"""


def _notebook(folder: Path, name: str, source: str, after: list[str] | None) -> Path:
    nb = new_notebook(cells=[new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    if after is not None:
        nb.metadata["research_utils"] = {"after": after}
    path = folder / f"{name}.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def test_independent_notebooks_run_together_and_a_dependent_one_after_them(tmp_path: Path) -> None:
    _notebook(tmp_path, "01_rivers", WAIT.format(me="rivers", other="tides"), after=[])
    _notebook(tmp_path, "02_tides", WAIT.format(me="tides", other="rivers"), after=[])
    last = 'from pathlib import Path\nassert Path("rivers.done").exists() and Path("tides.done").exists()'
    _notebook(tmp_path, "03_both", last, after=None)  # no metadata: after every earlier notebook
    executed = run_notebooks(tmp_path, jobs=2)
    assert [p.name for p in executed] == ["01_rivers.ipynb", "02_tides.ipynb", "03_both.ipynb"]
    outputs = [nbformat.read(p, as_version=4).cells[0].get("outputs", []) for p in executed]
    assert not [o for cell in outputs for o in cell if o.get("output_type") == "error"]


def test_a_failed_notebook_stops_the_ones_that_need_it(tmp_path: Path) -> None:
    _notebook(tmp_path, "01_ok", "x = 1", after=[])
    _notebook(tmp_path, "02_broken", "raise ValueError('bad gauge')", after=[])
    needs_it = _notebook(tmp_path, "03_after", "y = 2", after=["02_broken"])
    before = needs_it.read_bytes()
    with pytest.raises(ResearchUtilsError, match=r"02_broken.ipynb: cell 1 failed: ValueError: bad gauge"):
        run_notebooks(tmp_path, jobs=2)
    assert needs_it.read_bytes() == before  # never started, left as it was


def test_an_unknown_dependency_is_refused_with_the_fix(tmp_path: Path) -> None:
    _notebook(tmp_path, "01_first", "", after=[])
    path = _notebook(tmp_path, "02_second", "", after=["05_later"])
    with pytest.raises(ResearchUtilsError, match=r"names \['05_later'\], not a notebook numbered before it"):
        notebook_needs(path, notebook_paths(tmp_path)[:1])


def test_the_projects_comparison_notebook_runs_after_the_two_it_shows() -> None:
    paths = notebook_paths(Path(__file__).resolve().parents[1] / "notebooks")
    needs = {p.stem: [n.stem for n in notebook_needs(p, paths[:i])] for i, p in enumerate(paths)}
    assert needs == {
        "01_corpus_preparation": [],
        "02_term_frequency": [],
        "03_framing_analysis": [],
        "04_outlet_comparison": ["02_term_frequency", "03_framing_analysis"],
        "05_coding_and_validation": [],
    }


def test_the_command_says_when_each_notebook_starts_and_finishes_and_no_kernel_warning(
    tmp_path: Path,
) -> None:
    """Issue 14: `notebooks` (and `run`) report each notebook as it starts and finishes, on
    standard error, and the kernels' "running over TCP without encryption" warning is gone."""
    import os
    import re
    import subprocess
    import sys

    _notebook(tmp_path, "01_rivers", "x = 1", after=[])
    _notebook(tmp_path, "02_tides", "y = 2", after=[])
    _notebook(tmp_path, "03_both", "z = 3", after=None)
    result = subprocess.run(
        [sys.executable, "-m", "research_utils", "notebooks", "--notebooks", str(tmp_path), "--jobs", "2"],
        cwd=tmp_path,
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=600,  # a safety net only
    )
    assert result.returncode == 0, result.stderr
    assert "without encryption" not in result.stderr
    assert "IPKernelApp" not in result.stderr  # no kernel log lines at all (shutdown, parent exit)
    for name in ("01_rivers", "02_tides", "03_both"):
        assert f"notebook {name}: started" in result.stderr.splitlines()
        assert re.search(rf"^notebook {name}: finished in \d+\.\d s$", result.stderr, re.MULTILINE)
    lines = result.stderr.splitlines()
    assert lines.index("notebook 03_both: started") > max(
        i
        for i, line in enumerate(lines)
        if line.startswith(("notebook 01_rivers: finished", "notebook 02_tides: finished"))
    )
    assert [line.split()[-1] for line in result.stdout.splitlines()] == [
        str(tmp_path / f"{n}.ipynb") for n in ("01_rivers", "02_tides", "03_both")
    ]
