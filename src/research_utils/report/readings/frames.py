"""Readings about frames: the profile of each outlet, which coding it rests on, its validation."""

from __future__ import annotations

import pandas as pd

from .format import count, fraction, join, listed, top_with_ties


def coding_used(shares: pd.DataFrame) -> str:
    """Which coding the frame counts come from (the study file's ``findings: frame_coding``)."""
    codings = shares.groupby("outlet", sort=False)["coding"].first()
    if codings.eq("reference").all():
        return (
            "The counts below are the **reference (manual) coding**, which covers every sentence; the "
            "dictionary's own coding is validated against it further down."
        )
    if codings.eq("dictionary").all():
        return (
            "The counts below are the **dictionary coding**: each sentence carries the frames whose "
            "indicators it contains (see the validation section for how far that can be trusted)."
        )
    parts = [f"{outlet}: {coding}" for outlet, coding in codings.items()]
    return "The counts below mix codings, outlet by outlet: " + "; ".join(parts) + "."


def frame_profile(shares: pd.DataFrame) -> str:
    """Each outlet's leading frame(s), ties included, and the frame whose share differs most."""
    if shares.empty:
        return "No frame was coded: the codebook's indicators occur nowhere in the corpus."
    parts = []
    for outlet, group in shares.groupby("outlet", sort=False):
        counts = group.set_index("label")["n_sentences"]
        total = int(group["n_total"].iloc[0])
        if counts.max() == 0:
            parts.append(f"{outlet}: no sentence carries a frame")
            continue
        leaders = top_with_ties(counts)
        verb = "carries" if len(leaders) == 1 else "each carry"
        parts.append(
            f"in {outlet}, {join(leaders)} {verb} the most sentences, {fraction(int(counts.max()), total)}"
        )
    text = "Leading frames: " + "; ".join(parts) + "."
    spread = shares.groupby("label", sort=False)["share"].agg(lambda s: s.max() - s.min())
    if shares["outlet"].nunique() > 1 and spread.max() > 0:
        label = top_with_ties(spread)[0]
        rows = shares[shares["label"] == label].sort_values("share", ascending=False, kind="stable")
        high, low = rows.iloc[0], rows.iloc[-1]
        text += (
            f" The frame whose share differs most between outlets is {label}: "
            f"{fraction(int(high.n_sentences), int(high.n_total), 'sentences')} in {high.outlet} against "
            f"{fraction(int(low.n_sentences), int(low.n_total))} in {low.outlet}."
        )
    return text + " " + small_counts(shares)


def small_counts(shares: pd.DataFrame) -> str:
    """What one sentence weighs in the smallest outlet."""
    smallest = shares.groupby("outlet")["n_total"].first().sort_values(kind="stable")
    n = int(smallest.iloc[0])
    if n >= 200:
        return ""
    return (
        f"With {count(n, 'sentence')} in the smallest outlet ({smallest.index[0]}), one sentence moves its "
        f"share by {100 / n:.0f} percentage points: read the counts, not the percentages."
    )


def validation_overview(coverage: pd.DataFrame, validation: pd.DataFrame) -> str:
    """What the reference coding covers and how well the dictionary agrees with it."""
    overall = coverage[coverage["outlet"] == "all"].iloc[0]
    if int(overall["n_coded"]) == 0:
        return (
            "**This study has no reference (manual) coding of its sentences**, so the dictionary's frames "
            "have not been checked against a human reading, and no validation figure is drawn. Code a sample "
            'of sentences (README, "Human coding") and name the file in the study file under '
            "`annotations: frames` to validate the dictionary."
        )
    per_outlet = [
        f"{r['outlet']} {fraction(int(r['n_coded']), int(r['n_sentences']))}"
        for r in coverage[coverage["outlet"] != "all"].to_dict("records")
    ]
    covered = fraction(int(overall.n_coded), int(overall.n_sentences), "sentences")
    text = f"The reference coding covers {covered}: {listed(per_outlet)}."
    pooled = validation[validation["frame"] == "all (micro)"]
    if not pooled.empty:
        row = pooled.iloc[0]
        text += (
            f" Pooled over the frames, the dictionary finds {fraction(int(row.tp), int(row.support))} of the "
            f"frame codings the reference gives (recall {row.recall:.2f}), and "
            f"{fraction(int(row.tp), int(row.predicted))} of its own codings agree with it "
            f"(precision {row.precision:.2f}; F1 {row.f1:.2f})."
        )
        frames = (
            validation[validation["frame"] != "all (micro)"].dropna(subset=["f1"]).set_index("frame")["f1"]
        )
        if len(frames):
            weakest = top_with_ties(-frames)
            text += f" The weakest frame is {join(weakest)} (F1 {frames.min():.2f})."
        text += (
            f" These scores describe agreement on the {count(int(overall.n_coded), 'coded sentence')} "
            "of this corpus, not the dictionary's accuracy elsewhere."
        )
    return text
