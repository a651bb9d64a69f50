"""The analyses at N outlets: the Brown corpus's 15 categories as "outlets".

A small sample keeps it fast: two files per category, their first 40 sentences (30
documents, about 26,000 tokens). Frequencies, keyness (each outlet against the 14 others
pooled), frames, actors, quotes, tone and the figures must work for every outlet, and the
grouped-bar figures must switch to one panel per outlet.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import write_brown_corpus
from scipy.stats import power_divergence

from research_utils import actors, comparison, framing, plotting, quotes, terms, tone
from research_utils.prepare import prepare
from research_utils.tables import read_table

N_OUTLETS = 15


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("many_outlets")
    raw = write_brown_corpus(base / "raw", files_per_category=2, max_sentences=40)
    out = base / "processed"
    prepare(raw, out)
    terms.write_term_tables(out)
    framing.write_frames(out)
    actors.write_actor_mentions(out)
    quotes.write_quotes(out)
    tone.write_tone(out)
    return out


@pytest.fixture(scope="module")
def documents(processed: Path) -> pd.DataFrame:
    return read_table("documents", processed)


def test_the_sample_has_many_outlets_with_several_documents_each(documents: pd.DataFrame) -> None:
    per_outlet = documents.groupby("outlet").size()
    assert len(per_outlet) == N_OUTLETS and set(per_outlet) == {2}


def test_term_frequencies_are_per_outlet(processed: Path, documents: pd.DataFrame) -> None:
    freq = read_table("term_frequencies", processed)
    assert freq["outlet"].nunique() == N_OUTLETS
    words = documents.groupby("outlet")["n_word_tokens"].sum()
    expected = freq["freq"] / freq["outlet"].map(words) * 1000
    assert np.allclose(freq["per_1k"], expected, atol=1e-4)
    assert (freq.groupby("outlet")["rank"].min() == 1).all()
    assert (freq["doc_freq"] <= 2).all()


def test_keyness_is_each_outlet_against_all_the_others(processed: Path, documents: pd.DataFrame) -> None:
    key = read_table("keyness", processed)
    freq = read_table("term_frequencies", processed)
    vocabulary = freq["term"].nunique()
    assert (key.groupby("outlet").size() == vocabulary).all()  # every term, for every outlet
    totals = freq.groupby("term")["freq"].sum()
    assert (key["freq_target"] + key["freq_reference"] == key["term"].map(totals)).all()
    words = documents.groupby("outlet")["n_word_tokens"].sum()
    assert (key["size_target"] == key["outlet"].map(words)).all()
    assert (key["size_reference"] == words.sum() - key["size_target"]).all()
    # G2 of one outlet's top term, recomputed from its 2x2 table with scipy
    top = key[key["outlet"] == "news"].iloc[0]
    a, b = top["freq_target"], top["freq_reference"]
    table = np.array([[a, b], [top["size_target"] - a, top["size_reference"] - b]], dtype=float)
    expected = power_divergence(
        table, np.outer(table.sum(1), table.sum(0)) / table.sum(), lambda_="log-likelihood"
    )
    assert top["g2"] == pytest.approx(expected.statistic.sum(), rel=1e-3)
    assert (np.sign(key["g2"]) * np.sign(key["log_ratio"]) >= 0).all()


def test_frames_actors_quotes_and_tone_cover_every_outlet(processed: Path, documents: pd.DataFrame) -> None:
    shares = read_table("frame_shares", processed)
    codebook = framing.load_codebook()
    assert len(shares) == N_OUTLETS * len(codebook.frames)
    sentences = documents.groupby("outlet")["n_sentences"].sum()
    assert (shares["n_total"] == shares["outlet"].map(sentences)).all()
    named = actors.name_group(read_table("actor_mentions", processed), actors.load_actors(), documents)
    assert named["outlet"].nunique() == N_OUTLETS
    assert set(read_table("tone", processed)["outlet"]) == set(documents["outlet"])
    assert read_table("quotes", processed)["outlet"].nunique() > N_OUTLETS // 2
    summary = comparison.compare_outlets(processed)
    assert list(summary.columns[2:]) == sorted(documents["outlet"].unique())
    assert summary.loc[summary["measure"] == "articles", summary.columns[2:]].iloc[0].tolist() == ["2"] * 15


def panel_titles(figure) -> list[str]:
    return [ax.get_title() for ax in figure.axes if ax.get_visible() and ax.get_title()]


def test_grouped_bar_figures_become_one_panel_per_outlet(processed: Path, documents: pd.DataFrame) -> None:
    outlets = sorted(documents["outlet"].unique())
    shares = read_table("frame_shares", processed)
    summary = actors.summarize_actors(
        read_table("actor_mentions", processed), read_table("sentences", processed)
    )
    verbs = quotes.count_reporting_verbs(read_table("quotes", processed))
    assert panel_titles(plotting.plot_frame_shares(shares)) == outlets
    assert panel_titles(plotting.plot_reporting_verbs(verbs)) == sorted(verbs["outlet"].unique())
    if len(summary["outlet"].unique()) > plotting.MAX_GROUPED_OUTLETS:
        assert panel_titles(plotting.plot_actor_mentions(summary)) == sorted(summary["outlet"].unique())
    # with few outlets the study's grouped bars stay: one axes, a legend naming the outlets
    two = shares[shares["outlet"].isin(outlets[:2])]
    figure = plotting.plot_frame_shares(two)
    assert len(figure.axes) == 1
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == outlets[:2]


def test_term_and_keyness_figures_have_a_panel_per_outlet(processed: Path, documents: pd.DataFrame) -> None:
    outlets = sorted(documents["outlet"].unique())
    frequencies = read_table("term_frequencies", processed)
    assert panel_titles(plotting.plot_top_terms(frequencies, n=5)) == outlets
    keyness = read_table("keyness", processed)
    titles = panel_titles(plotting.plot_keyness(keyness, n=3))
    assert titles == [f"{o} vs all other outlets" for o in outlets]


def test_every_figure_renders_for_many_outlets(
    processed: Path, documents: pd.DataFrame, tmp_path: Path
) -> None:
    sentences = read_table("sentences", processed)
    mentions = read_table("actor_mentions", processed)
    quote_table = read_table("quotes", processed)
    labels = dict(framing.frame_labels(framing.load_codebook()))
    frames = read_table("frames", processed)
    figures = {
        "cooccurrence": plotting.plot_frame_cooccurrence(
            framing.count_frame_pairs(frames, framing.load_codebook(), documents["outlet"]), labels
        ),
        "named": plotting.plot_named_group(actors.name_group(mentions, actors.load_actors(), documents)),
        "sources": plotting.plot_sources(quotes.summarize_sources(quote_table)),
        "tone": plotting.plot_tone(read_table("tone", processed)),
        "story_flow": plotting.plot_story_flow(frames, documents, labels),
        "tone_flow": plotting.plot_tone_flow(read_table("tone", processed), documents),
        "heatmap": plotting.plot_actor_heatmap(actors.summarize_actors(mentions, sentences)),
        "voices": plotting.plot_source_types(quote_table),
    }
    for name, figure in figures.items():
        png, _ = plotting.save_figure(figure, name, tmp_path)
        assert png.stat().st_size > 10_000, name
