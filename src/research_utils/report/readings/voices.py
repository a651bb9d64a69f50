"""Readings about actors, voices and tone: who is named, who speaks, what VADER scores."""

from __future__ import annotations

import pandas as pd

from ...analyse.actors import GOVERNMENT_TYPES
from ...config import VADER_NEUTRAL_BAND
from .format import count, fraction, join, listed, top_with_ties


def coverage_warnings(coverage: pd.DataFrame) -> str:
    """Every warning of the coverage table, as a visible list (or a line saying there is none)."""
    warnings = coverage[coverage["level"] == "warning"]
    if warnings.empty:
        return "**Coverage:** no warning; the instruments resolve most speakers, frames and names here."
    notes = list(dict.fromkeys(warnings["note"].astype(str)))
    shown = notes[:12]
    more = f"\n> - … and {len(notes) - 12} more (the `coverage` table lists all)" if len(notes) > 12 else ""
    lines = "\n".join(f"> - {note}" for note in shown)
    return (
        f"> **⚠ What the instruments miss in this corpus** ({count(len(notes), 'warning')}):\n{lines}{more}"
    )


def actors_overview(mentions: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Each outlet's most mentioned actor(s), ties included, and how many actors it names."""
    if mentions.empty:
        return "No actor of the actor table is mentioned in this corpus (see the coverage warnings)."
    parts = []
    for outlet in sorted(documents["outlet"].unique()):
        sub = mentions[mentions["outlet"] == outlet]
        if sub.empty:
            parts.append(f"{outlet} mentions no actor of the table")
            continue
        counts = sub.groupby("actor").size()
        top = top_with_ties(counts)
        each = f"{int(counts.max())} mentions{' each' if len(top) > 1 else ''}"
        verb = "is" if len(top) == 1 else "tie as"
        n_actors = count(len(counts), "actor")
        parts.append(f"in {outlet} {join(top)} {verb} the most mentioned ({each}; {n_actors} in all)")
    return "Actors: " + "; ".join(parts) + "."


def group_overview(named: pd.DataFrame, group: str) -> str:
    """Which members of an actor-table group each outlet names."""
    if named.empty:
        return f"The actor table has no group {group!r}."
    members = list(dict.fromkeys(named["actor"].astype(str)))
    parts = []
    for outlet, sub in named.groupby("outlet", sort=False):
        named_here = sub[sub["named"].astype(bool)]["actor"].astype(str).tolist()
        missing = [m for m in members if m not in named_here]
        if not missing:
            parts.append(f"{outlet} names all {len(members)}")
        elif not named_here:
            parts.append(f"{outlet} names none")
        else:
            parts.append(f"{outlet} names {len(named_here)} (not {listed(missing, conjunction='or')})")
    return (
        f"Of the {count(len(members), 'actor')} the actor table lists in the group *{group}*: "
        + "; ".join(parts)
        + "."
    )


def voices_overview(quotes: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Per outlet: attributed words, the speaker given most, and the share given to government."""
    attributed = quotes[quotes["kind"].isin(["direct", "paraphrase"])]
    parts = []
    for outlet in sorted(documents["outlet"].unique()):
        sub = attributed[attributed["outlet"] == outlet]
        total = int(sub["n_words"].sum())
        if total == 0:
            parts.append(f"{outlet} attributes no words to a source")
            continue
        words = sub.groupby(sub["speaker"].fillna("").replace("", "(unresolved)"))["n_words"].sum()
        top = top_with_ties(words)
        government = int(sub.loc[sub["speaker_type"].isin(GOVERNMENT_TYPES), "n_words"].sum())
        gets = "gets" if len(top) == 1 else "each get"
        parts.append(
            f"{outlet} attributes {total:,} words; {join(top)} {gets} the most ({int(words.max())}), "
            f"and government sources get {fraction(government, total)}"
        )
    return "Voices: " + "; ".join(parts) + "."


def tone_overview(summary: pd.DataFrame, ranked: pd.DataFrame) -> str:
    """Mean tone per outlet and the words that drive its most extreme sentences."""
    parts = [
        f"{r['outlet']} mean {r['mean']:+.2f} over {count(int(r['n_sentences']), 'sentence')} "
        f"({int(r['n_negative'])} negative, {int(r['n_positive'])} positive)"
        for r in summary.to_dict("records")
    ]
    text = (
        f"VADER compound scores (neutral between −{VADER_NEUTRAL_BAND} and +{VADER_NEUTRAL_BAND}): "
        + "; ".join(parts)
        + "."
    )
    for outlet, sub in ranked.groupby("outlet", sort=False):
        for end in ("most positive", "most negative"):
            row = sub[sub["end"] == end].head(1)
            if row.empty or not str(row["valence_words"].iloc[0]):
                continue
            words = [w.rsplit(" ", 1)[0] for w in str(row["valence_words"].iloc[0]).split("; ")]
            text += (
                f" In {outlet}, the {end} sentence ({float(row['compound'].iloc[0]):+.2f}) gets its score "
                f"from {join(f'*{w}*' for w in words)}."
            )
    return text + " Read these as the valence of the words an article reports, not as the outlet's stance."


def attribution_validation(mentions: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """How the actor and quote rules score against the study's hand lists, if it has them."""
    if mentions.empty and quotes.empty:
        return (
            "This study has no hand lists of actor mentions and quotes, so the actor and quote rules have "
            "not been checked on its texts; the coverage warnings above are the only check."
        )
    parts = []
    for name, table, measures in (
        ("actor mentions", mentions, ("actor",)),
        ("quotes", quotes, ("kind", "speaker", "words, same speaker")),
    ):
        rows = table[(table["outlet"] == "all") & table["measure"].isin(measures)]
        for row in rows.to_dict("records"):
            parts.append(
                f"{name} ({row['measure']}): precision {row['precision']:.2f}, recall {row['recall']:.2f} "
                f"({int(row['tp'])} of {int(row['n_gold'])} in the hand list found)"
            )
    return (
        "Against the study's hand lists — "
        + "; ".join(parts)
        + ". The hand lists were made on the same texts the rules were written for, so these are in-sample "
        "scores: an upper bound for another corpus."
    )
