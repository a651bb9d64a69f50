"""Outlets side by side: one row per measure, one column per outlet, every cell computed.

Takes the tables of the prepare and analyse stages (documents, frames, frame_shares,
keyness, actor_mentions, quotes, tone) and the actor table; gives the summary of how each
outlet covered the story, with a column saying what each measure is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from ..config import VADER_NEUTRAL_BAND

#: The tables :func:`compare_outlets` reads.
COMPARISON_TABLES = ("documents", "frames", "frame_shares", "keyness", "actor_mentions", "quotes", "tone")

#: (measure, what it measures) in display order.
MEASURES: tuple[tuple[str, str], ...] = (
    ("articles", "documents in the corpus"),
    ("sentences", "sentences (Punkt)"),
    ("word tokens", "tokens that are not punctuation"),
    ("most common frame", "frame carried by the most sentences (sentences with it / all)"),
    ("opening frame", "frame(s) of the first sentence that carries any frame"),
    ("closing frame", "frame(s) of the last sentence that carries any frame"),
    ("most distinctive terms", "top 3 terms relatively more frequent than in the other outlets, by G²"),
    ("first actor named", "actor of the first actor mention"),
    ("summoned firms named", "firms of the summons the outlet names (of those in the actor table)"),
    ("quotes: direct / paraphrase / scare", "count of each kind of quotation"),
    ("most-heard source", "speaker given the most words (direct and paraphrased)"),
    ("words given to government sources", "share of attributed words whose speaker is a government body"),
    ("evaluative reporting verbs", "attributions whose verb is evaluative / all attributions"),
    ("mean tone (VADER)", "mean compound score of the sentences, -1 to 1"),
    ("negative sentences", f"sentences with compound <= -{VADER_NEUTRAL_BAND} / all sentences"),
)


def _most_common(values: list[str]) -> str:
    """The most common value (ties: alphabetical, joined by ' = '); '—' when empty."""
    if not values:
        return "—"
    counts = Counter(values)
    top = max(counts.values())
    return " = ".join(sorted(v for v, c in counts.items() if c == top))


def _edge_frames(frames: pd.DataFrame, labels: dict[str, str], last: bool) -> list[str]:
    """Per document, the frames of its first (or last) frame-bearing sentence."""
    out = []
    for _, doc in frames.groupby("doc_id", sort=True):
        edge = doc["sent_id"].max() if last else doc["sent_id"].min()
        names = sorted(labels.get(f, f) for f in doc.loc[doc["sent_id"] == edge, "frame"])
        out.append(" + ".join(names))
    return out


def compare_outlets(tables: Mapping[str, pd.DataFrame], actors: pd.DataFrame) -> pd.DataFrame:
    """The side-by-side summary: columns ``measure``, ``what it measures``, one per outlet.

    ``tables`` holds the tables of :data:`COMPARISON_TABLES` by name; ``actors`` is the
    actor table (its ``summoned`` group is counted).
    """
    documents, frames, shares = tables["documents"], tables["frames"], tables["frame_shares"]
    keyness, mentions = tables["keyness"], tables["actor_mentions"]
    quotes, tone = tables["quotes"], tables["tone"]
    labels = dict(zip(shares["frame"], shares["label"], strict=False))
    summoned = actors.query("group == 'summoned'")["actor"].unique().tolist()
    attributed = quotes[quotes["kind"].isin(["direct", "paraphrase"])]
    columns: dict[str, list[str]] = {}
    for outlet in sorted(documents["outlet"].unique()):
        docs = documents[documents["outlet"] == outlet]
        share = shares[shares["outlet"] == outlet]
        top_share = share[share["n_sentences"] == share["n_sentences"].max()]
        fr = frames[frames["outlet"] == outlet]
        key = keyness[(keyness["outlet"] == outlet) & (keyness["log_ratio"] > 0)]
        key = key.sort_values(["g2", "term"], ascending=[False, True], kind="stable").head(3)
        men = mentions[mentions["outlet"] == outlet].sort_values(["doc_id", "start"], kind="stable")
        named = [a for a in summoned if a in set(men["actor"])]
        q = quotes[quotes["outlet"] == outlet]
        att = attributed[attributed["outlet"] == outlet]
        words = att.groupby("speaker")["n_words"].sum().sort_index()
        gov_words = att.loc[att["speaker_type"] == "government body", "n_words"].sum()
        ton = tone[tone["outlet"] == outlet]
        kinds = q["kind"].value_counts()
        columns[outlet] = [
            f"{len(docs)}",
            f"{docs['n_sentences'].sum()}",
            f"{docs['n_word_tokens'].sum()}",
            " = ".join(
                f"{lab} ({n}/{t})"
                for lab, n, t in top_share[["label", "n_sentences", "n_total"]].itertuples(index=False)
            )
            if top_share["n_sentences"].max() > 0
            else "—",
            _most_common(_edge_frames(fr, labels, last=False)),
            _most_common(_edge_frames(fr, labels, last=True)),
            ", ".join(f"{t} ({g:.2f})" for t, g in zip(key["term"], key["g2"], strict=True)) or "—",
            _most_common(men.groupby("doc_id")["actor"].first().tolist()),
            f"{len(named)} of {len(summoned)}: " + ", ".join(named) if named else f"0 of {len(summoned)}",
            " / ".join(str(int(kinds.get(k, 0))) for k in ("direct", "paraphrase", "scare")),
            f"{words.idxmax()} ({int(words.max())} words)" if len(words) else "—",
            f"{gov_words}/{int(att['n_words'].sum())} words" if len(att) else "—",
            f"{int((att['stance'] == 'evaluative').sum())}/{len(att)}" if len(att) else "—",
            f"{ton['compound'].mean():+.2f}" if len(ton) else "—",
            f"{int((ton['compound'] <= -VADER_NEUTRAL_BAND).sum())}/{len(ton)}" if len(ton) else "—",
        ]
    table = pd.DataFrame(
        {"measure": [m for m, _ in MEASURES], "what it measures": [d for _, d in MEASURES], **columns}
    )
    return table
