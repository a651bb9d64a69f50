"""Exceptions with messages a researcher can act on.

Every error the package raises on bad input is a :class:`ResearchUtilsError`: the
command line prints its message (which names the file, the line or row, and the fix)
and exits with status 2, having written nothing.
"""

from __future__ import annotations

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
