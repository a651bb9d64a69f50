"""Quotations and their sources: direct quotes, paraphrases and scare quotes.

Hand-written, because NLTK has no quotation extractor (textacy's needs spaCy, which this
project does not use). Quotations are the text between quotation marks; one of at least
``MIN_QUOTE_WORDS`` word tokens is direct, a shorter one a scare quote (never attributed).
Reporting verbs from a lexicon (neutral or evaluative, after Caldas-Coulthard 1994) are
read by :mod:`.attribution`; a verb whose content holds a direct quote attributes it,
otherwise it gives a paraphrase. Speakers resolve to actors through the actor mentions.
Every row keeps its offsets. Rules and limits: ``docs/methods.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import FLOAT_DECIMALS, MIN_QUOTE_WORDS, REPORTING_VERBS_FILE
from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table, empty_table
from .attribution import Sentence, Speaker, Tok, is_reporting_verb, read_attribution

STANCES = ("neutral", "evaluative")
PRONOUNS = frozenset({"he", "she", "it", "they"})

_QUOTE = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_STRIP = " ,.;:\n\t"


def read_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a reporting-verb lexicon (columns ``verb``, ``stance``, ``note``).

    ``verb`` is a lemma (``say``, ``warn``); ``stance`` is ``neutral`` or ``evaluative``.
    Errors name the file and line: missing columns, an empty verb, an unknown stance, a
    verb listed twice.
    """
    path = Path(path) if path is not None else REPORTING_VERBS_FILE
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
        verb, stance = record["verb"].lower(), record["stance"]
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


def _document_text(sents: pd.DataFrame) -> str:
    """The document's text rebuilt from its sentences (gaps between them as spaces)."""
    chars = [" "] * int(sents["end"].max())
    for start, text in zip(sents["start"], sents["text"], strict=True):
        chars[int(start) : int(start) + len(text)] = text
    return "".join(chars)


def _find_quotes(text: str, sents: pd.DataFrame, toks: pd.DataFrame, min_words: int) -> list[_Quote]:
    quotes = []
    word_spans = toks.loc[~toks["is_punct"], ["start", "end"]].to_numpy()
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
        sent_id = int(sents.loc[(sents["start"] <= start) & (sents["end"] > start), "sent_id"].iloc[0])
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
    ``verbs`` the reporting-verb lexicon. See the module docstring for the rules.
    """
    stance = dict(zip(verbs["verb"], verbs["stance"], strict=True))
    lexicon = set(stance)
    outlet = documents.set_index("doc_id")["outlet"]
    rows: list[dict] = []
    tokens_by_doc = dict(tuple(tokens.groupby("doc_id", sort=False)))
    mentions_by_doc = dict(tuple(mentions.groupby("doc_id", sort=False)))
    no_tokens, no_mentions = tokens.iloc[:0], mentions.iloc[:0]
    for key, sents in sentences.groupby("doc_id", sort=True):
        doc_id = str(key)
        sents = sents.sort_values("sent_id")
        toks = tokens_by_doc.get(doc_id, no_tokens).sort_values("token_id")
        ments = mentions_by_doc.get(doc_id, no_mentions).sort_values("start")
        text = _document_text(sents)
        quotes = _find_quotes(text, sents, toks, min_words)
        rows.extend(
            _attribute(doc_id, str(outlet[doc_id]), text, sents, toks, ments, quotes, lexicon, stance)
        )
        for q in quotes:
            if q.direct and q.claimed:
                continue
            rows.append(
                _row(
                    doc_id,
                    str(outlet[doc_id]),
                    q.sent_id,
                    q.start,
                    q.end,
                    "direct" if q.direct else "scare",
                    None,
                    "",
                    "",
                    text[q.start : q.end],
                    q.n_words,
                )
            )
    if not rows:
        return empty_table("quotes")
    table = pd.DataFrame(rows)
    table = table.sort_values(["doc_id", "start", "end"], kind="stable")
    return as_table("quotes", table)


def _row(
    doc_id: str,
    outlet: str,
    sent_id: int,
    start: int,
    end: int,
    kind: str,
    speaker: Speaker | None,
    verb: str,
    stance: str,
    quote: str,
    n_words: int,
) -> dict:
    name, typ, surface = speaker or ("", "", "")
    return {
        "doc_id": doc_id,
        "outlet": outlet,
        "sent_id": sent_id,
        "start": start,
        "end": end,
        "kind": kind,
        "speaker": name,
        "speaker_type": typ,
        "speaker_surface": surface,
        "verb": verb,
        "stance": stance,
        "quote": quote,
        "n_words": n_words,
    }


def _attribute(
    doc_id: str,
    outlet: str,
    text: str,
    sents: pd.DataFrame,
    toks: pd.DataFrame,
    ments: pd.DataFrame,
    quotes: list[_Quote],
    lexicon: set[str],
    stance: dict[str, str],
) -> list[dict]:
    """Rows for every reporting verb of one document (claiming the direct quotes it attributes)."""
    marks = [(q.open_mark, q.close_mark) for q in quotes]
    closing = {q.close_mark for q in quotes}
    mention_list = list(ments[["start", "end", "actor", "type"]].itertuples(index=False, name=None))
    word_spans = toks.loc[~toks["is_punct"], ["start", "end"]].to_numpy()
    rows: list[dict] = []
    last_actor: tuple[str, str] | None = None
    toks_by_sentence = dict(tuple(toks.groupby("sent_id", sort=False)))
    for sent_id, s_start, s_end, s_text in sents[["sent_id", "start", "end", "text"]].itertuples(index=False):
        sub = toks_by_sentence.get(sent_id, toks.iloc[:0])
        st = [
            Tok(*r)
            for r in sub[["start", "end", "token", "lower", "lemma", "pos", "is_punct"]].itertuples(
                index=False, name=None
            )
        ]
        sent = Sentence(st, int(s_start), int(s_end), s_text)
        speakers_here: list[Speaker | None] = []
        for i, tok in enumerate(st):
            if not is_reporting_verb(st, i, lexicon) or any(a <= tok.start <= b for a, b in marks):
                continue
            found = read_attribution(sent, i, closing, mention_list, speakers_here, lexicon)
            if found is None:
                continue
            speaker, c_start, c_end = found
            if speaker[1] == "" and speaker[2].lower() in PRONOUNS and last_actor:
                speaker = (last_actor[0], last_actor[1], speaker[2])
            speakers_here.append(speaker)
            if speaker[1]:
                last_actor = (speaker[0], speaker[1])
            rows.extend(
                _report_rows(doc_id, outlet, text, int(sent_id), quotes, word_spans, speaker, tok.lemma,
                             stance[tok.lemma], (c_start, c_end))
            )  # fmt: skip
    return rows


def _report_rows(
    doc_id: str,
    outlet: str,
    text: str,
    sent_id: int,
    quotes: list[_Quote],
    word_spans: np.ndarray,
    speaker: Speaker,
    verb: str,
    stance: str,
    content: tuple[int, int],
) -> list[dict]:
    """The rows one reporting verb gives: the direct quotes in its content (claimed), or one
    paraphrase row for its content when it holds none."""
    c_start, c_end = content
    claimed = [q for q in quotes if q.direct and not q.claimed and q.start < c_end and c_start < q.end]
    rows = []
    for q in claimed:
        q.claimed = True
        rows.append(
            _row(doc_id, outlet, q.sent_id, q.start, q.end, "direct", speaker, verb, stance,
                 text[q.start : q.end], q.n_words)
        )  # fmt: skip
    if not claimed:
        p_start, p_end, words = _span_text(text, c_start, c_end)
        n_words = int(((word_spans[:, 0] >= p_start) & (word_spans[:, 1] <= p_end)).sum())
        if n_words:
            rows.append(
                _row(
                    doc_id,
                    outlet,
                    sent_id,
                    p_start,
                    p_end,
                    "paraphrase",
                    speaker,
                    verb,
                    stance,
                    words,
                    n_words,
                )
            )
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
