"""The tables :func:`~.quotes.find_quotes` reads, as plain columns sorted once.

Quote finding walks documents and sentences in Python; slicing the DataFrames per
document and iterating their pyarrow strings cost ~1 ms a sentence, far more than the
rules. Here each table is sorted once (:mod:`.doc_rows`), each needed column converted
once (NumPy, or lists), and a document is a set of row ranges; a sentence's tokens become
:class:`~.attribution.Tok` objects only when a rule reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .attribution import Lexicon, Sentence, TokenColumns
from .doc_rows import document_rows


@dataclass(frozen=True)
class QuoteColumns:
    """The call's sentences, tokens and mentions as plain columns, each sorted once by
    document (sentences by ``sent_id``; tokens by ``sent_id``, ``token_id``; mentions by
    ``start``), with every document's and sentence's row range (:mod:`.doc_rows`)."""

    doc_ids: list[str]
    sent_bounds: list[int]  # document k's sentences: rows sent_bounds[k] to sent_bounds[k + 1]
    sents: list[tuple[int, int, int, str]]  # sent_id, start, end, text
    sent_toks: list[tuple[int, int]]  # each sentence's token rows
    has_verb: list[bool]  # the sentence has a token whose lemma may start a reporting verb
    tok_bounds: list[int]
    tokens: TokenColumns
    word_bounds: list[int]  # document k's word tokens: rows of word_spans
    word_spans: np.ndarray  # offsets of word tokens (not punctuation), shape (n, 2)
    ment_bounds: list[int]
    mentions: list[tuple[int, int, str, str]]  # start, end, actor, type

    @classmethod
    def of(
        cls, sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame, lex: Lexicon
    ) -> QuoteColumns:
        order = pd.Index(pd.unique(sentences["doc_id"].dropna()))
        s_rows, s_bounds = document_rows(sentences, order, ("sent_id",))
        t_rows, t_bounds = document_rows(tokens, order, ("sent_id", "token_id"))
        m_rows, m_bounds = document_rows(mentions, order, ("start",))
        sent = {c: sentences[c].to_numpy()[s_rows] for c in ("sent_id", "start", "end")}
        tok = {c: tokens[c].to_numpy()[t_rows] for c in ("sent_id", "start", "end")}
        punct = tokens["is_punct"].to_numpy(dtype=bool)[t_rows]
        # a sentence's token rows: tokens sorted by (document, sent_id) share its key
        s_code, t_code = (np.repeat(np.arange(len(order)), np.diff(b)) for b in (s_bounds, t_bounds))
        low = min(sent["sent_id"].min(initial=0), tok["sent_id"].min(initial=0))
        width = max(sent["sent_id"].max(initial=0), tok["sent_id"].max(initial=0)) - low + 1
        s_key, t_key = s_code * width + sent["sent_id"] - low, t_code * width + tok["sent_id"] - low
        first, stop = np.searchsorted(t_key, s_key, "left"), np.searchsorted(t_key, s_key, "right")
        verbs = np.concatenate(
            ([0], np.cumsum(tokens["lemma"].isin(lex.lemmas()).to_numpy(dtype=bool)[t_rows]))
        )
        words = np.concatenate(([0], np.cumsum(~punct)))
        strings = {c: tokens[c].take(t_rows).tolist() for c in ("token", "lower", "lemma", "pos")}
        ments = mentions.take(m_rows)
        return cls(
            doc_ids=order.tolist(),
            sent_bounds=s_bounds.tolist(),
            sents=list(
                zip(*(sent[c].tolist() for c in sent), sentences["text"].take(s_rows).tolist(), strict=True)
            ),
            sent_toks=list(zip(first.tolist(), stop.tolist(), strict=True)),
            has_verb=(verbs[stop] > verbs[first]).tolist(),
            tok_bounds=t_bounds.tolist(),
            tokens=TokenColumns(
                tok["start"].tolist(), tok["end"].tolist(), **strings, is_punct=punct.tolist()
            ),
            word_bounds=words[t_bounds].tolist(),
            word_spans=np.column_stack((tok["start"], tok["end"]))[~punct],
            ment_bounds=m_bounds.tolist(),
            mentions=list(zip(*(ments[c].tolist() for c in ("start", "end", "actor", "type")), strict=True)),
        )

    def document(self, k: int) -> DocumentRows:
        """Document ``k``'s rows."""
        s, t, w, m = (
            b[k : k + 2] for b in (self.sent_bounds, self.tok_bounds, self.word_bounds, self.ment_bounds)
        )
        return DocumentRows(
            self, range(*s), range(*t), self.word_spans[w[0] : w[1]], self.mentions[m[0] : m[1]]
        )


@dataclass(frozen=True)
class DocumentRows:
    """One document's rows of :class:`QuoteColumns`: sentences and tokens as ranges."""

    columns: QuoteColumns
    sents: range
    tokens: range
    word_spans: np.ndarray
    mentions: list[tuple[int, int, str, str]]

    def text(self) -> str:
        """The document's text rebuilt from its sentences (gaps between them as spaces)."""
        sents = [self.columns.sents[s] for s in self.sents]
        chars = [" "] * max(end for _, _, end, _ in sents)
        for _, start, _, text in sents:
            chars[start : start + len(text)] = text
        return "".join(chars)

    def sentence(self, s: int) -> Sentence:
        """Sentence row ``s`` with its tokens."""
        _, start, end, text = self.columns.sents[s]
        return Sentence(self.columns.tokens.toks(*self.columns.sent_toks[s]), start, end, text)
