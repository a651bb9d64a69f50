"""Stage 1 — load and validate the raw corpus (``data/raw/``).

A corpus folder holds one UTF-8 ``.txt`` file per article, a ``metadata.csv`` with one
row per article, and a ``SHA256SUMS`` manifest (``sha256sum -c`` format) covering the
articles and the metadata. :func:`load_corpus` checks all of it and returns one row per
document with the metadata, the bytes as received (``raw_text``) and ``text``, the form
the tokeniser reads:

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
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError
from .io import write_text_atomic

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

_DATE_MARKER = re.compile(r"\A\s*date\s+(\S+)\s+")
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


def sha256_file(path: Path) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    for col in REQUIRED_COLUMNS:
        if not row[col]:
            raise InputError(path, f"empty {col!r}", f"fill in {col!r} for this document", line)
    doc_id, name = row["doc_id"], row["file"]
    if doc_id in seen_ids:
        raise InputError(
            path,
            f"duplicate doc_id {doc_id!r} (first on line {seen_ids[doc_id]})",
            "give every document its own doc_id",
            line,
        )
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
    seen_ids[doc_id] = line
    seen_files[name] = line
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


def read_manifest(raw_dir: str | Path) -> dict[str, tuple[str, int]]:
    """Parse ``SHA256SUMS``: file name -> (digest, line number)."""
    path = Path(raw_dir) / MANIFEST_FILE
    fix = f"run: research-utils manifest --raw {raw_dir}"
    if not path.is_file():
        raise InputError(path, "checksum manifest not found", fix)
    entries: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
        if not match:
            raise InputError(path, "not a 'sha256sum' line", fix, number)
        entries[match.group(2)] = (match.group(1).lower(), number)
    return entries


def manifest_text(raw_dir: str | Path) -> str:
    """The ``SHA256SUMS`` content for ``metadata.csv`` and every ``.txt`` in ``raw_dir``."""
    raw = Path(raw_dir)
    names = sorted(p.name for p in raw.glob("*.txt") if p.is_file())
    if (raw / METADATA_FILE).is_file():
        names = sorted([*names, METADATA_FILE])
    return "".join(f"{sha256_file(raw / n)}  {n}\n" for n in names)


def write_manifest(raw_dir: str | Path) -> Path:
    """(Re)write ``SHA256SUMS`` after adding or correcting an article, atomically."""
    return write_text_atomic(Path(raw_dir) / MANIFEST_FILE, manifest_text(raw_dir))


def verify_manifest(raw_dir: str | Path, names: list[str]) -> None:
    """Check that ``metadata.csv`` and each named file match the manifest."""
    raw = Path(raw_dir)
    manifest_path = raw / MANIFEST_FILE
    entries = read_manifest(raw)
    fix = (
        f"if you changed or added the file on purpose, run: research-utils manifest --raw {raw}; "
        "otherwise restore the original"
    )
    for name in [METADATA_FILE, *names]:
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


def clean_text(raw_text: str, published: str, path: str | Path = "<text>") -> tuple[str, list[dict]]:
    """Return the tokeniser-ready ``text`` and its glosses (see the module docstring).

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
                path, f"date marker {marker.group(1)!r} is not an ISO date", "fix or remove the marker", 1
            ) from exc
        if marked != published:
            raise InputError(
                path,
                f"date marker {marked} disagrees with published {published} in {METADATA_FILE}",
                "correct whichever date is wrong",
                1,
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


def load_corpus(raw_dir: str | Path) -> Corpus:
    """Validate a corpus folder and load it (see the module docstring).

    Raises :class:`~research_utils.errors.InputError` naming the file, line and fix
    for: a missing folder or metadata file, a missing required column, an empty field,
    a duplicate ``doc_id``, an unparseable date, a row whose file is absent, a ``.txt``
    with no row, a manifest mismatch, an empty, binary or non-UTF-8 file, and a date
    marker that disagrees with the metadata.
    """
    raw = Path(raw_dir)
    if not raw.is_dir():
        raise InputError(
            raw,
            "corpus folder not found",
            "pass the folder holding metadata.csv and the .txt articles with --raw",
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
    documents = meta.assign(raw_text=raw_texts, text=texts)
    glosses_df = pd.DataFrame(gloss_rows, columns=list(GLOSS_COLUMNS)).astype(
        {"start": "int64", "end": "int64"}
    )
    return Corpus(documents=documents[list(DOCUMENT_COLUMNS)], glosses=glosses_df)
