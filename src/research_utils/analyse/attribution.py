"""Reading a reporting verb: who speaks, and which words are reported.

Hand-written rules over NLTK's tags (no library does this without a parser): a finite
verb from the reporting-verb lexicon is read as post-posed ("…, the agency added"),
inverted ("…, announced the CAC") or pre-posed ("Wu Qiang said …"), giving the speaker
phrase and the span of the reported content. Rules: ``docs/methods.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

BOUNDARY = frozenset({",", ";", ":", "—", "–"})
FINAL = frozenset({".", "!", "?"})
NP_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP", "POS", "CD", "PRP$"})
_HAVE = frozenset({"have", "has", "had", "'ve", "’ve", "'d", "’d"})

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


def is_reporting_verb(toks: list[Tok], i: int, lexicon: set[str]) -> bool:
    tok = toks[i]
    if tok.lemma not in lexicon:
        return False
    if tok.pos in ("VBD", "VBZ", "VBP"):
        return True
    return tok.pos == "VBN" and any(t.lower in _HAVE for t in toks[max(0, i - 2) : i])


def _is_boundary(tok: Tok, closing: set[int]) -> bool:
    return tok.token in BOUNDARY or tok.start in closing


@dataclass(frozen=True)
class Sentence:
    """A sentence's tokens, offsets and text."""

    toks: list[Tok]
    start: int
    end: int
    text: str

    def surface(self, start: int, end: int) -> str:
        return self.text[start - self.start : end - self.start]


def _speaker(sent: Sentence, start: int, end: int, mentions: list[tuple], first: bool) -> Speaker:
    """(speaker, type, phrase) for the phrase at [start, end): an overlapping actor if any."""
    phrase = sent.surface(start, end)
    hits = [m for m in mentions if m[0] < end and start < m[1]]
    if hits:
        m = hits[0] if first else hits[-1]
        return (m[2], m[3], phrase)
    return (phrase, "", phrase)


def read_attribution(
    sent: Sentence,
    i: int,
    closing: set[int],
    mentions: list[tuple],
    earlier: list[Speaker | None],
    lexicon: set[str],
) -> tuple[Speaker, int, int] | None:
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
        and st[right].pos in NP_TAGS
    ):
        # inverted: "…, announced the Cyberspace Administration of China, …"
        stop = next(
            (k for k in range(right, len(st)) if _is_boundary(st[k], closing) or st[k].token in FINAL),
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
    while c < len(st) and (st[c].lower == "that" or st[c].token in BOUNDARY):
        c += 1
    c_end = sent.end
    for k in range(i + 1, len(st)):
        if st[k].pos == "CC" and _coordinates_report(st, k, lexicon):
            c_end = st[k - 1].start if st[k - 1].token == "," else st[k].start
            break
    return speaker, (st[c].start if c < len(st) else sent.end), c_end


def _preposed_speaker(
    sent: Sentence,
    i: int,
    b: int,
    left: int | None,
    mentions: list[tuple],
    earlier: list[Speaker | None],
) -> Speaker | None:
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
    while k >= 0 and st[k].pos in NP_TAGS:
        k -= 1
    if np_end > k:
        return _speaker(sent, st[k + 1].start, st[np_end].end, mentions, first=False)
    return None


def _coordinates_report(st: list[Tok], k: int, lexicon: set[str]) -> bool:
    """True when the conjunction at ``k`` joins a following finite reporting verb ("…, and warned")."""
    j = k + 1
    while j < len(st) and st[j].pos.startswith("RB"):
        j += 1
    return j < len(st) and st[j].lemma in lexicon and st[j].pos in ("VBD", "VBZ", "VBP")
