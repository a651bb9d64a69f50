"""Term-frequency figures: content, outlet colours, readable labels, byte-identical files."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from conftest import TERMS_MAP, write_corpus

from research_utils import tables
from research_utils.analyse.concordance import measure_dispersion
from research_utils.analyse.keyness import compute_keyness, select_key_terms
from research_utils.analyse.terms import compare_term_rates, count_outlet_words, count_terms, extract_terms
from research_utils.cli import main
from research_utils.figures import (
    outlet_palette,
    plot_dispersion,
    plot_keyness,
    plot_term_scatter,
    plot_top_terms,
    save_figure,
)


def analyse(processed_dir: Path | None = None, processed: dict | None = None) -> dict[str, pd.DataFrame]:
    if processed is None:
        processed = {name: tables.read_table(name, processed_dir) for name in ("tokens", "documents")}
    terms = extract_terms(processed["tokens"], terms_map=TERMS_MAP)
    frequencies = count_terms(terms, processed["documents"])
    keyness = compute_keyness(frequencies, count_outlet_words(processed["documents"]))
    return {
        "terms": terms,
        "frequencies": frequencies,
        "keyness": keyness,
        "documents": processed["documents"],
    }


@pytest.fixture(scope="module")
def two(processed) -> dict[str, pd.DataFrame]:
    return analyse(processed=processed)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("three_plots")
    raw = write_corpus(root / "raw")
    assert main(["prepare", "--raw", str(raw), "--out", str(root / "processed")]) == 0
    return analyse(root / "processed")


def visible_axes(fig) -> list:
    return [ax for ax in fig.axes if ax.get_visible()]


def test_top_terms_small_multiples(two, three) -> None:
    fig = plot_top_terms(two["frequencies"], n=10)
    axes = visible_axes(fig)
    assert [ax.get_title() for ax in axes] == ["Apple Daily", "Taipei Times"]
    assert axes[0].get_yticklabels()[0].get_text() == "new"  # most frequent on top
    apple = two["frequencies"][two["frequencies"]["outlet"] == "Apple Daily"]
    tenth = apple["freq"].iloc[9]
    assert len(axes[0].patches) == (apple["freq"] >= tenth).sum()  # ties at the cut: all shown
    assert axes[0].get_xlabel() == "per 1,000 word tokens"
    colours = outlet_palette(["Apple Daily", "Taipei Times"])
    assert mcolors.to_hex(axes[1].patches[0].get_facecolor()) == colours["Taipei Times"].lower()
    assert axes[0].patches[0].get_hatch() != axes[1].patches[0].get_hatch()  # greyscale: hatches differ
    fig3 = plot_top_terms(three["frequencies"], n=5)
    assert len(visible_axes(fig3)) == 3


def test_keyness_chart_marks_g2_above_the_critical_value(two, three) -> None:
    unadjusted = two["keyness"].drop(columns=["p_adjusted"], errors="ignore")
    fig = plot_keyness(unadjusted, n=10)
    (ax,) = visible_axes(fig)  # two outlets: the second would be the mirror image
    assert ax.get_title() == "Apple Daily vs Taipei Times"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    strong = set(unadjusted.loc[unadjusted["g2"].abs() >= 3.84, "term"])
    assert strong <= set(labels)  # public, regulatory, safety, agency
    for label, bar in zip(labels, ax.patches, strict=True):  # both top to bottom
        assert (bar.get_alpha() == 1.0) == (label in strong), label
    assert sum("*" in t.get_text() for t in ax.texts) == len(strong)
    assert "log ratio" in ax.get_xlabel() and "G² ≥ 3.84" in fig._suptitle.get_text()
    assert len(visible_axes(plot_keyness(three["keyness"]))) == 3


def test_keyness_chart_shows_every_term_tied_at_the_cut(two) -> None:
    fig = plot_keyness(two["keyness"], n=10)
    labels = {t.get_text() for t in visible_axes(fig)[0].get_yticklabels()}
    rows = two["keyness"][(two["keyness"]["outlet"] == "Apple Daily") & (two["keyness"]["g2"] > 0)]
    rows = rows[rows["freq_target"] + rows["freq_reference"] >= 2].sort_values("g2", ascending=False)
    tenth = rows["g2"].iloc[9]
    assert set(rows.loc[rows["g2"] >= tenth, "term"]) <= labels  # all 2:0 terms, not the first few by name
    if "p_adjusted" in two["keyness"].columns:
        assert "Benjamini–Hochberg" in fig._suptitle.get_text()


def test_term_scatter_labels_do_not_overlap(two) -> None:
    rates = compare_term_rates(two["frequencies"])
    fig = plot_term_scatter(rates, label_terms=["security", "control", "clubhouse"])
    (ax,) = fig.axes
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    assert {"companies", "deepfake", "security", "control", "clubhouse"} <= {name for name, _ in boxes}
    overlapping = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    assert overlapping == []
    axes_box = ax.get_window_extent(renderer)
    assert all(axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1) for _, box in boxes)
    assert ax.get_xlabel() == "Apple Daily: per 1,000 word tokens"


def test_dispersion_plot(two, three) -> None:
    key = ["deepfake", "clubhouse", "security"]
    fig = plot_dispersion(measure_dispersion(two["terms"], two["documents"], key), key)
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == key  # first term on top
    assert "position in the article" in fig._supxlabel.get_text()
    # more articles than max_documents: one panel per outlet, its articles pooled, no error
    said = measure_dispersion(three["terms"], three["documents"], ["said"])
    many = plot_dispersion(said, ["said"], documents=three["documents"], max_documents=2)
    counts = said.groupby("outlet").size()
    expected = [
        f"{o} (2 articles, {counts.get(o, 0)} occurrences)"
        for o in sorted(three["documents"]["outlet"].unique())
    ]
    assert [ax.get_title(loc="left") for ax in visible_axes(many)] == expected


def test_figures_are_byte_identical_when_regenerated(two, tmp_path: Path) -> None:
    makers = {
        "top": lambda: plot_top_terms(two["frequencies"]),
        "keyness": lambda: plot_keyness(two["keyness"]),
        "scatter": lambda: plot_term_scatter(compare_term_rates(two["frequencies"])),
        "dispersion": lambda: plot_dispersion(
            measure_dispersion(two["terms"], two["documents"], select_key_terms(two["keyness"], n=3)),
            select_key_terms(two["keyness"], n=3),
        ),
    }
    for name, make in makers.items():
        first = save_figure(make(), name, tmp_path / "a")
        second = save_figure(make(), name, tmp_path / "b")
        for a, b in zip(first, second, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
        assert first[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<dc:date>" not in first[1].read_bytes()
