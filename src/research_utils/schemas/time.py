"""Tables of coverage over time: attention per period, frame shares per period, an event window."""

from __future__ import annotations

from .column import Column, Table

_PERIOD = (
    Column("outlet", "string", "news outlet"),
    Column(
        "unit",
        "string",
        (
            "day, week (Monday to Sunday, ISO) or month; auto: day for corpora spanning at most 60 "
            "days, week up to 730 days, month beyond"
        ),
    ),
    Column("period_start", "string", "first day of the period, ISO YYYY-MM-DD; empty for undated documents"),
    Column("period_end", "string", "last day of the period, ISO YYYY-MM-DD; empty for undated documents"),
    Column(
        "dated",
        "bool",
        "false for the row counting the outlet's documents without a publication date (never left out)",
    ),
)


def _sides(column: str, meaning: str) -> tuple[Column, ...]:
    """``column`` before the event, on its day and after it."""
    return (
        Column(f"{column}_before", "int64", f"{meaning} in the days before the event"),
        Column(f"{column}_day", "int64", f"{meaning} on the day of the event (compared with neither side)"),
        Column(f"{column}_after", "int64", f"{meaning} in the days after the event"),
    )


TABLES: dict[str, Table] = {
    "attention": Table(
        (
            "One row per outlet and period from the corpus's first period to its last, periods "
            "without an article included as zeros, then one row per outlet with undated documents. "
            "Rows by outlet, period_start."
        ),
        (
            *_PERIOD,
            Column("n_documents", "int64", "the outlet's documents published in the period"),
            Column("n_words", "int64", "their word tokens (documents' n_word_tokens)"),
        ),
    ),
    "frame_shares_over_time": Table(
        (
            "One row per outlet, period (as in attention, undated documents last) and codebook "
            "frame, zeros included. Rows by outlet, period_start, codebook order."
        ),
        (
            *_PERIOD,
            Column("frame", "string", "frame id from the codebook"),
            Column("label", "string", "the frame's label in the codebook (the id when none is given)"),
            Column("n_sentences", "int64", "the outlet's sentences in the period carrying the frame"),
            Column("n_total", "int64", "all the outlet's sentences in the period (documents' n_sentences)"),
            Column("share", "float64", "n_sentences / n_total, 4 decimals; empty when n_total is 0"),
            Column(
                "small",
                "bool",
                (
                    "n_total is below min_sentences (default 30): the share is uncertain, its 95% "
                    "interval can be wider than +/- 18 points; figures draw it with a hollow marker"
                ),
            ),
            Column("min_sentences", "int64", "the sentences below which a share is small (default 30)"),
        ),
    ),
    "event_window": Table(
        (
            "One row per outlet and codebook frame: coverage in the days before and after the study "
            "file's event (event: date, days), the day itself apart, and the change in the frame's "
            "share tested with Fisher's exact test. Rows by outlet, codebook order."
        ),
        (
            Column("outlet", "string", "news outlet"),
            Column("frame", "string", "frame id from the codebook"),
            Column("label", "string", "the frame's label in the codebook (the id when none is given)"),
            Column("event_date", "string", "the day of the event, ISO YYYY-MM-DD"),
            Column(
                "days",
                "int64",
                "days compared on each side: before is date-days to date-1, after date+1 to date+days",
            ),
            *_sides("n_documents", "the outlet's documents"),
            *_sides("n_words", "the outlet's word tokens"),
            *_sides("n_total", "the outlet's sentences"),
            *_sides("n_sentences", "the outlet's sentences carrying the frame"),
            Column(
                "share_before",
                "float64",
                "n_sentences_before / n_total_before; empty when n_total_before is 0",
            ),
            Column(
                "share_after", "float64", "n_sentences_after / n_total_after; empty when n_total_after is 0"
            ),
            Column(
                "difference",
                "float64",
                "share_after - share_before (positive: more of the frame after the event)",
            ),
            Column(
                "tested",
                "bool",
                (
                    "both sides have sentences and the frame occurs on at least one side, so the "
                    "difference is tested"
                ),
            ),
            Column(
                "p_value",
                "float64",
                (
                    "two-sided Fisher's exact test of the 2x2 table (frame or not, before or after), "
                    "sentences counted as independent; empty when not tested; six significant digits"
                ),
                significant=True,
            ),
            Column(
                "p_adjusted",
                "float64",
                (
                    "Benjamini-Hochberg adjusted p-value over every tested row of the table, all "
                    "outlets together; empty when not tested; six significant digits"
                ),
                significant=True,
            ),
            Column(
                "min_p_value",
                "float64",
                (
                    "smallest p-value these counts could give (the frame's sentences as lopsided as the "
                    "sides allow); above .05 no difference could be significant; empty when not tested"
                ),
                significant=True,
            ),
            Column(
                "small",
                "bool",
                "a side has fewer than min_sentences sentences: only large differences can be detected",
            ),
            Column(
                "comparison",
                "string",
                (
                    "what the counts allow: 'more after' or 'less after' (p_adjusted below alpha), 'no "
                    "clear difference', 'too few to compare' (min_p_value at or above alpha: no split "
                    "of these counts could be significant), 'frame on neither side', 'no sentences on "
                    "a side'"
                ),
            ),
            Column("alpha", "float64", "the significance level of comparison (default 0.05)"),
            Column("min_sentences", "int64", "the sentences a side needs not to be small (default 30)"),
        ),
    ),
}
