"""Tag-level grammar shared by the actor and attribution rules: time phrases, and whether a
phrase acts as the subject of a verb.

Hand-written over NLTK's Penn tags, because NLTK ships no parser that runs on the token
table without a further model; each rule is small and stated in its docstring.
"""

from __future__ import annotations

import calendar
import itertools

import pandas as pd

#: Day and month names, lower-cased (the calendar module's English names).
CALENDAR = frozenset(w.lower() for w in (*calendar.day_name, *calendar.month_name) if w)
#: Time words skipped around a verb ("Xi yesterday warned", "said on Monday that"); a lead
#: word is skipped only before a time noun ("last week", not "said this was").
TIME_NOUNS = CALENDAR | {"week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"}
TIME_WORDS = TIME_NOUNS | {"yesterday", "today", "tonight"}
_TIME_LEADS = frozenset({"on", "last", "this", "next", "earlier", "later"})


def skip_adjuncts(words: list[str], pos: list[str], j: int, step: int = 1) -> int:
    """The first index from ``j`` (going by ``step``, 1 or -1) that is no adverb and no part
    of a time phrase ("on Monday", "last week", "yesterday")."""
    while 0 <= j < len(words):
        if pos[j].startswith("RB") or words[j] in TIME_WORDS:
            noun = words[j] in TIME_NOUNS
            j += step
            if step < 0 and noun and j >= 0 and words[j] in _TIME_LEADS:
                j -= 1
        elif step > 0 and words[j] in _TIME_LEADS and j + 1 < len(words) and words[j + 1] in TIME_NOUNS:
            j += 2
        else:
            break
    return j


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Prepositions that make the next noun phrase their object, never a subject (subordinators
#: such as *after*, *since*, *because* are left out: "after China blocked …" acts).
_PREPOSITIONS = frozenset(
    {"in", "of", "on", "at", "for", "from", "with", "by", "into", "about", "under", "against", "within"}
)


def acts_as_subject(sent: pd.DataFrame, first: int, last: int) -> bool:
    """True when the phrase at rows ``first..last`` of one sentence's tokens (``token``,
    ``lower``, ``lemma``, ``pos``, ``is_punct``) is the subject of a finite active verb.

    Hand-written over the tags (no parser in NLTK): the phrase is not the end of a longer
    name ("University *of China*") nor the object of a preposition ("in the state"), and
    after it — past adverbs and time words — comes a finite verb group (VBD, VBZ, VBP, MD
    first) that is neither passive (*be* + VBN: "China was criticised") nor a copula (*be*
    last: "China is a …"). "China banned", "China has in recent months taken", "which China
    blocked", "the state will" act; "in mainland China", "China’s Communist Party", "for
    the state" do not.
    """
    token, words, lemma = sent["token"].tolist(), sent["lower"].tolist(), sent["lemma"].tolist()
    pos, punct = sent["pos"].tolist(), sent["is_punct"].tolist()
    if first >= 2 and words[first - 1] == "of" and token[first - 2][:1].isupper():
        return False
    before = first - 1 - (first >= 2 and words[first - 1] == "the")
    if before >= 0 and words[before] in _PREPOSITIONS:  # "in the state", "for China"
        return False
    j = skip_adjuncts(words, pos, last + 1)
    verbs = []
    while j < len(words) and pos[j].startswith(("VB", "MD", "RB")) and not punct[j]:
        if not pos[j].startswith("RB"):
            verbs.append(j)
        j += 1
    if not verbs or pos[verbs[0]] not in _FINITE:
        return False
    passive = any(lemma[a] == "be" and pos[b] == "VBN" for a, b in itertools.pairwise(verbs))
    return not passive and lemma[verbs[-1]] != "be"
