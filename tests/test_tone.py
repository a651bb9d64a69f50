"""Tone: VADER scores per sentence and their per-outlet summary."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import analyse_folder, annotate_documents

from research_utils import figures
from research_utils.analyse.tone import label_tone, rank_sentences, score_sentences, summarize_tone
from research_utils.annotate.models import sentiment_analyzer
from research_utils.tables import columns, empty_table, write_table


def scored(*texts: str, outlets: list[str] | None = None) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    sentences, _ = annotate_documents(docs)
    return score_sentences(sentences, docs.assign(outlet=outlets or ["A"] * len(texts)))


def test_the_analyzer_is_loaded_once():
    assert sentiment_analyzer() is sentiment_analyzer()


def test_positive_negative_and_neutral_sentences():
    tone = scored(
        "This is a wonderful, excellent result. This is a terrible, horrible disaster. The app is new."
    )
    assert list(tone.columns) == columns("tone")
    assert tone["tone"].tolist() == ["positive", "negative", "neutral"]
    assert tone.loc[0, "compound"] > 0.5 and tone.loc[1, "compound"] < -0.5 and tone.loc[2, "compound"] == 0.0
    assert (
        (tone[["neg", "neu", "pos", "compound"]] == tone[["neg", "neu", "pos", "compound"]].round(4))
        .all()
        .all()
    )


@pytest.mark.parametrize(
    ("compound", "label"), [(-0.05, "negative"), (-0.0499, "neutral"), (0.05, "positive")]
)
def test_vader_thresholds(compound, label):
    assert label_tone(compound) == label


def test_summary_per_outlet():
    tone = scored("A wonderful day. A terrible day.", "A plain day.", outlets=["A", "B"])
    summary = summarize_tone(tone).set_index("outlet")
    assert summary.loc["A", ["n_sentences", "n_positive", "n_negative", "n_neutral"]].tolist() == [2, 1, 1, 0]
    assert summary.loc["A", "mean"] == round(tone.loc[tone["outlet"] == "A", "compound"].mean(), 4)
    assert summary.loc["B", "n_neutral"] == 1
    fig = figures.plot_tone(tone)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["B", "A"]


def test_written_tone_is_byte_stable(tmp_path):
    # two outlets: the analyse stage also compares outlets (keyness)
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "text": ["Good news. Bad news.", "Plain news."]})
    sentences, tokens = annotate_documents(docs)
    processed = tmp_path / "processed"
    write_table("sentences", sentences, processed)
    write_table("tokens", tokens, processed)
    write_table("glosses", empty_table("glosses"), processed)
    documents = docs.assign(outlet=["A", "B"])
    for column in columns("documents"):
        if column not in documents:
            documents[column] = 0 if column.startswith("n_") else ""
    words = tokens[~tokens["is_punct"]].groupby("doc_id").size()
    documents["n_word_tokens"] = documents["doc_id"].map(words)
    write_table("documents", documents, processed)
    first = (analyse_folder(processed, tmp_path / "first") / "tone.csv").read_bytes()
    assert (analyse_folder(processed, tmp_path / "second") / "tone.csv").read_bytes() == first
    assert first.decode().splitlines()[0] == ",".join(columns("tone"))


def test_rank_sentences_shows_both_ends_with_text():
    docs = pd.DataFrame({"doc_id": ["d0"], "text": ["A wonderful day. A plain day. A terrible day."]})
    sentences, _ = annotate_documents(docs)
    tone = score_sentences(sentences, docs.assign(outlet="A"))
    ranked = rank_sentences(tone, sentences, n=1)
    assert list(zip(ranked["end"], ranked["text"], strict=True)) == [
        ("most negative", "A terrible day."),
        ("most positive", "A wonderful day."),
    ]


def test_rank_sentences_lists_each_sentence_once_in_short_texts():
    docs = pd.DataFrame({"doc_id": ["d0"], "text": ["A wonderful day."]})
    sentences, _ = annotate_documents(docs)
    ranked = rank_sentences(score_sentences(sentences, docs.assign(outlet="A")), sentences, n=2)
    assert ranked["text"].tolist() == ["A wonderful day."]


def test_the_linear_vader_scores_every_sentence_exactly_as_nltks_own():
    from nltk.corpus import brown
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    texts = [" ".join(words) for words in brown.sents(categories=["editorial", "romance"])[:3000]]
    texts += [
        'He said: "great!" -- and left... "Terrible"?! ,bad, (good) ok!!! wow?!? no!?!? \'fine\'',
        "It's kind of good, but NOT great!!! :) :-( ;) #bad @good",
        "!!! ?? - '' \"\" , . ;",
        "",
        "ALL CAPS GREAT news, and some great.",
        "The committee met on Tuesday !!! ??",  # no lexicon word: the early return
        "very",
        "kind of",
        "but",
    ]
    nltk_analyzer = SentimentIntensityAnalyzer()
    ours = sentiment_analyzer()
    assert [ours.polarity_scores(t) for t in texts] == [nltk_analyzer.polarity_scores(t) for t in texts]
    assert sum(ours.polarity_scores(t)["compound"] == 0 for t in texts) > 500  # both paths taken


def test_an_outlet_of_thousands_of_sentences_is_drawn_as_its_distribution_not_as_points():
    from matplotlib.collections import PathCollection
    from matplotlib.patches import StepPatch
    from nltk.corpus import brown

    analyzer = sentiment_analyzer()
    rows = [("news", " ".join(s)) for s in brown.sents(categories="news")[:2500]]
    rows += [("lore", " ".join(s)) for s in brown.sents(categories="lore")[:40]]
    scores = [analyzer.polarity_scores(text)["compound"] for _, text in rows]
    tone = pd.DataFrame({"outlet": [o for o, _ in rows], "compound": scores})
    fig = figures.plot_tone(tone)
    ax = fig.axes[0]
    points = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets()) > 1]
    assert [len(c.get_offsets()) for c in points] == [40]  # the small outlet keeps its points
    steps = [p for p in ax.patches if isinstance(p, StepPatch)]
    assert len(steps) == 2  # the large one: a filled histogram and its outline
    assert "rows of over 2,000 sentences: their distribution" in ax.get_title()
    assert "as a histogram for the 1 with over 2,000 sentences" in figures.description(fig)
    diamonds = [c for c in ax.collections if len(c.get_offsets()) == 1]
    means = sorted(round(float(c.get_offsets()[0][0]), 6) for c in diamonds)
    expected = tone.groupby("outlet")["compound"].mean().round(6).sort_values().tolist()
    assert means == expected
