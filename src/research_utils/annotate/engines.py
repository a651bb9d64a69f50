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

from collections.abc import Iterable, Iterator, Sequence

from ..engine import ENGINES, Engine, check_engine, default_jobs, run_dask, run_pool
from .cache import Annotation, compress

__all__ = ["ENGINES", "Engine", "annotate_batch", "annotate_batches", "default_jobs", "make_batches"]

#: Characters of text per batch (one task): about 17,000 tokens, a fraction of a second.
BATCH_CHARACTERS = 100_000
#: Below this many characters to annotate, the local engine works in the calling process.
POOL_MIN_CHARACTERS = 500_000

Document = tuple[str, str, str]  # (cache key, doc_id, text)


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
    jobs = check_engine(engine, jobs, scheduler)
    if engine == "dask":
        yield from (result for _, result in _run_dask(batches, jobs, scheduler))
        return
    chars = sum(len(text) for batch in batches for _, _, text in batch)
    if jobs == 1 or len(batches) == 1 or chars < POOL_MIN_CHARACTERS:
        for batch in batches:
            yield annotate_batch(batch)
        return
    yield from _run_pool(batches, min(jobs, len(batches)))


def _run_pool(batches: Sequence[Sequence[Document]], jobs: int) -> Iterator[list[Annotation]]:
    yield from (result for _, result in run_pool(annotate_batch, batches, jobs, initializer=_load_models))


def _run_dask(
    batches: Sequence[Sequence[Document]], jobs: int, scheduler: str | None
) -> Iterator[tuple[int, list[Annotation]]]:
    return run_dask(annotate_batch, batches, jobs, scheduler)
