"""Find phrases (multi-word expressions and single-word variants) in a token table.

Used wherever a list of phrases maps to labels: the terms map (``deep fakes`` →
``deepfake``), codebook indicators, actor aliases, concordance queries. Matching follows
NLTK's :class:`~nltk.tokenize.MWETokenizer` exactly — within a sentence, left to right,
the longest phrase starting at a token wins and matches never overlap — and keeps the
token ids of every match, so each match can be traced back to the text.

Why not call MWETokenizer itself: it walks a trie token by token in Python, once per
sentence and lexicon (a codebook is ten lexicons), which made matching the slowest part of
the analysis. :class:`TokenIndex` encodes a token table's words as integers once; each
lexicon is then matched with a few NumPy passes (candidate starts of each phrase length
joined against the phrases' codes), and only overlapping candidates are resolved in
Python, in MWETokenizer's order. ``tests/test_phrases.py`` checks that both give the same
matches on Brown.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .tokens import ascii_quotes, ptb_tokens

MATCH_COLUMNS = ("doc_id", "sent_id", "token_id", "last_token_id", "n_tokens", "phrase", "label")


@functools.lru_cache(maxsize=1 << 16)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lower-cased NLTK tokens of ``phrase`` (how a phrase is matched against tokens).

    Typographic quotes are shown in ASCII form, as they are in the token table's tagger view.
    Remembered per phrase: the same lexicons are checked, then matched batch after batch.
    """
    return tuple(t.lower() for t in ptb_tokens(phrase.strip()))


def _encode(values: pd.Series) -> tuple[np.ndarray, dict[str, int]]:
    """Integer codes of ``values`` after :func:`ascii_quotes` and lower-casing (-1 for
    missing), and the code of each normalised word."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    words = [ascii_quotes(str(u)).lower() for u in uniques]
    merged, vocabulary = pd.factorize(pd.Index(words, dtype=object))
    lookup = np.append(merged, -1)  # code -1 (missing) stays -1
    return lookup[codes], {w: i for i, w in enumerate(vocabulary)}


class TokenIndex:
    """A token table's words as integer codes, built once and shared by every lexicon.

    Build one per token table and pass it to :func:`match_phrases` (and to the analysis
    functions that take ``index=``) instead of the table: each column is encoded the first
    time a lexicon is matched against it.
    """

    def __init__(self, tokens: pd.DataFrame, *, weak: bool = False) -> None:
        # weak: held by the cache of :func:`token_index`, which must not keep the table alive
        self._tokens: Callable[[], pd.DataFrame | None] = weakref.ref(tokens) if weak else (lambda: tokens)
        self.shape = tokens.shape
        self.doc_ids = tokens["doc_id"].to_numpy(dtype=object)
        self.sent_ids = tokens["sent_id"].to_numpy(dtype=np.int64)
        self.token_ids = tokens["token_id"].to_numpy(dtype=np.int64)
        n = len(tokens)
        change = np.ones(n, dtype=bool)
        if n:
            change[1:] = (self.doc_ids[1:] != self.doc_ids[:-1]) | (self.sent_ids[1:] != self.sent_ids[:-1])
        #: Running number of each token's sentence (a match never crosses a change of it).
        self.sentence = np.cumsum(change)
        self._codes: dict[str, tuple[np.ndarray, dict[str, int]]] = {}

    @property
    def tokens(self) -> pd.DataFrame:
        """The indexed token table."""
        tokens = self._tokens()
        if tokens is None:
            raise ValueError("the token table of this TokenIndex no longer exists")
        return tokens

    def __len__(self) -> int:
        return len(self.sent_ids)

    def codes(self, column: str) -> tuple[np.ndarray, dict[str, int]]:
        """Codes of ``column``'s normalised words, and the vocabulary (word → code)."""
        if column not in self._codes:
            self._codes[column] = _encode(self.tokens[column])
        return self._codes[column]

    def find(self, phrases: Mapping[str, str], *, column: str = "lower") -> pd.DataFrame:
        """:func:`match_phrases`'s table with one more column, ``row``: the position of the
        match's first token in the indexed table (so its other columns can be read)."""
        return self.find_each([phrases], column=column).drop(columns="lexicon")

    def find_each(self, lexicons: Sequence[Mapping[str, str]], *, column: str = "lower") -> pd.DataFrame:
        """:meth:`find` of each lexicon, in one pass over the tokens for all of them.

        Each lexicon is matched on its own (its matches never overlap; those of different
        lexicons may), exactly as :meth:`find` matches it alone. Returns :meth:`find`'s
        columns and ``lexicon`` (the lexicon's position in ``lexicons``), ordered by
        ``lexicon``, then as :meth:`find` orders them.
        """
        listed: list[tuple[str, str]] = []  # (phrase, label) of each distinct key of each lexicon
        keys: list[tuple[str, ...]] = []
        lexicon_of: list[int] = []
        for i, phrases in enumerate(lexicons):
            by_key: dict[tuple[str, ...], tuple[str, str]] = {}
            for phrase, label in phrases.items():
                key = phrase_key(phrase)
                if key:
                    by_key.setdefault(key, (phrase, label))
            keys.extend(by_key)
            listed.extend(by_key.values())
            lexicon_of.extend([i] * len(by_key))
        rows, key_of = self._starts_each(keys, np.array(lexicon_of, dtype=np.int64), column=column)
        lengths = np.array([len(keys[k]) for k in key_of.tolist()], dtype=np.int64)
        chosen = [listed[k] for k in key_of.tolist()]
        matches = pd.DataFrame(
            {
                "doc_id": pd.array(self.doc_ids[rows], dtype=object),
                "sent_id": self.sent_ids[rows],
                "token_id": self.token_ids[rows],
                "last_token_id": self.token_ids[rows + lengths - 1],
                "n_tokens": lengths,
                "phrase": pd.array([p for p, _ in chosen], dtype=object),
                "label": pd.array([label for _, label in chosen], dtype=object),
                "row": rows,
                "lexicon": np.array(lexicon_of, dtype=np.int64)[key_of],
            }
        )
        order = ["lexicon", "doc_id", "token_id"]
        return matches.sort_values(order, kind="stable").reset_index(drop=True)

    def _starts_each(
        self, keys: list[tuple[str, ...]], lexicon_of: np.ndarray, *, column: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows where a key matches in full within a sentence and which key, for every
        lexicon (``lexicon_of[k]`` is key ``k``'s): at a row the lexicon's longest key wins,
        then each lexicon's overlaps are resolved as MWETokenizer does. Ordered by lexicon,
        then row."""
        codes, vocabulary = self.codes(column)
        n = len(codes)
        by_length: dict[int, list[tuple[int, list[int]]]] = {}
        for k, key in enumerate(keys):
            coded = [vocabulary.get(w, -2) for w in key]
            if -2 not in coded:
                by_length.setdefault(len(key), []).append((k, coded))
        found_rows, found_keys = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for length in sorted(by_length):
            if length > n:
                break
            entries = by_length[length]
            table = pd.DataFrame([c for _, c in entries], columns=range(length)).assign(
                key=[k for k, _ in entries]
            )
            rows = np.flatnonzero(np.isin(codes[: n - length + 1], table[0].to_numpy()))
            rows = rows[self.sentence[rows + length - 1] == self.sentence[rows]]
            found = pd.DataFrame({j: codes[rows + j] for j in range(length)}).assign(row=rows)
            found = found.merge(table, on=list(range(length)), how="inner")
            found_rows.append(found["row"].to_numpy(np.int64))
            found_keys.append(found["key"].to_numpy(np.int64))
        rows, key_of = np.concatenate(found_rows), np.concatenate(found_keys)
        lengths = np.array([len(k) for k in keys] + [0], dtype=np.int64)[key_of]
        lexicon = lexicon_of[key_of]
        # per lexicon and row, the longest key (a lexicon lists each key once)
        order = np.lexsort((-lengths, rows, lexicon))
        rows, key_of, lengths, lexicon = rows[order], key_of[order], lengths[order], lexicon[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (lexicon[1:] != lexicon[:-1]) | (rows[1:] != rows[:-1])
        rows, key_of, lengths, lexicon = rows[first], key_of[first], lengths[first], lexicon[first]
        kept = [np.zeros(0, np.int64)]
        for block in np.split(np.arange(len(rows)), np.flatnonzero(np.diff(lexicon)) + 1):
            if len(block):
                starts = _leftmost_longest(rows[block], lengths[block])
                kept.append(block[np.searchsorted(rows[block], starts)])
        chosen = np.concatenate(kept)
        return rows[chosen], key_of[chosen]


_INDEXES: dict[int, TokenIndex] = {}


def token_index(tokens: pd.DataFrame, index: TokenIndex | None = None) -> TokenIndex:
    """``index`` when it was built from ``tokens``, else the :class:`TokenIndex` of
    ``tokens``: built once per table and shared by every lexicon matched against it while
    the table exists (the table must not be changed in place meanwhile)."""
    if index is not None:
        if index._tokens() is not tokens:
            raise ValueError("index= was built from another token table; pass TokenIndex(tokens)")
        return index
    key = id(tokens)
    cached = _INDEXES.get(key)
    if cached is not None and cached._tokens() is tokens and cached.shape == tokens.shape:
        return cached
    built = TokenIndex(tokens, weak=True)
    _INDEXES[key] = built
    weakref.finalize(tokens, _INDEXES.pop, key, None)
    return built


def _leftmost_longest(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The starts MWETokenizer keeps, scanning left to right: a match is skipped when an
    earlier kept match covers its first token. Only runs of overlapping candidates are
    resolved in Python."""
    if len(starts) < 2:
        return starts
    ends = starts + lengths
    reach = np.maximum.accumulate(ends)
    clear = np.ones(len(starts), dtype=bool)
    clear[1:] = starts[1:] >= reach[:-1]
    if clear.all():
        return starts
    keep = clear.copy()
    for block in np.split(np.arange(len(starts)), np.flatnonzero(clear)[1:]):
        if len(block) == 1:
            continue
        until = -1
        for i in block:
            keep[i] = starts[i] >= until
            if keep[i]:
                until = starts[i] + lengths[i]
    return starts[keep]


def match_phrases(
    tokens: pd.DataFrame | TokenIndex, phrases: Mapping[str, str], *, column: str = "lower"
) -> pd.DataFrame:
    """Every occurrence of every phrase in ``tokens``, longest match first.

    ``tokens`` is a token table, or a :class:`TokenIndex` of one (to match several
    lexicons without encoding the words again). ``phrases`` maps a phrase (``"deep
    fakes"``, ``"NetEast"``) to its label (``"deepfake"``, ``"NetEase"``); a phrase matches
    the sentence's ``column`` values (default ``lower``) compared case-insensitively, with
    typographic quotes treated as their ASCII forms. Matches never cross a sentence
    boundary and never overlap.

    Returns one row per match: ``doc_id``, ``sent_id``, ``token_id`` (first token),
    ``last_token_id``, ``n_tokens``, ``phrase`` (the matched variant, as listed) and
    ``label``, ordered by ``doc_id`` and ``token_id``.
    """
    index = tokens if isinstance(tokens, TokenIndex) else token_index(tokens)
    return index.find(phrases, column=column).drop(columns="row")
