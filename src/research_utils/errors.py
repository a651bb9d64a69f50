"""Exceptions with messages a researcher can act on.

Every error the package raises on bad input is a :class:`ResearchUtilsError`: the
command line prints its message (which names the file, the line or row, and the fix)
and exits with status 2, having written nothing.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path


class ResearchUtilsError(Exception):
    """Base class for errors reported to the user as one clear message."""


class InputError(ResearchUtilsError):
    """Bad input: names the file (and line), what is wrong and what to do."""

    def __init__(self, path: str | Path, problem: str, fix: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.fix = fix
        where = f"{self.path}" + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {problem}\n  fix: {fix}")


class MissingResourcesError(ResearchUtilsError):
    """One or more NLTK data packages the project needs cannot be found."""


class MissingTableError(ResearchUtilsError, FileNotFoundError):
    """A table a step reads has not been written yet: names the command that writes it."""


class MissingFigureError(ResearchUtilsError, FileNotFoundError):
    """A figure a notebook shows has not been saved yet: names the notebook that draws it."""


#: What to do about an operating-system failure the user causes or can fix, by ``errno``
#: (permissions, a read-only or full disk, a path that is missing or of the wrong kind).
#: Any other ``OSError`` is left to show as a traceback: it is a bug to report.
_PERMISSION_FIX = (
    "give yourself permission to write there (e.g. chmod -R u+rwX on the folder), "
    "or choose another folder (--out DIR)"
)
_OS_ERROR_FIXES = {
    errno.EACCES: _PERMISSION_FIX,
    errno.EPERM: _PERMISSION_FIX,
    errno.EROFS: "that disk is mounted read-only: choose a folder on a writable disk (--out DIR)",
    errno.ENOSPC: "free space on that disk, or write elsewhere (--out DIR), then run the command again",
    errno.EDQUOT: "your disk quota is used up: free space or ask for more quota, or write elsewhere "
    "(--out DIR), then run the command again",
    errno.ENOENT: "check the path: it, or a folder on it, does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
    errno.EISDIR: "the path is a folder where a file is expected: give a file's path",
    errno.ENAMETOOLONG: "choose a shorter path",
}
#: Failures that concern the whole disk, so they are reported even without a path.
_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


class PathError(ResearchUtilsError):
    """An operating-system failure on a path that the user can fix (permissions, a full or
    read-only disk, a missing folder): names the path, what the system said and the fix."""

    def __init__(self, path: str | None, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}\n  fix: {fix}" if path else f"{problem}\n  fix: {fix}")

    @classmethod
    def from_os_error(cls, exc: OSError) -> PathError | None:
        """The user's side of ``exc``, or ``None`` when ``exc`` is not one of the failures of
        :data:`_OS_ERROR_FIXES` on a path (then it is a bug, and should show as one)."""
        fix = _OS_ERROR_FIXES.get(exc.errno) if exc.errno is not None else None
        named = (exc.filename, exc.filename2)
        paths = [os.fsdecode(p) for p in named if isinstance(p, str | bytes | os.PathLike)]
        if fix is None or (not paths and exc.errno not in _DISK_ERRNOS):
            return None
        problem = exc.strerror or os.strerror(exc.errno or 0)
        return cls(" -> ".join(paths) or None, problem, fix)


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal (Ctrl-C's SIGINT, or SIGTERM): the command line
    reports it in one line and exits with status 128 + the signal's number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        self.signum = int(signum)
        super().__init__(signal.Signals(self.signum).name)

    @staticmethod
    def raise_on_signal(signum: int, frame: object) -> None:
        """A signal handler (``signal.signal(signal.SIGTERM, Interrupted.raise_on_signal)``)
        that makes a signal stop the command as Ctrl-C does."""
        raise Interrupted(signum)
