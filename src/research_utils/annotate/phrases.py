"""Find phrases (multi-word expressions and single-word variants) in a token table.

Used wherever a list of phrases maps to labels: the terms map (``deep fakes`` →
``deepfake``), codebook indicators, actor aliases. Matching runs NLTK's
:class:`~nltk.tokenize.MWETokenizer` (longest match first, within a sentence) over each
sentence's tokens and keeps the token ids of every match, so each match can be traced
back to the text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .tokens import ascii_quotes, ptb_tokens

#: Joins the words of a multi-word match inside MWETokenizer; never occurs in tokens.
_SEP = "\x1f"

MATCH_COLUMNS = ("doc_id", "sent_id", "token_id", "last_token_id", "n_tokens", "phrase", "label")


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lower-cased NLTK tokens of ``phrase`` (how a phrase is matched against tokens).

    Typographic quotes are shown in ASCII form, as they are in the token table's tagger view.
    """
    return tuple(t.lower() for t in ptb_tokens(phrase.strip()))


def match_phrases(tokens: pd.DataFrame, phrases: Mapping[str, str], *, column: str = "lower") -> pd.DataFrame:
    """Every occurrence of every phrase in ``tokens``, longest match first.

    ``phrases`` maps a phrase (``"deep fakes"``, ``"NetEast"``) to its label
    (``"deepfake"``, ``"NetEase"``); a phrase matches the sentence's ``column`` values
    (default ``lower``) compared case-insensitively, with typographic quotes treated as
    their ASCII forms. Matches never cross a sentence boundary and never overlap.

    Returns one row per match: ``doc_id``, ``sent_id``, ``token_id`` (first token),
    ``last_token_id``, ``n_tokens``, ``phrase`` (the matched variant, as listed) and
    ``label``, ordered by ``doc_id`` and ``token_id``.
    """
    from nltk.tokenize import MWETokenizer

    by_key: dict[tuple[str, ...], tuple[str, str]] = {}
    for phrase, label in phrases.items():
        key = phrase_key(phrase)
        if key:
            by_key.setdefault(key, (phrase, label))
    mwe = MWETokenizer([k for k in by_key if len(k) > 1], separator=_SEP)
    words = [ascii_quotes(w).lower() for w in tokens[column].astype(str)]
    doc_ids = tokens["doc_id"].to_numpy()
    sent_ids = tokens["sent_id"].to_numpy()
    token_ids = tokens["token_id"].to_numpy()
    change = np.flatnonzero((doc_ids[1:] != doc_ids[:-1]) | (sent_ids[1:] != sent_ids[:-1])) + 1
    bounds = [0, *change.tolist(), len(words)]
    rows = []
    for lo, hi in itertools.pairwise(bounds):
        if lo == hi:
            continue
        i = lo
        for merged in mwe.tokenize(words[lo:hi]):
            n = merged.count(_SEP) + 1
            key = tuple(merged.split(_SEP))
            if key in by_key:
                phrase, label = by_key[key]
                rows.append(
                    (
                        doc_ids[i],
                        int(sent_ids[i]),
                        int(token_ids[i]),
                        int(token_ids[i + n - 1]),
                        n,
                        phrase,
                        label,
                    )
                )
            i += n
    matches = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    return matches.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)
