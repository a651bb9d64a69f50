"""One-file corpora: a CSV or JSON Lines export with one article per row.

The repository's two articles are exported as a news database would (other column names,
an extra column, the Taipei Times text with its date marker and glosses), then loaded
with ``--columns``. A user must get the same documents and the same tables as from the
folder, and — for each kind of bad row — exit status 2 and one message naming the file,
the line where the row starts and the fix, with nothing written.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import APPLE, RAW, TAIPEI

from research_utils import tables
from research_utils.cli import main
from research_utils.errors import InputError, ResearchUtilsError
from research_utils.ingest import parse_column_map, read_corpus, read_metadata, write_manifest
from research_utils.schemas import METADATA_COLUMNS

COLUMNS = "text=body,doc_id=id,outlet=source,published=date"
EXPORT_NAMES = {"doc_id": "id", "outlet": "source", "published": "date", "text": "body"}


def export_rows() -> list[dict[str, str]]:
    """The repository's articles as export rows: renamed columns plus an unrelated one."""
    meta = read_metadata(RAW)
    rows = []
    for record in meta.to_dict("records"):
        row = {EXPORT_NAMES.get(c, c): record[c] for c in METADATA_COLUMNS if c != "file"}
        row["body"] = (RAW / record["file"]).read_text(encoding="utf-8")
        row["wordcount"] = str(len(row["body"].split()))  # a column the corpus does not use
        rows.append(row)
    return rows


def second_csv_line(rows: list[dict[str, str]]) -> int:
    """The line where the second row of an export starts (the first row's text has line breaks)."""
    return 3 + sum(value.count("\n") for value in rows[0].values())


def write_csv_export(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    write_manifest(path)
    return path


def write_jsonl_export(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    write_manifest(path)
    return path


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    return subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )


# --- the same corpus, whatever its shape ------------------------------------------------------------


@pytest.mark.parametrize("shape", ["csv", "jsonl"])
def test_one_file_corpus_loads_the_same_documents_as_the_folder(shape: str, export_dir: Path) -> None:
    rows = export_rows()
    if shape == "csv":
        path = write_csv_export(export_dir / "export.csv", rows)
    else:
        path = write_jsonl_export(export_dir / "export.jsonl", rows)
    folder, single = read_corpus(RAW), read_corpus(path, columns=COLUMNS)
    # the same rows, texts and glosses; only `file` says where each document came from
    pd.testing.assert_frame_equal(single.glosses, folder.glosses)
    pd.testing.assert_frame_equal(
        single.documents.drop(columns="file"), folder.documents.drop(columns="file")
    )
    # CSV: after the header, and the Apple Daily text spans several lines; JSON Lines: one per line
    first_line = {"csv": [2, second_csv_line(rows)], "jsonl": [1, 2]}[shape]
    assert list(single.documents["file"]) == [f"{path.name}:{n}" for n in first_line]
    assert single.documents.set_index("doc_id").loc[TAIPEI, "raw_text"].startswith(" date 2021-03-19 ")


def test_prepare_on_a_csv_export_writes_the_folders_tables(
    export_dir: Path, prepared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv_export(export_dir / "export.csv", export_rows())
    out = export_dir / "processed"
    assert main(["prepare", "--raw", str(path), "--out", str(out), "--columns", COLUMNS]) == 0
    assert str(tables.path_of("tokens", out)) in capsys.readouterr().out
    for name in ("sentences", "tokens", "glosses"):
        assert tables.path_of(name, out).read_bytes() == tables.path_of(name, prepared).read_bytes(), name
    documents = tables.read_table("documents", out)
    assert list(documents["file"]) == ["export.csv:2", f"export.csv:{second_csv_line(export_rows())}"]
    expected = tables.read_table("documents", prepared)
    pd.testing.assert_frame_equal(documents.drop(columns="file"), expected.drop(columns="file"))


def test_csv_records_may_span_lines_and_json_values_may_be_numbers(export_dir: Path) -> None:
    csv_path = export_dir / "multi.csv"
    csv_path.write_text(
        'doc_id,outlet,published,text\nb,Wire,2021-03-19,"First line.\n\nSecond, quoted ""here""."\n'
        "a,Wire,2021-03-18,Short.\n",
        encoding="utf-8",
    )
    write_manifest(csv_path)
    docs = read_corpus(csv_path).documents.set_index("doc_id")
    assert docs.loc["b", "text"] == 'First line.\n\nSecond, quoted "here".'
    assert docs.loc["a", "file"] == "multi.csv:5"  # the record after a three-line record starts on line 5
    jsonl = write_jsonl_export(
        export_dir / "numbers.jsonl",
        [{"doc_id": 17, "outlet": "Wire", "published": "2021-03-18", "text": "A text.", "section": None}],
    )
    docs = read_corpus(jsonl).documents
    assert list(docs["doc_id"]) == ["17"] and list(docs["section"]) == [""]


def test_column_map() -> None:
    mapping = parse_column_map(COLUMNS)
    assert mapping["text"] == "body" and mapping["doc_id"] == "id" and mapping["country"] == "country"
    assert parse_column_map({"text": "content"})["text"] == "content"
    with pytest.raises(ResearchUtilsError, match="unknown field 'txt'"):
        parse_column_map("txt=body")
    with pytest.raises(ResearchUtilsError, match="is not FIELD=COLUMN"):
        parse_column_map("text")
    with pytest.raises(ResearchUtilsError, match="mapped twice"):
        parse_column_map("text=a,text=b")


def test_columns_are_refused_for_a_folder_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["prepare", "--raw", str(RAW), "--out", str(tmp_path / "out"), "--columns", COLUMNS]) == 2
    assert "one-file corpus" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- checksums -------------------------------------------------------------------------------------


def test_manifest_lists_a_corpus_file_beside_the_other_entries(export_dir: Path) -> None:
    first = write_csv_export(export_dir / "a.csv", export_rows())
    second = write_jsonl_export(export_dir / "b.jsonl", export_rows())
    listed = (export_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in listed] == ["a.csv", "b.jsonl"]  # the first entry was kept
    result = sha256sum_check(export_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    read_corpus(first, columns=COLUMNS)
    read_corpus(second, columns=COLUMNS)


def test_an_edited_export_is_refused_until_the_manifest_is_updated(
    export_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv_export(export_dir / "export.csv", export_rows())
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("new,Wire,,2021-03-20,,,en,,A new article.,3\n")  # id,source,...,body,wordcount
    out = export_dir / "processed"
    assert main(["prepare", "--raw", str(path), "--out", str(out), "--columns", COLUMNS]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "checksum does not match SHA256SUMS" in err
    assert f"research-utils manifest --raw {path}" in err
    assert main(["manifest", "--raw", str(path)]) == 0
    assert main(["prepare", "--raw", str(path), "--out", str(out), "--columns", COLUMNS]) == 0
    assert "new" in set(tables.read_table("documents", out)["doc_id"])


def test_an_export_missing_from_the_manifest_is_refused(export_dir: Path) -> None:
    path = write_csv_export(export_dir / "export.csv", export_rows())
    (export_dir / "SHA256SUMS").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"export\.csv is not listed") as caught:
        read_corpus(path, columns=COLUMNS)
    assert f"research-utils manifest --raw {path}" in caught.value.fix


# --- bad rows: one message naming the file, the line and the fix; nothing written -------------------


def refused(path: Path, capsys: pytest.CaptureFixture[str], *needles: str, columns: str = COLUMNS) -> None:
    write_manifest(path)
    out = path.parent / "processed"
    assert main(["prepare", "--raw", str(path), "--out", str(out), "--columns", columns]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "fix:" in err and str(path) in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    assert not out.exists()


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def test_empty_text(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = export_rows()
    rows[1]["body"] = "   "
    path = export_dir / "export.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    line = second_csv_line(rows)
    refused(path, capsys, f"line {line}", "empty text in 'body'", "put the article text in this row")


def test_duplicate_doc_id(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = export_rows()
    rows[1]["id"] = rows[0]["id"]
    path = export_dir / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    refused(path, capsys, "line 2", f"duplicate doc_id {APPLE!r} (first on line 1)", "its own doc_id")


def test_missing_required_column(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{k: v for k, v in r.items() if k != "date"} for r in export_rows()]
    path = export_dir / "export.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    refused(path, capsys, "line 1", "missing required column(s): date (for published)", "--columns")


def test_missing_required_field_on_one_json_line(
    export_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = export_rows()
    del rows[1]["source"]
    path = export_dir / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    refused(path, capsys, "line 2", "missing required field(s): source (for outlet)")


def test_unparseable_date(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = export_rows()
    rows[0]["date"] = "19/03/2021"
    path = export_dir / "export.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    refused(path, capsys, "line 2", "'19/03/2021' is not a date in the expected form", "YYYY-MM-DD")


def test_date_marker_disagrees_with_the_date_column(
    export_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = export_rows()
    rows[1]["date"] = "2021-03-18"  # the Taipei Times text starts with " date 2021-03-19 "
    path = export_dir / "export.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    line = second_csv_line(rows)
    refused(path, capsys, f"line {line}", "disagrees with published 2021-03-18 in column 'date'")


def test_bytes_that_are_not_utf8(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export_dir / "export.csv"
    path.write_bytes(csv_text(export_rows()).encode("cp1252", errors="replace"))
    refused(path, capsys, "line 2", "not UTF-8", "iconv")  # the first curly quote is in row 1, line 2


def test_binary_file(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export_dir / "export.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00xl/workbook.xml")  # an .xlsx
    refused(path, capsys, "line 1", "binary file", "export the articles as UTF-8 CSV or JSON Lines")


def test_malformed_json_line(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(r) for r in export_rows()]
    lines.insert(1, '{"id": "x", "source": "Wire", "date": "2021-03-19", "body": "unterminated}')
    path = export_dir / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(path, capsys, "line 2", "malformed JSON", "one JSON object per line")


def test_a_json_line_that_is_not_an_object(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export_dir / "export.jsonl"
    path.write_text(json.dumps(export_rows()[0]) + '\n["a", "list"]\n', encoding="utf-8")
    refused(path, capsys, "line 2", "a JSON array, not an object")


def test_a_nested_json_value(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = export_rows()
    rows[0]["source"] = {"name": "Apple Daily"}
    path = export_dir / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    refused(path, capsys, "line 1", "'source' is a JSON object, not text", "give 'source' as a string")


def test_a_csv_record_with_more_fields_than_the_header(
    export_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = export_dir / "export.csv"
    path.write_text(
        "id,source,date,body\na,Wire,2021-03-19,Fine.\nb,Wire,2021-03-19,Unquoted, comma.\n", encoding="utf-8"
    )
    refused(path, capsys, "line 3", "more fields than the header has", "quote fields")


def test_an_unsupported_file_type(export_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export_dir / "export.xlsx"
    path.write_bytes(b"PK\x03\x04")
    refused(path, capsys, "must be CSV (.csv) or JSON Lines")
