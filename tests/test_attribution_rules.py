"""The attribution rules on invented news prose far from the study: a council, a football club,
a hospital, a minister. Each test is one rule: pronouns by actor type, never across a newly
introduced speaker, countries that act, names inside longer names, the reporter's own clauses,
the paraphrase around a partial quote, addressees, appositions and spokespeople."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import annotate_documents

from research_utils.analyse.actors import GOVERNMENT_TYPES, find_actor_mentions, read_actors
from research_utils.analyse.quotes import find_quotes, read_reporting_verbs, summarize_sources
from research_utils.tables import empty_table

ACTORS = """actor,type,alias,resolve,group,note
Riverside Council,government body,Riverside Council,name,,
Riverside Council,government body,the council,after_first_name,,
United FC,company,United FC,name,,
United FC,company,the club,after_first_name,,
Meridian Hospital,company,Meridian Hospital,name,,
Tom Reyes,government official,Tom Reyes,name,,health minister
Tom Reyes,government official,Reyes,after_first_name,,
Jane Doe,expert,Jane Doe,name,,
Jane Doe,expert,Doe,after_first_name,,
French government,government body,France,agentive,,
French government,government body,Paris,agentive,,
French government,government body,the state,agentive,,
Water Act,government document,the Water Act,agentive,,
"""


@pytest.fixture(scope="module")
def actors(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("actors") / "actors.csv"
    path.write_text(ACTORS, encoding="utf-8")
    return read_actors(path)


@pytest.fixture(scope="module")
def verbs(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The packaged general-English lexicon, which has the phrasal verb "call for"."""
    packaged = read_reporting_verbs()
    assert "call for" in set(packaged["verb"])
    return packaged


def analyse(text: str, actors: pd.DataFrame, verbs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(actor mentions, quotes) of one invented article; every span is checked against the text."""
    docs = pd.DataFrame({"doc_id": ["d0"], "text": [text]})
    documents = docs.assign(outlet="Local News")
    sentences, tokens = annotate_documents(docs)
    mentions = find_actor_mentions(tokens, sentences, documents, empty_table("glosses"), actors)
    quotes = find_quotes(sentences, tokens, documents, mentions, verbs)
    for row in quotes.itertuples(index=False):
        assert text[row.start : row.end] == row.quote
    return mentions, quotes


def said(quotes: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(kind, speaker, speaker_type, quote) of the attributed rows, in text order."""
    rows = quotes[quotes["kind"] != "scare"]
    return list(rows[["kind", "speaker", "speaker_type", "quote"]].itertuples(index=False, name=None))


# --------------------------------------------------------------------------- pronouns


def test_it_takes_an_organisation_and_he_a_person(actors, verbs):
    _, q = analyse(
        "Riverside Council said the bridge would close. “We have no other choice this winter,” it said. "
        "Health Minister Tom Reyes said waiting lists were falling. "
        "“We have hired four hundred nurses this year,” he said.",
        actors,
        verbs,
    )
    assert [(k, s, t) for k, s, t, _ in said(q)] == [
        ("paraphrase", "Riverside Council", "government body"),
        ("direct", "Riverside Council", "government body"),
        ("paraphrase", "Tom Reyes", "government official"),
        ("direct", "Tom Reyes", "government official"),
    ]


def test_a_pronoun_of_the_wrong_type_stays_unresolved(actors, verbs):
    _, q = analyse(
        "Riverside Council said the bridge would close. “We have no other choice this winter,” he said.",
        actors,
        verbs,
    )
    direct = q[q["kind"] == "direct"].iloc[0]
    assert (direct["speaker"], direct["speaker_type"], direct["speaker_surface"]) == ("he", "", "he")


def test_a_technicians_words_never_go_to_the_council(actors, verbs):
    # the unresolved technician is the most recent speaker: "he" is the technician, not the council
    _, q = analyse(
        "Riverside Council said the water was safe to drink. "
        "A technician at the treatment plant said the filters had failed twice in March. "
        "“Nobody checked the tanks for weeks and the readings were written up later by someone "
        "who was not even there,” he said.",
        actors,
        verbs,
    )
    rows = said(q)
    assert rows[1][:3] == ("paraphrase", "A technician at the treatment plant", "")
    assert rows[2][:3] == ("direct", "A technician at the treatment plant", "")
    words = summarize_sources(q).set_index("speaker")["words"]
    assert words["Riverside Council"] == 6  # "the water was safe to drink"


def test_a_pronoun_never_crosses_a_newly_introduced_speaker(actors, verbs):
    _, q = analyse(
        "Riverside Council said the pool would reopen. Jane Doe said the roof was unsafe. "
        "“Repairs will take another three months at least,” it said.",
        actors,
        verbs,
    )
    assert said(q)[-1][:3] == ("direct", "it", "")  # Jane Doe, just introduced, stands between
    _, q = analyse(
        "Riverside Council said the pool would reopen. Jane Doe said the roof was unsafe. "
        "The council added that repairs had begun. Doe said the work was rushed. "
        "“Repairs will take another three months at least,” it said.",
        actors,
        verbs,
    )
    assert said(q)[-1][:3] == ("direct", "Riverside Council", "government body")  # Doe is no longer new


def test_a_new_name_in_the_narrative_blocks_he(actors, verbs):
    _, q = analyse(
        "Health Minister Tom Reyes said the flood defences had held. "
        "Resident Paul Smith lost his home when the river rose on Sunday. "
        "“It was the worst night of my whole life,” he said.",
        actors,
        verbs,
    )
    assert said(q)[-1][:3] == ("direct", "he", "")


def test_they_takes_the_most_recent_compatible_speaker(actors, verbs):
    _, q = analyse(
        "Riverside Council said the stadium plan was approved. United FC said building would start soon. "
        "“The first match there will be played next August,” they said.",
        actors,
        verbs,
    )
    assert said(q)[-1][:3] == ("direct", "United FC", "company")


# --------------------------------------------------------------------------- countries that act


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("France banned the pesticide in May.", ["France"]),
        ("France has in recent years tightened the rules on pesticides.", ["France"]),
        ("The vineyard that France protected in 1990 reopened.", ["France"]),
        ("After Paris blocked the merger, shares fell.", ["Paris"]),
        ("The state will pay for the new roads.", ["The state"]),
        ("Wine from France sold well in the spring.", []),
        ("France’s farmers protested against the ban.", []),
        ("France was criticised by the union.", []),
        ("France is a large country with many farms.", []),
        ("The money was set aside for the state and the towns.", []),
        ("The Bank of France said interest rates would rise.", []),
        ("Most farmers in France grow wheat.", []),
    ],
)
def test_a_country_is_an_actor_only_when_it_acts(actors, verbs, text, surfaces):
    mentions, _ = analyse(text, actors, verbs)
    assert mentions["surface"].tolist() == surfaces
    assert set(mentions["actor"]) <= {"French government"}


def test_a_country_inside_a_name_is_not_the_speaker(actors, verbs):
    _, q = analyse("The Bank of France said interest rates would rise.", actors, verbs)
    assert said(q) == [("paraphrase", "The Bank of France", "", "interest rates would rise")]
    _, q = analyse("Professor Ann Lee of the University of Paris said the vote was close.", actors, verbs)
    assert said(q)[0][1:3] == ("Professor Ann Lee of the University of Paris", "")


def test_a_law_that_speaks_is_a_government_source(actors, verbs):
    mentions, q = analyse("The Water Act states that every well must be tested each year.", actors, verbs)
    assert mentions["actor"].tolist() == ["Water Act"]
    assert said(q) == [
        ("paraphrase", "Water Act", "government document", "every well must be tested each year")
    ]
    assert said(q)[0][2] in GOVERNMENT_TYPES
    mentions, _ = analyse("Farmers must comply with the Water Act by June.", actors, verbs)
    assert mentions.empty  # the object of a preposition does not act


# --------------------------------------------------------------------------- the reporter's clauses


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # background in an "as" clause after a comma is the reporter's
        (
            "United FC said it would sell the stadium, as fans protest outside the ground every week.",
            "it would sell the stadium",
        ),
        # a gloss after "meaning" is the reporter's
        (
            "Jane Doe stressed the dangers of lead pipes, meaning pipes laid before 1970.",
            "the dangers of lead pipes",
        ),
        # a parenthesis between dashes is the reporter's
        (
            "Tom Reyes warned about bed blocking — a term for patients kept in hospital without need.",
            "bed blocking",
        ),
        # "especially as" argues; "as well as" joins: both stay in the content
        (
            "The council said fees would rise, especially as costs have doubled.",
            "fees would rise, especially as costs have doubled",
        ),
        (
            "Riverside Council said the fees, as well as the fines, would rise.",
            "the fees, as well as the fines, would rise",
        ),
    ],
)
def test_reported_content_stops_at_the_reporters_own_clauses(actors, verbs, text, content):
    _, q = analyse(text, actors, verbs)
    assert [r[3] for r in said(q)] == [content]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Riverside Council said on Tuesday that the pool would reopen.", "the pool would reopen"),
        ("United FC said yesterday the new stand would open.", "the new stand would open"),
        ("United FC said last year's profits fell.", "last year's profits fell"),
        ("United FC said this was wrong.", "this was wrong"),
        ("Health Minister Tom Reyes last week warned about waiting lists.", "waiting lists"),
    ],
)
def test_time_phrases_are_neither_speaker_nor_content(actors, verbs, text, content):
    _, q = analyse(text, actors, verbs)
    assert [r[3] for r in said(q)] == [content]
    assert said(q)[0][1] in {"Riverside Council", "United FC", "Tom Reyes"}


def test_two_speech_acts_of_one_speaker_around_a_parenthesis(actors, verbs):
    _, q = analyse(
        "Health Minister Tom Reyes warned about rising “bed blocking” in hospitals — a term for patients "
        "kept on wards without need — and called for more money for care homes.",
        actors,
        verbs,
    )
    assert said(q) == [
        ("paraphrase", "Tom Reyes", "government official", "rising “bed blocking” in hospitals"),
        ("paraphrase", "Tom Reyes", "government official", "more money for care homes"),
    ]
    assert q.loc[q["kind"] == "paraphrase", "verb"].tolist() == ["warn", "call for"]


# --------------------------------------------------------------------------- partial quotes


def test_the_paraphrase_around_a_partial_quote_is_counted_once(actors, verbs):
    text = (
        "Riverside Council said that residents should “boil all tap water before drinking it” until Friday."
    )
    _, q = analyse(text, actors, verbs)
    direct = q[q["kind"] == "direct"].iloc[0]
    paraphrase = q[q["kind"] == "paraphrase"].iloc[0]
    assert (direct["quote"], direct["n_words"]) == ("boil all tap water before drinking it", 7)
    assert paraphrase["quote"] == "residents should “boil all tap water before drinking it” until Friday"
    assert paraphrase["n_words"] == 4  # residents should … until Friday
    assert summarize_sources(q).set_index("speaker").loc["Riverside Council", "words"] == 11


def test_a_whole_quote_gives_no_paraphrase(actors, verbs):
    _, q = analyse(
        "“The club will not sell any of its young players this summer,” United FC said.", actors, verbs
    )
    assert [r[:2] for r in said(q)] == [("direct", "United FC")]


# --------------------------------------------------------------------------- speakers and contents


def test_the_addressee_is_not_the_content(actors, verbs):
    _, q = analyse(
        "Riverside Council urged residents to save water. "
        "Tom Reyes told reporters that the hospital would open in June.",
        actors,
        verbs,
    )
    assert [r[3] for r in said(q)] == ["save water", "the hospital would open in June"]


def test_an_apposition_and_a_spokesperson(actors, verbs):
    _, q = analyse(
        "Jane Doe, a nurse at Meridian Hospital, said the ward was full. "
        "A spokesman for Riverside Council said bins would be collected on Monday.",
        actors,
        verbs,
    )
    assert [r[1:3] for r in said(q)] == [("Jane Doe", "expert"), ("Riverside Council", "government body")]


def test_government_types_are_one_constant():
    assert {"government body", "government official", "government document"} == GOVERNMENT_TYPES


# --------------------------------------------------------------------------- another corpus


def test_no_study_name_reaches_another_corpus(brown_sample: Path, tmp_path: Path):
    """Brown news and editorials with the study's own actor table and verbs: speakers are
    phrases of the text or actors the text names, never the study's actors by default."""
    from conftest import ACTORS as STUDY_ACTORS
    from conftest import REPORTING_VERBS

    from research_utils.ingest import read_corpus

    corpus = read_corpus(brown_sample)
    docs = corpus.documents if hasattr(corpus, "documents") else corpus
    docs = pd.DataFrame(docs)[["doc_id", "text", "outlet"]]
    sentences, tokens = annotate_documents(docs)
    study = read_actors(STUDY_ACTORS)
    mentions = find_actor_mentions(tokens, sentences, docs, empty_table("glosses"), study)
    quotes = find_quotes(sentences, tokens, docs, mentions, read_reporting_verbs(REPORTING_VERBS))
    text = dict(zip(docs["doc_id"], docs["text"], strict=True))
    for row in mentions.itertuples(index=False):
        assert text[row.doc_id][row.start : row.end] == row.surface
    typed = quotes[quotes["speaker_type"].fillna("") != ""]
    # a typed speaker is an actor the same document mentions (never one carried over from the study)
    for row in typed.itertuples(index=False):
        assert row.speaker in set(mentions.loc[mentions["doc_id"] == row.doc_id, "actor"])
    assert not quotes["speaker"].fillna("").str.contains("Cyberspace|Wu Qiang|Xi Jinping").any()
