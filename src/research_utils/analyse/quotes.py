"""Quotations and their sources: direct quotes, paraphrases and scare quotes.

Hand-written, because NLTK has no quotation extractor (textacy's needs spaCy, which this
project does not use). Quotations are the text between quotation marks; one of at least
``MIN_QUOTE_WORDS`` word tokens is direct, a shorter one a scare quote (never attributed).
Reporting verbs from a lexicon (neutral or evaluative, after Caldas-Coulthard 1994) are
read by :mod:`.attribution`; a verb attributes the direct quotes in its content, and the
rest of its content is a paraphrase (a partial quote's surrounding words are counted once,
as paraphrase). Speakers resolve to actors through the actor mentions; pronouns only to a
compatible recent speaker. Every row keeps its offsets. Rules and limits: ``docs/methods.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import FLOAT_DECIMALS, MIN_QUOTE_WORDS, PACKAGED_REPORTING_VERBS
from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table, empty_table
from .attribution import (
    PRONOUN_TYPES,
    Attribution,
    Lexicon,
    Speaker,
    SpeakerHistory,
    read_attribution,
    reporting_verb,
)
from .quote_columns import DocumentRows, QuoteColumns

STANCES = ("neutral", "evaluative")

_QUOTE = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_STRIP = " ,.;:\n\t"


def read_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a reporting-verb lexicon (columns ``verb``, ``stance``, ``note``).

    ``verb`` is a lemma (``say``, ``warn``), or a lemma and its particle (``call for``);
    ``stance`` is ``neutral`` or ``evaluative``.
    Errors name the file and line: missing columns, an empty verb, an unknown stance, a
    verb listed twice.
    """
    path = Path(path) if path is not None else PACKAGED_REPORTING_VERBS
    records = read_user_csv(
        path,
        required=("verb", "stance"),
        optional=("note",),
        what="reporting-verb lexicon",
        fix="give a CSV with the header verb,stance,note and one verb lemma per row",
    )
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    for line, record in records:
        verb, stance = " ".join(record["verb"].lower().split()), record["stance"]
        if not verb:
            raise InputError(path, "empty verb", "write the verb's lemma (say, warn)", line)
        if stance not in STANCES:
            raise InputError(path, f"stance {stance!r} of {verb!r}", f"use {' or '.join(STANCES)}", line)
        if verb in seen:
            raise InputError(path, f"{verb!r} listed twice (first on line {seen[verb]})", "delete one", line)
        seen[verb] = line
        rows.append((verb, stance, record["note"]))
    return pd.DataFrame(rows, columns=["verb", "stance", "note"]).astype("string")


@dataclass
class _Quote:
    start: int  # first character of the quote text
    end: int  # one past its last character
    open_mark: int
    close_mark: int
    sent_id: int
    n_words: int
    direct: bool
    claimed: bool = False


def _find_quotes(text: str, doc: DocumentRows, min_words: int) -> list[_Quote]:
    quotes = []
    word_spans, sents = doc.word_spans, [doc.columns.sents[s] for s in doc.sents]
    for m in _QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        inner = m.group(group)
        lead = len(inner) - len(inner.lstrip(_STRIP))
        start = m.start(group) + lead
        end = start + len(inner[lead:].rstrip(_STRIP))
        if end <= start:
            continue
        n_words = (
            int(((word_spans[:, 0] >= start) & (word_spans[:, 1] <= end)).sum()) if len(word_spans) else 0
        )
        # the sentence the quote starts in (else, in a gap between sentences, the one before)
        sent_id = next((s_id for s_id, s_start, s_end, _ in sents if s_start <= start < s_end), None)
        if sent_id is None:
            sent_id = max((s[1], s[0]) for s in sents if s[1] <= start)[1]
        quotes.append(_Quote(start, end, m.start(), m.end() - 1, sent_id, n_words, n_words >= min_words))
    return quotes


def _span_text(text: str, start: int, end: int) -> tuple[int, int, str]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(_STRIP))
    s = start + lead
    e = s + len(piece[lead:].rstrip(_STRIP))
    return s, e, text[s:e]


def find_quotes(
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    verbs: pd.DataFrame,
    *,
    min_words: int = MIN_QUOTE_WORDS,
) -> pd.DataFrame:
    """The ``quotes`` table: direct quotes, paraphrases and scare quotes, in text order.

    ``mentions`` is the ``actor_mentions`` table (speakers are resolved through it);
    ``verbs`` the reporting-verb lexicon. See the module docstring for the rules. Each
    document is read on its own: its rows are the same whichever documents the tables
    hold. The tables are read once as plain columns (:class:`QuoteColumns`), not sliced per
    document, and only sentences with a possible reporting verb are read token by token.
    """
    stance = dict(zip(verbs["verb"], verbs["stance"], strict=True))
    lex = Lexicon.of(list(stance))
    outlet = dict(zip(documents["doc_id"], documents["outlet"], strict=True))
    columns = QuoteColumns.of(sentences, tokens, mentions, lex)
    rows: list[dict] = []
    for k, key in enumerate(columns.doc_ids):
        doc = {"doc_id": str(key), "outlet": str(outlet[key])}
        document = columns.document(k)
        text = document.text()
        quotes = _find_quotes(text, document, min_words)
        rows.extend(_attribute(doc, text, document, quotes, lex, stance))
        for q in quotes:
            if not (q.direct and q.claimed):
                kind = "direct" if q.direct else "scare"
                rows.append(_row(doc, q.sent_id, (q.start, q.end), kind, None, "", text, q.n_words))
    if not rows:
        return empty_table("quotes")
    table = pd.DataFrame(rows)
    table = table.sort_values(["doc_id", "start", "end"], kind="stable")
    return as_table("quotes", table)


def _row(
    doc: dict[str, str],
    sent_id: int,
    span: tuple[int, int],
    kind: str,
    speaker: Speaker | None,
    verb: str,
    text: str,
    n_words: int,
    stance: str = "",
) -> dict:
    name, typ, surface = speaker or ("", "", "")
    return {
        **doc,
        "sent_id": sent_id,
        "start": span[0],
        "end": span[1],
        "kind": kind,
        "speaker": name,
        "speaker_type": typ,
        "speaker_surface": surface,
        "verb": verb,
        "stance": stance,
        "quote": text[span[0] : span[1]],
        "n_words": n_words,
    }


def _attribute(
    doc: dict[str, str],
    text: str,
    document: DocumentRows,
    quotes: list[_Quote],
    lex: Lexicon,
    stance: dict[str, str],
) -> list[dict]:
    """Rows for every reporting verb of one document (claiming the direct quotes it attributes).

    Only sentences with a token whose lemma may start a reporting verb are read (for the
    other tokens :func:`reporting_verb` is "")."""
    marks = [(q.open_mark, q.close_mark) for q in quotes]
    closing = {q.close_mark for q in quotes}
    direct = [(q.start, q.end) for q in quotes if q.direct]
    history = SpeakerHistory(document.columns.tokens, document.tokens, document.mentions, list(direct))
    lemmas = lex.lemmas()
    rows: list[dict] = []
    for s in document.sents:
        if not document.columns.has_verb[s]:
            continue
        sent, sent_id = document.sentence(s), document.columns.sents[s][0]
        here: list[Attribution] = []
        for i, tok in enumerate(sent.toks):
            verb = reporting_verb(sent.toks, i, lex, coordinated=bool(here)) if tok.lemma in lemmas else ""
            if not verb or any(a <= tok.start <= b for a, b in marks):
                continue
            said = read_attribution(sent, i, closing, document.mentions, here, lex)
            if said is None:
                continue
            said = _resolve_pronoun(said, history, tok.start)
            history.add(said, tok.start)
            here.append(said)
            rows.extend(
                _report_rows(
                    doc, text, sent_id, quotes, direct, document.word_spans, said, verb, stance[verb]
                )
            )
    return rows


def _resolve_pronoun(found: Attribution, history: SpeakerHistory, at: int) -> Attribution:
    """``found`` with a pronoun speaker replaced by the speaker it refers to, when one is safe."""
    pronoun = found.speaker[2].lower()
    if found.speaker[1] or pronoun not in PRONOUN_TYPES:
        return found
    history.reported.append((found.start, found.end))
    ref = history.resolve(pronoun, at)
    if ref is None:
        return found
    return Attribution((ref.speaker[0], ref.speaker[1], found.speaker[2]), found.start, found.end, ref.number)


def _words_in(word_spans: np.ndarray, start: int, end: int, direct: list[tuple[int, int]]) -> int:
    """Word tokens (``word_spans``: their offsets) in [start, end) outside the direct quotations."""
    if not len(word_spans):
        return 0
    inside = (word_spans[:, 0] >= start) & (word_spans[:, 1] <= end)
    for a, b in direct:
        inside &= ~((word_spans[:, 0] >= a) & (word_spans[:, 1] <= b))
    return int(inside.sum())


def _report_rows(
    doc: dict[str, str],
    text: str,
    sent_id: int,
    quotes: list[_Quote],
    direct: list[tuple[int, int]],
    word_spans: np.ndarray,
    found: Attribution,
    verb: str,
    stance: str,
) -> list[dict]:
    """The rows one reporting verb gives: a ``direct`` row per direct quote in its content
    (claimed), and a ``paraphrase`` row for the content whose ``n_words`` counts the words
    outside any direct quote (none when the content is all quotation)."""
    said = (found.speaker, verb, text)
    rows = []
    for q in quotes:
        if q.direct and not q.claimed and q.start < found.end and found.start < q.end:
            q.claimed = True
            rows.append(_row(doc, q.sent_id, (q.start, q.end), "direct", *said, q.n_words, stance))
    p_start, p_end, _ = _span_text(text, found.start, found.end)
    n_words = _words_in(word_spans, p_start, p_end, direct)
    if n_words:
        rows.append(_row(doc, sent_id, (p_start, p_end), "paraphrase", *said, n_words, stance))
    return rows


def summarize_sources(quotes: pd.DataFrame) -> pd.DataFrame:
    """Who speaks, per outlet: direct quotes and paraphrases per speaker and the words each
    gets (scare quotes excluded; unattributed direct quotes appear as speaker ``""``).
    Rows: outlets in order, speakers by total words (most first)."""
    spoken = quotes[quotes["kind"] != "scare"]
    spoken = spoken.assign(
        speaker=spoken["speaker"].fillna(""), speaker_type=spoken["speaker_type"].fillna("")
    )
    table = (
        spoken.assign(
            n_direct=(spoken["kind"] == "direct").astype(int),
            n_paraphrase=(spoken["kind"] == "paraphrase").astype(int),
            words_direct=spoken["n_words"].where(spoken["kind"] == "direct", 0),
            words_paraphrase=spoken["n_words"].where(spoken["kind"] == "paraphrase", 0),
        )
        .groupby(["outlet", "speaker", "speaker_type"], sort=True)[
            ["n_direct", "n_paraphrase", "words_direct", "words_paraphrase"]
        ]
        .sum()
        .reset_index()
    )
    table["words"] = table["words_direct"] + table["words_paraphrase"]
    table = table.sort_values(["outlet", "words", "speaker"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)


def count_reporting_verbs(quotes: pd.DataFrame) -> pd.DataFrame:
    """Attributions per outlet, stance and reporting verb (direct and paraphrase rows with a
    verb), with each verb's share of the outlet's attributions."""
    attributed = quotes[quotes["verb"].fillna("") != ""]
    table = attributed.groupby(["outlet", "stance", "verb"], sort=True).size().rename("n").reset_index()
    totals = table.groupby("outlet")["n"].transform("sum")
    table["share"] = (table["n"] / totals).round(FLOAT_DECIMALS)
    return table


def count_scare_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Scare-quoted terms per outlet (lower-cased), most frequent first."""
    scare = quotes[quotes["kind"] == "scare"]
    counts = scare.assign(term=scare["quote"].str.lower()).groupby(["outlet", "term"]).size()
    table = counts.rename("n").reset_index()
    table = table.sort_values(["outlet", "n", "term"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)


def tabulate_reporting_verbs(verbs: pd.DataFrame) -> pd.DataFrame:
    """Attributions per reporting verb and outlet, as a table to read across outlets.

    ``verbs`` is :func:`count_reporting_verbs`'s table. One row per verb, indexed by
    ``stance`` and ``verb``; one column per outlet (sorted); each cell counts the outlet's
    attributions with the verb (0: none). Rows: neutral verbs, then evaluative ones (then
    any other stance), each by attributions in all outlets (most first), ties alphabetical.
    """
    counts = (
        verbs.astype({"outlet": str})
        .groupby(["stance", "verb", "outlet"], sort=True)["n"]
        .sum()
        .unstack("outlet", fill_value=0)
        .astype("int64")
    )
    stance_rank = {stance: k for k, stance in enumerate(STANCES)}
    order = pd.DataFrame(
        {
            "rank": [stance_rank.get(s, len(STANCES)) for s in counts.index.get_level_values("stance")],
            "total": counts.sum(axis=1).to_numpy(),
            "verb": counts.index.get_level_values("verb"),
        }
    ).sort_values(["rank", "total", "verb"], ascending=[True, False, True], kind="stable")
    return counts.iloc[order.index.to_numpy()]


def count_source_type_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """Words each outlet attributes to each type of source (direct quotes and paraphrase).

    ``quotes`` is the ``quotes`` table; scare quotes are left out, and speakers without a
    type count as ``unresolved``. One row per source type and outlet, every outlet with
    attributed words for every type (0 where it gives the type none): ``words``, and
    ``share``, the type's share of the outlet's attributed words. Rows: source types by
    words in all outlets (most first; ties alphabetical), outlets sorted within each.
    """
    attributed = quotes[quotes["kind"].isin(["direct", "paraphrase"])]
    attributed = attributed.assign(
        speaker_type=attributed["speaker_type"].fillna("unresolved").astype(str),
        outlet=attributed["outlet"].astype(str),
    )
    words = attributed.pivot_table(
        index="speaker_type", columns="outlet", values="n_words", aggfunc="sum", fill_value=0
    ).astype("int64")
    words = words.loc[words.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table = pd.DataFrame(
        {
            "speaker_type": np.repeat(words.index.to_numpy(), len(words.columns)),
            "outlet": np.tile(words.columns.to_numpy(), len(words)),
            "words": words.to_numpy(dtype="int64").ravel(),
        }
    )
    totals = table.groupby("outlet")["words"].transform("sum")
    table["share"] = (table["words"] / totals.where(totals > 0, 1)).round(FLOAT_DECIMALS)
    return table[["speaker_type", "outlet", "words", "share"]]
