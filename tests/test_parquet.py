"""Table formats: Parquet for sentences and tokens, read like CSV, written piece by piece.

A user must get the same data from ``tokens.parquet`` as from ``tokens.csv``, the same
bytes from every run, only one file per table, and analyses that do not care which.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import TABLES, analyse_folder, copy_raw, hash_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from research_utils import tables
from research_utils.annotate import engines
from research_utils.errors import ResearchUtilsError
from research_utils.files import csv_rows
from research_utils.ingest import write_manifest
from research_utils.outputs import LOCK_FILE
from research_utils.pipeline import prepare

LARGE = ("sentences", "tokens")


def table_files(out: Path) -> dict[str, str]:
    return {
        name: digest for name, digest in hash_tree(out).items() if not name.startswith(".")
    }  # hidden: cache, lock


@pytest.fixture(scope="module")
def parquet_run(raw_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet") / "processed"
    prepare(raw_copy, out, fmt="parquet")
    return out


def test_parquet_holds_the_same_tables_as_csv(parquet_run: Path, prepared: Path) -> None:
    names = sorted(p.name for p in parquet_run.iterdir() if p.is_file() and p.name != LOCK_FILE)
    assert names == [
        "documents.csv",
        "duplicates.csv",
        "filtered_lines.csv",
        "glosses.csv",
        "sentences.parquet",
        "tokens.parquet",
    ]
    for name in TABLES:
        pd.testing.assert_frame_equal(tables.read_table(name, parquet_run), tables.read_table(name, prepared))
    schema = pq.read_schema(parquet_run / "tokens.parquet")
    assert schema.names == tables.columns("tokens")
    assert str(schema.field("is_punct").type) == "bool" and str(schema.field("start").type) == "int64"


def test_analyses_read_parquet_transparently(parquet_run: Path, prepared: Path, tmp_path: Path) -> None:
    from_csv = analyse_folder(prepared, tmp_path / "from_csv", reference=True)
    from_parquet = analyse_folder(parquet_run, tmp_path / "from_parquet", reference=True)
    assert (from_parquet / "tone.csv").read_bytes() == (from_csv / "tone.csv").read_bytes()
    assert hash_tree(from_parquet) == hash_tree(from_csv)  # and every other analysed table


def test_switching_format_leaves_one_file_per_table_and_tokenises_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, fmt="csv")
    calls: list[str] = []
    real = engines.annotate_batch
    monkeypatch.setattr(engines, "annotate_batch", lambda batch: calls.append("x") or real(batch))
    prepare(raw, out, fmt="parquet")
    assert sorted(table_files(out)) == [
        "documents.csv",
        "duplicates.csv",
        "filtered_lines.csv",
        "glosses.csv",
        "sentences.parquet",
        "tokens.parquet",
    ]
    prepare(raw, out, fmt="csv")
    assert sorted(table_files(out)) == sorted(f"{name}.csv" for name in TABLES)
    assert calls == []  # the cache keeps rows, whatever format they were written in


def test_parquet_bytes_are_the_same_on_every_run_and_any_number_of_workers(
    brown_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(out: Path, jobs: int) -> dict[str, str]:
        prepare(brown_sample, out, fmt="parquet", jobs=jobs)
        return table_files(out)

    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 2_000)  # several row groups
    first = run(tmp_path / "a", 1)
    shutil.rmtree(tmp_path / "a")
    assert run(tmp_path / "a", 1) == first
    monkeypatch.setattr(engines, "POOL_MIN_CHARACTERS", 0)
    monkeypatch.setattr(engines, "BATCH_CHARACTERS", 8_000)
    assert run(tmp_path / "b", 2) == first
    groups = pq.ParquetFile(tmp_path / "b" / "tokens.parquet").metadata
    assert groups.num_row_groups > 3
    sizes = [groups.row_group(i).num_rows for i in range(groups.num_row_groups)]
    assert set(sizes[:-1]) == {2_000} and 0 < sizes[-1] <= 2_000


def test_auto_chooses_parquet_above_the_documented_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = copy_raw(tmp_path / "raw")
    assert prepare(raw, tmp_path / "small")["tokens"].suffix == ".csv"  # two articles: CSV
    monkeypatch.setattr("research_utils.pipeline.prepare_tables.PARQUET_ABOVE_CHARACTERS", 1_000)
    paths = prepare(raw, tmp_path / "large")
    assert paths["tokens"].suffix == ".parquet" and paths["sentences"].suffix == ".parquet"
    assert paths["documents"].suffix == ".csv"


def test_two_formats_of_one_table_are_refused(parquet_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(parquet_run, out)
    (out / "tokens.csv").write_text("doc_id\n", encoding="utf-8")
    with pytest.raises(ResearchUtilsError, match=r"both tokens\.csv and tokens\.parquet exist"):
        tables.read_table("tokens", out)
    tables.read_table("sentences", out)  # the other tables still read


def test_write_table_keeps_one_format(prepared: Path, tmp_path: Path) -> None:
    tokens = tables.read_table("tokens", prepared)
    path = tables.write_table("tokens", tokens, tmp_path, "parquet")
    assert path.name == "tokens.parquet"
    assert tables.write_table("tokens", tokens, tmp_path).name == "tokens.csv"
    assert not path.exists()
    assert tables.path_of("tokens", tmp_path).read_bytes() == tables.path_of("tokens", prepared).read_bytes()
    with pytest.raises(ResearchUtilsError, match="only sentences and tokens"):
        tables.write_table("documents", tables.read_table("documents", prepared), tmp_path, "parquet")


def test_table_writer_bytes_do_not_depend_on_the_pieces(prepared: Path, tmp_path: Path) -> None:
    rows = tables.path_of("tokens", prepared).read_bytes().split(b"\n", 1)[1]  # CSV rows, no header
    lines = rows.splitlines(keepends=True)
    outputs = []
    for pieces in ([rows], [b"".join(lines[i : i + 37]) for i in range(0, len(lines), 37)]):
        for fmt in ("csv", "parquet"):
            path = tmp_path / f"{len(pieces)}.{fmt}"
            with tables.TableWriter("tokens", path, fmt) as writer:
                for piece in pieces:
                    writer.append(piece)
            outputs.append(path.read_bytes())
    assert outputs[0] == outputs[2] == tables.path_of("tokens", prepared).read_bytes()
    assert outputs[1] == outputs[3]


# --- CSV rows: pandas' bytes, without a DataFrame ----------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_characters="\r\x00", blacklist_categories=("Cs",)))


@settings(deadline=None, max_examples=200)
@given(st.lists(st.tuples(TEXT, st.integers(-(2**62), 2**62), st.booleans(), TEXT), min_size=1, max_size=8))
def test_csv_rows_are_the_bytes_pandas_writes(rows: list[tuple]) -> None:
    columns = [list(c) for c in zip(*rows, strict=True)]
    frame = pd.DataFrame(
        {
            "a": pd.array(columns[0], dtype="string"),
            "b": pd.array(columns[1], dtype="int64"),
            "c": pd.array(columns[2], dtype="bool"),
            "d": pd.array(columns[3], dtype="string"),
        }
    )
    assert csv_rows(columns) == frame.to_csv(index=False, header=False, lineterminator="\n")


def test_a_lone_carriage_return_is_quoted_so_the_row_reads_back() -> None:
    columns = [["d1", "d1"], [0, 1], ["First\rline.", "Plain, with comma."]]
    text = csv_rows(columns)
    back = pd.read_csv(io.StringIO(text), header=None, keep_default_na=False)
    assert back.to_numpy().tolist() == [list(r) for r in zip(*columns, strict=True)]


def test_a_sentence_with_a_lone_carriage_return_reads_back_from_both_formats(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(
        "An old Mac file\rwraps its lines with carriage returns. It ends.", encoding="utf-8", newline=""
    )
    (raw / "metadata.csv").write_text(
        "doc_id,file,outlet,published\na,a.txt,Wire,2021-03-19\n", encoding="utf-8"
    )
    write_manifest(raw)
    frames = {}
    for fmt in ("csv", "parquet"):
        prepare(raw, tmp_path / fmt, fmt=fmt)
        frames[fmt] = tables.read_table("sentences", tmp_path / fmt)
    pd.testing.assert_frame_equal(frames["csv"], frames["parquet"])
    assert list(frames["csv"]["text"]) == [
        "An old Mac file\rwraps its lines with carriage returns.",
        "It ends.",
    ]
