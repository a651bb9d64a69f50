"""Actors: the shipped table, alias matching, gloss names and the reference rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ACTORS, APPLE, TAIPEI, annotate_documents

from research_utils import figures
from research_utils.analyse.actors import (
    ACTOR_TYPES,
    count_actor_mentions,
    find_actor_mentions,
    name_group,
    read_actors,
    summarize_actors,
)
from research_utils.errors import InputError
from research_utils.ingest import clean_text
from research_utils.tables import empty_table, read_table

CAC = "Cyberspace Administration of China"
SUMMONED = [
    "Alibaba",
    "Tencent",
    "ByteDance",
    "Xiaomi",
    "Kuaishou",
    "NetEase Cloud Music",
    "Inke",
    "Avatarify",
]


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return read_actors(ACTORS)


def mentions_of(*raw_texts: str, actors: pd.DataFrame, outlets: list[str] | None = None) -> pd.DataFrame:
    """Actor mentions of small texts, cleaned like the corpus (so glosses are taken out)."""
    doc_ids = [f"d{i}" for i in range(len(raw_texts))]
    texts, gloss_rows = [], []
    for doc_id, raw in zip(doc_ids, raw_texts, strict=True):
        cleaned = clean_text(raw, "2021-03-19")
        texts.append(cleaned.text)
        gloss_rows.extend({"doc_id": doc_id, **g} for g in cleaned.glosses)
    docs = pd.DataFrame({"doc_id": doc_ids, "text": texts})
    sentences, tokens = annotate_documents(docs)
    glosses = pd.DataFrame(gloss_rows) if gloss_rows else empty_table("glosses")
    documents = docs.assign(outlet=outlets or ["Outlet A"] * len(raw_texts))
    found = find_actor_mentions(tokens, sentences, documents, glosses, actors)
    text_of = dict(zip(doc_ids, texts, strict=True))
    for row in found.itertuples(index=False):  # offsets index the document text
        assert text_of[row.doc_id][row.start : row.end] == row.surface
    return found


def pairs(found: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(found["surface"], found["actor"], strict=True))


def test_shipped_table_types_aliases_and_summoned_firms(actors):
    assert set(actors["type"]) == set(ACTOR_TYPES)  # every type is used, no other
    netease = actors[actors["actor"] == "NetEase Cloud Music"]
    assert {"NetEast", "NetEase", "網易雲音樂"} <= set(netease["alias"])
    assert list(dict.fromkeys(actors.loc[actors["group"] == "summoned", "actor"])) == SUMMONED
    cac = actors[actors["actor"] == CAC].set_index("alias")["resolve"]
    assert {cac[a] for a in ("the agency", "the regulatory body", "the watchdog")} == {"after_first_name"}
    # a body speaking of "authorities" means the state in general: bare plurals are the government's
    assert not {"authorities", "regulators"} & set(cac.index)
    state = actors[actors["actor"] == "Chinese government"].set_index("alias")["resolve"]
    assert {state[a] for a in ("China", "the state", "Beijing")} == {"agentive"}
    types = actors.drop_duplicates("actor").set_index("actor")["type"]
    assert types["Xi Jinping"] == "government official"  # a head of state is a government source
    assert types["Chinese regulations"] == "government document"


def test_chinese_aliases_are_the_names_in_the_glosses_table(actors, processed):
    for chinese in processed["glosses"]["chinese"]:
        assert chinese in set(actors["alias"]), f"gloss {chinese} has no actor"


def test_misspelled_netease_resolves(actors):
    found = mentions_of("Streaming services NetEast and Inke were summoned.", actors=actors)
    assert pairs(found) == [("NetEast", "NetEase Cloud Music"), ("Inke", "Inke")]
    assert set(found["rule"]) == {"name"}


def test_gloss_resolves_an_english_name_the_table_does_not_list(actors):
    found = mentions_of("Regulators summoned Foo Holdings Ltd (騰訊) on Monday.", actors=actors)
    row = found[found["actor"] == "Tencent"].iloc[0]
    assert (row["surface"], row["rule"], row["type"]) == ("Foo Holdings Ltd", "gloss", "company")


def test_gloss_does_not_double_count_a_name_the_table_lists(actors):
    found = mentions_of("Officials summoned Tencent Holdings Ltd (騰訊).", actors=actors)
    assert pairs(found[found["actor"] == "Tencent"]) == [("Tencent Holdings Ltd", "Tencent")]
    assert found.loc[found["actor"] == "Tencent", "rule"].tolist() == ["name"]


def test_the_agency_resolves_only_after_the_cac_is_named(actors):
    found = mentions_of(
        "The agency said little. The Cyberspace Administration of China summoned firms. "
        "The agency added more.",
        "The agency said it would act.",
        actors=actors,
    )
    cac = found[found["actor"] == CAC]
    assert list(zip(cac["doc_id"], cac["sent_id"], cac["rule"], strict=True)) == [
        ("d0", 1, "name"),
        ("d0", 2, "after_first_name"),
    ]
    assert "d1" not in set(found["doc_id"])  # never named there: "the agency" stays unresolved


def test_bare_plurals_resolve_to_a_named_body_only_beside_it(tmp_path: Path):
    path = tmp_path / "actors.csv"
    path.write_text(
        "actor,type,alias,resolve,group,note\n"
        "Harbour Hospital Trust,government body,Harbour Hospital Trust,name,,\n"
        "Harbour Hospital Trust,government body,managers,same_sentence,,\n"
        "Hospital staff,person,managers,name,,\n",
        encoding="utf-8",
    )
    found = mentions_of(
        "The Harbour Hospital Trust said managers must act. Managers closed a ward.", actors=read_actors(path)
    )
    assert list(zip(found["sent_id"], found["surface"], found["actor"], found["rule"], strict=True)) == [
        (0, "Harbour Hospital Trust", "Harbour Hospital Trust", "name"),
        (0, "managers", "Harbour Hospital Trust", "same_sentence"),
        (1, "Managers", "Hospital staff", "name"),
    ]


def test_capitalised_aliases_need_capitals(actors):
    found = mentions_of("They signal support for the plan. Signal was blocked.", actors=actors)
    assert pairs(found) == [("Signal", "Signal")]


def test_summaries_count_mentions_first_positions_and_named_firms(actors):
    texts = ["Alibaba and Tencent were summoned. Alibaba said nothing.", "NetEast was summoned."]
    found = mentions_of(*texts, actors=actors, outlets=["A", "B"])
    sentences, _ = annotate_documents(pd.DataFrame({"doc_id": ["d0", "d1"], "text": texts}))
    summary = summarize_actors(found, sentences).set_index(["outlet", "actor"])
    alibaba = summary.loc[("A", "Alibaba")]
    assert (alibaba["n_mentions"], alibaba["first_sentence"], alibaba["first_position"]) == (2, 0.0, 0.0)
    assert summary.loc[("A", "Tencent"), "first_position"] == round(
        texts[0].index("Tencent") / len(texts[0]), 4
    )
    assert list(summary.loc["A"].index) == ["Alibaba", "Tencent"]  # most mentioned first

    documents = pd.DataFrame({"doc_id": ["d0", "d1"], "outlet": ["A", "B"]})
    named = name_group(found, actors, documents).set_index(["outlet", "actor"])
    assert len(named) == 2 * len(SUMMONED)
    assert named.loc[("A", "Alibaba"), "n_mentions"] == 2
    assert not named.loc[("A", "Inke"), "named"]
    assert named.loc[("B", "NetEase Cloud Music"), "surfaces"] == "NetEast"
    fig = figures.plot_named_group(named.reset_index())
    assert fig.axes[0].get_title() == "Summoned firms named by each outlet"
    fig = figures.plot_actor_mentions(count_actor_mentions(found))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["A", "B"]


def test_mention_counts_have_every_outlet_as_a_column_and_add_up_to_the_mentions(actors):
    found = mentions_of(
        "Alibaba and Tencent were summoned. Alibaba said nothing.",
        "Tencent was summoned. Xiaomi and ByteDance met Tencent.",
        "Tencent declined to comment.",
        actors=actors,
        outlets=["A", "B", "B"],
    )
    counts = count_actor_mentions(found)
    assert list(counts.columns) == ["A", "B"]
    assert int(counts.to_numpy().sum()) == len(found)
    # most mentioned in all outlets first, ties alphabetical (ByteDance, Xiaomi: one each)
    assert list(counts.index.get_level_values("actor")) == ["Tencent", "Alibaba", "ByteDance", "Xiaomi"]
    assert counts.loc[("Tencent", "company")].tolist() == [1, 3]
    assert counts.loc[("Xiaomi", "company")].tolist() == [0, 1]  # outlet A never names Xiaomi
    assert count_actor_mentions(found.iloc[:0]).empty


def test_study_corpus_mentions(analysed):
    found = read_table("actor_mentions", analysed)
    apple = found[found["doc_id"] == APPLE]
    taipei = found[found["doc_id"] == TAIPEI]
    assert ("NetEast", "NetEase Cloud Music") in pairs(apple)
    assert set(SUMMONED) <= set(apple["actor"])
    assert set(taipei["actor"]) & set(SUMMONED) == set(SUMMONED) - {"Inke", "Avatarify"}
    # the Taipei Times calls the CAC "the agency" only after naming it
    first_name = taipei[(taipei["actor"] == CAC) & (taipei["rule"] == "name")]["start"].min()
    assert (taipei[taipei["rule"] == "after_first_name"]["start"] > first_name).all()
    # China acting is the government; China inside the CAC's name or in "mainland China" is not
    acting = found[found["rule"] == "agentive"]
    assert set(acting["surface"]) == {"China", "Regulations"}
    assert (taipei["surface"] == "China").sum() == 3 and (apple["surface"] == "China").sum() == 1


# --------------------------------------------------------------------------- table errors


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Foo,robot,Foo,name,,\n", "unknown type 'robot'"),
        ("Foo,company,Foo,always,,\n", "unknown resolve rule"),
        ("Foo,minister,Foo,name,,\n", "unknown type 'minister'"),
        ("Foo,company,Foo,name,,\nFoo,person,Mr Foo,name,,\n", "has type 'person' here but 'company'"),
        ("Foo,company,Foo,name,x,\nFoo,company,Foo Inc,name,,\n", "same group"),
        ("Foo,company,Foo,name,,\nFoo,company,foo,name,,\n", "listed twice"),
        ("Foo,company,,name,,\n", "empty 'alias'"),
    ],
)
def test_actor_table_errors_name_file_and_line(tmp_path: Path, rows: str, message: str):
    path = tmp_path / "actors.csv"
    path.write_text("actor,type,alias,resolve,group,note\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_actors(path)
    assert str(path) in str(info.value) and info.value.line == rows.count("\n") + 1


def test_actor_table_needs_its_columns(tmp_path: Path):
    path = tmp_path / "actors.csv"
    path.write_text("name,kind\nFoo,company\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing required column"):
        read_actors(path)
