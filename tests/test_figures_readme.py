"""figures/README.md lists every figure the notebooks save, with its notebook and question."""

from __future__ import annotations

import re
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[1] / "figures"


def listed_figures(readme: str) -> dict[str, tuple[str, str]]:
    """Figure name -> (notebook, question) from the README's table rows ``| `name` | nb | q |``."""
    rows = re.findall(r"^\| `([^`]+)` \| `?([^|`]+)`? \| ([^|]+) \|", readme, re.M)
    return {name: (notebook.strip(), question.strip()) for name, notebook, question in rows}


def test_every_figure_is_listed_with_its_notebook_and_question() -> None:
    listed = listed_figures((FIGURES / "README.md").read_text(encoding="utf-8"))
    saved = {p.stem for p in FIGURES.glob("*.png")}
    assert saved, "no figures saved"
    assert set(listed) == saved, f"unlisted: {saved - set(listed)}; listed but missing: {set(listed) - saved}"
    notebooks = {p.name for p in (FIGURES.parent / "notebooks").glob("*.ipynb")}
    for name, (notebook, question) in listed.items():
        assert notebook in notebooks, f"{name}: unknown notebook {notebook}"
        assert name[:2] == notebook[:2], f"{name} is not named after its notebook {notebook}"
        assert question.endswith("?"), f"{name}: the question should be a question"
        assert (FIGURES / f"{name}.svg").is_file(), f"{name}.svg missing"


def test_listed_figures_parses_rows() -> None:
    text = "| figure | notebook | question |\n|---|---|---|\n| `02_x` | `02_a.ipynb` | Which words? |\n"
    assert listed_figures(text) == {"02_x": ("02_a.ipynb", "Which words?")}
