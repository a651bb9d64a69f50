"""`research-utils` works from a plain ``pip install .``, where no kernel is registered.

Only ``make`` registers the ``research-utils`` Jupyter kernel the notebooks name. A fresh
virtual environment with the package installed by pip (not editable, no ``make``) must
still execute the notebooks: with this environment's Python, saying so once, and leaving
``research-utils`` as the kernel the executed notebooks name. No network: the project's
dependencies are made importable from the development environment by a ``.pth`` file.
About 20 seconds (a venv, a wheel built without isolation, one tiny notebook).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from research_utils.report.notebooks import KERNEL_NAME

REPO = Path(__file__).resolve().parents[1]


def _copy_project(dest: Path) -> Path:
    """What ``pip install .`` needs from the repository, copied (the build writes no file
    into the repository, which other runs may be reading)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return dest


def _fresh_venv(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A new virtual environment with the package pip-installed, and the environment to run
    it in (a home of its own: no user kernels leak in)."""
    venv = tmp_path / "venv"
    # without pip: its bundled setuptools would shadow the development environment's
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (purelib / "_dev_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "PYTHONNOUSERSITE": "1",
        "NLTK_DATA": os.environ.get("NLTK_DATA", ""),
        "LANG": "C.UTF-8",
    }
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet"),
            *("--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--no-index"),
            str(_copy_project(tmp_path / "project")),
        ],
        check=True,
        env=env,
        cwd=tmp_path,
    )
    return venv, env


def test_notebooks_run_from_a_plain_pip_install_without_the_registered_kernel(tmp_path: Path) -> None:
    venv, env = _fresh_venv(tmp_path)
    python = venv / "bin" / "python"
    shown = subprocess.run(
        [str(python), "-m", "jupyter_client.kernelspecapp", "list", "--json"],  # jupyter kernelspec list
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert KERNEL_NAME not in json.loads(shown.stdout)["kernelspecs"]  # as after `pip install .`
    where = subprocess.run(
        [str(python), "-c", "import research_utils; print(research_utils.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the installed copy, not the repository's

    notebooks = tmp_path / "study" / "notebooks"
    notebooks.mkdir(parents=True)
    nb = new_notebook(cells=[new_code_cell("import sys\nprint(sys.executable)")])
    kernelspec = {"name": KERNEL_NAME, "display_name": "Python (research-utils)", "language": "python"}
    nb.metadata["kernelspec"] = kernelspec
    nbformat.write(nb, notebooks / "01_which_python.ipynb")

    result = subprocess.run(
        [str(venv / "bin" / "research-utils"), "notebooks", "--notebooks", str(notebooks)],
        env=env,
        cwd=tmp_path / "study",
        capture_output=True,
        text=True,
        timeout=300,  # a safety net only: the run takes seconds
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if "is not registered" in line]
    assert said == [
        f"kernel {KERNEL_NAME} is not registered: running the notebooks with this Python, "
        f"{python} (make setup registers it)"
    ]
    executed = nbformat.read(notebooks / "01_which_python.ipynb", as_version=4)
    assert executed.metadata["kernelspec"] == kernelspec  # as a make-based run leaves it
    printed = "".join(o.get("text", "") for o in executed.cells[0].outputs).strip()
    assert Path(printed) == python
