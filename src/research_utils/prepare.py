"""Stage 2 — raw corpus → processed tables (``research-utils prepare``).

Reads only the corpus folder; writes ``documents``, ``sentences``, ``tokens`` and
``glosses`` tables (see :mod:`research_utils.tables`). Everything is validated and
computed before the first file is written, and each file is written atomically, so bad
input leaves the output folder untouched.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .corpus import METADATA_COLUMNS, load_corpus
from .tables import as_table, write_table
from .tokens import annotate_documents

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")


def summarize_documents(
    documents: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame
) -> pd.DataFrame:
    """The documents table: metadata plus sentence, token and word-token counts."""
    n_sentences = sentences.groupby("doc_id").size()
    n_tokens = tokens.groupby("doc_id").size()
    n_words = (~tokens["is_punct"]).groupby(tokens["doc_id"]).sum()
    counts = pd.DataFrame({"n_sentences": n_sentences, "n_tokens": n_tokens, "n_word_tokens": n_words})
    table = documents[list(METADATA_COLUMNS)].join(counts, on="doc_id")
    return as_table("documents", table.fillna({c: 0 for c in counts.columns}))


def prepare(raw_dir: str | Path = DEFAULT_RAW, out_dir: str | Path = DEFAULT_OUT) -> dict[str, Path]:
    """Validate the corpus in ``raw_dir`` and write its tables to ``out_dir``.

    Returns the path of each table written, by table name.
    """
    corpus = load_corpus(raw_dir)
    sentences, tokens = annotate_documents(corpus.documents)
    tables = {
        "documents": summarize_documents(corpus.documents, sentences, tokens),
        "sentences": sentences,
        "tokens": tokens,
        "glosses": corpus.glosses,
    }
    return {name: write_table(name, df, out_dir) for name, df in tables.items()}


def summarize_outlets(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet (sorted): documents, sentences, tokens and word tokens.

    ``documents`` is the processed documents table (:func:`summarize_documents`).
    """
    sizes = documents.groupby("outlet", sort=True).agg(
        n_documents=("doc_id", "size"),
        n_sentences=("n_sentences", "sum"),
        n_tokens=("n_tokens", "sum"),
        n_word_tokens=("n_word_tokens", "sum"),
    )
    return sizes.reset_index()
