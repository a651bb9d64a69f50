"""Reading and writing the pipeline's tables: atomic, deterministic, one format.

Every table is written to a temporary file in the destination folder and renamed
into place, so a reader never sees a half-written file and a failed run leaves the
previous file untouched. CSV output is UTF-8 with ``\\n`` line endings and no index,
so the same DataFrame always gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def write_atomic(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then rename the temporary file onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return path


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` newlines, atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as CSV (no index, UTF-8, ``\\n``), atomically."""
    return write_atomic(path, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n"))


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a table the pipeline wrote, keeping empty strings as empty strings."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], **kwargs)
