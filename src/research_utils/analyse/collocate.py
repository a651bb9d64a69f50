"""Multi-word collocations and where they occur, for :func:`~research_utils.analyse.suggest.suggest_terms`.

NLTK's ``BigramCollocationFinder`` and ``TrigramCollocationFinder`` count and score
(likelihood ratio, Dunning 1993) the n-grams of each sentence's lemmas; the token table
then gives every occurrence of the kept n-grams as written, vectorised over the table,
keeping those whose tags form a term (Justeson & Katz 1995, "Technical terminology:
some linguistic properties and an algorithm for identification in text").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Columns of :func:`collocations`: one row per occurrence.
OCCURRENCE_COLUMNS = (
    "key", "doc_id", "outlet", "row", "surface", "n_words", "score", "hyphenated",
)  # fmt: skip


def _score(keys: np.ndarray, brk: np.ndarray, stop: set[str], min_freq: int) -> dict[tuple[str, ...], float]:
    """Likelihood-ratio score of every 2- and 3-gram of a sentence seen ``min_freq`` times
    or more, with no stop word at an edge (``None`` keys: punctuation and numbers, never
    inside an n-gram)."""
    from nltk.collocations import (
        BigramAssocMeasures,
        BigramCollocationFinder,
        TrigramAssocMeasures,
        TrigramCollocationFinder,
    )

    sentences = [s.tolist() for s in np.split(keys, np.flatnonzero(brk)[1:])]
    scores: dict[tuple[str, ...], float] = {}
    for finder_class, measure in (
        (BigramCollocationFinder, BigramAssocMeasures.likelihood_ratio),
        (TrigramCollocationFinder, TrigramAssocMeasures.likelihood_ratio),
    ):
        finder = finder_class.from_documents(sentences)
        finder.apply_freq_filter(min_freq)
        finder.apply_ngram_filter(lambda *words: words[0] in stop or words[-1] in stop)
        scores.update(finder.score_ngrams(measure))
    return scores


def _term_pattern(pos: pd.Series, n: int) -> np.ndarray:
    """Whether the ``n`` tags from each position form a term (Justeson & Katz 1995): nouns
    and adjectives (participles too: ``waiting list``) ending in a noun, or noun-preposition-
    noun (``ministry of health``)."""
    tags = pos.astype(str)
    noun = tags.str.startswith("NN").to_numpy(dtype=bool)
    modifier = noun | tags.isin(["JJ", "JJR", "JJS", "VBG", "VBN"]).to_numpy(dtype=bool)
    ok = np.roll(noun, -(n - 1)) & modifier
    if n == 3:
        ok &= np.roll(modifier, -1) | (np.roll(tags.eq("IN").to_numpy(dtype=bool), -1) & noun)
    return ok


def _windows(values: pd.Series, n: int) -> pd.Series:
    """``values[i] + " " + ... + values[i + n - 1]`` at each position (empty past the end)."""
    out = values.copy()
    for k in range(1, n):
        out = out + " " + values.shift(-k, fill_value="")
    return out


def collocations(
    tokens: pd.DataFrame, documents: pd.DataFrame, *, min_freq: int, min_documents: int
) -> pd.DataFrame:
    """Every occurrence of the kept collocations (rules:
    :func:`~research_utils.analyse.suggest.suggest_terms`), in text order.

    ``tokens`` must be in text order (documents, then ``token_id``). Columns
    :data:`OCCURRENCE_COLUMNS`: ``key`` (the lemmas), the document and outlet, ``row`` (the
    first token's row in ``tokens``), ``surface`` (as written), ``n_words``, ``score``,
    ``hyphenated`` (a single hyphenated token standing for the words).
    """
    t = tokens.reset_index(drop=True)
    doc, sent = t["doc_id"].astype(str).to_numpy(dtype=object), t["sent_id"].to_numpy()
    brk = np.ones(len(t), dtype=bool)
    brk[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    lower = t["lower"].astype(str)
    usable = lower.str.match(r"[^\W\d_]").to_numpy(dtype=bool)
    keys = pd.Series(np.where(usable, t["lemma"].astype(str).str.lower(), ""), dtype=object)
    stop_mask = t["is_stop"].to_numpy(dtype=bool)
    stop = set(keys[stop_mask]) | set(lower[stop_mask])
    stream = keys.to_numpy(dtype=object).copy()
    stream[~usable] = None  # a barrier: no n-gram holds punctuation or a number
    scores = _score(stream, brk, stop, min_freq)
    if not scores:
        return pd.DataFrame(columns=list(OCCURRENCE_COLUMNS))
    starts, ends = t["start"].to_numpy(), t["end"].to_numpy()
    spaced = pd.Series(np.where(np.append(starts[1:] > ends[:-1], True), " ", ""), dtype=object)
    token = t["token"].astype(str).astype(object)
    parts = []
    for n in (2, 3):
        wanted = {" ".join(k) for k in scores if len(k) == n}
        ok = usable & ~np.any([np.roll(brk, -k) for k in range(1, n)], axis=0)
        ok &= np.all([np.roll(usable, -k) for k in range(1, n)], axis=0)
        ok[len(t) - n + 1 :] = False
        joined = _windows(keys, n)
        rows = np.flatnonzero(ok & joined.isin(wanted).to_numpy() & _term_pattern(t["pos"], n))
        surface = token.copy()
        for k in range(1, n):
            surface = surface + spaced.shift(-(k - 1), fill_value="") + token.shift(-k, fill_value="")
        parts.append(
            pd.DataFrame(
                {"key": joined[rows].to_numpy(), "row": rows, "surface": surface[rows].to_numpy()}
            ).assign(n_words=n, hyphenated=False)
        )
    found = pd.concat(parts, ignore_index=True)
    found["doc_id"] = doc[found["row"].to_numpy()]
    by = found.groupby("key")
    found = found[
        (by["doc_id"].transform("nunique") >= min_documents) & (by["row"].transform("size") >= min_freq)
    ]
    found = _drop_nested(found)
    found = pd.concat([found, _hyphenated(found, token, doc)], ignore_index=True)
    found["score"] = found["key"].map({" ".join(k): v for k, v in scores.items()})
    found["outlet"] = found["doc_id"].map(documents.set_index("doc_id")["outlet"]).astype(str)
    return found.sort_values(["row", "n_words"], kind="stable").reset_index(drop=True)[
        list(OCCURRENCE_COLUMNS)
    ]


def _drop_nested(found: pd.DataFrame) -> pd.DataFrame:
    """Without the two-word terms whose every occurrence is inside a kept three-word one."""
    starts = found.loc[found["n_words"] == 3, "row"].to_numpy()
    inside = (found["n_words"] == 2) & found["row"].isin(np.concatenate([starts, starts + 1]))
    nested = inside.groupby(found["key"]).transform("all")
    return found[~nested]


def _hyphenated(found: pd.DataFrame, token: pd.Series, doc: np.ndarray) -> pd.DataFrame:
    """Single hyphenated tokens whose parts are a found term's words as written (any case)."""
    words = {
        " ".join(s.lower().split()): (k, n)
        for s, k, n in zip(found["surface"], found["key"], found["n_words"], strict=True)
    }
    rows = np.flatnonzero(token.str.contains("-", regex=False).to_numpy(dtype=bool))
    hits = [(*words[w], r) for r in rows if (w := token[r].lower().replace("-", " ")) in words]
    return pd.DataFrame(
        {
            "key": [h[0] for h in hits],
            "row": np.array([h[2] for h in hits], dtype=np.int64),
            "surface": [token[h[2]] for h in hits],
            "n_words": np.array([h[1] for h in hits], dtype=np.int64),
            "hyphenated": np.ones(len(hits), dtype=bool),
            "doc_id": [doc[h[2]] for h in hits],
        }
    )
