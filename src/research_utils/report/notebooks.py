"""Execute the project's notebooks in number order (papermill).

Every notebook has a cell tagged ``parameters`` (``PROCESSED_DIR``, ``ANALYSED_DIR``,
``FIGURES_DIR``, …). :func:`run_notebooks` executes them in place with their own defaults,
or — given an output folder — with those folders pointed at another corpus's results,
writing the executed copies there and leaving the project untouched.

Volatile metadata (papermill's and nbclient's timestamps and durations) is removed, and a
notebook is written only once it has run to the end (temporary file, then rename), so
re-executing an unchanged notebook leaves it byte-identical and a failed run leaves it as
it was.

Notebooks that do not need each other run at the same time, each in its own kernel: a
notebook runs after the ones its metadata names (``"research_utils": {"after":
["02_term_frequency"]}``; ``[]``: none) or, without that key, after every notebook numbered
before it — so a notebook a user adds runs last, as it always did.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from ..config import NOTEBOOKS_DIR
from ..errors import ResearchUtilsError
from ..files import write_text_atomic
from ..outputs import locked_folder

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


def notebook_needs(path: Path, earlier: list[Path]) -> list[Path]:
    """The notebooks among ``earlier`` that ``path`` runs after: those its metadata's
    ``research_utils.after`` names (stems, e.g. ``02_term_frequency``), else all of them."""
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("research_utils", {})
    if "after" not in meta:
        return list(earlier)
    by_stem = {p.stem: p for p in earlier}
    names = meta["after"]
    unknown = [n for n in names if n not in by_stem] if isinstance(names, list) else [names]
    if unknown:
        raise ResearchUtilsError(
            f"{path}: metadata research_utils.after names {unknown!r}, not a notebook numbered before it "
            f"(those are: {', '.join(by_stem) or 'none'})\n"
            '  fix: list the stems of earlier notebooks, e.g. ["02_term_frequency"], or [] for none'
        )
    return [by_stem[n] for n in names]


def run_notebooks(
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    *,
    out_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Execute every numbered notebook, each after those it needs (:func:`notebook_needs`),
    up to ``jobs`` at a time (default: the machine's cores); return the executed files in
    number order.

    Without ``out_dir`` the notebooks run in place. With ``out_dir`` the executed copies are
    written there (a study's notebooks folder), leaving the templates untouched. Either way
    ``parameters`` (the study file) are injected after each notebook's ``parameters`` cell.
    When a notebook fails, none that needs it starts, those running finish, and the first
    failure (in number order) is raised.
    """
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise ResearchUtilsError(f"{notebooks_dir}: no numbered notebooks (NN_name.ipynb) found")
    needs = {p: notebook_needs(p, paths[:i]) for i, p in enumerate(paths)}
    out = Path(out_dir).resolve() if out_dir is not None else None
    calls = {  # picklable: a worker process runs each
        p: functools.partial(
            execute_notebook,
            p,
            out / p.name if out else None,
            parameters=dict(parameters or {}),
            cwd=p.parent.resolve() if out else None,
        )
        for p in paths
    }
    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    # one run at a time per folder of executed notebooks; a killed run's .nbrun-* folders go
    with locked_folder(out or Path(notebooks_dir), command="notebooks"):
        if workers == 1:
            return [calls[p]() for p in paths]
        return _run_in_parallel(paths, needs, calls, workers)


def _run_in_parallel(
    paths: list[Path], needs: dict[Path, list[Path]], calls: Mapping[Path, Callable[[], Path]], workers: int
) -> list[Path]:
    """Run ``paths`` in worker processes, each once all it ``needs`` has run."""
    import multiprocessing

    done: dict[Path, Path] = {}
    failed: dict[Path, BaseException] = {}
    running: dict[Future[Path], Path] = {}
    # those others wait for first (most waiting notebooks first, then number order): a notebook
    # nothing waits for fills a free worker last instead of delaying the ones that are waited on
    closure = {q: _needs_all(q, needs) for q in paths}
    waiting = {p: sum(p in closure[q] for q in paths) for p in paths}
    pending = sorted(paths, key=lambda p: (-waiting[p], paths.index(p)))
    # spawn: a fresh interpreter per worker, nothing of this process's state (or threads) shared
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        while pending or running:
            ready = [p for p in pending if all(n in done for n in needs[p])] if not failed else []
            for path in ready[: workers - len(running)]:
                pending.remove(path)
                running[pool.submit(calls[path])] = path
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                error = future.exception()
                if error is None:
                    done[path] = future.result()
                else:
                    failed[path] = error
    if failed:
        raise failed[min(failed, key=paths.index)]
    return [done[p] for p in paths]


def _needs_all(path: Path, needs: dict[Path, list[Path]]) -> set[Path]:
    """Every notebook ``path`` waits for, directly or through others."""
    found: set[Path] = set()
    todo = list(needs[path])
    while todo:
        other = todo.pop()
        if other not in found:
            found.add(other)
            todo.extend(needs[other])
    return found
