"""Terms, n-grams and term frequencies per outlet, from the token table.

A *term* is what gets counted (:func:`extract_terms`): first the terms map joins phrases
and spelling variants (``deep fakes`` → ``deepfake``) with the shared phrase matcher, then
every other token becomes its lower-cased form or lemma unless a filter drops it (stop
words, punctuation, numbers, short tokens). Tables are tidy: one row per term occurrence
(:data:`TERM_COLUMNS`), and ``term_frequencies`` (one row per outlet and term).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ..annotate.phrases import MATCH_COLUMNS, match_phrases, phrase_key
from ..errors import InputError, ResearchUtilsError
from ..files import read_user_csv
from ..tables import as_table

TermForm = Literal["lower", "lemma"]
TERM_FORMS: tuple[TermForm, ...] = ("lower", "lemma")
#: Columns of a term table: one row per term occurrence.
TERM_COLUMNS = ("doc_id", "sent_id", "token_id", "last_token_id", "term")

#: A terms map: a CSV path, ``{variant: term}``, or None for none.
TermsMap = str | Path | Mapping[str, str] | None

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"


def read_terms_map(path: str | Path) -> dict[str, str]:
    """Read a terms map CSV (columns ``term,variant``) as ``{variant: term}``.

    Every term is also a variant of
    itself. Variants are compared as :func:`~research_utils.annotate.phrases.phrase_key`
    does (case-insensitive NLTK tokens), so ``Deep fakes`` and ``deep fakes`` are the same
    variant; one variant listed under two different terms is an error.
    """
    source = Path(path)
    fix = "give a UTF-8 CSV file with a header row `term,variant` and one variant per row"
    records = read_user_csv(source, required=("term", "variant"), what="terms map", fix=fix, allow_empty=True)
    variants: dict[str, str] = {}
    owner: dict[tuple[str, ...], tuple[str, int]] = {}
    for line, row in records:
        term, variant = row["term"], row["variant"]
        if not term or not variant:
            raise InputError(source, "empty term or variant", "fill in both columns or delete the row", line)
        for phrase in (variant, term):
            key = phrase_key(phrase)
            if key in owner and owner[key][0] != term:
                raise InputError(
                    source,
                    f"variant {phrase!r} is listed for {owner[key][0]!r} (line {owner[key][1]}) and {term!r}",
                    "keep the variant under one term",
                    line,
                )
            owner.setdefault(key, (term, line))
            variants.setdefault(phrase, term)
    return variants


def resolve_terms_map(terms_map: TermsMap) -> dict[str, str]:
    """``{variant: term}`` from a path, a mapping, or ``None`` (no phrase joining)."""
    if terms_map is None:
        return {}
    if isinstance(terms_map, str | Path):
        return read_terms_map(terms_map)
    variants = dict(terms_map)
    for term in set(variants.values()):
        variants.setdefault(term, term)
    return variants


def require_columns(df: pd.DataFrame, needed: Iterable[str], what: str) -> None:
    """Refuse a table that lacks ``needed`` columns, naming the table to pass instead."""
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ResearchUtilsError(
            f"the {what} table has no column(s) {missing}; pass the processed `{what}` table "
            f"(research_utils.tables.read_table({what!r}, processed_dir))"
        )


def extract_terms(
    tokens: pd.DataFrame,
    *,
    form: TermForm = "lower",
    terms_map: TermsMap = None,
    drop_stop: bool = True,
    drop_punct: bool = True,
    drop_numbers: bool = True,
    min_length: int = 2,
    stop_words: Iterable[str] = (),
) -> pd.DataFrame:
    """The term stream of a token table: one row per term, in text order.

    Parameters (defaults in brackets):

    - ``form`` [``"lower"``]: ``"lower"`` (the lower-cased token) or ``"lemma"`` (its
      WordNet lemma, so ``fakes`` counts as ``fake``).
    - ``terms_map`` [none]: a ``term,variant`` CSV path, a ``{variant: term}``
      mapping, or ``{}`` for none. Matched phrases become one term, applied before the
      filters and exempt from them.
    - ``drop_stop`` [True]: drop tokens whose lower form is in NLTK's English stop-word
      list (the token table's ``is_stop``) or in ``stop_words`` [none].
    - ``drop_punct`` [True]: drop punctuation and symbol tokens (``is_punct``).
    - ``drop_numbers`` [True]: drop tokens with a digit and no letter (``11``, ``2019``).
    - ``min_length`` [2]: drop terms with fewer letters and digits than this (``’s``).

    Returns columns :data:`TERM_COLUMNS`: ``doc_id``, ``sent_id``, ``token_id`` (first
    token), ``last_token_id`` (last token; differs for map phrases) and ``term``, ordered by
    ``doc_id`` and ``token_id``.
    """
    tokens = _sorted_tokens(tokens, form)
    matches, rows = _join_phrases(tokens, resolve_terms_map(terms_map))
    covered = np.zeros(len(tokens), dtype=bool)
    covered[rows] = True
    phrases = matches.rename(columns={"label": "term"})[list(TERM_COLUMNS)]
    keep = ~covered & _kept_words(
        tokens,
        drop_stop=drop_stop,
        drop_punct=drop_punct,
        drop_numbers=drop_numbers,
        min_length=min_length,
        stop_words=stop_words,
    )
    words = tokens.loc[keep, ["doc_id", "sent_id", "token_id"]].assign(
        last_token_id=tokens.loc[keep, "token_id"], term=tokens.loc[keep, form].astype(str)
    )
    parts = [p for p in (words, phrases) if len(p)]
    terms = pd.concat(parts, ignore_index=True) if parts else words
    return _as_terms(terms)


def _sorted_tokens(tokens: pd.DataFrame, form: str) -> pd.DataFrame:
    if form not in TERM_FORMS:
        raise ResearchUtilsError(f"form={form!r}: choose one of {TERM_FORMS}")
    require_columns(tokens, ("doc_id", "sent_id", "token_id", "lower", form, "is_stop", "is_punct"), "tokens")
    return sort_tokens(tokens)


def sort_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` in text order (by ``doc_id``, ``token_id``) with a fresh index; a table
    already in that order (as written by the prepare stage) is not sorted again."""
    doc_ids = tokens["doc_id"].to_numpy(dtype=object)
    token_ids = tokens["token_id"].to_numpy()
    same = doc_ids[1:] == doc_ids[:-1]
    ordered = bool(np.all(doc_ids[1:] >= doc_ids[:-1]) and np.all(token_ids[1:][same] > token_ids[:-1][same]))
    if ordered:
        return tokens if tokens.index.equals(pd.RangeIndex(len(tokens))) else tokens.reset_index(drop=True)
    return tokens.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)


def _join_phrases(tokens: pd.DataFrame, variants: Mapping[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The terms map's matches in ``tokens`` (sorted by document and token) and the row of
    each token they cover, match after match (:data:`MATCH_COLUMNS` order)."""
    matches = pd.DataFrame(columns=list(MATCH_COLUMNS))
    if not variants or not len(tokens):
        return matches, np.zeros(0, dtype=np.int64)
    matches = match_phrases(tokens, variants, column="lower")
    if not len(matches):
        return matches, np.zeros(0, dtype=np.int64)
    # Row of each match's first token; phrases never cross a sentence, so the rows of one
    # match are consecutive.
    index = pd.MultiIndex.from_frame(tokens[["doc_id", "token_id"]])
    first = index.get_indexer(pd.MultiIndex.from_frame(matches[["doc_id", "token_id"]]))
    lengths = matches["n_tokens"].to_numpy(dtype=np.int64)
    return matches, np.repeat(first, lengths) + _ranges(lengths)


def _kept_words(
    tokens: pd.DataFrame,
    *,
    drop_stop: bool = True,
    drop_punct: bool = True,
    drop_numbers: bool = True,
    min_length: int = 2,
    stop_words: Iterable[str] = (),
) -> np.ndarray:
    """Which tokens the filters of :func:`extract_terms` keep as terms of their own."""
    keep = np.ones(len(tokens), dtype=bool)
    codes, uniques = pd.factorize(tokens["lower"])  # the word filters run once per distinct word
    words = pd.Series(uniques.astype(str), dtype="string")
    if drop_stop:
        extra = {w.lower() for w in stop_words}
        keep &= ~(tokens["is_stop"].to_numpy(dtype=bool) | words.isin(extra).to_numpy()[codes])
    if drop_punct:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
    if drop_numbers:
        keep &= ~(words.str.contains(r"\d") & ~words.str.contains(_LETTER)).to_numpy(dtype=bool)[codes]
    if min_length > 1:
        keep &= (words.str.count(_ALNUM) >= min_length).to_numpy(dtype=bool)[codes]
    return keep


def _outlet_of_documents(tokens: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """``doc_id`` → outlet, refusing tokens of documents the documents table lacks."""
    require_columns(documents, ("doc_id", "outlet"), "documents")
    outlet_of = documents.drop_duplicates("doc_id").set_index("doc_id")["outlet"].astype(str)
    unknown = sorted(set(tokens["doc_id"].unique()) - set(outlet_of.index))
    if unknown:
        raise ResearchUtilsError(
            f"documents {unknown[:5]} are in the tokens table but not in the documents table; "
            "read both from the same processed folder"
        )
    return outlet_of


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """``[0..n0-1, 0..n1-1, ...]`` for run lengths ``n0, n1, ...``."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths)


def _as_terms(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(TERM_COLUMNS)].astype(
        {
            "doc_id": "string",
            "sent_id": "int64",
            "token_id": "int64",
            "last_token_id": "int64",
            "term": "string",
        }
    )
    return out.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)


def extract_ngrams(terms: pd.DataFrame, *, n: int = 2, sep: str = "_") -> pd.DataFrame:
    """n-grams of consecutive terms of one sentence (never across a sentence boundary).

    ``terms`` is a term table (:func:`extract_terms`), so n-grams run over the same
    filtered stream (as quanteda's ``tokens_ngrams`` after ``tokens_remove``): with stop
    words dropped, ``protect the exchange`` gives ``protect_exchange``. Terms are joined
    with ``sep`` [``_``, quanteda's default], which keeps map phrases readable
    (``social media_platforms``). Returns a term table: ``token_id`` of the first term,
    ``last_token_id`` of the last.
    """
    if n < 1:
        raise ResearchUtilsError(f"n={n}: n-grams need n >= 1")
    terms = _as_terms(terms)
    m = len(terms) - n + 1
    if m <= 0:
        return _as_terms(pd.DataFrame(columns=list(TERM_COLUMNS)))
    doc = terms["doc_id"].to_numpy()
    sent = terms["sent_id"].to_numpy()
    same = np.ones(m, dtype=bool)
    joined = terms["term"].iloc[:m].astype(str).to_numpy(dtype=object)
    for k in range(1, n):
        same &= (doc[k : k + m] == doc[:m]) & (sent[k : k + m] == sent[:m])
        joined = joined + sep + terms["term"].iloc[k : k + m].astype(str).to_numpy(dtype=object)
    ngrams = pd.DataFrame(
        {
            "doc_id": doc[:m],
            "sent_id": sent[:m],
            "token_id": terms["token_id"].to_numpy()[:m],
            "last_token_id": terms["last_token_id"].to_numpy()[n - 1 :],
            "term": joined,
        }
    )
    return _as_terms(ngrams[same])


def count_outlet_words(documents: pd.DataFrame) -> pd.Series:
    """Word tokens (``n_word_tokens``: tokens that are not punctuation) per outlet."""
    require_columns(documents, ("outlet", "n_word_tokens"), "documents")
    return documents.groupby("outlet", sort=True)["n_word_tokens"].sum().astype("int64")


def count_outlet_documents(documents: pd.DataFrame) -> pd.Series:
    """Documents per outlet (for the ``boilerplate`` flag of keyness)."""
    require_columns(documents, ("doc_id", "outlet"), "documents")
    return documents.groupby("outlet", sort=True)["doc_id"].nunique().astype("int64")


def count_term_occurrences(terms: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and term: ``freq`` (occurrences) and ``doc_freq`` (documents containing it).

    Both add up over batches of whole documents, so :func:`finish_term_counts` of the
    batches' counts concatenated is :func:`count_terms` of the corpus."""
    require_columns(documents, ("doc_id", "outlet"), "documents")
    outlets = terms[["doc_id", "term"]].merge(documents[["doc_id", "outlet"]], on="doc_id", how="left")
    unknown = outlets.loc[outlets["outlet"].isna(), "doc_id"].unique()
    if len(unknown):
        raise ResearchUtilsError(
            f"documents {sorted(unknown)[:5]} are in the term table but not in the documents table; "
            "read both from the same processed folder"
        )
    grouped = outlets.groupby(["outlet", "term"], sort=True)
    return pd.DataFrame({"freq": grouped.size(), "doc_freq": grouped["doc_id"].nunique()}).reset_index()


def finish_term_counts(counts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The ``term_frequencies`` table from :func:`count_term_occurrences` tables (of batches
    of whole documents, concatenated: rows with the same outlet and term are summed)."""
    require_columns(documents, ("doc_id", "outlet", "n_word_tokens"), "documents")
    freq = counts.groupby(["outlet", "term"], sort=True)[["freq", "doc_freq"]].sum().reset_index()
    sizes = count_outlet_words(documents)
    freq["per_1k"] = freq["freq"] / freq["outlet"].map(sizes).to_numpy(dtype=float) * 1000
    freq["rank"] = freq.groupby("outlet")["freq"].rank(method="min", ascending=False).astype("int64")
    freq = freq.sort_values(["outlet", "rank", "term"], kind="stable")
    return as_table("term_frequencies", freq)


def count_terms(terms: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Term frequencies per outlet (the ``term_frequencies`` table), for any number of outlets.

    ``freq``: occurrences in the outlet's documents; ``per_1k``: per 1,000 word tokens of
    the outlet (:func:`count_outlet_words`, so stop words count in the base even when they
    are not terms); ``doc_freq``: the outlet's documents containing the term; ``rank``:
    1 = most frequent in the outlet, ties share the best rank (1, 2, 2, 4). Rows ordered by
    outlet, rank, term.
    """
    require_columns(documents, ("doc_id", "outlet", "n_word_tokens"), "documents")
    return finish_term_counts(count_term_occurrences(terms, documents), documents)


def summarize_outlets(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet (sorted): documents, sentences, tokens and word tokens.

    ``documents`` is the processed documents table.
    """
    sizes = documents.groupby("outlet", sort=True).agg(
        n_documents=("doc_id", "size"),
        n_sentences=("n_sentences", "sum"),
        n_tokens=("n_tokens", "sum"),
        n_word_tokens=("n_word_tokens", "sum"),
    )
    return sizes.reset_index()


def compare_term_rates(
    frequencies: pd.DataFrame, *, outlet_x: str | None = None, outlet_y: str | None = None
) -> pd.DataFrame:
    """Each term's rate in two outlets, to set one against the other.

    ``frequencies`` is the ``term_frequencies`` table; ``outlet_x`` [the first outlet in
    sorted order] and ``outlet_y`` [the first other one] are the two compared. One row per
    term either outlet uses: ``outlet_x`` and ``outlet_y`` (the two names), ``per_1k_x``
    and ``per_1k_y`` (per 1,000 word tokens of each; 0 where the outlet does not use the
    term; to 9 decimals, so that equal rates are equal), ``freq`` (occurrences in the two
    outlets together) and ``n_same_rates`` (terms with exactly these two rates, this one
    included). Rows: most frequent term first, ties alphabetical.
    """
    require_columns(frequencies, ("outlet", "term", "freq", "per_1k"), "term_frequencies")
    outlets = sorted(frequencies["outlet"].astype(str).unique())
    outlet_x = outlet_x or (outlets[0] if outlets else None)
    outlet_y = outlet_y or next((o for o in outlets if o != outlet_x), None)
    if outlet_x not in outlets or outlet_y not in outlets or outlet_x == outlet_y:
        raise ResearchUtilsError(
            f"outlets {outlet_x!r} and {outlet_y!r}: compare two different outlets of the "
            f"term_frequencies table ({outlets})"
        )
    pair = frequencies[frequencies["outlet"].isin([outlet_x, outlet_y])]
    rates = pair.pivot_table(index="term", columns="outlet", values="per_1k", aggfunc="sum", fill_value=0.0)
    rates = rates.reindex(columns=[outlet_x, outlet_y], fill_value=0.0).sort_index()
    table = pd.DataFrame(
        {
            "term": rates.index,
            "outlet_x": outlet_x,
            "outlet_y": outlet_y,
            "per_1k_x": rates[outlet_x].round(9).to_numpy(),
            "per_1k_y": rates[outlet_y].round(9).to_numpy(),
            "freq": pair.groupby("term")["freq"].sum().reindex(rates.index).to_numpy(),
        }
    )
    table["n_same_rates"] = table.groupby(["per_1k_x", "per_1k_y"])["term"].transform("size").astype("int64")
    table = table.sort_values(["freq", "term"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)
