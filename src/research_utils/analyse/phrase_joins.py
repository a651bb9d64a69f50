"""The ``phrase_joins`` table: what the terms map's joins take from the words' own counts.

Split from :mod:`.terms` (which it shares the term filters with) so that every join a count
depends on is listed beside the counts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

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
    tokens = _sorted_tokens(tokens, form)
    outlet_of = _outlet_of_documents(tokens, documents)
    matches, rows = _join_phrases(tokens, resolve_terms_map(terms_map))
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
    keys = ["outlet", "term", "variant"]
    joins = joins.loc[~np.array(same, dtype=bool), keys]
    taken = taken.merge(joins, left_on="match", right_index=True)
    taken = taken[taken["word"] != taken["term"].astype(str)]
    n_taken = taken.groupby([*keys, "word"]).size().rename("n_taken").reset_index()
    table = joins.groupby(keys).size().rename("n_joins").reset_index().merge(n_taken, on=keys, how="left")
    covered = np.zeros(len(tokens), dtype=bool)
    covered[rows] = True
    own = pd.DataFrame({"outlet": tokens["doc_id"].map(outlet_of), "word": words})[kept & ~covered]
    pairs = pd.MultiIndex.from_frame(table[["outlet", "word"]].astype(object).fillna(""))
    table["word_freq"] = own.groupby(["outlet", "word"]).size().reindex(pairs).fillna(0).to_numpy()
    table["n_taken"] = table["n_taken"].fillna(0)
    table = table.sort_values([*keys, "word"], kind="stable", na_position="first")
    return as_table("phrase_joins", table)
