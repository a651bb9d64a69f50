"""Sentences, tokens, POS tags and lemmas with NLTK's own models.

Per document: Punkt splits sentences (``span_tokenize``), NLTK's word tokenizer (the one
``nltk.word_tokenize`` uses) splits each sentence, the averaged perceptron tagger (the one
``nltk.pos_tag`` uses) tags the sentence's tokens, NLTK's PTB→universal map gives ``upos``
and WordNet (``WordNetLemmatizer``) gives the lemma for the tag's word class. The tagger
and the lemmatizer are NLTK's, loaded or run faster with the same results
(:mod:`research_utils.nltk_models`).

Typographic quotes (“ ” ‘ ’ …) are shown to the tokenizer and tagger as their ASCII forms,
one character for one, because Punkt's sentence-boundary rules and the Penn Treebank
training data only know ASCII quotes: without this, ``country’s`` splits into three tokens
and ``“`` is tagged as an adjective. Offsets are unaffected and every ``token`` is the
surface form: ``text[start:end] == token`` for every token.

All models are loaded once per process, on first use (:func:`models`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .tables import as_table, empty_table

#: Typographic quotes → the ASCII quote the models were trained on (same length).
QUOTE_FORMS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
    }
)
_PTB_QUOTES = re.compile(r"``|''|\"")
_WORDNET_POS = {"J": "a", "V": "v", "N": "n", "R": "r"}


@dataclass(frozen=True)
class Models:
    """The NLTK models one process uses; build with :func:`models`."""

    sentences: object  # nltk PunktTokenizer
    words: object  # nltk NLTKWordTokenizer
    tagger: object  # nltk_models.FastPerceptronTagger: NLTK's PerceptronTagger, same tags
    lemmatizer: object  # nltk_models.FastWordNetLemmatizer: NLTK's WordNetLemmatizer, same lemmas
    stopwords: frozenset[str]
    universal: dict[str, str]


@functools.cache
def models() -> Models:
    """Load the NLTK models once per process (checking the data first)."""
    from nltk.corpus import stopwords
    from nltk.tag.mapping import tagset_mapping
    from nltk.tokenize import NLTKWordTokenizer, PunktTokenizer

    from .nltk_models import FastPerceptronTagger, FastWordNetLemmatizer
    from .resources import ensure_resources

    ensure_resources()
    lemmatizer = FastWordNetLemmatizer()
    lemmatizer.lemmatize("warm", "n")  # loads WordNet now rather than mid-document
    return Models(
        sentences=PunktTokenizer("english"),
        words=NLTKWordTokenizer(),
        tagger=FastPerceptronTagger(),
        lemmatizer=lemmatizer,
        stopwords=frozenset(stopwords.words("english")),
        universal=dict(tagset_mapping("en-ptb", "universal")),
    )


def ascii_quotes(text: str) -> str:
    """``text`` with typographic quotes replaced by ASCII ones (length unchanged)."""
    return text.translate(QUOTE_FORMS)


def ptb_tokens(sentence: str) -> list[str]:
    """NLTK's tokens for one sentence, in the form the tagger reads (``"`` as ``` `` ```/``''``)."""
    return models().words.tokenize(ascii_quotes(sentence))


def _spans(view: str, ptb: list[str]) -> list[tuple[int, int]]:
    """Character spans of NLTK's tokens in ``view``.

    Same method as ``NLTKWordTokenizer.span_tokenize`` (put the original quote back for
    each ``` `` ```/``''`` token, then ``nltk.tokenize.util.align_tokens``), written out so
    that the sentence is tokenised once and the PTB tokens are kept for the tagger.
    """
    from nltk.tokenize.util import align_tokens

    if '"' in view or "''" in view:
        originals = iter(m.group() for m in _PTB_QUOTES.finditer(view))
        ptb = [next(originals) if t in ('"', "``", "''") else t for t in ptb]
    return align_tokens(ptb, view)


@functools.lru_cache(maxsize=1 << 16)
def is_punct(token: str) -> bool:
    """True when every character is Unicode punctuation or a symbol (``$``, ``—``, ``“``)."""
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


@functools.lru_cache(maxsize=1 << 16)
def _lemma(lower: str, pos: str) -> str:
    wn_pos = _WORDNET_POS.get(pos[:1])
    if wn_pos is None:
        return lower
    return models().lemmatizer.lemmatize(lower, wn_pos)


def annotate_document(doc_id: str, text: str) -> tuple[dict[str, list], dict[str, list]]:
    """Split, tokenise, tag and lemmatise one document.

    Returns the sentence and token tables of this document as dicts of column lists
    (columns as in :data:`~research_utils.tables.SENTENCE_COLUMNS` and ``TOKEN_COLUMNS``).
    """
    m = models()
    view = ascii_quotes(text)
    # Materialise the sentence spans before tagging: NLTK's regex guard (nltk.redos) limits
    # the CPU time of Punkt's whole lazy iteration, so tagging inside it would count, and a
    # long document would fail with a spurious "catastrophic backtracking" TimeoutError.
    spans = list(m.sentences.span_tokenize(view))
    starts: list[int] = []
    ends: list[int] = []
    sent_ids: list[int] = []
    pos: list[str] = []
    for sent_id, (s_start, s_end) in enumerate(spans):
        sent_view = view[s_start:s_end]
        ptb = m.words.tokenize(sent_view)
        pos.extend(tag for _, tag in m.tagger.tag(ptb))
        for t_start, t_end in _spans(sent_view, ptb):
            starts.append(s_start + t_start)
            ends.append(s_start + t_end)
        sent_ids.extend([sent_id] * len(ptb))
    tokens = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    lowers = [t.lower() for t in tokens]
    sents = {
        "doc_id": [doc_id] * len(spans),
        "sent_id": list(range(len(spans))),
        "start": [a for a, _ in spans],
        "end": [b for _, b in spans],
        "text": [text[a:b] for a, b in spans],
    }
    toks = {
        "doc_id": [doc_id] * len(tokens),
        "sent_id": sent_ids,
        "token_id": list(range(len(tokens))),
        "token": tokens,
        "start": starts,
        "end": ends,
        "lower": lowers,
        "lemma": list(map(_lemma, lowers, pos)),
        "pos": pos,
        "upos": [m.universal.get(p, "X") for p in pos],
        "is_stop": [ascii_quotes(w) in m.stopwords for w in lowers],
        "is_punct": list(map(is_punct, tokens)),
        "is_alpha": [t.isalpha() for t in tokens],
    }
    return sents, toks


def annotate_documents(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence and token tables for a documents table (columns ``doc_id``, ``text``)."""
    parts = [annotate_document(d, t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)]
    return _concat([p[0] for p in parts], "sentences"), _concat([p[1] for p in parts], "tokens")


def _concat(parts: Iterable[dict[str, list]], table: str) -> pd.DataFrame:
    parts = list(parts)
    if not parts:
        return empty_table(table)
    return as_table(table, {c: [v for p in parts for v in p[c]] for c in parts[0]})
