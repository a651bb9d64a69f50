"""What a user sees when asking for help or mistyping an option, and `make lab` as root."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from research_utils.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_subcommand_help_has_a_description_and_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    page = capsys.readouterr().out
    usage, _, rest = page.partition("\n\n")
    assert usage.startswith(f"usage: research-utils {command}")
    description = rest.split("\n\n", 1)[0].strip()
    assert description and not description.startswith(("options:", "positional arguments:"))
    example = page.split("example:\n", 1)[-1].strip()
    assert "example:\n" in page and example.startswith(f"research-utils {command}")


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    seen = capsys.readouterr()
    assert seen.out.startswith("usage: research-utils")
    assert all(f"    {name}" in seen.out for name in ("init", "prepare", "run", "report"))
    assert "error" not in seen.out + seen.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["prepare", "--jobs", "two"], "argument --jobs: 'two' is not a whole number (e.g. --jobs 2)"),
        (["notebooks", "--jobs", "0"], "argument --jobs: 0: give 1 or more (e.g. --jobs 2)"),
        (["discover", "--k", "eight"], "argument --k: 'eight' is not a whole number (e.g. --k 8)"),
        (["reliability", "--draws", "x"], "argument --draws: 'x' is not a whole number (e.g. --draws 1000)"),
        (
            ["coding-sheet", "--coders", "a", "--sample", "some"],
            "argument --sample: 'some' is not a whole number (e.g. --sample 200 (or --sample all))",
        ),
    ],
)
def test_a_bad_number_names_the_option_and_an_example(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "_positive_int" not in err and "invalid" not in err


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("uid", "flag"), [("0", True), ("1000", False)])
def test_make_lab_passes_allow_root_only_as_root(tmp_path: Path, uid: str, flag: bool) -> None:
    """The lab recipe runs with stand-ins for ``id`` and ``jupyter`` (which prints its
    arguments): no server starts, and ``setup`` is not remade (``-o setup``)."""
    (tmp_path / "id").write_text(f"#!/bin/sh\necho {uid}\n", encoding="utf-8")
    (tmp_path / "jupyter").write_text('#!/bin/sh\necho "jupyter $*"\n', encoding="utf-8")
    for stub in ("id", "jupyter"):
        (tmp_path / stub).chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    shown = subprocess.run(
        ["make", "-s", "-C", str(REPO), "-o", "setup", "lab", f"BIN={tmp_path}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert shown[:3] == ["jupyter", "lab", "--ServerApp.root_dir=notebooks"]
    assert ("--allow-root" in shown) is flag
