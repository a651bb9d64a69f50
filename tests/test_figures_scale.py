"""Figures at scale: 32 outlets and 5,000 short documents, written as tables directly (no
NLTK), and the properties a reader relies on in every figure: it is drawn, its size stays
bounded, every outlet appears in it (or its description names the outlet and says why
not), an outlet has one colour in every figure, and a "top n" never cuts a tie silently.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure

from research_utils import analyse, figures
from research_utils.figures.style import (
    COLOURS,
    EXTENDED_PALETTE,
    MAX_HEIGHT,
    MAX_WIDTH,
    NEUTRAL,
    PALETTE,
)
from research_utils.tables import as_table

N_OUTLETS, N_DOCUMENTS = 32, 5_000
FRAMES = {f"frame_{k}": f"Frame number {k}" for k in range(6)}
#: Outlets whose quotes table has no row: the voices figures must still show them.
SILENT = ("Outlet 07 Post", "Outlet 18 Times")


def outlet_names(n: int) -> list[str]:
    return [f"Outlet {k:02d} {['Courier', 'Herald', 'Times', 'Post'][k % 4]}" for k in range(n)]


def _documents(rng: np.random.Generator, outlets: list[str], n_documents: int) -> pd.DataFrame:
    outlet = np.array(outlets)[np.arange(n_documents) % len(outlets)]
    n_sentences = rng.integers(3, 25, n_documents)
    n_tokens = n_sentences * rng.integers(12, 30, n_documents)
    data = {"doc_id": [f"d{k:05d}" for k in range(n_documents)], "outlet": outlet}
    text = dict.fromkeys(("file", "country", "published", "section", "url", "notes"), "")
    return as_table(
        "documents",
        pd.DataFrame(
            data
            | text
            | {
                "language": "en",
                "n_sentences": n_sentences,
                "n_tokens": n_tokens,
                "n_word_tokens": (n_tokens * 0.85).astype(int),
            }
        ),
    )


def _sentences(documents: pd.DataFrame) -> pd.DataFrame:
    n = documents["n_sentences"].to_numpy()
    rows = np.repeat(np.arange(len(documents)), n)
    return pd.DataFrame(
        {
            "doc_id": documents["doc_id"].to_numpy()[rows],
            "outlet": documents["outlet"].to_numpy()[rows],
            "sent_id": np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n),
        }
    )


def _frames_and_tone(rng: np.random.Generator, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = _sentences(documents)
    parts = []
    for k, frame in enumerate(FRAMES):
        hit = rng.random(len(sentences)) < 0.05 + 0.05 * k
        parts.append(sentences[hit].assign(frame=frame, n_matches=1, indicators="x", matched_text="x"))
    frames = as_table("frames", pd.concat(parts).sort_values(["doc_id", "sent_id"], kind="stable"))
    compound = np.clip(rng.normal(0.0, 0.4, len(sentences)), -1, 1).round(4)
    tone = sentences.assign(neg=0.1, neu=0.8, pos=0.1, compound=compound)
    tone["tone"] = np.where(compound <= -0.05, "negative", np.where(compound >= 0.05, "positive", "neutral"))
    return frames, as_table("tone", tone)


def _terms(rng: np.random.Generator, documents: pd.DataFrame) -> pd.DataFrame:
    vocabulary = [f"term{k:04d}" for k in range(3_000)]
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    rows = []
    for outlet, words in documents.groupby("outlet")["n_word_tokens"].sum().items():
        counts = rng.multinomial(int(words) // 3, weights / weights.sum())
        kept = counts > 0
        rows.append(
            pd.DataFrame(
                {
                    "outlet": outlet,
                    "term": np.array(vocabulary)[kept],
                    "freq": counts[kept],
                    "per_1k": counts[kept] / words * 1000,
                    "doc_freq": 1,
                }
            )
        )
    table = pd.concat(rows).sort_values(["outlet", "freq", "term"], ascending=[True, False, True])
    table["rank"] = table.groupby("outlet")["freq"].rank(method="min", ascending=False).astype(int)
    return as_table("term_frequencies", table)


def _mentions(rng: np.random.Generator, documents: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    actors = [(f"Actor {k:02d}", ["person", "company", "government body"][k % 3]) for k in range(40)]
    # mention totals: Actor 00..09 decreasing, then 12 actors tied with 3 (a tie at any top-15 cut)
    totals = [40, 35, 30, 25, 20, 18, 16, 14, 12, 10] + [3] * 12 + [1] * 18
    rows = []
    quiet = set(outlets[-3:])  # outlets that mention no actor
    speaking = [o for o in outlets if o not in quiet]
    for (actor, kind), total in zip(actors, totals, strict=True):
        for outlet in rng.choice(speaking, total):
            doc = documents.loc[documents["outlet"] == outlet, "doc_id"].iloc[0]
            rows.append(
                {
                    "doc_id": doc,
                    "outlet": outlet,
                    "sent_id": 0,
                    "actor": actor,
                    "type": kind,
                    "surface": actor,
                    "start": 0,
                    "end": 1,
                    "rule": "name",
                }
            )
    return as_table("actor_mentions", pd.DataFrame(rows))


def _quotes(rng: np.random.Generator, documents: pd.DataFrame) -> pd.DataFrame:
    speaking = documents[~documents["outlet"].isin(SILENT)].head(600)
    n = len(speaking)
    kinds = rng.choice(["direct", "paraphrase", "scare"], n, p=[0.45, 0.45, 0.1])
    speakers = rng.choice([f"Speaker {k}" for k in range(25)], n)
    verbs = rng.choice(["say", "add", "warn", "claim", "tell", "note"], n)
    table = pd.DataFrame(
        {
            "doc_id": speaking["doc_id"],
            "outlet": speaking["outlet"],
            "sent_id": 0,
            "start": 0,
            "end": 5,
            "kind": kinds,
            "speaker": np.where(kinds == "scare", "", speakers),
            "speaker_type": np.where(
                kinds == "scare", "", rng.choice(["expert", "person", "government body"], n)
            ),
            "speaker_surface": "",
            "verb": np.where(kinds == "scare", "", verbs),
            "stance": np.where(
                kinds == "scare", "", np.where(np.isin(verbs, ["warn", "claim"]), "evaluative", "neutral")
            ),
            "quote": "words",
            "n_words": rng.integers(3, 40, n),
        }
    )
    return as_table("quotes", table)


def _dispersion(rng: np.random.Generator, documents: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    n = 40_000
    docs = documents.sample(n, replace=True, random_state=1)
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_numpy(),
            "outlet": docs["outlet"].to_numpy(),
            "term": rng.choice(terms, n),
            "token_id": 0,
            "position": rng.random(n),
        }
    )


def synthetic_study(n_outlets: int = N_OUTLETS, n_documents: int = N_DOCUMENTS, seed: int = 7) -> dict:
    """Every table the figures draw, for ``n_outlets`` outlets and ``n_documents`` documents."""
    rng = np.random.default_rng(seed)
    outlets = outlet_names(n_outlets)
    documents = _documents(rng, outlets, n_documents)
    frames, tone = _frames_and_tone(rng, documents)
    frequencies = _terms(rng, documents)
    keyness = analyse.compute_keyness(frequencies, analyse.count_outlet_words(documents))
    key_terms = [f"term{k:04d}" for k in range(0, 40, 4)]
    return {
        "outlets": outlets,
        "documents": documents,
        "frames": frames,
        "tone": tone,
        "term_frequencies": frequencies,
        "keyness": keyness,
        "actor_mentions": _mentions(rng, documents, outlets),
        "quotes": _quotes(rng, documents),
        "dispersion": _dispersion(rng, documents, key_terms),
        "key_terms": key_terms,
    }


def figure_makers(t: dict, styles) -> dict[str, Callable[[], Figure]]:
    """Every plot function of the package on the tables ``t``, with the study's ``styles``."""
    documents, quotes = t["documents"], t["quotes"]
    counts = analyse.count_actor_mentions(t["actor_mentions"])
    pairs = analyse.count_frame_pairs(t["frames"], _codebook(), outlets=documents["outlet"])
    named = _named(t)
    verbs = analyse.tabulate_reporting_verbs(analyse.count_reporting_verbs(quotes))
    shares = _shares(t)
    return {
        "top_terms": lambda: figures.plot_top_terms(t["term_frequencies"], styles=styles),
        "keyness": lambda: figures.plot_keyness(t["keyness"], styles=styles),
        "term_scatter": lambda: figures.plot_term_scatter(
            analyse.compare_rates_to_others(t["term_frequencies"], documents), styles=styles
        ),
        "dispersion": lambda: figures.plot_dispersion(
            t["dispersion"], t["key_terms"], documents=documents, styles=styles
        ),
        "frame_shares": lambda: figures.plot_frame_shares(shares, styles=styles),
        "cooccurrence": lambda: figures.plot_frame_cooccurrence(pairs, labels=FRAMES, styles=styles),
        "story_flow": lambda: figures.plot_story_flow(t["frames"], documents, FRAMES, styles=styles),
        "tone_flow": lambda: figures.plot_tone_flow(t["tone"], documents, styles=styles),
        "tone": lambda: figures.plot_tone(t["tone"], styles=styles),
        "actor_mentions": lambda: figures.plot_actor_mentions(counts, styles=styles),
        "actor_heatmap": lambda: figures.plot_actor_heatmap(counts, styles=styles),
        "named_group": lambda: figures.plot_named_group(named, styles=styles),
        "sources": lambda: figures.plot_sources(analyse.summarize_sources(quotes), styles=styles),
        "reporting_verbs": lambda: figures.plot_reporting_verbs(verbs, styles=styles),
        "source_types": lambda: figures.plot_source_types(
            analyse.count_source_type_words(quotes), styles=styles
        ),
    }


class _Codebook:
    """The part of a codebook ``count_frame_pairs`` reads: the frame ids in order."""

    frame_ids = tuple(FRAMES)


def _codebook() -> _Codebook:
    return _Codebook()


def _shares(t: dict) -> pd.DataFrame:
    sentences = _sentences(t["documents"])
    totals = sentences.groupby("outlet").size()
    counts = t["frames"].groupby(["outlet", "frame"]).size()
    rows = [
        {
            "outlet": o,
            "frame": f,
            "label": label,
            "n_sentences": int(counts.get((o, f), 0)),
            "n_total": int(totals[o]),
            "share": counts.get((o, f), 0) / totals[o],
            "coding": "dictionary",
        }
        for o in totals.index
        for f, label in FRAMES.items()
    ]
    return as_table("frame_shares", pd.DataFrame(rows))


def _named(t: dict) -> pd.DataFrame:
    actors = pd.DataFrame({"actor": [f"Actor {k:02d}" for k in range(8)], "group": "summoned"})
    return analyse.name_group(t["actor_mentions"], actors, t["documents"])


@pytest.fixture(scope="module")
def study() -> dict:
    return synthetic_study()


@pytest.fixture(scope="module")
def styles(study: dict):
    """The study's styles, in an order that is not alphabetical, with two user colours."""
    order = study["outlets"][::-1]
    return figures.outlet_styles(order, colours={order[0]: "#123456", order[5]: "#FEDCBA"})


@pytest.fixture(scope="module")
def drawn(study: dict, styles) -> dict[str, Figure]:
    return {name: make() for name, make in figure_makers(study, styles).items()}


def figure_texts(fig: Figure) -> str:
    """Every text of the figure a reader sees: titles, tick labels, legends, annotations."""
    texts = [t.get_text() for t in fig.texts]
    texts += [t.get_text() for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    for legend in fig.legends:
        texts += [t.get_text() for t in legend.get_texts()]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [t.get_text() for t in [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]]
        texts += [ax.get_xlabel(), ax.get_ylabel()]
        if ax.get_legend() is not None:
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return "\n".join(texts)


def row_labels(fig: Figure) -> list[str]:
    """The y tick labels of every visible panel: the rows drawn."""
    return [t.get_text() for ax in fig.axes if ax.get_visible() for t in ax.get_yticklabels()]


def omitted_names(fig: Figure) -> str:
    text = figures.description(fig)
    return text[text.index("Not shown:") :] if "Not shown:" in text else ""


def test_the_synthetic_study_is_large(study: dict) -> None:
    assert study["documents"]["outlet"].nunique() == N_OUTLETS
    assert len(study["documents"]) == N_DOCUMENTS
    assert len(study["tone"]) > 50_000


def test_every_figure_is_drawn_within_the_size_limit(drawn: dict[str, Figure]) -> None:
    for name, fig in drawn.items():
        width, height = fig.get_size_inches()
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT, (name, width, height)
        assert figures.description(fig), f"{name} has no description"


def test_every_outlet_appears_in_every_figure_or_is_named_as_left_out(study: dict, drawn) -> None:
    for name, fig in drawn.items():
        texts, omitted = figure_texts(fig), omitted_names(fig)
        missing = [o for o in study["outlets"] if o not in texts and o not in omitted]
        assert not missing, f"{name} drops {missing}"


def test_outlets_are_drawn_in_the_studys_order(study: dict, styles, drawn) -> None:
    order = list(styles)
    titles = [ax.get_title() for ax in drawn["frame_shares"].axes if ax.get_visible()]
    assert titles == order
    story = [ax.get_title().split("\n")[0] for ax in drawn["story_flow"].axes if ax.get_title()]
    assert story == order


def outlet_colours(fig: Figure, outlets: list[str]) -> dict[str, set[str]]:
    """Colours drawn for each outlet, read from the figure: its legend entries, and the
    patches, markers and lines of panels titled with its name (greys left out)."""
    found: dict[str, set[str]] = {o: set() for o in outlets}

    def colours_of(artist) -> set[str]:
        out = set()
        for getter in ("get_facecolor", "get_color", "get_markerfacecolor"):
            if hasattr(artist, getter):
                value = np.atleast_2d(np.asarray(mpl.colors.to_rgba_array(getattr(artist, getter)())))
                out |= {to_hex(c[:3]) for c in value if len(c) and c[3] > 0}
        return {c for c in out if len(set(np.round(to_rgb(c), 2))) > 1}  # not grey, black or white

    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
                if text.get_text() in found:
                    found[text.get_text()] |= colours_of(handle)
        title = ax.get_title().split("\n")[0]
        if title in found and ax.get_visible():
            for artist in [*ax.patches, *ax.collections, *ax.lines]:
                if artist.get_label() != "VADER neutral band (±0.05)" and not isinstance(
                    artist, mpl.patches.Polygon
                ):
                    found[title] |= colours_of(artist)
    return found


def test_an_outlet_has_one_colour_in_every_figure(study: dict, styles, drawn) -> None:
    outlets = study["outlets"]
    assert len({s.colour for s in styles.values()}) == len(outlets)  # 32 distinct colours
    checked = 0
    for name, fig in drawn.items():
        for outlet, colours in outlet_colours(fig, outlets).items():
            assert colours <= {styles[outlet].colour.lower()}, (name, outlet, colours)
            checked += bool(colours)
    assert checked > 5 * N_OUTLETS  # most figures show outlet colours


def test_user_colours_and_order_come_first(styles, study: dict) -> None:
    order = study["outlets"][::-1]
    assert list(styles) == order
    assert styles[order[0]].colour == "#123456" and styles[order[5]].colour == "#fedcba"
    assert styles[order[1]].colour == PALETTE[0]  # the palette continues after the user's colours
    hatches = {(s.colour, s.hatch) for s in figures.outlet_styles([f"o{k}" for k in range(100)]).values()}
    assert len(hatches) == 100  # colours repeat after 40 outlets, but never with the same hatch


def test_a_bad_user_colour_names_the_outlet_and_the_fix() -> None:
    from research_utils.errors import InputError

    with pytest.raises(InputError, match="not a colour"):
        figures.outlet_styles(["A"], colours={"A": "blu"}, source="study.yaml")
    with pytest.raises(InputError, match=r"'B'.*not one of the outlets"):
        figures.outlet_styles(["A"], colours={"B": "#000000"}, source="study.yaml")


def _lab(colour: str) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour (CIE76 distances)."""
    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    matrix = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = matrix @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_extended_palette_is_derived_as_documented() -> None:
    candidates = [
        to_hex(mpl.colormaps[name](i)).upper() for name in ("tab20", "tab20b", "tab20c") for i in range(20)
    ]
    kept = list(PALETTE)
    for colour in candidates:
        lab = _lab(colour)
        if np.hypot(lab[1], lab[2]) >= 15 and min(np.linalg.norm(lab - _lab(c)) for c in kept) >= 15:
            kept.append(colour)
    assert tuple(kept[len(PALETTE) :]) == EXTENDED_PALETTE
    assert len(COLOURS) == 40 and NEUTRAL.upper() not in COLOURS


def test_ties_at_the_cut_are_all_shown_or_all_named(study: dict, drawn) -> None:
    counts = analyse.count_actor_mentions(study["actor_mentions"])
    tied = [f"Actor {k:02d}" for k in range(10, 22)]  # 3 mentions each: the 15th actor's count
    assert set(counts.sum(axis=1).droplevel("type")[tied]) == {3}
    for name in ("actor_heatmap", "actor_mentions"):
        rows, omitted = row_labels(drawn[name]), omitted_names(drawn[name])
        shown = sorted({a for a in tied for row in rows if row == a or row.startswith(f"{a} (")})
        named = [a for a in tied if a in omitted]
        assert sorted(shown + named) == tied and (not shown or not named), (name, shown, named)
    fig = figures.plot_actor_heatmap(counts, n=15)
    assert all(a in figure_texts(fig) for a in tied)  # 22 rows fit: all tied actors shown
    assert "every one tied with the 15th" in fig.axes[0].get_title()
    small = figures.plot_actor_heatmap(counts, n=5)
    labels = [t.get_text() for t in small.axes[0].get_yticklabels()]
    assert labels == [f"Actor {k:02d}" for k in range(5)]


def test_top_terms_never_cut_a_tie_alphabetically() -> None:
    frequencies = as_table(
        "term_frequencies",
        pd.DataFrame(
            {
                "outlet": "A",
                "term": ["zebra", "yak", "apple", "bee", "cat"],
                "freq": [9, 5, 5, 5, 1],
                "per_1k": [9.0, 5.0, 5.0, 5.0, 1.0],
                "doc_freq": 1,
                "rank": [1, 2, 2, 2, 5],
            }
        ),
    )
    fig = figures.plot_top_terms(frequencies, n=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["zebra", "yak", "apple", "bee"]  # the three tied at 5 all shown, in table order
    assert "cat" not in labels


@pytest.mark.parametrize("name", ["story_flow", "tone_flow"])
def test_reading_order_figures_pool_many_articles_per_outlet(study: dict, drawn, name: str) -> None:
    fig = drawn[name]
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(panels) == N_OUTLETS
    per_outlet = study["documents"].groupby("outlet").size()
    for ax in panels:
        outlet = ax.get_title().split("\n")[0]
        assert f"{per_outlet[outlet]} articles" in ax.get_title()
    assert "pooled" in figures.description(fig)


def test_profiles_count_every_sentence_once(study: dict) -> None:
    documents = study["documents"]
    profile = analyse.profile_frames(study["frames"], documents, frame_ids=FRAMES, bins=10)
    first = profile[profile["frame"] == "frame_0"]
    assert first["n_sentences"].sum() == documents["n_sentences"].sum()
    assert profile["n_carrying"].sum() == len(study["frames"])
    tone = analyse.profile_tone(study["tone"], documents, bins=10)
    assert tone["n_sentences"].sum() == len(study["tone"])
    outlet = study["outlets"][3]
    rows = study["tone"][study["tone"]["outlet"] == outlet]
    weighted = (
        tone.loc[tone["outlet"] == outlet, "mean"] * tone.loc[tone["outlet"] == outlet, "n_sentences"]
    ).sum()
    assert weighted / len(rows) == pytest.approx(rows["compound"].mean())


def test_voices_show_outlets_without_attributed_words(drawn) -> None:
    for name in ("sources", "source_types"):
        texts = figure_texts(drawn[name])
        for outlet in SILENT:
            assert outlet in texts, (name, outlet)
        assert "no attributed words" in texts and "no attributed words" in figures.description(drawn[name])


def test_dispersion_never_refuses_many_documents(study: dict, drawn) -> None:
    fig = drawn["dispersion"]
    assert len([ax for ax in fig.axes if ax.get_visible()]) == N_OUTLETS
    per_outlet = {o: study["key_terms"][k % 3 :: 3] for k, o in enumerate(study["outlets"])}
    own = figures.plot_dispersion(study["dispersion"], per_outlet, documents=study["documents"])
    first = [t.get_text() for t in own.axes[0].get_yticklabels()]
    assert first == per_outlet[study["outlets"][0]]


def test_term_scatter_of_two_outlets_names_the_others(study: dict, styles) -> None:
    a, b = study["outlets"][:2]
    rates = analyse.compare_term_rates(study["term_frequencies"], outlet_x=a, outlet_y=b)
    fig = figures.plot_term_scatter(rates, styles=styles)
    assert f"{a} vs {b}" in fig._suptitle.get_text() and "not drawn" in fig._suptitle.get_text()
    assert all(o in omitted_names(fig) for o in study["outlets"][2:])


def test_keyness_marks_significance_by_the_adjusted_p_value() -> None:
    rows = {
        "term": ["alpha", "beta", "gamma", "delta"],
        "freq_target": [30, 20, 1, 0],
        "freq_reference": [1, 2, 9, 8],
        "size_target": 1000,
        "size_reference": 1000,
        "g2": [30.0, 15.0, -7.0, -11.0],
        "p_value": 0.01,
        "log_ratio": [4.9, 3.3, -3.2, -4.0],
        "log_odds_z": 1.0,
    }
    table = pd.DataFrame(rows | {"outlet": "A"})
    table = pd.concat([table, table.assign(outlet="B", g2=-table["g2"], log_ratio=-table["log_ratio"])])
    adjusted = table.assign(p_adjusted=[0.001, 0.2, np.nan, 0.01] * 2)
    fig = figures.plot_keyness(adjusted, n=5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    solid = {label for label, bar in zip(labels, ax.patches, strict=True) if bar.get_alpha() == 1.0}
    assert solid == {"alpha", "delta"}  # beta: G² 15 but adjusted p .2; gamma: not tested
    assert "Benjamini–Hochberg" in fig._suptitle.get_text()
    plain = figures.plot_keyness(table, n=5)
    labels = [t.get_text() for t in plain.axes[0].get_yticklabels()]
    solid = {
        label for label, bar in zip(labels, plain.axes[0].patches, strict=True) if bar.get_alpha() == 1.0
    }
    assert solid == {"alpha", "beta", "gamma", "delta"} and "G² ≥ 3.84" in plain._suptitle.get_text()


def png_text(path: Path) -> dict[str, str]:
    """The text chunks of a PNG file (tEXt, zTXt, iTXt), read by the PNG specification."""
    data, found, at = path.read_bytes(), {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        key, _, rest = body.partition(b"\0")
        if kind == b"tEXt":
            found[key.decode("latin-1")] = rest.decode("latin-1")
        elif kind == b"zTXt":
            found[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            compressed, text = rest[0], rest[2:].split(b"\0", 2)[2]
            found[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode("utf-8")
        at += 12 + length
    return found


def test_descriptions_are_written_into_the_files_reproducibly(drawn, tmp_path: Path) -> None:
    fig = drawn["actor_heatmap"]
    png, svg = figures.save_figure(fig, "heatmap", tmp_path / "a")
    again = figures.save_figure(fig, "heatmap", tmp_path / "b")
    assert (png.read_bytes(), svg.read_bytes()) == (again[0].read_bytes(), again[1].read_bytes())
    text = figures.description(fig)
    assert png_text(png)["Description"] == text
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert ET.parse(svg).getroot().find(".//dc:description", ns).text == text
    assert re.search(r"Outlet \d\d", text)


def test_outlets_without_rows_still_get_a_panel_in_small_studies() -> None:
    quotes = as_table(
        "quotes",
        pd.DataFrame(
            {
                "doc_id": ["d1"],
                "outlet": ["A"],
                "sent_id": 0,
                "start": 0,
                "end": 1,
                "kind": "direct",
                "speaker": "X",
                "speaker_type": "expert",
                "speaker_surface": "X",
                "verb": "say",
                "stance": "neutral",
                "quote": "q",
                "n_words": 7,
            }
        ),
    )
    styles = figures.outlet_styles(["B", "A"])
    fig = figures.plot_source_types(analyse.count_source_type_words(quotes), styles=styles)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["B: no attributed words", "A"]


def test_every_plot_function_takes_the_studys_styles() -> None:
    import inspect

    plots = [name for name in figures.__all__ if name.startswith("plot_")]
    timeline = {"plot_attention", "plot_frame_shares_over_time", "plot_event_window"}
    assert len(plots) >= 21 and timeline <= set(plots)
    no_outlets = {"plot_reliability", "plot_topic_terms"}  # per frame or topic: no outlet is drawn
    for name in sorted(set(plots) - no_outlets):
        parameter = inspect.signature(getattr(figures, name)).parameters.get("styles")
        assert parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY, name


def test_validation_says_what_it_rests_on() -> None:
    validation = pd.DataFrame(
        {
            "frame": ["a", "all (micro)"],
            "support": [3, 3],
            "predicted": [2, 2],
            "tp": [2, 2],
            "fp": [0, 0],
            "fn": [1, 1],
            "tn": [5, 5],
            "precision": [1.0, 1.0],
            "recall": [0.6667, 0.6667],
            "f1": [0.8, 0.8],
        }
    )
    coverage = pd.DataFrame(
        {
            "outlet": ["A", "B", "all"],
            "n_documents": [2, 3, 5],
            "n_sentences": [20, 30, 50],
            "n_coded": [8, 0, 8],
            "share_coded": [0.4, 0.0, 0.16],
        }
    )
    fig = figures.plot_frame_validation(validation, coverage=coverage)
    assert "covers 8 of 50 sentences (A 8 of 20; B 0 of 30)" in fig.axes[0].get_title()
    none = figures.plot_frame_validation(validation.iloc[:0], coverage=coverage.assign(n_coded=0))
    assert "nothing validated" in figures.description(none)


def test_a_large_figure_is_saved_within_the_pixel_cap_and_a_small_one_at_full_resolution(
    tmp_path: Path,
) -> None:
    from PIL import Image

    from research_utils.figures.style import DPI, MAX_PNG_PIXELS, new_figure

    for width, height in ((6.0, 4.0), (18.0, 24.0)):
        fig, axes = new_figure(1, 1, width=width, height=height)
        axes[0, 0].plot([0, 1], [0, 1])
        png, _ = figures.save_figure(fig, f"f{width:g}", tmp_path)
        pixels = Image.open(png).size
        assert pixels[0] * pixels[1] <= MAX_PNG_PIXELS * 1.01
        if width < 10:  # a small figure keeps its full resolution
            assert pixels[0] >= 0.9 * width * DPI
        else:  # a large one is scaled down, not cropped: its aspect is kept
            assert abs(pixels[0] / pixels[1] - width / height) < 0.05
