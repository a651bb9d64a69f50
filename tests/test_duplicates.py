"""Near-duplicate detection on Brown news and editorials with constructed wire copies.

The corpus: 40 Brown news and editorial files, each a document of its own outlet and date,
plus reprints of four of them as a subeditor or another masthead would print them (5 % of
words rewritten in three passages, the last 15 % trimmed, boilerplate lines added, three
other mastheads with new headlines); another of the files quotes three sentences of one of
them. None of it was used to choose the threshold or the shingle size.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import annotate_documents

from research_utils import tables
from research_utils.ingest.duplicates import (
    count_once,
    describe_duplicates,
    find_duplicates,
    jaccard,
    shingles,
)

FOLLOW = [
    "Follow",
    "us",
    "on",
    "Facebook",
    ",",
    "Twitter",
    "and",
    "Instagram",
    "for",
    "breaking",
    "news",
    "from",
    "the",
    "region",
    ".",
]
SUBSCRIBE = [
    "Subscribe",
    "to",
    "the",
    "Evening",
    "Courier",
    "for",
    "$",
    "1",
    "a",
    "week",
    ".",
    "Advertisement",
]


def is_punct(token: str) -> bool:
    return all(unicodedata.category(c)[0] in "PS" for c in token)


def tokens_of(words: dict[str, list[str]]) -> pd.DataFrame:
    """A tokens table (the columns duplicate detection reads) of word lists by doc_id."""
    rows = [(d, i, w.lower(), is_punct(w)) for d, ws in words.items() for i, w in enumerate(ws)]
    return pd.DataFrame(rows, columns=["doc_id", "token_id", "lower", "is_punct"])


def documents_of(words: dict[str, list[str]], outlets: dict[str, str], dates: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": list(words),
            "outlet": [outlets[d] for d in words],
            "published": [dates[d] for d in words],
            "n_word_tokens": [sum(not is_punct(w) for w in ws) for ws in words.values()],
        }
    )


def rewrite(words: list[str], share: float, passages: int) -> list[str]:
    """``words`` with ``share`` of them replaced, in ``passages`` runs spread over the text."""
    out, run = list(words), int(share * len(words) / passages)
    for p in range(passages):
        start = (p + 1) * len(words) // (passages + 2)
        out[start : start + run] = [f"edited{i}" for i in range(start, start + run)]
    return out


@pytest.fixture(scope="module")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Documents, tokens, and the source of every document that should be grouped."""
    from nltk.corpus import brown

    files = brown.fileids(categories="news")[:24] + brown.fileids(categories="editorial")[:16]
    words = {f: list(brown.words(f)) for f in files}
    outlets = {f: f"Outlet {i % 10 + 1}" for i, f in enumerate(files)}
    start = dt.date(1961, 1, 1)
    dates = {f: (start + dt.timedelta(days=2 * i)).isoformat() for i, f in enumerate(files)}
    a, b, c, d, e = files[0], files[1], files[24], files[2], files[3]
    copies = {
        "edited": (a, rewrite(words[a], 0.05, 3), "Herald"),
        "trimmed": (b, words[b][: int(0.85 * len(words[b]))], "Herald"),
        "boilerplate": (c, [*FOLLOW, *words[c], *SUBSCRIBE, *FOLLOW], "Courier"),
        "masthead2": (d, ["Senate", "passes", "tax", "bill", *words[d]], "Courier"),
        "masthead3": (d, ["Tax", "bill", "clears", "hurdle", *words[d]], "Gazette"),
        "masthead4": (d, ["Lawmakers", "back", "new", "tax", *words[d]], "Tribune"),
    }
    for n, (doc_id, (source, text, outlet)) in enumerate(copies.items()):
        words[doc_id], outlets[doc_id] = text, outlet
        dates[doc_id] = (dt.date.fromisoformat(dates[source]) + dt.timedelta(days=1 + n % 2)).isoformat()
    # another article quotes three sentences of the first one
    quoted, middle = [w for s in brown.sents(a)[5:8] for w in s], len(words[e]) // 2
    words[e] = [*words[e][:middle], *quoted, *words[e][middle:]]
    sources = {doc_id: source for doc_id, (source, _, _) in copies.items()}
    sources |= {s: s for s in sources.values()}
    return documents_of(words, outlets, dates), tokens_of(words), sources


def test_every_copy_is_grouped_with_its_source_and_nothing_else_is(corpus) -> None:
    documents, tokens, sources = corpus
    found = find_duplicates(documents, tokens)
    assert dict(zip(found["doc_id"], found["earliest_doc_id"], strict=True)) == sources
    assert found.groupby("group")["doc_id"].count().tolist() == [2, 2, 4, 2]  # by earliest member
    assert (found["earliest"] == (found["doc_id"] == found["earliest_doc_id"])).all()
    assert (found["kept"] == found["earliest"]).all()
    assert found["similarity"].between(0.8, 1.0).all()
    masthead = found[found["earliest_doc_id"] == sources["masthead2"]]
    assert masthead["outlet"].nunique() == 4 and masthead["published"].is_monotonic_increasing


def test_the_table_has_the_declared_columns_and_types(corpus) -> None:
    documents, tokens, _ = corpus
    found = find_duplicates(documents, tokens)
    pd.testing.assert_frame_equal(found, tables.as_table("duplicates", found))
    assert found["n_words"].tolist() == [
        documents.set_index("doc_id").loc[d, "n_word_tokens"] for d in found["doc_id"]
    ]


def test_the_result_does_not_depend_on_row_order(corpus) -> None:
    documents, tokens, _ = corpus
    found = find_duplicates(documents, tokens)
    shuffled = find_duplicates(
        documents.sample(frac=1, random_state=7), tokens.sample(frac=1, random_state=8)
    )
    pd.testing.assert_frame_equal(found, shuffled)


def test_a_table_read_in_pieces_gives_the_same_groups(corpus, tmp_path: Path) -> None:
    """prepare reads the tokens it just wrote a piece at a time (documents split across
    pieces); the groups and similarities are those of the whole table."""
    documents, tokens, _ = corpus
    expected = find_duplicates(documents, tokens)
    assert expected["group"].nunique() >= 2
    in_order = tokens.sort_values(["doc_id", "token_id"], kind="stable")
    path = tmp_path / "tokens.csv"
    in_order[["doc_id", "token_id", "lower", "is_punct"]].to_csv(path, index=False)
    for rows in (50, 997, 10**7):
        pieces = tables.iter_file_chunks("tokens", path, rows=rows, columns=["doc_id", "lower", "is_punct"])
        pd.testing.assert_frame_equal(find_duplicates(documents, pieces), expected)


def test_a_rerun_writes_the_same_bytes(corpus, tmp_path: Path) -> None:
    documents, tokens, _ = corpus
    one = tables.write_table("duplicates", find_duplicates(documents, tokens), tmp_path / "one")
    two = tables.write_table("duplicates", find_duplicates(documents, tokens), tmp_path / "two")
    assert one.read_bytes() == two.read_bytes()
    assert tables.read_table("duplicates", tmp_path / "one").equals(find_duplicates(documents, tokens))


def test_other_seeds_find_the_same_groups(corpus) -> None:
    documents, tokens, _ = corpus
    expected = find_duplicates(documents, tokens)
    for seed in (2, 3, 4):
        assert find_duplicates(documents, tokens, seed=seed).equals(expected)


def test_pairs_are_found_exactly_at_and_above_the_threshold() -> None:
    """Copies with 1.5–3.5 % of words changed at random lie around 0.8: every pair at or
    above it is grouped, every pair below is not (LSH must not lose pairs near the line)."""
    from nltk.corpus import brown

    rng = random.Random(5)
    words: dict[str, list[str]] = {}
    for n, fileid in enumerate(brown.fileids(categories=["reviews", "hobbies"])[:30]):
        text = [w for w in brown.words(fileid) if not is_punct(w)]
        copy = list(text)
        for i in rng.sample(range(len(copy)), int((0.015 + 0.02 * n / 29) * len(copy))):
            copy[i] = f"changed{i}"
        words[fileid], words[f"{fileid}-copy"] = text, copy
    exact = {d: jaccard(shingles(words[d]), shingles(words[f"{d}-copy"])) for d in words if "-" not in d}
    assert 5 < sum(j >= 0.8 for j in exact.values()) < 25  # the pairs straddle the threshold
    documents = documents_of(words, dict.fromkeys(words, "x"), dict.fromkeys(words, "1961-05-01"))
    found = find_duplicates(documents, tokens_of(words))
    assert set(found.loc[found["earliest"], "doc_id"]) == {d for d, j in exact.items() if j >= 0.8}
    assert found.groupby("earliest_doc_id")["similarity"].first().to_dict() == {
        d: round(j, 4) for d, j in exact.items() if j >= 0.8
    }


def test_ties_of_date_go_to_the_document_listed_first() -> None:
    text = [
        "The",
        "river",
        "rose",
        "two",
        "metres",
        "overnight",
        "and",
        "the",
        "bridge",
        "to",
        "the",
        "valley",
        "was",
        "closed",
    ]
    words = {"b-late": text, "a-first": ["Flood", ":", *text]}
    documents = documents_of(words, {"b-late": "X", "a-first": "Y"}, dict.fromkeys(words, "2020-02-02"))
    assert find_duplicates(documents, tokens_of(words))["earliest_doc_id"].unique().tolist() == ["b-late"]
    reordered = find_duplicates(documents.iloc[::-1], tokens_of(words))
    assert reordered["earliest_doc_id"].unique().tolist() == ["a-first"]
    undated = documents.assign(published=[None, "2020-02-03"])
    assert find_duplicates(undated, tokens_of(words))["doc_id"].tolist() == ["a-first", "b-late"]


def test_short_and_missing_documents_are_never_grouped() -> None:
    words = {
        "p": ["Storm", "closes", "port"],
        "q": ["Storm", "closes", "port"],
        "r": ["Storm", "closes", "the", "port", "today"],
    }
    words["s"] = list(words["r"])
    documents = documents_of(words, dict.fromkeys(words, "x"), dict.fromkeys(words, "2020-01-01"))
    documents = pd.concat([documents, documents_of({"t": []}, {"t": "x"}, {"t": "2020-01-01"})])
    found = find_duplicates(documents, tokens_of(words))
    assert found["doc_id"].tolist() == ["r", "s"]  # exactly five words: one shingle each
    assert "3 documents shorter than 5 words" in describe_duplicates(found, documents)


@pytest.mark.parametrize("n", [0, 1])
def test_an_empty_or_one_document_corpus_has_no_duplicates(corpus, n: int) -> None:
    documents, tokens, _ = corpus
    documents = documents.iloc[:n]
    found = find_duplicates(documents, tokens[tokens["doc_id"].isin(documents["doc_id"])])
    pd.testing.assert_frame_equal(found, tables.empty_table("duplicates"))
    assert describe_duplicates(found, documents).startswith(
        "No two documents share ≥ 80 % of their 5-word shingles"
    )
    assert count_once(documents, found).equals(documents.reset_index(drop=True))


def test_count_once_keeps_one_document_per_group(corpus) -> None:
    documents, tokens, sources = corpus
    once = count_once(documents, find_duplicates(documents, tokens))
    assert len(once) == len(documents) - (len(sources) - len(set(sources.values())))
    assert set(sources.values()) <= set(once["doc_id"]) and not set(sources) - set(sources.values()) & set(
        once["doc_id"]
    )
    assert list(once.columns) == list(documents.columns)


def test_the_description_is_computed_from_the_table(corpus) -> None:
    documents, tokens, _ = corpus
    text = describe_duplicates(find_duplicates(documents, tokens), documents)
    assert text.startswith("10 documents of 46 fall in 4 groups of near-duplicates sharing ≥ 80 %")
    assert "leaves out 6 documents" in text and "appear in 4 of 14 outlets" in text
    assert "largest group has 4 documents from 4 outlets, first published by Outlet 3 on 1961-01-05" in text


def test_prepared_tokens_ignore_punctuation_and_case() -> None:
    """Through the package's own tokeniser: a reprint with other punctuation and a new
    headline is the same story; a different report of the same event is not."""
    story = (
        "Heavy rain flooded the lower town on Tuesday, and the council opened two shelters. "
        "Volunteers carried sandbags to the school while the river kept rising. The mayor said "
        "the water would fall by Friday; farmers downstream were told to move their animals. "
        "Roads to the valley stayed closed and buses ran only as far as the market square."
    )
    other = (
        "The council opened two shelters on Tuesday after rain flooded the lower town. Farmers "
        "downstream moved their animals, and the mayor expects the water to fall by Friday."
    )
    texts = {
        "a": story,
        "b": "FLOODS HIT TOWN\n" + story.replace(",", "").replace(";", ".").upper(),
        "c": other,
    }
    documents = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    _, tokens = annotate_documents(documents)
    documents = documents.assign(outlet=["X", "Y", "Z"], published=["2020-01-01"] * 3)
    found = find_duplicates(documents, tokens)
    assert found["doc_id"].tolist() == ["a", "b"] and found["similarity"].min() > 0.9


def test_two_thousand_short_documents_take_seconds() -> None:
    from nltk.corpus import brown

    sents = brown.sents()[:10_000]
    words = {f"d{i:04d}": [w for s in sents[5 * i : 5 * i + 5] for w in s] for i in range(2000)}
    documents = documents_of(words, dict.fromkeys(words, "x"), dict.fromkeys(words, "1961-01-01"))
    tokens = tokens_of(words)
    began = time.perf_counter()
    found = find_duplicates(documents, tokens)
    seconds = time.perf_counter() - began
    print(f"\n2,000 documents, {len(tokens):,} tokens: {seconds:.2f} s, {len(found)} grouped")
    assert found["group"].nunique() <= 5  # Brown's sentences do not repeat at length
