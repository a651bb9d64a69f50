"""The annotation cache: each document's sentence and token rows, kept between runs.

``OUT/.cache/annotations.sqlite`` holds one entry per document (its rows as zstd-compressed
CSV, and its counts), found by a key: the SHA-256 of the annotation settings
(:func:`annotation_settings`: the annotation code, NLTK's version, Python's Unicode version,
the NLTK data packages), the ``doc_id`` and the cleaned text. ``OUT/.cache/state.json``
records what the last complete run wrote (a digest of its inputs, each table's size and
SHA-256), so an unchanged rerun writes nothing. Deleting the folder only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..errors import ResearchUtilsError
from ..files import sha256_file, write_text_atomic
from ..progress import Log, say

CACHE_DIR = ".cache"
STORE_FILE = "annotations.sqlite"
STATE_FILE = "state.json"
#: Bump when the layout of the store or of the state file changes.
CACHE_FORMAT = 2
#: The NLTK data packages the annotation reads (ids in research_utils.annotate.resources).
ANNOTATION_RESOURCES = (
    "punkt_tab",
    "averaged_perceptron_tagger_eng",
    "universal_tagset",
    "stopwords",
    "wordnet",
)
#: Modules whose code shapes a document's annotation (part of every cache key).
ANNOTATION_MODULES = ("annotate.tokens", "annotate.models", "annotate.fast_models")
#: Modules and packages whose code shapes the processed tables (the warm-rerun check covers them).
OUTPUT_MODULES = ("ingest", "annotate", "schemas", "tables", "files", "pipeline.prepare_tables")


@dataclass(frozen=True)
class Annotation:
    """One document's annotation as stored: counts and compressed CSV rows."""

    key: str
    n_sentences: int
    n_tokens: int
    n_word_tokens: int
    sentences: bytes  # zstd-compressed CSV rows of the sentences table (no header)
    sentences_size: int  # their size uncompressed
    tokens: bytes  # zstd-compressed CSV rows of the tokens table (no header)
    tokens_size: int

    def rows(self) -> tuple[bytes, bytes]:
        """The sentence and token rows, uncompressed."""
        codec = _codec()
        return (
            codec.decompress(self.sentences, self.sentences_size, asbytes=True),
            codec.decompress(self.tokens, self.tokens_size, asbytes=True),
        )


@functools.cache
def _codec():
    import pyarrow as pa

    return pa.Codec("zstd", compression_level=1)


def compress(data: bytes) -> bytes:
    """``data`` compressed with zstd (pyarrow's codec)."""
    return _codec().compress(data, asbytes=True)


def digest(value: object) -> str:
    """SHA-256 of ``value`` written as canonical JSON."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_key(settings_digest: str, doc_id: str, text: str) -> str:
    """The cache key of one document: SHA-256 of the settings, the ``doc_id`` and the text."""
    h = hashlib.sha256(settings_digest.encode("ascii"))
    for part in (doc_id, text):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _source_digest(modules: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each module's source file, or of every source file of a subpackage
    (names relative to the package)."""
    root = Path(__file__).parent.parent
    digests = {}
    for name in modules:
        folder = root / name.replace(".", "/")
        files = sorted(folder.glob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]
        digests[name] = digest({str(f.relative_to(root)): sha256_file(f) for f in files})
    return digests


def annotation_settings() -> dict[str, object]:
    """Everything a document's annotation depends on besides its text (see the module docstring)."""
    return {
        "code": _source_digest(ANNOTATION_MODULES),
        "nltk": version("nltk"),
        "unicode": unicodedata.unidata_version,
        "models": {rid: _resource_digest(rid) for rid in ANNOTATION_RESOURCES},
    }


def output_settings() -> dict[str, object]:
    """What the table files depend on besides the corpus and the annotation settings."""
    return {
        "format": CACHE_FORMAT,
        "code": _source_digest(OUTPUT_MODULES),
        "pandas": version("pandas"),
        "pyarrow": version("pyarrow"),
    }


def _resource_digest(resource_id: str) -> str:
    """SHA-256 of the NLTK data package's file (a zip) or of its folder's files."""
    from .resources import RESOURCES, find_resource

    (resource,) = [r for r in RESOURCES if r.id == resource_id]
    root = find_resource(resource.path)
    if root is None:
        import nltk

        found = nltk.data.find(resource.path)
        zipped = getattr(found, "zipfile", None)
        root = Path(zipped.filename) if zipped is not None else Path(found.path)
    if root.is_file():
        return _file_digest(root)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + _file_digest(path).encode("ascii"))
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    """SHA-256 of a file, computed once per process for the same size and modification time."""
    stat = path.stat()
    return _file_digest_cached(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _file_digest_cached(path: Path, size: int, mtime_ns: int) -> str:
    return sha256_file(path)


class AnnotationStore:
    """The SQLite file of annotations in a cache folder; use as a context manager.

    Each entry carries a checksum of its key and payload (:func:`entry_checksum`), so a
    damaged entry, or one document's rows stored under another's key, is found and
    recomputed rather than used (:meth:`verified_keys`). A store SQLite cannot read is
    rebuilt from scratch, and ``log`` is told once either way.
    """

    def __init__(self, folder: str | Path, *, log: Log = None) -> None:
        self.path = Path(folder) / STORE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path)
        try:
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            found = self._db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if found is not None and found[0] != str(CACHE_FORMAT):
                self._db.execute("DROP TABLE IF EXISTS annotations")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(CACHE_FORMAT),))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, n_sentences INTEGER, "
                "n_tokens INTEGER, n_word_tokens INTEGER, sentences BLOB, sentences_size INTEGER, "
                "tokens BLOB, tokens_size INTEGER, checksum TEXT)"
            )
            self._db.commit()
        except sqlite3.DatabaseError:
            self._db.close()
            raise

    def _rebuild(self, exc: sqlite3.DatabaseError) -> None:
        """Start the store afresh after SQLite could not read it (a damaged file)."""
        if not _writable(self.path):
            raise ResearchUtilsError(
                f"{self.path}: the annotation cache is not writable ({exc})\n"
                f"  fix: make {self.path.parent} and its files writable (chmod -R u+w), "
                "or prepare into another --out folder"
            ) from exc
        say(self._log, f"the annotation cache {self.path} could not be read ({exc}): rebuilt from scratch")
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError as again:
            raise ResearchUtilsError(
                f"{self.path}: the annotation cache cannot be created ({again})\n"
                f"  fix: check that {self.path.parent} is a writable local folder"
            ) from again

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def keys(self) -> set[str]:
        """Keys of every stored annotation."""
        return {k for (k,) in self._db.execute("SELECT key FROM annotations")}

    def verified_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` whose entry is stored and matches its checksum.

        Entries that do not match (a changed byte, or another document's rows under this
        key) are deleted, so they are recomputed, and reported once. If SQLite cannot read
        the file, the store is rebuilt empty.
        """
        wanted = set(keys)
        bad: list[str] = []
        good: set[str] = set()
        try:
            for row in self._db.execute("SELECT * FROM annotations"):
                if row[0] not in wanted:
                    continue
                if row[-1] == entry_checksum(Annotation(*row[:-1])):
                    good.add(row[0])
                else:
                    bad.append(row[0])
        except sqlite3.DatabaseError as exc:
            self._db.close()
            self._rebuild(exc)
            return set()
        if bad:
            with self._db:
                self._db.executemany("DELETE FROM annotations WHERE key = ?", ((k,) for k in bad))
            say(
                self._log,
                f"{len(bad):,} cache entr{'y' if len(bad) == 1 else 'ies'} did not match "
                "its checksum (damaged, or another document's rows): recomputed",
            )
        return good

    def put(self, annotations: Iterable[Annotation]) -> None:
        """Store annotations (one transaction)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.key,
                        a.n_sentences,
                        a.n_tokens,
                        a.n_word_tokens,
                        a.sentences,
                        a.sentences_size,
                        a.tokens,
                        a.tokens_size,
                        entry_checksum(a),
                    )
                    for a in annotations
                ],
            )

    def get(self, key: str) -> Annotation:
        """The annotation stored under ``key`` (``KeyError`` if there is none)."""
        row = self._db.execute("SELECT * FROM annotations WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        annotation = Annotation(*row[:-1])
        # checked again although verified_keys checked it: the lock keeps other research-utils
        # commands out, not other programs, and a hash costs far less than the read
        if row[-1] != entry_checksum(annotation):
            raise ResearchUtilsError(
                f"{self.path}: a cache entry changed while this run used it\n"
                "  fix: make sure no other program writes the cache folder, then run again"
            )
        return annotation

    def iter_annotations(self, keys: Iterable[str]) -> Iterator[Annotation]:
        """The annotations of ``keys``, in that order."""
        for key in keys:
            yield self.get(key)

    def keep_only(self, keys: Iterable[str]) -> int:
        """Delete every annotation whose key is not in ``keys``; return how many were deleted."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM wanted")
            self._db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
            deleted = self._db.execute(
                "DELETE FROM annotations WHERE key NOT IN (SELECT key FROM wanted)"
            ).rowcount
            self._db.execute("DELETE FROM wanted")
        return deleted


def entry_checksum(annotation: Annotation) -> str:
    """BLAKE2b of an entry's key, counts and payload: what :meth:`AnnotationStore.verified_keys`
    checks, so a flipped bit or rows stored under the wrong key are never used."""
    h = hashlib.blake2b(digest_size=16)
    h.update(annotation.key.encode("ascii", "surrogateescape"))
    for number in (
        annotation.n_sentences,
        annotation.n_tokens,
        annotation.n_word_tokens,
        annotation.sentences_size,
        annotation.tokens_size,
        len(annotation.sentences),
    ):
        h.update(int(number).to_bytes(8, "little", signed=True))
    h.update(annotation.sentences)
    h.update(annotation.tokens)
    return h.hexdigest()


def _writable(path: Path) -> bool:
    """Whether ``path`` (or, if it does not exist, its folder) can be written."""
    return os.access(path if path.exists() else path.parent, os.W_OK) and os.access(path.parent, os.W_OK)


def read_state(folder: str | Path) -> dict | None:
    """The state the last complete run recorded in ``folder``, or None."""
    path = Path(folder) / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and state.get("format") == CACHE_FORMAT else None


def describe_files(paths: Mapping[str, Path]) -> dict[str, dict[str, object]]:
    """Each table's file name, size and SHA-256 (for the state file)."""
    return {
        name: {"file": path.name, "size": path.stat().st_size, "sha256": sha256_file(path)}
        for name, path in paths.items()
    }


def write_state(folder: str | Path, inputs: str, paths: Mapping[str, Path]) -> Path:
    """Record a complete run: the digest of its inputs and the files it wrote."""
    state = {"format": CACHE_FORMAT, "inputs": inputs, "tables": describe_files(paths)}
    return write_text_atomic(Path(folder) / STATE_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")


def is_up_to_date(folder: str | Path, inputs: str, out_dir: str | Path) -> dict[str, Path] | None:
    """The recorded table files if the last run had these ``inputs`` and every file is
    still there, byte for byte, with no copy in another format beside it; else None."""
    state = read_state(folder)
    if state is None or state.get("inputs") != inputs:
        return None
    out = Path(out_dir)
    paths: dict[str, Path] = {}
    for name, recorded in state.get("tables", {}).items():
        path = out / str(recorded.get("file"))
        siblings = [p for p in out.glob(f"{name}.*") if p.suffix in (".csv", ".parquet") and p != path]
        if not path.is_file() or siblings or path.stat().st_size != recorded.get("size"):
            return None
        if sha256_file(path) != recorded.get("sha256"):
            return None
        paths[name] = path
    return paths or None
