"""Reading and writing the pipeline's files: atomic and deterministic.

Every file is written to a temporary file in the destination folder and renamed into
place, so a reader never sees a half-written file and a failed run leaves the previous
file untouched (:func:`write_atomic`, or :func:`atomic_outputs` for several files written
piece by piece). CSV output is UTF-8 with ``\\n`` line endings and no index, so the same
DataFrame always gives the same bytes; :func:`csv_rows` writes rows in exactly the bytes
``DataFrame.to_csv`` would, without building a DataFrame.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    return write_atomic(path, lambda tmp: to_csv_file(df, tmp))


def to_csv_file(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as CSV (no index, UTF-8, ``\\n``) to ``path`` as it is (not atomic)."""
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a table the pipeline wrote, keeping empty strings as empty strings."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], **kwargs)


@contextlib.contextmanager
def atomic_outputs(paths: Iterable[str | Path]) -> Iterator[list[Path]]:
    """Temporary files beside ``paths``, renamed onto them when the block succeeds.

    Yields the temporary paths (in the order of ``paths``). If the block raises, every
    temporary file is removed and the destinations are left as they were.
    """
    final = [Path(p) for p in paths]
    temps: list[Path] = []
    try:
        for path in final:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(Path(tmp))
        yield list(temps)
        for tmp, path in zip(temps, final, strict=True):
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def csv_rows(columns: Sequence[Sequence[object]]) -> str:
    """Rows given as ``columns`` (equal-length sequences) as CSV text, without a header.

    Byte for byte what ``DataFrame.to_csv(index=False, lineterminator="\\n")`` writes for
    those rows: both use Python's ``csv`` writer (minimal quoting; integers and booleans as
    ``str`` gives them). One addition: when a text column holds a carriage return, its rows
    are written with every text field quoted, because the minimal rule leaves a lone
    ``\\r`` unquoted and CSV readers (pandas too) would take it for the end of a row.
    """
    buffer = io.StringIO()
    rows = zip(*columns, strict=True)
    if any(col and isinstance(col[0], str) and "\r" in "".join(col) for col in columns):
        plain = csv.writer(buffer, lineterminator="\n")
        quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        for row in rows:
            (quoted if any(isinstance(v, str) and "\r" in v for v in row) else plain).writerow(row)
    else:
        csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def sha256_file(path: str | Path) -> str:
    """The SHA-256 hex digest of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
