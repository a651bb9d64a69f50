"""The pipeline: the only code that writes a study's tables.

``prepare`` (raw corpus → processed tables), ``analyse`` (processed tables and instruments →
analysed tables) and ``run_study`` (both, then the notebooks) for the study a study file
describes; ``init_study`` scaffolds a new study folder. Each step writes its tables to
temporary files and renames them into place together, so a failure leaves the previous
tables as they were.
"""

import importlib
from typing import Any

#: Where each public name lives; modules are imported on first use (PEP 562), so that
#: ``research-utils prepare`` does not import the analyse stage, nor ``analyse`` the taggers.
_HOMES = {
    "analyse": "analyse_tables",
    "study_instruments": "analyse_tables",
    "study_settings": "analyse_tables",
    "PARQUET_ABOVE_CHARACTERS": "prepare_tables",
    "PREPARED_TABLES": "prepare_tables",
    "choose_format": "prepare_tables",
    "prepare": "prepare_tables",
    "analyse_study": "run",
    "prepare_study": "run",
    "run_study": "run",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)


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
