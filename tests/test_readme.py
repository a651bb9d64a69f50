"""The README documents what the code does: every processed table, every column, every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from research_utils.cli import build_parser
from research_utils.tables import SCHEMAS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def documented_columns(readme: str, table: str) -> set[str]:
    """Column names in the markdown table under the heading ``#### `TABLE.csv` ``."""
    match = re.search(rf"^#### `{re.escape(table)}\.csv`\n(.*?)(?=^#)", readme + "\n#", re.M | re.S)
    if match is None:
        return set()
    return set(re.findall(r"^\| `([^`]+)` \|", match.group(1), re.M))


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_readme_data_dictionary_documents_every_column(table: str) -> None:
    declared = [c.name for c in SCHEMAS[table]]
    documented = documented_columns(README, table)
    assert documented, f"README has no '#### `{table}.csv`' data dictionary"
    assert set(declared) == documented, (
        f"{table}: undocumented {set(declared) - documented}, stale {documented - set(declared)}"
    )


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
