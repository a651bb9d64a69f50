"""The outlet comparison (notebook 04): the summary table and the two reading-order figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ACTORS, ARTICLES, CODEBOOK, analyse_folder, write_corpus

from research_utils.analyse.actors import count_actor_mentions, read_actors
from research_utils.analyse.codebook import frame_labels, read_codebook
from research_utils.analyse.comparison import COMPARISON_TABLES, MEASURES, compare_outlets, pivot_comparison
from research_utils.analyse.quotes import count_source_type_words
from research_utils.figures import (
    plot_actor_heatmap,
    plot_source_types,
    plot_story_flow,
    plot_tone_flow,
    save_figure,
)
from research_utils.pipeline import prepare
from research_utils.tables import read_tables

#: (processed folder, analysed folder) of one corpus
Folders = tuple[Path, Path]


def read_table(name: str, folders: Folders) -> pd.DataFrame:
    """A table of the prepare or the analyse stage, from the folder of the stage that writes it."""
    processed, analysed = folders
    return read_tables([name], processed_dir=processed, analysed_dir=analysed)[name]


def summarize(folders: Folders) -> pd.DataFrame:
    """The outlet comparison from the written tables, as notebook 04 makes it."""
    processed, analysed = folders
    tables = read_tables(COMPARISON_TABLES, processed_dir=processed, analysed_dir=analysed)
    return pivot_comparison(compare_outlets(tables, read_actors(ACTORS))).reset_index()


@pytest.fixture(scope="module")
def three_outlets(tmp_path_factory: pytest.TempPathFactory) -> Folders:
    root = tmp_path_factory.mktemp("three")
    processed = root / "processed"
    prepare(write_corpus(root / "raw"), processed)
    return processed, analyse_folder(processed, root / "analysed")


@pytest.fixture(scope="module")
def study(prepared: Path, analysed: Path) -> Folders:
    return prepared, analysed


def test_summary_has_one_column_per_outlet_and_every_measure(three_outlets: Folders) -> None:
    table = summarize(three_outlets)
    assert list(table.columns) == [
        "measure",
        "what it measures",
        "Business Times",
        "Global Wire",
        "Harbour Daily",
    ]
    measures = [m for m, _ in MEASURES]
    at = measures.index("first actor named") + 1
    assert list(table["measure"]) == [*measures[:at], "group 'summoned' named", *measures[at:]]
    assert table.notna().all().all()


def test_summary_cells_are_computed_from_the_tables(three_outlets: Folders) -> None:
    table = summarize(three_outlets).set_index("measure")
    documents = read_table("documents", three_outlets)
    for outlet, docs in documents.groupby("outlet"):
        assert table.loc["articles", outlet] == str(len(docs))
        assert table.loc["word tokens", outlet] == str(docs["n_word_tokens"].sum())
    n_articles = pd.Series([outlet for (_, outlet, _) in ARTICLES]).value_counts()
    assert table.loc["articles"].iloc[1:].astype(int).to_dict() == n_articles.to_dict()
    tone_table = read_table("tone", three_outlets)
    mean = tone_table.groupby("outlet")["compound"].mean()
    assert table.loc["mean tone (VADER)", "Global Wire"] == f"{mean['Global Wire']:+.2f}"


def test_summary_of_the_study(study: Folders) -> None:
    table = summarize(study).set_index("measure")
    named = table.loc["group 'summoned' named"]
    assert named["Apple Daily"].startswith("8 of 8") and "Inke" in named["Apple Daily"]
    assert named["Taipei Times"].startswith("6 of 8") and "Inke" not in named["Taipei Times"]
    quotes_table = read_table("quotes", study)
    apple = quotes_table[quotes_table["outlet"] == "Apple Daily"]["kind"].value_counts()
    expected = " / ".join(str(int(apple.get(k, 0))) for k in ("direct", "paraphrase", "scare"))
    assert table.loc["quotes: direct / paraphrase / scare", "Apple Daily"] == expected


def test_story_flow_draws_one_panel_per_article_or_pools_them_per_outlet(three_outlets: Folders) -> None:
    documents = read_table("documents", three_outlets)
    frames = read_table("frames", three_outlets)
    labels = dict(frame_labels(read_codebook(CODEBOOK)))
    fig = plot_story_flow(frames, documents, labels)
    assert len(fig.axes) == len(documents)
    fig = plot_story_flow(frames, documents, labels, max_documents=2)  # more articles: never "the first 2"
    panels = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert [p.split("\n")[0] for p in panels] == sorted(documents["outlet"].unique())
    assert all("2 articles" in p for p in panels) and "pooled" in fig._suptitle.get_text()


def test_tone_flow_plots_every_sentence_of_every_article(three_outlets: Folders, tmp_path: Path) -> None:
    documents = read_table("documents", three_outlets)
    tone_table = read_table("tone", three_outlets)
    fig = plot_tone_flow(tone_table, documents)
    lines = [
        line for line in fig.axes[0].get_lines() if len(line.get_xdata()) > 0 and line.get_label()[0] != "_"
    ]
    assert len(lines) == len(documents)
    assert sum(len(line.get_xdata()) for line in lines) == len(tone_table)
    png, svg = save_figure(fig, "tone_flow", tmp_path)
    first = (png.read_bytes(), svg.read_bytes())
    save_figure(plot_tone_flow(tone_table, documents), "tone_flow", tmp_path)
    assert (png.read_bytes(), svg.read_bytes()) == first, "figure files are not reproducible"


def test_actor_heatmap_cells_are_the_mention_counts(three_outlets: Folders) -> None:
    mentions = read_table("actor_mentions", three_outlets)
    counts = count_actor_mentions(mentions)
    fig = plot_actor_heatmap(counts, n=None)
    grid = fig.axes[0].images[0].get_array()
    assert grid.shape == (mentions["actor"].nunique(), mentions["outlet"].nunique())
    assert int(grid.sum()) == len(mentions)
    assert len(plot_actor_heatmap(counts, n=2).axes[0].get_yticklabels()) == 2


def test_source_types_bars_sum_to_the_attributed_words(study: Folders) -> None:
    quotes_table = read_table("quotes", study)
    fig = plot_source_types(count_source_type_words(quotes_table))
    widths = sum(patch.get_width() for patch in fig.axes[0].patches)
    attributed = quotes_table[quotes_table["kind"].isin(["direct", "paraphrase"])]
    assert widths == attributed["n_words"].sum()


def test_source_types_draws_one_panel_per_outlet_beyond_four_outlets() -> None:
    outlets = [f"Outlet {k}" for k in range(6)]
    quotes_table = pd.DataFrame(
        {
            "outlet": outlets * 2,
            "kind": ["direct"] * 6 + ["paraphrase"] * 6,
            "speaker_type": ["government body"] * 6 + ["expert"] * 6,
            "n_words": list(range(1, 13)),
        }
    )
    fig = plot_source_types(count_source_type_words(quotes_table))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert sorted(ax.get_title() for ax in panels) == outlets
    assert sum(p.get_width() for ax in panels for p in ax.patches) == quotes_table["n_words"].sum()
