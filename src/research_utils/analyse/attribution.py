"""Reading a reporting verb: who speaks, and which words are reported.

Hand-written rules over NLTK's tags (no library does this without a parser): a finite
verb from the reporting-verb lexicon is read as post-posed ("…, the agency added"),
inverted ("…, announced the CAC") or pre-posed ("Wu Qiang said …"), giving the speaker
(the subject noun phrase, resolved through its head) and the span of the reported content,
which stops at the reporter's own clauses. :class:`SpeakerHistory` resolves pronoun
speakers without inventing: only to a compatible recent speaker, never across a newly
introduced one. Rules: ``docs/methods.md``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .actors import ORGANISATION_TYPES, PERSON_TYPES
from .grammar import CALENDAR, skip_adjuncts

BOUNDARY = frozenset({",", ";", ":", "—", "–"})
DASHES = frozenset({"—", "–", "--"})
FINAL = frozenset({".", "!", "?"})
NP_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP", "POS", "CD", "PRP$"})
FINITE = frozenset({"VBD", "VBZ", "VBP"})
#: Prepositions that join a noun phrase's parts ("a technician at the plant").
LINKS = frozenset({"of", "at", "for", "from", "with", "in"})
#: Verbs whose addressee comes before the content ("urged firms to comply", "told reporters that").
ADDRESSEE_VERBS = frozenset(
    {"tell", "urge", "ask", "warn", "remind", "assure", "inform", "advise", "order", "instruct", "encourage"}
)
#: Head nouns whose words are the organisation's ("a spokesman for the council").
SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
#: Which actor types a pronoun may refer to (number and gender are not checked further).
PRONOUN_TYPES: dict[str, frozenset[str]] = {
    "he": PERSON_TYPES,
    "she": PERSON_TYPES,
    "it": ORGANISATION_TYPES,
    "they": ORGANISATION_TYPES,
}
_HAVE = frozenset({"have", "has", "had", "'ve", "’ve", "'d", "’d"})
_CLOSE = frozenset({"”", "''", '"', "’"})

#: (speaker name, speaker type, speaker phrase as written)
Speaker = tuple[str, str, str]


@dataclass
class Tok:
    """One token of a sentence, as the rules read it."""

    start: int
    end: int
    token: str
    lower: str
    lemma: str
    pos: str
    is_punct: bool


@dataclass(frozen=True)
class TokenColumns:
    """Tokens as plain columns in text order (a whole call's, documents one after another);
    :meth:`toks` reads rows as :class:`Tok` only when a rule needs them, since building a
    ``Tok`` for every token of a corpus costs more than the rules that read a few."""

    start: list[int]
    end: list[int]
    token: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    is_punct: list[bool]

    def toks(self, first: int, stop: int) -> list[Tok]:
        """Rows ``first`` to ``stop`` (exclusive) as :class:`Tok`."""
        cols = (self.start, self.end, self.token, self.lower, self.lemma, self.pos, self.is_punct)
        return list(map(Tok, *(c[first:stop] for c in cols)))


@dataclass(frozen=True)
class Lexicon:
    """Reporting verbs: single lemmas (``say``) and phrasal ones (``call for``)."""

    single: frozenset[str]
    phrasal: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, verbs: list[str]) -> Lexicon:
        """The lexicon of verb entries: a lemma, or a lemma and its particle ("call for")."""
        parts = [v.split() for v in verbs]
        return cls(
            frozenset(p[0] for p in parts if len(p) == 1),
            frozenset((p[0], p[1]) for p in parts if len(p) == 2),
        )

    def lemmas(self) -> frozenset[str]:
        """Every lemma a reporting verb can start with: :func:`reporting_verb` is "" for
        a token whose lemma is not one of them."""
        return self.single | {lemma for lemma, _ in self.phrasal}

    def has_particle(self, toks: list[Tok], i: int) -> bool:
        """True when ``toks[i]`` is read with the particle after it ("called for")."""
        nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
        return toks[i].lemma not in self.single and (toks[i].lemma, nxt) in self.phrasal


def reporting_verb(toks: list[Tok], i: int, lex: Lexicon, *, coordinated: bool = False) -> str:
    """The verb (``say``, ``call for``) if ``toks[i]`` is a finite reporting verb, else "".

    Finite: VBD, VBZ, VBP; VBN after a form of *have*; VBN right after *and* when the
    sentence already has a reporting verb (``coordinated``; the tagger reads "and called
    for" as VBN).
    """
    tok = toks[i]
    verb = tok.lemma if tok.lemma in lex.single else ""
    verb = verb or (f"{tok.lemma} {toks[i + 1].lower}" if lex.has_particle(toks, i) else "")
    if not verb:
        return ""
    if tok.pos in FINITE:
        return verb
    after_have = any(t.lower in _HAVE for t in toks[max(0, i - 2) : i])
    after_and = coordinated and i > 0 and toks[i - 1].pos == "CC"
    return verb if tok.pos == "VBN" and (after_have or after_and) else ""


@dataclass(frozen=True)
class Sentence:
    """A sentence's tokens, offsets and text."""

    toks: list[Tok]
    start: int
    end: int
    text: str

    def surface(self, start: int, end: int) -> str:
        return self.text[start - self.start : end - self.start]


@dataclass(frozen=True)
class Attribution:
    """One reporting verb read: speaker, content span, and the grammatical number of the
    speaker phrase's head noun ("singular", "plural"; "" when the head is no noun)."""

    speaker: Speaker
    start: int
    end: int
    number: str = ""


def _skip(st: list[Tok], j: int, step: int = 1) -> int:
    """:func:`~.actors.skip_adjuncts` over a sentence's tokens."""
    return skip_adjuncts([t.lower for t in st], [t.pos for t in st], j, step)


def _is_boundary(tok: Tok, closing: set[int]) -> bool:
    return tok.token in BOUNDARY or tok.start in closing


def _np_speaker(sent: Sentence, a: int, b: int, mentions: list[tuple]) -> tuple[Speaker, str]:
    """(speaker, number) of the noun phrase toks[a..b]: the actor its head group names, if any.

    The head group is the phrase before its first linking preposition ("Renmin University"
    of "Renmin University of China"); a spokesperson speaks for the actor after the link.
    """
    st = sent.toks
    link = next((k for k in range(a + 1, b + 1) if st[k].lower in LINKS), b + 1)
    head_end = st[link - 1].end
    group = [m for m in mentions if m[0] < head_end and st[a].start < m[1]]
    if not group and st[link - 1].lower in SPOKES:
        group = [m for m in mentions if st[link].start <= m[0] and m[1] <= st[b].end] if link <= b else []
    phrase = sent.surface(st[a].start, st[b].end)
    head = st[link - 1]
    number = "plural" if head.pos in ("NNS", "NNPS") else "singular" if head.pos.startswith("NN") else ""
    if group:
        m = group[-1]
        return (m[2], m[3], sent.surface(m[0], m[1]) if m[0] >= st[a].start else phrase), number
    return (phrase, "", phrase), number


def _subject(st: list[Tok], i: int) -> tuple[int, int] | None:
    """Token range of the subject noun phrase before ``i``: adverbs and time words skipped,
    linking prepositions kept inside the phrase, an apposition between commas stepped over."""
    k = _skip(st, i - 1, -1)
    if k >= 1 and st[k].token == ",":  # "Wu Qiang, a political scientist, said"
        j = next((j for j in range(k - 1, -1, -1) if st[j].token == ","), -1)
        inside = st[j + 1 : k]
        if j > 0 and inside and all(t.pos in NP_TAGS or t.lower in LINKS for t in inside):
            k = j - 1
    end = k
    while k >= 0 and (st[k].pos in NP_TAGS or (st[k].lower in LINKS and k > 0 and st[k - 1].pos in NP_TAGS)):
        k -= 1
    while k + 1 <= end and st[k + 1].lower in LINKS:
        k += 1
    return (k + 1, end) if end > k else None


def read_attribution(
    sent: Sentence,
    i: int,
    closing: set[int],
    mentions: list[tuple],
    earlier: list[Attribution],
    lex: Lexicon,
) -> Attribution | None:
    """Speaker and content of the reporting verb ``sent.toks[i]``, or None."""
    st = sent.toks
    b = max((k for k in range(i) if _is_boundary(st[k], closing)), default=-1)
    r = _skip(st, i + 1)
    right = r if r < len(st) else None
    ends_clause = right is None or all(t.is_punct for t in st[right:]) or _is_boundary(st[right], closing)
    between = [t for t in st[b + 1 : i] if not t.pos.startswith("RB")]
    short_np = 0 < len(between) <= 8 and not any(t.pos.startswith(("VB", "MD")) for t in between)
    if ends_clause and b >= 0 and short_np:  # post-posed: "…, the agency added."
        a, z = _subject(st, i) or (st.index(between[0]), st.index(between[-1]))
        speaker, number = _np_speaker(sent, a, z, mentions)
        return Attribution(speaker, sent.start, st[b].end, number)
    left = next((k for k in range(i - 1, -1, -1) if not st[k].pos.startswith("RB")), None)
    before_is_clause = left is not None and any(t.pos in FINITE | {"MD"} for t in st[:left])
    inverted = (
        left is not None
        and _is_boundary(st[left], closing)
        and (before_is_clause or st[left].start in closing)
        and right is not None
        and st[right].pos in NP_TAGS
    )
    if inverted and left is not None and right is not None:  # "…, announced the CAC, …"
        stop = next(
            (k for k in range(right, len(st)) if _is_boundary(st[k], closing) or st[k].token in FINAL),
            len(st),
        )
        speaker, number = _np_speaker(sent, right, stop - 1, mentions)
        return Attribution(speaker, sent.start, st[left].start, number)
    if left is not None and st[left].pos == "CC":  # "…, and warned that": the shared subject
        if not earlier:
            return None
        speaker, number = earlier[-1].speaker, earlier[-1].number
    else:
        found = _subject(st, i)
        if found is None:
            return None
        speaker, number = _np_speaker(sent, found[0], found[1], mentions)
    c = _content_start(st, i, lex)
    start = st[c].start if c < len(st) else sent.end
    return Attribution(speaker, start, _content_end(sent, c, closing, lex), number)


def _content_start(st: list[Tok], i: int, lex: Lexicon) -> int:
    """First token of the content after the verb: past a particle ("call for"), an
    addressee ("urged firms to comply" → "comply", "told reporters that …"), *that*,
    *about*/*of* and punctuation."""
    c = i + 1 + lex.has_particle(st, i)
    when = _skip(st, c)
    if when < len(st) and st[when].pos != "POS":  # "said on Monday that …", not "said last year's …"
        c = when
    if st[i].lemma in ADDRESSEE_VERBS:
        k = next((k for k in range(c, min(c + 7, len(st))) if st[k].pos not in NP_TAGS), len(st))
        if c < k < len(st) - 1 and st[k].pos == "TO" and st[k + 1].pos == "VB":
            return k + 1
        if c < k < len(st) and st[k].lower == "that":
            c = k
    while c < len(st) and (st[c].lower in ("that", "about", "of") or st[c].token in BOUNDARY):
        c += 1
    return c


def _content_end(sent: Sentence, c: int, closing: set[int], lex: Lexicon) -> int:
    """Where pre-posed content ends: the sentence end, a coordinated reporting verb
    ("…, and warned"), or the first of the reporter's own clauses (:func:`_reporters_clause`)."""
    st = sent.toks
    for k in range(c, len(st)):
        if st[k].pos == "CC" and _coordinates_report(st, k, lex):
            return st[k - 1].start if st[k - 1].token == "," else st[k].start
        if st[k].token in DASHES:
            return st[k].start
        if st[k].token == "," and _reporters_clause(st, k):
            return st[k + 1].end if k + 1 < len(st) and st[k + 1].start in closing else st[k].start
    return sent.end


def _reporters_clause(st: list[Tok], k: int) -> bool:
    """True when the comma at ``k`` opens the reporter's clause, not the speaker's: a gloss
    (", meaning …", ", which means …") or background in an *as* clause right after the comma
    (", as regulators try to …"; not "as well as", not "especially as …")."""
    j = k + 1
    while j < len(st) and st[j].token in _CLOSE:
        j += 1
    word = st[j].lower if j < len(st) else ""
    nxt = st[j + 1] if j + 1 < len(st) else None
    if word == "meaning" or (word == "which" and nxt is not None and nxt.lemma == "mean"):
        return True
    if word != "as" or nxt is None or nxt.lower in ("well", "such", "part", "much", "many"):
        return False
    stop = next((m for m in range(j + 1, len(st)) if st[m].token in BOUNDARY | FINAL), len(st))
    return any(t.pos in FINITE | {"MD"} for t in st[j + 1 : stop])


def _coordinates_report(st: list[Tok], k: int, lex: Lexicon) -> bool:
    """True when the conjunction at ``k`` joins a following reporting verb ("…, and warned")."""
    j = k + 1
    while j < len(st) and st[j].pos.startswith("RB"):
        j += 1
    return j < len(st) and bool(reporting_verb(st, j, lex, coordinated=True))


@dataclass
class _Said:
    attribution: Attribution
    at: int  # offset of the reporting verb
    new: bool  # the speaker's first attribution in the document


@dataclass
class SpeakerHistory:
    """The attributions of one document so far, to resolve pronoun speakers.

    A pronoun (he, she, it, they) takes the most recent earlier speaker of a compatible
    type (:data:`PRONOUN_TYPES`; an unresolved phrase speaker when its head is a noun of the
    pronoun's number: *they* plural, the others singular). Walking back stops, leaving the pronoun
    unresolved, at a newly introduced speaker that is not compatible, or when, between the
    candidate and the pronoun and outside any reported words, the narrative mentions
    another actor of a compatible type or (for he/she) a new full name of two or more
    capitalised words.

    ``tokens`` rows ``rows`` are the document's tokens in text order.
    """

    tokens: TokenColumns
    rows: range
    mentions: list[tuple]
    reported: list[tuple[int, int]] = field(default_factory=list)
    said: list[_Said] = field(default_factory=list)

    def add(self, attribution: Attribution, at: int) -> None:
        key = attribution.speaker[0].lower()
        new = key not in {s.attribution.speaker[0].lower() for s in self.said}
        self.said.append(_Said(attribution, at, new))
        self.reported.append((attribution.start, attribution.end))

    def resolve(self, pronoun: str, at: int) -> Attribution | None:
        """The earlier attribution a pronoun speaker at offset ``at`` refers to, or None."""
        for said in reversed(self.said):
            speaker = said.attribution.speaker
            if speaker[1] == "" and speaker[0].lower() in PRONOUN_TYPES:
                continue
            number = "plural" if pronoun == "they" else "singular"
            if speaker[1] in PRONOUN_TYPES[pronoun] if speaker[1] else said.attribution.number == number:
                return None if self._blocked(pronoun, speaker[0], said.at, at) else said.attribution
            if said.new:
                return None
        return None

    def _outside(self, start: int, end: int, lo: int, hi: int) -> bool:
        return lo < start and end <= hi and not any(a <= start and end <= b for a, b in self.reported)

    def _blocked(self, pronoun: str, actor: str, lo: int, hi: int) -> bool:
        """True when the narrative between ``lo`` and ``hi`` introduces another referent."""
        if any(
            m[2] != actor and m[3] in PRONOUN_TYPES[pronoun] and self._outside(m[0], m[1], lo, hi)
            for m in self.mentions
        ):
            return True
        if pronoun not in ("he", "she"):
            return False
        starts, first, stop = self.tokens.start, self.rows.start, self.rows.stop
        between = self.tokens.toks(
            bisect.bisect_right(starts, lo, first, stop), bisect.bisect_left(starts, hi, first, stop)
        )
        run: list[Tok] = []
        for tok in [*between, None]:
            if tok is not None and _is_name_word(tok) and self._outside(tok.start, tok.end, lo, hi):
                run.append(tok)
                continue
            if len(run) >= 2 and not any(m[0] < run[-1].end and run[0].start < m[1] for m in self.mentions):
                return True
            run = []
        return False


def _is_name_word(tok: Tok) -> bool:
    """A capitalised proper-noun token that is not a day or month name."""
    return tok.pos in ("NNP", "NNPS") and tok.token[:1].isupper() and tok.lower not in CALENDAR
