"""Outlet profiles that stay readable at any corpus size (the tables many-outlet figures draw).

- :func:`profile_frames` and :func:`profile_tone`: where in their articles an outlet's
  sentences carry each frame, and how their tone moves, pooled over all of the outlet's
  documents by relative position (tenths of the article by default): a *position
  profile*, the reading-order view of thousands of articles at once.
- :func:`compare_rates_to_others`: each term's rate in each outlet against its rate in all
  other outlets pooled, the many-outlet version of :func:`~.terms.compare_term_rates`.

A sentence's position is ``sent_id / n_sentences``; it falls in bin
``floor(sent_id × bins / n_sentences)``, so a document's sentences spread over the bins in
reading order, and a document of fewer sentences than bins leaves some bins empty.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import ResearchUtilsError
from .terms import compare_term_rates, count_outlet_words, require_columns

#: The ``outlet_y`` of :func:`compare_rates_to_others`: the pooled reference.
OTHERS = "all other outlets"


def _check_bins(bins: int) -> None:
    if bins < 1:
        raise ResearchUtilsError(f"bins={bins}: give at least 1 bin (10: tenths of the article)")


def _sentence_bins(documents: pd.DataFrame, bins: int) -> pd.DataFrame:
    """One row per sentence of every document: ``doc_id``, ``outlet``, ``sent_id``, ``bin``."""
    require_columns(documents, ("doc_id", "outlet", "n_sentences"), "documents")
    n = documents["n_sentences"].to_numpy(dtype="int64")
    rows = np.repeat(np.arange(len(documents)), n)
    sent_id = np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n)
    return pd.DataFrame(
        {
            "doc_id": documents["doc_id"].astype(str).to_numpy()[rows],
            "outlet": documents["outlet"].astype(str).to_numpy()[rows],
            "sent_id": sent_id,
            "bin": np.minimum(sent_id * bins // np.maximum(n[rows], 1), bins - 1),
        }
    )


def _grid(
    outlets: Iterable[str], bins: int, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Every outlet × bin with ``start``, ``end``, ``n_documents`` and ``n_sentences``."""
    names = sorted(set(outlets))
    grid = pd.MultiIndex.from_product([names, range(bins)], names=["outlet", "bin"]).to_frame(index=False)
    grid["start"] = grid["bin"] / bins
    grid["end"] = (grid["bin"] + 1) / bins
    grid["n_documents"] = grid["outlet"].map(documents.groupby("outlet").size()).astype("int64")
    counts = sentences.groupby(["outlet", "bin"]).size().rename("n_sentences")
    grid = grid.join(counts, on=["outlet", "bin"])
    grid["n_sentences"] = grid["n_sentences"].fillna(0).astype("int64")
    return grid


def profile_frames(
    frames: pd.DataFrame, documents: pd.DataFrame, *, frame_ids: Iterable[str], bins: int = 10
) -> pd.DataFrame:
    """Per outlet, frame and position bin: the share of the outlet's sentences in that part
    of their articles that carry the frame, over all of the outlet's documents.

    ``frames`` is the ``frames`` table, ``documents`` the ``documents`` table (every
    outlet with a document is listed), ``frame_ids`` the frames in codebook order. Columns
    ``outlet``, ``frame``, ``bin`` (0 = the first tenth with ``bins=10``), ``start`` and
    ``end`` (the bin's relative positions), ``n_documents`` (the outlet's documents),
    ``n_sentences`` (its sentences in the bin), ``n_carrying`` (of them, those carrying
    the frame) and ``share`` (``n_carrying / n_sentences``; empty where the bin has no
    sentence). Rows by outlet, frame (codebook order), bin.
    """
    _check_bins(bins)
    ids = list(dict.fromkeys(frame_ids))
    sentences = _sentence_bins(documents, bins)
    grid = _grid(documents["outlet"].astype(str), bins, documents, sentences)
    coded = frames[["doc_id", "sent_id", "frame"]].drop_duplicates().astype({"doc_id": str, "frame": str})
    coded = coded.merge(sentences, on=["doc_id", "sent_id"], how="inner")
    carrying = coded.groupby(["outlet", "frame", "bin"]).size().rename("n_carrying")
    table = pd.concat([grid.assign(frame=frame) for frame in ids], ignore_index=True)
    table = table.join(carrying, on=["outlet", "frame", "bin"])
    table["n_carrying"] = table["n_carrying"].fillna(0).astype("int64")
    table["share"] = (table["n_carrying"] / table["n_sentences"].where(table["n_sentences"] > 0)).astype(
        float
    )
    table["frame"] = pd.Categorical(table["frame"], categories=ids, ordered=True)
    table = table.sort_values(["outlet", "frame", "bin"], kind="stable").astype({"frame": str})
    columns = ["outlet", "frame", "bin", "start", "end", "n_documents", "n_sentences", "n_carrying", "share"]
    return table[columns].reset_index(drop=True)


def profile_tone(tone: pd.DataFrame, documents: pd.DataFrame, *, bins: int = 10) -> pd.DataFrame:
    """Per outlet and position bin: the mean VADER compound score of the outlet's sentences
    in that part of their articles, with its quartiles, over all of its documents.

    ``tone`` is the ``tone`` table, ``documents`` the ``documents`` table. Columns
    ``outlet``, ``bin``, ``start``, ``end``, ``n_documents``, ``n_sentences`` (scored
    sentences in the bin), ``mean``, ``q25`` and ``q75`` (empty where the bin has no
    sentence). Rows by outlet, bin.
    """
    _check_bins(bins)
    sentences = _sentence_bins(documents, bins).drop(columns="outlet")
    scored = tone[["doc_id", "outlet", "sent_id", "compound"]].astype({"doc_id": str, "outlet": str})
    scored = scored.merge(sentences, on=["doc_id", "sent_id"], how="inner")
    grid = _grid(documents["outlet"].astype(str), bins, documents, scored)
    stats = scored.groupby(["outlet", "bin"])["compound"].agg(
        mean="mean", q25=lambda s: s.quantile(0.25), q75=lambda s: s.quantile(0.75)
    )
    table = grid.join(stats, on=["outlet", "bin"])
    columns = ["outlet", "bin", "start", "end", "n_documents", "n_sentences", "mean", "q25", "q75"]
    return table[columns].astype({c: float for c in ("mean", "q25", "q75")}).reset_index(drop=True)


def compare_rates_to_others(frequencies: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Each term's rate in each outlet against its rate in all the other outlets pooled.

    ``frequencies`` is the ``term_frequencies`` table, ``documents`` the ``documents``
    table (the outlets' word tokens). The columns of
    :func:`~.terms.compare_term_rates`, one block per outlet: ``outlet_x`` the outlet,
    ``outlet_y`` :data:`OTHERS`, ``per_1k_x`` and ``per_1k_y`` per 1,000 word tokens of
    each (9 decimals), ``freq`` (occurrences in the whole corpus) and ``n_same_rates``
    (the outlet's terms with exactly these two rates). Rows: outlets sorted, then most
    frequent term first, ties alphabetical.
    """
    require_columns(frequencies, ("outlet", "term", "freq"), "term_frequencies")
    words = count_outlet_words(documents)
    counts = frequencies.pivot_table(
        index="term", columns="outlet", values="freq", aggfunc="sum", fill_value=0
    )
    counts = counts.reindex(columns=words.index, fill_value=0).sort_index()
    total, all_words = counts.sum(axis=1), int(words.sum())
    parts = []
    for outlet in words.index:
        others = all_words - int(words[outlet])
        part = pd.DataFrame(
            {
                "term": counts.index.astype(str),
                "outlet_x": str(outlet),
                "outlet_y": OTHERS,
                "per_1k_x": (counts[outlet] / max(int(words[outlet]), 1) * 1000).round(9).to_numpy(),
                "per_1k_y": ((total - counts[outlet]) / max(others, 1) * 1000).round(9).to_numpy(),
                "freq": total.to_numpy(dtype="int64"),
            }
        )
        same = part.groupby(["per_1k_x", "per_1k_y"])["term"].transform("size")
        parts.append(part.assign(n_same_rates=same.astype("int64")))
    if not parts:
        return pd.DataFrame(
            columns=["term", "outlet_x", "outlet_y", "per_1k_x", "per_1k_y", "freq", "n_same_rates"]
        )
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["outlet_x", "freq", "term"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)


def compare_outlet_rates(frequencies: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The rates the term scatter draws: with exactly two outlets, one against the other
    (:func:`~.terms.compare_term_rates`); otherwise each outlet against all the others
    pooled (:func:`compare_rates_to_others`)."""
    if documents["outlet"].nunique() == 2:
        return compare_term_rates(frequencies)
    return compare_rates_to_others(frequencies, documents)
