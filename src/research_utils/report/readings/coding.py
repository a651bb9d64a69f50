"""Readings of human coding and of automated coding checked against it: coder agreement
(``reliability``), the classifier beside the dictionary (``classifier_validation``) and
discovered topics (``topics``, ``topic_shares``)."""

from __future__ import annotations

import pandas as pd

from ...analyse.reliability import FEW_UNITS, RELIABLE, TENTATIVE
from .format import count, join, listed


def reliability_overview(reliability: pd.DataFrame) -> str:
    """Who coded how many units, and what each frame's α allows (its verdict, interval included)."""
    if reliability.empty:
        return (
            "**No returned coding sheets**, so coder agreement has not been measured. Make sheets with "
            "`research-utils coding-sheet`, have two or more people code them, put the returned files in "
            "the study's `coding/returned/` folder and run `research-utils reliability`."
        )
    coders = sorted({c for cell in reliability["coders"].dropna().astype(str) for c in cell.split(";") if c})
    units = int(reliability["n_units"].max())
    text = f"{count(len(coders), 'coder')} ({join(coders)}) coded {count(units, 'sentence')} in common."
    groups: dict[str, list[str]] = {}
    for row in reliability.to_dict("records"):
        alpha, low, high = float(row["alpha"]), float(row["alpha_low"]), float(row["alpha_high"])
        named = f"{row['frame']} (α {alpha:.2f} [{low:.2f}, {high:.2f}])"
        if pd.isna(alpha):
            key, named = "undefined", str(row["frame"])
        elif low >= RELIABLE:
            key = "reliable"
        elif low >= TENTATIVE:
            key = "tentative"
        elif alpha >= TENTATIVE:
            key = "unsure"
        else:
            key = "none"
        groups.setdefault(key, []).append(named)
    for key, what in (
        ("reliable", f"Reliable, the whole interval above {RELIABLE:g}"),
        ("tentative", f"Good for tentative conclusions only, the interval above {TENTATIVE:g}"),
        (
            "unsure",
            f"Above a threshold on the estimate, but the interval reaches below {TENTATIVE:g}, "
            "so not established",
        ),
        ("none", f"Below {TENTATIVE:g}, no conclusions"),
        ("undefined", "α undefined (the codes do not vary)"),
    ):
        if key in groups:
            text += f" {what}: {listed(groups[key])}."
    if (reliability["n_units"] < FEW_UNITS).any():
        text += (
            f" With fewer than {FEW_UNITS} units the intervals are wide (Krippendorff 2004, p. 242, asks "
            "that the interval, not only the estimate, clear the threshold)."
        )
    return text


def classifier_overview(validation: pd.DataFrame) -> str:
    """The classifier's cross-validated F1 against the dictionary's on the same sentences,
    frame by frame, and the frames it has no model for (too few coded examples)."""
    if validation.empty:
        return (
            "**No classifier was trained**: the study file does not ask for one (`classifier: {use: true}`), "
            "or names no reference coding to train it on."
        )
    wide = validation.pivot(index="frame", columns="method", values="f1").reindex(
        list(dict.fromkeys(validation["frame"]))
    )
    untrained = wide.index[wide["classifier"].isna()].tolist()
    scored = wide.dropna(subset=["classifier", "dictionary"])
    better = scored.index[scored["classifier"] > scored["dictionary"]].tolist()
    worse = scored.index[scored["classifier"] < scored["dictionary"]].tolist()
    tied = scored.index[scored["classifier"] == scored["dictionary"]].tolist()
    cv = validation["cv"].dropna().astype(str)
    splits = sorted(set(cv))
    text = f"Cross-validated on the reference coding ({'; '.join(splits)}), the classifier's F1 is"

    def named(frames: list[str]) -> str:
        return count(len(frames), "frame") + (f" ({join(frames)})" if frames else "")

    parts = [f"higher than the dictionary's on {named(better)}", f"lower on {named(worse)}"]
    if tied:
        parts.append(f"equal on {named(tied)}")
    text += " " + join(parts) + "."
    if untrained:
        text += f" No model for {join(untrained)}: too few coded sentences carry the frame."
    few = validation.loc[validation["note"].fillna("").str.contains("intervals are wide"), "frame"].unique()
    if len(few):
        text += (
            f" For {count(len(few), 'frame')} fewer than 10 coded sentences carry the frame, so the "
            "intervals overlap widely and no difference between the two methods is established."
        )
    return text


def topics_overview(shares: pd.DataFrame) -> str:
    """How many topics were found and, for each, the share of all units it is strongest in."""
    if shares.empty:
        return (
            "**No topics have been discovered for this study.** Run `research-utils discover --k K` "
            "(K topics) and read `suggestions/topic_sentences.csv` before naming any of them."
        )
    pooled = shares[shares["outlet"].astype(str) == "all"]
    parts = [f"{r.topic} ({r.label}: {r.share:.0%} of units)" for r in pooled.itertuples()]
    return f"{count(len(pooled), 'topic')} found: {listed(parts)}."
