"""Tables of human coding: coder agreement per frame, the disagreements, the decisions to make."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "reliability": Table(
        (
            "One row per codebook frame: how far the coders of the returned coding sheets agree on "
            "the units two or more of them coded (Krippendorff 2004, ch. 11). Rows in codebook order."
        ),
        (
            Column("frame", "string", "frame id from the codebook"),
            Column("label", "string", "the frame's label in the codebook"),
            Column("n_units", "int64", "units (sentences) coded by two or more coders: the ones α rests on"),
            Column("n_coders", "int64", "coders who coded at least one of those units"),
            Column("coders", "string", "those coders' names (their returned sheets' file names), ';'-joined"),
            Column("prevalence", "float64", "share of the coders' codes on those units that are 1"),
            Column("agreement", "float64", "share of those units on which every coder gave the same code"),
            Column(
                "alpha", "float64", "Krippendorff's α, nominal (the krippendorff package); empty if undefined"
            ),
            Column(
                "alpha_low",
                "float64",
                "2.5th percentile of α over bootstrap resamples of the units (seeded); empty if undefined",
            ),
            Column("alpha_high", "float64", "97.5th percentile of the same resamples"),
            Column("n_draws", "int64", "bootstrap resamples in which α was defined (the codes varied)"),
            Column(
                "verdict",
                "string",
                "below 0.667: no conclusions / 0.667–0.8: tentative conclusions only / ≥ 0.8: reliable "
                "(Krippendorff 2004), or undefined",
            ),
            Column("note", "string", "why α is undefined or the interval rests on few units; else empty"),
        ),
    ),
    "disagreements": Table(
        (
            "One row per unit and frame on which the coders of a unit gave different codes. Rows by "
            "`doc_id`, `sent_id`, codebook order."
        ),
        (
            Column("unit_id", "string", "the coding unit: doc_id:sent_id"),
            Column("doc_id", "string", "document identifier"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("frame", "string", "frame id from the codebook"),
            Column("codes", "string", "each coder's code, 'coder=code' ';'-joined, coders sorted"),
            Column("sentence", "string", "the sentence as the coders saw it"),
        ),
    ),
    "decisions": Table(
        (
            "One row per unit and frame whose coders are tied (as many 1s as 0s): the user writes 0 or 1 "
            "in `decision`, then `research-utils adjudicate` again. Rows by `unit_id` order, codebook order."
        ),
        (
            Column("unit_id", "string", "the coding unit: doc_id:sent_id"),
            Column("frame", "string", "frame id from the codebook"),
            Column("codes", "string", "each coder's code, 'coder=code' ';'-joined, coders sorted"),
            Column("sentence", "string", "the sentence as the coders saw it"),
            Column("decision", "string", "blank when written: the user writes 1 (the frame is there) or 0"),
        ),
    ),
}
