"""Instruments from the data: write suggestions for review, adopt the rows the user keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..analyse import read_actors, read_terms_map, suggest_actors, suggest_terms
from ..analyse.actors import ACTOR_COLUMNS
from ..analyse.adopt import adopt_suggestions as merge_suggestions
from ..errors import InputError
from ..files import to_csv_file, write_atomic
from ..progress import Log, say
from ..study import Study
from ..tables import read_table, write_table

Kind = Literal["actors", "terms"]


def write_suggestions(study: Study, kind: Kind, *, out: Path | None = None, log: Log = None) -> Path:
    """Suggest actors or multi-word terms from the study's prepared tables; write the CSV to
    review (default: ``suggestions/KIND.csv`` in the study folder)."""
    tokens, documents = read_table("tokens", study.processed), read_table("documents", study.processed)
    say(log, f"suggesting {kind} from {len(documents):,} documents in {study.processed}")
    if kind == "actors":
        actors = read_actors(study.actors) if study.actors.is_file() else None
        table = suggest_actors(tokens, documents, actors if actors is not None else _no_actors())
        name = "actor_suggestions"
    else:
        terms_map = read_terms_map(study.terms_map) if study.terms_map and study.terms_map.is_file() else None
        table = suggest_terms(tokens, documents, terms_map)
        name = "term_suggestions"
    path = out or study.root / "suggestions" / f"{kind}.csv"
    written = write_table(name, table, path.parent)
    if written != path:
        written.replace(path)
    return path


def _no_actors():
    import pandas as pd

    return pd.DataFrame(columns=list(ACTOR_COLUMNS)).astype("string")


def adopt_suggestions(study: Study, kind: Kind, suggestions: Path) -> tuple[Path, int]:
    """Add the suggestion rows marked to keep to the study's actor table or terms map, checked
    like a hand-written one; returns the instrument's path and the number of rows added."""
    target = study.actors if kind == "actors" else study.terms_map
    if target is None:
        raise InputError(
            study.file or Path("study.yaml"),
            "the study names no terms map",
            "add instruments: terms_map: instruments/terms.csv to the study file",
        )
    before = _rows(target)
    merged = merge_suggestions(kind, target if target.is_file() else None, suggestions)
    write_atomic(target, lambda tmp: to_csv_file(merged, tmp))
    return target, len(merged) - before


def _rows(path: Path) -> int:
    if not path.is_file():
        return 0
    return max(0, len(path.read_text(encoding="utf-8-sig").splitlines()) - 1)
