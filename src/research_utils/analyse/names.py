"""Proper names in the token table: runs of proper-noun tags and the titles around them.

Used by :mod:`.suggest` (actors proposed from the data) and :mod:`.coverage` (names the
actor table misses). Hand-written rules, because NLTK has no name chunker that runs on the
token table's Penn tags without a further model (its ``ne_chunk`` needs the MaxEnt NE
chunker, which the project does not ship); the rules, each simple and listed here:

- **A name** is a run of ``NNP``/``NNPS`` tokens that start with a capital letter in one
  sentence. Inside a run, ``of``/``for`` (optionally with ``the``) join only after an
  organisation word (``Ministry of Public Security``, ``University of the Arts``), ``&``
  joins always (``Johnson & Johnson``), ``'s`` joins before an organisation word
  (``St Anne's Hospital``), ``and`` joins only in a run that already has an ``of``
  (``Ministry of Industry and Information Technology``). A capitalised word tagged
  ``JJ``/``NN``/``NNS`` right before a proper noun starts the run when the corpus never
  has it in lower case (the tagger's ``Meridian/JJ Care/NNP``). Capitalised stop words
  (``The``) and days and months are never part of a name.
- **Titles** (:data:`TITLES`) are stripped: the name starts after the run's last title
  (``Health Minister Tom Reyes`` → ``Tom Reyes``), unless what follows holds an
  organisation word (``Riverside General Hospital`` stays whole); a run that is only a
  title is no name.
- **Sentence-initial words**: a one-word name that opens the sentence (or follows an
  opening quote or colon) is dropped when the same word appears in lower case elsewhere
  in the corpus (``Analysts said`` → no name); such words are capitalised only because
  they start a sentence. Days, months and ``Jr.``/``Sr.`` alone are no name.

Alias groups and types guessed from these names: :mod:`.aliases`.
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd


def _words(text: str) -> list[str]:
    return text.split()


_OFFICIAL = (
    "minister premier president chancellor secretary governor mayor ambassador spokesperson spokesman "
    "spokeswoman senator congressman congresswoman councillor councilor councilman councilwoman "
    "commissioner official chairman chairwoman chairperson deputy judge prosecutor sheriff lawmaker "
    "legislator mp king queen prince princess pope"
)
_EXPERT = (
    "professor prof analyst researcher scientist economist scholar lecturer expert academic historian "
    "sociologist epidemiologist strategist consultant specialist commentator"
)
_PERSON = (
    "mr mrs ms miss mx dr doctor sir dame lord lady ceo cfo coo cto chief executive founder co-founder "
    "director manager boss lawyer attorney editor reporter correspondent columnist nurse surgeon coach "
    "captain officer inspector sergeant detective constable lieutenant colonel reverend rev pastor rabbi imam"
)
#: Title words (lower case, no period) and the kind of person they mark.
TITLES: dict[str, str] = {
    **{w: "person" for w in _PERSON.split()},
    **{w: "expert" for w in _EXPERT.split()},
    **{w: "official" for w in _OFFICIAL.split()},
}
_ORG = {
    "government": "ministry department agency bureau commission council administration authority parliament "
    "congress senate assembly court police government cabinet treasury committee office embassy consulate "
    "army navy municipality legislature tribunal inspectorate regulator republic",
    "company": "ltd limited inc incorporated corp corporation co company plc llc ag sa gmbh group holding "
    "holdings technologies technology bank motors airlines airways pharmaceuticals industries enterprises "
    "partners capital ventures systems solutions labs electronics telecom communications insurance "
    "securities",
    "media": "news times daily post journal herald tribune press gazette telegraph courier chronicle "
    "broadcasting television tv radio magazine wire weekly",
    "institution": "university institute academy college school laboratory centre center observatory",
    "party": "party",
    "organisation": "hospital clinic foundation association union federation society church charity trust "
    "league club alliance coalition organisation organization movement",
}
#: Organisation words (lower case, no period) and the kind of organisation they mark.
ORG_WORDS: dict[str, str] = {w: kind for kind, words in _ORG.items() for w in words.split()}
#: Legal and corporate suffixes a company's name is also written without.
LEGAL_SUFFIXES = frozenset(
    _words("ltd limited inc incorporated corp corporation co plc llc ag sa gmbh group holding holdings")
)
#: Days and months (lower case): proper nouns in the tagset, never actors alone.
CALENDAR = frozenset(w.lower().rstrip(".") for w in (*calendar.day_name, *calendar.month_name) if w)
#: Words that are no name on their own: days, months, generational suffixes (``, Jr.``).
NOT_NAMES = CALENDAR | {"jr", "sr"}
PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
#: Columns of :func:`find_names`.
NAME_COLUMNS = (
    "doc_id", "sent_id", "token_id", "last_token_id", "start", "end", "name", "title", "pronoun", "expansion",
    "common_first",
)  # fmt: skip

NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


def name_key(word: str) -> str:
    return word.lower().rstrip(".")


def _shift(values: np.ndarray, k: int, fill: object = False) -> np.ndarray:
    """``values`` moved ``k`` places later (``k`` < 0: earlier), gaps filled."""
    out = np.full_like(values, fill)
    if k > 0:
        out[k:] = values[:-k]
    elif k < 0:
        out[:k] = values[-k:]
    else:
        out[:] = values
    return out


def _members(t: pd.DataFrame, brk: np.ndarray, lowered: set[str]) -> np.ndarray:
    """Which tokens belong to a name run (module docstring: the joining rules)."""
    token = t["token"].astype(str)
    lower_s = t["lower"].astype(str)
    lower = lower_s.to_numpy(dtype=object)
    keys_s = lower_s.str.rstrip(".")
    first_upper = token.str[:1].str.isupper().to_numpy(dtype=bool)
    shouting = (token.str.isupper() & ~token.isin(["A", "I"])).to_numpy(dtype=bool)
    stop = t["is_stop"].to_numpy(dtype=bool) & ~shouting
    prop = t["pos"].isin(["NNP", "NNPS"]).to_numpy(dtype=bool) & first_upper & ~stop
    prop &= ~keys_s.isin(CALENDAR - {"may"}).to_numpy(dtype=bool)  # Theresa May
    org = keys_s.isin(ORG_WORDS.keys()).to_numpy(dtype=bool)
    same_prev, same_next = ~brk, _shift(~brk, -1)
    same_next2 = same_next & _shift(same_next, -1)
    nxt, nxt2 = _shift(prop, -1), _shift(prop, -2)
    is_the = lower == "the"
    join_of = (
        lower_s.isin(["of", "for"]).to_numpy(dtype=bool)
        & _shift(prop & org, 1)
        & same_prev
        & ((nxt & same_next) | (_shift(is_the, -1) & nxt2 & same_next2))
    )
    join_the = is_the & _shift(join_of, 1) & nxt & same_prev & same_next
    join_amp = (lower == "&") & _shift(prop, 1) & nxt & same_prev & same_next
    join_pos = (
        lower_s.isin(["'s", "’s"]).to_numpy(dtype=bool)
        & _shift(prop, 1)
        & nxt
        & _shift(org, -1)
        & same_prev
        & same_next
    )
    mistagged = t["pos"].isin(["JJ", "NN", "NNS"]).to_numpy(dtype=bool) & first_upper & ~stop
    mistagged &= ~lower_s.isin(lowered).to_numpy(dtype=bool) & nxt & same_next  # Meridian/JJ Care/NNP
    member = prop | join_of | join_the | join_amp | join_pos | mistagged
    run = np.cumsum(member & ~(_shift(member, 1) & same_prev))
    has_of = pd.Series(join_of).groupby(run).cummax().to_numpy(dtype=bool)
    join_and = (lower == "and") & _shift(member & has_of, 1) & nxt & same_prev & same_next
    return member | join_and


def _title(word: str) -> str:
    """The title ``word`` is (``Mayor-elect`` → ``mayor``), or empty."""
    key = name_key(word)
    return key if key in TITLES else next((p for p in key.split("-") if p in TITLES), "")


def _split_run(words: list[str]) -> list[tuple[int, int, str]]:
    """The names in a run of capitalised words: (first, last, title) relative to the run.

    After the run's last title comes a person's name (``Health Minister Tom Reyes``); an
    organisation before the title is a name too (``Fulton Superior Court Judge Durwood
    Pye``); an organisation word after the title keeps the run whole.
    """
    keys = [name_key(w) for w in words]
    titled = [i for i, w in enumerate(words) if _title(w)]
    if not titled:
        return [(0, len(words) - 1, "")]
    last = titled[-1]
    title = _title(words[last])
    if last + 2 < len(keys) and keys[last + 1] == "general":
        last += 1  # Attorney General Jane Doe
    if any(k in ORG_WORDS for k in keys[last + 1 :]):
        return [(0, len(words) - 1, "")]  # an organisation's name (Tax Commissioner's Office)
    begin = titled[-1]
    while begin > 0 and _title(words[begin - 1]):
        begin -= 1
    spans = [(0, begin - 1, "")] if any(k in ORG_WORDS for k in keys[:begin]) else []
    if last < len(words) - 1:
        spans.append((last + 1, len(words) - 1, title))
    return spans


def _initials_match(acronym: str, words: list[str]) -> bool:
    """``acronym``'s letters are initials of ``words`` in order (``of`` included: MOH), the
    first one included."""
    initials = [w[0].upper() for w in words if w[:1].isalpha()]
    if not initials or acronym[0] != initials[0]:
        return False
    it = iter(initials)
    return all(letter in it for letter in acronym)


def _context(t: pd.DataFrame, brk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per token: does it open its sentence (or follow an opening quote, bracket or colon),
    and is a he/she pronoun in its sentence or the next sentence of the document."""
    opener = _shift(t["pos"].isin(["``", ":", "("]).to_numpy(dtype=bool), 1) & ~brk
    initial = brk | opener | (_shift(brk & t["is_punct"].to_numpy(dtype=bool), 1) & ~brk)
    sid = np.cumsum(brk) - 1
    pron = t["lower"].astype(str).isin(list(PRONOUNS)).to_numpy(dtype=bool)
    has = np.zeros(sid[-1] + 2 if len(sid) else 1, dtype=bool)
    np.logical_or.at(has, sid, pron)
    docs = t["doc_id"].astype(str).to_numpy(dtype=object)
    sent_doc = np.concatenate([docs[brk], np.array([None], dtype=object)])
    near = has[sid] | (has[sid + 1] & (sent_doc[sid + 1] == docs))
    return initial, near


def find_names(tokens: pd.DataFrame) -> pd.DataFrame:
    """Every proper name in ``tokens`` (module docstring: the rules), in text order
    (documents in the order they first appear in ``tokens``, then ``token_id``).

    Columns :data:`NAME_COLUMNS`: the name's first and last token and character offsets
    (after titles are stripped), ``name`` as written, ``title`` (lower-case title word in or
    just before the run, or after it as ``, the mayor``), ``pronoun`` (he/she/his/her/him
    in its sentence or the next), ``expansion`` (for an acronym in ``Full Name (ACR)``: the
    full name), ``common_first`` (its first word also appears in lower case in the corpus:
    ``New York``, so no person's name).
    """
    t = tokens.assign(_doc=pd.factorize(tokens["doc_id"])[0])  # documents in the order given
    t = t.sort_values(["_doc", "token_id"], kind="stable").reset_index(drop=True)
    doc, sent = t["doc_id"].astype(str).to_numpy(dtype=object), t["sent_id"].to_numpy()
    brk = np.ones(len(t), dtype=bool)
    brk[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    lowered = set(t.loc[t["token"] == t["lower"], "lower"].astype(str))
    member = _members(t, brk, lowered)
    initial, near = _context(t, brk)
    words, lower = t["token"].astype(str).tolist(), t["lower"].astype(str).tolist()
    starts, ends = t["start"].to_numpy(), t["end"].to_numpy()
    los = np.flatnonzero(member & ~(_shift(member, 1) & ~brk)).tolist()
    his = np.flatnonzero(member & ~(_shift(member, -1) & _shift(~brk, -1))).tolist()
    rows = []
    for lo, hi in zip(los, his, strict=True):
        for a, b, title in _split_run(words[lo : hi + 1]):
            first, last = lo + a, lo + b
            single = first == last and (
                name_key(lower[first]) in NOT_NAMES or (initial[first] and lower[first] in lowered)
            )
            if single or not any(c.isalpha() for c in words[last]):
                continue
            name = words[first] + "".join(
                (" " if starts[k] > ends[k - 1] else "") + words[k] for k in range(first + 1, last + 1)
            )
            rows.append((first, last, name, title or _title_near(first, last, words, brk), bool(near[first])))
    first_row = np.array([r[0] for r in rows], dtype=np.int64)
    last_row = np.array([r[1] for r in rows], dtype=np.int64)
    names = pd.DataFrame(
        {
            "doc_id": doc[first_row],
            "sent_id": sent[first_row],
            "token_id": t["token_id"].to_numpy()[first_row],
            "last_token_id": t["token_id"].to_numpy()[last_row],
            "start": starts[first_row],
            "end": ends[last_row],
            "name": [r[2] for r in rows],
            "title": [r[3] for r in rows],
            "pronoun": np.array([r[4] for r in rows], dtype=bool),
            "expansion": _acronyms(first_row, last_row, [r[2] for r in rows], words, brk),
            "common_first": pd.Series(lower, dtype=object)[first_row].isin(lowered).to_numpy(dtype=bool),
        }
    )
    return names.astype(
        {"doc_id": "string", "sent_id": "int64", "token_id": "int64", "last_token_id": "int64"}
    )


def _title_near(first: int, last: int, words: list[str], brk: np.ndarray) -> str:
    """A title just before the name (``scientist Wu Qiang``) or in a lower-case apposition
    after it (``Carter, the mayor``; ``Haddad, a surgeon``)."""
    if not brk[first] and _title(words[first - 1]):
        return _title(words[first - 1])
    if last + 2 < len(words) and words[last + 1] == "," and not brk[last + 1]:
        for k in range(last + 2, min(last + 5, len(words))):
            if brk[k] or not words[k].isalpha() or not words[k].islower():
                break
            if _title(words[k]):
                return _title(words[k])
    return ""


def _acronyms(
    first_row: np.ndarray, last_row: np.ndarray, names: list[str], words: list[str], brk: np.ndarray
) -> list[str]:
    """Per name: for an acronym in ``Full Name (ACR)`` whose letters are the full name's
    initials, the full name; else empty."""
    expansion = [""] * len(names)
    by_first = {int(row): i for i, row in enumerate(first_row)}
    for last, name in zip(last_row.tolist(), names, strict=True):
        k = last + 2
        if k + 1 >= len(words) or words[last + 1] != "(" or words[k + 1] != ")" or brk[k] or brk[k + 1]:
            continue
        acronym = words[k]
        if (
            k in by_first
            and acronym.isupper()
            and 2 <= len(acronym) <= 8
            and _initials_match(acronym, name.split())
        ):
            expansion[by_first[k]] = name
    return expansion
