"""The study's notes: every number a note states is checked against the tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO

from research_utils.errors import InputError
from research_utils.report.notebook import open_study
from research_utils.report.notes import check_notes, read_notes


def test_every_number_the_studys_notes_state_is_true_of_its_tables(analysed: Path, prepared: Path) -> None:
    study = open_study(REPO / "study.yaml")
    notes = read_notes(study.study.notes)
    assert {"frame_shares", "words", "actors", "quotes", "tone", "story_flow", "comparison"} <= set(notes)

    def table(name: str) -> pd.DataFrame:  # the tables this test run made, not the committed ones
        from research_utils.schemas import STAGES
        from research_utils.tables import read_table

        return read_table(name, prepared if STAGES[name] == "prepare" else analysed)

    assert check_notes(notes, table) == []
    assert check_notes(notes, study.table) == []  # and the committed tables agree


def _notes(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_number_without_a_check_is_refused(tmp_path: Path) -> None:
    path = _notes(tmp_path, "notes:\n  - id: a\n    text: 12 of 14 sentences carry it.\n    checks: []\n")
    with pytest.raises(InputError, match="states 12 but declares no check"):
        read_notes(path)


def test_a_check_that_the_data_contradict_is_reported(tmp_path: Path) -> None:
    path = _notes(
        tmp_path,
        "notes:\n  - id: a\n    text: 3 rows, mean 2.5.\n    checks:\n"
        "      - {value: 3, table: t, aggregate: count, where: {}}\n"
        "      - {value: 2.5, table: t, column: x, aggregate: mean, where: {kind: '!=skip'}}\n",
    )
    notes = read_notes(path)
    good = pd.DataFrame({"x": [1.0, 2.0, 4.0], "kind": ["a", "b", "skip"]})
    assert check_notes(notes, lambda name: good) == ["a: t.x is 1.5, the note says 2.5"]
    bad = pd.DataFrame({"x": [2.0, 3.0], "kind": ["a", "b"]})
    assert check_notes(notes, lambda name: bad) == ["a: t.rows is 2, the note says 3"]


def test_a_notebook_shows_a_figure_an_earlier_notebook_saved_or_says_which_to_run(tmp_path: Path) -> None:
    from research_utils.errors import MissingFigureError

    nb = open_study(REPO / "study.yaml")
    nb.show_figure("02_keyness")  # committed with the study
    nb.study = dataclasses.replace(nb.study, figures=tmp_path)
    fix = r"02_keyness.png not found\n  fix: run 02_term_frequency.ipynb"
    with pytest.raises(MissingFigureError, match=fix):
        nb.show_figure("02_keyness")
