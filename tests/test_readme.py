"""The README documents what the code does: every table, every column, every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from research_utils import tables
from research_utils.cli import build_parser, main
from research_utils.docs import END, FINDINGS_END, FINDINGS_START, START, data_dictionary, update_readme
from research_utils.schemas import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def documented_columns(readme: str, table: str) -> set[str]:
    """Column names in the markdown table under the heading ``#### `TABLE.csv` ``."""
    match = re.search(rf"^#### `{re.escape(table)}\.csv`\n(.*?)(?=^#)", readme + "\n#", re.M | re.S)
    if match is None:
        return set()
    return set(re.findall(r"^\| `([^`]+)` \|", match.group(1), re.M))


def test_the_readme_data_dictionary_is_the_one_generated_from_the_schemas() -> None:
    assert not update_readme(ROOT / "README.md", check=True), "README is stale: run `research-utils docs`"
    assert main(["docs", "--check", "--readme", str(ROOT / "README.md")]) == 0


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_the_readme_documents_every_column_of_every_table_once(table: str) -> None:
    declared = [c.name for c in SCHEMAS[table]]
    assert documented_columns(README, table) == set(declared)
    assert README.count(f"#### `{table}.csv`") == 1, f"{table} is documented in more than one place"


def test_docs_rewrites_a_stale_dictionary_and_check_reports_it(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# x\n\n{START}\n#### `old.csv`\n{END}\n\n{FINDINGS_START}\nold\n{FINDINGS_END}\nrest\n",
        encoding="utf-8",
    )
    assert main(["docs", "--check", "--readme", str(readme)]) == 1
    assert main(["docs", "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert data_dictionary() in text and "old.csv" not in text and text.endswith("rest\n")
    assert "\nold\n" not in text and "Cyberspace Administration of China" in text  # the study's findings
    assert main(["docs", "--check", "--readme", str(readme)]) == 0


def test_docs_refuses_a_readme_without_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    assert main(["docs", "--readme", str(readme)]) == 2
    assert "no data-dictionary markers" in capsys.readouterr().err


def test_documented_columns_reads_only_its_own_table() -> None:
    text = "#### `a.csv`\n\n| column |\n|---|\n| `x` | int |\n\n#### `b.csv`\n\n| `y` | int |\n"
    assert documented_columns(text, "a") == {"x"}
    assert documented_columns(text, "b") == {"y"}
    assert documented_columns(text, "c") == set()


def test_readme_starts_with_the_two_commands() -> None:
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("Two commands")
    assert "make run" in first_section and "make test" in first_section


def test_readme_documents_every_command() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # argparse's sub-commands
    for name in commands:
        assert f"research-utils {name}" in README, f"README does not document `research-utils {name}`"


def test_the_methods_document_covers_what_the_code_cites() -> None:
    methods = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    for heading in ("Keyness", "Actors", "Quotes and sources", "Frames", "Tone", "Rounding"):
        assert f"\n## {heading}\n" in methods
    cited = set()
    for path in (ROOT / "src" / "research_utils").rglob("*.py"):
        cited |= set(re.findall(r"docs/methods\.md", path.read_text(encoding="utf-8")))
    assert cited, "the code should point readers to docs/methods.md"


def test_the_readmes_statements_on_the_studys_coding_hold() -> None:
    """Issue 13: what "What the measurements say" states about the study's two codings and its
    classifier, checked against the tables it comes from."""
    from research_utils.study import read_study

    study = read_study(ROOT / "study.yaml")
    reliability = tables.read_table("reliability", study.coding).set_index("frame")
    perfect = sorted(reliability.index[reliability["alpha"] == 1.0])
    assert perfect == ["responsibility", "technology_risk"]
    assert "Agreement is\nperfect on technology_risk and responsibility" in README
    below = sorted(reliability.index[reliability["alpha_low"] < 0.667])
    assert below == ["economic_market", "security_order"]
    assert "On security_order and economic_market, the\ninterval reaches below 0.667" in README
    validation = tables.read_table("classifier_validation", study.analysed)
    f1 = validation.pivot(index="frame", columns="method", values="f1")
    assert (f1["classifier"] <= f1["dictionary"]).all()
    assert "The classifier does no better than the dictionary on any\nframe" in README
