"""Files: atomic, deterministic writing, checksums, and the one reader of users' CSV files.

Every file is written to a temporary file in the destination folder and renamed into
place (:func:`write_atomic`, :func:`atomic_outputs`), so a reader never sees a half-written
file. CSV output is UTF-8 with ``\\n`` line endings and no index; :func:`csv_rows` gives
exactly the bytes ``DataFrame.to_csv`` would. :func:`read_user_csv` reads every CSV file a
user writes (metadata, terms map, actor table, reporting verbs, codings) with the same
checks and messages: file, line and fix.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

import numpy as np
import pandas as pd

from .errors import InputError

#: Largest CSV field accepted (the csv module's default, 131,072 characters, is one long article).
_FIELD_LIMIT = 2**31 - 1


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` then rename the temporary file onto ``path``."""
    with atomic_outputs([path]) as (tmp,):
        write(tmp)
    return Path(path)


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` newlines, atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def to_csv_file(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as CSV (no index, UTF-8, ``\\n``) to ``path`` as it is (not atomic).

    Minimal quoting, as :func:`csv_rows`; and as there, when a text cell holds a carriage
    return every text field is quoted (``csv.QUOTE_NONNUMERIC``), because the minimal rule
    leaves a lone ``\\r`` unquoted and a CSV reader would end the row there. Tables without
    one are written byte for byte as before.
    """
    with open(path, "w", encoding="utf-8", newline="") as out:
        _write_csv(df, out)


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as the CSV text :func:`to_csv_file` writes (for a file written with other parts)."""
    out = io.StringIO()
    _write_csv(df, out)
    return out.getvalue()


#: Rows the fast writer formats at a time (memory stays bounded for long tables).
_CSV_CHUNK_ROWS = 100_000
#: Characters that make the minimal rule quote a field (no ``\\r``: see :func:`_quoting`).
_NEEDS_QUOTES = r'[,"\n]'


def _write_csv(df: pd.DataFrame, out: TextIO) -> None:
    """``DataFrame.to_csv(index=False, lineterminator="\\n")`` with :func:`_quoting`, into
    ``out``: through :func:`_csv_lines` when it can, else through pandas."""
    quoting = _quoting(df)
    if quoting != csv.QUOTE_MINIMAL or df.shape[1] < 2 or not all(map(_arrow_writable, df.dtypes)):
        df.to_csv(out, index=False, lineterminator="\n", quoting=quoting)
        return
    out.write(pd.DataFrame(columns=df.columns).to_csv(index=False, lineterminator="\n"))
    for start in range(0, len(df), _CSV_CHUNK_ROWS):
        out.write(_csv_lines(df.iloc[start : start + _CSV_CHUNK_ROWS]))


def _arrow_writable(dtype: object) -> bool:
    """Whether :func:`_csv_lines` writes columns of ``dtype`` (NumPy numbers and booleans,
    text)."""
    if isinstance(dtype, np.dtype):
        return dtype.kind in "biuf"
    return isinstance(dtype, pd.StringDtype)


def _csv_lines(df: pd.DataFrame) -> str:
    """The CSV lines pandas writes for the rows of ``df`` (minimal quoting, no ``\\r`` in
    any text, at least two columns), built column by column with Arrow's string kernels.

    Written by hand because pandas formats and quotes every cell in Python (most of the
    time the analyse stage spends writing its tables) and Arrow's own CSV writer quotes
    every text field and spells numbers and booleans differently; ``tests`` compare the
    two writers on random tables. Floats are NumPy's shortest repr, as pandas writes them,
    each distinct value formatted once; missing values are empty fields.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    fields = []
    for _, column in df.items():
        kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
        if kind == "f":
            values = column.to_numpy(dtype=np.float64)
            text = each_distinct(values, lambda distinct: distinct.astype(str).astype(object))
            text[np.isnan(values)] = ""
            fields.append(pa.array(text, type=pa.string()))
        elif kind in "iu":
            fields.append(pc.cast(pa.array(column.to_numpy()), pa.string()))
        elif kind == "b":
            fields.append(pc.if_else(pa.array(column.to_numpy()), "True", "False"))
        else:
            text = pc.fill_null(pa.array(column, type=pa.string(), from_pandas=True), "")
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
            fields.append(pc.if_else(pc.match_substring_regex(text, _NEEDS_QUOTES), quoted, text))
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*fields, ","), "", "\n")
    return "".join(lines.to_pylist())


def each_distinct(values: np.ndarray, convert: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``convert`` (of an array) applied once to each distinct float of ``values`` and spread
    back to every position: tables repeat their numbers (counts, p-values), and formatting is
    per value. Distinct means distinct bits, so ``-0.0`` and ``0.0`` stay apart."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    _, first, where = np.unique(values.view(np.int64), return_index=True, return_inverse=True)
    return convert(values[first])[where.reshape(-1)]


def _quoting(df: pd.DataFrame) -> Literal[0, 2]:
    """Minimal quoting, or every text field quoted when one holds a carriage return."""
    return csv.QUOTE_NONNUMERIC if _holds_carriage_return(df) else csv.QUOTE_MINIMAL


def _holds_carriage_return(df: pd.DataFrame) -> bool:
    """True when a text cell or a column name of ``df`` contains ``\\r``."""
    if any("\r" in str(name) for name in df.columns):
        return True
    for _, column in df.items():
        if column.dtype.kind in "biufcmM":  # numbers, booleans, dates: never a \r
            continue
        if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
            if column.str.contains("\r", regex=False).any():  # vectorised (pyarrow strings)
                return True
        elif any(isinstance(v, str) and "\r" in v for v in column.array):
            return True
    return False


@contextlib.contextmanager
def atomic_outputs(paths: Iterable[str | Path], *, remove: Iterable[str | Path] = ()) -> Iterator[list[Path]]:
    """Temporary files beside ``paths``, put in place of them when the block succeeds.

    Yields the temporary paths (in the order of ``paths``). If the block raises, every
    temporary file is removed and the destinations are left as they were. Files of one
    folder change together, with ``remove`` (files of that folder to delete), as one
    commit (:func:`research_utils.outputs.commit_files`): all or none of them.
    """
    from .outputs import commit_files

    final = [Path(p) for p in paths]
    temps: list[Path] = []
    try:
        for path in final:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(Path(name))
        yield list(temps)
        folders = {path.parent for path in final}
        if len(final) == 1 and not remove:
            os.chmod(temps[0], 0o644)
            os.replace(temps[0], final[0])
        elif len(folders) == 1:
            stale = [Path(p) for p in remove]
            commit_files(folders.pop(), dict(zip(temps, final, strict=True)), remove=stale)
        else:
            raise ValueError("atomic_outputs: files of one folder only")
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


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
    if any(col and isinstance(col[0], str) and "\r" in "".join(col) for col in columns):  # type: ignore[arg-type]
        plain = csv.writer(buffer, lineterminator="\n")
        quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        for row in rows:
            (quoted if any(isinstance(v, str) and "\r" in v for v in row) else plain).writerow(row)
    else:
        csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def sha256_file(path: str | Path) -> str:
    """The SHA-256 hex digest of a file's bytes (``hashlib.file_digest``)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --------------------------------------------------------------------------- users' CSV files


def decode_user_file(path: Path, data: bytes, *, fix: str) -> str:
    """``data`` as text: UTF-8, a leading byte-order mark dropped; refuses binary data and
    other encodings, naming the line and byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            path, "binary file (contains NUL bytes), not text", fix, data.count(b"\n", 0, nul) + 1
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = bom + exc.start  # an offset in the file, the byte-order mark counted
        raise InputError(
            path,
            f"not UTF-8 (byte {start}: {data[start : start + 1]!r})",
            "re-save the file as UTF-8 (e.g. iconv -f cp1252 -t utf-8)",
            data.count(b"\n", 0, start) + 1,
        ) from exc


def iter_csv_records(
    path: Path,
    text: str,
    *,
    required: Sequence[str],
    header_fix: str,
    labels: Mapping[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, column → value) for each record of CSV ``text``.

    Header names are stripped; a repeated or missing required name is refused (line 1);
    ``labels`` says how the message names a missing column (default: its name). A record
    with more fields than the header is refused; missing trailing fields are empty; blank
    lines are skipped. Values are returned as written.
    """
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))  # long articles are valid fields
    # strict: a quote left open at the end of the file, or text after a closing quote, is an
    # error (not a field that silently swallows the rest of the file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end = 0  # the line the previous record ended on: the next one starts after it
    try:
        header = [h.strip() for h in next(reader, [])]
        repeated = sorted({h for h in header if h and header.count(h) > 1})
        if repeated:
            raise InputError(
                path, f"column name(s) {', '.join(repeated)} appear more than once", header_fix, 1
            )
        missing = [(labels or {}).get(c, c) for c in required if c not in header]
        if missing:
            raise InputError(path, f"missing required column(s): {', '.join(missing)}", header_fix, 1)
        end = reader.line_num
        for record in reader:
            line, end = end + 1, reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if len(record) > len(header):
                raise InputError(
                    path, "more fields than the header has", "quote fields that contain commas", line
                )
            yield (
                line,
                {name: value for name, value in zip(header, record, strict=False) if name}
                | {name: "" for name in header[len(record) :] if name},
            )
    except csv.Error as exc:
        raise InputError(
            path,
            f"malformed CSV: {exc} (the record starting on this line, read up to line {reader.line_num})",
            "check the quoting of this record: a field holding commas, quotes or line breaks is "
            'written in double quotes, with each quote inside it doubled ("")',
            end + 1,
        ) from exc


def read_user_csv(
    path: str | Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    what: str,
    fix: str,
    allow_empty: bool = False,
) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV file a user wrote: ``(line, row)`` per record, values stripped.

    ``row`` holds the ``required`` and ``optional`` columns (absent optional columns are
    empty; other columns are ignored). ``what`` names the file in messages (``"actor
    table"``) and ``fix`` says what a good file looks like. Raises
    :class:`~research_utils.errors.InputError` naming the file, the line and the fix for a
    missing file, bytes that are not UTF-8, a binary file, a repeated or missing required
    column, a malformed record and a file with no records (unless ``allow_empty``: an
    instrument a new study fills in later). A UTF-8 byte-order mark is accepted.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, f"{what} not found", fix) from None
    except IsADirectoryError:
        raise InputError(path, f"{what} is a folder, not a CSV file", fix) from None
    text = decode_user_file(path, data, fix=fix)
    wanted = (*required, *optional)
    rows = [
        (line, {c: (values.get(c) or "").strip() for c in wanted})
        for line, values in iter_csv_records(path, text, required=required, header_fix=fix)
    ]
    if not rows and not allow_empty:
        raise InputError(path, f"the {what} has no rows", fix)
    return rows


def read_user_yaml(path: str | Path, *, what: str, fix: str) -> Any:
    """Read a YAML file a user wrote; every mapping gets its line as ``__line__`` (for messages).

    Raises :class:`~research_utils.errors.InputError` naming the file (and line) for a
    missing file, bytes that are not UTF-8 and invalid YAML.
    """
    import yaml

    class LineLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found", fix)
    try:
        return yaml.load(decode_user_file(path, path.read_bytes(), fix=fix), Loader=LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, f"not valid YAML: {problem}", "fix the YAML syntax", line) from exc
