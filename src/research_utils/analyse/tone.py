"""Tone: VADER sentiment per sentence (NLTK's SentimentIntensityAnalyzer).

VADER (Hutto & Gilbert 2014) is a lexicon-and-rules model built and validated on social
media text; news prose is flatter and its negative words often describe what a source
warns about rather than the writer's tone. Scores are a rough description of word
valence, not of an outlet's stance. The analyzer is loaded once per process, and each
distinct sentence text is scored once.

``compound`` is VADER's normalised score in [-1, 1]; by VADER's own convention a sentence
is ``negative`` below -0.05, ``positive`` above 0.05 and ``neutral`` in between.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..annotate.models import sentiment_analyzer
from ..config import FLOAT_DECIMALS, VADER_NEUTRAL_BAND
from ..tables import as_table, empty_table

_WORD = re.compile(r"[a-z][a-z'-]*")
_SCORES = ("neg", "neu", "pos", "compound")


def label_tone(compound: float) -> str:
    """``negative``, ``neutral`` or ``positive`` by VADER's ±0.05 convention."""
    if compound <= -VADER_NEUTRAL_BAND:
        return "negative"
    if compound >= VADER_NEUTRAL_BAND:
        return "positive"
    return "neutral"


def score_sentences(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The ``tone`` table: VADER's scores for every sentence, in the order of ``sentences``.

    A sentence's scores depend on its text alone, so each distinct text is scored once, by
    the one analyzer of the process; almost all the time is VADER's own."""
    if sentences.empty:
        return empty_table("tone")
    analyzer = sentiment_analyzer()
    codes, texts = pd.factorize(sentences["text"], use_na_sentinel=False)
    scores = [analyzer.polarity_scores(text) for text in texts.tolist()]
    values = np.array([[s[k] for k in _SCORES] for s in scores], dtype="float64").reshape(-1, len(_SCORES))
    labels = np.array([label_tone(s["compound"]) for s in scores], dtype=object)
    outlet = dict(zip(documents["doc_id"], documents["outlet"], strict=True))
    doc_ids = sentences["doc_id"].tolist()
    table = {
        "doc_id": doc_ids,
        "outlet": [outlet[doc_id] for doc_id in doc_ids],
        "sent_id": sentences["sent_id"].to_numpy(),
        **{k: values[codes, j] for j, k in enumerate(_SCORES)},
        "tone": labels[codes],
    }
    return as_table("tone", pd.DataFrame(table))


def summarize_tone(tone: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: sentences, mean, median, standard deviation, min and max of the compound
    score, and the sentences VADER calls negative, neutral and positive."""
    grouped = tone.groupby("outlet", sort=True)
    table = grouped["compound"].agg(["size", "mean", "median", "std", "min", "max"])
    table.columns = ["n_sentences", "mean", "median", "sd", "min", "max"]
    counts = tone.groupby(["outlet", "tone"]).size().unstack(fill_value=0)
    for label in ("negative", "neutral", "positive"):
        table[f"n_{label}"] = counts.get(label, 0)
    return table.round(FLOAT_DECIMALS).reset_index()


def rank_sentences(tone: pd.DataFrame, sentences: pd.DataFrame, *, n: int = 2) -> pd.DataFrame:
    """Per outlet, the ``n`` most negative and ``n`` most positive sentences with their text,
    so a reader can see which words drive the scores (ties: document order). An outlet with
    fewer than ``2n`` sentences lists each sentence once, negative end first."""
    table = tone.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"], how="left")
    parts = []
    for _, group in table.groupby("outlet", sort=True):
        ordered = group.sort_values("compound", kind="stable")
        negative = ordered.head(n)
        parts.append(negative.assign(end="most negative"))
        parts.append(ordered.drop(negative.index).tail(n).iloc[::-1].assign(end="most positive"))
    columns = ["outlet", "end", "doc_id", "sent_id", "compound", "tone", "valence_words", "text"]
    if not parts:
        return table.assign(end=pd.Series(dtype="string"), valence_words=pd.Series(dtype="string"))[columns]
    ranked = pd.concat(parts, ignore_index=True)
    return ranked.assign(valence_words=ranked["text"].map(valence_words))[columns]


def valence_words(text: str) -> str:
    """The words of ``text`` that VADER's lexicon scores, with their valence (``protect
    +1.4; risk -1.1``), in text order: the words that can move a sentence's score. Words are
    matched lower-cased, as VADER does; VADER's rules (negation, boosters, "but") then weigh
    them, so this explains a score, it does not recompute it."""
    lexicon = sentiment_analyzer().lexicon
    words = dict.fromkeys(w for w in _WORD.findall(text.lower()) if w in lexicon)
    return "; ".join(f"{w} {lexicon[w]:+.1f}" for w in words)
