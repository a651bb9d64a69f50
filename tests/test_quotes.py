"""Quotes and sources: direct quotes, paraphrases, scare quotes and their attribution."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ACTORS, APPLE, TAIPEI, annotate_documents

from research_utils import figures
from research_utils.analyse.actors import find_actor_mentions, read_actors
from research_utils.analyse.quotes import (
    count_reporting_verbs,
    count_scare_quotes,
    count_source_type_words,
    find_quotes,
    read_reporting_verbs,
    summarize_sources,
    tabulate_reporting_verbs,
)
from research_utils.errors import InputError
from research_utils.tables import empty_table, read_table

CAC = "Cyberspace Administration of China"


def quotes_of(*texts: str, min_words: int = 3) -> pd.DataFrame:
    """The quotes table of small texts (one outlet per text), checked against the text."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    documents = docs.assign(outlet=[f"Outlet {i}" for i in range(len(texts))])
    sentences, tokens = annotate_documents(docs)
    mentions = find_actor_mentions(tokens, sentences, documents, empty_table("glosses"), read_actors(ACTORS))
    found = find_quotes(sentences, tokens, documents, mentions, read_reporting_verbs(), min_words=min_words)
    for row in found.itertuples(index=False):
        assert texts[int(row.doc_id[1:])][row.start : row.end] == row.quote
    return found


def rows(found: pd.DataFrame, *columns: str) -> list[tuple]:
    return list(found[list(columns)].itertuples(index=False, name=None))


def test_direct_quote_with_post_posed_attribution():
    found = quotes_of(
        "The Cyberspace Administration of China met firms. "
        "“Companies must protect users and obey the law,” the agency said."
    )
    assert rows(found, "kind", "speaker", "speaker_type", "speaker_surface", "verb", "stance", "n_words") == [
        ("direct", CAC, "government body", "the agency", "say", "neutral", 8)
    ]
    assert found.iloc[0]["quote"] == "Companies must protect users and obey the law"


def test_multi_sentence_quote_is_one_quote_and_the_pronoun_takes_the_last_speaker():
    found = quotes_of(
        "Wu Qiang said the apps were risky. "
        "“The party fears open talk. It wants control of every forum,” he said."
    )
    assert rows(found, "sent_id", "kind", "speaker", "speaker_surface", "verb") == [
        (0, "paraphrase", "Wu Qiang", "Wu Qiang", "say"),
        (1, "direct", "Wu Qiang", "he", "say"),
    ]
    assert found.iloc[1]["quote"] == "The party fears open talk. It wants control of every forum"
    assert found.iloc[1]["n_words"] == 11


def test_quote_without_attribution_is_kept_with_no_speaker():
    found = quotes_of("“This is a long passage that nobody is said to have spoken.” Nothing else happened.")
    assert rows(found, "kind", "speaker", "verb", "n_words") == [("direct", "", "", 12)]


def test_short_quotes_are_scare_quotes_and_the_minimum_is_a_parameter():
    text = "The “deepfake” apps and “deep fakes” were banned."
    assert rows(quotes_of(text), "kind", "quote", "n_words") == [
        ("scare", "deepfake", 1),
        ("scare", "deep fakes", 2),
    ]
    assert rows(quotes_of(text, min_words=2), "kind") == [("scare",), ("direct",)]


def test_paraphrase_pre_posed_inverted_and_coordinated():
    found = quotes_of(
        "The Cyberspace Administration of China said that firms must assess new apps. "
        "Firms were summoned, announced the Cyberspace Administration of China. "
        "The Cyberspace Administration of China urged firms to comply, "
        "and warned that inspections would rise."
    )
    assert rows(found, "sent_id", "kind", "speaker", "verb", "stance", "quote") == [
        (0, "paraphrase", CAC, "say", "neutral", "firms must assess new apps"),
        (1, "paraphrase", CAC, "announce", "neutral", "Firms were summoned"),
        (2, "paraphrase", CAC, "urge", "evaluative", "comply"),  # the addressee is not the content
        (2, "paraphrase", CAC, "warn", "evaluative", "inspections would rise"),
    ]


def test_speaker_that_is_no_actor_keeps_its_noun_phrase():
    found = quotes_of("Campaigners stress the dangers of fake videos.")
    assert rows(found, "kind", "speaker", "speaker_type", "verb", "stance") == [
        ("paraphrase", "Campaigners", "", "stress", "evaluative")
    ]


def test_ascii_quotes_and_a_verb_inside_a_quote():
    found = quotes_of(
        'He said: "We will comply with all the rules." “They said nothing useful at all,” she wrote.'
    )
    assert rows(found, "kind", "speaker", "verb", "quote") == [
        ("direct", "He", "say", "We will comply with all the rules"),
        ("direct", "she", "write", "They said nothing useful at all"),
    ]


def test_summaries_of_sources_verbs_and_scare_quotes():
    found = quotes_of(
        "Wu Qiang said the apps were risky. “Platform firms must obey the law now,” he warned.",
        "The Cyberspace Administration of China said “platform” firms must comply.",
    )
    sources = summarize_sources(found).set_index(["outlet", "speaker"])
    wu = sources.loc[("Outlet 0", "Wu Qiang")]
    assert wu[["n_direct", "n_paraphrase", "words_direct", "words_paraphrase", "words"]].tolist() == [
        1,
        1,
        7,
        4,
        11,
    ]
    verbs = count_reporting_verbs(found)
    assert rows(verbs, "outlet", "stance", "verb", "n", "share") == [
        ("Outlet 0", "evaluative", "warn", 1, 0.5),
        ("Outlet 0", "neutral", "say", 1, 0.5),
        ("Outlet 1", "neutral", "say", 1, 1.0),
    ]
    assert rows(count_scare_quotes(found), "outlet", "term", "n") == [("Outlet 1", "platform", 1)]
    fig = figures.plot_sources(summarize_sources(found))
    assert sum(ax.get_visible() for ax in fig.axes) == 2
    fig = figures.plot_reporting_verbs(tabulate_reporting_verbs(verbs))
    assert "Reporting verbs" in fig.axes[0].get_title()


def test_verb_table_puts_neutral_verbs_first_and_fills_in_zeros():
    verbs = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B"],
            "stance": ["evaluative", "neutral", "neutral", "evaluative", "neutral"],
            "verb": ["warn", "say", "add", "urge", "say"],
            "n": [5, 1, 2, 1, 4],
        }
    )
    table = tabulate_reporting_verbs(verbs)
    assert list(table.columns) == ["A", "B"]
    # neutral first, each stance by attributions in all outlets, ties alphabetical
    assert list(table.index) == [
        ("neutral", "say"),
        ("neutral", "add"),
        ("evaluative", "warn"),
        ("evaluative", "urge"),
    ]
    assert table.loc[("neutral", "add")].tolist() == [2, 0]
    assert int(table.to_numpy().sum()) == verbs["n"].sum()


def test_source_type_words_add_up_to_each_outlets_attributed_words():
    quotes = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "A", "B"],
            "kind": ["direct", "paraphrase", "scare", "direct", "paraphrase"],
            "speaker_type": ["government body", "expert", "", None, "government body"],
            "n_words": [30, 10, 1, 10, 8],
        }
    )
    table = count_source_type_words(quotes)
    assert rows(table, "speaker_type", "outlet", "words", "share") == [
        ("government body", "A", 30, 0.6),
        ("government body", "B", 8, 1.0),
        ("expert", "A", 10, 0.2),
        ("expert", "B", 0, 0.0),
        ("unresolved", "A", 10, 0.2),  # a speaker without a type; the scare quote is left out
        ("unresolved", "B", 0, 0.0),
    ]
    assert table.groupby("outlet")["share"].sum().tolist() == [1.0, 1.0]
    assert count_source_type_words(quotes[quotes["kind"] == "scare"]).empty


def test_study_quotes(analysed):
    found = read_table("quotes", analysed)
    apple = found[(found["doc_id"] == APPLE) & (found["kind"] == "direct")]
    # Apple Daily's one direct quotation is the CAC's statement, introduced by "it wrote"
    assert rows(apple, "speaker", "speaker_surface", "verb") == [(CAC, "it", "write")]
    taipei = found[found["doc_id"] == TAIPEI]
    scare = taipei.loc[taipei["kind"] == "scare", "quote"].str.lower()
    assert {"deep fakes", "fake news", "platform"} <= set(scare)
    wu = found[found["speaker"] == "Wu Qiang"]
    assert set(wu["kind"]) == {"paraphrase"} and len(wu) == 2
    # the Taipei Times' partial quotes keep their paraphrase: the CAC's words are direct + paraphrase
    cac = taipei[taipei["speaker"] == CAC]
    assert (cac["kind"].value_counts().to_dict(), int(cac["n_words"].sum())) == (
        {"paraphrase": 4, "direct": 3},
        89,
    )
    # the head of state and the regulations are government sources
    types = dict(zip(taipei["speaker"], taipei["speaker_type"], strict=True))
    assert types["Xi Jinping"] == "government official"
    assert types["Chinese regulations"] == "government document"
    # the reporter's own clauses are not reported speech
    reported = " ".join(taipei.loc[taipei["kind"] == "paraphrase", "quote"])
    assert "as regulators try" not in reported and "meaning technology" not in reported
    assert "a term that could refer" not in reported


# --------------------------------------------------------------------------- lexicon errors


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("say,neutral,\nsay,neutral,\n", "listed twice"),
        ("warn,scary,\n", "stance 'scary'"),
        (",neutral,\n", "empty verb"),
    ],
)
def test_verb_lexicon_errors(tmp_path: Path, body: str, message: str):
    path = tmp_path / "verbs.csv"
    path.write_text("verb,stance,note\n" + body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_reporting_verbs(path)
    assert str(path) in str(info.value)


def test_the_lexicon_is_read_like_every_users_csv_file(tmp_path: Path):
    # one reader for users' CSV files: a byte-order mark is accepted, a repeated column name is
    # refused, and an error names the line where the record starts
    path = tmp_path / "verbs.csv"
    path.write_bytes("\ufeffverb,stance,note\nsay,neutral,\n".encode())
    assert read_reporting_verbs(path)["verb"].tolist() == ["say"]
    path.write_text("verb,stance,verb\nsay,neutral,say\n", encoding="utf-8")
    with pytest.raises(InputError, match="appear more than once") as info:
        read_reporting_verbs(path)
    assert info.value.line == 1
    path.write_text('verb,stance,note\nsay,neutral,"two\nlines"\nwarn,scary,\n', encoding="utf-8")
    with pytest.raises(InputError, match="stance 'scary'") as info:
        read_reporting_verbs(path)
    assert info.value.line == 4


def test_shipped_lexicon_has_both_stances():
    verbs = read_reporting_verbs()
    stance = dict(zip(verbs["verb"], verbs["stance"], strict=True))
    assert stance["say"] == "neutral" and stance["warn"] == "evaluative" and stance["stress"] == "evaluative"
