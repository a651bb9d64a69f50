"""Execute the project's notebooks in number order (papermill).

Every notebook has a cell tagged ``parameters`` (``PROCESSED_DIR``, ``ANALYSED_DIR``,
``FIGURES_DIR``, …). :func:`run_notebooks` executes them in place with their own defaults,
or — given an output folder — with those folders pointed at another corpus's results,
writing the executed copies there and leaving the project untouched.

Volatile metadata (papermill's and nbclient's timestamps and durations) is removed, and a
notebook is written only once it has run to the end (temporary file, then rename), so
re-executing an unchanged notebook leaves it byte-identical and a failed run leaves it as
it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import NOTEBOOKS_DIR
from ..errors import ResearchUtilsError
from ..files import write_text_atomic

#: The project's Jupyter kernel: the ``.venv`` interpreter (``make`` installs its spec).
KERNEL_NAME = "research-utils"
_VOLATILE_METADATA = ("papermill", "execution")


def notebook_paths(folder: str | Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in ``folder``, in number order."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.is_file())


def execute_notebook(
    path: str | Path,
    output: str | Path | None = None,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | Path | None = None,
    timeout: int = 1200,
) -> Path:
    """Execute ``path`` and write the result to ``output`` (default: in place).

    ``parameters`` are injected after the cell tagged ``parameters``; ``cwd`` (default:
    the notebook's folder) is the kernel's working directory. The kernel is the one the
    notebook names (:data:`KERNEL_NAME` for the project's notebooks). Raises
    :class:`~research_utils.errors.ResearchUtilsError` naming the notebook and the cell's
    error if a cell fails; ``output`` is then left as it was.
    """
    import nbformat
    import papermill

    path = Path(path)
    output = Path(output) if output is not None else path
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".nbrun-", dir=output.parent) as tmp:
        executed = Path(tmp) / path.name
        try:
            papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=dict(parameters or {}),
                cwd=str(cwd or path.parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
            )
        except papermill.PapermillExecutionError as exc:
            raise ResearchUtilsError(
                f"{path}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}\n"
                "  fix: open the notebook, run it, and correct the failing cell or its inputs"
            ) from exc
        nb = nbformat.read(executed, as_version=4)
    for key in _VOLATILE_METADATA:
        nb.metadata.pop(key, None)
        for cell in nb.cells:
            cell.metadata.pop(key, None)
    return write_text_atomic(output, nbformat.writes(nb) + "\n")


def run_notebooks(
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    *,
    out_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Execute every numbered notebook in order; return the executed files.

    Without ``out_dir`` the notebooks run in place. With ``out_dir`` the executed copies are
    written there (a study's notebooks folder), leaving the templates untouched. Either way
    ``parameters`` (the study file) are injected after each notebook's ``parameters`` cell.
    """
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise ResearchUtilsError(f"{notebooks_dir}: no numbered notebooks (NN_name.ipynb) found")
    if out_dir is None:
        return [execute_notebook(p, parameters=parameters) for p in paths]
    out = Path(out_dir).resolve()
    return [execute_notebook(p, out / p.name, parameters=parameters, cwd=p.parent.resolve()) for p in paths]
