"""Coverage over time: articles per period, frame shares per period, before and after an event.

Periods cut the documents' ``published`` dates (``YYYY-MM-DD``) into days, ISO weeks (Monday
to Sunday) or calendar months; ``period="auto"`` takes days up to a span of
:data:`AUTO_DAY_SPAN` days, weeks up to :data:`AUTO_WEEK_SPAN`, months beyond. Every period
from the first to the last is listed for every outlet, zeros included, so a line never
bridges a gap; undated documents are counted in a row of their own per outlet (``dated``
false), never dropped. Shares of fewer than :data:`MIN_SENTENCES` sentences are ``small``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import InputError, ResearchUtilsError
from ..tables import as_table
from .keyness import adjust_p_values

Period = Literal["auto", "day", "week", "month"]
Unit = Literal["day", "week", "month"]
#: ``period="auto"``: days when the first and last dates are at most this many days apart.
AUTO_DAY_SPAN = 60
#: ``period="auto"``: weeks up to this span in days (two years), months beyond.
AUTO_WEEK_SPAN = 730
#: Sentences below which a share is flagged ``small``: at 30 sentences a share's 95% Wald
#: interval is still up to ±18 percentage points wide (1.96·√(.25/30)).
MIN_SENTENCES = 30
_FREQ: dict[str, str] = {"day": "D", "week": "W-SUN", "month": "M"}
_SIDES = ("before", "day", "after")


class _Calendar(NamedTuple):
    """Each document's period (``keys``: first day, ISO; "" when undated, aligned with the
    documents), the unit, and every period from the first to the last (start, end)."""

    unit: Unit
    keys: pd.Series
    periods: list[tuple[str, str]]


def publication_dates(documents: pd.DataFrame) -> pd.Series:
    """The documents' ``published`` dates as timestamps (NaT when empty), aligned with
    ``documents``; a value that is not ``YYYY-MM-DD`` is refused naming the document."""
    raw = documents["published"].astype("string").fillna("").str.strip()
    dates = pd.to_datetime(raw.where(raw != ""), format="%Y-%m-%d", errors="coerce")
    bad = (raw != "") & (dates.isna() | ~raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            "documents",
            f"document {documents['doc_id'].iloc[row]!r}: published {raw.iloc[row]!r} is not YYYY-MM-DD",
            "fix the date in the corpus metadata and run `research-utils prepare` again",
        )
    return dates


def choose_unit(dates: pd.Series, period: Period = "auto") -> Unit:
    """``period``, or for ``"auto"`` the unit the span of ``dates`` calls for (module doc)."""
    if period not in ("auto", *_FREQ):
        raise ResearchUtilsError(f"period={period!r}: choose one of auto, day, week, month")
    if period != "auto":
        return period
    dated = dates.dropna()
    span = (dated.max() - dated.min()).days if len(dated) else 0
    return "day" if span <= AUTO_DAY_SPAN else "week" if span <= AUTO_WEEK_SPAN else "month"


def _calendar(documents: pd.DataFrame, period: Period) -> _Calendar:
    """The periods of ``documents`` (see :class:`_Calendar`)."""
    dates = publication_dates(documents)
    unit = choose_unit(dates, period)
    cut = dates.dt.to_period(_FREQ[unit])
    keys = cut.dt.start_time.dt.strftime("%Y-%m-%d").astype("string").fillna("")
    every = pd.period_range(cut.min(), cut.max(), freq=_FREQ[unit]) if cut.notna().any() else None
    ends = (every.start_time, every.end_time) if every is not None else (pd.DatetimeIndex([]),) * 2
    periods = list(zip(*(e.strftime("%Y-%m-%d") for e in ends), strict=True))
    return _Calendar(unit, keys.reset_index(drop=True), periods)


def _skeleton(documents: pd.DataFrame, calendar: _Calendar) -> pd.DataFrame:
    """One row per outlet and period (every period), then one per outlet with undated documents."""
    undated = set(documents.loc[(calendar.keys == "").to_numpy(), "outlet"].astype(str))
    rows = []
    for outlet in sorted(documents["outlet"].astype(str).unique()):
        rows += [(outlet, calendar.unit, start, end, True) for start, end in calendar.periods]
        rows += [(outlet, calendar.unit, "", "", False)] * (outlet in undated)
    return pd.DataFrame(rows, columns=["outlet", "unit", "period_start", "period_end", "dated"])


def _keyed(documents: pd.DataFrame, calendar: _Calendar) -> pd.DataFrame:
    """``documents`` with its outlet as text and its period as ``period_start``."""
    return documents.reset_index(drop=True).assign(
        outlet=lambda d: d["outlet"].astype(str), period_start=calendar.keys.to_numpy()
    )


def count_attention(documents: pd.DataFrame, *, period: Period = "auto") -> pd.DataFrame:
    """The ``attention`` table: per outlet and period, documents and their word tokens;
    every period from the corpus's first to its last for every outlet (zeros included), and
    a row (``dated`` false) per outlet counting its documents without a date."""
    calendar = _calendar(documents, period)
    by_period = _keyed(documents, calendar).groupby(["outlet", "period_start"])
    counts = by_period.agg(n_documents=("doc_id", "size"), n_words=("n_word_tokens", "sum")).reset_index()
    table = _skeleton(documents, calendar).merge(counts, on=["outlet", "period_start"], how="left")
    return as_table("attention", table.fillna({"n_documents": 0, "n_words": 0}))


def _frame_labels(frames: Mapping[str, str] | Sequence[str]) -> dict[str, str]:
    """Frame id → label from a mapping (``frame_labels(codebook)``) or a list of ids."""
    if isinstance(frames, str) or not len(frames):
        raise ResearchUtilsError("frames: pass the codebook's frame ids, or frame_labels(codebook)")
    if isinstance(frames, Mapping):
        return {str(k): str(v) for k, v in frames.items()}
    return {str(f): str(f) for f in frames}


def _frame_rows(
    sentence_frames: pd.DataFrame, labels: Mapping[str, str], documents: pd.DataFrame
) -> pd.DataFrame:
    """The rows of ``sentence_frames`` carrying one of the frames, one per sentence and frame;
    refuses tables that do not go together (unknown documents, none of the frames)."""
    given = sentence_frames["frame"].astype(str)
    if len(sentence_frames) and not given.isin(list(labels)).any():
        raise ResearchUtilsError(
            f"none of the frames {list(labels)[:5]} occurs in sentence_frames (its frames: "
            f"{sorted(given.unique())[:5]}); pass the codebook's frame ids, e.g. frame_labels(codebook)"
        )
    unknown = sorted(set(sentence_frames["doc_id"].astype(str)) - set(documents["doc_id"].astype(str)))
    if unknown:
        raise ResearchUtilsError(
            f"sentence_frames has documents the documents table lacks ({', '.join(unknown[:5])}); "
            "pass the tables of the same corpus"
        )
    rows = sentence_frames.assign(doc_id=sentence_frames["doc_id"].astype(str), frame=given)
    return rows[rows["frame"].isin(list(labels))].drop_duplicates(["doc_id", "sent_id", "frame"])


def _share(count: pd.Series, total: pd.Series) -> np.ndarray:
    """``count / total``, NaN where ``total`` is 0."""
    whole = total.to_numpy(dtype=float)
    return np.divide(count.to_numpy(dtype=float), whole, out=np.full(len(whole), np.nan), where=whole > 0)


def share_frames_over_time(
    documents: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    frames: Mapping[str, str] | Sequence[str],
    *,
    period: Period = "auto",
    min_sentences: int = MIN_SENTENCES,
) -> pd.DataFrame:
    """The ``frame_shares_over_time`` table: per outlet, period (as :func:`count_attention`
    cuts them, undated documents apart) and frame, the sentences carrying the frame, all the
    outlet's sentences of the period (``documents.n_sentences``) and the share, ``small``
    when fewer than ``min_sentences`` sentences stand behind it.

    ``frames``: frame id → label in codebook order (``frame_labels(codebook)``), or ids.
    """
    labels = _frame_labels(frames)
    calendar = _calendar(documents, period)
    docs = _keyed(documents, calendar)
    totals = docs.groupby(["outlet", "period_start"]).agg(n_total=("n_sentences", "sum")).reset_index()
    rows = _frame_rows(sentence_frames, labels, docs)
    key = docs.set_index(docs["doc_id"].astype(str))[["outlet", "period_start"]]
    framed = rows[["doc_id", "frame"]].join(key, on="doc_id")
    counts = framed.groupby(["outlet", "period_start", "frame"]).size().rename("n_sentences").reset_index()
    table = (
        _skeleton(documents, calendar)
        .merge(pd.DataFrame({"frame": list(labels), "label": list(labels.values())}), how="cross")
        .merge(totals, on=["outlet", "period_start"], how="left")
        .merge(counts, on=["outlet", "period_start", "frame"], how="left")
        .fillna({"n_total": 0, "n_sentences": 0})
    )
    table["share"] = _share(table["n_sentences"], table["n_total"])
    table["small"] = table["n_total"] < min_sentences
    return as_table("frame_shares_over_time", table.assign(min_sentences=min_sentences))


def _event_day(event: datetime.date | str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(event.strip()) if isinstance(event, str) else event
    except ValueError:
        raise ResearchUtilsError(f"event={event!r}: give the day of the event as YYYY-MM-DD") from None
    return day.date() if isinstance(day, datetime.datetime) else day


def _add_sides(table: pd.DataFrame, docs: pd.DataFrame, rows: pd.DataFrame) -> None:
    """Add to ``table`` (outlet, frame) per side the outlet's documents, words and sentences
    (``n_words_before``...) and the sentences carrying the frame (``n_sentences_before``...)."""
    framed = rows[["doc_id", "frame"]].merge(docs[["doc_id", "outlet", "side"]], on="doc_id")
    keys = pd.MultiIndex.from_frame(table[["outlet", "frame"]])
    for name in _SIDES:
        part = docs[docs["side"] == name].groupby("outlet")
        sizes = {"n_documents": part.size(), "n_words": part["n_word_tokens"].sum()}
        for measure, values in (sizes | {"n_total": part["n_sentences"].sum()}).items():
            table[f"{measure}_{name}"] = table["outlet"].map(values).fillna(0).astype(int)
        hits = framed[framed["side"] == name].groupby(["outlet", "frame"]).size()
        table[f"n_sentences_{name}"] = hits.reindex(keys, fill_value=0).to_numpy()


def _fisher(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided Fisher's exact p of each tested row, and the smallest p its margins allow
    (the frame's sentences as lopsided between the sides as the sides' sizes permit)."""
    p, floor = np.full(len(table), np.nan), np.full(len(table), np.nan)
    columns_ = ["n_sentences_after", "n_total_after", "n_sentences_before", "n_total_before", "tested"]
    for i, (a, na, b, nb, tested) in enumerate(table[columns_].itertuples(index=False)):
        if not tested:
            continue
        p[i] = stats.fisher_exact([[a, na - a], [b, nb - b]]).pvalue
        k = a + b
        ends = {max(0, k - nb), min(k, na)}
        floor[i] = min(stats.fisher_exact([[x, na - x], [k - x, nb - k + x]]).pvalue for x in ends)
    return p, floor


def _comparison(table: pd.DataFrame, alpha: float) -> np.ndarray:
    """What each row's counts allow one to say (the ``comparison`` column)."""
    empty = (table["n_total_before"] == 0) | (table["n_total_after"] == 0)
    absent = table["n_sentences_before"] + table["n_sentences_after"] == 0
    found = table["p_adjusted"].fillna(1.0) < alpha
    conditions = [empty, absent, table["min_p_value"] >= alpha, found & (table["difference"] > 0), found]
    return np.select(
        conditions,
        ["no sentences on a side", "frame on neither side", "too few to compare", "more after", "less after"],
        default="no clear difference",
    )


def compare_event_window(
    documents: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    frames: Mapping[str, str] | Sequence[str],
    *,
    event: datetime.date | str,
    days: int,
    min_sentences: int = MIN_SENTENCES,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The ``event_window`` table: per outlet and frame, coverage in the ``days`` days before
    ``event`` and the ``days`` days after it, and whether the frame's share changed.

    The day of the event is counted apart (``*_day``) and compared with neither side: a
    date alone does not say whether an article of that day was written before or after the
    event. The difference ``share_after - share_before`` is tested with Fisher's exact test
    (two-sided; Fisher 1935), valid at any count, and the p-values are adjusted with
    Benjamini & Hochberg (1995) over every tested row, all outlets together. Sentences are
    counted as independent, though frames cluster within articles, so read p-values as a
    guide. ``min_p_value`` is the smallest p the row's counts could give at all (5 sentences
    of the frame against 0, 5 sentences a side: p = .008; with 3 a side no split reaches
    .05): at or above ``alpha`` the row is "too few to compare" (``comparison``). ``small``
    marks a side with fewer than ``min_sentences`` sentences. Undated documents fall in no window.
    """
    labels = _frame_labels(frames)
    day = _event_day(event)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ResearchUtilsError(f"days={days!r}: give a whole number of days of 1 or more")
    offset = (publication_dates(documents) - pd.Timestamp(day)).dt.days.to_numpy()
    in_window = [(offset >= -days) & (offset <= -1), offset == 0, (offset >= 1) & (offset <= days)]
    side = np.select(in_window, list(_SIDES), default="")
    docs = documents.reset_index(drop=True)[side != ""].assign(
        doc_id=lambda d: d["doc_id"].astype(str),
        outlet=lambda d: d["outlet"].astype(str),
        side=side[side != ""],
    )
    outlets = pd.DataFrame({"outlet": sorted(documents["outlet"].astype(str).unique())})
    table = outlets.merge(
        pd.DataFrame({"frame": list(labels), "label": list(labels.values())}), how="cross"
    ).assign(event_date=day.isoformat(), days=days)
    _add_sides(table, docs, _frame_rows(sentence_frames, labels, documents))
    for name in ("before", "after"):
        table[f"share_{name}"] = _share(table[f"n_sentences_{name}"], table[f"n_total_{name}"])
    table["difference"] = table["share_after"] - table["share_before"]
    table["tested"] = (table[["n_total_before", "n_total_after"]].min(axis=1) > 0) & (
        table["n_sentences_before"] + table["n_sentences_after"] > 0
    )
    table["p_value"], table["min_p_value"] = _fisher(table)
    table["p_adjusted"] = adjust_p_values(table["p_value"].fillna(1.0), table["tested"])
    table["small"] = np.minimum(table["n_total_before"], table["n_total_after"]) < min_sentences
    table = table.assign(comparison=_comparison(table, alpha), alpha=alpha, min_sentences=min_sentences)
    return as_table("event_window", table)


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _day_words(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def period_words(start: str, unit: str) -> str:
    """A period in words: ``19 March 2021``, ``the week of Monday 15 March 2021``, ``March 2021``."""
    if unit == "week":
        return f"the week of Monday {_day_words(start)}"
    return _day_words(start) if unit == "day" else f"{datetime.date.fromisoformat(start):%B %Y}"


def _listing(items: list[str], *, limit: int = 12) -> str:
    """``a; b; c``: the first ``limit`` items, and how many more."""
    return "; ".join(items[:limit]) + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def _by_outlet(counts: pd.Series) -> str:
    """``A: 3; B: 1`` for the non-zero counts (:func:`_listing`)."""
    return _listing([f"{outlet}: {int(n)}" for outlet, n in counts.items() if n > 0])


def one_period_note(start: str, unit: str) -> str:
    """What a corpus whose dated articles all fall in one period allows: no trend."""
    return f"all dated articles are from one {unit} ({period_words(start, unit)}); no trend can be shown"


def _busiest(per_period: pd.Series, unit: str) -> str:
    """The busiest period, or how many tie as the busiest."""
    top = int(per_period.max())
    tied = [str(p) for p in per_period.index[per_period == top]]
    if len(tied) == 1:
        return f"The busiest {unit} is {period_words(tied[0], unit)} ({_plural(top, 'article')})"
    return (
        f"{len(tied)} {unit}s tie as the busiest with {_plural(top, 'article')} each (the first: "
        f"{period_words(tied[0], unit)})"
    )


def describe_timeline(attention: pd.DataFrame) -> str:
    """What the ``attention`` table says about time, in words: the span and unit, the
    busiest period, periods without any article, outlets without a dated article, and the
    undated documents; a corpus of one period is said to show no trend."""
    dated = attention[attention["dated"].astype(bool)]
    undated = attention[~attention["dated"].astype(bool)].groupby("outlet")["n_documents"].sum()
    per_period = dated.groupby("period_start")["n_documents"].sum()
    n_docs, parts = int(per_period.sum()), []
    outlets = dated.loc[dated["n_documents"] > 0, "outlet"].nunique()
    if n_docs == 0:
        parts.append("No document has a publication date, so coverage over time cannot be shown.")
    else:
        unit = str(dated["unit"].iloc[0])
        first, last = str(per_period.index.min()), str(per_period.index.max())
        articles = f"{_plural(n_docs, 'dated article')} from {_plural(outlets, 'outlet')}"
        if len(per_period) == 1:
            parts.append(f"The corpus has {articles}: {one_period_note(first, unit)}.")
        else:
            monday = "; weeks start on Monday" if unit == "week" else ""
            parts.append(
                f"The corpus runs from {period_words(first, unit)} to {period_words(last, unit)}: "
                f"{articles}, counted per {unit} ({_plural(len(per_period), unit)}{monday}). "
                f"{_busiest(per_period, unit)}; {int((per_period == 0).sum())} of the {len(per_period)} "
                f"{unit}s have no article from any outlet."
            )
        silent = sorted(set(attention["outlet"]) - set(dated.loc[dated["n_documents"] > 0, "outlet"]))
        if silent:
            parts.append(f"Outlets without a dated article: {', '.join(silent)}.")
    if undated.sum() > 0:
        parts.append(
            f"{_plural(int(undated.sum()), 'document')} without a publication date ({_by_outlet(undated)}) "
            "are counted apart (rows with dated false), in no period."
        )
    return " ".join(parts)


def describe_event_window(window: pd.DataFrame) -> str:
    """What the ``event_window`` table says, in words: the window, the articles on each side
    per outlet, how many frame differences could be tested, which changed (adjusted p below
    the table's ``alpha``) and how many were too few to compare."""
    if window.empty:
        return "The corpus has no outlet, so there is no event window to compare."
    first = window.iloc[0]
    days, date, alpha = int(first["days"]), _day_words(str(first["event_date"])), float(first["alpha"])
    per_outlet = window.drop_duplicates("outlet").set_index("outlet")
    sides = [
        f"{name}: {_plural(int(n.sum()), 'article')}" + (f" ({_by_outlet(n)})" if n.sum() else "")
        for name, n in ((name, per_outlet[f"n_documents_{name}"]) for name in _SIDES)
    ]
    text = (
        f"Event: {date}, {_plural(days, 'day')} each side, the day itself counted apart — {'; '.join(sides)}."
    )
    tested = window[window["tested"].astype(bool)]
    if tested.empty:
        return text + " No frame can be compared: a comparison needs sentences on both sides."
    said, n_small = window["comparison"].astype(str), int(tested["small"].astype(bool).sum())
    hits = window.loc[
        said.isin(["more after", "less after"]), ["label", "outlet", "difference", "p_adjusted"]
    ]
    changed = [f"{f} in {o} ({d * 100:+.1f} points, adjusted p = {p:.2g})" for f, o, d, p in hits.to_numpy()]
    return text + (
        f" {len(tested)} of {len(window)} outlet-frame differences could be tested (Fisher's exact test, "
        f"Benjamini-Hochberg adjusted); {len(changed)} reach adjusted p < {alpha:g}"
        + (f": {_listing(changed)}" if changed else "")
        + f". {int((said == 'too few to compare').sum())} are too few to compare (no split of their "
        f"counts could reach p < {alpha:g}), and {n_small} tested rows have a "
        f"side with fewer than {int(first['min_sentences'])} sentences, where only large differences show."
    )
