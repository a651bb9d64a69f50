"""Terms, n-grams and term frequencies per outlet, from the processed token table.

A *term* is what gets counted. By default (all options documented in
:func:`extract_terms`):

1. The **terms map** is applied first, to the unfiltered token stream: every phrase or
   spelling variant it lists (``deep fakes``, ``Cyberspace Administration of China``,
   ``NetEast``) becomes one term (``deepfake``, ``cyberspace administration of china``,
   ``netease cloud music``), matched case-insensitively by
   :func:`research_utils.phrases.match_phrases` (NLTK's ``MWETokenizer``, longest match
   first, never across sentences). Each such term keeps the ids of its first and last
   token, so every count can be traced back to the text.
2. Every other token becomes a term in its ``lower`` form (or ``lemma``), unless a filter
   drops it: stop words (NLTK's English list), punctuation and symbols, numbers (a digit
   and no letter: ``11``, ``2019``) and terms with fewer than two letters or digits
   (``’s``). Terms from the map are never filtered: listing a phrase is a decision to count it.

The terms map is a CSV file with columns ``term,variant`` (one row per variant; a term is
always a variant of itself). The package ships one (:data:`DEFAULT_TERMS_MAP`); to use
your own, copy it, edit it, and pass its path as ``terms_map=`` to any function here (or
to :func:`write_term_tables`); pass ``terms_map={}`` to switch phrase joining off.

Tables are tidy: one row per term occurrence (:data:`TERM_COLUMNS`), and
``term_frequencies`` (one row per outlet and term, see ``tables.SCHEMAS``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, ResearchUtilsError
from .phrases import match_phrases, phrase_key
from .tables import as_table, read_table, write_table

#: The terms map shipped with the package (``research_utils/data/terms.csv``).
DEFAULT_TERMS_MAP = resources.files("research_utils") / "data" / "terms.csv"
DEFAULT_PROCESSED = Path("data/processed")
TERM_FORMS = ("lower", "lemma")
#: Columns of a term table: one row per term occurrence.
TERM_COLUMNS = ("doc_id", "sent_id", "token_id", "last_token_id", "term")
#: Decimals kept for floats in written tables (byte-stable CSV files).
DECIMALS = 4

TermsMap = str | Path | Mapping[str, str] | None

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"


def read_terms_map(path: str | Path | None = None) -> dict[str, str]:
    """Read a terms map CSV (columns ``term,variant``) as ``{variant: term}``.

    ``path=None`` reads the map shipped with the package. Every term is also a variant of
    itself. Variants are compared as :func:`~research_utils.phrases.phrase_key` does
    (case-insensitive NLTK tokens), so ``Deep fakes`` and ``deep fakes`` are the same
    variant; one variant listed under two different terms is an error.
    """
    source = DEFAULT_TERMS_MAP if path is None else Path(path)
    fix = "give a UTF-8 CSV file with a header row `term,variant` and one variant per row"
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, "terms map not found", fix) from None
    except UnicodeDecodeError:
        raise InputError(source, "terms map is not UTF-8 text", fix) from None
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or not {"term", "variant"} <= set(reader.fieldnames):
        raise InputError(source, f"header is {reader.fieldnames}, not `term,variant`", fix, line=1)
    variants: dict[str, str] = {}
    owner: dict[tuple[str, ...], tuple[str, int]] = {}
    for line, row in enumerate(reader, start=2):
        term, variant = (row.get("term") or "").strip(), (row.get("variant") or "").strip()
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
    """``{variant: term}`` from a path, a mapping, or ``None`` (the packaged map)."""
    if terms_map is None or isinstance(terms_map, str | Path):
        return read_terms_map(terms_map)
    variants = dict(terms_map)
    for term in set(variants.values()):
        variants.setdefault(term, term)
    return variants


def require_columns(df: pd.DataFrame, needed: Iterable[str], what: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ResearchUtilsError(
            f"the {what} table has no column(s) {missing}; pass the processed `{what}` table "
            f"(research_utils.tables.read_table({what!r}, processed_dir))"
        )


def extract_terms(
    tokens: pd.DataFrame,
    form: str = "lower",
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
    - ``terms_map`` [the packaged map]: a ``term,variant`` CSV path, a ``{variant: term}``
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
    if form not in TERM_FORMS:
        raise ResearchUtilsError(f"form={form!r}: choose one of {TERM_FORMS}")
    require_columns(tokens, ("doc_id", "sent_id", "token_id", "lower", form, "is_stop", "is_punct"), "tokens")
    tokens = tokens.sort_values(["doc_id", "token_id"], kind="stable").reset_index(drop=True)
    variants = resolve_terms_map(terms_map)
    covered = np.zeros(len(tokens), dtype=bool)
    phrases = pd.DataFrame(columns=list(TERM_COLUMNS))
    if variants and len(tokens):
        matches = match_phrases(tokens, variants, column="lower")
        if len(matches):
            # Row of each match's first token; phrases never cross a sentence, so the
            # rows of one match are consecutive.
            index = pd.MultiIndex.from_frame(tokens[["doc_id", "token_id"]])
            first = index.get_indexer(pd.MultiIndex.from_frame(matches[["doc_id", "token_id"]]))
            rows = np.repeat(first, matches["n_tokens"]) + _ranges(matches["n_tokens"].to_numpy())
            covered[rows] = True
            phrases = matches.rename(columns={"label": "term"})[list(TERM_COLUMNS)]
    keep = ~covered
    lower = tokens["lower"].astype(str)
    if drop_stop:
        extra = {w.lower() for w in stop_words}
        keep &= ~(tokens["is_stop"].to_numpy(dtype=bool) | lower.isin(extra).to_numpy())
    if drop_punct:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
    if drop_numbers:
        keep &= ~(lower.str.contains(r"\d") & ~lower.str.contains(_LETTER)).to_numpy()
    if min_length > 1:
        keep &= (lower.str.count(_ALNUM) >= min_length).to_numpy()
    words = tokens.loc[keep, ["doc_id", "sent_id", "token_id"]].assign(
        last_token_id=tokens.loc[keep, "token_id"], term=tokens.loc[keep, form].astype(str)
    )
    parts = [p for p in (words, phrases) if len(p)]
    terms = pd.concat(parts, ignore_index=True) if parts else words
    return _as_terms(terms)


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


def extract_ngrams(terms: pd.DataFrame, n: int = 2, sep: str = "_") -> pd.DataFrame:
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


def count_terms(terms: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Term frequencies per outlet (the ``term_frequencies`` table), for any number of outlets.

    ``freq``: occurrences in the outlet's documents; ``per_1k``: per 1,000 word tokens of
    the outlet (:func:`count_outlet_words`, so stop words count in the base even when they
    are not terms); ``doc_freq``: the outlet's documents containing the term; ``rank``:
    1 = most frequent in the outlet, ties share the best rank (1, 2, 2, 4). Rows ordered by
    outlet, rank, term.
    """
    require_columns(documents, ("doc_id", "outlet", "n_word_tokens"), "documents")
    outlets = terms[["doc_id", "term"]].merge(documents[["doc_id", "outlet"]], on="doc_id", how="left")
    unknown = outlets.loc[outlets["outlet"].isna(), "doc_id"].unique()
    if len(unknown):
        raise ResearchUtilsError(
            f"documents {sorted(unknown)[:5]} are in the term table but not in the documents table; "
            "read both from the same processed folder"
        )
    grouped = outlets.groupby(["outlet", "term"], sort=True)
    freq = pd.DataFrame({"freq": grouped.size(), "doc_freq": grouped["doc_id"].nunique()}).reset_index()
    sizes = count_outlet_words(documents)
    freq["per_1k"] = freq["freq"] / freq["outlet"].map(sizes).to_numpy(dtype=float) * 1000
    freq["rank"] = freq.groupby("outlet")["freq"].rank(method="min", ascending=False).astype("int64")
    freq = freq.sort_values(["outlet", "rank", "term"], kind="stable")
    return as_table("term_frequencies", freq)


def round_floats(df: pd.DataFrame, decimals: int = DECIMALS, significant: Iterable[str] = ()) -> pd.DataFrame:
    """``df`` with float columns rounded (``significant`` columns to ``decimals + 2`` significant
    digits, e.g. p-values), so written CSV files are byte-stable across machines."""
    out = df.copy()
    significant = set(significant)
    for column in out.columns:
        if not pd.api.types.is_float_dtype(out[column]):
            continue
        if column in significant:
            digits = decimals + 2
            out[column] = [float(f"{v:.{digits}g}") for v in out[column].to_numpy(dtype=float)]
        else:
            out[column] = out[column].round(decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return out


def write_term_tables(
    processed_dir: str | Path = DEFAULT_PROCESSED,
    form: str = "lower",
    terms_map: TermsMap = None,
    **filters,
) -> dict[str, Path]:
    """Write ``term_frequencies.csv`` and ``keyness.csv`` into ``processed_dir``.

    Reads only the processed ``tokens`` and ``documents`` tables. Terms as in
    :func:`extract_terms` (``form``, ``terms_map`` and the filters ``drop_stop``,
    ``drop_punct``, ``drop_numbers``, ``min_length``, ``stop_words``); keyness as in
    :func:`research_utils.keyness.compute_keyness` (each outlet against all others pooled,
    prior from the pooled corpus). Floats are rounded to :data:`DECIMALS` decimals
    (p-values to six significant digits). Returns the path of each table.
    """
    from .keyness import compute_keyness

    tokens = read_table("tokens", processed_dir)
    documents = read_table("documents", processed_dir)
    terms = extract_terms(tokens, form=form, terms_map=terms_map, **filters)
    frequencies = count_terms(terms, documents)
    keyness = compute_keyness(frequencies, count_outlet_words(documents))
    return {
        "term_frequencies": write_table("term_frequencies", round_floats(frequencies), processed_dir),
        "keyness": write_table("keyness", round_floats(keyness, significant=["p_value"]), processed_dir),
    }
