"""The analyse stage's writer: prepared tables and a study's instruments → analysed tables."""

from __future__ import annotations

from pathlib import Path

from ..analyse.stage import INPUT_TABLES, AnalysisSettings, Instruments, analyse_corpus, read_instruments
from ..config import ANALYSED_DIR, PROCESSED_DIR
from ..progress import Log, say
from ..study import Study
from ..tables import read_table, write_tables


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
    )


def analyse(
    processed_dir: str | Path = PROCESSED_DIR,
    out_dir: str | Path = ANALYSED_DIR,
    *,
    instruments: Instruments,
    settings: AnalysisSettings | None = None,
    log: Log = None,
) -> dict[str, Path]:
    """Write every derived table of the prepared tables in ``processed_dir`` to ``out_dir``.

    ``instruments`` are read and checked before any table is computed
    (:func:`study_instruments`); ``settings`` default to :class:`AnalysisSettings`. The
    tables are renamed into place together once all are written. Returns their paths.
    """
    tables = {name: read_table(name, processed_dir) for name in INPUT_TABLES}
    say(log, f"analysing {len(tables['documents']):,} documents from {processed_dir}")
    derived = analyse_corpus(tables, instruments, settings=settings or AnalysisSettings())
    paths = write_tables(derived, out_dir)
    for name, path in paths.items():
        say(log, f"wrote {path}  ({name})")
    return paths
