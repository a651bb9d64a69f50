"""The pipeline: the only code that writes a study's tables.

``prepare`` (raw corpus → processed tables), ``analyse`` (processed tables and instruments →
analysed tables) and ``run_study`` (both, then the notebooks) for the study a study file
describes; ``init_study`` scaffolds a new study folder. Each step writes its tables to
temporary files and renames them into place together, so a failure leaves the previous
tables as they were.
"""

from .analyse_tables import analyse, study_instruments, study_settings
from .prepare_tables import PARQUET_ABOVE_CHARACTERS, PREPARED_TABLES, choose_format, prepare
from .run import analyse_study, prepare_study, run_study

__all__ = [
    "PARQUET_ABOVE_CHARACTERS",
    "PREPARED_TABLES",
    "analyse",
    "analyse_study",
    "choose_format",
    "prepare",
    "prepare_study",
    "run_study",
    "study_instruments",
    "study_settings",
]
