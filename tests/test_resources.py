"""NLTK data: found or missing, and one message with both fixes when it is missing.

"Missing" is simulated by pointing NLTK's search path at an empty folder with
``monkeypatch`` (undone after each test), so later tests still find the real data.
"""

from __future__ import annotations

from pathlib import Path

import nltk
import pytest
from conftest import RAW, copy_raw, hash_tree

from research_utils.annotate.resources import RESOURCES, check_resources, ensure_resources
from research_utils.cli import main
from research_utils.errors import MissingResourcesError

IDS = [r.id for r in RESOURCES]


@pytest.fixture
def empty_nltk_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """NLTK looks only in an empty folder for the duration of one test."""
    empty = tmp_path / "nltk_data"
    empty.mkdir(mode=0o700)
    monkeypatch.setattr(nltk.data, "path", [str(empty)])
    return empty


def status_lines(stdout: str) -> dict[str, str]:
    """``check``'s report: resource id -> its line."""
    lines = {}
    for line in stdout.splitlines():
        words = line.split()
        if len(words) >= 2 and words[1] in IDS:
            lines[words[1]] = line
    return lines


def assert_lists_everything_and_both_fixes(message: str, folder: Path) -> None:
    for resource_id in IDS:
        assert resource_id in message
    assert "NLTK_DATA" in message  # fix 1: point NLTK at the data
    assert "research-utils check --download" in message  # fix 2: download it
    assert str(folder) in message  # where NLTK looked


def test_the_six_declared_resources() -> None:
    assert IDS == [
        "punkt_tab",
        "averaged_perceptron_tagger_eng",
        "universal_tagset",
        "stopwords",
        "wordnet",
        "vader_lexicon",
    ]


def test_ensure_resources_lists_all_missing_and_both_fixes(empty_nltk_data: Path) -> None:
    with pytest.raises(MissingResourcesError) as caught:
        ensure_resources()
    assert_lists_everything_and_both_fixes(str(caught.value), empty_nltk_data)
    assert [s.found for s in check_resources()] == [False] * len(IDS)


def test_check_reports_each_missing(empty_nltk_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    lines = status_lines(captured.out)
    assert sorted(lines) == sorted(IDS)
    for line in lines.values():
        assert line.startswith("MISSING")
    assert str(empty_nltk_data) in captured.out  # where NLTK searches
    assert_lists_everything_and_both_fixes(captured.err, empty_nltk_data)


def test_check_reports_only_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # everything but the VADER lexicon
    real = Path(str(nltk.data.find("corpora/stopwords.zip"))).parents[1]
    partial = tmp_path / "nltk_data"
    (partial / "corpora").mkdir(parents=True, mode=0o700)
    for sub in ("tokenizers", "taggers"):
        (partial / sub).symlink_to(real / sub)
    for name in ("stopwords.zip", "wordnet.zip"):
        (partial / "corpora" / name).symlink_to(real / "corpora" / name)
    monkeypatch.setattr(nltk.data, "path", [str(partial)])
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    lines = status_lines(captured.out)
    assert [i for i, line in lines.items() if line.startswith("MISSING")] == ["vader_lexicon"]
    assert all(lines[i].startswith("found") for i in IDS if i != "vader_lexicon")
    first_line = captured.err.splitlines()[0]
    assert "vader_lexicon" in first_line and "punkt_tab" not in first_line


def test_check_with_the_data_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    lines = status_lines(capsys.readouterr().out)
    assert sorted(lines) == sorted(IDS)
    for line in lines.values():
        assert line.startswith("found")
        assert "missing" not in line


def test_prepare_without_data_fails_at_once_and_writes_nothing(
    empty_nltk_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_raw(tmp_path / "raw")
    before = hash_tree(raw)
    out = tmp_path / "processed"
    assert main(["prepare", "--raw", str(raw), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("research-utils prepare: error: NLTK data missing")
    assert_lists_everything_and_both_fixes(err, empty_nltk_data)
    assert not out.exists()
    assert hash_tree(raw) == before


def test_manifest_needs_no_nltk_data(empty_nltk_data: Path, tmp_path: Path) -> None:
    # manifest only checksums files: NLTK data is checked before prepare, analyse, notebooks, run
    raw = copy_raw(tmp_path / "raw")
    (raw / "SHA256SUMS").unlink()
    assert main(["manifest", "--raw", str(raw)]) == 0
    assert (raw / "SHA256SUMS").read_bytes() == (RAW / "SHA256SUMS").read_bytes()


@pytest.mark.parametrize("command", ["analyse", "notebooks", "run"])
def test_the_other_commands_that_use_nltk_fail_at_once_without_data(
    empty_nltk_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    options = {
        "analyse": ["--processed", str(tmp_path / "processed"), "--out", str(tmp_path / "analysed")],
        "notebooks": ["--notebooks", str(tmp_path / "notebooks")],
        "run": ["--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")],
    }[command]
    assert main([command, *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"research-utils {command}: error: NLTK data missing")
    assert_lists_everything_and_both_fixes(err, empty_nltk_data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nltk_data"]  # nothing written
