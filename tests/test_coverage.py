"""The coverage summary: what the instruments miss, as counts a notebook shows as warnings."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ACTORS, HOSPITAL_ARTICLES, analyse_folder, annotate_documents

from research_utils import tables
from research_utils.analyse import adopt_suggestions, find_actor_mentions, read_actors, suggest_actors
from research_utils.analyse.coverage import ALL, COVERAGE_THRESHOLDS, summarize_coverage
from research_utils.cli import main
from research_utils.files import to_csv_file
from research_utils.ingest import write_manifest

TEXTS = {
    (
        "a",
        "Harbour Post",
    ): "Mayor Helen Carter spoke. Carter said the ward would close. Omar Haddad disagreed.",
    ("b", "River News"): (
        "Helen Carter met Omar Haddad on Monday. He said the ward must stay open. Haddad will appeal."
    ),
    ("c", "River News"): (
        "The Ministry of Health said so. The Ministry of Health will decide. Staff at the Ministry of "
        "Health declined to comment."
    ),
}


@pytest.fixture(scope="module")
def hand() -> dict[str, pd.DataFrame]:
    """Small tables whose counts are known by hand."""
    documents = pd.DataFrame(
        [(d, o, t) for (d, o), t in TEXTS.items()], columns=["doc_id", "outlet", "text"]
    ).astype("string")
    sentences, tokens = annotate_documents(documents)
    assert sentences.groupby("doc_id").size().to_dict() == {"a": 3, "b": 3, "c": 3}
    # the actor table knows Helen Carter and, in document a, "Carter": three resolved mentions
    a, b = TEXTS[("a", "Harbour Post")], TEXTS[("b", "River News")]
    spans = [
        ("a", 0, a.index("Helen Carter"), 12),
        ("a", 1, a.index("Carter said"), 6),
        ("b", 0, b.index("Helen"), 12),
    ]
    mentions = pd.DataFrame(
        [(d, s, start, start + n) for d, s, start, n in spans], columns=["doc_id", "sent_id", "start", "end"]
    ).assign(actor="Helen Carter")
    quotes = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "c"],
            "kind": ["direct", "direct", "scare", "direct", "paraphrase"],
            "speaker_type": ["person", "", "", pd.NA, "government body"],
        }
    ).astype("string")
    frames = pd.DataFrame(
        {"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 2, 1], "frame": ["f1", "f2", "f1", "f1"]}
    )
    return {
        "documents": documents,
        "sentences": sentences,
        "tokens": tokens,
        "mentions": mentions,
        "quotes": quotes,
        "frames": frames,
    }


def summarize(hand: dict[str, pd.DataFrame], **options: object) -> pd.DataFrame:
    names = ("quotes", "frames", "sentences", "documents", "tokens", "mentions")
    return summarize_coverage(*(hand[n] for n in names), **options)  # type: ignore[arg-type]


def row(table: pd.DataFrame, measure: str, outlet: str, item: str = "") -> pd.Series:
    hit = table[(table["measure"] == measure) & (table["outlet"] == outlet) & (table["item"] == item)]
    assert len(hit) == 1, (measure, outlet, item)
    return hit.iloc[0]


def test_shares_are_the_hand_counts(hand: dict[str, pd.DataFrame]) -> None:
    table = summarize(hand)
    expected = {
        # direct quotes: a has one of two without a speaker, b its one (NA); scare quotes never count
        ("direct_quotes_without_speaker", ALL): (2, 3),
        ("direct_quotes_without_speaker", "Harbour Post"): (1, 2),
        ("direct_quotes_without_speaker", "River News"): (1, 1),
        ("paraphrases_without_speaker", ALL): (0, 1),
        ("paraphrases_without_speaker", "Harbour Post"): (0, 0),
        ("paraphrases_without_speaker", "River News"): (0, 1),
        # frames on a:0, a:2, b:1 (a:0 twice): a leaves 1 of 3, b 2 of 3, c 3 of 3
        ("sentences_without_frame", ALL): (6, 9),
        ("sentences_without_frame", "Harbour Post"): (1, 3),
        ("sentences_without_frame", "River News"): (5, 6),
        # names: a: Helen Carter, Carter, Omar Haddad; b: Helen Carter, Omar Haddad, Haddad;
        # c: Ministry of Health x3. Resolved: the first two of a and the first of b.
        ("names_without_actor", ALL): (6, 9),
        ("names_without_actor", "Harbour Post"): (1, 3),
        ("names_without_actor", "River News"): (5, 6),
    }
    for (measure, outlet), (n, total) in expected.items():
        got = row(table, measure, outlet)
        assert (got["n"], got["total"]) == (n, total), (measure, outlet)
        assert got["share"] == pytest.approx(n / total) if total else np.isnan(got["share"])


def test_levels_follow_the_documented_thresholds_and_notes_say_what_to_do(
    hand: dict[str, pd.DataFrame],
) -> None:
    table = summarize(hand)
    shares = table[table["measure"] != "missing_actor"]
    for _, got in shares.iterrows():
        limit = COVERAGE_THRESHOLDS[got["measure"]]
        warn = got["total"] > 0 and got["share"] > limit
        assert got["level"] == ("warning" if warn else "ok"), (got["measure"], got["outlet"])
        assert f"{got['n']} of {got['total']}" in got["note"] or got["total"] == 0
        assert ("suggest" in got["note"] or "extend" in got["note"]) == warn
    assert row(table, "sentences_without_frame", "Harbour Post")["level"] == "ok"  # 1/3 is under 1/2
    assert row(table, "direct_quotes_without_speaker", "Harbour Post")["level"] == "warning"  # 1/2 > 1/4
    assert (
        row(table, "paraphrases_without_speaker", "Harbour Post")["note"]
        == "Harbour Post: no paraphrases found."
    )
    loose = summarize(hand, thresholds={"direct_quotes_without_speaker": 0.9})
    assert row(loose, "direct_quotes_without_speaker", "Harbour Post")["level"] == "ok"


def test_missing_actors_are_the_most_frequent_unresolved_names_with_ties_kept(
    hand: dict[str, pd.DataFrame],
) -> None:
    table = summarize(hand, top_n=1)
    missing = table[table["measure"] == "missing_actor"]
    # all outlets: Omar Haddad (a, b and "Haddad" in b) and the ministry (3 in c) tie at 3: both kept,
    # in order of first appearance; Helen Carter is resolved, so never listed
    everywhere = missing[missing["outlet"] == ALL]
    assert everywhere[["item", "n", "total"]].values.tolist() == [
        ["Omar Haddad", 3, 9],
        ["Ministry of Health", 3, 9],
    ]
    assert missing.loc[missing["outlet"] == "River News", "item"].tolist() == ["Ministry of Health"]
    assert "Harbour Post" not in set(missing["outlet"])  # its one unresolved name is under min_count
    assert (missing["level"] == "warning").all()
    note = everywhere.iloc[0]["note"]
    assert "'Omar Haddad' (written Omar Haddad; Haddad) is named 3 times" in note
    assert list(table.columns) == tables.columns("coverage")
    assert table["measure"].tolist()[:3] == ["direct_quotes_without_speaker"] * 3
    assert table["outlet"].tolist()[:3] == [ALL, "Harbour Post", "River News"]


def write_corpus_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["doc_id", "file", "outlet", "published", "language"])
        for (doc_id, outlet), text in HOSPITAL_ARTICLES.items():
            (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow([doc_id, f"{doc_id}.txt", outlet, "2024-05-01", "en"])
    write_manifest(folder)
    return folder


def test_the_study_instruments_on_another_corpus_warn_and_adopting_suggestions_helps(tmp_path: Path) -> None:
    raw = write_corpus_folder(tmp_path / "raw")
    processed = tmp_path / "processed"
    assert main(["prepare", "--raw", str(raw), "--out", str(processed)]) == 0
    analysed = analyse_folder(processed)
    read = {
        name: tables.read_table(name, processed) for name in ("documents", "sentences", "tokens", "glosses")
    }
    read |= {name: tables.read_table(name, analysed) for name in ("quotes", "frames", "actor_mentions")}
    args = [read[n] for n in ("quotes", "frames", "sentences", "documents", "tokens", "actor_mentions")]
    before = summarize_coverage(*args)
    names = row(before, "names_without_actor", ALL)
    assert names["level"] == "warning" and names["share"] > 0.9  # the study's actors are not this corpus's
    assert {"Helen Carter", "Ministry of Health"} <= set(
        before.loc[before["measure"] == "missing_actor", "item"]
    )
    # the user keeps every suggestion with a type and adopts them into the study's actor table
    suggestions = suggest_actors(read["tokens"], read["documents"], read_actors(ACTORS))
    path = tmp_path / "actor_suggestions.csv"
    to_csv_file(suggestions.assign(keep=np.where(suggestions["type"] != "", "yes", "")), path)
    to_csv_file(adopt_suggestions("actors", ACTORS, path), tmp_path / "actors.csv")
    actors = read_actors(tmp_path / "actors.csv")
    mentions = find_actor_mentions(
        read["tokens"], read["sentences"], read["documents"], read["glosses"], actors
    )
    after = summarize_coverage(*args[:-1], mentions)
    assert row(after, "names_without_actor", ALL)["share"] < 0.3
    assert "Helen Carter" not in set(after.loc[after["measure"] == "missing_actor", "item"])


def test_a_corpus_without_quotes_or_names_says_so_rather_than_failing() -> None:
    documents = pd.DataFrame({"doc_id": ["x"], "outlet": ["Solo"], "text": ["nothing was said here."]})
    sentences, tokens = annotate_documents(documents)
    table = summarize_coverage(
        tables.empty_table("quotes"), tables.empty_table("frames"), sentences, documents, tokens,
        tables.empty_table("actor_mentions"),
    )  # fmt: skip
    assert row(table, "direct_quotes_without_speaker", "Solo")["note"] == "Solo: no direct quotes found."
    assert row(table, "names_without_actor", ALL)["total"] == 0
    assert row(table, "sentences_without_frame", ALL)[["n", "total", "level"]].tolist() == [1, 1, "warning"]
    assert "missing_actor" not in set(table["measure"])
