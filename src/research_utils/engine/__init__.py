"""Where batches of work run: this process, worker processes, or a Dask cluster.

Both stages that work document by document use it: ``prepare`` (tagging) and ``analyse``
(matching lexicons, quotes, tone). :func:`map_tasks` applies a function to each task and
yields the results in task order, whatever order they finish in, with at most a few
tasks in flight per worker (so memory stays bounded however many tasks there are).

- ``local``: ``jobs`` worker processes (forked from a single-threaded process on Linux,
  else spawned), each running ``initializer`` once; with one job, or when the caller says
  the work is small, everything runs in this process. Workers die with the process that
  started them (:func:`watch_parent`: ``PR_SET_PDEATHSIG`` on Linux, and everywhere a
  thread that checks the parent every :data:`PARENT_POLL_SECONDS`), ignore Ctrl-C (the
  parent handles it) and are stopped at once when the caller stops early or is interrupted.
- ``dask``: tasks on the scheduler at ``scheduler``, or on a ``LocalCluster`` of ``jobs``
  single-threaded workers (Dask ``distributed``). A scheduler address is checked before
  connecting (:func:`check_scheduler_address`); reaching it and waiting for its first
  worker each have a deadline (:func:`dask_timeouts`).

Tables are written by the caller from the ordered results, so they are the same bytes
whatever the engine.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, TypeVar

from ..errors import ResearchUtilsError
from .scheduler import (
    DASK_SCHEMES,
    DASK_TIMEOUT_VARIABLE,
    START_SCHEDULER,
    check_scheduler_address,
    identify_scheduler,
)
from .workers import PARENT_POLL_SECONDS, start_worker, stop_workers, watch_parent

__all__ = [
    "DASK_CONNECT_TIMEOUT",
    "DASK_SCHEMES",
    "DASK_TIMEOUT_VARIABLE",
    "DASK_WORKERS_TIMEOUT",
    "ENGINES",
    "PARENT_POLL_SECONDS",
    "Engine",
    "check_engine",
    "check_scheduler_address",
    "close_dask",
    "dask_client",
    "dask_timeouts",
    "default_jobs",
    "in_order",
    "map_tasks",
    "run_dask",
    "run_pool",
    "start_method",
    "watch_parent",
]

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
#: Seconds to reach a Dask scheduler given by address and hear it answer as a scheduler.
DASK_CONNECT_TIMEOUT: float | str = 30
#: Seconds to wait for a Dask scheduler given by address to have a worker.
DASK_WORKERS_TIMEOUT: float | str = 60
#: Tasks in flight per worker: enough to keep each busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")


def default_jobs() -> int:
    """The number of CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_method() -> str:
    """``"fork"`` on Linux in a single-threaded process (nothing can hold a lock across
    the fork), else ``"spawn"``."""
    import threading

    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def check_engine(engine: str, jobs: int | None, scheduler: str | None) -> int:
    """Refuse an unknown engine, fewer than one job, or a scheduler without Dask; return
    the number of jobs (default: :func:`default_jobs`)."""
    if engine not in ENGINES:
        raise ResearchUtilsError(f"unknown engine {engine!r}\n  fix: use one of {', '.join(ENGINES)}")
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise ResearchUtilsError(f"jobs={jobs}: give 1 or more worker processes")
    if engine != "dask" and scheduler is not None:
        raise ResearchUtilsError(
            "--scheduler needs --engine dask\n  fix: add --engine dask, or drop --scheduler"
        )
    return jobs


def map_tasks(
    func: Callable[[T], R],
    tasks: Iterable[T],
    *,
    engine: Engine = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    initializer: Callable[[], None] | None = None,
    in_process: bool = False,
) -> Iterator[R]:
    """``func(task)`` for every task, yielded in task order (see the module docstring).

    ``in_process``: run the local engine in this process whatever ``jobs`` says (the
    caller knows the work is too small to pay for starting workers). ``func`` and the tasks
    must be picklable for worker processes and Dask.
    """
    jobs = check_engine(engine, jobs, scheduler)
    if engine == "dask":
        yield from in_order(run_dask(func, tasks, jobs, scheduler))
    elif jobs == 1 or in_process:
        if initializer is not None:
            initializer()
        yield from map(func, tasks)
    else:
        yield from in_order(run_pool(func, tasks, jobs, initializer=initializer))


def in_order(results: Iterator[tuple[int, R]]) -> Iterator[R]:
    """Results given as ``(task number, result)`` in any order, yielded in task order."""
    waiting: dict[int, R] = {}
    following = 0
    for number, result in results:
        waiting[number] = result
        while following in waiting:
            yield waiting.pop(following)
            following += 1


def run_pool(
    func: Callable[[T], R], tasks: Iterable[T], jobs: int, *, initializer: Callable[[], None] | None = None
) -> Iterator[tuple[int, R]]:
    """``(task number, func(task))`` from ``jobs`` worker processes, as they finish
    (submission bounded as :func:`_bounded` says)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context(start_method())
    start = functools.partial(start_worker, os.getpid(), initializer)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=start)

    def first_done(pending: Iterable) -> Iterable:
        return wait(pending, return_when=FIRST_COMPLETED)[0]

    try:
        for number, future in _bounded(lambda task: pool.submit(func, task), first_done, tasks, jobs):
            try:
                yield number, future.result()
            except BrokenProcessPool as exc:
                raise ResearchUtilsError(
                    f"a worker process stopped unexpectedly ({exc})\n"
                    "  fix: if you call the pipeline from a script, put the call under "
                    "`if __name__ == '__main__':`; if memory ran out, use fewer --jobs"
                ) from exc
    except BaseException:  # interrupted, failed, or the caller stopped early: no result is wanted
        stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _bounded(
    submit: Callable[[T], F], first_done: Callable[[list[F]], Iterable[F]], tasks: Iterable[T], workers: int
) -> Iterator[tuple[int, F]]:
    """Submit tasks and yield ``(task number, finished future)`` as they finish.

    At most ``IN_FLIGHT_PER_WORKER * workers`` tasks are pending at once, and no task is
    submitted more than four times that many places after the oldest unfinished one, so
    the results a caller holds to put them in order stay few.
    """
    window = IN_FLIGHT_PER_WORKER * workers
    todo = enumerate(tasks)
    following = next(todo, None)
    pending: dict[F, int] = {}

    def fill() -> None:
        nonlocal following
        while following is not None and len(pending) < window:
            oldest = min(pending.values(), default=following[0])
            if following[0] - oldest >= 4 * window:
                return
            pending[submit(following[1])] = following[0]
            following = next(todo, None)

    fill()
    while pending:
        for future in first_done(list(pending)):
            yield pending.pop(future), future
        fill()


def dask_client(jobs: int, scheduler: str | None):
    """A ``distributed.Client``: of the scheduler at ``scheduler``, or of a new
    ``LocalCluster`` of ``jobs`` single-threaded worker processes (closed with the client,
    see :func:`close_dask`).

    A scheduler given by address is checked before connecting
    (:func:`check_scheduler_address`), must answer as a Dask scheduler within the connect
    deadline and have a worker within the workers deadline (:func:`dask_timeouts`); each
    failure is a :class:`ResearchUtilsError` naming the address and the fix.
    """
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            return Client(cluster)
        except BaseException:
            cluster.close()
            raise
    address = check_scheduler_address(scheduler)
    connect_timeout, workers_timeout = dask_timeouts()
    identify_scheduler(address, connect_timeout)
    try:
        client = Client(address, timeout=connect_timeout)
    except OSError as exc:
        raise ResearchUtilsError(
            f"cannot reach the Dask scheduler at {address}: {exc}\n  fix: {START_SCHEDULER}"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=workers_timeout)
    except TimeoutError as exc:
        client.close()
        raise ResearchUtilsError(
            f"the Dask scheduler at {address} has no workers (waited {workers_timeout:g} s)\n"
            f"  fix: start workers for it (`dask worker {address}`, with this package, the pinned "
            "environment and NLTK_DATA on each), or drop --scheduler to use worker processes "
            f"on this machine; {DASK_TIMEOUT_VARIABLE}=SECONDS waits longer"
        ) from exc
    except BaseException:
        client.close()
        raise
    return client


def dask_timeouts() -> tuple[float, float]:
    """Seconds to reach a scheduler given by address, and to wait for it to have a worker:
    :data:`DASK_CONNECT_TIMEOUT` and :data:`DASK_WORKERS_TIMEOUT`, or both the value of the
    environment variable :data:`DASK_TIMEOUT_VARIABLE` when it is set."""
    import math

    from dask.utils import parse_timedelta

    value = os.environ.get(DASK_TIMEOUT_VARIABLE, "").strip()
    if not value:
        return (
            float(parse_timedelta(DASK_CONNECT_TIMEOUT, "seconds")),
            float(parse_timedelta(DASK_WORKERS_TIMEOUT, "seconds")),
        )
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (seconds > 0 and math.isfinite(seconds)):
        raise ResearchUtilsError(
            f"{DASK_TIMEOUT_VARIABLE}={value!r} is not a number of seconds\n"
            f"  fix: give a number greater than 0, e.g. {DASK_TIMEOUT_VARIABLE}=30, or unset it"
        )
    return seconds, seconds


def close_dask(client) -> None:
    """Close ``client`` and the ``LocalCluster`` :func:`dask_client` started for it, if any."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def run_dask(
    func: Callable[[T], R], tasks: Iterable[T], jobs: int, scheduler: str | None
) -> Iterator[tuple[int, R]]:
    """``(task number, func(task))`` from Dask workers, as they finish (submission bounded
    as :func:`_bounded` says, per worker of the cluster)."""
    from distributed import wait

    client = dask_client(jobs, scheduler)

    def first_done(pending: Iterable) -> Iterable:
        return wait(list(pending), return_when="FIRST_COMPLETED").done

    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        submit = lambda task: client.submit(func, task, pure=False)  # noqa: E731
        for number, future in _bounded(submit, first_done, tasks, workers):
            try:
                result = future.result()
            except ModuleNotFoundError as exc:
                raise ResearchUtilsError(
                    f"a Dask worker cannot import {exc.name}\n"
                    "  fix: install the package and the pinned environment (requirements.lock) on "
                    "every worker, and set NLTK_DATA there"
                ) from exc
            future.release()
            yield number, result
    finally:
        close_dask(client)
