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

import math
from collections import Counter
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
    outlets = sorted(documents["outlet"].astype(str).unique())
    speaker = (quotes["speaker_type"].astype("string").fillna("") == "").to_numpy(dtype=bool)
    framed = pd.MultiIndex.from_frame(frames[["doc_id", "sent_id"]])
    unframed = ~pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]]).isin(framed)
    if names is None:
        if tokens is None:
            raise ValueError("summarize_coverage needs tokens or names")
        names = find_names(tokens)
    names = _names(names, actor_mentions, documents)
    direct, paraphrase = (
        quotes["kind"].eq(k).to_numpy(dtype=bool, na_value=False) for k in ("direct", "paraphrase")
    )
    # per row of each measure: its outlet's position in outlets, -1 for a document not in documents
    outlet_of = np.append(pd.Categorical(documents["outlet"].astype(str), categories=outlets).codes, -1)
    measures = {
        "direct_quotes_without_speaker": (quotes["doc_id"][direct], speaker[direct]),
        "paraphrases_without_speaker": (quotes["doc_id"][paraphrase], speaker[paraphrase]),
        "sentences_without_frame": (sentences["doc_id"], unframed),
        "names_without_actor": (names["doc_id"], ~names["covered"].to_numpy(dtype=bool)),
    }
    rows = []
    for measure, (docs, missing) in measures.items():
        code = outlet_of[_positions(docs, documents)]
        known = code >= 0
        totals = np.bincount(code[known], minlength=len(outlets))
        counts = np.bincount(code[known & missing], minlength=len(outlets))
        rows.append(_share_row(measure, ALL, int(missing.sum()), len(missing), limits[measure]))
        for i, name in enumerate(outlets):
            rows.append(_share_row(measure, name, int(counts[i]), int(totals[i]), limits[measure]))
    rows.extend(_missing_rows(names, outlets, top_n=top_n, min_count=min_count))
    return as_table("coverage", pd.DataFrame(rows))


def _positions(doc_ids: pd.Series, documents: pd.DataFrame) -> np.ndarray:
    """Per document id of ``doc_ids``: the row of ``documents`` it names, -1 if none."""
    return pd.Index(documents["doc_id"].astype(str)).get_indexer(pd.Index(doc_ids.astype(str)))


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
    actor mention, and ``outlet`` (None for a document not in ``documents``)."""
    names = group_names(found)
    rank = _positions(names["doc_id"], documents)
    rank[rank < 0] = len(documents)  # unknown documents last
    names = names.assign(rank=rank).sort_values(["rank", "token_id"], kind="stable").reset_index(drop=True)
    outlets = np.array([*documents["outlet"].astype(str), None], dtype=object)
    return names.assign(covered=_overlapped(names, mentions), outlet=outlets[names["rank"].to_numpy()])


def _overlapped(spans: pd.DataFrame, others: pd.DataFrame) -> np.ndarray:
    """Per span (``doc_id``, ``start``, ``end``) of ``spans``: whether a span of ``others``
    in the same document overlaps it."""
    docs = pd.factorize(pd.concat([spans["doc_id"], others["doc_id"]]), use_na_sentinel=False)[0]
    mine, theirs = docs[: len(spans)], docs[len(spans) :]
    order = np.argsort(theirs, kind="stable")
    first = np.searchsorted(theirs[order], mine, side="left")  # in order
    count = np.searchsorted(theirs[order], mine, side="right") - first
    # every (span, other span of its document) pair, as positions in spans and in others
    span = np.repeat(np.arange(len(spans)), count)
    other = order[np.arange(count.sum()) - np.repeat(np.cumsum(count) - count - first, count)]
    start, end = spans["start"].to_numpy(), spans["end"].to_numpy()
    hit = (others["start"].to_numpy()[other] < end[span]) & (start[span] < others["end"].to_numpy()[other])
    covered = np.zeros(len(spans), dtype=bool)
    covered[span[hit]] = True
    return covered


def _missing_rows(
    names: pd.DataFrame, outlets: list[str], *, top_n: int, min_count: int
) -> list[dict[str, object]]:
    """``missing_actor`` rows: per outlet (``all`` first), the groups most often unresolved."""
    missing = names[~names["covered"].to_numpy(dtype=bool)]
    of, actor, name = (missing[c].tolist() for c in ("outlet", "actor", "name"))
    # per outlet, each unresolved group's count and written forms, in order of first appearance
    counts: dict[object, dict[str, int]] = {}
    for (o, a), n in Counter(zip(of, actor, strict=True)).items():
        counts.setdefault(o, {})[a] = n
    forms: dict[tuple[object, str], list[str]] = {}
    for o, a, form in dict.fromkeys(zip(of, actor, name, strict=True)):
        forms.setdefault((o, a), []).append(form)
    all_forms: dict[str, list[str]] = {}
    for a, form in dict.fromkeys(zip(actor, name, strict=True)):
        all_forms.setdefault(a, []).append(form)
    totals = Counter(names["outlet"].tolist())
    rows: list[dict[str, object]] = []
    for outlet in (ALL, *outlets):
        mine = Counter(actor) if outlet == ALL else counts.get(outlet, {})
        listed = {a: n for a, n in mine.items() if n >= min_count}
        top = sorted(listed.values(), reverse=True)[: max(top_n, 0)]
        cut = min(top, default=math.inf)  # ties at the cut kept
        for a, n in sorted(listed.items(), key=lambda item: -item[1]):  # ties in order of appearance
            if n < cut:
                break
            total = len(names) if outlet == ALL else totals[outlet]
            written = "; ".join(all_forms[a] if outlet == ALL else forms[outlet, a])
            written = f" (written {written})" if written != a else ""
            note = (
                f"{_label(outlet)}: {a!r}{written} is named {n} times but no actor of the actor table "
                "resolves it; if it is an actor, adopt it (research-utils suggest actors)."
            )
            rows.append(
                {"outlet": outlet, "measure": "missing_actor", "item": a, "n": n, "total": total}
                | {"share": n / total, "level": "warning", "note": note}
            )
    return rows
