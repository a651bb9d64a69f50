"""The analyse stage as one call: every derived table from the prepared tables.

:func:`analyse_corpus` takes the prepared tables and the study's instruments and returns
the derived tables in dependency order — terms and keyness; frames, their shares and their
validation; actor mentions; quotes (which need the actor mentions); tone; coverage and the
comparison — as DataFrames, computed over batches of whole documents (:mod:`.batches`).
:func:`research_utils.pipeline.analyse` reads the inputs batch by batch and writes the outputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from .batches import analyse_batches
from .instruments import INPUT_TABLES, OUTPUT_TABLES, AnalysisSettings, Instruments, read_instruments

__all__ = [
    "INPUT_TABLES",
    "OUTPUT_TABLES",
    "AnalysisSettings",
    "Instruments",
    "analyse_corpus",
    "read_instruments",
    "split_batches",
]


def split_batches(
    tables: Mapping[str, pd.DataFrame], *, max_tokens: int | None = None
) -> Iterator[dict[str, pd.DataFrame]]:
    """The prepared ``tables`` cut into batches of whole documents (in the documents table's
    order) of at most ``max_tokens`` tokens each (a longer document is a batch alone);
    None: one batch."""
    documents = tables["documents"]
    if max_tokens is None:
        yield {name: tables[name] for name in INPUT_TABLES}
        return
    sizes = documents["n_tokens"].to_numpy(dtype="int64")
    number, total, numbers = 0, 0, []
    for size in sizes.tolist():
        if total and total + size > max_tokens:
            number, total = number + 1, 0
        total += size
        numbers.append(number)
    batch_of = dict(zip(documents["doc_id"].astype(str), numbers, strict=True))
    groups = {
        name: dict(tuple(tables[name].groupby(tables[name]["doc_id"].astype(str).map(batch_of), sort=True)))
        for name in INPUT_TABLES
    }
    for i in range(number + 1 if len(documents) else 0):
        yield {
            name: groups[name].get(i, tables[name].iloc[:0]).reset_index(drop=True) for name in INPUT_TABLES
        }


def analyse_corpus(
    tables: Mapping[str, pd.DataFrame],
    instruments: Instruments,
    *,
    settings: AnalysisSettings | None = None,
    max_tokens: int | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of :data:`OUTPUT_TABLES` from the prepared ``tables`` (by name), in
    dependency order: terms, frames, actors, quotes (which need the actor mentions), tone,
    then coverage and the comparison. ``max_tokens``: work in batches of whole documents of
    at most this many tokens (:mod:`.batches`; the tables are the same)."""
    out = analyse_batches(
        lambda: split_batches(tables, max_tokens=max_tokens),
        tables["documents"],
        instruments,
        settings=settings or AnalysisSettings(),
    )
    return {name: out[name] for name in OUTPUT_TABLES}
