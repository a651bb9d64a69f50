"""Readings about words: frequent terms, what keyness can detect, which terms are key, joins."""

from __future__ import annotations

import pandas as pd

from ...config import G2_CRITICAL, SIGNIFICANCE
from .format import count, join, listed


def top_terms(frequencies: pd.DataFrame, *, n: int = 5) -> str:
    """Each outlet's most frequent terms (ties at the cut included) and those all share."""
    if frequencies.empty:
        return "No terms were counted."
    parts, tops = [], []
    for outlet, group in frequencies.groupby("outlet", sort=False):
        cut = int(group["freq"].nlargest(n).min())
        top = group[group["freq"] >= cut]
        tops.append(set(top["term"]))
        ties = f" ({len(top)} listed: ties at the cut are all shown)" if len(top) > n else ""
        parts.append(
            f"{outlet}: {join(f'*{t}* ({f})' for t, f in zip(top['term'], top['freq'], strict=True))}{ties}"
        )
    text = "Most frequent terms — " + "; ".join(parts) + "."
    shared = set.intersection(*tops) if len(tops) > 1 else set()
    if shared:
        text += f" Every outlet has {join(f'*{t}*' for t in sorted(shared))} among its most frequent terms."
    return text


def detection_limits(minimum: pd.DataFrame) -> str:
    """How often a term must occur in one outlet, and never elsewhere, to reach each G² value."""
    critical = [c for c in minimum.columns if c.startswith("min_freq_g2_")]
    parts = []
    for row in minimum.to_dict("records"):
        needs = [
            f"{row[c]} times for G² ≥ {c.removeprefix('min_freq_g2_')}" for c in critical if pd.notna(row[c])
        ]
        parts.append(f"in {row['outlet']} ({int(row['size_target']):,} word tokens) {', '.join(needs)}")
    shown = parts if len(parts) <= 8 else [*parts[:8], f"and in {len(parts) - 8} more outlets (table above)"]
    return (
        "What the corpus can detect at all — a term used by one outlet and never by the others must occur "
        + "; ".join(shown)
        + ". With more outlets and longer texts, these thresholds fall."
    )


def keyness_overview(keyness: pd.DataFrame) -> str:
    """How many terms are key after adjusting for the number of tests, and which."""
    if keyness.empty:
        return "Keyness compares outlets; this corpus has one outlet, so there is none."
    tested = keyness[keyness["tested"]]
    raw = int((keyness["g2"].abs() >= G2_CRITICAL[SIGNIFICANCE]).sum())
    key = tested[(tested["p_adjusted"] < SIGNIFICANCE) & (tested["g2"] > 0) & ~tested["boilerplate"]]
    text = (
        f"Of {count(len(keyness), 'outlet-and-term row')}, {count(len(tested), 'row')} occur often enough to "
        f"be tested; {count(raw, 'row')} reach G² ≥ {G2_CRITICAL[SIGNIFICANCE]} (p < {SIGNIFICANCE} for one "
        f"test). After adjusting for the {len(tested):,} tests (Benjamini–Hochberg), "
    )
    if key.empty:
        lowest = tested["p_adjusted"].min()
        return text + (
            f"no term is key at p < {SIGNIFICANCE} (the lowest adjusted p is {lowest:.2f}): the differences "
            "below are descriptions of these texts, not evidence about the outlets."
        )
    parts = []
    for outlet, group in key.groupby("outlet", sort=False):
        terms = [
            f"*{t}* ({a}:{b})"
            for t, a, b in zip(group["term"], group["freq_target"], group["freq_reference"], strict=True)
        ]
        parts.append(f"{outlet} {listed(terms, what='more terms')}")
    text += (
        f"{count(len(key), 'term')} are key, used more by: " + "; ".join(parts) + " (counts: outlet:rest)."
    )
    if keyness["boilerplate"].any():
        n = int(keyness["boilerplate"].sum())
        text += (
            f" {count(n, 'row')} look like page boilerplate (in nearly every article of one outlet only) "
            "and are left out."
        )
    return text


def joins_overview(joins: pd.DataFrame, keyness: pd.DataFrame | None = None) -> str:
    """The terms map's joins that changed a word's count: first those of words that reach
    G² ≥ 3.84 in ``keyness``, then the largest."""
    if joins.empty:
        return "The terms map joined no phrase that changes a word's count."
    taken = joins[joins["word"].astype(str) != ""]
    text = ""
    if keyness is not None and not keyness.empty:
        strong = keyness[keyness["g2"].abs() >= G2_CRITICAL[SIGNIFICANCE]]
        hit = taken[taken["word"].isin(set(strong["term"]))]
        if not hit.empty:
            parts = []
            for (word, outlet), group in hit.groupby(["word", "outlet"], sort=False):
                variants = join(f"*{v}*" for v in dict.fromkeys(group["variant"].astype(str)))
                parts.append(f"*{word}* ({variants} took {int(group['n_taken'].sum())} in {outlet})")
            text = (
                f"Of the terms reaching G² ≥ {G2_CRITICAL[SIGNIFICANCE]}, {listed(parts)} owe their "
                "difference partly to phrase joins: without the join the word would be counted there. "
            )
    by_word = (
        taken.groupby(["outlet", "word"], sort=False)["n_taken"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    parts = [f"*{word}* −{n} in {outlet}" for (outlet, word), n in zip(by_word.index, by_word, strict=True)]
    n_terms = joins["term"].nunique()
    return text + (
        f"The terms map joined {count(n_terms, 'phrase')} into single terms, which lowers the counts of "
        f"their words: {listed(parts, what='more')}. The `phrase_joins` table lists every join; a word that "
        "looks "
        "key may be key only because a phrase took its other uses."
    )
