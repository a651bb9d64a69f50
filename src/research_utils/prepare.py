"""Stage 2 — raw corpus → processed tables (``research-utils prepare``).

Reads only the corpus (a folder, or one ``.csv``/``.jsonl`` file); writes ``documents``,
``sentences``, ``tokens`` and ``glosses`` tables (see :mod:`research_utils.tables`).
The whole corpus is validated before anything is written; the tables are written to
temporary files and renamed into place together at the end, so bad input, or a failure
half-way, leaves the output folder's tables as they were.

For large corpora:

* the per-document work runs in parallel (:mod:`research_utils.engines`: worker
  processes, or a Dask cluster), and its results are the same whatever the engine;
* each document's annotation is kept in a cache (:mod:`research_utils.cache`,
  ``OUT/.cache/``): a rerun tokenises only new or changed documents, and writes nothing
  at all when nothing changed;
* sentences and tokens are written document by document — CSV, or Parquet
  (``fmt="parquet"``, and with ``fmt="auto"`` when the corpus text exceeds
  :data:`PARQUET_ABOVE_CHARACTERS`) — so the token table is never held in memory whole.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from .cache import (
    CACHE_DIR,
    AnnotationStore,
    annotation_settings,
    digest,
    document_key,
    is_up_to_date,
    output_settings,
    write_state,
)
from .corpus import METADATA_COLUMNS, Corpus, load_corpus
from .engines import annotate_batches, make_batches
from .errors import ResearchUtilsError
from .io import atomic_outputs, to_csv_file
from .tables import FORMATS, TableWriter, as_table, path_of, remove_other_formats

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")
TABLES = ("documents", "sentences", "tokens", "glosses")
#: ``fmt="auto"`` writes Parquet when the corpus's cleaned text has more characters than
#: this (about 700,000 tokens; the tokens CSV would be about 50 MB), CSV otherwise.
PARQUET_ABOVE_CHARACTERS = 4_000_000
COUNT_COLUMNS = ("n_sentences", "n_tokens", "n_word_tokens")


def choose_format(fmt: str, documents: pd.DataFrame) -> str:
    """The format of the sentence and token tables: ``fmt``, or for ``"auto"`` by corpus size."""
    if fmt == "auto":
        size = int(documents["text"].str.len().sum())
        return "parquet" if size > PARQUET_ABOVE_CHARACTERS else "csv"
    if fmt not in FORMATS:
        raise ResearchUtilsError(f"unknown format {fmt!r}\n  fix: use one of auto, {', '.join(FORMATS)}")
    return fmt


def summarize_documents(documents: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """The documents table: metadata plus sentence, token and word-token counts.

    ``counts`` has ``doc_id``, ``n_sentences``, ``n_tokens`` and ``n_word_tokens``;
    documents without counts get zeros.
    """
    table = documents[list(METADATA_COLUMNS)].join(counts.set_index("doc_id"), on="doc_id")
    return as_table("documents", table.fillna({c: 0 for c in COUNT_COLUMNS}))


def prepare(
    raw_dir: str | Path = DEFAULT_RAW,
    out_dir: str | Path = DEFAULT_OUT,
    *,
    columns: str | Mapping[str, str] | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    fmt: str = "auto",
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Validate the corpus at ``raw_dir`` and write its tables to ``out_dir``.

    ``columns`` maps a one-file corpus's column names (:func:`~research_utils.corpus.
    parse_column_map`); ``jobs`` (default: all cores), ``engine`` (``"local"`` or
    ``"dask"``) and ``scheduler`` (a Dask address) say where the tokenising runs
    (:mod:`research_utils.engines`); ``fmt`` is ``"auto"``, ``"csv"`` or ``"parquet"``
    for the sentence and token tables. ``progress`` shows progress bars (tqdm, on
    standard error) for work lasting over two seconds; ``log`` receives one-line reports.

    Returns the path of each table, by table name (also when the tables were already up
    to date and nothing was written).
    """
    corpus = load_corpus(raw_dir, columns)
    out = Path(out_dir)
    chosen = choose_format(fmt, corpus.documents)
    settings = digest(annotation_settings())
    documents = corpus.documents
    keys = [document_key(settings, d, t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)]
    inputs = digest(
        {
            "output": output_settings(),
            "annotation": settings,
            "table_format": chosen,
            "documents": documents[list(METADATA_COLUMNS)].to_numpy().tolist(),
            "keys": keys,
            "glosses": corpus.glosses.to_numpy().tolist(),
        }
    )
    cache_dir = out / CACHE_DIR
    current = is_up_to_date(cache_dir, inputs, out)
    if current is not None and set(current) == set(TABLES):
        _say(log, f"nothing changed since the last run ({len(keys):,} documents): no table rewritten")
        for name in TABLES:
            _say(log, f"up to date {current[name]}  ({name})")
        return {name: current[name] for name in TABLES}
    with AnnotationStore(cache_dir) as store:
        stored = store.keys()
        todo = [
            (k, d, t)
            for k, d, t in zip(keys, documents["doc_id"], documents["text"], strict=True)
            if k not in stored
        ]
        _say(log, f"tokenising {len(todo):,} of {len(keys):,} documents ({len(keys) - len(todo):,} cached)")
        if todo:
            finished = annotate_batches(make_batches(todo), engine, jobs, scheduler)
            first = next(finished)  # workers start before the progress bar's thread exists
            with _bar(progress, len(todo), "tokenising") as bar:
                for annotations in itertools.chain([first], finished):
                    store.put(annotations)
                    bar.update(len(annotations))
        paths = _write_tables(corpus, keys, store, out, chosen, progress)
        store.keep_only(keys)
    write_state(cache_dir, inputs, paths)
    for name, path in paths.items():
        _say(log, f"wrote {path}  ({name})")
    return paths


def _write_tables(
    corpus: Corpus, keys: list[str], store: AnnotationStore, out: Path, fmt: str, progress: bool
) -> dict[str, Path]:
    """Stream every document's rows from the cache, in document order, into the tables."""
    paths = {name: path_of(name, out, fmt if name in ("sentences", "tokens") else "csv") for name in TABLES}
    counts = []
    with atomic_outputs(paths.values()) as temps:
        tmp = dict(zip(paths, temps, strict=True))
        with (
            TableWriter("sentences", tmp["sentences"], fmt) as sentences,
            TableWriter("tokens", tmp["tokens"], fmt) as tokens,
            _bar(progress, len(keys), "writing") as bar,
        ):
            for doc_id, annotation in zip(
                corpus.documents["doc_id"], store.iter_annotations(keys), strict=True
            ):
                sentence_rows, token_rows = annotation.rows()
                sentences.append(sentence_rows)
                tokens.append(token_rows)
                counts.append((doc_id, annotation.n_sentences, annotation.n_tokens, annotation.n_word_tokens))
                bar.update(1)
        count_table = pd.DataFrame(counts, columns=["doc_id", *COUNT_COLUMNS])
        to_csv_file(summarize_documents(corpus.documents, count_table), tmp["documents"])
        to_csv_file(as_table("glosses", corpus.glosses), tmp["glosses"])
    for name, path in paths.items():
        remove_other_formats(name, out, "parquet" if path.suffix == ".parquet" else "csv")
    return paths


def _say(log: Callable[[str], None] | None, message: str) -> None:
    if log is not None:
        log(message)


class _NoBar(contextlib.AbstractContextManager):
    """Stands in for a progress bar when there is none (tqdm would start a thread)."""

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Nothing to show."""


def _bar(progress: bool, total: int, desc: str):
    """A tqdm progress bar on standard error, shown only if the work lasts over 2 s."""
    if not progress:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", delay=2.0, leave=False)


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
