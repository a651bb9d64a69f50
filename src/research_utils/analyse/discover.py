"""Frame discovery: a topic model of the corpus's sentences or paragraphs, to build a codebook from.

The units (sentences, or paragraphs: runs of sentences between blank lines of the cleaned
text) become bags of lemmas — lower-cased, stop words, numbers and punctuation left out —
and scikit-learn fits either non-negative matrix factorisation on TF-IDF weights (NMF;
Lee & Seung 1999, as used for frames by Greene & Cross 2017) or latent Dirichlet allocation
on counts (LDA; Blei, Ng & Jordan 2003). Both are seeded, so a rerun gives the same topics.
Topics are numbered by prevalence (``topic_1`` is the strongest in the corpus). What a topic
*means* is for a person to decide: topics are candidates for frames, not frames (Nicholls &
Culpepper 2021, *Political Communication* 38(1)); :func:`codebook_skeleton` writes them as
codebook entries to edit.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InputError
from ..tables import as_table
from .classifier import lemma_texts

Unit = Literal["sentence", "paragraph"]
Method = Literal["nmf", "lda"]
#: Representative units listed per topic (``topic_sentences``).
TOP_UNITS = 5
#: A term must occur in at least this many units to be modelled.
MIN_UNITS_PER_TERM = 2
#: Iterations of the solvers (fixed: the same topics on every machine).
MAX_ITER = 400


def topic_units(tokens: pd.DataFrame, sentences: pd.DataFrame, *, unit: Unit = "sentence") -> pd.DataFrame:
    """The units to model, in document and sentence order: ``doc_id``, ``sent_id`` (a
    paragraph's first sentence), ``text`` and ``lemmas`` (the modelled words, space-joined).

    A paragraph ends where two sentences are separated by two or more characters (a blank
    line in the cleaned text); a corpus whose paragraphs are one line each has one
    paragraph per document.
    """
    sentences = sentences.reset_index(drop=True)
    words = tokens[tokens["is_alpha"].astype(bool) & ~tokens["is_stop"].astype(bool)]
    words = words[words["lemma"].astype(str).str.len() > 1]
    table = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].astype(str).to_numpy(object),
            "sent_id": sentences["sent_id"].astype(int).to_numpy(),
            "text": sentences["text"].astype(str).to_numpy(),
        }
    )
    table["lemmas"] = lemma_texts(words, table)
    if unit == "sentence":
        return table
    same_doc = sentences["doc_id"].astype(str).eq(sentences["doc_id"].astype(str).shift())
    gap = sentences["start"] - sentences["end"].shift()
    paragraph = (~same_doc | (gap >= 2)).cumsum()
    return (
        table.groupby(paragraph.to_numpy(), sort=True)
        .agg({"doc_id": "first", "sent_id": "first", "text": " ".join, "lemmas": " ".join})
        .reset_index(drop=True)
    )


def discover_topics(
    units: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    k: int,
    method: Method = "nmf",
    seed: int = 0,
    top_terms: int = 12,
    source: str = "the processed tables",
) -> dict[str, pd.DataFrame]:
    """The ``topics``, ``topic_sentences`` and ``topic_shares`` tables of ``k`` topics of
    ``units`` (:func:`topic_units`). Refuses (naming ``source``) a ``k`` of fewer than 2 or
    more topics than the units or modelled terms allow."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    kept = units[units["lemmas"].str.len() > 0].reset_index(drop=True)
    if k < 2 or len(kept) < 2 * k:
        raise InputError(
            source,
            f"--k {k}: {len(kept)} units with words support 2 to {len(kept) // 2} topics",
            "choose a --k of 2 or more and at most half the units, or use --unit sentence",
        )
    options = {"token_pattern": r"\S+", "lowercase": False, "min_df": MIN_UNITS_PER_TERM}
    vectoriser = TfidfVectorizer(**options) if method == "nmf" else CountVectorizer(**options)
    try:
        matrix = vectoriser.fit_transform(kept["lemmas"])
    except ValueError:
        matrix = None
    if matrix is None or matrix.shape[1] < k:
        raise InputError(
            source,
            f"too few words occur in {MIN_UNITS_PER_TERM} units or more to model {k} topics",
            "use a smaller --k or a larger corpus",
        )
    if method == "nmf":
        model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=MAX_ITER)
    else:
        model = LatentDirichletAllocation(
            n_components=k, learning_method="batch", random_state=seed, max_iter=MAX_ITER // 4
        )
    weights = model.fit_transform(matrix)
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    order = np.argsort(-shares.sum(axis=0), kind="stable")  # topic_1 = the most prevalent
    shares, components = shares[:, order], model.components_[order]
    names = [f"topic_{i + 1}" for i in range(k)]
    vocabulary = vectoriser.get_feature_names_out()
    topics = _top_terms(components, vocabulary, names, top_terms)
    labels = {str(t): ", ".join(g["term"].head(3)) for t, g in topics.groupby("topic", sort=False)}
    outlet = dict(zip(documents["doc_id"].astype(str), documents["outlet"].astype(str), strict=True))
    kept = kept.assign(outlet=kept["doc_id"].map(outlet))
    return {
        "topics": topics,
        "topic_sentences": _representatives(kept, shares, names),
        "topic_shares": _shares(kept, shares, names, labels, sorted(set(outlet.values()))),
    }


def _top_terms(components: np.ndarray, vocabulary: np.ndarray, names: list[str], n: int) -> pd.DataFrame:
    rows = []
    for name, weights in zip(names, components, strict=True):
        total = weights.sum() or 1.0
        best = np.lexsort((vocabulary, -weights))[:n]  # heaviest first, ties alphabetical
        rows += [
            {"topic": name, "rank": r + 1, "term": str(vocabulary[i]), "weight": weights[i] / total}
            for r, i in enumerate(best)
        ]
    return as_table("topics", pd.DataFrame(rows))


def _representatives(units: pd.DataFrame, shares: np.ndarray, names: list[str]) -> pd.DataFrame:
    rows = []
    position = np.arange(len(units))
    for j, name in enumerate(names):
        best = np.lexsort((position, -shares[:, j]))[:TOP_UNITS]
        for rank, i in enumerate(best, start=1):
            if shares[i, j] <= 0:
                break
            unit = units.iloc[i]
            rows.append(
                {
                    "topic": name,
                    "rank": rank,
                    "doc_id": unit["doc_id"],
                    "outlet": unit["outlet"],
                    "sent_id": int(unit["sent_id"]),
                    "weight": float(shares[i, j]),
                    "text": unit["text"],
                }
            )
    columns = ["topic", "rank", "doc_id", "outlet", "sent_id", "weight", "text"]
    return as_table("topic_sentences", pd.DataFrame(rows, columns=columns))


def _shares(
    units: pd.DataFrame, shares: np.ndarray, names: list[str], labels: dict[str, str], outlets: list[str]
) -> pd.DataFrame:
    """Per outlet (every one, then ``all``) and topic: units, units it dominates, mean weight."""
    modelled = shares.sum(axis=1) > 0
    dominant = np.where(modelled, shares.argmax(axis=1), -1)
    rows = []
    for outlet in [*outlets, "all"]:
        where = modelled & (units["outlet"].to_numpy() == outlet if outlet != "all" else True)
        n = int(where.sum())
        for j, name in enumerate(names):
            n_dominant = int((dominant[where] == j).sum())
            rows.append(
                {
                    "outlet": outlet,
                    "topic": name,
                    "label": labels[name],
                    "n_units": n,
                    "n_dominant": n_dominant,
                    "share": n_dominant / n if n else float("nan"),
                    "mean_weight": float(shares[where, j].mean()) if n else float("nan"),
                }
            )
    return as_table("topic_shares", pd.DataFrame(rows))


def codebook_skeleton(topics: pd.DataFrame, *, name: str = "discovered-topics", method: str = "nmf") -> str:
    """A codebook YAML (the format :func:`~research_utils.analyse.codebook.read_codebook`
    reads) with one frame per topic: id ``topic_N``, a label of its top terms, TODO text
    for the definition and literature, and its top terms as lemma indicators — a skeleton
    to edit (rename, merge, drop, define), not a codebook to use as it is."""
    lines = [
        "# Codebook skeleton from `research-utils discover` (one frame per topic). Topics are",
        "# candidates, not frames: read topic_sentences.csv, then rename, merge or drop entries,",
        "# write each definition and literature, and prune indicators that are not specific.",
        f"name: {name}",
        "version: 0",
        f"description: Skeleton from a {method.upper()} topic model; every entry needs editing.",
        "frames:",
    ]
    for topic, group in topics.groupby("topic", sort=False):
        terms = [str(t) for t in group.sort_values("rank")["term"]]
        lines += [
            f"  - id: {topic}",
            f"    label: {_quote(' / '.join(terms[:3]))}",
            f"    # TODO: define this frame; discovered {topic}, top terms: {', '.join(terms)}",
            f"    definition: {_quote('TODO: what a coder looks for (written by you, not the model)')}",
            f"    literature: {_quote('TODO: the frame(s) of the literature this one adapts')}",
            "    indicators:",
            "      lemmas:",
            *[f"        - {_quote(t)}" for t in terms],
        ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
