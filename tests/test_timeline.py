"""Coverage over time (issue 11): attention, frame shares per period, an event window.

The corpora are Brown's (NLTK data; categories as outlets) with dates assigned here over two
years, over three years of days, and over one day, plus the study's own case (two articles
of one day) built inline. Frames are words counted in Brown's own sentences, so nothing is
tuned to the study's texts; the event tests add a frame whose change is known by construction.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from scipy import stats

from research_utils import tables
from research_utils.analyse.timeline import (
    compare_event_window,
    count_attention,
    describe_event_window,
    describe_timeline,
    share_frames_over_time,
)
from research_utils.errors import InputError, ResearchUtilsError
from research_utils.figures.style import MAX_HEIGHT, MAX_WIDTH, description, outlet_styles
from research_utils.figures.timeline import plot_attention, plot_event_window, plot_frame_shares_over_time
from research_utils.study import Event, read_study

WORDS = {
    "money": {"money", "tax", "taxes", "price", "prices", "dollars", "cost", "budget", "pay"},
    "conflict": {"war", "fight", "attack", "enemy", "against", "battle", "fought"},
    "faith": {"god", "church", "faith", "religious", "christ", "prayer"},
}
LABELS = {"money": "Money matters", "conflict": "Conflict", "faith": "Faith"}
START = datetime.date(1961, 1, 1)
STUDY_WORDS = ("Apple Daily", "Taipei", "deepfake", "Cyberspace", "two articles")


@pytest.fixture(scope="module")
def brown() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every Brown file as a document (category as outlet) and the sentences carrying a frame
    (a sentence carries a frame when one of its words is in ``WORDS``)."""
    from nltk.corpus import brown as corpus

    docs, hits = [], []
    for category in corpus.categories():
        for fileid in corpus.fileids(categories=category):
            sentences = corpus.sents(fileid)
            words = sum(w.isalpha() for s in sentences for w in s)
            docs.append((fileid, category, words, len(sentences)))
            for k, sentence in enumerate(sentences):
                lower = {w.lower() for w in sentence}
                hits += [(fileid, category, k, f) for f, ws in WORDS.items() if lower & ws]
    documents = pd.DataFrame(docs, columns=["doc_id", "outlet", "n_word_tokens", "n_sentences"])
    return documents, pd.DataFrame(hits, columns=["doc_id", "outlet", "sent_id", "frame"])


def dated(documents: pd.DataFrame, days: int, *, undated_every: int = 0) -> pd.DataFrame:
    """``documents`` with dates spread at random over ``days`` days from ``START``, the first
    on the first day and the last on the last (every
    ``undated_every``-th document left without one)."""
    offsets = np.random.default_rng(days).integers(0, days, len(documents))  # outlets mixed in time
    offsets[0], offsets[-1] = 0, days - 1  # the span is exactly ``days`` days
    published = [(START + datetime.timedelta(days=int(d))).isoformat() for d in offsets]
    out = documents.assign(published=published)
    if undated_every:
        out.loc[out.index % undated_every == 3, "published"] = ""
    return out


@pytest.fixture(scope="module")
def two_years(brown: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    documents, hits = brown
    return dated(documents, 730, undated_every=50), hits


def study_case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The study's own corpus in shape: two articles, two outlets, one day."""
    documents = pd.DataFrame(
        {
            "doc_id": ["000_a", "004_t"],
            "outlet": ["Apple Daily", "Taipei Times"],
            "published": ["2021-03-19", "2021-03-19"],
            "n_word_tokens": [612, 845],
            "n_sentences": [24, 33],
        }
    )
    hits = pd.DataFrame(
        {"doc_id": ["000_a", "000_a", "004_t"], "sent_id": [0, 5, 2], "frame": ["money", "conflict", "money"]}
    )
    return documents, hits


def figure_texts(fig: Figure) -> str:
    """Every text a reader sees in ``fig``, and its description."""
    texts = [t.get_text() for t in fig.texts] + [description(fig)]
    texts += [t.get_text() for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    texts += [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    for ax in fig.axes:
        if ax.get_visible():
            texts += [ax.get_title(), ax.get_ylabel(), ax.get_xlabel()]
            texts += [t.get_text() for t in [*ax.texts, *ax.get_yticklabels()]]
            if ax.get_legend() is not None:
                texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return "\n".join(texts)


def numbers(pattern: str, text: str) -> tuple[int, ...]:
    """The whole numbers ``pattern``'s groups catch in ``text`` (thousands commas allowed)."""
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in {text!r}"
    return tuple(int(g.replace(",", "")) for g in found.groups())


# --- attention ---------------------------------------------------------------------------------


def test_attention_counts_every_article_and_word_in_a_period_of_its_outlet(two_years) -> None:
    documents, _ = two_years
    attention = count_attention(documents)
    assert set(attention["unit"]) == {"week"}  # two years of dates: weeks
    totals = attention.groupby("outlet")[["n_documents", "n_words"]].sum()
    expected = documents.groupby("outlet").agg(
        n_documents=("doc_id", "size"), n_words=("n_word_tokens", "sum")
    )
    assert totals.astype(int).to_dict() == expected.astype(int).to_dict()
    # every outlet gets the same, unbroken calendar of weeks, zeros included
    calendars = attention[attention["dated"]].groupby("outlet")["period_start"].apply(tuple)
    assert calendars.nunique() == 1 and len(calendars) == documents["outlet"].nunique()
    weeks = pd.to_datetime(pd.Series(calendars.iloc[0]))
    assert (weeks.diff().dropna() == pd.Timedelta(days=7)).all() and weeks.iloc[0].day_of_week == 0
    assert (attention.loc[attention["dated"], "n_documents"] == 0).any()


@pytest.mark.parametrize(("period", "per_outlet"), [("day", 730), ("month", 24)])
def test_attention_cuts_the_periods_asked_for(two_years, period: str, per_outlet: int) -> None:
    attention = count_attention(two_years[0], period=period)
    assert set(attention["unit"]) == {period}
    assert (attention[attention["dated"]].groupby("outlet").size() == per_outlet).all()


def test_undated_documents_are_counted_apart_and_said_never_dropped(two_years) -> None:
    documents = two_years[0].copy()
    documents.loc[documents["outlet"] == "humor", "published"] = ""  # one outlet has no date at all
    undated = documents[documents["published"] == ""].groupby("outlet").size()
    attention = count_attention(documents)
    rows = attention[~attention["dated"]].set_index("outlet")["n_documents"]
    assert (
        rows.to_dict() == undated.to_dict() and (attention[~attention["dated"]]["period_start"] == "").all()
    )
    text = describe_timeline(attention)
    assert numbers(r"([\d,]+) documents without a publication date", text) == (int(undated.sum()),)
    assert "Outlets without a dated article: humor." in text
    fig = plot_attention(attention)
    shown = figure_texts(fig)
    assert (
        f"without a publication date: undated documents {int(undated.sum())} ({len(undated)} outlets)"
        in shown
    )
    assert "humor (0 articles; 9 undated, not drawn)" in shown and "no dated articles" in shown


def test_describe_timeline_states_the_numbers_of_the_table(two_years) -> None:
    attention = count_attention(two_years[0])
    text = describe_timeline(attention)
    per_week = attention[attention["dated"]].groupby("period_start")["n_documents"].sum()
    dated_outlets = attention[attention["dated"] & (attention["n_documents"] > 0)]["outlet"].nunique()
    assert numbers(r"([\d,]+) dated articles from (\d+) outlets", text) == (per_week.sum(), dated_outlets)
    assert numbers(r"\((\d+) weeks; weeks start on Monday\)", text) == (len(per_week),)
    assert numbers(r"(\d+) of the (\d+) weeks have no article", text) == (
        (per_week == 0).sum(),
        len(per_week),
    )
    top, n_top = per_week.max(), (per_week == per_week.max()).sum()
    if n_top == 1:
        assert numbers(r"The busiest week is [^(]*\((\d+) articles\)", text) == (top,)
    else:
        assert numbers(r"(\d+) weeks tie as the busiest with (\d+) articles each", text) == (n_top, top)
    assert "from the week of Monday 26 December 1960" in text  # 1 January 1961 was a Sunday


# --- frame shares -------------------------------------------------------------------------------


def test_frame_shares_carry_the_counts_behind_each_share(two_years) -> None:
    documents, hits = two_years
    shares = share_frames_over_time(documents, hits, LABELS, min_sentences=150)
    assert list(dict.fromkeys(shares["frame"])) == list(LABELS) and set(shares["min_sentences"]) == {150}
    with_sentences = shares[shares["n_total"] > 0]
    assert np.allclose(with_sentences["share"], with_sentences["n_sentences"] / with_sentences["n_total"])
    assert shares.loc[shares["n_total"] == 0, "share"].isna().all()
    assert (shares["small"] == (shares["n_total"] < 150)).all() and shares["small"].any()
    assert not shares.loc[shares["n_total"] >= 150, "small"].any()
    # every frame hit and every sentence is counted once, undated ones in their own row
    counted = shares.groupby(["outlet", "frame"])["n_sentences"].sum()
    assert counted[counted > 0].to_dict() == hits.groupby(["outlet", "frame"]).size().to_dict()
    one_frame = shares[shares["frame"] == "faith"]
    assert one_frame.groupby("outlet")["n_total"].sum().to_dict() == (
        documents.groupby("outlet")["n_sentences"].sum().to_dict()
    )


def test_tables_are_byte_identical_on_rerun_and_whatever_the_row_order(two_years, tmp_path: Path) -> None:
    documents, hits = two_years

    def write(docs: pd.DataFrame, frames: pd.DataFrame, folder: Path) -> dict[str, bytes]:
        made = {
            "attention": count_attention(docs),
            "frame_shares_over_time": share_frames_over_time(docs, frames, LABELS),
            "event_window": compare_event_window(docs, frames, LABELS, event="1962-01-01", days=30),
        }
        return {name: tables.write_table(name, table, folder).read_bytes() for name, table in made.items()}

    first = write(documents, hits, tmp_path / "a")
    assert first == write(documents, hits, tmp_path / "b")
    shuffled = write(
        documents.sample(frac=1, random_state=3), hits.sample(frac=1, random_state=4), tmp_path / "c"
    )
    assert first == shuffled


# --- the study's own case: one day ---------------------------------------------------------------


def test_two_articles_of_one_day_show_no_trend_and_draw_nothing_misleading() -> None:
    documents, hits = study_case()
    attention = count_attention(documents)
    assert attention[["outlet", "unit", "period_start", "n_documents"]].values.tolist() == [
        ["Apple Daily", "day", "2021-03-19", 1],
        ["Taipei Times", "day", "2021-03-19", 1],
    ]
    text = describe_timeline(attention)
    assert (
        "2 dated articles from 2 outlets" in text and "one day (19 March 2021); no trend can be shown" in text
    )
    fig = plot_attention(attention)
    shown = figure_texts(fig)
    assert "all dated articles are from one day" in shown and "no trend can be shown" in shown
    assert "Apple Daily" in shown and "Taipei Times" in shown
    assert not [line for ax in fig.axes for line in ax.get_lines() if len(line.get_xdata()) > 1]  # no line
    assert sum(len(c.patches) for ax in fig.axes for c in ax.containers) == 2  # a bar per outlet
    undated = pd.concat([documents, documents.iloc[[1]].assign(doc_id="004_u", published="")])
    shown = figure_texts(plot_attention(count_attention(undated)))
    assert "without a publication date: undated documents 1 (1 outlet)" in shown and "no trend" in shown
    shares_fig = plot_frame_shares_over_time(share_frames_over_time(documents, hits, LABELS))
    assert "no trend can be shown" in figure_texts(shares_fig)
    window = compare_event_window(documents, hits, LABELS, event=datetime.date(2021, 3, 18), days=7)
    assert not window["tested"].any() and set(window["comparison"]) == {"no sentences on a side"}
    assert window.drop_duplicates("outlet")["n_documents_after"].tolist() == [1, 1]
    said = describe_event_window(window)
    assert "before: 0 articles" in said and "after: 2 articles" in said and "No frame can be compared" in said
    assert "nothing to compare: 0 articles in the 7 days before 18 March 2021" in figure_texts(
        plot_event_window(window)
    )


# --- event window ------------------------------------------------------------------------------


def with_known_change(documents: pd.DataFrame, event: datetime.date) -> pd.DataFrame:
    """Sentence frames: ``rises`` on every 3rd sentence after ``event`` and every 30th before;
    ``steady`` on every 5th sentence throughout."""
    after = pd.to_datetime(documents["published"]) > pd.Timestamp(event)
    rows = []
    for doc_id, n, late in zip(documents["doc_id"], documents["n_sentences"], after, strict=True):
        rows += [(doc_id, k, "rises") for k in range(n) if k % (3 if late else 30) == 0]
        rows += [(doc_id, k, "steady") for k in range(n) if k % 5 == 1]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frame"])


def test_event_window_finds_a_frame_that_clearly_increases_and_not_a_steady_one(two_years) -> None:
    documents = two_years[0]
    event = datetime.date.fromisoformat(sorted(documents["published"])[len(documents) // 2])
    frames = {"rises": "Rises", "steady": "Steady"}
    window = compare_event_window(
        documents, with_known_change(documents, event), frames, event=event, days=60
    )
    compared = window[window["tested"] & (window["comparison"] != "too few to compare")]
    rises, steady = compared[compared["frame"] == "rises"], compared[compared["frame"] == "steady"]
    assert len(rises) >= 8 and (rises["comparison"] == "more after").all()
    assert (rises["difference"] > 0.25).all() and (rises["p_adjusted"] < 0.001).all()
    assert len(steady) >= 8 and (steady["comparison"] == "no clear difference").all()
    assert (steady["difference"].abs() < 0.05).all()
    # the p-values are Fisher's exact test, Benjamini-Hochberg adjusted over every tested row
    row = window[window["tested"]].iloc[0]
    table = [
        [row["n_sentences_after"], row["n_total_after"] - row["n_sentences_after"]],
        [row["n_sentences_before"], row["n_total_before"] - row["n_sentences_before"]],
    ]
    assert row["p_value"] == pytest.approx(stats.fisher_exact(table).pvalue)
    tested = window[window["tested"]]
    assert np.allclose(tested["p_adjusted"], stats.false_discovery_control(tested["p_value"], method="bh"))
    # the sides are the days asked for, the day of the event apart
    offsets = (pd.to_datetime(documents["published"]) - pd.Timestamp(event)).dt.days
    per_side = window.drop_duplicates("outlet")[
        ["n_documents_before", "n_documents_day", "n_documents_after"]
    ]
    assert per_side["n_documents_day"].sum() > 0 and per_side.sum().tolist() == [
        int(offsets.between(-60, -1).sum()),
        int((offsets == 0).sum()),
        int(offsets.between(1, 60).sum()),
    ]


def test_a_change_is_claimed_only_where_the_adjusted_p_value_allows_it(two_years) -> None:
    documents, hits = two_years
    window = compare_event_window(documents, hits, LABELS, event="1962-01-01", days=120)
    claimed = window["comparison"].isin(["more after", "less after"])
    assert (claimed == (window["p_adjusted"] < 0.05)).all()
    assert ((window["comparison"] == "more after") == (claimed & (window["difference"] > 0))).all()
    assert ((window["p_value"] < 0.05) & ~claimed).any()  # raw p alone would claim more
    assert (window.loc[window["comparison"] == "too few to compare", "min_p_value"] >= 0.05).all()


def test_describe_event_window_states_the_numbers_of_the_table(two_years) -> None:
    documents = two_years[0]
    event = datetime.date(1962, 1, 1)
    hits = with_known_change(documents, event)
    window = compare_event_window(
        documents, hits, {"rises": "Rises", "steady": "Steady"}, event=event, days=60
    )
    text = describe_event_window(window)
    said = window["comparison"]
    assert numbers(r"(\d+) of (\d+) outlet-frame differences could be tested", text) == (
        window["tested"].sum(),
        len(window),
    )
    assert numbers(r"(\d+) reach adjusted p < 0\.05", text) == (
        said.isin(["more after", "less after"]).sum(),
    )
    assert numbers(r"(\d+) are too few to compare", text) == ((said == "too few to compare").sum(),)
    before = window.drop_duplicates("outlet")["n_documents_before"].sum()
    assert numbers(r"before: (\d+) articles", text) == (before,)
    assert "Rises in news (+" in text


def test_tiny_counts_are_too_few_to_compare() -> None:
    documents = pd.DataFrame(
        {
            "doc_id": ["b1", "a1", "b2", "a2"],
            "outlet": ["North Post", "North Post", "South Star", "South Star"],
            "published": ["2020-05-01", "2020-05-04", "2020-05-02", "2020-05-05"],
            "n_word_tokens": [40, 40, 200, 200],
            "n_sentences": [3, 3, 12, 12],
        }
    )
    hits = pd.DataFrame(
        {"doc_id": ["a1", "a1"] + ["a2"] * 10, "sent_id": [0, 1, *range(10)], "frame": ["rain"] * 12}
    )
    window = compare_event_window(documents, hits, ["rain"], event="2020-05-03", days=3)
    north, south = window.iloc[0], window.iloc[1]
    assert north["comparison"] == "too few to compare" and north["min_p_value"] >= 0.05 and north["small"]
    assert south["comparison"] == "more after" and south["small"]  # 10 of 12 against 0 of 12: large enough
    text = describe_event_window(window)
    assert "1 are too few to compare" in text and "2 tested rows have a side with fewer than 30" in text
    fig = plot_event_window(window)
    shown = figure_texts(fig)
    assert "too few to compare" in shown and "fewer than 30 sentences on a side" in shown


def test_event_window_arguments_are_checked(two_years) -> None:
    documents, hits = two_years
    with pytest.raises(ResearchUtilsError, match="days=0"):
        compare_event_window(documents, hits, LABELS, event="1962-01-01", days=0)
    with pytest.raises(ResearchUtilsError, match="YYYY-MM-DD"):
        compare_event_window(documents, hits, LABELS, event="1 Jan 1962", days=7)
    with pytest.raises(ResearchUtilsError, match="none of the frames"):
        compare_event_window(documents, hits, ["economic"], event="1962-01-01", days=7)
    with pytest.raises(ResearchUtilsError, match="period='year'"):
        count_attention(documents, period="year")  # type: ignore[arg-type]
    bad = documents.assign(published=documents["published"].where(documents.index != 5, "1961-13-01"))
    name = documents["doc_id"].iloc[5]
    with pytest.raises(InputError, match=rf"document '{name}': published '1961-13-01' is not YYYY-MM-DD"):
        count_attention(bad)


# --- figures -----------------------------------------------------------------------------------


def test_every_outlet_appears_in_every_figure_and_small_periods_are_marked(brown) -> None:
    documents, hits = brown
    documents = dated(documents, 120)  # four months of days: few sentences per outlet-day
    outlets = sorted(documents["outlet"].unique())
    shares = share_frames_over_time(documents, hits, LABELS, period="day")
    event = compare_event_window(documents, hits, LABELS, event="1961-02-15", days=20)
    figures = {
        "attention": plot_attention(count_attention(documents, period="day")),
        "shares": plot_frame_shares_over_time(shares),
        "event": plot_event_window(event),
    }
    for name, fig in figures.items():
        shown = figure_texts(fig)
        assert all(outlet in shown for outlet in outlets), name
        width, height = fig.get_size_inches()
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT
    shown = figure_texts(figures["shares"])
    assert "hollow marker: fewer than 30 sentences in the period (uncertain share)" in shown
    hollow = [
        line
        for ax in figures["shares"].axes
        for line in ax.get_lines()
        if line.get_markerfacecolor() == "white" and len(line.get_xdata())
    ]
    assert hollow  # small periods are drawn hollow
    cells = shares[shares["n_total"] > 0].drop_duplicates(["outlet", "period_start"])
    assert f"hollow markers: {int(cells['small'].sum())} of the {len(cells)} outlet-days" in shown


def test_a_few_outlets_get_one_panel_per_frame_with_every_outlet_in_its_legend(brown) -> None:
    documents, hits = brown
    few = documents[documents["outlet"].isin(["news", "religion", "hobbies"])]
    shares = share_frames_over_time(dated(few, 400), hits[hits["doc_id"].isin(few["doc_id"])], LABELS)
    styles = outlet_styles(["religion", "news", "hobbies", "science_fiction"])  # the study's order
    fig = plot_frame_shares_over_time(shares, styles=styles)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:4] == ["religion", "news", "hobbies", "science_fiction"]
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == list(LABELS.values())
    colours = {line.get_color() for ax in fig.axes for line in ax.get_lines() if line.get_label() == "news"}
    assert colours == {styles["news"].colour}


def test_thirty_outlets_over_three_years_of_days_stay_readable(brown) -> None:
    documents, hits = brown
    halves = documents.groupby("outlet").cumcount() % 2
    documents = dated(documents.assign(outlet=documents["outlet"] + np.where(halves, " B", " A")), 1095)
    hits = hits.drop(columns="outlet")
    outlets = sorted(documents["outlet"].unique())
    assert len(outlets) == 30
    attention = count_attention(documents, period="day")
    published = pd.to_datetime(documents["published"])
    span = (published.max() - published.min()).days + 1
    assert span > 1000 and attention[attention["dated"]].groupby("outlet").size().eq(span).all()
    for fig in (
        plot_attention(attention),
        plot_frame_shares_over_time(share_frames_over_time(documents, hits, LABELS, period="day")),
    ):
        width, height = fig.get_size_inches()
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT
        shown = figure_texts(fig)
        assert all(outlet in shown for outlet in outlets)
        fig.draw_without_rendering()  # lay the panels out
        for ax in (ax for ax in fig.axes if ax.get_visible()):
            box = ax.get_position()
            assert box.width * width >= 2.0 and box.height * height >= 0.35  # inches: readable panels


def test_no_study_wording_in_the_outputs_for_another_corpus(two_years) -> None:
    documents, hits = two_years
    attention = count_attention(documents)
    shares = share_frames_over_time(documents, hits, LABELS)
    window = compare_event_window(documents, hits, LABELS, event="1962-01-01", days=30)
    texts = [describe_timeline(attention), describe_event_window(window)]
    texts += [figure_texts(plot_attention(attention)), figure_texts(plot_frame_shares_over_time(shares))]
    texts += [figure_texts(plot_event_window(window, label="a storm"))]
    joined = "\n".join(texts)
    for word in STUDY_WORDS:
        assert word not in joined, word
    assert "a storm" in joined


def test_no_figure_draws_a_line_through_a_gap(two_years) -> None:
    documents, hits = two_years
    shares = share_frames_over_time(documents, hits, LABELS, period="day")
    fig = plot_frame_shares_over_time(shares)
    lines = [
        line for ax in fig.axes for line in ax.get_lines() if line.get_linestyle() not in ("None", "none")
    ]
    gaps = [np.isnan(np.asarray(line.get_ydata(), dtype=float)).any() for line in lines]
    assert lines and all(gaps)  # empty days stay NaN: the line breaks there


def test_lines_have_the_outlet_colours(two_years) -> None:
    documents, _ = two_years
    styles = outlet_styles(sorted(documents["outlet"].unique()))
    fig = plot_attention(count_attention(documents), styles=styles)
    for ax in fig.axes:
        if ax.get_visible() and ax.patches:
            outlet = ax.get_title().split(" (")[0]
            assert ax.patches[0].get_facecolor()[:3] == pytest.approx(to_rgb(styles[outlet].colour))


# --- the study file's event key -----------------------------------------------------------------

MINIMAL = """title: Floods
corpus:
  path: raw
instruments:
  codebook: codebook.yaml
  actors: actors.csv
"""


def write_study(folder: Path, text: str) -> Path:
    path = folder / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            '{date: 2021-03-18, days: 3, label: "Storm makes landfall"}',
            Event(datetime.date(2021, 3, 18), 3, "Storm makes landfall"),
        ),
        ('{date: "2021-03-18"}', Event(datetime.date(2021, 3, 18), 7, "")),
    ],
)
def test_the_study_file_names_an_event(tmp_path: Path, event: str, expected: Event) -> None:
    study = read_study(write_study(tmp_path, MINIMAL + f"event: {event}\n"))
    assert study.event == expected
    assert read_study(write_study(tmp_path, MINIMAL)).event is None


@pytest.mark.parametrize(
    ("event", "message", "fix"),
    [
        ("{days: 7}", "event.date is None, not a date YYYY-MM-DD", "date: 2021-03-18"),
        ('{date: "2021-02-30"}', "event.date is '2021-02-30', not a date", "date: 2021-03-18"),
        pytest.param(
            "{date: 2021-02-30}",
            "event.date",
            "date: 2021-03-18",
            marks=pytest.mark.xfail(
                raises=ValueError,
                strict=True,
                reason="PyYAML's timestamp constructor raises ValueError on an impossible unquoted date "
                "inside files.read_user_yaml, before the event key is read (reported; not this issue's file)",
            ),
        ),
        ("{date: 18/03/2021}", "event.date is '18/03/2021', not a date", "date: 2021-03-18"),
        ("{date: 2021-03-18 10:00:00}", "not a date YYYY-MM-DD", "date: 2021-03-18"),
        ("{date: 2021-03-18, days: 0}", "event.days is 0, not a whole number of 1 or more", "days: 7"),
        ("{date: 2021-03-18, days: -3}", "event.days is -3", "days: 7"),
        ("{date: 2021-03-18, days: 2.5}", "event.days is 2.5", "days: 7"),
        ("{date: 2021-03-18, days: seven}", "event.days is 'seven'", "days: 7"),
        ("{date: 2021-03-18, days: true}", "event.days is True", "days: 7"),
        ("{date: 2021-03-18, dayz: 7}", "event.dayz is not a key of this section", "use one of: date, days"),
        ("2021-03-18", "event is not a mapping", "event: {date: 2021-03-18"),
    ],
)
def test_a_bad_event_is_refused_naming_the_key_and_the_fix(
    tmp_path: Path, event: str, message: str, fix: str
) -> None:
    with pytest.raises(InputError, match=r"study\.yaml") as caught:
        read_study(write_study(tmp_path, MINIMAL + f"event: {event}\n"))
    text = str(caught.value)
    assert message in text, text
    assert "fix:" in text and fix in text.split("fix:")[1], text
