"""Coding sheets: a reproducible, stratified, blind sample; sheets that round-trip; every bad
returned sheet refused with its row and column named, and nothing written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import hash_tree, write_brown_corpus
from openpyxl import load_workbook

from research_utils.analyse.codebook import read_codebook
from research_utils.analyse.coding import coding_sheet, make_manifest, read_manifest
from research_utils.analyse.coding_read import read_returned, read_sheet
from research_utils.cli import main
from research_utils.pipeline.coding import _csv_text, _xlsx
from research_utils.tables import read_table

OUTLETS = ("news", "editorial", "reviews")
Coder = Callable[[str, str], int | None]


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prepared study of three Brown categories as outlets (two files each, 30 sentences)."""
    root = tmp_path_factory.mktemp("coding")
    corpus = write_brown_corpus(root / "brown", OUTLETS, 2, 30)
    folder = root / "study"
    assert main(["init", str(folder), "--corpus", str(corpus)]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet"]) == 0
    return folder


def sheets(study: Path, out: Path, *options: str) -> Path:
    assert main(["coding-sheet", "--study", str(study), "--out", str(out), *options]) == 0
    return out


def units(folder: Path) -> pd.DataFrame:
    return read_manifest(folder / "manifest.json").units


def code_of(unit: str, frame: str) -> int:
    """A fixed code that depends on the unit and frame only (about one in three 1s)."""
    return int(hashlib.sha256(f"{unit}/{frame}".encode()).digest()[0] % 3 == 0)


def fill(sheet: Path, dest: Path, code: Coder = code_of) -> Path:
    """Copy ``sheet`` to ``dest`` with its frame cells filled by ``code(unit, frame)`` (None: blank)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if sheet.suffix == ".xlsx":
        book = load_workbook(sheet)
        ws = book["coding"]
        header = [c.value for c in ws[1]]
        frames = header[header.index("next_sentence") + 1 : header.index("notes")]
        frames = [f for f in frames if f != "outlet"]
        for row in ws.iter_rows(min_row=2):
            for frame in frames:
                row[header.index(frame)].value = code(str(row[0].value), str(frame))
        book.save(dest)
        return dest
    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = list(rows[0])
    frames = names[names.index("next_sentence") + 1 : names.index("notes")]
    for row in rows:
        for frame in frames:
            value = code(row["unit_id"], frame)
            row[frame] = "" if value is None else str(value)
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return dest


def test_the_same_seed_gives_byte_identical_sheets_and_another_seed_another_sample(
    study: Path, tmp_path: Path
) -> None:
    first = sheets(study, tmp_path / "a", "--coders", "anna,ben", "--sample", "15", "--seed", "3")
    again = sheets(study, tmp_path / "b", "--coders", "anna,ben", "--sample", "15", "--seed", "3")
    other = sheets(study, tmp_path / "c", "--coders", "anna,ben", "--sample", "15", "--seed", "4")
    assert hash_tree(first) == hash_tree(again)
    assert sorted(p.name for p in first.iterdir()) == [
        "anna.xlsx",
        "ben.xlsx",
        "instructions.txt",
        "manifest.json",
    ]
    assert set(units(first)["unit_id"]) != set(units(other)["unit_id"])
    for name in ("anna", "ben"):  # the unit ids are doc_id:sent_id of real sentences
        sheet = load_workbook(first / f"{name}.xlsx")["coding"]
        assert [c.value for c in sheet[1]][:4] == [
            "unit_id",
            "previous_sentence",
            "sentence",
            "next_sentence",
        ]
    sentences = read_table("sentences", study / "data" / "processed")
    ids = [f"{d}:{s}" for d, s in zip(sentences["doc_id"], sentences["sent_id"], strict=True)]
    texts = dict(zip(ids, sentences["text"], strict=True))
    assert all(texts[u] == t for u, t in zip(units(first)["unit_id"], units(first)["sentence"], strict=True))


def test_refuses_to_overwrite_sheets_made_otherwise(study: Path, tmp_path: Path, capsys) -> None:
    sheets(study, tmp_path / "s", "--coders", "anna,ben", "--sample", "10")
    before = hash_tree(tmp_path / "s")
    status = main(
        [
            "coding-sheet",
            "--study",
            str(study),
            "--out",
            str(tmp_path / "s"),
            "--coders",
            "anna,ben",
            "--sample",
            "12",
        ]
    )
    assert status == 2 and "manifest.json" in capsys.readouterr().err
    assert hash_tree(tmp_path / "s") == before


def test_the_sample_is_stratified_by_outlet(study: Path, tmp_path: Path) -> None:
    documents = read_table("documents", study / "data" / "processed")
    sizes = documents.groupby("outlet")["n_sentences"].sum()
    drawn = units(sheets(study, tmp_path / "p", "--coders", "anna", "--sample", "30"))
    counts = Counter(drawn["outlet"])
    assert sum(counts.values()) == 30 and set(counts) == set(OUTLETS)
    for outlet in OUTLETS:  # proportional to the outlet's sentences, to within one
        assert abs(counts[outlet] - 30 * sizes[outlet] / sizes.sum()) < 1
    each = units(sheets(study, tmp_path / "o", "--coders", "anna", "--sample", "7", "--per-outlet"))
    assert Counter(each["outlet"]) == dict.fromkeys(OUTLETS, 7)
    everything = units(sheets(study, tmp_path / "all", "--coders", "anna", "--sample", "all"))
    assert len(everything) == sizes.sum() and everything["unit_id"].is_unique


def test_sheets_are_blind_unless_the_outlet_is_asked_for(study: Path, tmp_path: Path) -> None:
    blind = sheets(study, tmp_path / "blind", "--coders", "anna", "--sample", "9", "--format", "csv")
    text = (blind / "anna.csv").read_text(encoding="utf-8")
    assert "outlet" not in text.splitlines()[0] and not any(f",{o}," in text for o in OUTLETS)
    assert (blind / "codebook.csv").read_text(encoding="utf-8").startswith("frame,label,definition\n")
    shown = sheets(study, tmp_path / "shown", "--coders", "anna", "--sample", "9", "--show-outlet")
    ws = load_workbook(shown / "anna.xlsx")["coding"]
    header = [c.value for c in ws[1]]
    manifest = units(shown).set_index("unit_id")
    column = header.index("outlet")
    assert all(row[column].value == manifest.at[row[0].value, "outlet"] for row in ws.iter_rows(min_row=2))
    book = load_workbook(shown / "anna.xlsx")
    assert book.sheetnames == ["coding", "codebook"]
    labels = [row[1].value for row in book["codebook"].iter_rows(min_row=2, max_row=6)]
    assert labels == [f.label for f in read_codebook(study / "instruments" / "codebook.yaml").frames]


def test_the_overlap_is_on_every_sheet_and_the_rest_is_split(study: Path, tmp_path: Path) -> None:
    folder = sheets(
        study,
        tmp_path / "x",
        "--coders",
        "anna,ben,cleo",
        "--sample",
        "20",
        "--overlap",
        "6",
        "--format",
        "csv",
    )
    manifest = units(folder)
    on = {c: set(pd.read_csv(folder / f"{c}.csv", dtype=str)["unit_id"]) for c in ("anna", "ben", "cleo")}
    shared = set.intersection(*on.values())
    assert len(shared) == 6
    rest = Counter(u for ids in on.values() for u in ids - shared)
    assert set(rest) == set(manifest["unit_id"]) - shared and set(rest.values()) == {1}
    sizes = [len(ids - shared) for ids in on.values()]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 14


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_returned_sheets_round_trip(study: Path, tmp_path: Path, fmt: str) -> None:
    folder = sheets(
        study, tmp_path / "s", "--coders", "anna,ben", "--sample", "12", "--overlap", "4", "--format", fmt
    )
    manifest = read_manifest(folder / "manifest.json")
    blank_first = lambda unit, frame: None if unit == manifest.units["unit_id"][0] else code_of(unit, frame)  # noqa: E731
    for coder in ("anna", "ben"):
        fill(folder / f"{coder}.{fmt}", tmp_path / "returned" / f"{coder}.{fmt}", blank_first)
    codes = read_returned(tmp_path / "returned", manifest)
    coded_units = manifest.units[manifest.units["unit_id"] != manifest.units["unit_id"][0]]
    expected = sum(len(c.split(";")) for c in coded_units["coders"]) * len(manifest.frames)
    assert len(codes) == expected  # the unit left blank counts as not coded
    triples = zip(codes["unit_id"], codes["frame"], codes["code"], strict=True)
    assert all(code == code_of(unit, frame) for unit, frame, code in triples)


def _bad_returned(study: Path, tmp_path: Path, fmt: str, change: str) -> tuple[Path, str]:
    """Sheets, a coded return for each coder, one of them damaged by ``change``; returns the
    damaged file and the column letter named in the message."""
    folder = sheets(
        study, study / "coding" / "sheets", "--coders", "anna,ben", "--sample", "6", "--format", fmt
    )
    returned = study / "coding" / "returned"
    shutil.rmtree(returned, ignore_errors=True)
    for coder in ("anna", "ben"):
        fill(folder / f"{coder}.{fmt}", returned / f"{coder}.{fmt}")
    path = returned / f"ben.{fmt}"
    column = {"value": 5, "unknown": 1, "renamed": 5, "edited": 3}[change]  # 1-based: E is the first frame
    row = 1 if change == "renamed" else 3
    if fmt == "xlsx":
        book = load_workbook(path)
        cell = book["coding"].cell(row=row, column=column)
        cell.value = {"value": "yes", "unknown": "zz99:1", "renamed": "conflicts", "edited": "Edited."}[
            change
        ]
        book.save(path)
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = next(csv.reader([lines[row - 1]]))
        cells[column - 1] = {"value": "2", "unknown": "zz99:1", "renamed": "conflicts", "edited": "Edited."}[
            change
        ]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        lines[row - 1] = buffer.getvalue()
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, "ABCDE"[column - 1]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("change", ["value", "unknown", "renamed", "edited"])
def test_a_bad_returned_sheet_is_refused_with_row_and_column_and_nothing_written(
    study: Path, tmp_path: Path, capsys, fmt: str, change: str
) -> None:
    shutil.rmtree(study / "coding", ignore_errors=True)
    path, letter = _bad_returned(study, tmp_path, fmt, change)
    before = hash_tree(study)
    for command in ("reliability", "adjudicate"):
        assert main([command, "--study", str(study)]) == 2
        message = capsys.readouterr().err
        row = 1 if change == "renamed" else 3
        assert str(path) in message and f"row {row}, column {letter}" in message, message
        assert {
            "value": "is not 0, 1 or blank",
            "unknown": "unknown unit id 'zz99:1'",
            "renamed": "'conflicts' where the sheet had 'conflict'",
            "edited": "was edited",
        }[change] in message
        assert "fix:" in message
    assert hash_tree(study) == before


@pytest.mark.parametrize("start", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "'quoted", "plain"])
def test_formula_like_text_is_written_as_text_and_reads_back(tmp_path: Path, start: str) -> None:
    codebook = read_codebook(Path(__file__).resolve().parents[1] / "src/research_utils/data/codebook.yaml")
    drawn = pd.DataFrame(
        {
            "unit_id": ["d:0", "d:1"],
            "doc_id": ["d", "d"],
            "sent_id": [0, 1],
            "outlet": ["o", "o"],
            "overlap": [True, True],
            "coders": ["anna", "anna"],
            "previous_sentence": ["", start],
            "sentence": [start, "next one"],
            "next_sentence": ["next one", ""],
        }
    )
    manifest = make_manifest(
        drawn,
        codebook.frame_ids,
        ["anna"],
        seed=0,
        sample="all",
        per_outlet=False,
        overlap=None,
        show_outlet=False,
        fmt="xlsx",
    )
    sheet = coding_sheet(drawn, "anna", codebook.frame_ids)
    (tmp_path / "anna.xlsx").write_bytes(_xlsx(sheet, codebook, "anna"))
    (tmp_path / "anna.csv").write_text(_csv_text(sheet), encoding="utf-8")
    cell = load_workbook(tmp_path / "anna.xlsx")["coding"]["C2"]
    assert cell.value == start and cell.data_type == "s"
    assert cell.quotePrefix == (start[0] in "=+-@")
    raw = next(csv.reader([(tmp_path / "anna.csv").read_text(encoding="utf-8").splitlines()[1]]))[2]
    assert raw == (f"'{start}" if start[0] in "=+-@'" else start)
    for name in ("anna.xlsx", "anna.csv"):  # the sentence reads back as written: no "edited" refusal
        fill(tmp_path / name, tmp_path / "back" / name, lambda u, f: 1)
        assert set(read_sheet(tmp_path / "back" / name, "anna", manifest)["code"]) == {1}


def test_the_manifest_records_seed_coders_frames_and_hashes(study: Path, tmp_path: Path) -> None:
    folder = sheets(study, tmp_path / "m", "--coders", "anna,ben", "--sample", "5", "--seed", "9")
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert data["seed"] == 9 and data["coders"] == ["anna", "ben"] and data["sample"] == "5"
    assert data["frames"] == read_codebook(study / "instruments" / "codebook.yaml").frame_ids
    assert all(u["sha256"] == hashlib.sha256(u["sentence"].encode()).hexdigest() for u in data["units"])


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--coders", "anna,anna", "--sample", "5"], "named twice"),
        (["--coders", "an na", "--sample", "5"], "cannot name a sheet file"),
        (["--coders", "anna", "--sample", "100000"], "more than the"),
    ],
)
def test_bad_options_exit_2_with_a_fix(
    study: Path, tmp_path: Path, capsys, options: list[str], said: str
) -> None:
    assert main(["coding-sheet", "--study", str(study), "--out", str(tmp_path / "x"), *options]) == 2
    err = capsys.readouterr().err
    assert said in err and "fix:" in err and not (tmp_path / "x").exists()


def test_a_sentence_with_a_carriage_return_survives_a_csv_sheet(tmp_path: Path) -> None:
    """A lone \\r inside a sentence (valid in metadata and text) is quoted in a CSV sheet, so the
    sheet reads back with the sentence whole, as every table of the project does."""
    from research_utils.analyse.coding_read import _csv_rows
    from research_utils.pipeline.coding import _csv_text

    sheet = pd.DataFrame(
        {
            "unit_id": ["d1:0", "d1:1"],
            "sentence": ["Rain fell.\rThe levee held.", "=SUM(A1)"],
            "flooding": ["", ""],
        }
    )
    path = tmp_path / "ines.csv"
    path.write_text(_csv_text(sheet), encoding="utf-8", newline="")
    rows = [values for _, values in _csv_rows(path)]
    assert rows == [
        ["unit_id", "sentence", "flooding"],
        ["d1:0", "Rain fell.\rThe levee held.", ""],
        ["d1:1", "=SUM(A1)", ""],
    ]
