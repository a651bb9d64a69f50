"""The analyse stage's writer: prepared tables and a study's instruments → analysed tables."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from ..analyse.batches import Batch, analyse_batches
from ..analyse.stage import (
    INPUT_TABLES,
    OUTPUT_TABLES,
    AnalysisSettings,
    Instruments,
    read_instruments,
    split_batches,
)
from ..config import ANALYSED_DIR, PROCESSED_DIR
from ..engine import Engine, check_engine
from ..errors import ResearchUtilsError
from ..ingest.duplicates import count_once
from ..outputs import locked_folder
from ..progress import Log, progress_bar, say
from ..study import Study
from ..tables import iter_table_chunks, read_table, write_tables


def study_instruments(study: Study) -> Instruments:
    """Read and check the instruments and reference codings the study file names."""
    return read_instruments(
        terms_map=study.terms_map,
        codebook=study.codebook,
        actors=study.actors,
        reporting_verbs=study.reporting_verbs,
        reference_coding=study.frames_reference,
        mention_gold=study.mentions_reference,
        quote_gold=study.quotes_reference,
    )


def study_settings(study: Study) -> AnalysisSettings:
    """The analysis settings of the study file (``analysis:``)."""
    return AnalysisSettings(
        keyness_min_freq=study.keyness_min_freq,
        keyness_correction=study.keyness_correction,
        min_quote_words=study.min_quote_words,
        frame_coding=study.frame_coding,
        concordance=study.concordance,
        duplicates=study.duplicates,
        event=study.event,
        classifier=study.classifier,
    )


#: Tokens per batch of whole documents the analyse stage reads and works on at a time.
BATCH_TOKENS = 250_000
#: A corpus of at most this many batches is read once and held in memory for both passes
#: (with each batch's term stream); a larger one is read again for the second pass.
HELD_BATCHES = 4


class _Stream:
    """One prepared table read piece by piece, handed out a batch of documents at a time."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name, self.folder = name, folder
        self.pieces = iter_table_chunks(name, folder, rows=BATCH_TOKENS)
        self.buffer: pd.DataFrame | None = None

    def take(self, doc_ids: set[str]) -> pd.DataFrame:
        """The rows of the documents ``doc_ids`` (the next ones in the table)."""
        while True:
            if self.buffer is not None and len(self.buffer):
                inside = self.buffer["doc_id"].astype(str).isin(doc_ids).to_numpy()
                end = int(inside.argmin()) if not inside.all() else len(inside)
                if end < len(inside) or (inside.all() and self._exhausted()):
                    if inside[end:].any():
                        raise _OutOfOrder(self.name)
                    rows, self.buffer = self.buffer.iloc[:end], self.buffer.iloc[end:]
                    return rows.reset_index(drop=True)
            piece = next(self.pieces, None)
            if piece is None:
                rows = self.buffer if self.buffer is not None else read_table(self.name, self.folder).iloc[:0]
                self.buffer = rows.iloc[:0]
                return rows.reset_index(drop=True)
            self.buffer = piece if self.buffer is None else pd.concat([self.buffer, piece], ignore_index=True)

    def _exhausted(self) -> bool:
        piece = next(self.pieces, None)
        if piece is None:
            return True
        self.buffer = pd.concat([self.buffer, piece], ignore_index=True)
        return False


class _OutOfOrder(Exception):
    """A prepared table's rows are not in the documents table's order."""


def document_batches(documents: pd.DataFrame, *, max_tokens: int) -> list[list[str]]:
    """The documents' ids cut, in table order, into batches of at most ``max_tokens``
    tokens (a longer document is a batch alone)."""
    batches: list[list[str]] = []
    total = max_tokens
    for doc_id, size in zip(documents["doc_id"].astype(str), documents["n_tokens"].tolist(), strict=True):
        if total + size > max_tokens or not batches:
            batches.append([])
            total = 0
        batches[-1].append(doc_id)
        total += size
    return batches


def read_batches(
    processed_dir: Path,
    documents: pd.DataFrame,
    *,
    max_tokens: int = BATCH_TOKENS,
    keep: set[str] | None = None,
) -> Iterator[dict[str, pd.DataFrame]]:
    """The prepared tables of ``processed_dir``, a batch of whole documents at a time
    (:func:`document_batches`), read piece by piece so memory holds about one batch. Tables
    whose rows are not in the documents' order (not written by ``prepare``) are read whole.
    ``keep``: the documents to hand out (default: all); the others are skipped."""
    for batch in _read_batches(processed_dir, documents, max_tokens=max_tokens):
        if keep is not None:
            batch = {
                name: table[table["doc_id"].astype(str).isin(keep)].reset_index(drop=True)
                for name, table in batch.items()
            }
        yield batch


def _read_batches(
    processed_dir: Path, documents: pd.DataFrame, *, max_tokens: int
) -> Iterator[dict[str, pd.DataFrame]]:
    streams = {name: _Stream(name, processed_dir) for name in INPUT_TABLES if name != "documents"}
    done = 0
    try:
        for ids in document_batches(documents, max_tokens=max_tokens):
            wanted = set(ids)
            batch = {name: stream.take(wanted) for name, stream in streams.items()}
            batch["documents"] = documents.iloc[done : done + len(ids)].reset_index(drop=True)
            done += len(ids)
            yield batch
    except _OutOfOrder:
        if done:
            raise ResearchUtilsError(
                f"{processed_dir}: the prepared tables are not in the documents' order\n"
                "  fix: rerun `research-utils prepare` to rewrite them"
            ) from None
        tables = {name: read_table(name, processed_dir) for name in INPUT_TABLES}
        yield from split_batches(tables, max_tokens=max_tokens)


def analyse(
    processed_dir: str | Path = PROCESSED_DIR,
    out_dir: str | Path = ANALYSED_DIR,
    *,
    instruments: Instruments,
    settings: AnalysisSettings | None = None,
    engine: Engine = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    max_tokens: int | None = None,
    progress: bool = False,
    log: Log = None,
) -> dict[str, Path]:
    """Write every derived table of the prepared tables in ``processed_dir`` to ``out_dir``.

    ``instruments`` are read and checked before any table is computed
    (:func:`study_instruments`); ``settings`` default to :class:`AnalysisSettings`. The
    documents are analysed in batches of whole documents of at most ``max_tokens`` tokens
    (default :data:`BATCH_TOKENS`), read piece by piece (:mod:`research_utils.analyse.batches`;
    a corpus of at most :data:`HELD_BATCHES` batches once, held for both passes),
    on ``engine`` with ``jobs`` workers (default: one per core; a corpus of one batch runs in
    this process) or on the Dask ``scheduler``; the tables are the same bytes whatever these
    are. ``progress``: a progress bar of batches on standard error. ``out_dir`` is locked for
    the run and ``processed_dir`` locked for reading; the tables replace the old ones in one
    commit once all are written (:mod:`research_utils.outputs`). Returns their paths.
    """
    processed_dir = Path(processed_dir)
    with (
        locked_folder(out_dir, command="analyse"),
        locked_folder(processed_dir, command="analyse", shared=True),
    ):
        return _analyse_locked(
            processed_dir,
            Path(out_dir),
            instruments,
            settings or AnalysisSettings(),
            engine=engine,
            jobs=jobs,
            scheduler=scheduler,
            max_tokens=max_tokens or BATCH_TOKENS,
            progress=progress,
            log=log,
        )


def _analyse_locked(
    processed_dir: Path,
    out_dir: Path,
    instruments: Instruments,
    settings: AnalysisSettings,
    *,
    engine: Engine,
    jobs: int | None,
    scheduler: str | None,
    max_tokens: int,
    progress: bool,
    log: Log,
) -> dict[str, Path]:
    """:func:`analyse`'s work once its folders are locked."""
    documents = read_table("documents", processed_dir)
    analysed, keep = documents, None
    if settings.duplicates == "count_once":
        analysed = count_once(documents, read_table("duplicates", processed_dir))
        keep = set(analysed["doc_id"].astype(str))
        left_out = len(documents) - len(analysed)
        say(log, f"each group of near-duplicates counted once: {left_out:,} copies left out")
    total = int(documents["n_tokens"].sum())
    jobs = check_engine(engine, jobs, scheduler)
    if engine == "local" and total <= max_tokens:
        jobs = 1
    n_batches = len(document_batches(documents, max_tokens=max_tokens)) if len(documents) else 0
    counts = f"{len(documents):,} documents, {total:,} tokens, {n_batches} batch(es)"
    say(log, f"analysing {counts} from {processed_dir}")
    read = functools.partial(read_batches, processed_dir, documents, max_tokens=max_tokens, keep=keep)
    # a small corpus is read once and held for both passes; a large one is read per pass
    batches: Callable[[], Iterator[Batch]] | list[Batch] = (
        list(read()) if total <= HELD_BATCHES * max_tokens else read
    )
    with progress_bar(progress, 2 * n_batches, "analyse", unit="batch") as bar:
        derived = analyse_batches(
            batches,
            analysed,
            instruments,
            settings=settings,
            engine=engine,
            jobs=jobs,
            scheduler=scheduler,
            progress=lambda _pass, _done: bar.update(1),
        )
    paths = write_tables({name: derived[name] for name in OUTPUT_TABLES}, out_dir)
    for name, path in paths.items():
        say(log, f"wrote {path}  ({name})")
    return paths
