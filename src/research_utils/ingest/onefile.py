"""A one-file corpus: CSV (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``), one article per row.

The usual shape of a news-database export: a text column plus metadata columns, whose
names can be mapped (:func:`parse_column_map`). The ``SHA256SUMS`` beside the file must
list it. Each row gets the checks and the cleaning of the folder shape; errors name the
file and the line where the row starts; ``file`` in the documents table is ``NAME:LINE``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError, ResearchUtilsError
from ..files import decode_user_file, iter_csv_records
from ..schemas import METADATA_COLUMNS
from .clean import LineFilter, clean_text
from .manifest import CORPUS_PATH_FIX, METADATA_FILE, existing_corpus, verify_manifest
from .rows import check_fields, warn_foreign_script

#: One-file corpora: file suffix → format.
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: The fields a one-file corpus row provides (``file`` is made up: ``NAME:LINE``).
ROW_FIELDS = (*(c for c in METADATA_COLUMNS if c != "file"), "text")
ROW_REQUIRED = ("doc_id", "outlet", "published", "text")


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


def read_corpus_file(
    path: str | Path,
    *,
    columns: str | Mapping[str, str] | None = None,
    date_format: str | None = None,
    line_filters: Sequence[LineFilter] = (),
) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The documents (metadata, ``raw_text``, ``text``), gloss rows and filtered-line rows of a
    one-file corpus. Columns other than the mapped fields are ignored; ``date_format`` says
    how the ``published`` column is written when it is not ``YYYY-MM-DD``."""
    path = Path(path)
    fmt = _check_corpus_file(path)
    names = parse_column_map(columns)
    verify_manifest(path.parent, [path.name], corpus=path)
    text = _decode_corpus_file(path)
    records = _csv_records(path, text, names) if fmt == "csv" else _jsonl_records(path, text, names)
    rows: list[dict[str, str]] = []
    raw_texts: list[str] = []
    texts: list[str] = []
    gloss_rows: list[dict] = []
    removed_rows: list[dict] = []
    seen_ids: dict[str, int] = {}
    required = tuple(f for f in ROW_REQUIRED if f != "text")
    for line, values in records:
        row = {f: _field_text(path, line, names[f], values.get(f)).strip() for f in ROW_FIELDS if f != "text"}
        raw_text = _row_text(path, line, names["text"], values.get("text"))
        check_fields(path, line, row, required, seen_ids, names, date_format=date_format)
        row["file"] = f"{path.name}:{line}"
        cleaned = clean_text(
            raw_text,
            row["published"],
            line_filters=line_filters,
            path=path,
            line=line,
            published_in=f"column {names['published']!r}",
        )
        if not cleaned.text:
            raise InputError(
                path,
                "no text left after removing the date marker and filtered lines",
                "put the article text in this row, or loosen the study's line_filters",
                line,
            )
        warn_foreign_script(path, line, row["doc_id"], cleaned.text, row["language"])
        rows.append(row)
        raw_texts.append(raw_text)
        texts.append(cleaned.text)
        gloss_rows.extend({"doc_id": row["doc_id"], **g} for g in cleaned.glosses)
        removed_rows.extend({"doc_id": row["doc_id"], **r} for r in cleaned.removed)
    if not rows:
        raise InputError(path, "no articles in the file", "export at least one article, one per row")
    meta = pd.DataFrame(rows, columns=list(METADATA_COLUMNS))
    return meta.assign(raw_text=raw_texts, text=texts), gloss_rows, removed_rows


def check_corpus_path(raw: str | Path, *, fix: str | None = None) -> Path:
    """Refuse a corpus path that does not exist, or a file that is not CSV or JSON Lines,
    before anything reads or writes: ``fix`` (default: pass one with ``--raw``) says what to do."""
    raw = existing_corpus(raw, fix=fix or CORPUS_PATH_FIX)
    if raw.is_file():
        _check_corpus_file(raw)
    return raw


def _check_corpus_file(path: Path) -> str:
    """The format of a one-file corpus (``csv`` or ``jsonl``), from its suffix."""
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
    return fmt


def _row_text(path: Path, line: int, column: str, value: object) -> str:
    """A row's article text: refused when empty or holding NUL characters."""
    raw_text = _field_text(path, line, column, value)
    if not raw_text.strip():
        raise InputError(
            path, f"empty text in {column!r}", "put the article text in this row, or delete the row", line
        )
    if "\x00" in raw_text:
        raise InputError(
            path, "the text contains NUL characters (binary data)", "export the article text as text", line
        )
    return raw_text


def _decode_corpus_file(path: Path) -> str:
    """The file as text: refuses empty, binary and non-UTF-8 files (naming the line)."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "the file is empty", "export the articles into it, one per row")
    return decode_user_file(path, data, fix="export the articles as UTF-8 CSV or JSON Lines")


def _label(names: Mapping[str, str], field: str) -> str:
    """How messages name the column of ``field``: ``date (for published)`` when mapped."""
    return names[field] if names[field] == field else f"{names[field]} (for {field})"


def _missing_message(names: Mapping[str, str], present) -> str | None:
    missing = [_label(names, f) for f in ROW_REQUIRED if names[f] not in present]
    return ", ".join(missing) if missing else None


def _csv_records(path: Path, text: str, names: Mapping[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, field → value) for each CSV record."""
    required = [names[f] for f in ROW_REQUIRED]
    fix = (
        f"the header must name at least {', '.join(ROW_REQUIRED)}; "
        "map other names with --columns, e.g. --columns text=body,doc_id=id"
    )
    labels = {names[f]: _label(names, f) for f in ROW_REQUIRED}
    for line, values in iter_csv_records(path, text, required=required, header_fix=fix, labels=labels):
        yield line, {f: values[names[f]] for f in ROW_FIELDS if names[f] in values}


def _jsonl_records(path: Path, text: str, names: Mapping[str, str]) -> Iterator[tuple[int, dict]]:
    """(line number, field → value) for each JSON Lines record."""
    example = '{"doc_id": "a1", "outlet": "...", "published": "2021-03-19", "text": "..."}'
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise InputError(
                path,
                f"malformed JSON: {exc.msg} (column {exc.colno})",
                "write one JSON object per line; line breaks inside a text are written \\n",
                number,
            ) from exc
        except _RepeatedKeyError as exc:
            raise InputError(
                path,
                f"key(s) {', '.join(map(repr, exc.args[0]))} appear more than once in this object",
                "give each key once per line (the value a reader would keep is unclear)",
                number,
            ) from None
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


class _RepeatedKeyError(ValueError):
    """A JSON object with a key given twice (``json`` would keep the last silently)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record = dict(pairs)
    if len(record) != len(pairs):
        keys = [k for k, _ in pairs]
        raise _RepeatedKeyError(sorted({k for k in keys if keys.count(k) > 1}))
    return record


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
