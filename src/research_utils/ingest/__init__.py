"""Stage 1 — ingest: a raw corpus in, validated documents and glosses out.

Takes a folder of ``.txt`` articles with ``metadata.csv`` and ``SHA256SUMS``, or one
``.csv``/``.jsonl`` export with one article per row; checks all of it (file, line and fix
named for any problem) and gives a :class:`Corpus`: the metadata, the text as received and
the cleaned text the tokeniser reads, and the Chinese glosses taken out of it. Writes
nothing except the manifest a user asks for (:func:`write_manifest`).
"""

from .clean import clean_text
from .corpus import DOCUMENT_COLUMNS, Corpus, read_corpus
from .duplicates import count_once, describe_duplicates, find_duplicates
from .folder import read_article, read_metadata
from .manifest import MANIFEST_FILE, METADATA_FILE, manifest_text, verify_manifest, write_manifest
from .onefile import parse_column_map

__all__ = [
    "DOCUMENT_COLUMNS",
    "MANIFEST_FILE",
    "METADATA_FILE",
    "Corpus",
    "clean_text",
    "count_once",
    "describe_duplicates",
    "find_duplicates",
    "manifest_text",
    "parse_column_map",
    "read_article",
    "read_corpus",
    "read_metadata",
    "verify_manifest",
    "write_manifest",
]
