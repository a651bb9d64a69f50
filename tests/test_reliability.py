"""Coder agreement (Krippendorff's α with a seeded interval and plain verdicts) and adjudication
of the returned sheets into a reference coding that ``read_coding`` reads."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import hash_tree, write_brown_corpus
from test_coding_sheets import code_of, fill

from research_utils.analyse.codebook import read_codebook
from research_utils.analyse.coding import read_manifest
from research_utils.analyse.reliability import (
    adjudicate,
    disagreements,
    nominal_alpha,
    reliability,
    verdict,
)
from research_utils.analyse.validation import read_coding
from research_utils.cli import main

NAN = np.nan


def codes_table(matrix: dict[str, list[int | None]], frame: str = "f") -> pd.DataFrame:
    """Long codes (coder, unit_id, frame, code) from coder → codes per unit (None: not coded)."""
    rows = [
        (coder, f"d:{i}", frame, code)
        for coder, values in matrix.items()
        for i, code in enumerate(values)
        if code is not None
    ]
    return pd.DataFrame(rows, columns=["coder", "unit_id", "frame", "code"])


def test_alpha_matches_krippendorffs_published_example_and_a_hand_computation() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: α = 0.743
    example = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
            [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
        ]
    )
    assert round(nominal_alpha(example), 3) == 0.743
    # two coders, ten units, one disagreement: 20 values, three 1s, seventeen 0s
    a = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    b = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    observed = 2 / 20  # the disagreeing unit adds one (1, 0) and one (0, 1) pair
    expected = 2 * 17 * 3 / (20 * 19)
    assert nominal_alpha(np.array([a, b], dtype=float)) == pytest.approx(1 - observed / expected)
    assert nominal_alpha(np.array([a, a], dtype=float)) == 1.0
    assert math.isnan(nominal_alpha(np.zeros((2, 5))))


def test_verdicts_use_krippendorffs_thresholds_in_plain_words() -> None:
    assert verdict(0.5) == "below 0.667: no conclusions"
    assert verdict(0.667) == verdict(0.75) == "0.667–0.8: tentative conclusions only"
    assert verdict(0.8) == verdict(1.0) == "≥ 0.8: reliable"
    assert verdict(NAN) == "undefined: no conclusions"
    # the interval must clear the threshold too (Krippendorff 2004, p. 242)
    assert verdict(0.9, 0.85) == "≥ 0.8: reliable"
    assert verdict(0.9, 0.7) == (
        "0.667–0.8: tentative conclusions only (α ≥ 0.8 on the estimate, but its interval reaches below 0.8)"
    )
    assert (
        verdict(0.9, 0.5) == "not established: α ≥ 0.8 on the estimate, but its interval reaches below 0.667"
    )
    assert (
        verdict(0.7, 0.1)
        == "not established: α ≥ 0.667 on the estimate, but its interval reaches below 0.667"
    )
    assert verdict(0.5, 0.1) == "below 0.667: no conclusions"


def test_reliability_table_per_frame_with_a_seeded_interval() -> None:
    a = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0] * 3
    b = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] * 3
    codes = pd.concat(
        [
            codes_table({"anna": a, "ben": b, "cleo": [1] + [None] * 29}, "weak"),
            codes_table({"anna": a, "ben": a}, "perfect"),
            codes_table({"anna": [0] * 30, "ben": [0] * 30}, "absent"),
        ]
    )
    labels = {"perfect": "Perfect", "weak": "Weak", "absent": "Absent"}
    table = reliability(codes, labels, draws=300, seed=1).set_index("frame")
    assert list(table.index) == ["perfect", "weak", "absent"]  # codebook order, every frame
    weak = table.loc["weak"]
    assert weak["n_units"] == 30 and weak["n_coders"] == 3 and weak["coders"] == "anna;ben;cleo"
    assert weak["agreement"] == pytest.approx(27 / 30)
    assert weak["prevalence"] == pytest.approx(10 / 61)
    assert weak["verdict"] == "below 0.667: no conclusions"
    assert (
        weak["alpha_low"] <= weak["alpha"] <= weak["alpha_high"]
        and weak["alpha_high"] - weak["alpha_low"] > 0.05
    )
    assert table.loc["perfect", "alpha"] == 1.0 and table.loc["perfect", "verdict"] == "≥ 0.8: reliable"
    assert math.isnan(table.loc["absent", "alpha"]) and "no variation" in table.loc["absent", "note"]
    again = reliability(codes, labels, draws=300, seed=1)
    other = reliability(codes, labels, draws=300, seed=2).set_index("frame")
    pd.testing.assert_frame_equal(again.set_index("frame"), table)
    assert other.loc["weak", "alpha_low"] != weak["alpha_low"]


def test_disagreements_and_adjudication_majority_and_ties() -> None:
    codes = pd.concat(
        [
            codes_table({"anna": [1, 1, 0], "ben": [1, 0, 0], "cleo": [0, 1, None]}, "f"),
            codes_table({"anna": [1, None, None]}, "g"),
        ]
    )
    sentences = {"d:0": "zero", "d:1": "one", "d:2": "two"}
    listed = disagreements(codes, sentences, ["f", "g"])
    assert list(zip(listed["unit_id"], listed["codes"], strict=True)) == [
        ("d:0", "anna=1;ben=1;cleo=0"),
        ("d:1", "anna=1;ben=0;cleo=1"),
    ]
    majority, ties = adjudicate(codes, sentences, ["f", "g"])
    decided = {
        (u, f): c for u, f, c in zip(majority["unit_id"], majority["frame"], majority["code"], strict=True)
    }
    assert decided == {
        ("d:0", "f"): 1,
        ("d:1", "f"): 1,
        ("d:2", "f"): 0,
        ("d:0", "g"): 1,
    }  # 2 to 1; one coder
    assert ties.empty
    tied = codes_table({"anna": [1, 0], "ben": [0, 0]}, "f")
    _, ties = adjudicate(tied, sentences, ["f"])
    assert ties[["unit_id", "codes", "sentence", "decision"]].values.tolist() == [
        ["d:0", "anna=1;ben=0", "zero", ""]
    ]


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reliability")
    corpus = write_brown_corpus(root / "brown", ("news", "editorial"), 2, 25)
    folder = root / "study"
    assert main(["init", str(folder), "--corpus", str(corpus)]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet"]) == 0
    assert (
        main(
            [
                "coding-sheet",
                "--study",
                str(folder),
                "--coders",
                "anna,ben",
                "--sample",
                "30",
                "--overlap",
                "20",
            ]
        )
        == 0
    )
    return folder


def ben_code(unit: str, frame: str) -> int:
    """Ben agrees with Anna but on the 'conflict' frame of about one unit in four."""
    flip = frame == "conflict" and code_of(unit, "ben") == 1 and unit[-1] in "0123"
    return 1 - code_of(unit, frame) if flip else code_of(unit, frame)


def returned(study: Path, ben=ben_code) -> Path:
    folder = study / "coding" / "returned"
    shutil.rmtree(folder, ignore_errors=True)
    fill(study / "coding" / "sheets" / "anna.xlsx", folder / "anna.xlsx")
    fill(study / "coding" / "sheets" / "ben.xlsx", folder / "ben.xlsx", ben)
    return folder


def test_reliability_command_writes_tables_and_a_figure_of_every_frame(study: Path, capsys) -> None:
    returned(study)
    assert main(["reliability", "--study", str(study), "--draws", "200"]) == 0
    table = pd.read_csv(study / "coding" / "reliability.csv")
    frames = read_codebook(study / "instruments" / "codebook.yaml").frame_ids
    assert list(table["frame"]) == frames and set(table["n_units"]) == {20}
    conflict = table.set_index("frame").loc["conflict"]
    assert conflict["alpha"] < 1 and conflict["n_draws"] > 0
    assert (table.drop(index=list(table["frame"]).index("conflict"))["agreement"] == 1).all()
    listed = pd.read_csv(study / "coding" / "disagreements.csv")
    assert set(listed["frame"]) == {"conflict"} and len(listed) == round((1 - conflict["agreement"]) * 20)
    assert {"reliability.png", "reliability.svg"} <= {p.name for p in (study / "coding").iterdir()}
    svg = (study / "coding" / "reliability.svg").read_text(encoding="utf-8")
    assert all(f.label in svg for f in read_codebook(study / "instruments" / "codebook.yaml").frames)
    first = (study / "coding" / "reliability.csv").read_bytes()
    assert main(["reliability", "--study", str(study), "--draws", "200"]) == 0
    assert (study / "coding" / "reliability.csv").read_bytes() == first  # seeded: the same bytes


def test_adjudicate_lists_ties_refuses_blank_decisions_then_writes_a_reference_coding(
    study: Path, capsys
) -> None:
    returned(study)
    for stale in ("decisions.csv", "frames_reference.csv"):
        (study / "coding" / stale).unlink(missing_ok=True)
    assert main(["adjudicate", "--study", str(study)]) == 1
    decisions = study / "coding" / "decisions.csv"
    rows = list(csv.DictReader(decisions.open(encoding="utf-8")))
    assert rows and {r["frame"] for r in rows} == {"conflict"} and all(r["decision"] == "" for r in rows)
    assert not (study / "coding" / "frames_reference.csv").exists()
    capsys.readouterr()
    before = hash_tree(study)
    assert main(["adjudicate", "--study", str(study)]) == 2
    err = capsys.readouterr().err
    assert f"{decisions}, line 2" in err and "still blank" in err
    assert hash_tree(study) == before
    for row in rows:
        row["decision"] = "1"
    with decisions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert main(["adjudicate", "--study", str(study)]) == 0
    codebook = read_codebook(study / "instruments" / "codebook.yaml")
    coding = read_coding(study / "coding" / "frames_reference.csv", codebook)
    manifest = read_manifest(study / "coding" / "sheets" / "manifest.json")
    assert len(coding) == 30 and set(coding["doc_id"] + ":" + coding["sent_id"].astype(str)) == set(
        manifest.units["unit_id"]
    )
    decided = {r["unit_id"] for r in rows}
    coders = dict(zip(manifest.units["unit_id"], manifest.units["coders"], strict=True))
    for doc_id, sent_id, frames in zip(coding["doc_id"], coding["sent_id"], coding["frames"], strict=True):
        unit = f"{doc_id}:{sent_id}"
        code = ben_code if coders[unit] == "ben" else code_of  # a unit one coder coded keeps their codes
        expected = {f for f in codebook.frame_ids if code(unit, f)} | (
            {"conflict"} if unit in decided else set()
        )
        assert set(filter(None, frames.split(";"))) == expected


def test_adjudicate_never_replaces_another_coding_without_force(study: Path, capsys) -> None:
    returned(study, ben=code_of)  # full agreement: no ties
    (study / "coding" / "decisions.csv").unlink(missing_ok=True)
    target = study / "data" / "annotations" / "mine.csv"
    target.write_text("doc_id,sent_id,frames,note\nx,0,conflict,by hand\n", encoding="utf-8")
    assert main(["adjudicate", "--study", str(study), "--out", str(target)]) == 2
    assert "--force" in capsys.readouterr().err and "by hand" in target.read_text(encoding="utf-8")
    assert main(["adjudicate", "--study", str(study), "--out", str(target), "--force"]) == 0
    assert len(read_coding(target)) == 30


def test_reliability_without_returned_sheets_exits_2(tmp_path: Path, study: Path, capsys) -> None:
    shutil.rmtree(study / "coding" / "returned", ignore_errors=True)
    assert main(["reliability", "--study", str(study)]) == 2
    err = capsys.readouterr().err
    assert "no returned coding sheets" in err and "anna.xlsx" in err


def test_the_studys_reference_coding_comes_out_of_the_same_adjudication_path(tmp_path: Path) -> None:
    """Issue 13: the study's two returned sheets (its reference coding and the second coding),
    adjudicated with every tie decided as the reference coder coded it, give exactly the frames
    of data/annotations/frames_gold.csv: the study's coding is one anyone can make this way."""
    from research_utils.analyse.validation import read_coding
    from research_utils.cli import main

    root = Path(__file__).resolve().parents[1]
    study = tmp_path / "study"
    study.mkdir()
    for folder in ("coding", "instruments", "data/annotations"):
        shutil.copytree(root / folder, study / folder)
    shutil.copyfile(root / "study.yaml", study / "study.yaml")
    out = tmp_path / "adjudicated.csv"
    args = ["adjudicate", "--study", str(study), "--out", str(out)]
    assert main(args) == 1  # ties: a person decides
    decisions = study / "coding" / "decisions.csv"
    with decisions.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "the two codings disagree somewhere"
    for row in rows:
        codes = dict(part.split("=") for part in row["codes"].split(";"))
        row["decision"] = codes["reference"]
    with decisions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert main(args) == 0
    adjudicated = read_coding(out).set_index(["doc_id", "sent_id"])["frames"].fillna("")
    gold = read_coding(root / "data" / "annotations" / "frames_gold.csv")
    assert adjudicated.to_dict() == gold.set_index(["doc_id", "sent_id"])["frames"].fillna("").to_dict()
