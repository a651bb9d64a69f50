"""Actor mentions and quotes scored against hand lists: the readers refuse bad rows, the
matching is one-to-one, and the study's rules keep their measured precision and recall
against the committed hand lists (data/annotations/*_gold.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import APPLE, REPO, TAIPEI

from research_utils.analyse.evaluation import (
    check_hand_list,
    compare_speaker_words,
    match_items,
    read_mention_gold,
    read_quote_gold,
    score_mentions,
    score_quotes,
    validate_attribution,
)
from research_utils.errors import InputError
from research_utils.tables import read_table

ANNOTATIONS = REPO / "data" / "annotations"
MENTIONS_GOLD = ANNOTATIONS / "actor_mentions_gold.csv"
QUOTES_GOLD = ANNOTATIONS / "quotes_gold.csv"
MENTION_HEADER = "doc_id,start,end,surface,actor,type,note\n"
QUOTE_HEADER = "doc_id,start,end,kind,speaker,speaker_type,n_words,note\n"


def scores(table: pd.DataFrame, outlet: str = "all") -> dict[str, tuple[int, int, int]]:
    """measure → (tp, fp, fn) of one outlet's rows."""
    rows = table[table["outlet"] == outlet]
    columns = ["measure", "tp", "n_predicted", "n_gold"]
    return {m: (tp, found - tp, gold - tp) for m, tp, found, gold in rows[columns].itertuples(index=False)}


# --------------------------------------------------------------------------- the study


@pytest.fixture(scope="module")
def validation(analysed: Path, processed: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    tables = {**processed, **{n: read_table(n, analysed) for n in ("actor_mentions", "quotes")}}
    return validate_attribution(tables, read_mention_gold(MENTIONS_GOLD), read_quote_gold(QUOTES_GOLD))


def test_hand_lists_fit_the_study_text(processed):
    # every offset and surface was checked against the cleaned text when the lists were read
    mentions, quotes = read_mention_gold(MENTIONS_GOLD), read_quote_gold(QUOTES_GOLD)
    check_hand_list(mentions, processed["sentences"])
    check_hand_list(quotes, processed["sentences"])
    assert (len(mentions), len(quotes)) == (51, 30)
    assert set(mentions["doc_id"]) == set(quotes["doc_id"]) == {APPLE, TAIPEI}


def test_study_actor_mentions_against_the_hand_list(validation):
    # measured after the rules were fixed: 50 of 51 mentions found, none invented; the miss is
    # "The app" (Clubhouse), a definite description no alias covers. Before: 43 tp, 2 fp, 8 fn.
    table = validation["mention_validation"]
    assert scores(table) == {"span": (50, 0, 1), "actor": (50, 0, 1)}
    assert scores(table, "Apple Daily")["actor"] == (24, 0, 0)
    all_actor = table[(table["outlet"] == "all") & (table["measure"] == "actor")].iloc[0]
    assert (all_actor["precision"], round(all_actor["recall"], 4)) == (1.0, 0.9804)


def test_study_quotes_against_the_hand_list(validation):
    # before the fixes: paraphrase recall 10/14, speakers 13/18, attributed words 215/259
    table = validation["quote_validation"]
    got = scores(table)
    assert got["kind"] == (30, 0, 0)
    assert got["paraphrase"] == (14, 0, 0)
    assert got["speaker"] == (18, 0, 0)
    assert got["words"] == (259, 0, 0)
    assert got["words, same speaker"] == (259, 0, 0)


def test_study_words_per_speaker_match_the_hand_count(validation):
    words = validation["speaker_words_validation"].set_index(["outlet", "speaker"])
    cac = words.loc[("Taipei Times", "Cyberspace Administration of China")]
    assert (cac["words_gold"], cac["words_predicted"]) == (89, 89)  # was 45 before partial quotes counted
    assert (words["words_gold"] == words["words_predicted"]).all()


# --------------------------------------------------------------------------- scoring rules


def frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(","))


DOCS = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Daily", "Weekly"]})


def test_one_long_item_matches_only_one_of_two_it_overlaps():
    gold = frame([("a", 0, 10, "paraphrase"), ("a", 12, 20, "paraphrase")], "doc_id,start,end,kind")
    found = frame([("a", 0, 20, "paraphrase")], "doc_id,start,end,kind")
    assert match_items(gold, found) == [(0, 0)]  # the larger overlap wins
    table = score_quotes(found.assign(speaker="X", n_words=5), gold.assign(speaker="X", n_words=2), DOCS)
    assert scores(table)["paraphrase"] == (1, 0, 1)


def test_mentions_need_the_same_actor_for_the_actor_measure():
    gold = frame(
        [("a", 0, 5, "Council"), ("a", 10, 15, "Club"), ("b", 0, 4, "Club")], "doc_id,start,end,actor"
    )
    found = frame(
        [("a", 0, 5, "Council"), ("a", 11, 14, "Council"), ("a", 30, 35, "Club")], "doc_id,start,end,actor"
    )
    table = score_mentions(found, gold, DOCS)
    assert scores(table, "Daily") == {"span": (2, 1, 0), "actor": (1, 2, 1)}
    assert scores(table, "Weekly") == {"span": (0, 0, 1), "actor": (0, 0, 1)}
    daily = table[(table["outlet"] == "Daily") & (table["measure"] == "actor")].iloc[0]
    assert (round(daily["precision"], 4), daily["recall"], daily["f1"]) == (0.3333, 0.5, 0.4)
    assert scores(table)["actor"] == (1, 2, 2)  # pooled


def test_speaker_accuracy_and_words_per_speaker():
    columns = "doc_id,start,end,kind,speaker,speaker_type,n_words"
    gold = frame(
        [
            ("a", 0, 10, "direct", "Club", "company", 4),
            ("a", 20, 30, "paraphrase", "Council", "government body", 6),
        ],
        columns,
    )
    found = frame(
        [("a", 0, 10, "direct", "Club", "company", 4), ("a", 20, 30, "paraphrase", "he", "", 6)], columns
    )
    got = scores(score_quotes(found, gold, DOCS))
    assert got["speaker among matched"] == (1, 1, 1)
    assert got["speaker"] == (1, 1, 1)
    words = compare_speaker_words(found, gold, DOCS).set_index("speaker")
    assert words.loc["Council", ["words_gold", "words_predicted"]].tolist() == [6, 0]
    assert words.loc["he", "words_predicted"] == 6


def test_documents_the_hand_list_does_not_cover_are_not_scored():
    gold = frame([("a", 0, 5, "Club")], "doc_id,start,end,actor")
    found = frame([("a", 0, 5, "Club"), ("b", 0, 5, "Club")], "doc_id,start,end,actor")
    assert scores(score_mentions(found, gold, DOCS)) == {"span": (1, 0, 0), "actor": (1, 0, 0)}


# --------------------------------------------------------------------------- refused rows


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (MENTION_HEADER, "a,x,5,Club,Club,company,\n", "start 'x' is not a whole number"),
        (MENTION_HEADER, "a,5,5,Club,Club,company,\n", "start 5 is not before end 5"),
        (MENTION_HEADER, "a,0,4,Club,,company,\n", "empty actor"),
        (MENTION_HEADER, "a,0,4,Club,Club,team,\n", "unknown type 'team'"),
        (MENTION_HEADER, "a,0,4,Club,Club,company,\na,0,4,Club,Club,company,\n", "listed twice"),
        (QUOTE_HEADER, "a,0,4,quote,Club,company,2,\n", "unknown kind 'quote'"),
        (QUOTE_HEADER, "a,0,4,scare,Club,company,2,\n", "a scare quote with a speaker"),
        (QUOTE_HEADER, "a,0,4,direct,Club,company,two,\n", "n_words 'two' is not a whole number"),
    ],
)
def test_bad_rows_are_refused_with_file_and_line(tmp_path: Path, header: str, body: str, message: str):
    path = tmp_path / "gold.csv"
    path.write_text(header + body, encoding="utf-8")
    reader = read_mention_gold if header == MENTION_HEADER else read_quote_gold
    with pytest.raises(InputError, match=message) as info:
        reader(path)
    assert str(path) in str(info.value) and info.value.line == body.count("\n") + 1


def test_a_surface_that_is_not_the_text_names_its_line(tmp_path: Path):
    path = tmp_path / "gold.csv"
    path.write_text(MENTION_HEADER + "a,0,4,Club,Club,company,\na,4,9,Counci,Council,,\n", encoding="utf-8")
    sentences = pd.DataFrame(
        {"doc_id": ["a"], "sent_id": [0], "start": [0], "end": [12], "text": ["Club Council"]}
    )
    with pytest.raises(InputError, match="surface 'Counci' is not the text there") as info:
        check_hand_list(read_mention_gold(path), sentences)
    assert info.value.line == 3 and "offsets index the cleaned text" in str(info.value)
