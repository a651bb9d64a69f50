"""Codings of frames: manual codings read and checked, the dictionary validated against them,
and agreement between two codings.

A coding is a CSV file with one row per sentence (``doc_id, sent_id, frames, note``; frames
``;``-separated). Precision, recall and F1 are computed from the 2×2 counts per frame;
agreement is Krippendorff's alpha (nominal) from the ``krippendorff`` package.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table
from .codebook import Codebook
from .uncertainty import _ratio, score_with_intervals

CODING_COLUMNS = ("doc_id", "sent_id", "frames", "note")


def read_coding(path: str | Path, codebook: Codebook | None = None) -> pd.DataFrame:
    """Read a manual coding (``doc_id, sent_id, frames, note``; frames ``;``-separated).

    Returns one row per sentence with ``frames`` sorted and ``;``-joined. Errors name the
    file and line: missing columns, a non-integer ``sent_id``, a sentence coded twice, and
    (given ``codebook``) a frame id the codebook does not define.
    """
    path = Path(path)
    records = read_user_csv(
        path,
        required=("doc_id", "sent_id", "frames"),
        optional=("note",),
        what="coding file",
        fix="give a CSV with the header doc_id,sent_id,frames,note and one row per sentence",
    )
    known = set(codebook.frame_ids) if codebook is not None else None
    rows: list[tuple[str, int, str, str]] = []
    seen: dict[tuple[str, int], int] = {}
    for line, record in records:
        doc_id = record["doc_id"]
        try:
            sent_id = int(record["sent_id"])
        except ValueError as exc:
            raise InputError(
                path,
                f"sent_id {record['sent_id']!r} is not a whole number",
                "write the sentence number",
                line,
            ) from exc
        if (doc_id, sent_id) in seen:
            raise InputError(
                path,
                f"sentence {doc_id} {sent_id} is coded twice (first on line {seen[(doc_id, sent_id)]})",
                "keep one row per sentence; list several frames in one row separated by ';'",
                line,
            )
        seen[(doc_id, sent_id)] = line
        frames = sorted({f.strip() for f in record["frames"].split(";") if f.strip()})
        unknown = [f for f in frames if known is not None and f not in known]
        if unknown:
            assert codebook is not None
            raise InputError(
                path,
                f"unknown frame id(s) {', '.join(unknown)}",
                f"use the codebook's ids: {', '.join(codebook.frame_ids)}",
                line,
            )
        rows.append((doc_id, sent_id, ";".join(frames), record["note"]))
    coding = pd.DataFrame(rows, columns=list(CODING_COLUMNS)).astype(
        {"doc_id": "string", "sent_id": "int64", "frames": "string", "note": "string"}
    )
    coding = coding.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    coding.attrs["path"] = str(path)
    return coding


def frames_to_coding(frames: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The dictionary's coding in the manual-coding layout: one row per sentence (all
    sentences, with empty ``frames`` where none), ``note`` listing the indicators."""
    by_sentence = frames.groupby(["doc_id", "sent_id"])
    labels = by_sentence["frame"].agg(lambda s: ";".join(sorted(s)))
    pairs = frames["frame"].astype(str) + ": " + frames["indicators"].astype(str)
    notes = pairs.groupby([frames["doc_id"], frames["sent_id"]]).agg("; ".join)
    keys = list(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    coding = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].to_numpy(),
            "sent_id": sentences["sent_id"].to_numpy(),
            "frames": [labels.get(k, "") for k in keys],
            "note": [notes.get(k, "") for k in keys],
        }
    ).astype({"doc_id": "string", "sent_id": "int64", "frames": "string", "note": "string"})
    return coding.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def _indicator_matrix(coding: pd.DataFrame, frame_ids: Iterable[str]) -> pd.DataFrame:
    """Boolean sentence × frame matrix of a coding, indexed by (doc_id, sent_id)."""
    index = pd.MultiIndex.from_arrays([coding["doc_id"], coding["sent_id"]], names=["doc_id", "sent_id"])
    sets = [set(filter(None, str(f).split(";"))) for f in coding["frames"]]
    return pd.DataFrame({f: [f in s for s in sets] for f in frame_ids}, index=index)


def _align_with_gold(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Gold rows of documents in the corpus; every one of their sentences must be coded."""
    where = gold.attrs.get("path", "the manual coding")
    in_corpus = gold[gold["doc_id"].isin(set(sentences["doc_id"]))]
    known = set(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    gold_keys = set(zip(in_corpus["doc_id"], in_corpus["sent_id"], strict=True))
    extra = sorted(gold_keys - known)
    if extra:
        raise InputError(
            where,
            f"the gold coding names sentences the corpus does not have: {extra[:3]}",
            "the corpus was re-split since the coding was made; recode those documents",
        )
    docs = set(in_corpus["doc_id"])
    missing = sorted(k for k in known - gold_keys if k[0] in docs)
    if missing:
        raise InputError(
            where,
            f"sentences without a gold coding: {missing[:3]}",
            "code every sentence of a document (empty frames when none applies)",
        )
    return in_corpus


def validate_frames(
    frames: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """The ``frame_validation`` table: the dictionary against a manual coding, per frame.

    Only documents the manual coding covers are compared (all their sentences). Columns:
    ``support`` (sentences the manual coding gives the frame), ``predicted`` (sentences the
    dictionary gives it), ``tp``, ``fp``, ``fn``, ``tn``, ``precision`` = tp/(tp+fp),
    ``recall`` = tp/(tp+fn), ``f1`` (their harmonic mean); undefined ratios (0/0) are
    empty. A last row ``all (micro)`` pools the counts of every frame. Each score has a
    95 % interval (Wilson for precision and recall, a seeded bootstrap over sentences for
    F1: :mod:`.uncertainty`), and ``note`` says when the counts are too small.
    """
    _, truth, predicted = _truth_and_predicted(frames, gold, sentences, codebook)
    rows = [_scores(f, truth[f].to_numpy(bool), predicted[f].to_numpy(bool)) for f in codebook.frame_ids]
    rows.append(_scores("all (micro)", truth.to_numpy(bool), predicted.to_numpy(bool)))
    return as_table("frame_validation", pd.DataFrame(rows))


def validate_frames_by_outlet(
    frames: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
) -> pd.DataFrame:
    """The ``frame_validation_by_outlet`` table: :func:`validate_frames`'s scores and
    intervals per outlet and frame, every outlet of ``documents`` (sorted; one the reference
    coding does not cover has ``n`` 0 and says so), then ``all`` (the outlets pooled)."""
    gold, truth, predicted = _truth_and_predicted(frames, gold, sentences, codebook)
    outlet_of = dict(zip(documents["doc_id"].astype(str), documents["outlet"].astype(str), strict=True))
    outlets = gold["doc_id"].astype(str).map(outlet_of).to_numpy()
    rows = []
    for outlet in [*sorted(set(outlet_of.values())), "all"]:
        where = np.ones(len(gold), bool) if outlet == "all" else outlets == outlet
        for f in codebook.frame_ids:
            score = _scores(f, truth[f].to_numpy(bool)[where], predicted[f].to_numpy(bool)[where])
            rows.append({"outlet": outlet, **score})
    return as_table("frame_validation_by_outlet", pd.DataFrame(rows))


def _truth_and_predicted(
    frames: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The manual coding aligned with the sentences, and the manual and dictionary codings
    as sentence × frame indicator matrices in its row order."""
    gold = _align_with_gold(gold, sentences)
    keys = pd.MultiIndex.from_arrays([gold["doc_id"], gold["sent_id"]], names=["doc_id", "sent_id"])
    truth = _indicator_matrix(gold, codebook.frame_ids).loc[keys]
    predicted = _indicator_matrix(frames_to_coding(frames, sentences), codebook.frame_ids).reindex(keys)
    return gold, truth, predicted


def _scores(frame: str, truth: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    return {"frame": frame, **score_with_intervals(truth, predicted)}


def list_coding_errors(
    frames: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
) -> pd.DataFrame:
    """Where the dictionary and the manual coding disagree: one row per sentence and frame.

    ``error`` is ``false positive`` (the dictionary codes a frame the manual coding does not)
    or ``false negative`` (the reverse); ``indicators`` are the entries that matched (for
    false positives), ``gold_note`` the coder's note, ``text`` the sentence.
    """
    gold = _align_with_gold(gold, sentences)
    outlet = documents.set_index("doc_id")["outlet"]
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    fired = frames.set_index(["doc_id", "sent_id", "frame"])["indicators"]
    rows = []
    for doc_id, sent_id, gold_frames, note in gold[["doc_id", "sent_id", "frames", "note"]].itertuples(
        index=False
    ):
        truth = set(filter(None, gold_frames.split(";")))
        for frame in codebook.frame_ids:
            hit = (doc_id, sent_id, frame) in fired.index
            if hit == (frame in truth):
                continue
            rows.append(
                {
                    "doc_id": doc_id,
                    "outlet": outlet[doc_id],
                    "sent_id": sent_id,
                    "frame": frame,
                    "error": "false positive" if hit else "false negative",
                    "indicators": fired[(doc_id, sent_id, frame)] if hit else "",
                    "gold_note": note,
                    "text": text[(doc_id, sent_id)],
                }
            )
    columns = ["doc_id", "outlet", "sent_id", "frame", "error", "indicators", "gold_note", "text"]
    return pd.DataFrame(rows, columns=columns)


def measure_agreement(
    coding_a: pd.DataFrame, coding_b: pd.DataFrame, *, frame_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per frame between two codings of the same sentences.

    Each frame is a binary variable per sentence (carries it or not). Sentences coded in
    only one file count as missing for the other. Columns: ``frame``, ``n_units`` (sentences
    coded by both), ``n_a``/``n_b`` (sentences each coding gives the frame), ``agreement``
    (share of jointly coded sentences on which they agree) and ``alpha``; alpha is empty
    when it is undefined: no sentence coded by both, or one value only on the sentences both
    coded (e.g. neither ever codes the frame).
    """
    import krippendorff

    if frame_ids is None:
        found: set[str] = set()
        for coding in (coding_a, coding_b):
            for f in coding["frames"]:
                found.update(filter(None, str(f).split(";")))
        frame_ids = sorted(found)
    frame_ids = list(frame_ids)
    a = _indicator_matrix(coding_a, frame_ids)
    b = _indicator_matrix(coding_b, frame_ids)
    units = a.index.union(b.index).sort_values()
    a, b = a.reindex(units), b.reindex(units)
    both = a.notna().all(axis=1).to_numpy() & b.notna().all(axis=1).to_numpy()
    rows = []
    for f in frame_ids:
        data = np.vstack(
            [
                a[f].map({True: 1.0, False: 0.0}).to_numpy(float),
                b[f].map({True: 1.0, False: 0.0}).to_numpy(float),
            ]
        )
        joint = data[:, both]
        values = set(joint.ravel().tolist())  # values on sentences both coded (the pairable ones)
        alpha = (
            float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
            if len(values) > 1
            else float("nan")
        )
        rows.append(
            {
                "frame": f,
                "n_units": int(both.sum()),
                "n_a": int(np.nansum(data[0])),
                "n_b": int(np.nansum(data[1])),
                "agreement": _ratio(int((joint[0] == joint[1]).sum()), int(both.sum())),
                "alpha": alpha,
            }
        )
    return pd.DataFrame(rows, columns=["frame", "n_units", "n_a", "n_b", "agreement", "alpha"])


def cover_validation(
    reference: pd.DataFrame | None, sentences: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """The ``validation_coverage`` table: per outlet (then ``all``), the sentences a reference
    coding covers, so a validation says what it rests on (zeros when there is none)."""
    coded = set() if reference is None else set(zip(reference["doc_id"], reference["sent_id"], strict=True))
    outlet = dict(zip(documents["doc_id"], documents["outlet"], strict=True))
    keys = list(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    frame = pd.DataFrame(
        {
            "outlet": [outlet[d] for d, _ in keys],
            "doc_id": [d for d, _ in keys],
            "coded": [k in coded for k in keys],
        }
    )
    rows = []
    for name, group in [*frame.groupby("outlet", sort=True), ("all", frame)]:
        n = len(group)
        rows.append(
            {
                "outlet": str(name),
                "n_documents": int(group["doc_id"].nunique()),
                "n_sentences": n,
                "n_coded": int(group["coded"].sum()),
                "share_coded": float(group["coded"].sum()) / n if n else float("nan"),
            }
        )
    return as_table("validation_coverage", pd.DataFrame(rows))
