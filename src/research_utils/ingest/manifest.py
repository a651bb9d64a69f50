"""The checksum manifest of a corpus (``SHA256SUMS``, in the format ``sha256sum -c`` reads).

:func:`verify_manifest` refuses a file that changed or is not listed; :func:`write_manifest`
is the one function that writes into a corpus folder, run on purpose by a user after adding
or correcting an article (``research-utils manifest``).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..errors import InputError
from ..files import sha256_file, write_text_atomic

METADATA_FILE = "metadata.csv"
MANIFEST_FILE = "SHA256SUMS"
_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


def regular_file(path: Path, fix: str) -> None:
    """Refuse ``path`` unless it is a regular file of its folder: a symbolic link is not
    followed (it could point anywhere, ``/etc/passwd`` too) and a fifo, socket, device or
    folder is not an article. A missing file passes (the caller says what is missing)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise InputError(path, f"a symbolic link (to {os.readlink(path)}), which is not followed", fix)
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(path, f"{kind}, not a regular file", fix)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (fifo)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_manifest(raw_dir: str | Path, fix: str | None = None) -> dict[str, tuple[str, int]]:
    """Parse ``SHA256SUMS`` in ``raw_dir``: file name -> (digest, line number)."""
    path = Path(raw_dir) / MANIFEST_FILE
    fix = fix or f"run: research-utils manifest --raw {raw_dir}"
    regular_file(path, f"copy the file itself into {path.parent} (links are not followed), or {fix}")
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

    ``raw`` is a corpus folder or a one-file corpus (see :func:`manifest_text`). A path
    that does not exist (a typo) or a folder with no articles is refused, and nothing is
    created.
    """
    raw = existing_corpus(raw)
    folder = raw.parent if raw.is_file() else raw
    text = manifest_text(raw)
    if not text:
        raise InputError(
            raw,
            f"no articles to list (no .txt files and no {METADATA_FILE})",
            "check the path: pass the folder holding metadata.csv and the .txt articles, "
            "or a .csv or .jsonl file, with --raw",
        )
    return write_text_atomic(folder / MANIFEST_FILE, text)


#: What to do about a corpus path that is not there.
CORPUS_PATH_FIX = (
    "check the spelling; pass the folder holding metadata.csv and the .txt articles, "
    "or a .csv or .jsonl file with one article per row, with --raw"
)


def existing_corpus(raw: str | Path, *, fix: str = CORPUS_PATH_FIX) -> Path:
    """``raw`` if it is a folder or a regular file; else refused (a typo must not become a
    new folder or an empty manifest), naming the path and ``fix``."""
    raw = Path(raw)
    if not raw.exists():
        raise InputError(raw, "corpus folder or file not found", fix)
    if not (raw.is_file() or raw.is_dir()):
        raise InputError(raw, "not a folder or a regular file", fix)
    return raw


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
