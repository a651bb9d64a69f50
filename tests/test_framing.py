"""Frame coding: the codebook, the dictionary coder, validation metrics and agreement."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from conftest import CODEBOOK, GOLD, analyse_folder, annotate_documents

from research_utils import figures
from research_utils.analyse.codebook import read_codebook
from research_utils.analyse.framing import code_frames, count_frame_pairs, match_indicators, share_frames
from research_utils.analyse.validation import (
    frames_to_coding,
    list_coding_errors,
    measure_agreement,
    read_coding,
    validate_frames,
)
from research_utils.errors import InputError
from research_utils.tables import round_floats

SIX = [
    "security_order",
    "political_control",
    "regulation_compliance",
    "economic_market",
    "technology_risk",
    "responsibility",
]

SMALL = """
name: small
frames:
  - id: security
    label: Security
    definition: threats to security
    literature: PFC security and defense
    indicators:
      lemmas: [security, threat]
      phrases: [national security]
  - id: control
    label: Control
    definition: bans and blocks
    literature: PFC political
    indicators:
      lemmas:
        - {lemma: ban, pos: [VERB]}
  - id: tech
    label: Technology
    definition: deceptive technology
    literature: issue-specific
    indicators:
      lemmas: [deep fake]
      phrases: [social media]
"""


def corpus(*texts: str, outlets: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """documents (with outlet), sentences and tokens of small hand-written texts."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    sentences, tokens = annotate_documents(docs)
    return docs.assign(outlet=outlets or ["Outlet A"] * len(texts)), sentences, tokens


def write_codebook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path):
    return read_codebook(write_codebook(tmp_path, SMALL))


def frames_of(frames: pd.DataFrame, doc_id: str = "d0") -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for row in frames[frames["doc_id"] == doc_id].itertuples(index=False):
        out.setdefault(row.sent_id, set()).add(row.frame)
    return out


def test_shipped_codebook_defines_the_six_frames_with_definitions_and_literature():
    codebook = read_codebook(CODEBOOK)
    assert codebook.frame_ids == SIX
    for frame in codebook.frames:
        assert len(frame.definition) > 80 and frame.literature and frame.indicators
    described = codebook.describe()
    assert list(described["frame"]) == SIX and (described["n_indicators"] > 0).all()


def test_a_sentence_can_carry_several_frames_and_keeps_its_indicators(small):
    documents, _, tokens = corpus("China banned the app, a threat to national security, over deep fakes.")
    frames = code_frames(tokens, documents, small)
    assert set(frames["frame"]) == {"security", "control", "tech"}
    row = frames.set_index("frame").loc["security"]
    # "national security" (phrase) contains "security" (lemma): counted once, the longer match
    assert row["indicators"] == "threat;national security"
    assert row["matched_text"] == "threat;national security"
    assert row["n_matches"] == 2
    assert frames.set_index("frame").loc["tech", "matched_text"] == "deep fakes"


def test_pos_constraint_keeps_the_verb_and_drops_the_noun(small):
    documents, _, tokens = corpus("The ban was lifted last year. China banned the app in February.")
    assert frames_of(code_frames(tokens, documents, small)) == {1: {"control"}}


def test_lemma_entries_match_inflections_and_phrase_entries_match_word_forms(small):
    # lemma "deep fake" matches "deep fakes"; phrase "social media" matches the words as written
    # (WordNet lemmatises "media" to "medium", so a lemma entry could never match it)
    _, _, tokens = corpus("They spread deep fakes. They use social media. Nothing here.")
    matches = match_indicators(tokens, small)
    assert list(zip(matches["sent_id"], matches["surface"], strict=True)) == [
        (0, "deep fakes"),
        (1, "social media"),
    ]


def test_shares_count_sentences_per_outlet_including_zeros(small):
    documents, sentences, tokens = corpus(
        "A threat appeared. Nothing else.", "The security threat grew.", outlets=["A", "B"]
    )
    frames = code_frames(tokens, documents, small)
    shares = share_frames(frames, sentences, documents, small).set_index(["outlet", "frame"])
    assert shares.loc[("A", "security"), ["n_sentences", "n_total"]].tolist() == [1, 2]
    assert shares.loc[("A", "security"), "share"] == 0.5
    assert shares.loc[("B", "security"), "share"] == 1.0
    assert shares.loc[("B", "control"), "n_sentences"] == 0
    assert len(shares) == 2 * 3


def test_frame_pairs_count_sentences_carrying_both(small):
    documents, _, tokens = corpus("China banned the app as a threat. A threat. Deep fakes spread.")
    pairs = count_frame_pairs(code_frames(tokens, documents, small), small).set_index(["frame_a", "frame_b"])
    assert pairs.loc[("security", "control"), "n_sentences"] == 1
    assert pairs.loc[("security", "security"), "n_sentences"] == 2
    assert pairs.loc[("control", "tech"), "n_sentences"] == 0


# --------------------------------------------------------------------------- codebook errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("frames: [\n  - id: a\n    label: [unclosed\n", "not valid YAML"),
        ("name: x\n", "no 'frames' list"),
        (SMALL.replace("id: control", "id: security"), "duplicate frame id 'security'"),
        (SMALL.replace("id: control", "id: Control-Frame"), "not a lower-case identifier"),
        (SMALL.replace("definition: bans and blocks", "definition: ''"), "'definition' is missing or empty"),
        (SMALL.replace("pos: [VERB]", "pos: [VB]"), "not in the universal tagset"),
        (SMALL.replace("lemmas: [deep fake]", "lemmas: [{lemma: deep fake, pos: [NOUN]}]"), "multi-word"),
        (SMALL.replace("phrases: [social media]", "phrases: [42]"), "is not a word or phrase"),
        (
            SMALL.replace("literature: PFC political", "literature: PFC political\n    colour: red"),
            "unknown key",
        ),
        (
            SMALL.replace("      lemmas: [deep fake]\n      phrases: [social media]\n", "      lemmas: []\n"),
            "has no indicators",
        ),
    ],
)
def test_codebook_errors_name_the_file_and_the_problem(tmp_path, text, message):
    path = write_codebook(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_codebook(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_codebook_errors_give_the_line(tmp_path):
    text = SMALL.replace("pos: [VERB]", "pos: [VB]")
    path = write_codebook(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_codebook(path)
    assert info.value.line == text.splitlines().index("        - {lemma: ban, pos: [VB]}") + 1


def test_missing_codebook_file(tmp_path):
    with pytest.raises(InputError, match="codebook file not found"):
        read_codebook(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------- validation and agreement


def coding(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frames"]).assign(note="")


def test_precision_recall_f1_on_a_hand_worked_example(small):
    # 4 sentences; gold codes "security" on s0, s1; the dictionary on s1 ("threat") and s2 ("security")
    documents, sentences, tokens = corpus("Calm words. A threat appeared. Security matters. Calm again.")
    frames = code_frames(tokens, documents, small)
    gold = coding([("d0", 0, "security"), ("d0", 1, "security"), ("d0", 2, ""), ("d0", 3, "")])
    table = validate_frames(frames, gold, sentences, small).set_index("frame")
    row = table.loc["security"]
    assert row[["support", "predicted", "tp", "fp", "fn", "tn"]].tolist() == [2, 2, 1, 1, 1, 1]
    assert (row["precision"], row["recall"], row["f1"]) == (0.5, 0.5, 0.5)
    # a frame neither coding uses: the ratios are undefined, not zero
    assert math.isnan(table.loc["control", "precision"]) and math.isnan(table.loc["control", "recall"])
    micro = table.loc["all (micro)"]
    assert micro[["tp", "fp", "fn", "tn"]].tolist() == [1, 1, 1, 9]

    errors = list_coding_errors(frames, gold, sentences, documents, small)
    assert list(zip(errors["sent_id"], errors["error"], strict=True)) == [
        (0, "false negative"),
        (2, "false positive"),
    ]
    assert errors.iloc[1]["indicators"] == "security" and errors.iloc[1]["text"] == "Security matters."


def test_validation_refuses_a_gold_coding_that_misses_sentences(small):
    documents, sentences, tokens = corpus("One sentence. Two sentences.")
    frames = code_frames(tokens, documents, small)
    with pytest.raises(InputError, match="sentences without a gold coding"):
        validate_frames(frames, coding([("d0", 0, "")]), sentences, small)
    with pytest.raises(InputError, match="does not have"):
        validate_frames(frames, coding([("d0", 0, ""), ("d0", 1, ""), ("d0", 7, "")]), sentences, small)


def test_identical_codings_agree_perfectly():
    a = coding([("d", 0, "x;y"), ("d", 1, "x"), ("d", 2, ""), ("d", 3, "y")])
    table = measure_agreement(a, a.copy()).set_index("frame")
    assert table["alpha"].tolist() == [1.0, 1.0]
    assert table["agreement"].tolist() == [1.0, 1.0]


def test_krippendorff_alpha_on_a_known_example():
    # 10 sentences; coder A codes x on s0 and s1, coder B on s0 only. Coincidences: o11 = 2,
    # o10 = o01 = 1, o00 = 16; n1 = 3, n0 = 17, n = 20;
    # alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - 19 * 2 / 102 = 32/51
    a = coding([("d", i, "x" if i < 2 else "") for i in range(10)])
    b = coding([("d", i, "x" if i < 1 else "") for i in range(10)])
    # rounded as the written frame_agreement table is (measure_agreement itself does not round)
    row = round_floats("frame_agreement", measure_agreement(a, b, frame_ids=["x", "z"])).set_index("frame")
    assert row.loc["x", "alpha"] == round(32 / 51, 4)
    assert row.loc["x", "agreement"] == 0.9
    assert (row.loc["x", "n_a"], row.loc["x", "n_b"]) == (2, 1)
    # nobody codes z: alpha is undefined
    assert math.isnan(row.loc["z", "alpha"])


def test_agreement_counts_sentences_coded_by_one_coder_as_missing():
    a = coding([("d", 0, "x"), ("d", 1, ""), ("d", 2, "x"), ("d", 3, "")])
    b = coding([("d", 0, "x"), ("d", 1, ""), ("d", 2, "x")])
    row = measure_agreement(a, b).iloc[0]
    assert row["n_units"] == 3 and row["alpha"] == 1.0


def test_read_coding_checks_frames_and_duplicates(tmp_path):
    codebook = read_codebook(CODEBOOK)
    path = tmp_path / "c.csv"
    path.write_text(
        "doc_id,sent_id,frames,note\nd,0,security_order;responsibility,\nd,1,,\n", encoding="utf-8"
    )
    table = read_coding(path, codebook)
    assert table["frames"].tolist() == ["responsibility;security_order", ""]
    path.write_text("doc_id,sent_id,frames,note\nd,0,security,\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown frame id") as info:
        read_coding(path, codebook)
    assert info.value.line == 2
    path.write_text("doc_id,sent_id,frames,note\nd,0,,\nd,0,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="coded twice"):
        read_coding(path, codebook)
    path.write_text("doc_id,sent_id,frames,note\nd,one,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a whole number"):
        read_coding(path)
    path.write_text("doc,sentence\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing required column"):
        read_coding(path)


def test_dictionary_coding_has_one_row_per_sentence(small):
    documents, sentences, tokens = corpus("A threat. Calm. China banned it.")
    table = frames_to_coding(code_frames(tokens, documents, small), sentences)
    assert table["frames"].tolist() == ["security", "", "control"]


# --------------------------------------------------------------------------- the study's files


def test_gold_coding_covers_every_sentence_of_both_articles(processed):
    gold = read_coding(GOLD, read_codebook(CODEBOOK))
    sentences = processed["sentences"]
    assert set(zip(gold["doc_id"], gold["sent_id"], strict=True)) == set(
        zip(sentences["doc_id"], sentences["sent_id"], strict=True)
    )
    assert (gold["note"].str.len() > 0).all()


def test_written_frame_tables_are_byte_stable(prepared, tmp_path):
    names = ("frames", "frame_shares", "frame_validation", "frame_agreement")
    first_dir = analyse_folder(prepared, tmp_path / "first", reference=True)
    second_dir = analyse_folder(prepared, tmp_path / "second", reference=True)
    first = {name: (first_dir / f"{name}.csv").read_bytes() for name in names}
    second = {name: (second_dir / f"{name}.csv").read_bytes() for name in names}
    assert first == second
    frames = pd.read_csv(first_dir / "frames.csv", keep_default_na=False)
    assert set(frames["frame"]) <= set(SIX) and (frames["indicators"] != "").all()


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("n_outlets", [1, 3])
def test_framing_figures_draw_any_number_of_outlets(small, n_outlets):
    names = [f"Outlet {c}" for c in "ABC"[:n_outlets]]
    texts = ["China banned the app as a threat.", "Deep fakes spread. Security matters.", "Calm."]
    documents, sentences, tokens = corpus(*texts[:n_outlets], outlets=names)
    frames = code_frames(tokens, documents, small)
    shares = share_frames(frames, sentences, documents, small)
    fig = figures.plot_frame_shares(shares)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == names
    assert "Frames per outlet" in fig.axes[0].get_title()
    fig = figures.plot_frame_cooccurrence(count_frame_pairs(frames, small))
    assert sum(ax.get_visible() for ax in fig.axes) == len(set(frames["outlet"]))


def test_outlets_without_frames_still_get_pairs_and_figures(small):
    documents, _, tokens = corpus("Nothing to see.", "A threat.", outlets=["A", "B"])
    frames = code_frames(tokens, documents, small)
    pairs = count_frame_pairs(frames, small, outlets=documents["outlet"])
    assert set(pairs["outlet"]) == {"A", "B"}
    assert pairs.loc[pairs["outlet"] == "A", "n_sentences"].sum() == 0
    empty = count_frame_pairs(frames.iloc[:0], small)
    assert empty.empty
    assert figures.plot_frame_cooccurrence(empty).axes[0].get_title() == "Frame co-occurrence"
