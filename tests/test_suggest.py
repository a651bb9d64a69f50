"""Instruments from the data: actors and terms suggested from a corpus, reviewed, adopted.

The corpus (``conftest.HOSPITAL_ARTICLES``) is written for these tests on another topic
than the study (a city council closing a hospital's night clinic, three outlets), so the
rules are checked on text they were not tuned to, and the study's actors and terms must
never show up.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ACTORS, HOSPITAL_ARTICLES, TERMS_MAP, annotate_documents

from research_utils.analyse import (
    adopt_suggestions,
    find_actor_mentions,
    read_actors,
    read_terms_map,
    suggest_actors,
    suggest_terms,
)
from research_utils.analyse.actors import ACTOR_TYPES
from research_utils.errors import InputError
from research_utils.files import to_csv_file
from research_utils.tables import columns, empty_table

#: Names and words of the study that must never come out of this corpus.
STUDY_WORDS = ("China", "CAC", "Apple Daily", "Taipei Times", "Tencent", "Alibaba", "deepfake", "Xi Jinping")


def official_type() -> str:
    """The type the actor table has for officials (another engineer may add one), else person."""
    return next(t for t in ("government official", "official", "person") if t in ACTOR_TYPES)


@pytest.fixture(scope="module")
def corpus() -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        [(d, o, t) for (d, o), t in HOSPITAL_ARTICLES.items()], columns=["doc_id", "outlet", "text"]
    ).astype("string")
    sentences, tokens = annotate_documents(documents)
    return {"documents": documents, "sentences": sentences, "tokens": tokens}


@pytest.fixture(scope="module")
def suggested(corpus: dict[str, pd.DataFrame]) -> pd.DataFrame:
    no_actors = read_actors_frame([])
    return suggest_actors(corpus["tokens"], corpus["documents"], no_actors, min_count=1).set_index("actor")


def read_actors_frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """An actor table (the reader's columns) from (actor, type, alias) rows, resolved by name."""
    frame = pd.DataFrame(rows, columns=["actor", "type", "alias"]).assign(resolve="name", group="", note="")
    return frame.astype("string")


def test_suggestions_find_the_corpus_ministry_people_and_firms(suggested: pd.DataFrame) -> None:
    for actor in ("Ministry of Health", "Helen Carter", "Meridian Care Ltd", "Riverside General Hospital"):
        assert actor in suggested.index
    for person in ("Omar Haddad", "Lena Park", "Tom Reyes", "Maria Lopez", "Ben Osei"):
        assert person in suggested.index, (
            person
        )  # titles stripped: not "Mayor Helen Carter", "Dr Omar Haddad"
    assert not any(a.startswith(("Mayor", "Dr", "Professor", "Health Minister")) for a in suggested.index)


def test_alias_groups_join_surnames_ministry_forms_acronyms_and_legal_suffixes(
    suggested: pd.DataFrame,
) -> None:
    assert suggested.loc["Helen Carter", "aliases"] == "Helen Carter"
    assert suggested.loc["Helen Carter", "aliases_after_name"] == "Carter"
    assert suggested.loc["Lena Park", "aliases_after_name"] == "Park"
    ministry = suggested.loc["Ministry of Health", "aliases"].split("; ")
    assert set(ministry) == {"Ministry of Health", "Health Ministry", "MOH"}
    assert set(suggested.loc["Meridian Care Ltd", "aliases"].split("; ")) == {
        "Meridian Care Ltd",
        "Meridian Care",
    }
    for alias in ("Carter", "Park", "Health Ministry", "MOH", "Meridian Care"):
        assert alias not in suggested.index  # grouped, not a row of its own


def test_types_are_guessed_from_titles_and_organisation_words_with_evidence(suggested: pd.DataFrame) -> None:
    expected = {
        "Ministry of Health": "government body",
        "Northfield City Council": "government body",
        "Meridian Care Ltd": "company",
        "Helen Carter": official_type(),
        "Tom Reyes": official_type(),
        "Lena Park": "expert",
        "Ben Osei": "expert",
        "Omar Haddad": "person",
    }
    for actor, typ in expected.items():
        assert suggested.loc[actor, "type"] == typ, actor
    assert "mayor" in suggested.loc["Helen Carter", "evidence"]
    assert "professor" in suggested.loc["Lena Park", "evidence"]
    # a hospital has no type in the actor table's types: left for the user, saying why
    assert suggested.loc["Riverside General Hospital", "type"] == ""
    assert "hospital" in suggested.loc["Riverside General Hospital", "evidence"]
    assert set(suggested["type"]) <= {*ACTOR_TYPES, ""}


def test_counts_per_outlet_and_documents_are_the_hand_counts(suggested: pd.DataFrame) -> None:
    # Helen Carter: herald_1 "Mayor Helen Carter" + "Carter added", courier_2, wire_2
    carter = suggested.loc["Helen Carter"]
    assert (carter["n_mentions"], carter["n_documents"]) == (4, 3)
    assert carter["outlets"] == "Metro Wire: 1; Northfield Herald: 2; Valley Courier: 1"
    # Ministry of Health, its acronym and "Health Ministry": herald_1 (2), herald_2, courier_2, wire_1
    ministry = suggested.loc["Ministry of Health"]
    assert (ministry["n_mentions"], ministry["n_documents"]) == (5, 4)
    assert ministry["outlets"] == "Metro Wire: 1; Northfield Herald: 3; Valley Courier: 1"


def test_rows_run_by_count_then_first_appearance(suggested: pd.DataFrame) -> None:
    text = " ".join(HOSPITAL_ARTICLES.values())
    counts = suggested["n_mentions"].tolist()
    assert counts == sorted(counts, reverse=True)
    for _, tied in suggested.groupby("n_mentions"):
        firsts = [min(text.find(a) for a in aliases.split("; ")) for aliases in tied["aliases"]]
        assert firsts == sorted(firsts), tied.index.tolist()


def test_sentence_initial_common_words_days_and_titles_are_no_actors(suggested: pd.DataFrame) -> None:
    every_alias = {a for aliases in suggested["aliases"] for a in aliases.split("; ")}
    for word in ("Waiting", "Nurses", "Analyst", "Tuesday", "Friday", "May", "Mayor", "The", "Shares"):
        assert word not in every_alias


def test_known_actors_are_marked_new_ones_are_not(corpus: dict[str, pd.DataFrame]) -> None:
    actors = read_actors_frame(
        [
            ("Northfield council", "government body", "Northfield City Council"),
            ("Meridian", "company", "Meridian Care"),
        ]
    )
    rows = suggest_actors(corpus["tokens"], corpus["documents"], actors).set_index("actor")
    assert rows.loc["Northfield City Council", "known"] == "Northfield council"
    assert rows.loc["Meridian Care Ltd", "known"] == "Meridian"  # its alias matches inside the longer name
    assert rows.loc["Helen Carter", "known"] == ""
    assert (rows["n_mentions"] >= 2).all()  # min_count's default


def test_nothing_of_the_study_leaks_into_another_corpus(corpus: dict[str, pd.DataFrame]) -> None:
    study = read_actors(ACTORS)
    actors = suggest_actors(corpus["tokens"], corpus["documents"], study, min_count=1)
    terms = suggest_terms(corpus["tokens"], corpus["documents"], read_terms_map(TERMS_MAP), min_freq=2)
    text = (
        " ".join(actors.astype(str).to_numpy().ravel()) + " " + " ".join(terms.astype(str).to_numpy().ravel())
    )
    assert not [w for w in STUDY_WORDS if w.lower() in text.lower()]
    assert not set(study["actor"]) & set(actors["actor"])
    assert (actors["known"] == "").all() and (terms["known"] == "").all()


def test_suggest_terms_finds_repeated_multi_word_terms_and_their_variants(
    corpus: dict[str, pd.DataFrame],
) -> None:
    terms = suggest_terms(corpus["tokens"], corpus["documents"], {"waiting list": "waiting list"})
    rows = terms.set_index("term")
    assert set(rows.loc["waiting list", "variants"].split("; ")) == {"waiting list", "Waiting lists"}
    assert (rows.loc["waiting list", "freq"], rows.loc["waiting list", "n_documents"]) == (4, 4)
    assert rows.loc["waiting list", "known"] == "waiting list"
    assert set(rows.loc["night clinic", "variants"].split("; ")) == {"night clinic", "night-clinic"}
    assert rows.loc["night clinic", "freq"] == 4 and rows.loc["night clinic", "known"] == ""
    assert "riverside general hospital" in rows.index and "ministry of health" in rows.index
    assert (terms["freq"] >= 3).all() and (terms["n_documents"] >= 2).all()
    assert terms["freq"].tolist() == sorted(terms["freq"], reverse=True)
    stop = set(corpus["tokens"].loc[corpus["tokens"]["is_stop"], "lower"])
    assert not [t for t in rows.index if t.split()[0] in stop or t.split()[-1] in stop]


def test_suggest_terms_never_joins_words_across_sentences() -> None:
    text = "They worked at night. Clinic managers agreed. Staff came at night. Clinic doors opened."
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"], "text": [text] * 3})
    _, tokens = annotate_documents(documents)
    terms = suggest_terms(tokens, documents, None, min_freq=2)
    assert "night clinic" not in set(terms["term"])
    assert "clinic managers" in set(terms["term"])  # the same words do count within a sentence


def write_suggestions(rows: pd.DataFrame, path: Path, keep: dict[str, str]) -> Path:
    rows = rows.assign(keep=[keep.get(a, "") for a in rows.iloc[:, 1]])
    to_csv_file(rows, path)
    return path


def test_adopted_actors_are_found_by_find_actor_mentions(
    corpus: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    rows = suggest_actors(corpus["tokens"], corpus["documents"], read_actors_frame([]))
    path = write_suggestions(
        rows, tmp_path / "actor_suggestions.csv", {"Helen Carter": "yes", "Ministry of Health": "X"}
    )
    table = adopt_suggestions("actors", ACTORS, path)
    study = read_actors(ACTORS)
    assert table.iloc[: len(study)].equals(study)  # the table's own rows first, unchanged
    added = table.iloc[len(study) :]
    assert added[["actor", "alias", "resolve"]].values.tolist() == [
        ["Ministry of Health", "Ministry of Health", "name"],
        ["Ministry of Health", "MOH", "name"],
        ["Ministry of Health", "Health Ministry", "name"],
        ["Helen Carter", "Helen Carter", "name"],
        ["Helen Carter", "Carter", "after_first_name"],
    ]
    to_csv_file(table, tmp_path / "actors.csv")
    actors = read_actors(tmp_path / "actors.csv")  # a valid actor table
    mentions = find_actor_mentions(
        corpus["tokens"], corpus["sentences"], corpus["documents"], empty_table("glosses"), actors
    )
    found = mentions.groupby("actor").size().to_dict()
    assert found["Helen Carter"] == 4 and found["Ministry of Health"] == 5
    assert set(mentions.loc[mentions["actor"] == "Helen Carter", "surface"]) == {"Helen Carter", "Carter"}
    # adopting the same file again adds nothing
    to_csv_file(table, tmp_path / "again.csv")
    assert adopt_suggestions("actors", tmp_path / "actors.csv", path).equals(table)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"keep": "maybe"}, "keep is 'maybe'"),
        ({"type": "hospital"}, "unknown type 'hospital'"),
        ({"type": ""}, "unknown type ''"),
        ({"aliases": "", "aliases_after_name": ""}, "no alias"),
    ],
)
def test_an_edited_suggestion_with_a_bad_row_is_refused_with_file_and_line(
    corpus: dict[str, pd.DataFrame], tmp_path: Path, edit: dict[str, str], message: str
) -> None:
    rows = suggest_actors(corpus["tokens"], corpus["documents"], read_actors_frame([]))
    rows = rows.assign(keep=["yes"] + [""] * (len(rows) - 1))
    second = rows.index[1]
    rows.loc[second, "keep"] = "yes"
    for column, value in edit.items():
        rows.loc[second, column] = value
    path = tmp_path / "suggestions.csv"
    to_csv_file(rows, path)
    with pytest.raises(InputError, match=message) as error:
        adopt_suggestions("actors", None, path)
    assert error.value.path == path and error.value.line == 3 and error.value.fix


def test_a_suggestion_file_without_a_kept_row_is_refused(
    corpus: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    rows = suggest_actors(corpus["tokens"], corpus["documents"], read_actors_frame([]))
    path = tmp_path / "suggestions.csv"
    to_csv_file(rows, path)
    with pytest.raises(InputError, match="no row has keep"):
        adopt_suggestions("actors", ACTORS, path)


def test_adopted_terms_extend_the_map_and_conflicts_are_refused(
    corpus: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    terms = suggest_terms(corpus["tokens"], corpus["documents"], None)
    path = tmp_path / "term_suggestions.csv"
    to_csv_file(terms.assign(keep=["1" if t == "waiting list" else "" for t in terms["term"]]), path)
    merged = adopt_suggestions("terms", TERMS_MAP, path)
    assert list(merged.columns) == ["term", "variant"]
    assert merged.iloc[-2:].values.tolist() == [
        ["waiting list", "waiting list"],
        ["waiting list", "Waiting lists"],
    ]
    to_csv_file(merged, tmp_path / "terms.csv")
    assert read_terms_map(tmp_path / "terms.csv")["Waiting lists"] == "waiting list"
    clash = terms.assign(keep="")
    clash.loc[clash["term"] == "night clinic", ["keep", "term", "variants"]] = [
        "yes",
        "queue",
        "Waiting list",
    ]
    to_csv_file(clash, path)
    with pytest.raises(InputError, match="already listed for 'waiting list'") as error:
        adopt_suggestions("terms", tmp_path / "terms.csv", path)
    assert error.value.line == 2 + int(clash.index[clash["keep"] == "yes"][0])


def test_suggestion_tables_have_their_declared_columns(corpus: dict[str, pd.DataFrame]) -> None:
    rows = suggest_actors(corpus["tokens"], corpus["documents"], read_actors_frame([]))
    assert list(rows.columns) == columns("actor_suggestions")
    assert (rows["keep"] == "").all()
    terms = suggest_terms(corpus["tokens"], corpus["documents"], None)
    assert list(terms.columns) == columns("term_suggestions")


@pytest.fixture(scope="module")
def brown_news() -> dict[str, pd.DataFrame]:
    """The first 12 Brown news files (about 27,000 tokens), three pseudo-outlets."""
    from nltk.corpus import brown

    files = brown.fileids(categories="news")[:12]
    texts = [" ".join(" ".join(s) for s in brown.sents(f)) for f in files]
    outlets = [f"wire {i % 3}" for i in range(len(files))]
    documents = pd.DataFrame({"doc_id": files, "outlet": outlets, "text": texts}).astype("string")
    return {"documents": documents, "tokens": annotate_documents(documents)[1]}


def test_suggest_actors_on_brown_news_finds_its_people_and_bodies_quickly(
    brown_news: dict[str, pd.DataFrame],
) -> None:
    tokens = brown_news["tokens"]
    start = time.perf_counter()
    rows = suggest_actors(tokens, brown_news["documents"], read_actors(ACTORS)).set_index("actor")
    elapsed = time.perf_counter() - start
    assert elapsed < 10 * len(tokens) / 100_000 + 2, f"{elapsed:.1f} s for {len(tokens)} tokens"
    assert rows.loc["Fulton Superior Court", "type"] == "government body"  # not "Judge Durwood Pye"
    assert rows.loc["Senate", "type"] == "government body"
    assert rows.loc["Richard J. Hughes", "aliases_after_name"] == "Hughes"
    assert rows.loc["Ross Barnett", "type"] == "person" and rows.loc["Kennedy", "type"] == official_type()
    persons = rows[rows["type"].isin(["person", "expert", official_type()])]
    assert len(persons) >= 10
    assert not [w for w in STUDY_WORDS if w in rows.index]
