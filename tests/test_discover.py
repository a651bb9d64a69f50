"""`research-utils discover` on a corpus not tuned to the study: Brown files of three
categories (the category as the outlet), so the topics have something to recover."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from classified_corpus import STUDY_WORDS
from conftest import hash_tree, write_brown_corpus

from research_utils.analyse.codebook import read_codebook
from research_utils.analyse.discover import codebook_skeleton, discover_topics, topic_units
from research_utils.cli import build_parser, main
from research_utils.tables import read_table

CATEGORIES = ("religion", "government", "hobbies")
#: Words anyone would expect of two of the categories (written before looking at the topics).
EXPECTED = {
    "religion": {"god", "church", "christ", "faith", "spirit", "religious", "catholic", "christian"},
    "government": {"state", "federal", "business", "program", "tax", "public", "law", "department"},
}
WRITTEN = (
    "codebook_from_topics.yaml",
    "topic_sentences.csv",
    "topic_shares.csv",
    "topic_shares.png",
    "topic_shares.svg",
    "topics.csv",
    "topics.png",
    "topics.svg",
)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("discover")
    corpus = write_brown_corpus(root / "raw", CATEGORIES, 4, 60)
    folder = root / "study"
    assert main(["init", str(folder), "--corpus", str(corpus), "--title", "Topics"]) == 0
    assert main(["prepare", "--study", str(folder), "--quiet", "--jobs", "1"]) == 0
    return folder


def _discover(study: Path, out: Path, *options: str) -> dict[str, str]:
    assert main(["discover", "--study", str(study), "--out", str(out), "--quiet", *options]) == 0
    return hash_tree(out)


def test_discover_writes_tables_figures_and_a_skeleton_into_the_study(study: Path) -> None:
    assert main(["discover", "--study", str(study), "--k", "3", "--quiet"]) == 0
    assert sorted(p.name for p in (study / "suggestions").iterdir()) == list(WRITTEN)
    topics = read_table("topics", study / "suggestions")
    assert topics["topic"].unique().tolist() == ["topic_1", "topic_2", "topic_3"]
    assert (topics.groupby("topic")["rank"].max() == 12).all()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_the_same_seed_gives_the_same_bytes(study: Path, tmp_path: Path, method: str) -> None:
    options = ("--k", "3", "--method", method, "--seed", "7", "--top-terms", "8")
    first = _discover(study, tmp_path / "a", *options)
    assert sorted(first) == list(WRITTEN)
    assert _discover(study, tmp_path / "b", *options) == first


def test_paragraph_topics_recover_the_categories(study: Path, tmp_path: Path) -> None:
    _discover(study, tmp_path, "--k", "3", "--unit", "paragraph", "--seed", "0")
    shares = read_table("topic_shares", tmp_path)
    topics = read_table("topics", tmp_path)
    per_outlet = shares[shares["outlet"] != "all"].pivot(index="outlet", columns="topic", values="share")
    strongest = per_outlet.idxmax(axis=1)
    assert strongest.nunique() == len(CATEGORIES)  # each category has a topic of its own
    for category, words in EXPECTED.items():
        terms = set(topics[topics["topic"] == strongest[category]]["term"])
        assert terms & words, (category, sorted(terms))
        assert per_outlet.loc[category, strongest[category]] >= 0.5


def test_every_outlet_has_a_share_of_every_topic(study: Path, tmp_path: Path) -> None:
    _discover(study, tmp_path, "--k", "4")
    shares = read_table("topic_shares", tmp_path)
    assert list(dict.fromkeys(shares["outlet"])) == [*sorted(CATEGORIES), "all"]
    assert (shares.groupby("outlet")["topic"].nunique() == 4).all()
    dominant = shares.groupby("outlet")["share"].sum()
    assert dominant.to_numpy() == pytest.approx(1.0, abs=1e-3)
    sentences = read_table("topic_sentences", tmp_path)
    assert (sentences.groupby("topic")["rank"].max() <= 5).all()
    assert sentences["outlet"].isin(CATEGORIES).all()


def test_the_skeleton_is_a_codebook_read_codebook_accepts(study: Path, tmp_path: Path) -> None:
    _discover(study, tmp_path, "--k", "3", "--top-terms", "6")
    book = read_codebook(tmp_path / "codebook_from_topics.yaml")
    topics = read_table("topics", tmp_path)
    assert book.frame_ids == ["topic_1", "topic_2", "topic_3"]
    for frame in book.frames:
        assert [i.text for i in frame.indicators] == topics[topics["topic"] == frame.id]["term"].tolist()
        assert frame.definition.startswith("TODO")
    assert "# TODO: define this frame" in (tmp_path / "codebook_from_topics.yaml").read_text(encoding="utf-8")


def test_a_skeleton_with_awkward_terms_still_reads(tmp_path: Path) -> None:
    topics = pd.DataFrame(
        {
            "topic": ["topic_1"] * 3,
            "rank": [1, 2, 3],
            "term": ['say"', "yes:no", "#hash"],
            "weight": [0.5] * 3,
        }
    )
    path = tmp_path / "c.yaml"
    path.write_text(codebook_skeleton(topics), encoding="utf-8")
    assert [i.text for i in read_codebook(path).frames[0].indicators] == ['say"', "yes:no", "#hash"]


def test_the_study_lexicon_never_shows_in_these_topics(study: Path, tmp_path: Path) -> None:
    _discover(study, tmp_path, "--k", "3")
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in tmp_path.glob("*.csv"))
    text += (tmp_path / "codebook_from_topics.yaml").read_text(encoding="utf-8").lower()
    assert not [w for w in STUDY_WORDS if w in text]


def test_too_many_topics_is_refused_and_nothing_written(study: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert (
        main(["discover", "--study", str(study), "--k", "9", "--unit", "paragraph", "--out", str(out)]) == 2
    )
    assert "--k 9" in capsys.readouterr().err
    assert not out.exists()


def test_units_are_sentences_or_paragraphs(study: Path) -> None:
    processed = study / "data" / "processed"
    tokens, sentences = read_table("tokens", processed), read_table("sentences", processed)
    by_sentence = topic_units(tokens, sentences)
    by_paragraph = topic_units(tokens, sentences, unit="paragraph")
    assert len(by_sentence) == len(sentences)
    assert len(by_paragraph) == sentences["doc_id"].nunique()  # Brown files are one line each
    assert not by_sentence["lemmas"].str.contains(r"\b(?:the|and|of)\b").any()  # stop words left out
    with pytest.raises(Exception, match="--k 1"):
        discover_topics(by_sentence, read_table("documents", processed), k=1)


def test_the_command_is_documented_with_an_example() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["discover"]
    assert "research-utils discover" in sub.epilog and "--k" in sub.format_help()
