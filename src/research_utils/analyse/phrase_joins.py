"""The ``phrase_joins`` table: what the terms map's joins take from the words' own counts.

Split from :mod:`.terms` (which it shares the term filters with) so that every join a count
depends on is listed beside the counts. :func:`count_phrase_joins` gives the counts of a batch
of whole documents; :func:`combine_phrase_joins` sums the counts of batches into the table,
the same table :func:`list_phrase_joins` gives for all the documents at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..annotate.phrases import phrase_key
from ..tables import as_table
from .terms import (
    TermForm,
    TermsMap,
    _join_phrases,
    _kept_words,
    _outlet_of_documents,
    _sorted_tokens,
    resolve_terms_map,
)

_KEYS = ["outlet", "term", "variant"]


def count_phrase_joins(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    terms_map: TermsMap,
    form: TermForm = "lower",
    **filters: Any,
) -> dict[str, pd.DataFrame]:
    """The counts behind :func:`list_phrase_joins` for the documents of ``tokens``: ``joins``
    (``n_joins`` per outlet, term and variant), ``taken`` (``n_taken`` per outlet, term,
    variant and word) and ``own`` (``word_freq``: the own count, per outlet, of every word of
    every variant). Counts of batches of whole documents add up to those of the corpus."""
    tokens = _sorted_tokens(tokens, form)
    variants = resolve_terms_map(terms_map)
    outlet_of = _outlet_of_documents(tokens, documents)
    matches, rows = _join_phrases(tokens, variants)
    kept = _kept_words(tokens, **filters)
    words = tokens[form].astype(str).to_numpy()
    joins = matches.assign(
        outlet=matches["doc_id"].map(outlet_of), term=matches["label"], variant=matches["phrase"]
    )
    of_match = np.repeat(np.arange(len(matches)), matches["n_tokens"].to_numpy(dtype=np.int64))
    taken = pd.DataFrame({"match": of_match[kept[rows]], "word": words[rows[kept[rows]]]})
    # A one-token variant already counted as the term (the word taken is the term): no change.
    listed = taken.groupby("match")["word"].agg(list).reindex(range(len(joins)))
    same = [isinstance(w, list) and w == [t] for w, t in zip(listed, joins["term"], strict=True)]
    joins = joins.loc[~np.array(same, dtype=bool), _KEYS]
    taken = taken.merge(joins, left_on="match", right_index=True)
    taken = taken[taken["word"] != taken["term"].astype(str)]
    covered = np.zeros(len(tokens), dtype=bool)
    covered[rows] = True
    variant_words = {w for v in variants for w in phrase_key(v)}
    own = pd.DataFrame({"outlet": tokens["doc_id"].map(outlet_of), "word": words})[kept & ~covered]
    own = own[own["word"].isin(variant_words)]
    return {
        "joins": joins.groupby(_KEYS).size().rename("n_joins").reset_index(),
        "taken": taken.groupby([*_KEYS, "word"]).size().rename("n_taken").reset_index(),
        "own": own.groupby(["outlet", "word"]).size().rename("word_freq").reset_index(),
    }


def combine_phrase_joins(parts: Iterable[dict[str, pd.DataFrame]]) -> pd.DataFrame:
    """The ``phrase_joins`` table from the :func:`count_phrase_joins` counts of batches."""
    parts = list(parts)

    def total(name: str, keys: list[str], value: str) -> pd.DataFrame:
        frames = [p[name] for p in parts if len(p[name])]
        if not frames:
            return pd.DataFrame(
                {**{k: pd.Series(dtype=object) for k in keys}, value: pd.Series(dtype="int64")}
            )
        return pd.concat(frames, ignore_index=True).groupby(keys)[value].sum().reset_index()

    joins = total("joins", _KEYS, "n_joins")
    n_taken = total("taken", [*_KEYS, "word"], "n_taken")
    own = total("own", ["outlet", "word"], "word_freq")
    table = joins.merge(n_taken, on=_KEYS, how="left")
    pairs = pd.MultiIndex.from_frame(table[["outlet", "word"]].astype(object).fillna(""))
    table["word_freq"] = own.set_index(["outlet", "word"])["word_freq"].reindex(pairs).fillna(0).to_numpy()
    table["n_taken"] = table["n_taken"].fillna(0)
    table = table.sort_values([*_KEYS, "word"], kind="stable", na_position="first")
    return as_table("phrase_joins", table)


def list_phrase_joins(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    terms_map: TermsMap,
    form: TermForm = "lower",
    **filters: Any,
) -> pd.DataFrame:
    """The ``phrase_joins`` table: every join of the terms map that changes a count.

    Same ``terms_map``, ``form`` and filters as :func:`extract_terms`. A join adds one to
    the joined term and takes its words from the terms they would have counted as on their
    own: ``deep fakes`` → ``deepfake`` takes one ``deep`` and one ``fakes``; the ``of`` of
    ``Bank of England`` was never a term. One row per outlet, joined term, variant matched
    and word taken: ``n_joins`` (times the variant was joined in the outlet), ``word`` and
    ``n_taken`` (occurrences of it the joins took; empty and 0 when none of the variant's
    words would be a term) and ``word_freq`` (the word's own count in the outlet after every
    join, as in ``term_frequencies``). A word that is the joined term itself (``alibaba`` in
    ``Alibaba Group``) loses nothing and is not listed; a variant that is one token already
    counted as the term changes nothing and is left out.
    """
    return combine_phrase_joins(
        [count_phrase_joins(tokens, documents, terms_map=terms_map, form=form, **filters)]
    )
