"""Frame coding with a dictionary: every sentence coded for every frame of a codebook.

The coding unit is the sentence; a sentence may carry several frames. A sentence carries a
frame when it contains at least one of the frame's indicators (lemmas matched against the
tokens' WordNet lemmas, phrases against the lower-cased words, optionally restricted to
universal POS tags), found with the shared phrase matcher; every coding keeps the
indicators that triggered it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from ..annotate.phrases import TokenIndex, phrase_key, token_index
from ..tables import as_table, columns, empty_table
from .codebook import Codebook, Indicator


def match_indicators(
    tokens: pd.DataFrame, codebook: Codebook, *, index: TokenIndex | None = None
) -> pd.DataFrame:
    """Every indicator match: one row per match with ``doc_id``, ``sent_id``, ``frame``,
    ``indicator`` (as written in the codebook), ``token_id``, ``last_token_id`` and
    ``surface`` (the matched words as they appear), in text order within each frame.

    Lemma and phrase indicators are matched separately; a POS-constrained match whose token
    has another universal tag is dropped. ``index``: a :class:`TokenIndex` of ``tokens``
    already built (the analyse stage shares one among all lexicons).
    """
    index = token_index(tokens, index)
    upos = tokens["upos"].to_numpy(dtype=object)
    surface = tokens["token"].to_numpy(dtype=object)
    parts = []
    for column in ("lemma", "lower"):
        # one lexicon per frame, all matched in one pass over the column
        by_frame: list[dict[tuple[str, ...], list[Indicator]]] = []
        for frame in codebook.frames:
            entries: dict[tuple[str, ...], list[Indicator]] = {}
            for ind in frame.indicators:
                if ind.column == column:
                    entries.setdefault(phrase_key(ind.text), []).append(ind)
            by_frame.append(entries)
        if not any(by_frame):
            continue
        found = index.find_each(
            [{" ".join(k): " ".join(k) for k in entries} for entries in by_frame], column=column
        )
        columns = ("doc_id", "sent_id", "token_id", "last_token_id", "label", "row", "n_tokens", "lexicon")
        for doc_id, sent_id, first, last, label, row, n, lexicon in zip(
            *(found[c].tolist() for c in columns), strict=True
        ):
            tag = upos[row]
            listed = by_frame[lexicon][tuple(label.split(" "))]
            allowed = [i for i in listed if i.pos is None or tag in i.pos]
            if allowed:
                words = " ".join(surface[row : row + n]) if n > 1 else surface[row]
                frame_id = codebook.frames[lexicon].id
                parts.append((doc_id, sent_id, frame_id, allowed[0].text, first, last, words))
    names = ["doc_id", "sent_id", "frame", "indicator", "token_id", "last_token_id", "surface"]
    matches = pd.DataFrame(_drop_overlaps(parts), columns=names)
    order = {f: i for i, f in enumerate(codebook.frame_ids)}
    matches["_f"] = matches["frame"].map(order)
    matches = matches.sort_values(["doc_id", "sent_id", "_f", "token_id"], kind="stable")
    return matches.drop(columns="_f").reset_index(drop=True)


def _drop_overlaps(parts: list[tuple]) -> list[tuple]:
    """Within a frame, keep the longest of overlapping lemma and phrase matches (so
    ``national security`` is one match, not also ``security``); ties keep the lemma entry."""
    kept: list[tuple] = []
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for part in sorted(parts, key=lambda p: -(p[5] - p[4])):
        spans = taken.setdefault((part[0], part[2]), [])
        if any(a <= part[5] and part[4] <= b for a, b in spans):
            continue
        spans.append((part[4], part[5]))
        kept.append(part)
    return kept


def code_frames(
    tokens: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, *, index: TokenIndex | None = None
) -> pd.DataFrame:
    """The ``frames`` table: one row per sentence and frame it carries.

    ``indicators`` lists the distinct codebook entries that matched, in text order;
    ``matched_text`` every match as written, in text order (both ``;``-joined), so each
    coding can be checked against the sentence. Sentences with no frame have no row.
    ``index``: as for :func:`match_indicators`.
    """
    matches = match_indicators(tokens, codebook, index=index)
    if matches.empty:
        return empty_table("frames")
    outlet = dict(zip(documents["doc_id"], documents["outlet"], strict=True))
    keys = ["doc_id", "sent_id", "frame"]
    new = matches[keys].ne(matches[keys].shift()).any(axis=1).to_numpy()
    bounds = [*np.flatnonzero(new).tolist(), len(matches)]
    indicators, surfaces = matches["indicator"].tolist(), matches["surface"].tolist()
    first = matches.iloc[bounds[:-1]]
    table = pd.DataFrame(
        {
            "doc_id": first["doc_id"].to_numpy(),
            "outlet": first["doc_id"].map(outlet).to_numpy(),
            "sent_id": first["sent_id"].to_numpy(),
            "frame": first["frame"].to_numpy(),
            "n_matches": np.diff(bounds),
            "indicators": [";".join(dict.fromkeys(indicators[a:b])) for a, b in itertools.pairwise(bounds)],
            "matched_text": [";".join(surfaces[a:b]) for a, b in itertools.pairwise(bounds)],
        }
    )
    return as_table("frames", table)


FindingsCoding = Literal["reference", "dictionary"]


def choose_frames(
    frames: pd.DataFrame,
    reference: pd.DataFrame | None,
    documents: pd.DataFrame,
    *,
    coding: FindingsCoding = "dictionary",
) -> pd.DataFrame:
    """The ``sentence_frames`` table: the frames of every sentence in the coding the findings use.

    With ``coding="reference"`` the reference (manual) coding is used for the documents it
    covers and the dictionary for the others; ``source`` says which gave each row. With
    ``"dictionary"``, or no reference coding, every row is the dictionary's.
    """
    outlet = dict(zip(documents["doc_id"], documents["outlet"], strict=True))
    dictionary = frames[["doc_id", "sent_id", "frame"]].assign(source="dictionary")
    if coding == "dictionary" or reference is None or reference.empty:
        rows = dictionary
    else:
        covered = set(reference["doc_id"])
        manual = reference.assign(frame=reference["frames"].astype(str).str.split(";")).explode("frame")
        manual = manual[manual["frame"].astype(str) != ""]
        manual = manual[manual["doc_id"].isin(outlet)][["doc_id", "sent_id", "frame"]].assign(
            source="reference"
        )
        rows = pd.concat([manual, dictionary[~dictionary["doc_id"].isin(covered)]], ignore_index=True)
    rows = rows.assign(outlet=rows["doc_id"].map(outlet))
    return as_table("sentence_frames", rows.sort_values(["doc_id", "sent_id", "frame"], kind="stable"))


def share_frames(
    sentence_frames: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """The ``frame_shares`` table: per outlet and frame, sentences carrying the frame, all
    sentences of the outlet, their ratio (every frame listed, zeros included), and which
    coding the counts come from (``sentence_frames``' ``source``: the coding the findings use;
    a ``frames`` table may be passed too: the dictionary's coding)."""
    outlet = documents.set_index("doc_id")["outlet"]
    totals = sentences.assign(outlet=sentences["doc_id"].map(outlet)).groupby("outlet").size()
    counts = sentence_frames.groupby(["outlet", "frame"]).size()
    coded_by = _coding_by_outlet(sentence_frames, documents)
    rows = [
        {
            "outlet": out,
            "frame": frame.id,
            "label": frame.label,
            "n_sentences": int(counts.get((out, frame.id), 0)),
            "n_total": int(totals[out]),
            "share": int(counts.get((out, frame.id), 0)) / int(totals[out]),
            "coding": coded_by.get(out, "dictionary"),
        }
        for out in sorted(totals.index)
        for frame in codebook.frames
    ]
    return as_table("frame_shares", pd.DataFrame(rows, columns=columns("frame_shares")))


def _coding_by_outlet(sentence_frames: pd.DataFrame, documents: pd.DataFrame) -> dict[str, str]:
    """Per outlet: ``reference``, ``dictionary``, or how many documents each coding covers
    (a frames table without ``source`` is the dictionary's)."""
    if "source" not in sentence_frames.columns:
        return {str(outlet): "dictionary" for outlet in documents["outlet"].unique()}
    sources = sentence_frames.groupby("doc_id")["source"].first()
    out: dict[str, str] = {}
    for outlet, docs in documents.groupby("outlet")["doc_id"]:
        manual = int((sources.reindex(docs) == "reference").sum())
        if manual == 0:
            out[str(outlet)] = "dictionary"
        elif manual == len(docs):
            out[str(outlet)] = "reference"
        else:
            out[str(outlet)] = f"reference ({manual} of {len(docs)} documents), dictionary (the rest)"
    return out


def count_frame_pairs(
    frames: pd.DataFrame, codebook: Codebook, *, outlets: Iterable[str] | None = None
) -> pd.DataFrame:
    """Co-occurrence: per outlet and pair of frames (``frame_a`` ≤ ``frame_b`` in codebook
    order), the sentences carrying both. The diagonal (a frame with itself) counts the
    sentences carrying that frame. ``outlets`` (default: those in ``frames``) lists outlets
    to include even when none of their sentences carries a frame."""
    ids = codebook.frame_ids
    rows = []
    names = sorted(set(frames["outlet"]) | set(outlets if outlets is not None else []))
    for out in names:
        group = frames[frames["outlet"] == out]
        sets = group.groupby(["doc_id", "sent_id"])["frame"].agg(frozenset)
        for i, a in enumerate(ids):
            for b in ids[i:]:
                n = int(sum(1 for s in sets if a in s and b in s))
                rows.append({"outlet": out, "frame_a": a, "frame_b": b, "n_sentences": n})
    return pd.DataFrame(rows, columns=["outlet", "frame_a", "frame_b", "n_sentences"])
