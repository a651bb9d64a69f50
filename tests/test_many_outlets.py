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
from conftest import ACTORS, CODEBOOK, analyse_folder, write_brown_corpus
from matplotlib.text import Text
from scipy.stats import power_divergence

from research_utils import figures
from research_utils.analyse import actors, compare_rates_to_others, comparison, framing, quotes
from research_utils.analyse.codebook import frame_labels, read_codebook
from research_utils.figures.bars import MAX_GROUPED_OUTLETS
from research_utils.figures.style import MAX_HEIGHT, MAX_WIDTH
from research_utils.pipeline import prepare
from research_utils.tables import read_tables

N_OUTLETS = 15


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The processed and the analysed folder of the sample."""
    base = tmp_path_factory.mktemp("many_outlets")
    raw = write_brown_corpus(base / "raw", files_per_category=2, max_sentences=40)
    out = base / "processed"
    prepare(raw, out)
    return out, analyse_folder(out, base / "analysed")


@pytest.fixture(scope="module")
def table(folders: tuple[Path, Path]):
    """Reads any table, of either stage, from the sample's folders."""
    processed_dir, analysed_dir = folders

    def read_table(name: str) -> pd.DataFrame:
        return read_tables([name], processed_dir=processed_dir, analysed_dir=analysed_dir)[name]

    return read_table


@pytest.fixture(scope="module")
def documents(table) -> pd.DataFrame:
    return table("documents")


def test_the_sample_has_many_outlets_with_several_documents_each(documents: pd.DataFrame) -> None:
    per_outlet = documents.groupby("outlet").size()
    assert len(per_outlet) == N_OUTLETS and set(per_outlet) == {2}


def test_term_frequencies_are_per_outlet(table, documents: pd.DataFrame) -> None:
    freq = table("term_frequencies")
    assert freq["outlet"].nunique() == N_OUTLETS
    words = documents.groupby("outlet")["n_word_tokens"].sum()
    expected = freq["freq"] / freq["outlet"].map(words) * 1000
    assert np.allclose(freq["per_1k"], expected, atol=1e-4)
    assert (freq.groupby("outlet")["rank"].min() == 1).all()
    assert (freq["doc_freq"] <= 2).all()


def test_keyness_is_each_outlet_against_all_the_others(table, documents: pd.DataFrame) -> None:
    key = table("keyness")
    freq = table("term_frequencies")
    seen = key[key["freq_target"] + key["freq_reference"] > 1]
    assert (seen.groupby("outlet").size() == seen["term"].nunique()).all()  # every term seen twice
    used = {o: set(rows["term"]) for o, rows in freq.groupby("outlet")}  # every term an outlet uses
    assert all(used[outlet] <= set(rows["term"]) for outlet, rows in key.groupby("outlet"))
    assert set(key["term"]) == set(freq["term"])
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


def test_frames_actors_quotes_and_tone_cover_every_outlet(table, documents: pd.DataFrame) -> None:
    shares = table("frame_shares")
    codebook = read_codebook(CODEBOOK)
    assert len(shares) == N_OUTLETS * len(codebook.frames)
    sentences = documents.groupby("outlet")["n_sentences"].sum()
    assert (shares["n_total"] == shares["outlet"].map(sentences)).all()
    named = actors.name_group(table("actor_mentions"), actors.read_actors(ACTORS), documents)
    assert named["outlet"].nunique() == N_OUTLETS
    assert set(table("tone")["outlet"]) == set(documents["outlet"])
    assert table("quotes")["outlet"].nunique() > N_OUTLETS // 2
    summary = comparison.compare_outlets(
        {name: table(name) for name in comparison.COMPARISON_TABLES}, actors.read_actors(ACTORS)
    )
    wide = comparison.pivot_comparison(summary)
    assert list(wide.columns[1:]) == sorted(documents["outlet"].unique())
    assert wide.loc["articles", wide.columns[1:]].tolist() == ["2"] * 15


def panel_titles(figure) -> list[str]:
    return [ax.get_title() for ax in figure.axes if ax.get_visible() and ax.get_title()]


def test_grouped_bar_figures_become_one_panel_per_outlet(table, documents: pd.DataFrame) -> None:
    outlets = sorted(documents["outlet"].unique())
    shares = table("frame_shares")
    mentions = actors.count_actor_mentions(table("actor_mentions"))
    verbs = quotes.count_reporting_verbs(table("quotes"))
    assert panel_titles(figures.plot_frame_shares(shares)) == outlets
    verb_panels = panel_titles(figures.plot_reporting_verbs(quotes.tabulate_reporting_verbs(verbs)))
    assert verb_panels == sorted(verbs["outlet"].unique())
    if len(mentions.columns) > MAX_GROUPED_OUTLETS:
        assert panel_titles(figures.plot_actor_mentions(mentions)) == sorted(mentions.columns)
    # with few outlets the study's grouped bars stay: one axes, a legend naming the outlets
    two = shares[shares["outlet"].isin(outlets[:2])]
    figure = figures.plot_frame_shares(two)
    assert len(figure.axes) == 1
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == outlets[:2]


def test_term_and_keyness_figures_have_a_panel_per_outlet(table, documents: pd.DataFrame) -> None:
    outlets = sorted(documents["outlet"].unique())
    frequencies = table("term_frequencies")
    assert panel_titles(figures.plot_top_terms(frequencies, n=5)) == outlets
    keyness = table("keyness")
    titles = panel_titles(figures.plot_keyness(keyness, n=3))
    assert titles == [f"{o} vs all other outlets" for o in outlets]


def test_every_figure_shows_every_outlet(table, documents: pd.DataFrame, tmp_path: Path) -> None:
    """Brown's 15 categories: every figure names every category (or says why not), in one
    colour each, within the size limit; 30 articles are more than the reading-order figures
    draw one by one, so they pool each outlet's articles."""
    mentions = table("actor_mentions")
    quote_table = table("quotes")
    labels = dict(frame_labels(read_codebook(CODEBOOK)))
    frames = table("frames")
    outlets = sorted(documents["outlet"].unique())
    styles = figures.outlet_styles(outlets)
    frequencies = table("term_frequencies")
    drawn = {
        "top_terms": figures.plot_top_terms(frequencies, n=5, styles=styles),
        "keyness": figures.plot_keyness(table("keyness"), n=3, styles=styles),
        "scatter": figures.plot_term_scatter(compare_rates_to_others(frequencies, documents), styles=styles),
        "cooccurrence": figures.plot_frame_cooccurrence(
            framing.count_frame_pairs(frames, read_codebook(CODEBOOK), outlets=documents["outlet"]),
            labels=labels,
            styles=styles,
        ),
        "named": figures.plot_named_group(
            actors.name_group(mentions, actors.read_actors(ACTORS), documents), styles=styles
        ),
        "sources": figures.plot_sources(quotes.summarize_sources(quote_table), styles=styles),
        "tone": figures.plot_tone(table("tone"), styles=styles),
        "story_flow": figures.plot_story_flow(frames, documents, labels, styles=styles),
        "tone_flow": figures.plot_tone_flow(table("tone"), documents, styles=styles),
        "heatmap": figures.plot_actor_heatmap(actors.count_actor_mentions(mentions), styles=styles),
        "mentions": figures.plot_actor_mentions(actors.count_actor_mentions(mentions), styles=styles),
        "voices": figures.plot_source_types(quotes.count_source_type_words(quote_table), styles=styles),
    }
    for name, figure in drawn.items():
        text = "\n".join(t.get_text() for t in figure.findobj(Text)) + figures.description(figure)
        assert [o for o in outlets if o not in text] == [], name
        width, height = figure.get_size_inches()
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT, name
    assert "pooled" in figures.description(drawn["story_flow"])
    png, _ = figures.save_figure(drawn["voices"], "voices", tmp_path)
    assert png.stat().st_size > 10_000
