"""Stage 1 — load and validate the raw corpus (``data/raw/``).

A corpus comes in one of two shapes:

* a folder holding one UTF-8 ``.txt`` file per article, a ``metadata.csv`` with one row
  per article, and a ``SHA256SUMS`` manifest (``sha256sum -c`` format) covering the
  articles and the metadata;
* one file with one article per row — a CSV file (``.csv``) or JSON Lines (``.jsonl``,
  ``.ndjson``), the usual exports of news databases — holding the text and the metadata
  columns, whose names can be mapped (:func:`parse_column_map`). The ``SHA256SUMS`` in
  the file's folder must list the file (``research-utils manifest --raw FILE`` adds it).

:func:`load_corpus` checks all of it, with the same rules and the same messages for both
shapes (naming the file and the line: the metadata row, the CSV record or the JSON line),
and returns one row per document with the metadata, the text as received (``raw_text``)
and ``text``, the form the tokeniser reads:

* Unicode NFC;
* a leading ``date YYYY-MM-DD`` marker (Taipei Times export) removed, after checking
  that it agrees with the ``published`` column;
* leading and trailing whitespace stripped;
* Chinese glosses in parentheses after an English name — ``Tencent Holdings Ltd (騰訊)`` —
  moved out of the text into the glosses table, so CJK characters never become
  English terms. Typographic quotes and apostrophes are kept as they are.

Nothing in this module writes to the corpus folder except :func:`write_manifest`, which
a user runs on purpose after adding an article.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError, ResearchUtilsError
from .io import sha256_file, write_text_atomic

METADATA_FILE = "metadata.csv"
MANIFEST_FILE = "SHA256SUMS"
METADATA_COLUMNS = (
    "doc_id",
    "file",
    "outlet",
    "country",
    "published",
    "section",
    "url",
    "language",
    "notes",
)
REQUIRED_COLUMNS = ("doc_id", "file", "outlet", "published")
SUPPORTED_LANGUAGES = ("en",)
DOCUMENT_COLUMNS = (*METADATA_COLUMNS, "raw_text", "text")
GLOSS_COLUMNS = ("doc_id", "english", "chinese", "start", "end")
#: One-file corpora: file suffix → format.
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: The fields a one-file corpus row provides (``file`` is made up: ``NAME:LINE``).
ROW_FIELDS = (*(c for c in METADATA_COLUMNS if c != "file"), "text")
ROW_REQUIRED = ("doc_id", "outlet", "published", "text")

_DATE_MARKER = re.compile(r"\A\s*date\s+(\S+)\s+")
_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
# Han ideographs (with extensions and compatibility forms), radicals, iteration marks.
_CJK = "\u2e80-\u2fdf\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_GLOSS = re.compile(rf"[ \t]*[(（]\s*([{_CJK}][{_CJK}·・ ]*)\s*[)）]")
_NAME_WORD = r"[A-Z0-9][\w.&'’\-]*"
_ENGLISH_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|de|&)[ \t]+)?{_NAME_WORD})*\Z")
# A title before a person's name ("Chinese President Xi Jinping (習近平)"): the gloss
# belongs to the name after the last title, not to the title.
_TITLE_PREFIX = re.compile(
    r"\A.*\b(?:President|Premier|Minister|Chairman|Chairwoman|Secretary|Governor|Mayor|Ambassador"
    r"|Director|Spokesman|Spokeswoman|Spokesperson|Legislator|Lawmaker|Mr|Mrs|Ms|Dr)\.?[ \t]+(?=[A-Z0-9])"
)


@dataclass(frozen=True)
class Corpus:
    """A loaded corpus: ``documents`` (one row per article) and ``glosses``."""

    documents: pd.DataFrame
    glosses: pd.DataFrame


def read_metadata(raw_dir: str | Path) -> pd.DataFrame:
    """Read and validate ``metadata.csv``; one row per document, sorted by ``doc_id``.

    Each row's file must exist in ``raw_dir``. Optional columns that are absent are
    added empty. Errors name the CSV line.
    """
    path = Path(raw_dir) / METADATA_FILE
    fix_add = f"add a row for each article to {path} (columns: {', '.join(METADATA_COLUMNS)})"
    if not path.is_file():
        raise InputError(path, "metadata file not found", fix_add)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (byte {exc.start})", "save the file as UTF-8") from exc
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(
            path,
            f"missing required column(s): {', '.join(missing)}",
            f"the header must name at least {', '.join(REQUIRED_COLUMNS)}",
            line=1,
        )
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if None in record:
                raise InputError(
                    path, "more fields than the header has", "quote fields that contain commas", line
                )
            row = {c: (record.get(c) or "").strip() for c in METADATA_COLUMNS}
            _check_row(path, line, row, seen_ids, seen_files)
            rows.append(row)
    except csv.Error as exc:
        raise InputError(
            path, f"malformed CSV: {exc}", "check the quoting on this line", reader.line_num
        ) from exc
    if not rows:
        raise InputError(path, "no documents listed", fix_add)
    meta = pd.DataFrame(rows, columns=list(METADATA_COLUMNS))
    return meta.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _check_row(
    path: Path, line: int, row: dict[str, str], seen_ids: dict[str, int], seen_files: dict[str, int]
) -> None:
    _check_fields(path, line, row, REQUIRED_COLUMNS, seen_ids)
    name = row["file"]
    if name in seen_files:
        raise InputError(
            path,
            f"file {name!r} is listed twice (first on line {seen_files[name]})",
            "list each article file once",
            line,
        )
    if Path(name).name != name:
        raise InputError(
            path,
            f"file {name!r} is not a plain file name",
            "put the article in the corpus folder and give its name only",
            line,
        )
    if not (path.parent / name).is_file():
        raise InputError(
            path,
            f"file {name!r} not found in {path.parent}",
            "add the article file, or delete this row",
            line,
        )
    seen_files[name] = line


def _check_fields(
    path: Path,
    line: int,
    row: dict[str, str],
    required: tuple[str, ...],
    seen_ids: dict[str, int],
    names: Mapping[str, str] | None = None,
) -> None:
    """The checks every document row gets, whatever the corpus shape (normalises the row).

    ``names`` maps a field to the column name the user's file gives it, for the messages.
    """
    names = names or {}
    for col in required:
        if not row[col]:
            label = names.get(col, col)
            raise InputError(path, f"empty {label!r}", f"fill in {label!r} for this document", line)
    doc_id = row["doc_id"]
    if doc_id in seen_ids:
        raise InputError(
            path,
            f"duplicate doc_id {doc_id!r} (first on line {seen_ids[doc_id]})",
            "give every document its own doc_id",
            line,
        )
    if any(unicodedata.category(ch) == "Cc" for ch in doc_id):
        raise InputError(
            path,
            f"doc_id {doc_id!r} contains a line break or another control character",
            "use letters, digits and punctuation in doc_id",
            line,
        )
    seen_ids[doc_id] = line
    try:
        published = dt.date.fromisoformat(row["published"])
    except ValueError as exc:
        raise InputError(
            path,
            f"published date {row['published']!r} is not an ISO date",
            "write dates as YYYY-MM-DD, e.g. 2021-03-19",
            line,
        ) from exc
    row["published"] = published.isoformat()
    language = row["language"] or "en"
    if language not in SUPPORTED_LANGUAGES:
        raise InputError(
            path,
            f"language {language!r} is not supported (the NLTK models used are English)",
            "keep only English articles (language 'en') in the corpus",
            line,
        )
    row["language"] = language


def read_manifest(raw_dir: str | Path, fix: str | None = None) -> dict[str, tuple[str, int]]:
    """Parse ``SHA256SUMS`` in ``raw_dir``: file name -> (digest, line number)."""
    path = Path(raw_dir) / MANIFEST_FILE
    fix = fix or f"run: research-utils manifest --raw {raw_dir}"
    if not path.is_file():
        raise InputError(path, "checksum manifest not found", fix)
    entries: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line)
        if not match:
            raise InputError(path, "not a 'sha256sum' line", fix, number)
        entries[match.group(2)] = (match.group(1).lower(), number)
    return entries


def manifest_text(raw: str | Path) -> str:
    """The ``SHA256SUMS`` content for the corpus at ``raw``.

    For a folder: ``metadata.csv`` and every ``.txt`` in it. For a one-file corpus: that
    file. Lines for other files of the folder that still exist (say, a one-file corpus
    beside a folder corpus) are kept as they were.
    """
    raw = Path(raw)
    folder = raw.parent if raw.is_file() else raw
    if raw.is_file():
        names = [raw.name]
    else:
        names = sorted(p.name for p in raw.glob("*.txt") if p.is_file())
        if (raw / METADATA_FILE).is_file():
            names.append(METADATA_FILE)
    lines = {n: f"{sha256_file(folder / n)}  {n}\n" for n in names}
    old = folder / MANIFEST_FILE
    if old.is_file():
        for line in old.read_text(encoding="utf-8").splitlines():
            match = _MANIFEST_LINE.fullmatch(line)
            name = match.group(2) if match else None
            if name and name not in lines and name != MANIFEST_FILE and (folder / name).is_file():
                lines[name] = line + "\n"
    return "".join(lines[n] for n in sorted(lines))


def write_manifest(raw: str | Path) -> Path:
    """(Re)write ``SHA256SUMS`` after adding or correcting an article, atomically.

    ``raw`` is a corpus folder or a one-file corpus (see :func:`manifest_text`).
    """
    raw = Path(raw)
    folder = raw.parent if raw.is_file() else raw
    return write_text_atomic(folder / MANIFEST_FILE, manifest_text(raw))


def verify_manifest(raw_dir: str | Path, names: list[str], corpus: str | Path | None = None) -> None:
    """Check files of the folder ``raw_dir`` against its ``SHA256SUMS``.

    A folder corpus (``corpus`` None) checks ``metadata.csv`` and the named articles; a
    one-file corpus passes the file as ``corpus`` and its name in ``names``, and only that
    file is checked. The fix names ``research-utils manifest --raw`` for the corpus.
    """
    raw = Path(raw_dir)
    manifest_path = raw / MANIFEST_FILE
    fix = (
        f"if you changed or added the file on purpose, run: research-utils manifest --raw {corpus or raw}; "
        "otherwise restore the original"
    )
    entries = read_manifest(raw, fix=f"run: research-utils manifest --raw {corpus or raw}")
    for name in names if corpus is not None else [METADATA_FILE, *names]:
        if name not in entries:
            raise InputError(manifest_path, f"{name} is not listed", fix)
        digest, line = entries[name]
        if sha256_file(raw / name) != digest:
            raise InputError(raw / name, f"checksum does not match {MANIFEST_FILE} line {line}", fix)


def read_article(path: str | Path) -> str:
    """Read one article as UTF-8, refusing empty, binary and non-UTF-8 files."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise InputError(
            path, "the file is empty", "put the article text in the file, or remove it and its metadata row"
        )
    if b"\x00" in data:
        raise InputError(
            path,
            "binary file (contains NUL bytes), not plain text",
            "export the article as a UTF-8 .txt file",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path,
            f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
            "re-save the file as UTF-8 (e.g. iconv -f cp1252 -t utf-8)",
            line,
        ) from exc


def clean_text(
    raw_text: str,
    published: str,
    path: str | Path = "<text>",
    line: int = 1,
    published_in: str = METADATA_FILE,
) -> tuple[str, list[dict]]:
    """Return the tokeniser-ready ``text`` and its glosses (see the module docstring).

    ``path`` and ``line`` (where the text starts) and ``published_in`` (where the date
    came from) are for error messages only.

    Gloss rows have ``english`` (the run of capitalised words before the parenthesis,
    joined by ``of``/``and``/``for``/``the``/``de``/``&``; empty when there is none),
    ``chinese`` and ``start``/``end``, the English name's offsets in the returned text.
    """
    text = unicodedata.normalize("NFC", raw_text)
    marker = _DATE_MARKER.match(text)
    if marker:
        try:
            marked = dt.date.fromisoformat(marker.group(1)).isoformat()
        except ValueError as exc:
            raise InputError(
                path, f"date marker {marker.group(1)!r} is not an ISO date", "fix or remove the marker", line
            ) from exc
        if marked != published:
            raise InputError(
                path,
                f"date marker {marked} disagrees with published {published} in {published_in}",
                "correct whichever date is wrong",
                line,
            )
        text = text[marker.end() :]
    text = text.strip()
    pieces: list[str] = []
    glosses: list[dict] = []
    kept = 0  # length of the cleaned text built so far
    pos = 0
    for match in _GLOSS.finditer(text):
        before = text[pos : match.start()]
        pieces.append(before)
        kept += len(before)
        name = _ENGLISH_NAME.search(text[max(0, match.start() - 200) : match.start()])
        english = _TITLE_PREFIX.sub("", name.group(0)) if name else ""
        glosses.append(
            {"english": english, "chinese": match.group(1).strip(), "start": kept - len(english), "end": kept}
        )
        pos = match.end()
    pieces.append(text[pos:])
    return "".join(pieces).strip(), glosses


def load_corpus(raw_dir: str | Path, columns: str | Mapping[str, str] | None = None) -> Corpus:
    """Validate a corpus — a folder, or one ``.csv``/``.jsonl`` file — and load it.

    See the module docstring. ``columns`` maps fields to a one-file corpus's column names
    (:func:`parse_column_map`). Raises :class:`~research_utils.errors.InputError` naming
    the file, line and fix for: a missing folder, file or metadata file, a missing
    required column, an empty field, a duplicate ``doc_id``, an unparseable date, a row
    whose file is absent, a ``.txt`` with no row, a manifest mismatch, an empty, binary or
    non-UTF-8 file, a malformed CSV record or JSON line, and a date marker that disagrees
    with the metadata.
    """
    raw = Path(raw_dir)
    if raw.is_file():
        return load_corpus_file(raw, columns)
    if columns:
        raise ResearchUtilsError(
            f"{raw}: column names can be mapped for a one-file corpus (.csv or .jsonl) only\n"
            f"  fix: name the columns of {METADATA_FILE} {', '.join(METADATA_COLUMNS)}, and drop --columns"
        )
    if not raw.is_dir():
        raise InputError(
            raw,
            "corpus folder or file not found",
            "pass the folder holding metadata.csv and the .txt articles, or a .csv or .jsonl file "
            "with one article per row, with --raw",
        )
    meta = read_metadata(raw)
    listed = set(meta["file"])
    meta_path = raw / METADATA_FILE
    for orphan in sorted(p.name for p in raw.glob("*.txt")):
        if orphan not in listed:
            raise InputError(
                raw / orphan,
                f"no row in {METADATA_FILE} for this article",
                f"add a row for it to {meta_path}, then run: research-utils manifest --raw {raw}",
            )
    verify_manifest(raw, sorted(listed))
    raw_texts, texts, gloss_rows = [], [], []
    for doc_id, name, published in zip(meta["doc_id"], meta["file"], meta["published"], strict=True):
        raw_text = read_article(raw / name)
        text, glosses = clean_text(raw_text, published, raw / name)
        if not text:
            raise InputError(
                raw / name, "no text left after removing the date marker", "put the article text in the file"
            )
        raw_texts.append(raw_text)
        texts.append(text)
        gloss_rows.extend({"doc_id": doc_id, **g} for g in glosses)
    return _assemble_corpus(meta.assign(raw_text=raw_texts, text=texts), gloss_rows)


def _assemble_corpus(documents: pd.DataFrame, gloss_rows: list[dict]) -> Corpus:
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    glosses = pd.DataFrame(gloss_rows, columns=list(GLOSS_COLUMNS)).astype({"start": "int64", "end": "int64"})
    glosses = glosses.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return Corpus(documents=documents[list(DOCUMENT_COLUMNS)], glosses=glosses)


# --------------------------------------------------------------------------- one-file corpora


def parse_column_map(spec: str | Mapping[str, str] | None = None) -> dict[str, str]:
    """Field → the column (CSV) or key (JSON) of a one-file corpus that holds it.

    ``spec`` is ``"text=body,doc_id=id,outlet=source,published=date"`` (the command
    line's ``--columns``) or a dict; fields not named are read from a column of their own
    name. The fields are ``doc_id``, ``outlet``, ``country``, ``published``, ``section``,
    ``url``, ``language``, ``notes`` and ``text``.
    """
    mapping = {field: field for field in ROW_FIELDS}
    if not spec:
        return mapping
    if isinstance(spec, Mapping):
        pairs = [(str(k), str(v)) for k, v in spec.items()]
    else:
        pairs = []
        for piece in filter(None, (p.strip() for p in spec.split(","))):
            field, sep, column = piece.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise ResearchUtilsError(
                    f"--columns: {piece!r} is not FIELD=COLUMN\n"
                    "  fix: write e.g. --columns text=body,doc_id=id"
                )
            pairs.append((field.strip(), column.strip()))
    seen: set[str] = set()
    for field, column in pairs:
        if field not in mapping:
            raise ResearchUtilsError(
                f"--columns: unknown field {field!r}\n"
                f"  fix: map one of {', '.join(ROW_FIELDS)} (as FIELD=COLUMN)"
            )
        if field in seen:
            raise ResearchUtilsError(f"--columns: {field!r} is mapped twice\n  fix: map each field once")
        seen.add(field)
        mapping[field] = column
    return mapping


def load_corpus_file(path: str | Path, columns: str | Mapping[str, str] | None = None) -> Corpus:
    """Validate and load a one-file corpus: CSV or JSON Lines, one article per row.

    The file must be listed in ``SHA256SUMS`` beside it. Each row gets the checks and the
    cleaning of the folder shape; errors name the file and the line where the row starts.
    ``file`` in the documents table is ``NAME:LINE``. Columns other than the mapped
    fields are ignored.
    """
    path = Path(path)
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            path,
            "a corpus file must be CSV (.csv) or JSON Lines (.jsonl, .ndjson)",
            "export the articles as CSV or JSON Lines with one article per row, or pass a corpus folder",
        )
    if path.name == METADATA_FILE:
        raise InputError(
            path,
            "this is the metadata of a corpus folder, not a one-file corpus",
            f"pass the folder: --raw {path.parent}",
        )
    names = parse_column_map(columns)
    verify_manifest(path.parent, [path.name], corpus=path)
    text = _decode_corpus_file(path)
    records = _csv_records(path, text, names) if fmt == "csv" else _jsonl_records(path, text, names)
    rows, raw_texts, texts, gloss_rows = [], [], [], []
    seen_ids: dict[str, int] = {}
    date_from = f"column {names['published']!r}"
    for line, values in records:
        row = {f: _field_text(path, line, names[f], values.get(f)).strip() for f in ROW_FIELDS if f != "text"}
        raw_text = _field_text(path, line, names["text"], values.get("text"))
        if not raw_text.strip():
            raise InputError(
                path,
                f"empty text in {names['text']!r}",
                "put the article text in this row, or delete the row",
                line,
            )
        if "\x00" in raw_text:
            raise InputError(
                path,
                "the text contains NUL characters (binary data)",
                "export the article text as text",
                line,
            )
        _check_fields(path, line, row, tuple(f for f in ROW_REQUIRED if f != "text"), seen_ids, names)
        row["file"] = f"{path.name}:{line}"
        cleaned, glosses = clean_text(raw_text, row["published"], path, line, date_from)
        if not cleaned:
            raise InputError(
                path, "no text left after removing the date marker", "put the article text in this row", line
            )
        rows.append(row)
        raw_texts.append(raw_text)
        texts.append(cleaned)
        gloss_rows.extend({"doc_id": row["doc_id"], **g} for g in glosses)
    if not rows:
        raise InputError(path, "no articles in the file", "export at least one article, one per row")
    meta = pd.DataFrame(rows, columns=list(METADATA_COLUMNS))
    return _assemble_corpus(meta.assign(raw_text=raw_texts, text=texts), gloss_rows)


def _decode_corpus_file(path: Path) -> str:
    """The file as text: refuses empty, binary and non-UTF-8 files (naming the line)."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "the file is empty", "export the articles into it, one per row")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            path,
            "binary file (contains NUL bytes), not CSV or JSON Lines text",
            "export the articles as UTF-8 CSV or JSON Lines",
            data.count(b"\n", 0, nul) + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
            "export or re-save the file as UTF-8 (e.g. iconv -f cp1252 -t utf-8)",
            data.count(b"\n", 0, exc.start) + 1,
        ) from exc


def _missing_message(names: Mapping[str, str], present) -> str | None:
    missing = [
        names[f] if names[f] == f else f"{names[f]} (for {f})"
        for f in ROW_REQUIRED
        if names[f] not in present
    ]
    return ", ".join(missing) if missing else None


def _csv_records(path: Path, text: str, names: Mapping[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, field → value) for each CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = _missing_message(names, header)
        if missing:
            raise InputError(
                path,
                f"missing required column(s): {missing}",
                f"the header must name at least {', '.join(ROW_REQUIRED)}; "
                "map other names with --columns, e.g. --columns text=body,doc_id=id",
                1,
            )
        index = {f: header.index(names[f]) for f in ROW_FIELDS if names[f] in header}
        end = reader.line_num
        for record in reader:
            line, end = end + 1, reader.line_num
            if not record:
                continue
            if len(record) > len(header):
                raise InputError(
                    path, "more fields than the header has", "quote fields that contain commas", line
                )
            yield line, {f: record[i] if i < len(record) else "" for f, i in index.items()}
    except csv.Error as exc:
        raise InputError(
            path, f"malformed CSV: {exc}", "check the quoting of this record", reader.line_num
        ) from exc


def _jsonl_records(path: Path, text: str, names: Mapping[str, str]) -> Iterator[tuple[int, dict]]:
    """(line number, field → value) for each JSON Lines record."""
    example = '{"doc_id": "a1", "outlet": "...", "published": "2021-03-19", "text": "..."}'
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                path,
                f"malformed JSON: {exc.msg} (column {exc.colno})",
                "write one JSON object per line; line breaks inside a text are written \\n",
                number,
            ) from exc
        if not isinstance(record, dict):
            raise InputError(
                path,
                f"a JSON {_json_kind(record)}, not an object",
                f"write one object per line: {example}",
                number,
            )
        missing = _missing_message(names, record)
        if missing:
            raise InputError(
                path,
                f"missing required field(s): {missing}",
                f"give every line at least {', '.join(ROW_REQUIRED)}; "
                "map other names with --columns, e.g. --columns text=body,doc_id=id",
                number,
            )
        yield number, {f: record[names[f]] for f in ROW_FIELDS if names[f] in record}


def _json_kind(value: object) -> str:
    kinds = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"), (list, "array"))
    default = "null" if value is None else "object"
    return next((name for kind, name in kinds if isinstance(value, kind)), default)


def _field_text(path: Path, line: int, column: str, value: object) -> str:
    """A field's value as text: strings as they are, numbers written out, null as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(
        path, f"{column!r} is a JSON {_json_kind(value)}, not text", f"give {column!r} as a string", line
    )
