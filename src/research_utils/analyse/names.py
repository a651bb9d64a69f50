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

from collections.abc import Callable, Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .name_words import (
    CALENDAR,
    NOT_NAMES,
    ORG_WORDS,
    PRONOUNS,
    TITLES,
    name_key,
)


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


def _title(word: str) -> str:
    """The title ``word`` is (``Mayor-elect`` → ``mayor``), or empty."""
    key = name_key(word)
    return key if key in TITLES else next((p for p in key.split("-") if p in TITLES), "")


def _initials_match(acronym: str, words: list[str]) -> bool:
    """``acronym``'s letters are initials of ``words`` in order (``of`` included: MOH), the
    first one included."""
    initials = [w[0].upper() for w in words if w[:1].isalpha()]
    if not initials or acronym[0] != initials[0]:
        return False
    it = iter(initials)
    return all(letter in it for letter in acronym)


def lower_case_words(tokens: pd.DataFrame) -> set[str]:
    """The words ``tokens`` has in lower case (``token`` equal to ``lower``): the corpus
    knowledge :func:`find_names` uses to tell a capitalised sentence opener or a mistagged
    adjective from a name. For batches of documents: the union over the batches."""
    same = (tokens["token"] == tokens["lower"]).to_numpy(dtype=bool, na_value=False)
    return set(tokens["lower"][same].unique().tolist())


class _Words:
    """A string column in text order as codes into its distinct values, so that a property
    of a word is computed once per distinct word, not once per token."""

    def __init__(self, values: pd.Series, order: np.ndarray) -> None:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        self.codes = codes[order]
        self.uniques = pd.Series(uniques, dtype=values.dtype)

    def where(self, test: pd.Series) -> np.ndarray:
        """Per token: ``test``, a boolean Series over the distinct values."""
        return test.fillna(False).to_numpy(dtype=bool)[self.codes]

    def apply(self, rows: np.ndarray, fn: Callable[[str], object], fill: object = "") -> np.ndarray:
        """``fn`` of the words at token ``rows``, called once per distinct word."""
        needed = np.unique(self.codes[rows])
        values = np.full(len(self.uniques), fill, dtype=object)
        values[needed] = [fn(w) for w in self.uniques.iloc[needed].astype(str)]
        return values[self.codes[rows]]


def _in_text_order(tokens: pd.DataFrame) -> np.ndarray:
    """Row order of ``tokens``: documents in order of first appearance, then ``token_id``."""
    doc = pd.factorize(tokens["doc_id"])[0].astype(np.int64)
    ids = tokens["token_id"].to_numpy(dtype=np.int64)
    return np.argsort(doc * (int(ids.max()) + 1 if len(ids) else 1) + ids, kind="stable")


def _flags(
    tokens: pd.DataFrame, order: np.ndarray, lowered: Collection[str]
) -> tuple[dict[str, np.ndarray], _Words, _Words]:
    """Per-token flags the rules read (in text order), each computed once per distinct word
    or tag; with the ``token`` and ``lower`` columns as :class:`_Words`."""
    token, lower, pos = (_Words(tokens[c], order) for c in ("token", "lower", "pos"))
    words, low, tags = token.uniques, lower.uniques, pos.uniques
    key = low.str.rstrip(".")
    flags = {
        "first_upper": token.where(words.str[:1].str.isupper()),
        "shouting": token.where(words.str.isupper() & ~words.isin(["A", "I"])),
        "comma": token.where(words == ","),
        "open": token.where(words == "("),
        "close": token.where(words == ")"),
        "calendar": lower.where(key.isin(CALENDAR - {"may"})),
        "org": lower.where(key.isin(ORG_WORDS.keys())),
        "lowered": lower.where(low.isin(lowered)),
        "of": lower.where(low.isin(["of", "for"])),
        "the": lower.where(low == "the"),
        "amp": lower.where(low == "&"),
        "pos_s": lower.where(low.isin(["'s", "’s"])),
        "and": lower.where(low == "and"),
        "pronoun": lower.where(low.isin(list(PRONOUNS))),
        "proper": pos.where(tags.isin(["NNP", "NNPS"])),
        "common_tag": pos.where(tags.isin(["JJ", "NN", "NNS"])),
        "opener": pos.where(tags.isin(["``", ":", "("])),
    }
    for column in ("is_stop", "is_punct"):
        flags[column] = tokens[column].to_numpy(dtype=bool)[order]
    return flags, token, lower


def _members(t: dict[str, np.ndarray], brk: np.ndarray) -> np.ndarray:
    """Which tokens belong to a name run (module docstring: the joining rules)."""
    stop = t["is_stop"] & ~t["shouting"]
    prop = t["proper"] & t["first_upper"] & ~stop & ~t["calendar"]  # Theresa May
    org = t["org"]
    same_prev, same_next = ~brk, _shift(~brk, -1)
    same_next2 = same_next & _shift(same_next, -1)
    nxt, nxt2 = _shift(prop, -1), _shift(prop, -2)
    the_next = _shift(t["the"], -1) & nxt2 & same_next2
    join_of = t["of"] & _shift(prop & org, 1) & same_prev & ((nxt & same_next) | the_next)
    join_the = t["the"] & _shift(join_of, 1) & nxt & same_prev & same_next
    join_amp = t["amp"] & _shift(prop, 1) & nxt & same_prev & same_next
    join_pos = t["pos_s"] & _shift(prop, 1) & nxt & _shift(org, -1) & same_prev & same_next
    mistagged = t["common_tag"] & t["first_upper"] & ~stop & ~t["lowered"] & nxt & same_next  # Meridian/JJ
    member = prop | join_of | join_the | join_amp | join_pos | mistagged
    index = np.arange(len(member))
    begins = member & ~(_shift(member, 1) & same_prev)
    group = np.maximum.accumulate(np.where(begins, index, 0))  # first row of the run a row follows
    has_of = np.maximum.accumulate(np.where(join_of, index, -1)) >= group  # an "of" so far in the run
    join_and = t["and"] & _shift(member & has_of, 1) & nxt & same_prev & same_next
    return member | join_and


def _context(t: dict[str, np.ndarray], brk: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per token: does it open its sentence (or follow an opening quote, bracket or colon),
    and is a he/she pronoun in its sentence or the next sentence of the document."""
    initial = brk | (_shift(t["opener"], 1) & ~brk) | (_shift(brk & t["is_punct"], 1) & ~brk)
    sid = np.cumsum(brk) - 1
    has = np.zeros(sid[-1] + 2 if len(sid) else 1, dtype=bool)
    has[sid[t["pronoun"]]] = True
    sent_doc = np.append(doc[brk], -1)
    return initial, has[sid] | (has[sid + 1] & (sent_doc[sid + 1] == doc))


def _split_runs(los: np.ndarray, his: np.ndarray, t: dict[str, np.ndarray]) -> pd.DataFrame:
    """The names in the runs ``los[i]..his[i]`` (``first``, ``last`` row, ``title``), in
    text order. After a run's last title comes a person's name (``Health Minister Tom
    Reyes``; ``Attorney General Jane Doe``); an organisation before the title is a name too
    (``Fulton Superior Court Judge Durwood Pye``); an organisation word after the title
    keeps the run whole (``Tax Commissioner's Office``); a run that is only titles is none."""
    title, index = t["title"], np.arange(len(t["title"]))
    org = np.concatenate([[0], np.cumsum(t["org_key"])])  # org[i]: organisation words before row i
    last_title = np.maximum.accumulate(np.where(title != "", index, -1))[his]
    titled = last_title >= los
    at = np.where(titled, last_title, los)
    general = titled & (at + 2 <= his) & t["general"][np.minimum(at + 1, len(index) - 1)]
    last = np.where(general, at + 1, at)
    streak = np.maximum.accumulate(np.where(title != "", -1, index)) + 1  # first row of a title streak
    begin = np.maximum(streak[at], los)
    whole = ~titled | (org[his + 1] - org[last + 1] > 0)
    before = ~whole & (org[begin] - org[los] > 0)
    after = ~whole & (last < his)
    run = np.arange(len(los))
    spans = pd.DataFrame(
        {
            "run": np.concatenate([run[whole], run[before], run[after]]),
            "part": np.repeat([0, 0, 1], [whole.sum(), before.sum(), after.sum()]),
            "first": np.concatenate([los[whole], los[before], last[after] + 1]),
            "last": np.concatenate([his[whole], begin[before] - 1, his[after]]),
            "title": np.concatenate(
                [np.full(whole.sum() + before.sum(), "", dtype=object), title[at[after]]]
            ),
        }
    )
    return spans.sort_values(["run", "part"], kind="stable").reset_index(drop=True)


def _title_near(
    first: np.ndarray, last: np.ndarray, brk: np.ndarray, token: _Words, comma: np.ndarray
) -> np.ndarray:
    """Per name: a title just before it (``scientist Wu Qiang``) or in a lower-case
    apposition after it (``Carter, the mayor``; ``Haddad, a surgeon``); else empty."""
    size = len(brk)
    out = token.apply(np.maximum(first - 1, 0), _title)
    out[brk[first]] = ""
    nxt = np.minimum(last + 1, size - 1)
    going = (out == "") & (last + 2 < size) & comma[nxt] & ~brk[nxt]
    for step in (2, 3, 4):  # up to three lower-case words after the comma
        k = np.minimum(last + step, size - 1)
        going &= (last + step < size) & ~brk[k]
        going[going] = token.apply(k[going], _lower_word, False).astype(bool)
        title = token.apply(k[going], _title)
        found = np.flatnonzero(going)[title != ""]
        out[found] = title[title != ""]
        going[found] = False
    return out


def find_names(tokens: pd.DataFrame, *, lowered: Collection[str] | None = None) -> pd.DataFrame:
    """Every proper name in ``tokens`` (module docstring: the rules), in text order
    (documents in the order they first appear in ``tokens``, then ``token_id``).

    Columns :data:`NAME_COLUMNS`: the name's first and last token and character offsets
    (after titles are stripped), ``name`` as written, ``title`` (lower-case title word in or
    just before the run, or after it as ``, the mayor``), ``pronoun`` (he/she/his/her/him
    in its sentence or the next), ``expansion`` (for an acronym in ``Full Name (ACR)``: the
    full name), ``common_first`` (its first word also appears in lower case in the corpus:
    ``New York``, so no person's name).

    ``lowered`` is the corpus's lower-case vocabulary (:func:`lower_case_words`; default:
    that of ``tokens``), the one input beyond a document: given the whole corpus's, a batch
    of whole documents gets exactly its rows of the whole corpus's table.
    """
    order = _in_text_order(tokens)
    t, token, lower = _flags(tokens, order, lower_case_words(tokens) if lowered is None else lowered)
    doc = pd.factorize(tokens["doc_id"])[0][order]
    sent = tokens["sent_id"].to_numpy()[order]
    brk = np.ones(len(order), dtype=bool)
    brk[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    member = _members(t, brk)
    initial, near = _context(t, brk, doc)
    rows = np.flatnonzero(member)
    for flag, fn, fill in (
        ("title", _title, ""),
        ("org_key", _is_org, False),
        ("general", _is_general, False),
    ):
        t[flag] = np.full(len(order), fill, dtype=object if flag == "title" else bool)
        t[flag][rows] = token.apply(rows, fn, fill)
    los = np.flatnonzero(member & ~(_shift(member, 1) & ~brk))
    his = np.flatnonzero(member & ~(_shift(member, -1) & _shift(~brk, -1)))
    spans = _split_runs(los, his, t)
    first, last = spans["first"].to_numpy(), spans["last"].to_numpy()
    single = (first == last) & (
        lower.apply(first, _not_name, False).astype(bool) | (initial[first] & t["lowered"][first])
    )
    keep = ~single & token.apply(last, _has_letter, False).astype(bool)
    spans = spans[keep].reset_index(drop=True)
    return _name_table(tokens, order, spans, t, (doc, brk, near), token)


def _is_org(word: str) -> bool:
    return name_key(word) in ORG_WORDS


def _is_general(word: str) -> bool:
    return name_key(word) == "general"


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


def _not_name(word: str) -> bool:
    return name_key(word) in NOT_NAMES


def _lower_word(word: str) -> bool:
    return word.isalpha() and word.islower()


def _join_words(
    first: np.ndarray, last: np.ndarray, starts: np.ndarray, ends: np.ndarray, token: _Words
) -> list[str]:
    """Per name: its words as written, a space where the text has a gap (``U.S.``, ``O'Neill``
    stay whole), joined by pyarrow's list join."""
    lengths = last - first + 1
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    rows = np.repeat(first - offsets[:-1], lengths) + np.arange(offsets[-1])
    gap = np.zeros(len(rows), dtype=bool)
    gap[1:] = starts[rows[1:]] > ends[rows[1:] - 1]
    gap[offsets[:-1][lengths > 0]] = False  # a name's first word
    words = pa.array(token.uniques.to_numpy(dtype=object)[token.codes[rows]], type=pa.string())
    pieces = pc.binary_join_element_wise(pa.array(np.where(gap, " ", "")), words, "")
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), pieces), "").to_pylist()


def _name_table(
    tokens: pd.DataFrame,
    order: np.ndarray,
    spans: pd.DataFrame,
    t: dict[str, np.ndarray],
    context: tuple[np.ndarray, np.ndarray, np.ndarray],
    token: _Words,
) -> pd.DataFrame:
    """The :func:`find_names` table of the name ``spans`` (rows in text ``order``)."""
    doc, brk, near = context
    first, last = spans["first"].to_numpy(), spans["last"].to_numpy()
    starts, ends = (tokens[c].to_numpy()[order] for c in ("start", "end"))
    token_id = tokens["token_id"].to_numpy()[order]
    names = _join_words(first, last, starts, ends, token)
    title = spans["title"].to_numpy(dtype=object)
    title = np.where(title != "", title, _title_near(first, last, brk, token, t["comma"]))
    doc_ids = pd.Series(pd.factorize(tokens["doc_id"])[1]).astype(str).to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "doc_id": doc_ids[doc[first]],
            "sent_id": tokens["sent_id"].to_numpy()[order][first],
            "token_id": token_id[first],
            "last_token_id": token_id[last],
            "start": starts[first],
            "end": ends[last],
            "name": names,
            "title": title.tolist(),
            "pronoun": near[first].astype(bool),
            "expansion": _acronyms(first, last, names, t, brk, token),
            "common_first": t["lowered"][first],
        }
    )
    return table.astype(
        {"doc_id": "string", "sent_id": "int64", "token_id": "int64", "last_token_id": "int64"}
    )


def _acronyms(
    first: np.ndarray,
    last: np.ndarray,
    names: list[str],
    t: dict[str, np.ndarray],
    brk: np.ndarray,
    token: _Words,
) -> list[str]:
    """Per name: for an acronym in ``Full Name (ACR)`` whose letters are the full name's
    initials, the full name; else empty."""
    expansion = [""] * len(names)
    size = len(brk)
    k = np.minimum(last + 2, size - 1)
    after, close = np.minimum(last + 1, size - 1), np.minimum(last + 3, size - 1)
    ok = (last + 3 < size) & t["open"][after] & t["close"][close] & ~brk[k] & ~brk[close]
    target = np.minimum(np.searchsorted(first, k), max(len(first) - 1, 0))
    ok &= first[target] == k if len(first) else ok
    for i, acronym in zip(np.flatnonzero(ok).tolist(), token.apply(k[ok], str), strict=True):
        if acronym.isupper() and 2 <= len(acronym) <= 8 and _initials_match(acronym, names[i].split()):
            expansion[int(target[i])] = names[i]
    return expansion
