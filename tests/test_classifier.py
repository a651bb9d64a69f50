"""The trained frame classifier and validation with intervals, on a corpus coded for the test
(Brown categories as frames: tests/classified_corpus.py), not on the study's articles."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from classified_corpus import FRAMES, OUTLETS, RARE, STUDY_WORDS, make_coded_study
from conftest import hash_tree

from research_utils.analyse.stage import INPUT_TABLES, analyse_corpus
from research_utils.analyse.uncertainty import bootstrap_f1_interval, score_with_intervals, wilson_interval
from research_utils.cli import main
from research_utils.errors import InputError
from research_utils.pipeline import analyse
from research_utils.pipeline.analyse_tables import study_instruments, study_settings
from research_utils.study import read_study
from research_utils.tables import read_table, write_tables

CLASSIFIER_TABLES = ("classifier_validation", "classifier_models", "sentence_frame_scores")


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_coded_study(tmp_path_factory.mktemp("classified"), files=8, sentences=40)


@pytest.fixture(scope="module")
def analysed(study: Path) -> Path:
    assert main(["analyse", "--study", str(study), "--quiet", "--jobs", "1"]) == 0
    return study / "data" / "analysed"


def test_the_classifier_beats_chance_and_is_reported_next_to_the_dictionary(analysed: Path) -> None:
    table = read_table("classifier_validation", analysed)
    assert table["frame"].tolist() == [f for f in (*FRAMES, RARE) for _ in range(2)]
    assert table["method"].tolist() == ["dictionary", "classifier"] * 4
    for frame in FRAMES:
        rows = table[table["frame"] == frame].set_index("method")
        assert rows["folds"].tolist() == [5, 5] and rows["cv"].nunique() == 1  # the same folds
        assert "StratifiedGroupKFold by document" in rows.loc["classifier", "cv"]
        assert rows["n"].nunique() == 1 and rows["support"].nunique() == 1  # the same sentences
        classifier = rows.loc["classifier"]
        chance = classifier["support"] / classifier["n"]  # F1 of coding at random at the prevalence
        assert classifier["f1_low"] > chance, frame
        for method in ("dictionary", "classifier"):
            row = rows.loc[method]
            for score in ("precision", "recall", "f1"):
                assert row[f"{score}_low"] <= row[score] <= row[f"{score}_high"], (frame, method, score)
            assert row["tp"] + row["fp"] == row["predicted"] and row["tp"] + row["fn"] == row["support"]


def test_a_frame_with_too_few_positives_says_so_and_gets_no_model(analysed: Path) -> None:
    table = read_table("classifier_validation", analysed)
    rare = table[(table["frame"] == RARE) & (table["method"] == "classifier")].iloc[0]
    assert "no model trained" in rare["note"] and "fewer than 20" in rare["note"]
    assert rare["folds"] == 0 and math.isnan(rare["f1"]) and rare["n_positive"] < 20
    models = read_table("classifier_models", analysed).set_index("frame")
    assert models["trained"].to_dict() == {**dict.fromkeys(FRAMES, True), RARE: False}
    assert models.loc[RARE, "note"] == rare["note"]
    assert models["training_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert models["sklearn_version"].nunique() == 1 and (models["seed"] == 0).all()
    scores = read_table("sentence_frame_scores", analysed)
    sentences = read_table("sentences", analysed.parent / "processed")
    assert set(scores["frame"]) == set(FRAMES)  # applied to every sentence, never for the rare frame
    assert len(scores) == len(sentences) * len(FRAMES)
    assert scores["probability"].between(0, 1).all()
    assert (scores["label"] == (scores["probability"] >= 0.5)).all()


def test_the_scores_code_the_categories_of_the_whole_corpus(analysed: Path) -> None:
    scores = read_table("sentence_frame_scores", analysed)
    documents = read_table("documents", analysed.parent / "processed")
    category = dict(zip(documents["doc_id"], documents["section"], strict=True))
    labelled = scores[scores["label"]]
    right = (labelled["frame"] == labelled["doc_id"].map(category)).mean()
    assert right > 0.6  # in-sample, so only a sanity check: most labels are the file's category


def test_reruns_are_byte_identical(study: Path, analysed: Path, tmp_path: Path) -> None:
    assert main(["analyse", "--study", str(study), "--out", str(tmp_path), "--quiet", "--jobs", "1"]) == 0
    assert hash_tree(tmp_path) == hash_tree(analysed)


def test_the_scores_are_the_same_whatever_the_batches_and_processes(
    study: Path, analysed: Path, tmp_path: Path
) -> None:
    spec = read_study(study / "study.yaml")
    tables = {name: read_table(name, spec.processed) for name in INPUT_TABLES}
    settings, instruments = study_settings(spec), study_instruments(spec)
    expected = {n: (analysed / f"{n}.csv").read_bytes() for n in CLASSIFIER_TABLES}
    for max_tokens in (1, 3_000):
        out = analyse_corpus(tables, instruments, settings=settings, max_tokens=max_tokens)
        write_tables({n: out[n] for n in CLASSIFIER_TABLES}, tmp_path / str(max_tokens))
        assert {
            n: (tmp_path / str(max_tokens) / f"{n}.csv").read_bytes() for n in CLASSIFIER_TABLES
        } == expected
    analyse(
        spec.processed,
        tmp_path / "jobs",
        instruments=instruments,
        settings=settings,
        jobs=2,
        max_tokens=4_000,
    )
    assert {n: (tmp_path / "jobs" / f"{n}.csv").read_bytes() for n in CLASSIFIER_TABLES} == expected


def test_validation_per_outlet_lists_every_outlet_and_pools_them(analysed: Path) -> None:
    pooled = read_table("frame_validation", analysed).set_index("frame")
    by_outlet = read_table("frame_validation_by_outlet", analysed)
    assert list(dict.fromkeys(by_outlet["outlet"])) == [*sorted(OUTLETS), "all"]
    assert list(dict.fromkeys(by_outlet["frame"])) == [*FRAMES, RARE]
    everything = by_outlet[by_outlet["outlet"] == "all"].set_index("frame")
    counts = ["n", "tp", "fp", "fn", "tn"]
    pd.testing.assert_frame_equal(everything[counts], pooled.loc[[*FRAMES, RARE], counts])
    per_outlet = by_outlet[by_outlet["outlet"] != "all"].groupby("frame")[counts].sum()
    pd.testing.assert_frame_equal(per_outlet.loc[[*FRAMES, RARE]], everything[counts])
    assert pooled.loc["all (micro)", "tp"] == pooled.drop(index="all (micro)")["tp"].sum()


def test_the_study_lexicon_never_shows_in_another_corpus_results(analysed: Path) -> None:
    names = ("frame_validation", "frame_validation_by_outlet", *CLASSIFIER_TABLES)
    text = " ".join((analysed / f"{n}.csv").read_text(encoding="utf-8").lower() for n in names)
    assert not [w for w in STUDY_WORDS if w in text]
    assert set(read_table("classifier_validation", analysed)["frame"]) == {*FRAMES, RARE}


def test_without_the_study_file_key_no_model_is_trained(tmp_path: Path) -> None:
    study = make_coded_study(tmp_path, classifier={}, files=2, sentences=10)
    assert main(["analyse", "--study", str(study), "--quiet", "--jobs", "1"]) == 0
    for name in CLASSIFIER_TABLES:
        assert read_table(name, study / "data" / "analysed").empty
    assert not read_table("frame_validation", study / "data" / "analysed").empty


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"use": "yes"}, "classifier.use is 'yes', not true or false"),
        ({"use": True, "folds": 1}, "classifier.folds is 1; cross-validation needs 2 folds"),
        ({"use": True, "split": "paragraph"}, "classifier.split is 'paragraph'"),
        ({"use": True, "seed": -1}, "classifier.seed is -1"),
        ({"use": True, "min_positive": 5}, "classifier.min_positive is not a key of this section"),
    ],
)
def test_a_bad_classifier_section_is_refused_naming_the_key(
    tmp_path: Path, section: dict, message: str
) -> None:
    path = tmp_path / "study.yaml"
    spec = {
        "title": "t",
        "corpus": {"path": "raw"},
        "instruments": {"codebook": "c.yaml", "actors": "a.csv"},
        "annotations": {"frames": "gold.csv"},
        "classifier": section,
    }
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_study(path)


def test_the_classifier_needs_a_reference_coding(tmp_path: Path) -> None:
    path = tmp_path / "study.yaml"
    spec = {"title": "t", "corpus": {"path": "raw"}, "instruments": {"codebook": "c", "actors": "a"}}
    path.write_text(yaml.safe_dump({**spec, "classifier": {"use": True}}), encoding="utf-8")
    with pytest.raises(InputError, match="annotations: frames names no reference coding"):
        read_study(path)
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert read_study(path).classifier.use is False


def test_the_wilson_interval_is_scipys_and_the_closed_form() -> None:
    from scipy.stats import binomtest

    low, high = wilson_interval(7, 10)
    expected = binomtest(7, 10).proportion_ci(method="wilson")
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    z, p, n = 1.959963984540054, 0.7, 10
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert (low, high) == pytest.approx(
        ((centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n))
    )
    assert low < 0.7 < high
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def test_the_f1_bootstrap_is_seeded_and_contains_the_estimate() -> None:
    rng = np.random.default_rng(3)
    truth = rng.random(200) < 0.3
    predicted = np.where(rng.random(200) < 0.8, truth, ~truth)
    row = score_with_intervals(truth, predicted)
    assert row["f1_low"] < row["f1"] < row["f1_high"]
    assert bootstrap_f1_interval(truth, predicted) == bootstrap_f1_interval(truth, predicted)
    assert bootstrap_f1_interval(truth, predicted, seed=1) != bootstrap_f1_interval(truth, predicted)
    few = score_with_intervals(truth[:12], predicted[:12])
    assert "intervals are wide" in few["note"]


def test_a_perfect_score_says_its_f1_interval_is_a_single_point() -> None:
    truth = np.array([True] * 6 + [False] * 22)
    scores = score_with_intervals(truth, truth.copy())
    assert scores["f1"] == scores["f1_low"] == scores["f1_high"] == 1.0
    assert "read the Wilson intervals" in scores["note"]
    assert scores["recall_low"] < 0.7  # six of six: Wilson still allows a much lower recall
