"""The processed tables: their columns, types and meaning, in one place.

Every table the pipeline writes is declared here; writers order columns from these
declarations, readers restore the types, and a test checks that the README's data
dictionary documents every column.

Tables are CSV files; the large ones (:data:`PARQUET_TABLES`: sentences and tokens) may
instead be Parquet files (``research-utils prepare --format``). :func:`read_table` reads
either, so no analysis needs to know which; a folder holds one file per table, since
writing a table in one format removes its file in the other. :class:`TableWriter` writes a
table piece by piece, so a large table is never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd

from .errors import ResearchUtilsError
from .io import read_csv, write_atomic, write_csv


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    dtype: str
    description: str


_METADATA = (
    Column("doc_id", "string", "document identifier, from metadata.csv"),
    Column(
        "file", "string", "article file name in the raw folder; NAME:LINE of its row in a one-file corpus"
    ),
    Column("outlet", "string", "news outlet"),
    Column("country", "string", "outlet's country or territory"),
    Column("published", "string", "publication date, ISO YYYY-MM-DD"),
    Column("section", "string", "section of the outlet"),
    Column("url", "string", "original address"),
    Column("language", "string", "ISO 639-1 language code (only en is supported)"),
    Column("notes", "string", "free-text provenance notes"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "documents": (
        *_METADATA,
        Column("n_sentences", "int64", "sentences in the document"),
        Column("n_tokens", "int64", "tokens, punctuation included"),
        Column("n_word_tokens", "int64", "tokens that are not punctuation or symbols (is_punct false)"),
    ),
    "sentences": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("text", "string", "the sentence, text[start:end]"),
    ),
    "tokens": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("token_id", "int64", "token number, 0-based within the document"),
        Column("token", "string", "surface form, exactly text[start:end] (typographic quotes kept)"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("lower", "string", "token lower-cased"),
        Column(
            "lemma", "string", "WordNet lemma of lower for the tag's word class (lower itself for other tags)"
        ),
        Column("pos", "string", "Penn Treebank tag from nltk.pos_tag on the sentence's tokens"),
        Column("upos", "string", "universal tag (NLTK's en-ptb to universal map)"),
        Column("is_stop", "bool", "lower is in NLTK's English stop-word list"),
        Column("is_punct", "bool", "every character is Unicode punctuation or a symbol"),
        Column("is_alpha", "bool", "every character is a letter (str.isalpha)"),
    ),
    "glosses": (
        Column("doc_id", "string", "document identifier"),
        Column("english", "string", "English name the Chinese gloss followed (empty if none)"),
        Column("chinese", "string", "the Chinese name that was in parentheses"),
        Column("start", "int64", "offset of the English name in the document's cleaned text"),
        Column("end", "int64", "offset one past the English name (where the gloss was removed)"),
    ),
    "term_frequencies": (
        Column("outlet", "string", "news outlet"),
        Column("term", "string", "term: lower form or lemma, or the terms-map term a phrase was joined into"),
        Column("freq", "int64", "occurrences of the term in the outlet's documents"),
        Column("per_1k", "float64", "freq per 1,000 word tokens (non-punctuation tokens) of the outlet"),
        Column("doc_freq", "int64", "the outlet's documents that contain the term"),
        Column("rank", "int64", "1 = most frequent term of the outlet; ties share the best rank"),
    ),
    "keyness": (
        Column("outlet", "string", "target outlet (the reference is all other outlets pooled)"),
        Column("term", "string", "term, as in term_frequencies"),
        Column("freq_target", "int64", "occurrences in the target outlet"),
        Column("freq_reference", "int64", "occurrences in all other outlets"),
        Column("size_target", "int64", "word tokens of the target outlet"),
        Column("size_reference", "int64", "word tokens of all other outlets"),
        Column(
            "g2",
            "float64",
            "log-likelihood G2 of the 2x2 table (Dunning 1993), positive when relatively more frequent "
            "in the target, negative when less",
        ),
        Column(
            "p_value",
            "float64",
            "chance of a G2 at least this large (absolute value) under chi-squared with 1 df; "
            "3.84 gives p = .05; six significant digits",
        ),
        Column(
            "log_ratio",
            "float64",
            "binary log of the ratio of relative frequencies, target over reference (Hardie 2014); "
            "a zero frequency counts as 0.5 without reversing the direction; +1 = twice as frequent",
        ),
        Column(
            "log_odds_z",
            "float64",
            "z-score of the log-odds ratio with an informative Dirichlet prior from the pooled corpus "
            "(Monroe, Colaresi & Quinn 2008)",
        ),
    ),
    # --- framing, actors, quotes, tone (notebook 03) ---
    "frames": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document (the coding unit)"),
        Column("frame", "string", "frame id from the codebook; a sentence has one row per frame it carries"),
        Column("n_matches", "int64", "indicator matches of this frame in the sentence"),
        Column("indicators", "string", "codebook entries that matched, distinct, in text order, ';'-joined"),
        Column("matched_text", "string", "every match as written in the sentence, in text order, ';'-joined"),
    ),
    "frame_shares": (
        Column("outlet", "string", "news outlet"),
        Column("frame", "string", "frame id (every codebook frame is listed, zeros included)"),
        Column("label", "string", "the frame's label in the codebook"),
        Column("n_sentences", "int64", "the outlet's sentences carrying the frame"),
        Column("n_total", "int64", "all sentences of the outlet"),
        Column("share", "float64", "n_sentences / n_total, 4 decimals"),
    ),
    "frame_validation": (
        Column("frame", "string", "frame id; the last row, 'all (micro)', pools every frame's counts"),
        Column("support", "int64", "sentences the manual (gold) coding gives the frame"),
        Column("predicted", "int64", "sentences the dictionary gives the frame"),
        Column("tp", "int64", "sentences both give the frame"),
        Column("fp", "int64", "sentences only the dictionary gives the frame (false positives)"),
        Column("fn", "int64", "sentences only the gold coding gives the frame (false negatives)"),
        Column("tn", "int64", "sentences neither gives the frame"),
        Column("precision", "float64", "tp / (tp + fp), 4 decimals; empty if the dictionary never codes it"),
        Column("recall", "float64", "tp / (tp + fn), 4 decimals; empty when the gold never codes it"),
        Column("f1", "float64", "harmonic mean of precision and recall, 2tp / (2tp + fp + fn), 4 decimals"),
    ),
    "actor_mentions": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("actor", "string", "canonical actor name from the actor table"),
        Column("type", "string", "government body, company, app/platform, person, expert or media"),
        Column("surface", "string", "the words in the text, exactly text[start:end]"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column(
            "rule",
            "string",
            "how the mention was resolved: name, gloss (via the Chinese name), after_first_name "
            "(a definite description after the actor was named) or same_sentence (a bare plural "
            "in a sentence that already mentions the actor)",
        ),
    ),
    "quotes": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence where the quote (or the paraphrase's reporting verb) is"),
        Column("start", "int64", "offset of the quote or paraphrased content in the document's cleaned text"),
        Column("end", "int64", "offset one past its last character"),
        Column(
            "kind",
            "string",
            "direct (quoted, at least the minimum words), paraphrase (reported speech without quotation "
            "marks) or scare (a shorter quoted term; never attributed)",
        ),
        Column("speaker", "string", "actor the words are attributed to, else the speaker phrase, else empty"),
        Column("speaker_type", "string", "the actor's type; empty when the speaker is not a known actor"),
        Column("speaker_surface", "string", "the speaker as written (e.g. 'it', 'the agency')"),
        Column("verb", "string", "lemma of the reporting verb (say, warn, add ...); empty if unattributed"),
        Column("stance", "string", "neutral or evaluative (reporting-verb lexicon); empty if no verb"),
        Column("quote", "string", "the quoted words, or the paraphrased content, exactly text[start:end]"),
        Column("n_words", "int64", "word tokens (non-punctuation) in the quote or content"),
    ),
    "tone": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("neg", "float64", "VADER: share of the sentence's valence that is negative, 4 decimals"),
        Column("neu", "float64", "VADER: share that is neutral, 4 decimals"),
        Column("pos", "float64", "VADER: share that is positive, 4 decimals"),
        Column("compound", "float64", "VADER compound score in [-1, 1], 4 decimals"),
        Column("tone", "string", "negative (compound <= -0.05), positive (>= 0.05) or neutral"),
    ),
}

SENTENCE_COLUMNS = tuple(c.name for c in SCHEMAS["sentences"])
TOKEN_COLUMNS = tuple(c.name for c in SCHEMAS["tokens"])


def columns(table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [c.name for c in SCHEMAS[table]]


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns."""
    return {c.name: c.dtype for c in SCHEMAS[table]}


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row DataFrame with ``table``'s columns and types."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in SCHEMAS[table]})


def as_table(table: str, data: Mapping[str, list] | pd.DataFrame) -> pd.DataFrame:
    """``data`` as ``table``: declared columns, in order, with declared types."""
    if isinstance(data, pd.DataFrame):
        return data[columns(table)].astype(dtypes(table)).reset_index(drop=True)
    types = dtypes(table)
    return pd.DataFrame({c: pd.array(data[c], dtype=types[c]) for c in columns(table)})


FORMATS = ("csv", "parquet")
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


def path_of(table: str, out_dir: str | Path, fmt: str | None = None) -> Path:
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


def remove_other_formats(table: str, out_dir: str | Path, fmt: str) -> None:
    """Delete ``table``'s file in formats other than ``fmt`` (a stale copy readers must not see)."""
    for other in FORMATS:
        if other != fmt:
            path_of(table, out_dir, other).unlink(missing_ok=True)


def write_table(table: str, df: pd.DataFrame, out_dir: str | Path, fmt: str = "csv") -> Path:
    """Write ``df`` as ``table`` into ``out_dir`` (atomic, deterministic); return the path.

    ``fmt`` is ``"csv"`` or, for :data:`PARQUET_TABLES`, ``"parquet"``. The table's file
    in the other format, if any, is removed.
    """
    _check_format(table, fmt)
    path = path_of(table, out_dir, fmt)
    frame = as_table(table, df)
    if fmt == "csv":
        write_csv(frame, path)
    else:
        import pyarrow as pa

        data = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)

        def write(tmp: Path) -> None:
            with TableWriter(table, tmp, "parquet") as writer:
                writer.append_arrow(data.replace_schema_metadata(None))

        write_atomic(path, write)
    remove_other_formats(table, out_dir, fmt)
    return path


def read_table(table: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table, CSV or Parquet, with its declared column types.

    A missing file raises ``FileNotFoundError`` naming the command that makes it.
    """
    csv_path, parquet = path_of(table, out_dir, "csv"), path_of(table, out_dir, "parquet")
    if csv_path.is_file() and parquet.is_file():
        raise ResearchUtilsError(
            f"{Path(out_dir)}: both {csv_path.name} and {parquet.name} exist, so which one is current "
            "is unclear\n  fix: rerun `research-utils prepare` (it keeps one), or delete the stale file"
        )
    if parquet.is_file():
        import pyarrow.parquet as pq

        return as_table(table, pq.read_table(parquet).to_pandas())
    if not csv_path.is_file():
        raise FileNotFoundError(f"{csv_path} not found: run `research-utils prepare` first")
    return as_table(table, read_csv(csv_path, dtype=dtypes(table)))


def arrow_schema(table: str):
    """The ``pyarrow`` schema of ``table`` (declared columns and types, no metadata)."""
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, _ARROW_TYPES[c.dtype])()) for c in SCHEMAS[table]])


def encode_rows(table: str, data: Mapping[str, list]) -> bytes:
    """Rows of ``table`` (columns as lists) as UTF-8 CSV without a header: the bytes
    :func:`write_table` would write for them (see :func:`research_utils.io.csv_rows`)."""
    from .io import csv_rows

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
        self._parquet.write_table(data.slice(0, n).combine_chunks(), row_group_size=n)
        rest = data.slice(n)
        self._groups = [rest] if rest.num_rows else []
        self._buffered = rest.num_rows
