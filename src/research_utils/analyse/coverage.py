"""What the instruments miss on a corpus: the ``coverage`` table, shown as a warning.

A study's instruments (actor table, codebook) are tuned to the texts they were written
for; on another corpus they silently miss speakers, frames and actors. After ``analyse``,
:func:`summarize_coverage` measures, per outlet and for all outlets (``all``):

- ``direct_quotes_without_speaker`` and ``paraphrases_without_speaker``: quotes whose
  speaker is no actor of the actor table (``speaker_type`` empty);
- ``sentences_without_frame``: sentences the codebook gives no frame;
- ``names_without_actor``: mentions of proper names (:mod:`.names`) that no actor mention
  overlaps — a proxy for the actor table's recall;
- ``missing_actor``: the proper names (alias groups, :mod:`.aliases`) most often not
  resolved, top N per outlet with ties at the cut kept.

``level`` is ``warning`` above :data:`COVERAGE_THRESHOLDS` (``missing_actor`` rows:
always), and ``note`` says it in plain words with what to do, so a notebook shows the
warnings rather than leaving them in a table.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..tables import as_table
from .aliases import group_names
from .names import find_names

#: The pooled row's outlet.
ALL = "all"
#: Share above which a measure is a warning. Rules of thumb: with more than a quarter of
#: direct quotes or name mentions unresolved, comparisons of sources and actors rest on too
#: little (the study's instruments on a new corpus reached an actor recall near 0.6);
#: paraphrase detection and frame coding legitimately leave more out (background
#: sentences carry no frame), so they warn above half.
COVERAGE_THRESHOLDS: dict[str, float] = {
    "direct_quotes_without_speaker": 0.25,
    "paraphrases_without_speaker": 0.5,
    "sentences_without_frame": 0.5,
    "names_without_actor": 0.25,
}
_WHAT = {
    "direct_quotes_without_speaker": ("direct quotes", "have no speaker from the actor table"),
    "paraphrases_without_speaker": ("paraphrases", "have no speaker from the actor table"),
    "sentences_without_frame": ("sentences", "carry no frame of the codebook"),
    "names_without_actor": ("proper-name mentions", "are resolved to no actor"),
}
_FIX = {
    "direct_quotes_without_speaker": "source comparisons leave them out: add the speakers to the actor "
    "table (research-utils suggest actors, then adopt)",
    "paraphrases_without_speaker": "source comparisons leave them out: add the speakers to the actor "
    "table (research-utils suggest actors, then adopt)",
    "sentences_without_frame": "the codebook may miss this corpus's framing: read some of these sentences "
    "and extend its indicators",
    "names_without_actor": "actor counts miss them: run research-utils suggest actors and adopt the "
    "missing actors",
}


def summarize_coverage(
    quotes: pd.DataFrame,
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    tokens: pd.DataFrame | None,
    actor_mentions: pd.DataFrame,
    *,
    names: pd.DataFrame | None = None,
    top_n: int = 10,
    min_count: int = 2,
    thresholds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The ``coverage`` table (module docstring) from the analysed ``quotes``, ``frames``
    and ``actor_mentions`` and the processed ``sentences``, ``documents`` and ``tokens``.

    ``names``: :func:`~.names.find_names` of the corpus when already found (batch by batch,
    with the corpus's lower-case words), else it is found in ``tokens``.
    ``missing_actor`` rows list names with at least ``min_count`` [2] unresolved mentions,
    the ``top_n`` [10] most frequent per outlet (ties at the cut kept); ``thresholds``
    overrides :data:`COVERAGE_THRESHOLDS` per measure.
    """
    limits = {**COVERAGE_THRESHOLDS, **(thresholds or {})}
    outlet = documents.set_index("doc_id")["outlet"].astype(str)
    outlets = sorted(outlet.unique())
    speaker = quotes["speaker_type"].astype("string").fillna("") == ""
    framed = pd.MultiIndex.from_frame(frames[["doc_id", "sent_id"]])
    unframed = ~pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]]).isin(framed)
    if names is None:
        if tokens is None:
            raise ValueError("summarize_coverage needs tokens or names")
        names = find_names(tokens)
    names = _names(names, actor_mentions, documents)
    measures = {
        "direct_quotes_without_speaker": (quotes["doc_id"], speaker, quotes["kind"] == "direct"),
        "paraphrases_without_speaker": (quotes["doc_id"], speaker, quotes["kind"] == "paraphrase"),
        "sentences_without_frame": (sentences["doc_id"], pd.Series(unframed, index=sentences.index), None),
        "names_without_actor": (names["doc_id"], ~names["covered"], None),
    }
    rows = []
    for measure, (docs, missing, among) in measures.items():
        chosen = among if among is not None else pd.Series(True, index=docs.index)
        by_outlet = docs[chosen].astype(str).map(outlet)
        for name in (ALL, *outlets):
            mask = by_outlet == name if name != ALL else pd.Series(True, index=by_outlet.index)
            n, total = int(missing[chosen][mask].sum()), int(mask.sum())
            rows.append(_share_row(measure, name, n, total, limits[measure]))
    rows.extend(_missing_rows(names, outlets, top_n=top_n, min_count=min_count))
    return as_table("coverage", pd.DataFrame(rows))


def _label(outlet: str) -> str:
    return "All outlets" if outlet == ALL else outlet


def _share_row(measure: str, outlet: str, n: int, total: int, limit: float) -> dict[str, object]:
    what, lacks = _WHAT[measure]
    share = n / total if total else np.nan
    warn = bool(total) and share > limit
    if total:
        note = f"{_label(outlet)}: {n} of {total} {what} ({share:.0%}) {lacks}."
        note += f" Above {limit:.0%}: {_FIX[measure]}." if warn else ""
    else:
        note = f"{_label(outlet)}: no {what} found."
    level = "warning" if warn else "ok"
    return {"outlet": outlet, "measure": measure, "item": "", "n": n, "total": total, "share": share} | {
        "level": level,
        "note": note,
    }


def _names(found: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Proper-name mentions in document order, grouped, with ``covered``: overlapped by an
    actor mention."""
    order = {d: i for i, d in enumerate(documents["doc_id"].astype(str))}
    names = group_names(found)
    names = names.assign(rank=names["doc_id"].astype(str).map(order))
    names = names.sort_values(["rank", "token_id"], kind="stable").reset_index(drop=True)
    spans = names[["doc_id", "start", "end"]].reset_index()
    pairs = spans.merge(mentions[["doc_id", "start", "end"]], on="doc_id", suffixes=("", "_m"))
    hit = pairs[(pairs["start_m"] < pairs["end"]) & (pairs["start"] < pairs["end_m"])]
    outlet = documents.set_index("doc_id")["outlet"].astype(str)
    return names.assign(covered=names.index.isin(hit["index"]), outlet=names["doc_id"].map(outlet))


def _missing_rows(
    names: pd.DataFrame, outlets: list[str], *, top_n: int, min_count: int
) -> list[dict[str, object]]:
    """``missing_actor`` rows: per outlet (``all`` first), the groups most often unresolved."""
    rows: list[dict[str, object]] = []
    for outlet in (ALL, *outlets):
        mine = names if outlet == ALL else names[names["outlet"] == outlet]
        missing = mine[~mine["covered"]]
        by = missing.groupby("actor", sort=False)  # groups in order of first appearance
        counts = by.size()
        counts = counts[counts >= min_count]
        counts = counts[counts.rank(method="min", ascending=False) <= top_n]
        listed = missing[missing["actor"].isin(counts.index)]
        forms = (
            listed.groupby("actor", sort=False)["name"].agg(lambda s: "; ".join(dict.fromkeys(s))).to_dict()
        )
        for actor, n in counts.sort_values(ascending=False, kind="stable").items():
            written = f" (written {forms[actor]})" if forms[actor] != actor else ""
            note = (
                f"{_label(outlet)}: {actor!r}{written} is named {n} times but no actor of the actor table "
                "resolves it; if it is an actor, adopt it (research-utils suggest actors)."
            )
            rows.append(
                {"outlet": outlet, "measure": "missing_actor", "item": actor, "n": int(n), "total": len(mine)}
                | {"share": n / len(mine), "level": "warning", "note": note}
            )
    return rows
