"""Progress bars and one-line reports for long steps (quiet unless asked for).

Bars are tqdm's, on standard error, shown only for work lasting over two seconds; library
calls show none unless ``progress=True``, so notebooks never store one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

#: Receives one-line reports (``print`` on the command line, ``None`` for silence).
Log = Callable[[str], None] | None


def say(log: Log, message: str) -> None:
    """Pass ``message`` to ``log`` unless it is None."""
    if log is not None:
        log(message)


class _NoBar(contextlib.AbstractContextManager):
    """Stands in for a progress bar when there is none (tqdm would start a thread)."""

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Nothing to show."""


def progress_bar(progress: bool, total: int, desc: str, unit: str = "doc") -> Any:
    """A tqdm progress bar on standard error, shown only if the work lasts over 2 s."""
    if not progress:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, delay=2.0, leave=False)
