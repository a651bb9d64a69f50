"""Terms, the terms map, n-grams, term frequencies and the written term tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import APPLE, TABLES, TAIPEI, TERMS_MAP, analyse_folder, hash_tree, write_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from research_utils import tables
from research_utils.analyse.terms import (
    compare_term_rates,
    count_outlet_words,
    count_terms,
    extract_ngrams,
    extract_terms,
    read_terms_map,
)
from research_utils.annotate.phrases import phrase_key
from research_utils.cli import main
from research_utils.config import TERMS_MAP_FILE
from research_utils.errors import InputError, ResearchUtilsError
from research_utils.outputs import LOCK_FILE


@pytest.fixture(scope="module")
def terms(processed) -> pd.DataFrame:
    return extract_terms(processed["tokens"], terms_map=TERMS_MAP)


@pytest.fixture(scope="module")
def three_outlets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Processed tables of the three-outlet test corpus (conftest.ARTICLES)."""
    root = tmp_path_factory.mktemp("three")
    raw = write_corpus(root / "raw")
    assert main(["prepare", "--raw", str(raw), "--out", str(root / "processed")]) == 0
    return root / "processed"


def text_of(tokens: pd.DataFrame, doc_id: str, first: int, last: int) -> str:
    rows = tokens[(tokens["doc_id"] == doc_id) & tokens["token_id"].between(first, last)]
    return " ".join(rows["lower"])


def test_terms_map_joins_variants_and_keeps_token_ids(processed, terms) -> None:
    tokens = processed["tokens"]
    deepfake = terms[terms["term"] == "deepfake"]
    # Apple Daily writes "deepfake" four times; the Taipei Times "deep fakes", "deep fake", "deep fakes"
    assert deepfake.groupby("doc_id").size().to_dict() == {APPLE: 4, TAIPEI: 3}
    spans = [text_of(tokens, r.doc_id, r.token_id, r.last_token_id) for r in deepfake.itertuples()]
    assert spans.count("deep fakes") == 2 and spans.count("deep fake") == 1
    # every joined term can be traced back to a listed variant of it
    variants = read_terms_map(TERMS_MAP)
    joined = terms[terms["token_id"] != terms["last_token_id"]]
    assert len(joined) > 20
    for row in joined.itertuples():
        span = text_of(tokens, row.doc_id, row.token_id, row.last_token_id)
        listed = {phrase_key(v) for v, t in variants.items() if t == row.term}
        assert tuple(span.split()) in listed, (row.term, span)


def test_map_phrases_survive_the_stop_word_filter(terms) -> None:
    found = set(terms["term"])
    for term in ("cyberspace administration of china", "communist party", "national security", "hong kong"):
        assert term in found
    assert {"fake news", "ant group", "jack ma", "xi jinping", "netease cloud music"} <= found
    # their parts are not counted again on their own
    assert "kong" not in found and "cyberspace" not in found


def test_default_filters(processed, terms) -> None:
    found = set(terms["term"])
    assert not found & {"the", "and", "of", "’s", "“", ",", ".", "11", "2019", "12"}
    unfiltered = extract_terms(
        processed["tokens"],
        terms_map=TERMS_MAP,
        drop_stop=False,
        drop_punct=False,
        drop_numbers=False,
        min_length=1,
    )
    assert {"the", "and", "’s", "“", "11", "2019"} <= set(unfiltered["term"])
    assert len(unfiltered) == len(processed["tokens"]) - sum(
        n - 1 for n in (terms["last_token_id"] - terms["token_id"] + 1)
    )


def test_each_filter_on_its_own(processed) -> None:
    tokens = processed["tokens"]
    keep_stop = set(extract_terms(tokens, drop_stop=False)["term"])
    assert "the" in keep_stop and "“" not in keep_stop
    numbers = set(extract_terms(tokens, drop_numbers=False)["term"])
    assert {"11", "2019"} <= numbers
    long_only = extract_terms(tokens, min_length=6)
    single = long_only[long_only["token_id"] == long_only["last_token_id"]]
    assert single["term"].str.len().min() >= 6
    assert "said" not in set(extract_terms(tokens, stop_words=["Said"])["term"])


def test_lemma_form(processed) -> None:
    tokens = processed["tokens"]
    lower = set(extract_terms(tokens, terms_map={})["term"])
    lemma = set(extract_terms(tokens, form="lemma", terms_map={})["term"])
    assert "companies" in lower and "company" in lemma and "companies" not in lemma
    assert "fakes" in lower and "fakes" not in lemma
    with pytest.raises(ResearchUtilsError, match="form='stem'"):
        extract_terms(tokens, form="stem")


def test_terms_map_can_be_replaced_or_switched_off(processed, tmp_path: Path) -> None:
    tokens = processed["tokens"]
    own = tmp_path / "my_terms.csv"
    own.write_text("term,variant\ntech firms,tech firms\ntech firms,tech companies\n", encoding="utf-8")
    with_own = extract_terms(tokens, terms_map=own)
    # Taipei Times: "11 tech companies", "tech firms"; Apple Daily's "tech and web firms" is no variant
    assert (with_own["term"] == "tech firms").sum() == 2
    assert "deepfake" not in set(with_own["term"]) - set(extract_terms(tokens, terms_map={})["term"])
    off = extract_terms(tokens, terms_map={})
    assert (off["token_id"] == off["last_token_id"]).all()
    assert {"deep", "hong", "kong"} <= set(off["term"])
    as_mapping = extract_terms(tokens, terms_map={"Hong Kong": "HK"})
    assert (as_mapping["term"] == "HK").sum() == 1


def test_packaged_terms_map_is_a_valid_csv() -> None:
    variants = read_terms_map(TERMS_MAP_FILE)
    assert variants["deep fakes"] == "deepfake" and variants["NetEast"] == "netease cloud music"
    header = Path(str(TERMS_MAP_FILE)).read_text(encoding="utf-8").splitlines()[0]
    assert header == "term,variant"


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("term,phrase\nx,y\n", "missing required column(s): variant", 1),
        ("term,variant\ndeepfake,deep fake\n,deepfakes\n", "empty term or variant", 3),
        ("term,variant\ndeepfake,deep fake\nfake,Deep  Fake\n", "listed for 'deepfake' (line 2)", 3),
    ],
)
def test_bad_terms_map_names_file_line_and_fix(tmp_path: Path, content: str, message: str, line: int) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="fix:") as info:
        read_terms_map(path)
    assert message in str(info.value) and info.value.path == path and info.value.line == line


def test_missing_terms_map(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="terms map not found"):
        extract_terms(pd.DataFrame(columns=tables.columns("tokens")), terms_map=tmp_path / "nope.csv")


def test_ngrams_never_cross_sentences(terms) -> None:
    for n in (2, 3):
        grams = extract_ngrams(terms, n=n)
        per_sentence = terms.groupby(["doc_id", "sent_id"]).size()
        assert len(grams) == int((per_sentence - n + 1).clip(lower=0).sum())
        sentence_of = terms.set_index(["doc_id", "token_id"])["sent_id"]
        first = sentence_of.loc[list(zip(grams["doc_id"], grams["token_id"], strict=True))].to_numpy()
        assert (first == grams["sent_id"].to_numpy()).all()
        assert (grams["term"].str.count("_") >= n - 1).all()
    bigrams = set(extract_ngrams(terms, n=2)["term"])
    assert "regulatory_body" in bigrams and "national security_keeping" in bigrams


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from("abc")), max_size=30), st.integers(1, 4))
def test_ngram_property(items: list[tuple[int, str]], n: int) -> None:
    sentences = sorted(s for s, _ in items)
    frame = pd.DataFrame(
        {
            "doc_id": "d",
            "sent_id": sentences,
            "token_id": range(len(items)),
            "last_token_id": range(len(items)),
            "term": [w for _, w in items],
        }
    )
    grams = extract_ngrams(frame, n=n)
    expected = sum(max(0, sentences.count(s) - n + 1) for s in set(sentences))
    assert len(grams) == expected
    assert (grams["last_token_id"] - grams["token_id"] == n - 1).all()


def test_count_terms(processed, terms) -> None:
    freq = count_terms(terms, processed["documents"])
    assert list(freq.columns) == tables.columns("term_frequencies")
    sizes = count_outlet_words(processed["documents"])
    assert sizes.to_dict() == {"Apple Daily": 371, "Taipei Times": 341}
    assert (
        freq.groupby("outlet")["freq"].sum().to_dict()
        == terms.merge(processed["documents"][["doc_id", "outlet"]]).groupby("outlet").size().to_dict()
    )
    row = freq[(freq["outlet"] == "Taipei Times") & (freq["term"] == "companies")].iloc[0]
    assert (row["freq"], row["rank"], row["doc_freq"]) == (5, 1, 1)
    assert row.per_1k == pytest.approx(5 / 341 * 1000)
    apple = freq[freq["outlet"] == "Apple Daily"]
    assert apple.head(4)[["term", "freq", "rank"]].values.tolist() == [
        ["new", 6, 1],
        ["companies", 4, 2],
        ["deepfake", 4, 2],
        ["public", 4, 2],
    ]


def test_count_terms_for_three_outlets(three_outlets: Path) -> None:
    documents = tables.read_table("documents", three_outlets)
    tokens = tables.read_table("tokens", three_outlets)
    freq = count_terms(extract_terms(tokens, terms_map=TERMS_MAP), documents)
    assert sorted(freq["outlet"].unique()) == ["Business Times", "Global Wire", "Harbour Daily"]
    said = freq[freq["term"] == "said"].set_index("outlet")
    assert said.loc["Global Wire", "freq"] == 3 and said.loc["Global Wire", "doc_freq"] == 2
    assert freq.loc[freq["term"] == "deepfake", "outlet"].tolist() == ["Global Wire", "Harbour Daily"]


def test_term_rates_set_each_term_of_two_outlets_against_each_other() -> None:
    frequencies = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B", "C"],
            "term": ["app", "law", "risk", "app", "firm", "app"],
            "freq": [4, 2, 2, 1, 2, 9],
            "per_1k": [4.0, 2.0, 2.0, 1.0, 2.0, 9.0],
        }
    )
    rates = compare_term_rates(frequencies)  # default: the first two outlets, A against B
    assert list(rates["term"]) == ["app", "firm", "law", "risk"]  # most frequent in A and B first
    assert set(rates["outlet_x"]) == {"A"} and set(rates["outlet_y"]) == {"B"}
    app = rates.set_index("term").loc["app"]
    assert (app["per_1k_x"], app["per_1k_y"], app["freq"]) == (4.0, 1.0, 5)
    law = rates.set_index("term").loc["law"]
    assert (law["per_1k_y"], law["n_same_rates"]) == (0.0, 2)  # law and risk share a point
    other = compare_term_rates(frequencies, outlet_x="C", outlet_y="A")
    assert other.set_index("term").loc["app", ["per_1k_x", "per_1k_y"]].tolist() == [9.0, 4.0]
    with pytest.raises(ResearchUtilsError, match="two different outlets"):
        compare_term_rates(frequencies, outlet_x="A", outlet_y="Z")


def test_unknown_documents_are_an_error(processed, terms) -> None:
    with pytest.raises(ResearchUtilsError, match="not in the documents table"):
        count_terms(terms, processed["documents"].iloc[:1])


def test_term_tables_from_processed_tables_only(prepared: Path, tmp_path: Path) -> None:
    folder = tmp_path / "processed"
    folder.mkdir()
    for name in TABLES:  # nothing else: no raw corpus, no other table
        shutil.copy(tables.path_of(name, prepared), folder)
    out = analyse_folder(folder, tmp_path / "analysed")
    assert {"term_frequencies.csv", "keyness.csv"} <= {p.name for p in out.iterdir()}
    first = hash_tree(out)
    analyse_folder(folder, out)
    assert hash_tree(out) == first  # byte-identical rerun
    assert sorted(p.name for p in folder.iterdir() if p.name != LOCK_FILE) == sorted(
        f"{name}.csv" for name in TABLES
    )
    keyness = tables.read_table("keyness", out)
    assert list(keyness.columns) == tables.columns("keyness")
    public = keyness[(keyness["outlet"] == "Apple Daily") & (keyness["term"] == "public")].iloc[0]
    assert public.g2 == pytest.approx(5.2358, abs=1e-4) and public.p_value == pytest.approx(0.0221, abs=1e-4)
    text = tables.path_of("keyness", out).read_text(encoding="utf-8")
    assert "5.2358," in text  # floats rounded to 4 decimals
    freq = tables.read_table("term_frequencies", out)
    assert (freq["per_1k"] == freq["per_1k"].round(4)).all()


def test_the_scatter_rates_pair_two_outlets_and_pool_the_others_beyond_two():
    from research_utils.analyse import compare_outlet_rates, compare_rates_to_others, compare_term_rates

    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["Farm Weekly", "Tide Post", "Rail Echo"],
            "n_word_tokens": [100] * 3,
        }
    )
    frequencies = pd.DataFrame(
        {
            "outlet": ["Farm Weekly", "Tide Post", "Rail Echo"],
            "term": ["harvest", "harvest", "signal"],
            "freq": [4, 1, 2],
            "per_1k": [40.0, 10.0, 20.0],
        }
    )
    two = documents.iloc[:2]
    pd.testing.assert_frame_equal(
        compare_outlet_rates(frequencies.iloc[:2], two), compare_term_rates(frequencies.iloc[:2])
    )
    pooled = compare_outlet_rates(frequencies, documents)
    pd.testing.assert_frame_equal(pooled, compare_rates_to_others(frequencies, documents))
    assert set(pooled["outlet_x"]) == {"Farm Weekly", "Tide Post", "Rail Echo"}
