"""Outlets side by side: one row per measure, one column per outlet, every cell computed.

Takes the tables of the prepare and analyse stages (documents, frames, frame_shares,
keyness, actor_mentions, quotes, tone) and the actor table; gives the summary of how each
outlet covered the story, with a column saying what each measure is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..config import VADER_NEUTRAL_BAND
from ..tables import as_table
from .actors import GOVERNMENT_TYPES

T = TypeVar("T")
#: No rows.
_NONE = np.array([], dtype=np.intp)

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


def _ties(
    labels: Sequence[object] | np.ndarray, values: np.ndarray, *, n: int = 1, fmt: str = "{} ({})"
) -> str:
    """The ``n`` largest ``values``' labels (all tied with the ``n``-th included, ties in
    order), with their values; ``values`` hold no NaN."""
    if not len(values):
        return "—"
    k = min(n, len(values))
    cut = np.partition(values, len(values) - k)[len(values) - k]  # the k-th largest
    chosen = np.flatnonzero(values >= cut)
    chosen = chosen[np.argsort(-values[chosen], kind="stable")]
    return ", ".join(
        fmt.format(labels[i], v) for i, v in zip(chosen.tolist(), values[chosen].tolist(), strict=True)
    )


def _most_common(values: Sequence[Any]) -> str:
    """The most common value, every tied one named (joined by ' = '); '—' when empty."""
    if not values:
        return "—"
    counts = Counter(values)
    top = max(counts.values())
    return " = ".join(v for v, c in counts.items() if c == top)


def _rows_by_outlet(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per outlet (as text): the positions of its rows in ``table``, in table order."""
    codes, outlets = pd.factorize(table["outlet"].astype(str))  # missing outlets: -1
    order = np.argsort(codes, kind="stable")
    parts = np.split(order, np.searchsorted(codes[order], np.arange(len(outlets))))
    return dict(zip(outlets, parts[1:], strict=True))


def _edge_frames(
    frames: pd.DataFrame, labels: Mapping[tuple[str, str], str], *, last: bool
) -> dict[str, list[str]]:
    """Per outlet, per document (sorted by ``doc_id``): the frames (their ``labels`` by
    outlet and frame) of its first (or last) frame-bearing sentence, in table order, joined
    by `` + ``."""
    edge: dict[tuple[str, str], tuple[int, list[str]]] = {}
    columns = (frames[c].tolist() for c in ("outlet", "doc_id", "sent_id", "frame"))
    for o, d, sent, frame in zip(*columns, strict=True):
        if not (isinstance(o, str) and isinstance(d, str)):  # a missing outlet or document id
            continue
        key, name = (o, d), str(frame)
        name = labels.get((o, name), name)
        seen = edge.get(key)
        if seen is None or (sent > seen[0] if last else sent < seen[0]):
            edge[key] = (sent, [name])
        elif sent == seen[0]:
            seen[1].append(name)
    return _by_outlet({k: " + ".join(names) for k, (_, names) in edge.items()})


def _first_actors(mentions: pd.DataFrame) -> dict[str, list[object]]:
    """Per outlet, per document (sorted by ``doc_id``): the actor of its first actor mention
    (by ``start``, then table order); NA for a document whose mentions name no actor."""
    first: dict[tuple[str, str], tuple[int, str] | None] = {}
    columns = (mentions[c].tolist() for c in ("outlet", "doc_id", "start", "actor"))
    for o, d, start, actor in zip(*columns, strict=True):
        if not (isinstance(o, str) and isinstance(d, str)):
            continue
        key = (o, d)
        seen = first.get(key)
        if isinstance(actor, str) and (seen is None or start < seen[0]):
            first[key] = (start, actor)
        elif key not in first:
            first[key] = None
    return _by_outlet({k: pd.NA if v is None else v[1] for k, v in first.items()})


def _by_outlet(values: Mapping[tuple[str, str], T]) -> dict[str, list[T]]:
    """``values`` per (outlet, document) as lists per outlet, in the order of ``doc_id``."""
    out: dict[str, list[T]] = {}
    for (o, _), value in sorted(values.items(), key=lambda item: item[0]):
        out.setdefault(o, []).append(value)
    return out


def compare_outlets(tables: Mapping[str, pd.DataFrame], actors: pd.DataFrame) -> pd.DataFrame:
    """The ``comparison`` table: one row per measure and outlet (``measure``, ``description``,
    ``outlet``, ``value``), every value computed from ``tables`` (those of
    :data:`COMPARISON_TABLES`, by name) and the actor table, whose groups each get a row."""
    outlets = sorted(tables["documents"]["outlet"].unique())
    values = _measure_values(tables, outlets)
    measures = list(MEASURES)
    at = [m for m, _ in measures].index("first actor named") + 1
    mentions = _rows_by_outlet(tables["actor_mentions"])
    mentioned = tables["actor_mentions"]["actor"].to_numpy(dtype=object)
    named_by = {o: set(mentioned[mentions.get(o, _NONE)].tolist()) for o in outlets}
    groups = [g for g in dict.fromkeys(actors["group"].dropna().astype(str)) if g]
    for group in reversed(groups):
        members = list(dict.fromkeys(actors.loc[actors["group"] == group, "actor"]))
        texts = []
        for outlet in outlets:
            named = [a for a in members if a in named_by[outlet]]
            texts.append(f"{len(named)} of {len(members)}" + (": " + ", ".join(named) if named else ""))
        measures.insert(
            at, (f"group '{group}' named", f"actors of the actor table's group {group!r} the outlet names")
        )
        values.insert(at, texts)
    rows = [
        (m, d, outlet, v)
        for (m, d), per_outlet in zip(measures, values, strict=True)
        for outlet, v in zip(outlets, per_outlet, strict=True)
    ]
    return as_table("comparison", pd.DataFrame(rows, columns=["measure", "description", "outlet", "value"]))


def _measure_values(tables: Mapping[str, pd.DataFrame], outlets: list[str]) -> list[list[str]]:
    """The values of :data:`MEASURES`, in order, each a list with one value per outlet."""
    docs, share, quotes, tone = (tables[t] for t in ("documents", "frame_shares", "quotes", "tone"))
    keyness = tables["keyness"]
    keep = (keyness["g2"] > 0).to_numpy(dtype=bool)
    if "boilerplate" in keyness.columns:
        keep = keep & ~keyness["boilerplate"].astype(bool).to_numpy()
    key = keyness[keep]
    labels = dict(
        zip(zip(share["outlet"].astype(str), share["frame"], strict=True), share["label"], strict=True)
    )
    opening = _edge_frames(tables["sentence_frames"], labels, last=False)
    closing = _edge_frames(tables["sentence_frames"], labels, last=True)
    first_actor = _first_actors(tables["actor_mentions"])
    where = {name: _rows_by_outlet(t) for name, t in (("docs", docs), ("share", share), ("key", key))}
    where |= {"quotes": _rows_by_outlet(quotes), "tone": _rows_by_outlet(tone)}
    column = _measure_columns(docs, share, key, quotes, tone)
    values: list[list[str]] = [[] for _ in MEASURES]
    for outlet in outlets:
        d, s, k, q, t = (
            where[name].get(outlet, _NONE) for name in ("docs", "share", "key", "quotes", "tone")
        )
        total = int(column["share_total"][s[0]]) if len(s) else 0
        n = column["share_n"][s]
        a = q[column["attributed"][q]]
        words_of = column["n_words"][a]
        speakers, speaker_of = np.unique(column["speaker"][a], return_inverse=True)
        words = np.zeros(len(speakers), dtype=words_of.dtype)
        np.add.at(words, speaker_of, words_of)
        compound = column["compound"][t]
        outlet_values = [
            f"{len(d)}",
            f"{int(column['n_sentences'][d].sum())}",
            f"{int(column['n_word_tokens'][d].sum())}",
            _ties(column["share_label"][s], n, fmt="{} ({}/" + str(total) + ")")
            if len(n) and n.max() > 0
            else "—",
            _most_common(opening.get(outlet, [])),
            _most_common(closing.get(outlet, [])),
            _ties(column["term"][k], column["g2"][k], n=3, fmt="{} (G² {})"),
            _most_common(first_actor.get(outlet, [])),
            " / ".join(str(int(column[name][q].sum())) for name in ("direct", "paraphrase", "scare")),
            _ties(speakers, words, fmt="{} ({} words)"),
            f"{int(words_of[column['government'][a]].sum())}/{int(words_of.sum())} words" if len(a) else "—",
            f"{int(column['evaluative'][a].sum())}/{len(a)}" if len(a) else "—",
            f"{_mean(compound):+.2f}" if len(t) else "—",
            f"{int((compound <= -VADER_NEUTRAL_BAND).sum())}/{len(t)}" if len(t) else "—",
        ]
        for measure, value in zip(values, outlet_values, strict=True):
            measure.append(value)
    return values


def _measure_columns(
    docs: pd.DataFrame, share: pd.DataFrame, key: pd.DataFrame, quotes: pd.DataFrame, tone: pd.DataFrame
) -> dict[str, np.ndarray]:
    """The columns :func:`_measure_values` reads, as arrays (flags of quotes as booleans)."""
    kind = {
        k: quotes["kind"].eq(k).to_numpy(dtype=bool, na_value=False)
        for k in ("direct", "paraphrase", "scare")
    }
    return kind | {
        "n_sentences": docs["n_sentences"].to_numpy(),
        "n_word_tokens": docs["n_word_tokens"].to_numpy(),
        "share_label": share["label"].to_numpy(dtype=object),
        "share_n": share["n_sentences"].to_numpy(),
        "share_total": share["n_total"].to_numpy(),
        "term": key["term"].to_numpy(dtype=object),
        "g2": key["g2"].to_numpy(dtype=float).round(2),
        "speaker": quotes["speaker"].fillna("").replace("", "(unresolved)").to_numpy(dtype=object),
        "n_words": quotes["n_words"].to_numpy(),
        "compound": tone["compound"].to_numpy(dtype=float),
        "attributed": kind["direct"] | kind["paraphrase"],
        "government": quotes["speaker_type"].isin(GOVERNMENT_TYPES).to_numpy(dtype=bool),
        "evaluative": quotes["stance"].eq("evaluative").to_numpy(dtype=bool, na_value=False),
    }


def _mean(values: np.ndarray) -> float:
    """The mean of ``values`` without NaN, computed as :meth:`pandas.Series.mean` does
    (NaN when there are none)."""
    known = ~np.isnan(values)
    count = int(known.sum())
    return float(np.where(known, values, 0.0).sum() / count) if count else float("nan")


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
