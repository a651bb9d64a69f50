"""Sentences, tokens, POS tags and lemmas of one document, with NLTK's own models.

Punkt splits sentences (``span_tokenize``), NLTK's word tokenizer splits each sentence,
the averaged perceptron tagger tags it, NLTK's PTB→universal map gives ``upos`` and
WordNet gives the lemma for the tag's word class (:mod:`research_utils.annotate.models`).
Typographic quotes are shown to the models as their ASCII forms, one character for one
(the models were trained on ASCII quotes); offsets are unaffected and
``text[start:end] == token`` for every token. Details: ``docs/methods.md``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import pandas as pd

from ..schemas import METADATA_COLUMNS
from ..tables import as_table
from .models import lemmatizer, sentence_splitter, stop_words, tagger, universal_tags, word_tokenizer

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


def ascii_quotes(text: str) -> str:
    """``text`` with typographic quotes replaced by ASCII ones (length unchanged)."""
    return text.translate(QUOTE_FORMS)


def ptb_tokens(sentence: str) -> list[str]:
    """NLTK's tokens for one sentence, in the form the tagger reads (``"`` as ``` `` ```/``''``)."""
    return word_tokenizer().tokenize(ascii_quotes(sentence))


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
    return lemmatizer().lemmatize(lower, wn_pos)


#: The most characters Punkt reads at once (:func:`sentence_spans`): far above any article.
MAX_BLOCK = 200_000


def sentence_spans(view: str, splitter: Any = None) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``view``, read in blocks of at most :data:`MAX_BLOCK`
    characters so that the time Punkt takes at once is bounded.

    NLTK's regex guard (``nltk.redos``) limits the wall-clock time of Punkt's whole lazy
    iteration over a text to 5 s, so a document of some 15 MB (less on a slow machine)
    would fail with a spurious "catastrophic backtracking" ``TimeoutError``; the spans are
    also materialised here, before any tagging, for the same reason. A text of at most
    :data:`MAX_BLOCK` characters is one block: exactly Punkt's spans. A longer one is read
    window by window: the sentences of a window but its last (which the window may cut) are
    kept and the next window starts where that last sentence starts, so every boundary is
    one Punkt found with the word after it in view. A window in which Punkt finds one
    sentence only (no sentence end in 200,000 characters) is cut at its last blank line,
    else its last line break, else its last white space, else at its end.
    """
    splitter = splitter if splitter is not None else sentence_splitter()
    if len(view) <= MAX_BLOCK:
        return list(splitter.span_tokenize(view))
    spans: list[tuple[int, int]] = []
    start = 0
    while len(view) - start > MAX_BLOCK:
        window = view[start : start + MAX_BLOCK]
        found = list(splitter.span_tokenize(window))
        if len(found) > 1:
            spans.extend((start + a, start + b) for a, b in found[:-1])
            start += found[-1][0]
            continue
        cut = _block_cut(window)
        spans.extend((start + a, start + b) for a, b in splitter.span_tokenize(window[:cut]))
        start += cut
    spans.extend((start + a, start + b) for a, b in splitter.span_tokenize(view[start:]))
    return spans


def _block_cut(window: str) -> int:
    """Where to end a block of ``window`` holding no sentence end: after its last blank line,
    else its last line break, else its last white space, else at its end."""
    for mark in ("\n\n", "\n"):
        at = window.rfind(mark)
        if at > 0:
            return at + len(mark)
    space = _LAST_SPACE.search(window)
    return space.end() if space else len(window)


_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


def annotate_document(doc_id: str, text: str) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Split, tokenise, tag and lemmatise one document.

    Returns the rows of this document's ``sentences`` and ``tokens`` tables as dicts of
    column lists (columns as in :data:`~research_utils.schemas.SCHEMAS`).
    """
    splitter, words, pos_tagger = sentence_splitter(), word_tokenizer(), tagger()
    universal, stops = universal_tags(), stop_words()
    view = ascii_quotes(text)
    spans = sentence_spans(view, splitter)
    starts: list[int] = []
    ends: list[int] = []
    sent_ids: list[int] = []
    pos: list[str] = []
    for sent_id, (s_start, s_end) in enumerate(spans):
        sent_view = view[s_start:s_end]
        ptb = words.tokenize(sent_view)
        pos.extend(tag for _, tag in pos_tagger.tag(ptb))
        for t_start, t_end in _spans(sent_view, ptb):
            starts.append(s_start + t_start)
            ends.append(s_start + t_end)
        sent_ids.extend([sent_id] * len(ptb))
    tokens = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    lowers = [t.lower() for t in tokens]
    sents: dict[str, list[Any]] = {
        "doc_id": [doc_id] * len(spans),
        "sent_id": list(range(len(spans))),
        "start": [a for a, _ in spans],
        "end": [b for _, b in spans],
        "text": [text[a:b] for a, b in spans],
    }
    toks: dict[str, list[Any]] = {
        "doc_id": [doc_id] * len(tokens),
        "sent_id": sent_ids,
        "token_id": list(range(len(tokens))),
        "token": tokens,
        "start": starts,
        "end": ends,
        "lower": lowers,
        "lemma": list(map(_lemma, lowers, pos)),
        "pos": pos,
        "upos": [universal.get(p, "X") for p in pos],
        "is_stop": [ascii_quotes(w) in stops for w in lowers],
        "is_punct": list(map(is_punct, tokens)),
        "is_alpha": [t.isalpha() for t in tokens],
    }
    return sents, toks


COUNT_COLUMNS = ("n_sentences", "n_tokens", "n_word_tokens")


def summarize_documents(documents: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """The ``documents`` table: metadata plus sentence, token and word-token counts.

    ``counts`` has ``doc_id``, ``n_sentences``, ``n_tokens`` and ``n_word_tokens``;
    documents without counts get zeros.
    """
    table = documents[list(METADATA_COLUMNS)].join(counts.set_index("doc_id"), on="doc_id")
    return as_table("documents", table.fillna({c: 0 for c in COUNT_COLUMNS}))
