"""Where the per-document work runs: this process, worker processes, or a Dask cluster.

:func:`annotate_batches` yields each batch's annotations as it finishes (rows already
encoded and compressed, so little travels back). ``local``: ``jobs`` worker processes
(forked from a single-threaded process on Linux, else spawned), each loading the models
once, at most two batches per worker in flight; small work (under
:data:`POOL_MIN_CHARACTERS`) stays in this process. ``dask``: tasks on the scheduler at
``scheduler``, or on a ``LocalCluster`` of ``jobs`` single-threaded workers. Tables are
written afterwards in document order, so they are identical whatever the engine.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Literal

from ..errors import ResearchUtilsError
from .cache import Annotation, compress

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
#: Characters of text per batch (one task): about 17,000 tokens, a fraction of a second.
BATCH_CHARACTERS = 100_000
#: Below this many characters to annotate, the local engine works in the calling process.
POOL_MIN_CHARACTERS = 500_000
#: How long to try reaching a Dask scheduler given by address.
DASK_CONNECT_TIMEOUT = "20s"

Document = tuple[str, str, str]  # (cache key, doc_id, text)


def default_jobs() -> int:
    """The number of CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_batches(documents: Iterable[Document], *, size: int | None = None) -> list[list[Document]]:
    """Consecutive documents in batches: each closes once it holds ``size`` characters of
    text (default :data:`BATCH_CHARACTERS`)."""
    size = size or BATCH_CHARACTERS
    batches: list[list[Document]] = []
    current: list[Document] = []
    chars = 0
    for doc in documents:
        current.append(doc)
        chars += len(doc[2])
        if chars >= size:
            batches.append(current)
            current, chars = [], 0
    if current:
        batches.append(current)
    return batches


def annotate_batch(batch: Sequence[Document]) -> list[Annotation]:
    """Annotate a batch of documents (runs in a worker): counts plus compressed CSV rows."""
    from ..tables import encode_rows
    from .tokens import annotate_document

    annotations = []
    for key, doc_id, text in batch:
        sentences, tokens = annotate_document(doc_id, text)
        sentence_rows = encode_rows("sentences", sentences)
        token_rows = encode_rows("tokens", tokens)
        annotations.append(
            Annotation(
                key=key,
                n_sentences=len(sentences["sent_id"]),
                n_tokens=len(tokens["token_id"]),
                n_word_tokens=tokens["is_punct"].count(False),
                sentences=compress(sentence_rows),
                sentences_size=len(sentence_rows),
                tokens=compress(token_rows),
                tokens_size=len(token_rows),
            )
        )
    return annotations


def _load_models() -> None:
    from .models import annotation_models

    annotation_models()


def annotate_batches(
    batches: Sequence[Sequence[Document]],
    *,
    engine: Engine = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
) -> Iterator[list[Annotation]]:
    """Each batch's annotations, batch by batch as they finish (see the module docstring)."""
    if engine not in ENGINES:
        raise ResearchUtilsError(f"unknown engine {engine!r}\n  fix: use one of {', '.join(ENGINES)}")
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise ResearchUtilsError(f"jobs={jobs}: give 1 or more worker processes")
    if engine == "dask":
        yield from _run_dask(batches, jobs, scheduler)
        return
    if scheduler is not None:
        raise ResearchUtilsError(
            "--scheduler needs --engine dask\n  fix: add --engine dask, or drop --scheduler"
        )
    chars = sum(len(text) for batch in batches for _, _, text in batch)
    if jobs == 1 or len(batches) == 1 or chars < POOL_MIN_CHARACTERS:
        for batch in batches:
            yield annotate_batch(batch)
        return
    yield from _run_pool(batches, min(jobs, len(batches)))


def start_method() -> str:
    """``"fork"`` on Linux in a single-threaded process (nothing can hold a lock across
    the fork), else ``"spawn"``."""
    import threading

    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _run_pool(batches: Sequence[Sequence[Document]], jobs: int) -> Iterator[list[Annotation]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context(start_method())
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_load_models)
    try:
        todo = iter(batches)
        pending = {pool.submit(annotate_batch, batch) for batch in islice(todo, 2 * jobs)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    raise ResearchUtilsError(
                        f"a worker process stopped unexpectedly ({exc})\n"
                        "  fix: if you call prepare() from a script, put the call under "
                        "`if __name__ == '__main__':`; if memory ran out, use fewer --jobs"
                    ) from exc
                yield result
                following = next(todo, None)
                if following is not None:
                    pending.add(pool.submit(annotate_batch, following))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(
    batches: Sequence[Sequence[Document]], jobs: int, scheduler: str | None
) -> Iterator[list[Annotation]]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ResearchUtilsError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}\n"
            "  fix: start the scheduler and its workers, and pass its address (e.g. tcp://host:8786)"
        ) from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        todo = iter(batches)
        running = as_completed(
            [client.submit(annotate_batch, batch, pure=False) for batch in islice(todo, 2 * workers)]
        )
        for future in running:
            try:
                result = future.result()
            except ModuleNotFoundError as exc:
                raise ResearchUtilsError(
                    f"a Dask worker cannot import {exc.name}\n"
                    "  fix: install the package and the pinned environment (requirements.lock) on "
                    "every worker, and set NLTK_DATA there"
                ) from exc
            future.release()
            yield result
            following = next(todo, None)
            if following is not None:
                running.add(client.submit(annotate_batch, following, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
