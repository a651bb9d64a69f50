"""A corpus folder: one UTF-8 ``.txt`` file per article, ``metadata.csv`` and ``SHA256SUMS``.

:func:`read_folder_corpus` checks the whole folder before anything is computed — every
article has a metadata row and every row a file, the manifest matches, each file is
non-empty UTF-8 text — and returns the documents (metadata, ``raw_text``, ``text``) and
the glosses.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..files import decode_user_file, read_user_csv
from ..schemas import METADATA_COLUMNS
from .clean import LineFilter, clean_text
from .manifest import METADATA_FILE, regular_file, verify_manifest
from .rows import check_fields, warn_foreign_script

REQUIRED_COLUMNS = ("doc_id", "file", "outlet", "published")


def read_metadata(raw_dir: str | Path) -> pd.DataFrame:
    """Read and validate ``metadata.csv``; one row per document, sorted by ``doc_id``.

    Each row's file must exist in ``raw_dir``. Optional columns that are absent are
    added empty. Errors name the CSV line.
    """
    path = Path(raw_dir) / METADATA_FILE
    fix = (
        f"{METADATA_FILE} needs a header naming at least {', '.join(REQUIRED_COLUMNS)} "
        f"(all columns: {', '.join(METADATA_COLUMNS)}) and one row per article"
    )
    optional = [c for c in METADATA_COLUMNS if c not in REQUIRED_COLUMNS]
    regular_file(path, _copy_fix(path.parent))
    records = read_user_csv(path, required=REQUIRED_COLUMNS, optional=optional, what="metadata file", fix=fix)
    rows: list[dict[str, str]] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, row in records:
        check_fields(path, line, row, REQUIRED_COLUMNS, seen_ids)
        _check_file(path, line, row["file"], seen_files)
        rows.append(row)
    meta = pd.DataFrame(rows, columns=list(METADATA_COLUMNS))
    return meta.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _check_file(path: Path, line: int, name: str, seen_files: dict[str, int]) -> None:
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
    regular_file(path.parent / name, _copy_fix(path.parent))
    if not (path.parent / name).is_file():
        raise InputError(
            path,
            f"file {name!r} not found in {path.parent}",
            "add the article file, or delete this row",
            line,
        )
    seen_files[name] = line


def _copy_fix(raw: Path) -> str:
    return (
        f"copy the file itself into {raw} (e.g. cp --dereference), "
        f"then run: research-utils manifest --raw {raw}"
    )


def read_article(path: str | Path) -> str:
    """Read one article as UTF-8, refusing empty, binary and non-UTF-8 files and anything
    that is not a regular file (a symbolic link is never followed). A leading byte-order
    mark is dropped."""
    path = Path(path)
    regular_file(path, _copy_fix(path.parent))
    data = path.read_bytes()
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(
            path, "the file is empty", "put the article text in the file, or remove it and its metadata row"
        )
    return decode_user_file(path, data, fix="export the article as a UTF-8 .txt file")


def read_folder_corpus(
    raw: Path, *, line_filters: Sequence[LineFilter] = ()
) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The documents (metadata, ``raw_text``, ``text``), gloss rows and filtered-line rows of
    a corpus folder."""
    meta = read_metadata(raw)
    listed = set(meta["file"])
    meta_path = raw / METADATA_FILE
    for orphan in sorted(p.name for p in raw.glob("*.txt")):
        if orphan not in listed:  # listed files were checked by read_metadata
            regular_file(raw / orphan, _copy_fix(raw))
            raise InputError(
                raw / orphan,
                f"no row in {METADATA_FILE} for this article",
                f"add a row for it to {meta_path}, then run: research-utils manifest --raw {raw}",
            )
    verify_manifest(raw, sorted(listed))
    raw_texts: list[str] = []
    texts: list[str] = []
    gloss_rows: list[dict] = []
    removed_rows: list[dict] = []
    for doc_id, name, published, language in zip(
        meta["doc_id"], meta["file"], meta["published"], meta["language"], strict=True
    ):
        raw_text = read_article(raw / name)
        cleaned = clean_text(raw_text, published, line_filters=line_filters, path=raw / name)
        if not cleaned.text:
            raise InputError(
                raw / name,
                "no text left after removing the date marker and filtered lines",
                "put the article text in the file, or loosen the study's line_filters",
            )
        warn_foreign_script(raw / name, None, doc_id, cleaned.text, language)
        raw_texts.append(raw_text)
        texts.append(cleaned.text)
        gloss_rows.extend({"doc_id": doc_id, **g} for g in cleaned.glosses)
        removed_rows.extend({"doc_id": doc_id, **r} for r in cleaned.removed)
    return meta.assign(raw_text=raw_texts, text=texts), gloss_rows, removed_rows
