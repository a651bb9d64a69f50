"""Tables of frames: the dictionary coding, the coding the findings use, shares, validation."""

from __future__ import annotations

from .column import Column, Table

#: The counts, scores, 95 % intervals and note of a validation row (frame_validation,
#: frame_validation_by_outlet, classifier_validation).
SCORE_COLUMNS: tuple[Column, ...] = (
    Column("n", "int64", "sentences compared (all sentences of the documents the reference coding covers)"),
    Column("support", "int64", "sentences the reference (manual) coding gives the frame"),
    Column("predicted", "int64", "sentences the automated coding gives the frame"),
    Column("tp", "int64", "sentences both give the frame"),
    Column("fp", "int64", "sentences only the automated coding gives the frame (false positives)"),
    Column("fn", "int64", "sentences only the reference coding gives the frame (false negatives)"),
    Column("tn", "int64", "sentences neither gives the frame"),
    Column(
        "precision", "float64", "tp / (tp + fp), 4 decimals; empty if the automated coding never codes it"
    ),
    Column(
        "precision_low", "float64", "lower end of precision's 95 % Wilson score interval (scipy binomtest)"
    ),
    Column("precision_high", "float64", "upper end of precision's 95 % Wilson score interval"),
    Column("recall", "float64", "tp / (tp + fn), 4 decimals; empty when the reference never codes it"),
    Column("recall_low", "float64", "lower end of recall's 95 % Wilson score interval"),
    Column("recall_high", "float64", "upper end of recall's 95 % Wilson score interval"),
    Column("f1", "float64", "harmonic mean of precision and recall, 2tp / (2tp + fp + fn), 4 decimals"),
    Column(
        "f1_low",
        "float64",
        "lower end of F1's 95 % percentile bootstrap interval (1,000 resamples of the sentences, seed 0)",
    ),
    Column("f1_high", "float64", "upper end of F1's 95 % percentile bootstrap interval"),
    Column("note", "string", "why a score is missing or its interval wide (too few reference sentences)"),
)

TABLES: dict[str, Table] = {
    "frames": Table(
        (
            "One row per sentence and frame the dictionary gives it (sentences without a frame "
            "have none). Rows by `doc_id`, `sent_id`, codebook order."
        ),
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence number, 0-based within the document (the coding unit)"),
            Column(
                "frame", "string", "frame id from the codebook; a sentence has one row per frame it carries"
            ),
            Column("n_matches", "int64", "indicator matches of this frame in the sentence"),
            Column(
                "indicators", "string", "codebook entries that matched, distinct, in text order, ';'-joined"
            ),
            Column(
                "matched_text", "string", "every match as written in the sentence, in text order, ';'-joined"
            ),
        ),
    ),
    "sentence_frames": Table(
        (
            "One row per sentence and frame in the coding the study's findings use (study file: "
            "findings: frame_coding). Rows by `doc_id`, `sent_id`, frame."
        ),
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("frame", "string", "frame id the sentence carries in the coding the findings use"),
            Column(
                "source",
                "string",
                "reference (the manual coding, where it covers the document) or dictionary",
            ),
        ),
    ),
    "frame_shares": Table(
        "One row per outlet and codebook frame, zeros included. Rows by outlet, codebook order.",
        (
            Column("outlet", "string", "news outlet"),
            Column("frame", "string", "frame id (every codebook frame is listed, zeros included)"),
            Column("label", "string", "the frame's label in the codebook"),
            Column("n_sentences", "int64", "the outlet's sentences carrying the frame"),
            Column("n_total", "int64", "all sentences of the outlet"),
            Column("share", "float64", "n_sentences / n_total, 4 decimals"),
            Column(
                "coding",
                "string",
                (
                    "the coding the counts come from: reference (manual), dictionary, or both "
                    "with the documents each covers"
                ),
            ),
        ),
    ),
    "validation_coverage": Table(
        (
            "One row per outlet, then all: how much of the corpus the reference coding covers, so "
            "a validation says what it rests on. Rows by outlet."
        ),
        (
            Column("outlet", "string", "news outlet; the last row, 'all', pools the outlets"),
            Column("n_documents", "int64", "the outlet's documents"),
            Column("n_sentences", "int64", "the outlet's sentences"),
            Column("n_coded", "int64", "sentences the reference (manual) coding covers"),
            Column("share_coded", "float64", "n_coded / n_sentences"),
        ),
    ),
    "frame_validation": Table(
        (
            "One row per frame, then the pooled row: the dictionary against the reference coding, "
            "with 95 % intervals. Codebook order."
        ),
        (
            Column("frame", "string", "frame id; the last row, 'all (micro)', pools every frame's counts"),
            *SCORE_COLUMNS,
        ),
    ),
    "frame_validation_by_outlet": Table(
        (
            "One row per outlet and frame: frame_validation's scores and intervals within each "
            "outlet (every outlet, sorted), then 'all' (the outlets pooled). Codebook order within "
            "an outlet."
        ),
        (
            Column("outlet", "string", "news outlet; 'all' pools the outlets"),
            Column("frame", "string", "frame id from the codebook"),
            *SCORE_COLUMNS,
        ),
    ),
    "frame_agreement": Table(
        (
            "One row per frame: Krippendorff's alpha between the reference coding and the "
            "dictionary. Codebook order."
        ),
        (
            Column("frame", "string", "frame id from the codebook"),
            Column(
                "n_units", "int64", "sentences both codings code (the reference coding and the dictionary)"
            ),
            Column("n_a", "int64", "sentences the reference coding gives the frame"),
            Column("n_b", "int64", "sentences the dictionary gives the frame"),
            Column("agreement", "float64", "share of the jointly coded sentences on which both agree"),
            Column(
                "alpha",
                "float64",
                "Krippendorff's alpha, nominal (krippendorff package); empty when undefined (one value only)",
            ),
        ),
    ),
}
