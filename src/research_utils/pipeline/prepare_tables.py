"""The prepare stage's writer: raw corpus → ``documents``, ``sentences``, ``tokens``,
``glosses`` and ``filtered_lines``.

The corpus is validated before anything is written; the output folder is locked for the
run; each document's annotation is kept in the cache (only new or changed documents are
annotated; an entry failing its checksum is annotated again); the tables are written from
the cache in document order, so they are byte-identical whatever the engine, to temporary
files that replace the old tables in one commit at the end (:mod:`research_utils.outputs`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal

import pandas as pd

from ..annotate.cache import (
    CACHE_DIR,
    Annotation,
    AnnotationStore,
    annotation_settings,
    digest,
    document_key,
    is_up_to_date,
    output_settings,
    write_state,
)
from ..annotate.engines import Engine, annotate_batches, make_batches
from ..annotate.tokens import COUNT_COLUMNS, summarize_documents
from ..config import PROCESSED_DIR, RAW_DIR
from ..errors import ResearchUtilsError
from ..files import atomic_outputs, to_csv_file
from ..ingest import Corpus, read_corpus
from ..ingest.clean import LineFilter
from ..ingest.duplicates import find_duplicates
from ..outputs import locked_folder
from ..progress import Log, progress_bar, say
from ..schemas import METADATA_COLUMNS
from ..tables import (
    FORMATS,
    TableFormat,
    TableWriter,
    as_table,
    iter_file_chunks,
    other_formats,
    path_of,
)

#: The tables ``prepare`` writes.
PREPARED_TABLES = ("documents", "sentences", "tokens", "glosses", "filtered_lines", "duplicates")
#: ``fmt="auto"`` writes Parquet when the corpus's cleaned text has more characters than
#: this (about 700,000 tokens; the tokens CSV would be about 50 MB), CSV otherwise.
PARQUET_ABOVE_CHARACTERS = 4_000_000

FormatChoice = Literal["auto", "csv", "parquet"]


def choose_format(fmt: FormatChoice, documents: pd.DataFrame) -> TableFormat:
    """The format of the sentence and token tables: ``fmt``, or for ``"auto"`` by corpus size."""
    if fmt == "auto":
        size = int(documents["text"].str.len().sum())
        return "parquet" if size > PARQUET_ABOVE_CHARACTERS else "csv"
    if fmt not in FORMATS:
        raise ResearchUtilsError(f"unknown format {fmt!r}\n  fix: use one of auto, {', '.join(FORMATS)}")
    return fmt


def prepare(
    raw_dir: str | Path = RAW_DIR,
    out_dir: str | Path = PROCESSED_DIR,
    *,
    columns: str | Mapping[str, str] | None = None,
    date_format: str | None = None,
    line_filters: Sequence[LineFilter] = (),
    jobs: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    fmt: FormatChoice = "auto",
    progress: bool = False,
    log: Log = None,
) -> dict[str, Path]:
    """Validate the corpus at ``raw_dir`` and write its tables to ``out_dir``.

    ``columns`` maps a one-file corpus's column names and ``date_format`` says how its dates
    are written; ``line_filters`` remove web-page noise before tokenising (listed in the
    ``filtered_lines`` table); ``jobs`` (default: all cores),
    ``engine`` and ``scheduler`` (a Dask address) say where the tokenising runs
    (:mod:`research_utils.annotate.engines`); ``fmt`` sets the format of the sentence and
    token tables. ``progress`` shows progress bars for work lasting over two seconds;
    ``log`` receives one-line reports. Returns the path of each table by name (also when
    the tables were already up to date and nothing was written).
    """
    corpus = read_corpus(raw_dir, columns=columns, date_format=date_format, line_filters=line_filters)
    out = Path(out_dir)
    with locked_folder(out, command="prepare"):
        return _prepare_into(
            out,
            corpus,
            choose_format(fmt, corpus.documents),
            annotate=functools.partial(annotate_batches, engine=engine, jobs=jobs, scheduler=scheduler),
            progress=progress,
            log=log,
        )


def _prepare_into(
    out: Path,
    corpus: Corpus,
    fmt: TableFormat,
    *,
    annotate: Callable[[list], Iterator[list[Annotation]]],
    progress: bool,
    log: Log,
) -> dict[str, Path]:
    """:func:`prepare`'s work once the folder is locked: the warm check, the cache, the tables."""
    settings = digest(annotation_settings())
    documents = corpus.documents
    keys = [document_key(settings, d, t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)]
    inputs = _inputs_digest(corpus, keys, settings, fmt)
    cache_dir = out / CACHE_DIR
    current = is_up_to_date(cache_dir, inputs, out)
    if current is not None and set(current) == set(PREPARED_TABLES):
        say(log, f"nothing changed since the last run ({len(keys):,} documents): no table rewritten")
        for name in PREPARED_TABLES:
            say(log, f"up to date {current[name]}  ({name})")
        return {name: current[name] for name in PREPARED_TABLES}
    with AnnotationStore(cache_dir, log=log) as store:
        stored = store.verified_keys(keys)
        todo = [
            (k, d, t)
            for k, d, t in zip(keys, documents["doc_id"], documents["text"], strict=True)
            if k not in stored
        ]
        cached = len(keys) - len(todo)
        say(log, f"tokenising {len(todo):,} of {len(keys):,} documents ({cached:,} cached)")
        if todo:
            _store_all(store, annotate(make_batches(todo)), len(todo), progress)
        paths = _write_prepared(corpus, keys, store, out, fmt, progress)
        store.keep_only(keys)
    write_state(cache_dir, inputs, paths)
    for name, path in paths.items():
        say(log, f"wrote {path}  ({name})")
    return paths


def _inputs_digest(corpus: Corpus, keys: list[str], settings: str, fmt: TableFormat) -> str:
    """A digest of everything the prepared tables depend on (the warm-rerun check)."""
    return digest(
        {
            "output": output_settings(),
            "annotation": settings,
            "table_format": fmt,
            "documents": corpus.documents[list(METADATA_COLUMNS)].to_numpy().tolist(),
            "keys": keys,
            "glosses": corpus.glosses.to_numpy().tolist(),
            "filtered_lines": corpus.filtered_lines.to_numpy().tolist(),
        }
    )


def _store_all(
    store: AnnotationStore, batches: Iterator[list[Annotation]], total: int, progress: bool
) -> None:
    """Put each batch's annotations into the cache as it finishes."""
    first = next(batches)  # workers start before the progress bar's thread exists
    with progress_bar(progress, total, "tokenising") as bar:
        for annotations in itertools.chain([first], batches):
            store.put(annotations)
            bar.update(len(annotations))


def _write_prepared(
    corpus: Corpus, keys: list[str], store: AnnotationStore, out: Path, fmt: TableFormat, progress: bool
) -> dict[str, Path]:
    """Stream every document's rows from the cache, in document order, into the tables."""
    paths = {
        name: path_of(name, out, fmt if name in ("sentences", "tokens") else "csv")
        for name in PREPARED_TABLES
    }
    counts = []
    stale = [
        other
        for name, path in paths.items()
        for other in other_formats(name, out, "parquet" if path.suffix == ".parquet" else "csv")
    ]
    with atomic_outputs(paths.values(), remove=stale) as temps:
        tmp = dict(zip(paths, temps, strict=True))
        with (
            TableWriter("sentences", tmp["sentences"], fmt) as sentences,
            TableWriter("tokens", tmp["tokens"], fmt) as tokens,
            progress_bar(progress, len(keys), "writing") as bar,
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
        documents = summarize_documents(corpus.documents, count_table)
        to_csv_file(documents, tmp["documents"])
        # in file order: a document's tokens together, in token order (what document_words needs)
        words = iter_file_chunks("tokens", tmp["tokens"], columns=["doc_id", "lower", "is_punct"])
        to_csv_file(find_duplicates(documents, words), tmp["duplicates"])
        to_csv_file(as_table("glosses", corpus.glosses), tmp["glosses"])
        to_csv_file(corpus.filtered_lines, tmp["filtered_lines"])
    return paths
