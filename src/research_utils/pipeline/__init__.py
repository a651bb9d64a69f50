"""The pipeline: the only code that writes a study's tables.

``prepare`` (raw corpus → processed tables), ``analyse`` (processed tables and instruments →
analysed tables) and ``run_study`` (both, then the notebooks) for the study a study file
describes, ``run_study_into`` for another corpus into a folder of its own; ``init_study``
scaffolds a new study folder. Each step locks its output folder and replaces its tables in
one commit (:mod:`research_utils.outputs`), so a failure, crash or kill leaves the previous
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
    "run_study_into": "run",
    "discover_study": "discover",
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
    "discover_study",
    "prepare",
    "prepare_study",
    "run_study",
    "run_study_into",
    "study_instruments",
    "study_settings",
]
