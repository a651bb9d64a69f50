"""Worker processes of the local engine that die with their parent and leave Ctrl-C to it.

:func:`start_worker` runs first in every worker process (the pool's initializer):
SIGINT ignored (a terminal sends Ctrl-C to the whole process group; the parent handles it),
SIGTERM back to its default, and :func:`watch_parent`. :func:`stop_workers` ends the
workers of a pool whose results are no longer wanted.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: How often a worker process checks that the process that started it is alive.
PARENT_POLL_SECONDS = 0.5


def stop_workers(pool: Any) -> None:
    """Terminate the worker processes of a ``ProcessPoolExecutor`` whose results are no
    longer wanted (rather than waiting for the tasks under way to finish)."""
    processes = getattr(pool, "_processes", None) or {}  # private, but there since Python 3.2
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()


def start_worker(parent: int, initializer: Callable[[], None] | None) -> None:
    """First thing in every worker process: die with ``parent``, leave Ctrl-C and SIGTERM
    to it (a terminal sends Ctrl-C to the workers too), then run ``initializer``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    watch_parent(parent)
    if initializer is not None:
        initializer()


def watch_parent(parent: int, interval: float | None = None) -> None:
    """Make this process exit as soon as ``parent`` (the process that started it) dies.

    On Linux the kernel kills it (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); everywhere, a
    daemon thread checks every ``interval`` seconds (default :data:`PARENT_POLL_SECONDS`)
    that this process still has ``parent`` as its parent (an orphan is adopted by another
    process) and otherwise ends the process at once. (The kernel's signal comes when the
    *thread* that started the worker ends: :func:`~research_utils.engine.run_pool` starts
    and feeds its pool from one thread, which outlives it.)
    """
    _kill_on_parent_death()
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)
    thread = threading.Thread(
        target=_poll_parent,
        args=(parent, PARENT_POLL_SECONDS if interval is None else interval),
        name="research-utils-parent-watch",
        daemon=True,
    )
    thread.start()


def _kill_on_parent_death() -> None:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux; nothing elsewhere or if it fails."""
    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):  # no libc symbol: the polling thread still watches
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)


def _poll_parent(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)
