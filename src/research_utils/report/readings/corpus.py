"""Readings about the corpus: what it is, what cleaning removed, what it allows."""

from __future__ import annotations

import pandas as pd

from .format import count, fraction, join, listed


def corpus_overview(documents: pd.DataFrame) -> str:
    """What the corpus is: articles, outlets, dates, sizes, and what that allows."""
    outlets = documents.groupby("outlet", sort=True).agg(
        n=("doc_id", "size"), words=("n_word_tokens", "sum"), sentences=("n_sentences", "sum")
    )
    dates = sorted(documents["published"].astype(str))
    span = f"on {dates[0]}" if dates[0] == dates[-1] else f"between {dates[0]} and {dates[-1]}"
    per_outlet = [
        f"{o} ({count(int(r.n), 'article')}, {int(r.words):,} word tokens)" for o, r in outlets.iterrows()
    ]
    text = (
        f"The corpus has {count(len(documents), 'article')} from {count(len(outlets), 'outlet')}, "
        f"published {span}: {listed(per_outlet, what='more outlets')}."
    )
    fewest = int(outlets["n"].min())
    if fewest == 1:
        single = [str(o) for o in outlets.index[outlets["n"] == 1]]
        text += (
            f" {join(single)} {'is' if len(single) == 1 else 'are'} represented by a single article: "
            "everything below describes that text; no statistic can turn one article into a sample of an "
            "outlet's coverage."
        )
    return text


def filtered_overview(filtered: pd.DataFrame, documents: pd.DataFrame) -> str:
    """What the line filters removed before tokenising, by filter."""
    if filtered.empty:
        return "The line filters removed nothing from these texts."
    by_filter = filtered.groupby("filter", sort=False).size().sort_values(ascending=False, kind="stable")
    parts = [f"{count(int(n), 'line')} by the {name} filter" for name, n in by_filter.items()]
    n_docs = filtered["doc_id"].nunique()
    return (
        f"Before tokenising, the study's line filters removed {join(parts)}, from "
        f"{fraction(n_docs, len(documents), 'articles')}; the `filtered_lines` table lists every removal."
    )


def glosses_overview(glosses: pd.DataFrame, documents: pd.DataFrame) -> str:
    """How many Chinese glosses were moved out of the text, and in which outlets."""
    if glosses.empty:
        return "No article glosses a name in Chinese characters."
    outlets = documents.set_index("doc_id")["outlet"]
    by_outlet = glosses.assign(outlet=glosses["doc_id"].map(outlets)).groupby("outlet").size()
    parts = [f"{o} {n}" for o, n in by_outlet.items()]
    return (
        f"{count(len(glosses), 'Chinese gloss', 'Chinese glosses')} were moved out of the text "
        f"({join(parts)}), each kept with the English name it follows."
    )
