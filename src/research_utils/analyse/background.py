"""Background corpora for the log-odds prior of keyness (Monroe et al. 2008).

A :class:`~research_utils.analyse.keyness.Background` is a term → count table and a size.
:func:`count_background` makes one from any term table; :func:`load_brown_background`
counts terms in Brown categories (NLTK data) made exactly as the study's terms are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..annotate.models import lemmatizer, stop_words
from ..annotate.tokens import is_punct
from ..errors import ResearchUtilsError
from .keyness import Background
from .terms import TermForm, TermsMap, extract_terms


def count_background(terms: pd.DataFrame, size: int, name: str = "background") -> Background:
    """A :class:`Background` from a term table (``extract_terms``) and its word-token count."""
    counts = terms["term"].astype(str).value_counts().sort_index()
    return Background(counts=counts.astype("int64"), size=int(size), name=name)


def _brown_categories(categories: str | Iterable[str] | None) -> list[str]:
    """Brown categories, checked (None: all 15); the error says how to get the corpus."""
    try:
        from nltk.corpus import brown

        known = brown.categories()
    except LookupError:
        raise ResearchUtilsError(
            "the NLTK Brown corpus (corpora/brown) is not installed: run python -m nltk.downloader brown, "
            "or set NLTK_DATA to a folder that has it"
        ) from None
    cats = known if categories is None else [categories] if isinstance(categories, str) else list(categories)
    unknown = sorted(set(cats) - set(known))
    if unknown or not cats:
        raise ResearchUtilsError(
            f"Brown categories {unknown or cats}: not in the corpus; choose from {known}"
        )
    return list(cats)


def load_brown_tables(
    categories: str | Iterable[str] | None = None, *, form: TermForm = "lower"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Brown (NLTK data) as the ``tokens`` columns terms need and a ``documents`` table:
    one document per Brown file, its category as the outlet (None: all 15 categories).

    Brown's own tokens and tags are used (universal tagset, for the WordNet lemma of
    ``form="lemma"``; with ``"lower"`` the lemma column is the lower form). ``documents`` has
    ``doc_id``, ``outlet`` and ``n_word_tokens``. For tests and benchmarks on data the
    study was not tuned to, and for :func:`load_brown_background`.
    """
    from nltk.corpus import brown

    lemmatize = lemmatizer().lemmatize if form == "lemma" else None
    wordnet_pos = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
    rows: dict[str, list] = {c: [] for c in ("doc_id", "sent_id", "token_id", "lower", "lemma")}
    outlets: dict[str, str] = {}
    for category in _brown_categories(categories):
        for fileid in brown.fileids(categories=category):
            outlets[fileid] = category
            token_id = 0
            for sent_id, sent in enumerate(brown.tagged_sents(fileid, tagset="universal")):
                for word, tag in sent:
                    lower = word.lower()
                    pos = wordnet_pos.get(tag)
                    rows["doc_id"].append(fileid)
                    rows["sent_id"].append(sent_id)
                    rows["token_id"].append(token_id)
                    rows["lower"].append(lower)
                    rows["lemma"].append(lemmatize(lower, pos) if pos and lemmatize else lower)
                    token_id += 1
    tokens = pd.DataFrame(rows)
    tokens["is_stop"] = tokens["lower"].isin(stop_words())
    tokens["is_punct"] = tokens["lower"].map(is_punct)
    words = tokens.loc[~tokens["is_punct"]].groupby("doc_id", sort=False).size()
    documents = pd.DataFrame({"doc_id": list(outlets), "outlet": list(outlets.values())})
    documents["n_word_tokens"] = documents["doc_id"].map(words).fillna(0).astype("int64")
    return tokens, documents


def load_brown_background(
    categories: str | Iterable[str] = ("news",),
    *,
    form: TermForm = "lower",
    terms_map: TermsMap = None,
    **filters: Any,
) -> Background:
    """The Brown corpus (NLTK data, ``corpora/brown``) categories as a background corpus.

    Terms are made exactly as for the articles (same ``form``, ``terms_map`` and filters of
    :func:`~research_utils.analyse.terms.extract_terms`) from Brown's own tokens and tags
    (:func:`load_brown_tables`), so the prior counts the same kind of terms. Brown ``news``
    is 1961 American press reportage.
    """
    cats = _brown_categories(categories)
    tokens, documents = load_brown_tables(cats, form=form)
    terms = extract_terms(tokens, form=form, terms_map=terms_map, **filters)
    return count_background(terms, int(documents["n_word_tokens"].sum()), name="brown " + "+".join(cats))
