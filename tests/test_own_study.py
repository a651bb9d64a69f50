"""A new user's study, end to end: init → suggest → adopt → run → report, on a corpus the
project never saw (Brown categories as outlets), with nothing of the project's own study in
the output, every outlet in every figure, and every computed reading true of its tables."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import write_brown_corpus
from PIL import Image

from research_utils.cli import main
from research_utils.report import readings
from research_utils.report.notebook import open_study

OUTLETS = ("news", "editorial", "reviews", "hobbies")
#: Words of the project's own study that must never reach another study's output.
STUDY_WORDS = ("Apple Daily", "Taipei Times", "two articles", "deepfake", "Cyberspace", "summoned firms")


def _keep(path: Path, *, n: int, when: str) -> int:
    """Mark the first ``n`` suggestions whose ``when`` column is filled with keep = yes."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = 0
    for row in rows:
        if kept < n and row[when].strip():
            row["keep"], kept = "yes", kept + 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return kept


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("own")
    corpus = write_brown_corpus(root / "brown", OUTLETS, 3, 40)
    folder = root / "my_study"
    assert main(["init", str(folder), "--corpus", str(corpus), "--title", "Four Brown categories"]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet"]) == 0
    assert main(["suggest", "actors", "--study", str(folder), "--quiet"]) == 0
    assert _keep(folder / "suggestions" / "actors.csv", n=12, when="type") > 0
    assert main(["adopt", "actors", str(folder / "suggestions" / "actors.csv"), "--study", str(folder)]) == 0
    assert main(["suggest", "terms", "--study", str(folder), "--quiet"]) == 0
    assert _keep(folder / "suggestions" / "terms.csv", n=5, when="term") > 0
    assert main(["adopt", "terms", str(folder / "suggestions" / "terms.csv"), "--study", str(folder)]) == 0
    assert main(["run", "--study", str(folder)]) == 0
    assert main(["report", "--study", str(folder)]) == 0
    return folder


def _outputs(folder: Path) -> dict[str, list[str]]:
    """Every text a notebook shows (Markdown, plain text, HTML), by notebook."""
    texts = {}
    for path in sorted((folder / "notebooks").glob("*.ipynb")):
        shown = []
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                shown.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error", f"{path.name}: {output.get('evalue')}"
                data = output.get("data", {})
                shown += ["".join(data[k]) for k in ("text/markdown", "text/plain", "text/html") if k in data]
                shown.append("".join(output.get("text", "")))
        texts[path.name] = shown
    return texts


def test_the_adopted_instruments_are_the_studys_own(study: Path) -> None:
    actors = (study / "instruments" / "actors.csv").read_text(encoding="utf-8").splitlines()
    terms = (study / "instruments" / "terms.csv").read_text(encoding="utf-8").splitlines()
    assert len(actors) > 1 and len(terms) > 1
    mentions = open_study(study).table("actor_mentions")
    assert len(mentions) > 0 and mentions["outlet"].nunique() >= 2


def test_nothing_of_the_projects_own_study_reaches_another_study(study: Path) -> None:
    shown = {name: "\n".join(texts) for name, texts in _outputs(study).items()}
    report = (study / "reports" / "report.html").read_text(encoding="utf-8")
    for name, text in [*shown.items(), ("report", report)]:
        for word in STUDY_WORDS:
            assert word not in text, f"{name} mentions {word!r}"
    assert "<title>Four Brown categories</title>" in report


def test_every_outlet_is_in_every_figure_or_named_as_left_out(study: Path) -> None:
    figures = sorted((study / "figures").glob("*.png"))
    assert len(figures) >= 15
    for path in figures:
        description = Image.open(path).text.get("Description", "")
        assert description, f"{path.name} says nothing about what it shows"
        for outlet in OUTLETS:
            assert outlet in description, f"{path.name} neither shows nor names {outlet}"


def test_every_computed_reading_is_true_of_its_tables(study: Path) -> None:
    nb = open_study(study)
    shown = "\n".join(text for texts in _outputs(study).values() for text in texts)
    documents, tone, ranked = nb.table("documents"), nb.table("tone"), None
    from research_utils import analyse

    ranked = analyse.rank_sentences(tone, nb.table("sentences"), n=2)
    expected = [
        readings.corpus_overview(documents),
        readings.filtered_overview(nb.table("filtered_lines"), documents),
        readings.top_terms(nb.table("term_frequencies")),
        readings.keyness_overview(nb.table("keyness")),
        readings.coding_used(nb.table("frame_shares")),
        readings.frame_profile(nb.table("frame_shares")),
        readings.validation_overview(nb.table("validation_coverage"), nb.table("frame_validation")),
        readings.actors_overview(nb.table("actor_mentions"), documents),
        readings.voices_overview(nb.table("quotes"), documents),
        readings.tone_overview(analyse.summarize_tone(tone), ranked),
        readings.coverage_warnings(nb.table("coverage")),
    ]
    for reading in expected:
        assert reading in shown, reading[:120]
    # and the readings state numbers that are in the tables
    n = len(documents)
    assert f"The corpus has {n} articles from {len(OUTLETS)} outlets" in shown
    assert "has no reference (manual) coding" in shown  # a new study has none: said, not hidden
    assert not re.search(r"\bnan\b", "\n".join(expected))
