"""Quotations and their sources: direct quotes, paraphrases, scare quotes.

Hand-written, because NLTK has no quotation extractor (textacy's needs spaCy, which this
project does not use); the rules work on the token table (NLTK tags and lemmas) and the
actor mentions, and every row keeps its character offsets so it can be checked.

Rules, in order:

1. **Quotations** are the text between “ and ” or between two ASCII ``"`` in a document,
   across sentence boundaries (multi-sentence quotes are one quote). An opening mark with no
   closing mark before the next opening mark is ignored. Trailing ``, . ; :`` inside the
   marks are dropped from the quote text.
2. A quotation of at least ``min_words`` word tokens (default :data:`MIN_QUOTE_WORDS` = 3) is
   **direct**; a shorter one is a **scare** quote — a term the writer marks (“deepfake”,
   “platform”), counted separately and never attributed.
3. **Reporting verbs** are tokens whose lemma is in the verb lexicon (the package's
   ``data/reporting_verbs.csv``: each verb ``neutral`` or ``evaluative``), tagged as a
   finite verb (VBD, VBZ, VBP, or VBN after a form of *have*), outside any quotation. The
   stances follow Caldas-Coulthard's (1994) distinction between neutral structuring verbs
   (*say*, *tell*) and verbs that interpret the speech act (*warn*, *urge*, *claim*). Each
   is read in one of three patterns:

   * post-posed — ``…, the agency added.``: the verb ends its clause and follows a short noun
     phrase after a comma or closing quote; that phrase is the speaker, and the content is
     the sentence before it;
   * inverted — ``…, announced the Cyberspace Administration of China, …``: the verb follows
     a comma or closing quote; the noun phrase after it is the speaker;
   * pre-posed — ``Wu Qiang said new apps …``: the speaker is the nearest actor mention
     before the verb in its clause, else (after *and*) the previous verb's speaker, else the
     noun phrase just before the verb; the content runs from the verb (skipping *that*) to
     the sentence end or to the next coordinated reporting verb.

4. A reporting verb whose content holds direct quotations attributes them (one ``direct``
   row per quotation: the surrounding paraphrase of a partial quotation is not counted
   again); otherwise it gives one ``paraphrase`` row with the content as text. Direct
   quotations no verb claims are kept with an empty speaker.
5. **Speakers** are resolved to an actor when an actor mention overlaps the speaker phrase;
   a pronoun (he, she, it, they) takes the speaker of the most recent earlier attribution in
   the document that was resolved to an actor (number and gender are not checked); anything
   else keeps the phrase as written, with an empty ``speaker_type``.

Limitations: "according to X" and colon introductions in a separate sentence are not
recognised; nested reports ("X said Y warned …") give two rows with the inner content cut.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import InputError
from .tables import as_table, empty_table, read_table, write_table

DEFAULT_VERBS = Path(str(resources.files("research_utils") / "data" / "reporting_verbs.csv"))
MIN_QUOTE_WORDS = 3
STANCES = ("neutral", "evaluative")
PRONOUNS = frozenset({"he", "she", "it", "they"})

_QUOTE = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_BOUNDARY = frozenset({",", ";", ":", "—", "–"})
_FINAL = frozenset({".", "!", "?"})
_NP_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP", "POS", "CD", "PRP$"})
_HAVE = frozenset({"have", "has", "had", "'ve", "’ve", "'d", "’d"})
_STRIP = " ,.;:\n\t"


def load_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a reporting-verb lexicon (columns ``verb``, ``stance``, ``note``).

    ``verb`` is a lemma (``say``, ``warn``); ``stance`` is ``neutral`` or ``evaluative``.
    Errors name the file and line: missing columns, an empty verb, an unknown stance, a
    verb listed twice.
    """
    path = Path(path) if path is not None else DEFAULT_VERBS
    if not path.is_file():
        raise InputError(path, "verb lexicon not found", "pass the path of a CSV with verb,stance,note")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        if "verb" not in header or "stance" not in header:
            raise InputError(path, "missing column verb or stance", "the header must be verb,stance,note", 1)
        reader.fieldnames = header
        rows, seen = [], {}
        for record in reader:
            line = reader.line_num
            verb = (record.get("verb") or "").strip().lower()
            stance = (record.get("stance") or "").strip()
            if not verb:
                raise InputError(path, "empty verb", "write the verb's lemma (say, warn)", line)
            if stance not in STANCES:
                raise InputError(path, f"stance {stance!r} of {verb!r}", f"use {' or '.join(STANCES)}", line)
            if verb in seen:
                raise InputError(
                    path, f"{verb!r} listed twice (first on line {seen[verb]})", "delete one", line
                )
            seen[verb] = line
            rows.append((verb, stance, (record.get("note") or "").strip()))
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


@dataclass
class _Tok:
    start: int
    end: int
    token: str
    lower: str
    lemma: str
    pos: str
    is_punct: bool


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


def _is_verb(toks: list[_Tok], i: int, lexicon: set[str]) -> bool:
    tok = toks[i]
    if tok.lemma not in lexicon:
        return False
    if tok.pos in ("VBD", "VBZ", "VBP"):
        return True
    return tok.pos == "VBN" and any(t.lower in _HAVE for t in toks[max(0, i - 2) : i])


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
    for doc_id, sents in sentences.groupby("doc_id", sort=True):
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
    speaker: tuple[str, str, str] | None,
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
            _Tok(*r)
            for r in sub[["start", "end", "token", "lower", "lemma", "pos", "is_punct"]].itertuples(
                index=False, name=None
            )
        ]
        sent = _Sentence(st, int(s_start), int(s_end), s_text)
        speakers_here: list[tuple[str, str, str] | None] = []
        for i, tok in enumerate(st):
            if not _is_verb(st, i, lexicon) or any(a <= tok.start <= b for a, b in marks):
                continue
            found = _read_attribution(sent, i, closing, mention_list, speakers_here, lexicon)
            if found is None:
                continue
            speaker, c_start, c_end = found
            if speaker[1] == "" and speaker[2].lower() in PRONOUNS and last_actor:
                speaker = (last_actor[0], last_actor[1], speaker[2])
            speakers_here.append(speaker)
            if speaker[1]:
                last_actor = (speaker[0], speaker[1])
            claimed = [
                q for q in quotes if q.direct and not q.claimed and q.start < c_end and c_start < q.end
            ]
            for q in claimed:
                q.claimed = True
                rows.append(
                    _row(
                        doc_id,
                        outlet,
                        q.sent_id,
                        q.start,
                        q.end,
                        "direct",
                        speaker,
                        tok.lemma,
                        stance[tok.lemma],
                        text[q.start : q.end],
                        q.n_words,
                    )
                )
            if not claimed:
                p_start, p_end, content = _span_text(text, c_start, c_end)
                n_words = int(((word_spans[:, 0] >= p_start) & (word_spans[:, 1] <= p_end)).sum())
                if n_words:
                    rows.append(
                        _row(
                            doc_id,
                            outlet,
                            int(sent_id),
                            p_start,
                            p_end,
                            "paraphrase",
                            speaker,
                            tok.lemma,
                            stance[tok.lemma],
                            content,
                            n_words,
                        )
                    )
    return rows


def _is_boundary(tok: _Tok, closing: set[int]) -> bool:
    return tok.token in _BOUNDARY or tok.start in closing


@dataclass(frozen=True)
class _Sentence:
    toks: list[_Tok]
    start: int
    end: int
    text: str

    def surface(self, start: int, end: int) -> str:
        return self.text[start - self.start : end - self.start]


def _speaker(
    sent: _Sentence, start: int, end: int, mentions: list[tuple], first: bool
) -> tuple[str, str, str]:
    """(speaker, type, phrase) for the phrase at [start, end): an overlapping actor if any."""
    phrase = sent.surface(start, end)
    hits = [m for m in mentions if m[0] < end and start < m[1]]
    if hits:
        m = hits[0] if first else hits[-1]
        return (m[2], m[3], phrase)
    return (phrase, "", phrase)


def _read_attribution(
    sent: _Sentence,
    i: int,
    closing: set[int],
    mentions: list[tuple],
    earlier: list[tuple[str, str, str] | None],
    lexicon: set[str],
) -> tuple[tuple[str, str, str], int, int] | None:
    """(speaker, content start, content end) for the reporting verb ``sent.toks[i]``, or None."""
    st = sent.toks
    b = max((k for k in range(i) if _is_boundary(st[k], closing)), default=-1)
    right = next((k for k in range(i + 1, len(st)) if not st[k].pos.startswith("RB")), None)
    ends_clause = right is None or all(t.is_punct for t in st[right:]) or _is_boundary(st[right], closing)
    between = [t for t in st[b + 1 : i] if not t.pos.startswith("RB")]
    short_np = 0 < len(between) <= 8 and not any(t.pos.startswith(("VB", "MD")) for t in between)
    if ends_clause and b >= 0 and short_np:  # post-posed: "…, the agency added."
        return _speaker(sent, between[0].start, between[-1].end, mentions, first=True), sent.start, st[b].end
    left = next((k for k in range(i - 1, -1, -1) if not st[k].pos.startswith("RB")), None)
    if (
        left is not None
        and _is_boundary(st[left], closing)
        and right is not None
        and st[right].pos in _NP_TAGS
    ):
        # inverted: "…, announced the Cyberspace Administration of China, …"
        stop = next(
            (k for k in range(right, len(st)) if _is_boundary(st[k], closing) or st[k].token in _FINAL),
            len(st),
        )
        return (
            _speaker(sent, st[right].start, st[stop - 1].end, mentions, first=True),
            sent.start,
            st[left].start,
        )
    speaker = _preposed_speaker(sent, i, b, left, mentions, earlier)
    if speaker is None:
        return None
    c = i + 1
    while c < len(st) and (st[c].lower == "that" or st[c].token in _BOUNDARY):
        c += 1
    c_end = sent.end
    for k in range(i + 1, len(st)):
        if st[k].pos == "CC" and _coordinates_report(st, k, lexicon):
            c_end = st[k - 1].start if st[k - 1].token == "," else st[k].start
            break
    return speaker, (st[c].start if c < len(st) else sent.end), c_end


def _preposed_speaker(
    sent: _Sentence,
    i: int,
    b: int,
    left: int | None,
    mentions: list[tuple],
    earlier: list[tuple[str, str, str] | None],
) -> tuple[str, str, str] | None:
    """Speaker of a verb that follows its subject: actor in the clause, shared subject, or noun phrase."""
    st = sent.toks
    clause_start = st[b + 1].start if b + 1 < i else st[i].start
    inside = [m for m in mentions if m[0] >= clause_start and m[1] <= st[i].start]
    if inside:
        m = inside[-1]
        return (m[2], m[3], sent.surface(m[0], m[1]))
    if left is not None and st[left].pos == "CC":
        return earlier[-1] if earlier else None
    k = i - 1
    while k >= 0 and st[k].pos.startswith("RB"):
        k -= 1
    np_end = k
    while k >= 0 and st[k].pos in _NP_TAGS:
        k -= 1
    if np_end > k:
        return _speaker(sent, st[k + 1].start, st[np_end].end, mentions, first=False)
    return None


def _coordinates_report(st: list[_Tok], k: int, lexicon: set[str]) -> bool:
    """True when the conjunction at ``k`` joins a following finite reporting verb ("…, and warned")."""
    j = k + 1
    while j < len(st) and st[j].pos.startswith("RB"):
        j += 1
    return j < len(st) and st[j].lemma in lexicon and st[j].pos in ("VBD", "VBZ", "VBP")


def write_quotes(
    processed_dir: str | Path, verbs: pd.DataFrame | None = None, min_words: int = MIN_QUOTE_WORDS
) -> Path:
    """Find the quotes of the processed corpus; write ``quotes.csv`` and return its path.

    Reads ``sentences``, ``tokens``, ``documents`` and ``actor_mentions`` (write that first,
    with :func:`research_utils.actors.write_actor_mentions`).
    """
    table = find_quotes(
        read_table("sentences", processed_dir),
        read_table("tokens", processed_dir),
        read_table("documents", processed_dir),
        read_table("actor_mentions", processed_dir),
        verbs if verbs is not None else load_reporting_verbs(),
        min_words=min_words,
    )
    return write_table("quotes", table, processed_dir)


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
    table["share"] = (table["n"] / totals).round(4)
    return table


def count_scare_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Scare-quoted terms per outlet (lower-cased), most frequent first."""
    scare = quotes[quotes["kind"] == "scare"]
    table = scare.assign(term=scare["quote"].str.lower()).groupby(["outlet", "term"]).size().rename("n")
    table = table.reset_index().sort_values(
        ["outlet", "n", "term"], ascending=[True, False, True], kind="stable"
    )
    return table.reset_index(drop=True)
