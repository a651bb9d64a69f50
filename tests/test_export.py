"""`research-utils export --format xlsx`: every table of a study in one workbook."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO
from openpyxl import load_workbook

from research_utils.cli import main
from research_utils.errors import MissingTableError
from research_utils.pipeline.export import (
    DICTIONARY_SHEET,
    SIDE_BY_SIDE_SHEET,
    export_study,
    exported_tables,
    workbook_bytes,
    workbook_sheets,
)
from research_utils.schemas import SCHEMAS
from research_utils.study import default_study
from research_utils.tables import read_table


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "tables.xlsx"
    assert main(["export", "--format", "xlsx", "--study", str(REPO), "--out", str(out), "--quiet"]) == 0
    return out


def test_every_table_has_a_sheet_and_the_dictionary_comes_first(workbook: Path) -> None:
    book = load_workbook(workbook, read_only=True)
    names = book.sheetnames
    assert names[0] == DICTIONARY_SHEET
    assert set(exported_tables()) | {SIDE_BY_SIDE_SHEET} == set(names[1:])
    assert all(len(n) <= 31 for n in names) and len(set(names)) == len(names)
    dictionary = pd.DataFrame(
        list(book[DICTIONARY_SHEET].values)[1:], columns=next(book[DICTIONARY_SHEET].values)
    )
    for table in exported_tables():
        listed = dictionary.loc[dictionary["table"] == table, "column"].tolist()
        assert listed == [c.name for c in SCHEMAS[table]], table
    documents = read_table("documents", default_study(REPO).processed)
    sheet = list(book["documents"].values)
    assert list(sheet[0]) == list(documents.columns) and len(sheet) - 1 == len(documents)


def test_the_side_by_side_comparison_is_saved_as_the_report_shows_it(workbook: Path) -> None:
    rows = list(load_workbook(workbook, read_only=True)[SIDE_BY_SIDE_SHEET].values)
    assert list(rows[0]) == ["measure", "what it measures", "Apple Daily", "Taipei Times"]
    terms = next(r for r in rows if r[0] == "most distinctive terms")
    assert terms[2].startswith("public (G² 5.24)"), "G² values carry their label"


def test_the_same_tables_give_the_same_bytes(workbook: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    assert main(["export", "--study", str(REPO), "--out", str(again), "--quiet"]) == 0
    assert again.read_bytes() == workbook.read_bytes()


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1:A2)", "plain"]
    table = pd.DataFrame({"measure": hostile, "description": "d", "outlet": "O", "value": hostile})
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(workbook_sheets({"comparison": table})))
    sheet = load_workbook(path)["comparison"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]


def test_a_table_longer_than_a_sheet_is_split_over_numbered_sheets() -> None:
    tokens = pd.DataFrame({"doc_id": ["d"] * 5, "n": range(5)})
    sheets = workbook_sheets({"tokens": tokens}, max_rows=2)
    assert [s.name for s in sheets] == [DICTIONARY_SHEET, "tokens 1", "tokens 2", "tokens 3"]
    assert pd.concat([s.rows for s in sheets[1:]])["n"].tolist() == [0, 1, 2, 3, 4], "no row is dropped"
    assert set(sheets[0].rows["sheets"]) == {"tokens 1, tokens 2, tokens 3"}


def test_a_missing_table_names_the_command_that_writes_it(tmp_path: Path) -> None:
    study = dataclasses.replace(default_study(REPO), analysed=tmp_path / "analysed")
    out = tmp_path / "tables.xlsx"
    with pytest.raises(MissingTableError, match="research-utils analyse"):
        export_study(study, out=out)
    assert not out.exists()
