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
from ..tables import as_table
from .actors import GOVERNMENT_TYPES

#: The tables :func:`compare_outlets` reads.
COMPARISON_TABLES = (
    "documents",
    "sentence_frames",
    "frame_shares",
    "keyness",
    "actor_mentions",
    "quotes",
    "tone",
)

#: (measure, what it measures) in display order; one row per actor-table group is added
#: after "first actor named".
MEASURES: tuple[tuple[str, str], ...] = (
    ("articles", "documents in the corpus"),
    ("sentences", "sentences (Punkt)"),
    ("word tokens", "tokens that are not punctuation"),
    ("most common frame", "frame carried by the most sentences (sentences with it / all), ties all named"),
    ("opening frame", "frame(s) of the first sentence that carries any frame (the coding the findings use)"),
    ("closing frame", "frame(s) of the last sentence that carries any frame"),
    (
        "most distinctive terms",
        "the 3 terms with the highest positive G² (ties all named; boilerplate left out)",
    ),
    (
        "first actor named",
        "actor of the first actor mention of each article (the most common, ties all named)",
    ),
    ("quotes: direct / paraphrase / scare", "count of each kind of quotation"),
    ("most-heard source", "speaker given the most words (direct and paraphrased), ties all named"),
    (
        "words given to government sources",
        "attributed words whose speaker is a government body, official or document / all attributed words",
    ),
    ("evaluative reporting verbs", "attributions whose verb is evaluative / all attributions"),
    ("mean tone (VADER)", "mean compound score of the sentences, -1 to 1"),
    ("negative sentences", f"sentences with compound <= -{VADER_NEUTRAL_BAND} / all sentences"),
)


def _ties(values: pd.Series, *, n: int = 1, fmt: str = "{} ({})") -> str:
    """The ``n`` largest values' labels, all tied with the ``n``-th included, with their values."""
    if values.empty:
        return "—"
    ordered = values.sort_values(ascending=False, kind="stable")
    cut = ordered.iloc[min(n, len(ordered)) - 1]
    return ", ".join(fmt.format(k, v) for k, v in ordered[ordered >= cut].items())


def _most_common(values: list[str]) -> str:
    """The most common value, every tied one named (joined by ' = '); '—' when empty."""
    if not values:
        return "—"
    counts = Counter(values)
    top = max(counts.values())
    return " = ".join(v for v, c in counts.items() if c == top)


def _edge_frames(frames: pd.DataFrame, labels: dict[str, str], *, last: bool) -> list[str]:
    """Per document (sorted by ``doc_id``), the frames of its first (or last) frame-bearing
    sentence, in table order, joined by `` + ``."""
    if frames.empty:
        return []
    edge = frames.groupby("doc_id", sort=True)["sent_id"].transform("max" if last else "min")
    rows = frames[frames["sent_id"] == edge]
    names = rows["frame"].astype(str).map(lambda f: labels.get(f, f))
    return rows.assign(_name=names).groupby("doc_id", sort=True)["_name"].agg(" + ".join).tolist()


def compare_outlets(tables: Mapping[str, pd.DataFrame], actors: pd.DataFrame) -> pd.DataFrame:
    """The ``comparison`` table: one row per measure and outlet (``measure``, ``description``,
    ``outlet``, ``value``), every value computed from ``tables`` (those of
    :data:`COMPARISON_TABLES`, by name) and the actor table, whose groups each get a row."""
    documents = tables["documents"]
    groups = [g for g in dict.fromkeys(actors["group"].dropna().astype(str)) if g]
    rows = []
    for outlet in sorted(documents["outlet"].unique()):
        values = _outlet_values(tables, outlet)
        measures = list(MEASURES)
        at = [m for m, _ in measures].index("first actor named") + 1
        mentioned = set(_of(tables["actor_mentions"], outlet)["actor"])
        for group in reversed(groups):
            members = list(dict.fromkeys(actors.loc[actors["group"] == group, "actor"]))
            named = [a for a in members if a in mentioned]
            text = f"{len(named)} of {len(members)}" + (": " + ", ".join(named) if named else "")
            measures.insert(
                at,
                (f"group '{group}' named", f"actors of the actor table's group {group!r} the outlet names"),
            )
            values.insert(at, text)
        rows += [(m, d, outlet, v) for (m, d), v in zip(measures, values, strict=True)]
    table = pd.DataFrame(rows, columns=["measure", "description", "outlet", "value"])
    order = {m: i for i, m in enumerate(dict.fromkeys(table["measure"]))}
    table = table.assign(_o=table["measure"].map(order)).sort_values(["_o", "outlet"], kind="stable")
    return as_table("comparison", table.drop(columns="_o"))


def _of(table: pd.DataFrame, outlet: str) -> pd.DataFrame:
    """The rows of ``table`` about ``outlet``."""
    return table[table["outlet"].astype(str) == outlet]


def _outlet_values(tables: Mapping[str, pd.DataFrame], outlet: str) -> list[str]:
    """The values of :data:`MEASURES` for one outlet, in order."""
    docs = _of(tables["documents"], outlet)
    share = _of(tables["frame_shares"], outlet)
    labels = dict(zip(share["frame"], share["label"], strict=False))
    frames = _of(tables["sentence_frames"], outlet)
    key = _of(tables["keyness"], outlet)
    key = key[key["g2"] > 0]
    if "boilerplate" in key.columns:
        key = key[~key["boilerplate"].astype(bool)]
    mentions = _of(tables["actor_mentions"], outlet).sort_values(["doc_id", "start"], kind="stable")
    quotes = _of(tables["quotes"], outlet)
    attributed = quotes[quotes["kind"].isin(["direct", "paraphrase"])]
    words = attributed.groupby(attributed["speaker"].fillna("").replace("", "(unresolved)"))["n_words"].sum()
    government = int(attributed.loc[attributed["speaker_type"].isin(GOVERNMENT_TYPES), "n_words"].sum())
    tone = _of(tables["tone"], outlet)
    kinds = quotes["kind"].value_counts()
    top_share = share.set_index("label")["n_sentences"]
    total = int(share["n_total"].iloc[0]) if len(share) else 0
    return [
        f"{len(docs)}",
        f"{int(docs['n_sentences'].sum())}",
        f"{int(docs['n_word_tokens'].sum())}",
        _ties(top_share, fmt="{} ({}/" + str(total) + ")") if top_share.max() > 0 else "—",
        _most_common(_edge_frames(frames, labels, last=False)),
        _most_common(_edge_frames(frames, labels, last=True)),
        _ties(key.set_index("term")["g2"].round(2), n=3, fmt="{} (G² {})"),
        _most_common(mentions.groupby("doc_id")["actor"].first().tolist()),
        " / ".join(str(int(kinds.get(k, 0))) for k in ("direct", "paraphrase", "scare")),
        _ties(words, fmt="{} ({} words)"),
        f"{government}/{int(attributed['n_words'].sum())} words" if len(attributed) else "—",
        f"{int((attributed['stance'] == 'evaluative').sum())}/{len(attributed)}" if len(attributed) else "—",
        f"{tone['compound'].mean():+.2f}" if len(tone) else "—",
        f"{int((tone['compound'] <= -VADER_NEUTRAL_BAND).sum())}/{len(tone)}" if len(tone) else "—",
    ]


def pivot_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """The comparison table as a reader reads it: one row per measure (with what it measures),
    one column per outlet."""
    wide = comparison.pivot(index=["measure", "description"], columns="outlet", values="value")
    order = list(dict.fromkeys(comparison["measure"]))
    wide = wide.reset_index()
    wide = wide.assign(_o=wide["measure"].map({m: i for i, m in enumerate(order)})).sort_values("_o")
    wide = wide.drop(columns="_o").rename(columns={"description": "what it measures"}).set_index("measure")
    wide.columns.name = None
    return wide
