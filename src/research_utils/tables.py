"""Reading and writing the pipeline's tables, CSV or Parquet, with their declared types.

Columns, types and meanings are declared in :mod:`research_utils.schemas`. Writers order
columns and round floats from the declarations (one policy, :func:`round_floats`: decimals
from :data:`~research_utils.config.FLOAT_DECIMALS`, p-values to significant digits), so
the same rows always give the same bytes. The large tables (:data:`PARQUET_TABLES`) may be
Parquet files instead of CSV; :func:`read_table` reads either, and a folder holds one file
per table, since writing a table in one format removes its file in the other.
:class:`TableWriter` writes a table piece by piece, so a large table is never held in
memory whole.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd

from .config import FLOAT_DECIMALS, SIGNIFICANT_DIGITS
from .errors import MissingTableError, ResearchUtilsError
from .files import atomic_outputs, csv_rows, each_distinct, to_csv_file, write_atomic
from .schemas import SCHEMAS, STAGES

TableFormat = Literal["csv", "parquet"]


def columns(table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [c.name for c in SCHEMAS[table]]


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns."""
    return {c.name: c.dtype for c in SCHEMAS[table]}


@functools.cache
def _resolved_dtypes(table: str) -> dict[str, Any]:
    """:func:`dtypes` as dtype objects (``"string"`` compares equal to any string dtype)."""
    return {name: pd.api.types.pandas_dtype(dtype) for name, dtype in dtypes(table).items()}


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row DataFrame with ``table``'s columns and types."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in SCHEMAS[table]})


def as_table(table: str, data: Mapping[str, Any] | pd.DataFrame) -> pd.DataFrame:
    """``data`` as ``table``: declared columns, in order, with declared types."""
    if isinstance(data, pd.DataFrame):
        frame = data[columns(table)]
        converted = {c: t for c, t in _resolved_dtypes(table).items() if frame[c].dtype != t}  # others stay
        return (frame.astype(converted) if converted else frame).reset_index(drop=True)
    types = dtypes(table)
    return pd.DataFrame({c: pd.array(data[c], dtype=types[c]) for c in columns(table)})


def _significant(values: np.ndarray) -> np.ndarray:
    """``values`` rounded to :data:`~research_utils.config.SIGNIFICANT_DIGITS` significant
    digits, by the C-level % formatting of a Python list (twice as fast as f-strings)."""
    pattern = f"%.{SIGNIFICANT_DIGITS}g"
    return np.array([pattern % v for v in values.tolist()], dtype=float)


def round_floats(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (columns of ``table``) with its float columns rounded as declared.

    Floats keep :data:`~research_utils.config.FLOAT_DECIMALS` decimals (``-0.0`` becomes
    ``0.0``); columns declared ``significant`` (p-values) keep
    :data:`~research_utils.config.SIGNIFICANT_DIGITS` significant digits. Applied by every
    writer, so written files are byte-stable across machines.
    """
    out = df.copy()
    for column in SCHEMAS[table]:
        if column.dtype != "float64" or column.name not in out:
            continue
        values = out[column.name].to_numpy(dtype=float)
        if column.significant:
            out[column.name] = each_distinct(values, _significant)
        else:
            out[column.name] = np.round(values, FLOAT_DECIMALS) + 0.0
    return out


FORMATS: tuple[TableFormat, ...] = ("csv", "parquet")
#: Tables that may be written as Parquet; the others are always CSV.
PARQUET_TABLES = ("sentences", "tokens")
#: Rows per Parquet row group (the last may have fewer): fixed, so that a file's bytes
#: depend on its rows only, not on how they were written piece by piece.
ROW_GROUP_ROWS = 100_000
#: Writer options (pinned pyarrow): the same rows give the same bytes.
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "version": "2.6", "use_dictionary": True}
_SUFFIXES = {"csv": ".csv", "parquet": ".parquet"}
_ARROW_TYPES = {"string": "string", "int64": "int64", "bool": "bool_", "float64": "float64"}
_PARSE_CHUNK = 16 << 20  # CSV bytes gathered before converting them to Arrow (Parquet output)


def path_of(table: str, out_dir: str | Path, fmt: TableFormat | None = None) -> Path:
    """Where ``table`` lives in a processed folder.

    With ``fmt`` (``"csv"`` or ``"parquet"``): that format's file. Without: the Parquet
    file if there is one and no CSV file, else the CSV file.
    """
    folder = Path(out_dir)
    if fmt is not None:
        if fmt not in _SUFFIXES:
            raise ResearchUtilsError(f"unknown table format {fmt!r}\n  fix: use one of {', '.join(FORMATS)}")
        return folder / f"{table}{_SUFFIXES[fmt]}"
    parquet, csv_path = folder / f"{table}.parquet", folder / f"{table}.csv"
    return parquet if parquet.is_file() and not csv_path.is_file() else csv_path


def other_formats(table: str, out_dir: str | Path, fmt: TableFormat) -> list[Path]:
    """``table``'s files in formats other than ``fmt`` (stale copies readers must not see)."""
    return [path_of(table, out_dir, other) for other in FORMATS if other != fmt]


def remove_other_formats(table: str, out_dir: str | Path, fmt: TableFormat) -> None:
    """Delete ``table``'s file in formats other than ``fmt``."""
    for path in other_formats(table, out_dir, fmt):
        path.unlink(missing_ok=True)


def write_table(table: str, df: pd.DataFrame, out_dir: str | Path, fmt: TableFormat = "csv") -> Path:
    """Write ``df`` as ``table`` into ``out_dir`` (atomic, deterministic); return the path.

    Columns are put in declared order and types, floats rounded (:func:`round_floats`).
    ``fmt`` is ``"csv"`` or, for :data:`PARQUET_TABLES`, ``"parquet"``. The table's file
    in the other format, if any, is removed.
    """
    _check_format(table, fmt)
    path = path_of(table, out_dir, fmt)
    frame = round_floats(table, as_table(table, df))
    if fmt == "csv":
        write_atomic(path, lambda tmp: to_csv_file(frame, tmp))
    else:
        import pyarrow as pa

        data = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)

        def write(tmp: Path) -> None:
            with TableWriter(table, tmp, "parquet") as writer:
                writer.append_arrow(data.replace_schema_metadata(None))

        write_atomic(path, write)
    remove_other_formats(table, out_dir, fmt)
    return path


def write_tables(frames: Mapping[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """Write several tables as CSV into ``out_dir`` together: each is written to a temporary
    file first, and all replace the old ones in one commit once every one is written
    (:func:`research_utils.outputs.commit_files`: a crash leaves all old or all new)."""
    paths = {name: path_of(name, out_dir, "csv") for name in frames}
    stale = [path for name in frames for path in other_formats(name, out_dir, "csv")]
    with atomic_outputs(paths.values(), remove=stale) as temps:
        for (name, df), tmp in zip(frames.items(), temps, strict=True):
            to_csv_file(round_floats(name, as_table(name, df)), tmp)
    return paths


def _table_file(table: str, out_dir: str | Path) -> Path:
    """The file holding ``table`` in ``out_dir`` (CSV or Parquet), refusing none or both."""
    csv_path, parquet = path_of(table, out_dir, "csv"), path_of(table, out_dir, "parquet")
    if csv_path.is_file() and parquet.is_file():
        raise ResearchUtilsError(
            f"{Path(out_dir)}: both {csv_path.name} and {parquet.name} exist, so which one is current "
            "is unclear\n  fix: rerun `research-utils prepare` (it keeps one), or delete the stale file"
        )
    if parquet.is_file():
        return parquet
    if not csv_path.is_file():
        raise MissingTableError(
            f"{csv_path} not found\n  fix: run `research-utils {STAGES[table]}` first, or pass its folder"
        )
    return csv_path


def read_table(table: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table, CSV or Parquet, with its declared column types.

    A missing file raises ``FileNotFoundError`` naming the command that makes it.
    """
    path = _table_file(table, out_dir)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return as_table(table, pq.read_table(path).to_pandas())
    frame = pd.read_csv(path, dtype=dtypes(table), keep_default_na=False, na_values=[""])
    return as_table(table, frame)


def iter_table_chunks(
    table: str, out_dir: str | Path, *, rows: int = 200_000, columns: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """A processed table in pieces of about ``rows`` rows, in file order, each typed as
    :func:`read_table` types the whole table (Parquet: by record batch; CSV: by chunk of
    lines), so memory holds one piece at a time. ``columns``: only these (declared) columns,
    in this order; the others are not read."""
    return iter_file_chunks(table, _table_file(table, out_dir), rows=rows, columns=columns)


def iter_file_chunks(
    table: str, path: Path, *, rows: int = 200_000, columns: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """:func:`iter_table_chunks` of the file at ``path`` (Parquet if it starts as one, else
    CSV), whatever its name: a table being written, before it is renamed into place."""
    types = dtypes(table)
    names = list(columns) if columns is not None else None
    if names is not None and set(names) - set(types):
        raise ValueError(f"{table} has no column(s) {sorted(set(names) - set(types))}")

    def typed(piece: pd.DataFrame) -> pd.DataFrame:
        if names is None:
            return as_table(table, piece)
        return piece[names].astype({n: types[n] for n in names}).reset_index(drop=True)

    with path.open("rb") as fh:
        parquet = fh.read(4) == b"PAR1"
    if parquet:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=rows, columns=names):
            yield typed(pa.Table.from_batches([batch]).to_pandas())
        return
    read = {n: types[n] for n in names} if names is not None else types
    options: dict[str, Any] = {"dtype": read, "keep_default_na": False, "na_values": [""]}
    with pd.read_csv(path, chunksize=rows, usecols=names, **options) as reader:
        for chunk in reader:
            yield typed(chunk)


def read_tables(
    names: Iterable[str], *, processed_dir: str | Path, analysed_dir: str | Path
) -> dict[str, pd.DataFrame]:
    """Several tables by name, each from the folder of the stage that writes it."""
    folders = {"prepare": processed_dir, "analyse": analysed_dir}
    return {name: read_table(name, folders[STAGES[name]]) for name in names}


def arrow_schema(table: str):
    """The ``pyarrow`` schema of ``table`` (declared columns and types, no metadata)."""
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, _ARROW_TYPES[c.dtype])()) for c in SCHEMAS[table]])


def encode_rows(table: str, data: Mapping[str, list]) -> bytes:
    """Rows of ``table`` (columns as lists) as UTF-8 CSV without a header: the bytes
    :func:`write_table` would write for them (see :func:`research_utils.files.csv_rows`)."""
    return csv_rows([data[c] for c in columns(table)]).encode("utf-8")


def _check_format(table: str, fmt: str) -> None:
    if fmt not in FORMATS:
        raise ResearchUtilsError(f"unknown table format {fmt!r}\n  fix: use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and table not in PARQUET_TABLES:
        raise ResearchUtilsError(
            f"{table}: only {' and '.join(PARQUET_TABLES)} can be written as Parquet\n  fix: write it as CSV"
        )


class TableWriter:
    """Write ``table`` to ``path`` piece by piece; use as a context manager.

    :meth:`append` takes rows as :func:`encode_rows` gives them. CSV: the header, then the
    rows as they come. Parquet: row groups of exactly :data:`ROW_GROUP_ROWS` rows, with
    the fixed :data:`PARQUET_OPTIONS`; at most one row group and one 16 MB piece of rows
    are in memory. Either way the file's bytes depend on the rows only.
    """

    def __init__(self, table: str, path: str | Path, fmt: str) -> None:
        _check_format(table, fmt)
        self.table, self.path, self.fmt = table, Path(path), fmt
        self._csv: IO[bytes] | None = None
        self._pending = bytearray()  # CSV rows not yet converted (Parquet)
        self._groups: list = []  # Arrow tables not yet written (Parquet)
        self._buffered = 0
        self._parquet = None
        if fmt == "csv":
            self._csv = open(self.path, "wb")  # noqa: SIM115 (closed in close())
            self._csv.write((",".join(columns(table)) + "\n").encode("utf-8"))
        else:
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self.path, arrow_schema(table), **PARQUET_OPTIONS)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def append(self, rows: bytes) -> None:
        """Add CSV rows (no header) of this table."""
        if self._csv is not None:
            self._csv.write(rows)
            return
        self._pending += rows
        if len(self._pending) >= _PARSE_CHUNK:
            self._convert_pending()

    def append_arrow(self, data) -> None:
        """Add rows as a ``pyarrow.Table`` with :func:`arrow_schema` (Parquet only)."""
        self._groups.append(data)
        self._buffered += data.num_rows
        while self._buffered >= ROW_GROUP_ROWS:
            self._write_group(ROW_GROUP_ROWS)

    def close(self) -> None:
        """Write what is buffered and close the file."""
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self._parquet is not None:
            self._convert_pending()
            if self._buffered:
                self._write_group(self._buffered)
            self._parquet.close()
            self._parquet = None

    def _convert_pending(self) -> None:
        if not self._pending:
            return
        import pyarrow as pa
        import pyarrow.csv as pacsv

        schema = arrow_schema(self.table)
        data = pacsv.read_csv(
            pa.py_buffer(bytes(self._pending)),
            read_options=pacsv.ReadOptions(column_names=schema.names),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=schema,
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                true_values=["True"],
                false_values=["False"],
            ),
        )
        self._pending = bytearray()
        self.append_arrow(data)

    def _write_group(self, n: int) -> None:
        import pyarrow as pa

        data = pa.concat_tables(self._groups)
        # one contiguous chunk per column: page boundaries then depend on the rows only
        assert self._parquet is not None
        self._parquet.write_table(data.slice(0, n).combine_chunks(), row_group_size=n)
        rest = data.slice(n)
        self._groups = [rest] if rest.num_rows else []
        self._buffered = rest.num_rows
