"""Returned coding sheets, read back and checked against the manifest they were made with.

A returned sheet is ``CODER.xlsx`` or ``CODER.csv`` in the study's ``coding/returned/``: the
file name says whose it is. Anything a coder could have changed by mistake is refused with the
file, the row (the spreadsheet's row number; in a CSV file, its line) and the column named:
a header that is not the one written (a renamed, added, removed or moved column), an unknown
unit id or one given to another coder, a unit twice, an edited sentence (its text hash differs
from the manifest's), or a frame cell that is not 0, 1 or blank. In a row with any frame
cell filled, a blank frame cell is 0; a row whose frame cells are all blank was not coded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..files import decode_user_file, iter_csv_records
from .coding import SheetManifest, csv_unescape, sheet_columns, text_hash

SHEET = "coding"
CODEBOOK_SHEET = "codebook"
SUFFIXES = (".xlsx", ".csv")
#: Columns of :func:`read_returned`'s table.
CODE_COLUMNS = ("coder", "unit_id", "frame", "code")

_Row = tuple[int, list[object]]


def column_letter(index: int) -> str:
    """A spreadsheet's letter for the 0-based column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def returned_sheets(folder: Path, manifest: SheetManifest) -> dict[str, Path]:
    """The returned sheet of each coder in ``folder`` (``CODER.xlsx`` or ``CODER.csv``), by coder.

    Hidden files and a spreadsheet's lock files (``~$NAME``) are skipped; another spreadsheet
    format, a file named after no coder of the manifest, and two files of one coder are refused.
    """
    found: dict[str, Path] = {}
    names = ", ".join(manifest.coders)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in (".xls", ".ods", ".numbers", ".tsv"):
            raise InputError(
                path, "is not an .xlsx or .csv file", "save it as .xlsx (or .csv) in the sheet's layout"
            )
        if suffix not in SUFFIXES:
            continue
        if path.stem not in manifest.coders:
            raise InputError(
                path,
                f"the file name names no coder of the sheets ({names})",
                f"name it after its coder, e.g. {manifest.coders[0]}.xlsx",
            )
        if path.stem in found:
            raise InputError(
                path, f"coder {path.stem} has two returned sheets ({found[path.stem].name} too)", "keep one"
            )
        found[path.stem] = path
    if not found:
        raise InputError(
            folder,
            "no returned coding sheets",
            f"put each coder's filled-in sheet here, named after the coder ({names}), "
            f"e.g. {manifest.coders[0]}.xlsx",
        )
    return found


def _xlsx_rows(path: Path) -> Iterator[_Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on a broken file
        raise InputError(
            path, f"cannot be read as an .xlsx workbook ({exc})", "save it again as .xlsx"
        ) from exc
    try:
        if SHEET not in book.sheetnames:
            raise InputError(
                path,
                f"has no sheet named {SHEET!r}",
                f"code on the sheet {SHEET!r} as written; keep its name",
            )
        for number, values in enumerate(book[SHEET].iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[_Row]:
    fix = "save the sheet as CSV (UTF-8) with its header row as written"
    text = decode_user_file(path, path.read_bytes(), fix=fix)
    names = [name.strip() for name in next(csv.reader(io.StringIO(text, newline="")), [])]
    yield 1, list(names)
    for line, record in iter_csv_records(path, text, required=(), header_fix=fix):
        yield line, [csv_unescape(record.get(name, "")) for name in names]


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def _code(value: object) -> int | None:
    """0 or 1 for a filled frame cell, None for a blank one; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip() in ("0", "1", "0.0", "1.0"):
        return int(float(value.strip()))
    raise ValueError(value)


def _check_header(path: Path, header: list[object], expected: list[str], line: int | None) -> None:
    """Refuse a header row that is not ``expected`` (renamed, added, removed or moved columns)."""
    names = [_cell_text(v).strip() for v in header]
    while names and not names[-1]:
        names.pop()
    for index in range(max(len(names), len(expected))):
        got = names[index] if index < len(names) else ""
        want = expected[index] if index < len(expected) else ""
        if got != want:
            raise InputError(
                path,
                f"row 1, column {column_letter(index)}: the header is {got!r} where the sheet had {want!r}"
                if want
                else f"row 1, column {column_letter(index)}: a column {got!r} the sheet did not have",
                f"restore the header row as written: {', '.join(expected)} (frame columns keep the "
                "codebook's ids, in order; add no column, remove none, move none)",
                line,
            )


class _Sheet:
    """One returned sheet being checked: names the file, row and column in every refusal."""

    def __init__(self, path: Path, coder: str, manifest: SheetManifest) -> None:
        self.path, self.coder, self.manifest = path, coder, manifest
        self.is_csv = path.suffix.lower() == ".csv"
        self.expected = sheet_columns(manifest.frames, show_outlet=manifest.show_outlet)
        self.position = {name: i for i, name in enumerate(self.expected)}
        self.units = manifest.units.set_index("unit_id")
        self.seen: dict[str, int] = {}

    def fail(self, row: int, column: str, problem: str, fix: str) -> InputError:
        where = f"row {row}, column {column_letter(self.position[column])} ({column})"
        return InputError(self.path, f"{where}: {problem}", fix, row if self.is_csv else None)

    def unit(self, row: int, values: list[object]) -> str:
        """The row's unit id, checked: known, on this coder's sheet, once, its sentence unedited."""
        unit = _cell_text(values[0]).strip() if values else ""
        if unit not in self.units.index:
            problem = f"unknown unit id {unit!r}" if unit else "no unit id"
            raise self.fail(row, "unit_id", problem, "keep the unit ids as written; add no rows")
        if self.coder not in str(self.units.at[unit, "coders"]).split(";"):
            raise self.fail(
                row,
                "unit_id",
                f"unit {unit} is not on {self.coder}'s sheet",
                "check that the file is this coder's (its name names the coder)",
            )
        if unit in self.seen:
            raise self.fail(
                row,
                "unit_id",
                f"unit {unit} appears twice (also row {self.seen[unit]})",
                "keep one row per unit",
            )
        self.seen[unit] = row
        column = self.position["sentence"]
        text = _cell_text(values[column]) if column < len(values) else ""
        if text_hash(text) != self.units.at[unit, "sha256"]:
            raise self.fail(
                row,
                "sentence",
                f"the sentence of unit {unit} was edited",
                "restore the sentence as written (coders code the text as given; write remarks in notes)",
            )
        return unit

    def codes(self, row: int, values: list[object]) -> dict[str, int | None]:
        """The row's frame codes: 0, 1, or None (blank); anything else refused."""
        codes = {}
        for frame in self.manifest.frames:
            index = self.position[frame]
            value = values[index] if index < len(values) else None
            try:
                codes[frame] = _code(value)
            except ValueError:
                raise self.fail(
                    row,
                    frame,
                    f"{value!r} is not 0, 1 or blank",
                    "write 1 where the sentence carries the frame, 0 or nothing where it does not",
                ) from None
        return codes


def read_sheet(path: Path, coder: str, manifest: SheetManifest) -> pd.DataFrame:
    """One returned sheet, checked (module docstring); one row per coded unit and frame:
    ``coder``, ``unit_id``, ``frame``, ``code`` (0/1), in the sheet's order."""
    sheet = _Sheet(path, coder, manifest)
    rows = _csv_rows(path) if sheet.is_csv else _xlsx_rows(path)
    _, header = next(rows, (1, []))
    _check_header(path, header, sheet.expected, 1 if sheet.is_csv else None)
    records: list[tuple[str, str, str, int]] = []
    for row, values in rows:
        if all(_cell_text(v).strip() == "" for v in values):
            continue
        unit = sheet.unit(row, values)
        codes = sheet.codes(row, values)
        if any(code is not None for code in codes.values()):
            records.extend((coder, unit, frame, code or 0) for frame, code in codes.items())
    return pd.DataFrame(records, columns=list(CODE_COLUMNS)).astype({"code": "int64"})


def read_returned(folder: Path, manifest: SheetManifest) -> pd.DataFrame:
    """Every coder's returned sheet in ``folder``, checked; rows by coder, then sheet order."""
    parts = [read_sheet(path, coder, manifest) for coder, path in returned_sheets(folder, manifest).items()]
    return pd.concat(parts, ignore_index=True)
