"""Notebook 05's readings on codings that are not the study's: every number and frame named
comes from the tables given, ties are kept, and the study's wording never appears."""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_reliability import codes_table

from research_utils.analyse.reliability import reliability
from research_utils.report.readings import classifier_overview, reliability_overview, topics_overview
from research_utils.tables import as_table

STUDY_WORDS = ("Apple Daily", "Taipei Times", "deepfake", "regulation_compliance", "security_order")


def test_the_reliability_reading_groups_frames_by_what_their_interval_allows() -> None:
    agree = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0] * 6
    half = [1, 0] * 30
    codes = pd.concat(
        [
            codes_table({"ines": agree, "omar": agree}, "flooding"),
            codes_table({"ines": half, "omar": [1 - v for v in half]}, "drought"),
            codes_table({"ines": [0] * 60, "omar": [0] * 60}, "wildfire"),
        ]
    )
    table = reliability(codes, {"flooding": "Flooding", "drought": "Drought", "wildfire": "Wildfire"})
    text = reliability_overview(table)
    assert text.startswith("2 coders (ines and omar) coded 60 sentences in common.")
    assert "Reliable, the whole interval above 0.8: flooding (α 1.00 [1.00, 1.00])" in text
    assert "Below 0.667, no conclusions: drought" in text
    assert "α undefined (the codes do not vary): wildfire" in text
    assert "fewer than 30 units" not in text  # 60 units each
    assert not any(word in text for word in STUDY_WORDS)


def test_the_classifier_reading_compares_frame_by_frame_and_names_frames_without_a_model() -> None:
    def row(frame: str, method: str, f1: float | None, positives: int, note: str = "") -> dict:
        return {"frame": frame, "method": method, "n_positive": positives, "folds": 5,
                "cv": "5-fold StratifiedGroupKFold by document (seed 0)", "f1": f1, "note": note}  # fmt: skip

    wide = "only 8 reference sentence(s) with the frame: intervals are wide"
    validation = pd.DataFrame(
        [
            row("harvest", "dictionary", 0.30, 120),
            row("harvest", "classifier", 0.61, 120),
            row("markets", "dictionary", 0.70, 90),
            row("markets", "classifier", 0.55, 90),
            row("weather", "dictionary", 0.40, 8, wide),
            row("weather", "classifier", np.nan, 8, "fewer than 20 positives: no model"),
        ]
    )
    text = classifier_overview(validation)
    assert "higher than the dictionary's on 1 frame (harvest)" in text
    assert "lower on 1 frame (markets)" in text
    assert "No model for weather" in text
    assert "For 1 frame fewer than 10 coded sentences" in text
    assert not any(word in text for word in STUDY_WORDS)


def test_the_topics_reading_states_each_topics_share_of_all_units() -> None:
    shares = as_table(
        "topic_shares",
        pd.DataFrame(
            [
                {
                    "outlet": "Delta Herald",
                    "topic": "topic_1",
                    "label": "river, levee, water",
                    "n_units": 40,
                    "n_dominant": 30,
                    "share": 0.75,
                    "mean_weight": 0.5,
                },
                {
                    "outlet": "all",
                    "topic": "topic_1",
                    "label": "river, levee, water",
                    "n_units": 50,
                    "n_dominant": 35,
                    "share": 0.7,
                    "mean_weight": 0.5,
                },
                {
                    "outlet": "all",
                    "topic": "topic_2",
                    "label": "price, grain, market",
                    "n_units": 50,
                    "n_dominant": 15,
                    "share": 0.3,
                    "mean_weight": 0.3,
                },
            ]
        ),
    )
    text = topics_overview(shares)
    assert text == (
        "2 topics found: topic_1 (river, levee, water: 70% of units) and "
        "topic_2 (price, grain, market: 30% of units)."
    )
    assert "No topics" in topics_overview(shares.iloc[0:0])
