"""``research-utils export --format xlsx``: every table of a study in one workbook.

The first sheet is the data dictionary (table, what a row is, column, type, meaning — from
the table schemas, the same text as the README's dictionary), then one sheet per table the
``prepare`` and ``analyse`` stages wrote, in the dictionary's order, with the comparison also
side by side (one column per outlet, as the report shows it). A table longer than a sheet
holds (1,048,576 rows with the header) is split over numbered sheets — ``tokens 1``,
``tokens 2`` … — and the dictionary and the command's output say so: nothing is left out.
Text that starts like a formula (``=``, ``+``, ``-``, ``@``) is stored as text, never run.
The same tables give the same bytes (fixed time stamps inside the file).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..files import write_atomic
from ..progress import Log, say
from ..study import Study

#: Rows of an Excel sheet, the header included.
EXCEL_ROWS = 1_048_576
#: Longest sheet name Excel allows.
SHEET_NAME_CHARS = 31
DICTIONARY_SHEET = "data dictionary"
SIDE_BY_SIDE_SHEET = "comparison side by side"
#: Stages whose tables a workbook holds (the others are steps a study may not have taken).
EXPORTED_STAGES = ("prepare", "analyse")
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: its name, the table it holds (part of) and the rows."""

    name: str
    table: str
    rows: pd.DataFrame


def exported_tables() -> list[str]:
    """The tables a workbook holds, in the data dictionary's order."""
    from ..schemas import SCHEMAS, STAGES

    return [name for name in SCHEMAS if STAGES[name] in EXPORTED_STAGES]


def sheet_names(table: str, n_rows: int, *, max_rows: int = EXCEL_ROWS - 1) -> list[str]:
    """The sheet name(s) of a table of ``n_rows`` data rows: the table's name, or ``NAME 1``,
    ``NAME 2`` … when it needs more than one sheet (each at most 31 characters)."""
    parts = max(1, -(-n_rows // max_rows))
    if parts == 1:
        return [table[:SHEET_NAME_CHARS]]
    return [f"{table[: SHEET_NAME_CHARS - len(str(parts)) - 1]} {k}" for k in range(1, parts + 1)]


def dictionary_sheet(split: Mapping[str, list[str]], outlets: list[str]) -> pd.DataFrame:
    """The data dictionary: one row per column of every exported table, with the sheet(s)
    holding the table (and the side-by-side comparison's columns when there is a comparison)."""
    from ..schemas import DESCRIPTIONS, SCHEMAS

    rows = [
        {
            "table": name,
            "sheets": ", ".join(split[name]),
            "what a row is": DESCRIPTIONS[name],
            "column": column.name,
            "type": column.dtype,
            "meaning": column.description,
        }
        for name in split
        if name in SCHEMAS
        for column in SCHEMAS[name]
    ]
    if "comparison" not in split:
        return pd.DataFrame(rows)
    wide = "the comparison table side by side: one row per measure, one column per outlet"
    for column, meaning in [
        ("measure", "what is compared"),
        ("what it measures", "how the measure is computed"),
        *[(o, f"the measure's value for {o}") for o in outlets],
    ]:
        rows.append(
            {
                "table": SIDE_BY_SIDE_SHEET,
                "sheets": SIDE_BY_SIDE_SHEET,
                "what a row is": wide,
                "column": column,
                "type": "string",
                "meaning": meaning,
            }
        )
    return pd.DataFrame(rows)


def workbook_sheets(tables: Mapping[str, pd.DataFrame], *, max_rows: int = EXCEL_ROWS - 1) -> list[Sheet]:
    """The workbook's sheets, in order: the dictionary, then every table of ``tables`` (split
    over numbered sheets above ``max_rows`` data rows), the comparison followed by its side-by-
    side form. Pure: reads and writes nothing."""
    from ..analyse import pivot_comparison

    split = {name: sheet_names(name, len(table), max_rows=max_rows) for name, table in tables.items()}
    wide = pivot_comparison(tables["comparison"]).reset_index() if "comparison" in tables else None
    outlets = [] if wide is None else [c for c in wide.columns if c not in ("measure", "what it measures")]
    sheets = [Sheet(DICTIONARY_SHEET, DICTIONARY_SHEET, dictionary_sheet(split, outlets))]
    for name, table in tables.items():
        for k, sheet in enumerate(split[name]):
            sheets.append(Sheet(sheet, name, table.iloc[k * max_rows : (k + 1) * max_rows]))
        if wide is not None and name == "comparison":
            sheets.append(Sheet(SIDE_BY_SIDE_SHEET, SIDE_BY_SIDE_SHEET, wide))
    names = [s.name for s in sheets]
    assert len(set(names)) == len(names) and all(len(n) <= SHEET_NAME_CHARS for n in names), names
    return sheets


def _cell_value(value: Any) -> Any:
    """A pandas value as openpyxl writes it (missing values as empty cells)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``: bold headers, formula-like text stored as text, fixed
    time stamps (the same sheets give the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from .coding import fixed_zip

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        ws.freeze_panes = "A2"
        header = []
        for name in sheet.rows.columns:
            cell = WriteOnlyCell(ws, value=str(name))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for values in sheet.rows.itertuples(index=False):
            row: list[Any] = []
            for value in map(_cell_value, values):
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"  # text, never a formula
                    row.append(cell)
                else:
                    row.append(value)
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue())


def study_tables(study: Study) -> dict[str, pd.DataFrame]:
    """Every exported table of ``study``, read from its processed and analysed folders; a
    missing one raises :class:`~research_utils.errors.MissingTableError` naming the command
    that writes it."""
    from ..report.notebook import StudyNotebook

    nb = StudyNotebook(study)
    return {name: nb.table(name) for name in exported_tables()}


def export_study(study: Study, *, out: str | Path | None = None, log: Log = None) -> Path:
    """Write ``study``'s tables as one workbook to ``out`` (default: ``tables.xlsx`` beside the
    study's report), atomically; says which tables were split over several sheets."""
    path = Path(out) if out is not None else Path(study.report).with_name("tables.xlsx")
    sheets = workbook_sheets(study_tables(study))
    data = workbook_bytes(sheets)
    by_table: dict[str, list[str]] = {}
    for sheet in sheets:
        by_table.setdefault(sheet.table, []).append(sheet.name)
    for table, names in by_table.items():
        if len(names) > 1:
            rows = sum(len(s.rows) for s in sheets if s.table == table)
            say(
                log,
                f"{table}: {rows:,} rows is more than one Excel sheet holds; split over the sheets "
                f"{names[0]} to {names[-1]}",
            )
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
    say(
        log,
        f"wrote {path}: {len(sheets)} sheets (the data dictionary first, then {len(by_table) - 1} tables)",
    )
    return path
