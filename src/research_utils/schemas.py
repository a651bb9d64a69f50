"""The tables the pipeline writes: their columns, types and meaning, in one place.

Writers order columns and round floats from these declarations (:mod:`research_utils.tables`),
readers restore the types, and the README's data dictionary is generated from them
(``research-utils docs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dtype = Literal["string", "int64", "float64", "bool"]
Stage = Literal["prepare", "analyse"]


@dataclass(frozen=True)
class Column:
    """One column of a table: name, pandas dtype, meaning; ``significant`` floats (p-values)
    are rounded to significant digits rather than decimals."""

    name: str
    dtype: Dtype
    description: str
    significant: bool = False


_METADATA = (
    Column("doc_id", "string", "document identifier, from metadata.csv"),
    Column(
        "file", "string", "article file name in the raw folder; NAME:LINE of its row in a one-file corpus"
    ),
    Column("outlet", "string", "news outlet"),
    Column("country", "string", "outlet's country or territory"),
    Column("published", "string", "publication date, ISO YYYY-MM-DD"),
    Column("section", "string", "section of the outlet"),
    Column("url", "string", "original address"),
    Column("language", "string", "ISO 639-1 language code (only en is supported)"),
    Column("notes", "string", "free-text provenance notes"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "documents": (
        *_METADATA,
        Column("n_sentences", "int64", "sentences in the document"),
        Column("n_tokens", "int64", "tokens, punctuation included"),
        Column("n_word_tokens", "int64", "tokens that are not punctuation or symbols (is_punct false)"),
    ),
    "sentences": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("text", "string", "the sentence, text[start:end]"),
    ),
    "tokens": (
        Column("doc_id", "string", "document identifier"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("token_id", "int64", "token number, 0-based within the document"),
        Column("token", "string", "surface form, exactly text[start:end] (typographic quotes kept)"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column("lower", "string", "token lower-cased"),
        Column(
            "lemma", "string", "WordNet lemma of lower for the tag's word class (lower itself for other tags)"
        ),
        Column("pos", "string", "Penn Treebank tag from nltk.pos_tag on the sentence's tokens"),
        Column("upos", "string", "universal tag (NLTK's en-ptb to universal map)"),
        Column("is_stop", "bool", "lower is in NLTK's English stop-word list"),
        Column("is_punct", "bool", "every character is Unicode punctuation or a symbol"),
        Column("is_alpha", "bool", "every character is a letter (str.isalpha)"),
    ),
    "glosses": (
        Column("doc_id", "string", "document identifier"),
        Column("english", "string", "English name the Chinese gloss followed (empty if none)"),
        Column("chinese", "string", "the Chinese name that was in parentheses"),
        Column("start", "int64", "offset of the English name in the document's cleaned text"),
        Column("end", "int64", "offset one past the English name (where the gloss was removed)"),
    ),
    "term_frequencies": (
        Column("outlet", "string", "news outlet"),
        Column("term", "string", "term: lower form or lemma, or the terms-map term a phrase was joined into"),
        Column("freq", "int64", "occurrences of the term in the outlet's documents"),
        Column("per_1k", "float64", "freq per 1,000 word tokens (non-punctuation tokens) of the outlet"),
        Column("doc_freq", "int64", "the outlet's documents that contain the term"),
        Column("rank", "int64", "1 = most frequent term of the outlet; ties share the best rank"),
    ),
    "keyness": (
        Column("outlet", "string", "target outlet (the reference is all other outlets pooled)"),
        Column("term", "string", "term, as in term_frequencies"),
        Column("freq_target", "int64", "occurrences in the target outlet"),
        Column("freq_reference", "int64", "occurrences in all other outlets"),
        Column("size_target", "int64", "word tokens of the target outlet"),
        Column("size_reference", "int64", "word tokens of all other outlets"),
        Column(
            "g2",
            "float64",
            "log-likelihood G2 of the 2x2 table (Dunning 1993), positive when relatively more frequent "
            "in the target, negative when less",
        ),
        Column(
            "p_value",
            "float64",
            "chance of a G2 at least this large (absolute value) under chi-squared with 1 df; "
            "3.84 gives p = .05; six significant digits",
            significant=True,
        ),
        Column(
            "log_ratio",
            "float64",
            "binary log of the ratio of relative frequencies, target over reference (Hardie 2014); "
            "a zero frequency counts as 0.5 without reversing the direction; +1 = twice as frequent",
        ),
        Column(
            "log_odds_z",
            "float64",
            "z-score of the log-odds ratio with an informative Dirichlet prior from the pooled corpus "
            "(Monroe, Colaresi & Quinn 2008)",
        ),
    ),
    "frames": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document (the coding unit)"),
        Column("frame", "string", "frame id from the codebook; a sentence has one row per frame it carries"),
        Column("n_matches", "int64", "indicator matches of this frame in the sentence"),
        Column("indicators", "string", "codebook entries that matched, distinct, in text order, ';'-joined"),
        Column("matched_text", "string", "every match as written in the sentence, in text order, ';'-joined"),
    ),
    "frame_shares": (
        Column("outlet", "string", "news outlet"),
        Column("frame", "string", "frame id (every codebook frame is listed, zeros included)"),
        Column("label", "string", "the frame's label in the codebook"),
        Column("n_sentences", "int64", "the outlet's sentences carrying the frame"),
        Column("n_total", "int64", "all sentences of the outlet"),
        Column("share", "float64", "n_sentences / n_total, 4 decimals"),
    ),
    "frame_validation": (
        Column("frame", "string", "frame id; the last row, 'all (micro)', pools every frame's counts"),
        Column("support", "int64", "sentences the manual (gold) coding gives the frame"),
        Column("predicted", "int64", "sentences the dictionary gives the frame"),
        Column("tp", "int64", "sentences both give the frame"),
        Column("fp", "int64", "sentences only the dictionary gives the frame (false positives)"),
        Column("fn", "int64", "sentences only the gold coding gives the frame (false negatives)"),
        Column("tn", "int64", "sentences neither gives the frame"),
        Column("precision", "float64", "tp / (tp + fp), 4 decimals; empty if the dictionary never codes it"),
        Column("recall", "float64", "tp / (tp + fn), 4 decimals; empty when the gold never codes it"),
        Column("f1", "float64", "harmonic mean of precision and recall, 2tp / (2tp + fp + fn), 4 decimals"),
    ),
    "frame_agreement": (
        Column("frame", "string", "frame id from the codebook"),
        Column("n_units", "int64", "sentences both codings code (the reference coding and the dictionary)"),
        Column("n_a", "int64", "sentences the reference coding gives the frame"),
        Column("n_b", "int64", "sentences the dictionary gives the frame"),
        Column("agreement", "float64", "share of the jointly coded sentences on which both agree"),
        Column(
            "alpha",
            "float64",
            "Krippendorff's alpha, nominal (krippendorff package); empty when undefined (one value only)",
        ),
    ),
    "actor_mentions": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("actor", "string", "canonical actor name from the actor table"),
        Column("type", "string", "government body, company, app/platform, person, expert or media"),
        Column("surface", "string", "the words in the text, exactly text[start:end]"),
        Column("start", "int64", "offset of the first character in the document's cleaned text"),
        Column("end", "int64", "offset one past the last character"),
        Column(
            "rule",
            "string",
            "how the mention was resolved: name, gloss (via the Chinese name), after_first_name "
            "(a definite description after the actor was named) or same_sentence (a bare plural "
            "in a sentence that already mentions the actor)",
        ),
    ),
    "quotes": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence where the quote (or the paraphrase's reporting verb) is"),
        Column("start", "int64", "offset of the quote or paraphrased content in the document's cleaned text"),
        Column("end", "int64", "offset one past its last character"),
        Column(
            "kind",
            "string",
            "direct (quoted, at least the minimum words), paraphrase (reported speech without quotation "
            "marks) or scare (a shorter quoted term; never attributed)",
        ),
        Column("speaker", "string", "actor the words are attributed to, else the speaker phrase, else empty"),
        Column("speaker_type", "string", "the actor's type; empty when the speaker is not a known actor"),
        Column("speaker_surface", "string", "the speaker as written (e.g. 'it', 'the agency')"),
        Column("verb", "string", "lemma of the reporting verb (say, warn, add ...); empty if unattributed"),
        Column("stance", "string", "neutral or evaluative (reporting-verb lexicon); empty if no verb"),
        Column("quote", "string", "the quoted words, or the paraphrased content, exactly text[start:end]"),
        Column("n_words", "int64", "word tokens (non-punctuation) in the quote or content"),
    ),
    "tone": (
        Column("doc_id", "string", "document identifier"),
        Column("outlet", "string", "news outlet"),
        Column("sent_id", "int64", "sentence number, 0-based within the document"),
        Column("neg", "float64", "VADER: share of the sentence's valence that is negative, 4 decimals"),
        Column("neu", "float64", "VADER: share that is neutral, 4 decimals"),
        Column("pos", "float64", "VADER: share that is positive, 4 decimals"),
        Column("compound", "float64", "VADER compound score in [-1, 1], 4 decimals"),
        Column("tone", "string", "negative (compound <= -0.05), positive (>= 0.05) or neutral"),
    ),
}

#: What each table holds: one row per what, and its row order.
DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per document: its metadata and sizes. Rows by `doc_id`.",
    "sentences": "One row per sentence (Punkt). Rows by `doc_id`, `sent_id`.",
    "tokens": "One row per token, with its tags and flags. Rows by `doc_id`, `token_id`.",
    "glosses": "One row per Chinese gloss moved out of the text. Rows by `doc_id`, position.",
    "term_frequencies": "One row per outlet and term. Rows by outlet, rank, term.",
    "keyness": "One row per outlet (target) and term of the whole vocabulary. Rows by outlet, `g2` "
    "descending, term.",
    "frames": "One row per sentence and frame the dictionary gives it (sentences without a frame have "
    "none). Rows by `doc_id`, `sent_id`, codebook order.",
    "frame_shares": "One row per outlet and codebook frame, zeros included. Rows by outlet, codebook order.",
    "frame_validation": "One row per frame, then the pooled row: the dictionary against the reference "
    "coding. Codebook order.",
    "frame_agreement": "One row per frame: Krippendorff's alpha between the reference coding and the "
    "dictionary. Codebook order.",
    "actor_mentions": "One row per resolved actor mention. Rows by `doc_id`, position.",
    "quotes": "One row per direct quote, paraphrase or scare quote. Rows by `doc_id`, position.",
    "tone": "One row per sentence: VADER's scores. Rows by `doc_id`, `sent_id`.",
}

#: The metadata columns of a corpus, in order (the first columns of ``documents``).
METADATA_COLUMNS: tuple[str, ...] = tuple(c.name for c in _METADATA)

#: The stage (and so the command and folder) that writes each table.
STAGES: dict[str, Stage] = {
    name: "prepare" if name in ("documents", "sentences", "tokens", "glosses") else "analyse"
    for name in SCHEMAS
}
