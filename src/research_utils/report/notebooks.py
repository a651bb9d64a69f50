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

The kernel is the one a notebook names (``research-utils``, which ``make setup``
registers). Where that kernel is not registered (``pip install .``, a conda environment),
the notebooks run with the current interpreter under the same name (:func:`kernel_fallback`),
so the executed notebooks are the same either way. Kernels run with CurveZMQ transport
encryption where their spec supports it (no "running over TCP without encryption" warning).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from ..config import NOTEBOOKS_DIR
from ..engine import default_jobs
from ..errors import ResearchUtilsError
from ..files import write_text_atomic
from ..outputs import locked_folder
from ..progress import Log, say

#: The project's Jupyter kernel: the ``.venv`` interpreter (``make`` installs its spec).
KERNEL_NAME = "research-utils"
#: Seconds a cell may run before its notebook fails.
CELL_TIMEOUT = 1200
_VOLATILE_METADATA = ("papermill", "execution")


def notebook_paths(folder: str | Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in ``folder``, in number order."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.is_file())


def _metadata(path: str | Path) -> dict[str, Any]:
    """The notebook-level metadata of ``path`` (its JSON read once)."""
    return json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})


def notebook_kernel(path: str | Path) -> str:
    """The kernel name ``path``'s metadata names (``kernelspec.name``; default :data:`KERNEL_NAME`)."""
    return _kernel_name(_metadata(path))


def _kernel_name(meta: Mapping[str, Any]) -> str:
    name = (meta.get("kernelspec") or {}).get("name")
    return name if isinstance(name, str) and name else KERNEL_NAME


@contextlib.contextmanager
def kernel_fallback(names: list[str], *, log: Log = None) -> Iterator[Path | None]:
    """A folder of kernel specs for those of ``names`` that are not registered, each running
    this Python (``sys.executable``) under the missing name, for as long as the block runs;
    None when every kernel is registered. Says once, through ``log``, which kernel is used.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    missing = sorted(set(names) - KernelSpecManager().find_kernel_specs().keys())
    if not missing:
        yield None
        return
    from ipykernel.kernelspec import write_kernel_spec

    with tempfile.TemporaryDirectory(prefix="research-utils-kernels-") as tmp:
        for name in missing:
            write_kernel_spec(  # as `ipykernel install` writes it (no frozen modules: the debugger works)
                Path(tmp) / name,
                overrides={"display_name": f"Python ({name})"},
                python_arguments=["-Xfrozen_modules=off"] if sys.version_info >= (3, 11) else None,
            )
        fix = " (make setup registers it)" if missing == [KERNEL_NAME] else ""
        say(
            log,
            f"kernel {', '.join(missing)} is not registered: running the notebooks with this Python, "
            f"{sys.executable}{fix}",
        )
        yield Path(tmp)


def _kernel_manager_class(kernel_dir: Path | None) -> type:
    """The class of manager papermill starts the kernel with: the kernel looked up in
    ``kernel_dir`` if given, with transport encryption where the kernel's spec supports it
    (then the kernel prints no "running over TCP without encryption" warning). A class, not
    an instance, so that papermill owns the manager and shuts the kernel down when the
    notebook is done (with an instance it leaves the kernel running until this process ends)."""
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    options: dict[str, Any] = {}
    if kernel_dir is not None:
        options["kernel_spec_manager"] = KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    if AsyncKernelManager.class_traits().get("transport_encryption") is not None and zmq.has("curve"):
        options["transport_encryption"] = "auto"

    class Manager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**{**options, **kwargs})

    return Manager


def execute_notebook(
    path: str | Path,
    output: str | Path | None = None,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | Path | None = None,
    timeout: int = CELL_TIMEOUT,
    kernel_dir: str | Path | None = None,
) -> Path:
    """Execute ``path`` and write the result to ``output`` (default: in place).

    ``parameters`` are injected after the cell tagged ``parameters``; ``cwd`` (default:
    the notebook's folder) is the kernel's working directory. The kernel is the one the
    notebook names (:data:`KERNEL_NAME` for the project's notebooks), looked up in
    ``kernel_dir`` when given (a :func:`kernel_fallback` folder), else among the registered
    ones — and if it is not registered, this Python runs it. Raises
    :class:`~research_utils.errors.ResearchUtilsError` naming the notebook and the cell's
    error if a cell fails; ``output`` is then left as it was.
    """
    path = Path(path)
    kernel = notebook_kernel(path)
    if kernel_dir is not None:
        return _execute(path, output, parameters, cwd, timeout, kernel, Path(kernel_dir))
    with kernel_fallback([kernel]) as fallback:
        return _execute(path, output, parameters, cwd, timeout, kernel, fallback)


def _execute(
    path: Path,
    output: str | Path | None,
    parameters: Mapping[str, Any] | None,
    cwd: str | Path | None,
    timeout: int,
    kernel: str,
    kernel_dir: Path | None,
) -> Path:
    """:func:`execute_notebook` with the notebook's ``kernel`` name known and its
    ``kernel_dir`` (None: the registered kernels) settled."""
    import nbformat
    import papermill

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
                kernel_name=kernel,
                kernel_manager_class=_kernel_manager_class(kernel_dir),
                # the kernel's own log lines (jupyter_client interrupts a kernel before shutting it
                # down, which ipykernel logs as an error) are noise here; a cell's error is in its
                # output and fails the run
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
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
    return _needs(path, _metadata(path), earlier)


def _needs(path: Path, metadata: Mapping[str, Any], earlier: list[Path]) -> list[Path]:
    """:func:`notebook_needs`, given ``path``'s notebook-level ``metadata``."""
    meta = metadata.get("research_utils", {})
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
    log: Log = None,
) -> list[Path]:
    """Execute every numbered notebook, each after those it needs (:func:`notebook_needs`),
    up to ``jobs`` at a time (default: the machine's cores); return the executed files in
    number order.

    Without ``out_dir`` the notebooks run in place. With ``out_dir`` the executed copies are
    written there (a study's notebooks folder), leaving the templates untouched. Either way
    ``parameters`` (the study file) are injected after each notebook's ``parameters`` cell.
    When a notebook fails, none that needs it starts, those running finish, and the first
    failure (in number order) is raised.

    ``log`` receives a line as each notebook starts and as it finishes (with its seconds),
    and once the line naming the interpreter when the notebooks' kernel is not registered
    (:func:`kernel_fallback`).
    """
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise ResearchUtilsError(f"{notebooks_dir}: no numbered notebooks (NN_name.ipynb) found")
    metadata = {p: _metadata(p) for p in paths}  # each notebook's JSON read once
    needs = {p: _needs(p, metadata[p], paths[:i]) for i, p in enumerate(paths)}
    out = Path(out_dir).resolve() if out_dir is not None else None
    workers = max(1, min(jobs or default_jobs(), len(paths)))
    # one run at a time per folder of executed notebooks; a killed run's .nbrun-* folders go
    with (
        locked_folder(out or Path(notebooks_dir), command="notebooks"),
        kernel_fallback([_kernel_name(metadata[p]) for p in paths], log=log) as kernel_dir,
    ):
        calls = {  # picklable: a worker process runs each
            p: functools.partial(
                _execute,
                p,
                out / p.name if out else None,
                dict(parameters or {}),
                p.parent.resolve() if out else None,
                CELL_TIMEOUT,
                _kernel_name(metadata[p]),
                kernel_dir,
            )
            for p in paths
        }
        if workers == 1:
            return [_timed(p, calls[p], log) for p in paths]
        return _run_in_parallel(paths, needs, calls, workers, log=log)


def _timed(path: Path, call: Callable[[], Path], log: Log) -> Path:
    """Run one notebook here, saying when it starts and finishes."""
    say(log, f"notebook {path.stem}: started")
    started = time.monotonic()
    try:
        result = call()
    except BaseException:
        say(log, f"notebook {path.stem}: failed after {time.monotonic() - started:.1f} s")
        raise
    say(log, f"notebook {path.stem}: finished in {time.monotonic() - started:.1f} s")
    return result


def _run_in_parallel(
    paths: list[Path],
    needs: dict[Path, list[Path]],
    calls: Mapping[Path, Callable[[], Path]],
    workers: int,
    *,
    log: Log = None,
) -> list[Path]:
    """Run ``paths`` in worker processes, each once all it ``needs`` has run; ``log`` hears
    when each is handed to a free worker (it starts at once) and when it finishes."""
    import multiprocessing

    done: dict[Path, Path] = {}
    failed: dict[Path, BaseException] = {}
    running: dict[Future[Path], Path] = {}
    started: dict[Path, float] = {}
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
                say(log, f"notebook {path.stem}: started")
                started[path] = time.monotonic()
                running[pool.submit(calls[path])] = path
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                error = future.exception()
                seconds = time.monotonic() - started[path]
                if error is None:
                    done[path] = future.result()
                    say(log, f"notebook {path.stem}: finished in {seconds:.1f} s")
                else:
                    failed[path] = error
                    say(log, f"notebook {path.stem}: failed after {seconds:.1f} s")
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
