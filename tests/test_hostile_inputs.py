"""Hostile inputs: every one is normalised (the tables read back equal) or refused with one
message naming the file, the line and the fix (exit 2) — never half-accepted, never a
traceback. Issue 12, "inputs normalised or refused", one test per case, through the real
command line where the outcome is a user's.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
import re
from pathlib import Path

import nltk.redos
import pandas as pd
import pytest
from conftest import APPLE, TAIPEI, copy_raw
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research_utils import figures, tables
from research_utils.annotate.models import sentence_splitter
from research_utils.annotate.tokens import MAX_BLOCK, sentence_spans
from research_utils.cli import main
from research_utils.errors import InputError
from research_utils.files import csv_text, to_csv_file
from research_utils.ingest import read_corpus, write_manifest
from research_utils.ingest.rows import ScriptWarning

BOM = codecs.BOM_UTF8
#: Every character a CSV reader or ``str.splitlines`` might take for the end of a line.
SEPARATORS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return copy_raw(tmp_path / "raw")


def prepare(raw: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, Path]:
    out = raw.parent / "processed"
    status = main(["prepare", "--raw", str(raw), "--out", str(out), "--jobs", "1", *extra])
    return status, capsys.readouterr().err, out


def assert_refused(status: int, err: str, out: Path, path: Path, *needles: str) -> None:
    """Exit 2, one message naming ``path`` and the fix, nothing written."""
    assert status == 2, err
    assert str(path) in err
    assert "fix:" in err
    assert err.count("error:") == 1
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    assert not out.exists()


def metadata_rows(raw: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(raw / "metadata.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_metadata(raw: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    """Valid CSV: every field quoted (a lone \\r is then inside quotes, as a careful tool writes)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    (raw / "metadata.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    write_manifest(raw)


def one_file_corpus(folder: Path, rows: list[dict], fmt: str = "jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    write_manifest(path)
    return path


ENGLISH = "The committee met on Monday. It said the rules would change next year."


# ------------------------------------------------------------------ 1. line separators in fields


def test_line_separators_in_metadata_fields_round_trip_through_documents_csv(
    raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields, rows = metadata_rows(raw)
    for row in rows:  # inside the values: the reader strips white space at their ends
        row["section"] = "news" + "".join(f"{sep}part" for sep in SEPARATORS)
        row["notes"] = "a\rb"  # a lone carriage return, the case that broke documents.csv
    write_metadata(raw, fields, rows)
    status, err, out = prepare(raw, capsys)
    assert status == 0, err
    documents = tables.read_table("documents", out)
    assert list(documents["section"]) == [rows[0]["section"]] * 2
    assert list(documents["notes"]) == ["a\rb"] * 2
    assert (documents["n_tokens"] > 0).all()


def test_a_carriage_return_from_jsonl_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outlet = "Daily\rNews\u2028Post"
    corpus = one_file_corpus(
        tmp_path / "c",
        [{"doc_id": "a1", "outlet": outlet, "published": "2021-03-19", "text": ENGLISH}],
    )
    out = tmp_path / "processed"
    assert main(["prepare", "--raw", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    assert list(tables.read_table("documents", out)["outlet"]) == [outlet]


def test_tables_without_a_carriage_return_are_written_as_before(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["x", "y,z", 'q"t', "l\nm"], "n": [1, 2, 3, 4]})
    to_csv_file(frame, tmp_path / "t.csv")
    expected = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert (tmp_path / "t.csv").read_bytes() == expected


_CELLS = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), _CELLS),
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(-(2**63), 2**63 - 1),
            st.booleans(),
        ),
        max_size=30,
    ),
    repeat=st.booleans(),
)
def test_tables_are_written_as_pandas_writes_them(rows: list[tuple], repeat: bool) -> None:
    # files._csv_lines (Arrow kernels, each distinct float formatted once) gives pandas'
    # bytes: quotes, commas, new lines, empty and missing text, NaN, -0.0, extremes; with a
    # carriage return anywhere every text field is quoted (pandas' own writer)
    rows = rows + rows[::-1] if repeat else rows
    frame = pd.DataFrame(rows, columns=["text", "x", "n", "flag"]).astype(
        {"text": "string", "x": "float64", "n": "int64", "flag": "bool"}
    )
    quoting = csv.QUOTE_NONNUMERIC if frame["text"].str.contains("\r").any() else csv.QUOTE_MINIMAL
    expected = frame.to_csv(index=False, lineterminator="\n", quoting=quoting)
    assert csv_text(frame) == expected
    assert csv_text(frame[["n", "x"]]) == frame[["n", "x"]].to_csv(index=False, lineterminator="\n")


def test_long_tables_are_written_in_pieces_with_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    frame = pd.DataFrame(
        {"word": ["a", 'b"c', "d,e"] * 7, "n": range(21), "share": [0.1, 0.25, float("nan")] * 7}
    )
    frame = frame.astype({"word": "string"})
    monkeypatch.setattr("research_utils.files._CSV_CHUNK_ROWS", 4)
    to_csv_file(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_TEXT, min_size=6, max_size=6))
def test_any_metadata_text_round_trips_through_the_documents_table(
    values: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Any text a metadata field can hold (non-empty: an empty field reads back as missing)
    # is read back unchanged from the documents table prepare writes (same writer).
    folder = tmp_path_factory.mktemp("documents")
    text_columns = ["doc_id", "file", "outlet", "country", "section", "notes"]
    row = dict(zip(text_columns, values, strict=True)) | {
        "published": "2021-03-19",
        "url": values[0],
        "language": "en",
        "n_sentences": 1,
        "n_tokens": 2,
        "n_word_tokens": 3,
    }
    documents = tables.as_table("documents", pd.DataFrame([row]))
    to_csv_file(documents, folder / "documents.csv")
    back = tables.read_table("documents", folder)
    pd.testing.assert_frame_equal(back, documents)


# ------------------------------------------------------------------ 2. byte-order marks


def test_a_byte_order_mark_before_an_article_is_dropped_before_the_date_marker(raw: Path) -> None:
    plain = read_corpus(raw).documents.set_index("doc_id")
    for doc_id in (APPLE, TAIPEI):
        path = raw / f"{doc_id}.txt"
        path.write_bytes(BOM + path.read_bytes())
    write_manifest(raw)
    documents = read_corpus(raw).documents.set_index("doc_id")
    assert documents.loc[TAIPEI, "text"] == plain.loc[TAIPEI, "text"]  # the marker was removed
    assert documents.loc[APPLE, "text"] == plain.loc[APPLE, "text"]
    assert not documents.loc[TAIPEI, "text"].startswith(("\ufeff", "date"))


def test_a_byte_order_mark_does_not_bypass_the_date_marker_check(
    raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw / f"{TAIPEI}.txt"
    path.write_bytes(BOM + path.read_bytes().replace(b"date 2021-03-19", b"date 2020-01-01", 1))
    write_manifest(raw)
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, path, "date marker 2020-01-01 disagrees")


def test_a_byte_order_mark_never_reaches_a_header_name(tmp_path: Path, raw: Path) -> None:
    meta = raw / "metadata.csv"
    meta.write_bytes(BOM + meta.read_bytes())
    write_manifest(raw)
    assert len(read_corpus(raw).documents) == 2
    for fmt in ("csv", "jsonl"):
        rows = [{"doc_id": "a1", "outlet": "X", "published": "2021-03-19", "text": ENGLISH}]
        corpus = one_file_corpus(tmp_path / fmt, rows, fmt)
        corpus.write_bytes(BOM + corpus.read_bytes())
        write_manifest(corpus)
        assert list(read_corpus(corpus).documents["doc_id"]) == ["a1"]


# ------------------------------------------------------------------ 3. links and special files


def test_a_symbolic_link_in_the_corpus_folder_is_refused_not_followed(
    raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw / f"{APPLE}.txt"
    path.unlink()
    path.symlink_to("/etc/passwd")
    write_manifest(raw)
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, path, "symbolic link", "copy the file itself into")
    assert "root:" not in err


@pytest.mark.parametrize("which", ["metadata.csv", "SHA256SUMS", "unlisted.txt"])
def test_links_to_any_corpus_file_are_refused(raw: Path, capsys: pytest.CaptureFixture[str], which) -> None:
    path = raw / which
    if path.exists():
        target = raw.parent / f"real-{which}"
        path.rename(target)
        path.symlink_to(target)
    else:
        path.symlink_to("/etc/passwd")
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, path, "symbolic link", "copy the file itself into")


def test_a_named_pipe_in_the_corpus_folder_is_refused(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw / f"{APPLE}.txt"
    path.unlink()
    os.mkfifo(path)
    status, err, out = prepare(raw, capsys)  # reading it would block for ever
    assert_refused(status, err, out, path, "named pipe", "not a regular file")


# ------------------------------------------------------------------ 4. dates strictly YYYY-MM-DD


@pytest.mark.parametrize("value", ["20210319", "2021-W11-5", "2021-3-19", "2021-078", "２０２１-03-19"])
def test_published_dates_other_than_yyyy_mm_dd_are_refused(
    raw: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    fields, rows = metadata_rows(raw)
    rows[1]["published"] = value
    write_metadata(raw, fields, rows)
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, raw / "metadata.csv", "line 3", repr(value), "YYYY-MM-DD")


@pytest.mark.parametrize("marker", ["20210319", "2021-W11-5"])
def test_a_date_marker_other_than_yyyy_mm_dd_is_refused(
    raw: Path, capsys: pytest.CaptureFixture[str], marker: str
) -> None:
    # Python's date.fromisoformat reads both as 2021-03-19: the marker check accepted them.
    path = raw / f"{TAIPEI}.txt"
    path.write_bytes(path.read_bytes().replace(b"date 2021-03-19", f"date {marker}".encode(), 1))
    write_manifest(raw)
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, path, "line 1", repr(marker), "YYYY-MM-DD")


# ------------------------------------------------------------------ 5. repeated header names


def test_a_repeated_header_name_is_refused(tmp_path: Path, raw: Path, capsys) -> None:
    meta = raw / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("notes", "outlet", 1), encoding="utf-8")
    write_manifest(raw)
    status, err, out = prepare(raw, capsys)
    assert_refused(status, err, out, meta, "line 1", "outlet appear more than once")
    corpus = tmp_path / "c" / "corpus.csv"
    corpus.parent.mkdir()
    corpus.write_text(f"doc_id,outlet,published,text,outlet\na1,X,2021-03-19,{ENGLISH},Y\n")
    write_manifest(corpus)
    with pytest.raises(InputError, match=r"line 1: column name\(s\) outlet appear more than once"):
        read_corpus(corpus)


def test_a_repeated_key_in_a_json_line_is_refused(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c" / "corpus.jsonl"
    corpus.parent.mkdir()
    good = json.dumps({"doc_id": "a1", "outlet": "X", "published": "2021-03-19", "text": ENGLISH})
    bad = '{"doc_id": "a2", "outlet": "Real", "published": "2021-03-19", "text": "Hi.", "outlet": "Fake"}'
    corpus.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    write_manifest(corpus)
    out = tmp_path / "processed"
    status = main(["prepare", "--raw", str(corpus), "--out", str(out), "--jobs", "1"])
    assert_refused(status, capsys.readouterr().err, out, corpus, "line 2", "'outlet' appear more than once")


# ------------------------------------------------------------------ 6. decoding errors name line and byte


def test_a_decoding_error_in_metadata_names_the_line_and_byte_also_after_a_bom(
    raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = raw / "metadata.csv"
    data = BOM + meta.read_bytes().replace(b"Taipei Times", b"Taipei \xe9Times")
    meta.write_bytes(data)
    write_manifest(raw)
    status, err, out = prepare(raw, capsys)
    byte = data.index(b"\xe9")
    assert_refused(status, err, out, meta, "line 3", f"byte {byte}:", "re-save the file as UTF-8")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_decoding_error_in_a_one_file_corpus_names_the_line_and_byte(tmp_path: Path, fmt: str) -> None:
    rows = [
        {"doc_id": f"a{k}", "outlet": "X", "published": "2021-03-19", "text": f"Text {k}. More."}
        for k in range(3)
    ]
    corpus = one_file_corpus(tmp_path / fmt, rows, fmt)
    data = BOM + corpus.read_bytes().replace(b"Text 2", b"Text \x92", 1)
    corpus.write_bytes(data)
    write_manifest(corpus)
    line, byte = (4 if fmt == "csv" else 3), data.index(b"\x92")
    with pytest.raises(InputError, match=rf"line {line}: not UTF-8 \(byte {byte}:"):
        read_corpus(corpus)


# ------------------------------------------------------------------ 7. long fields, malformed rows


def test_a_one_file_csv_with_an_article_over_131072_characters_is_valid(tmp_path: Path) -> None:
    long_text = " ".join([ENGLISH] * 2_500)  # about 180,000 characters
    assert len(long_text) > 131_072
    rows = [
        {"doc_id": "a1", "outlet": "X", "published": "2021-03-19", "text": ENGLISH},
        {"doc_id": "a2", "outlet": "Y", "published": "2021-03-19", "text": long_text},
    ]
    corpus = one_file_corpus(tmp_path / "c", rows, "csv")
    documents = read_corpus(corpus).documents
    assert documents["text"].str.len().tolist() == [len(ENGLISH), len(long_text)]


def test_a_malformed_csv_record_is_refused_at_the_line_where_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a quote opened in the record of line 3 and never closed: before, the rest of the file
    # silently became that article's text
    corpus = tmp_path / "c" / "corpus.csv"
    corpus.parent.mkdir()
    corpus.write_text(
        "doc_id,outlet,published,text\n"
        f"a1,X,2021-03-19,{ENGLISH}\n"
        'a2,Y,2021-03-19,"She said ""no.\nSecond line.\na3,Z,2021-03-19,Third article.\n',
        encoding="utf-8",
    )
    write_manifest(corpus)
    out = tmp_path / "processed"
    status = main(["prepare", "--raw", str(corpus), "--out", str(out), "--jobs", "1"])
    assert_refused(status, capsys.readouterr().err, out, corpus, "line 3", "malformed CSV", "quot")


# ------------------------------------------------------------------ 8. one large article


def _brown_text(size: int) -> str:
    """Brown corpus sentences, one after another with single spaces (no line breaks at all),
    repeated to ``size`` characters."""
    from nltk.corpus import brown

    piece = " ".join(" ".join(s) for s in brown.sents(categories=["news", "editorial", "reviews"]))
    return (piece + " ") * (size // (len(piece) + 1)) + piece[: size % (len(piece) + 1)]


def test_punkt_reads_a_20_mb_article_without_a_line_break_in_bounded_blocks() -> None:
    text = _brown_text(20_000_000)
    splitter = sentence_splitter()
    spans = sentence_spans(text, splitter)  # Punkt on the whole: TimeoutError after 5 s
    assert len(spans) > 100_000
    assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))
    assert all(b - a <= MAX_BLOCK for a, b in spans)
    # every character but white space between sentences is in a sentence, once
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(text[a:b] for a, b in spans))
    # windows far from the cuts give Punkt's own sentences: the first 150,000 characters
    head = [s for s in spans if s[1] <= 150_000]
    assert head == [s for s in splitter.span_tokenize(text[:160_000]) if s[1] <= 150_000]


def test_an_article_of_ordinary_size_gets_punkts_own_sentences(corpus) -> None:
    splitter = sentence_splitter()
    for text in corpus.documents["text"]:
        assert sentence_spans(text, splitter) == list(splitter.span_tokenize(text))


def test_prepare_reads_a_large_article_on_a_slow_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # NLTK's limit is 5 s of wall-clock time for Punkt's whole pass over a text: 15 MB on the
    # machine of the report. A limit of 0.12 s stands for a machine about 40 times slower.
    monkeypatch.setattr(nltk.redos, "DEFAULT_TIMEOUT", 0.12)
    text = _brown_text(1_200_000)
    corpus = one_file_corpus(
        tmp_path / "c", [{"doc_id": "big", "outlet": "X", "published": "2021-03-19", "text": text}]
    )
    out = tmp_path / "processed"
    status = main(["prepare", "--raw", str(corpus), "--out", str(out), "--jobs", "1"])
    assert status == 0, capsys.readouterr().err
    assert tables.read_table("documents", out)["n_sentences"].iloc[0] > 5_000


# ------------------------------------------------------------------ 9. a text the language cannot read


def test_a_document_in_another_script_is_named_in_a_warning(tmp_path: Path) -> None:
    chinese = "中國網信辦昨日約談十一家科技公司，討論深度偽造與網路安全問題。" * 5
    corpus = one_file_corpus(
        tmp_path / "c",
        [
            {"doc_id": "en1", "outlet": "X", "published": "2021-03-19", "text": ENGLISH},
            {"doc_id": "zh1", "outlet": "Y", "published": "2021-03-19", "text": chinese, "language": "en"},
        ],
    )
    with pytest.warns(ScriptWarning) as caught:
        documents = read_corpus(corpus).documents
    messages = [str(w.message) for w in caught if issubclass(w.category, ScriptWarning)]
    assert len(messages) == 1
    assert "'zh1'" in messages[0]
    assert "line 2" in messages[0]
    assert "not in the Latin script" in messages[0]
    assert "set its language" in messages[0] and "remove it" in messages[0]
    assert len(documents) == 2  # warned, not refused


def test_the_command_line_shows_that_warning_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chinese = "中國網信辦昨日約談十一家科技公司，討論深度偽造與網路安全問題。" * 5
    corpus = one_file_corpus(
        tmp_path / "c",
        [
            {"doc_id": "en1", "outlet": "X", "published": "2021-03-19", "text": ENGLISH},
            {"doc_id": "zh1", "outlet": "Y", "published": "2021-03-19", "text": chinese, "language": "en"},
        ],
    )
    assert main(["prepare", "--raw", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "zh1" in line]
    assert line.startswith("research-utils prepare: warning: ")
    assert "ScriptWarning" not in err and "warnings.warn" not in err


def test_english_articles_with_chinese_glosses_raise_no_warning(raw: Path, recwarn) -> None:
    read_corpus(raw)
    assert not [w for w in recwarn if issubclass(w.category, ScriptWarning)]


# ------------------------------------------------------------------ 10. figure text is literal


@pytest.mark.parametrize("name", ["US$34 and US$5", "$\\frac{$", "$x$"])
def test_figure_text_from_the_data_is_never_mathtext(name: str, tmp_path: Path) -> None:
    frequencies = tables.as_table(
        "term_frequencies",
        pd.DataFrame(
            {
                "outlet": [name, name, "Plain Post"],
                "term": [name, "cost", "$y$"],
                "freq": [3, 2, 1],
                "per_1k": [3.0, 2.0, 1.0],
                "doc_freq": 1,
                "rank": [1, 2, 1],
            }
        ),
    )
    fig = figures.plot_top_terms(frequencies, n=5)
    fig.canvas.draw()  # "$\frac{$" raised ValueError from the mathtext parser here
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_parse_math"))]
    shown = {t.get_text() for t in texts}
    assert any(name in s for s in shown)
    assert name in shown  # the term as a tick label, as written
    assert not [t for t in texts if t.get_parse_math()]
    # the renderer draws the dollar signs: the text measures as the literal string
    for text in texts:
        if text.get_text() == name:
            assert text._preprocess_math(name) == (name, False)
    png, svg = figures.save_figure(fig, "literal", tmp_path)
    assert png.stat().st_size > 0 and svg.stat().st_size > 0
