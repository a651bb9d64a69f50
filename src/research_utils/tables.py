"""The processed tables: their columns, types and meaning, in one place.

Every table the pipeline writes is declared here; writers order columns from these
declarations, readers restore the types, and a test checks that the README's data
dictionary documents every column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .io import read_csv, write_csv


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    dtype: str
    description: str


_METADATA = (
    Column("doc_id", "string", "document identifier, from metadata.csv"),
    Column("file", "string", "article file name in the raw folder"),
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
        Column("p_value", "float64", "P(chi-squared with 1 df >= |g2|): 3.84 gives p = .05"),
        Column(
            "log_ratio",
            "float64",
            "binary log of the ratio of relative frequencies, target over reference (Hardie 2014); "
            "a zero frequency counts as 0.5; +1 = twice as frequent",
        ),
        Column(
            "log_odds_z",
            "float64",
            "z-score of the log-odds ratio with an informative Dirichlet prior from the pooled corpus "
            "(Monroe, Colaresi & Quinn 2008)",
        ),
    ),
    # --- framing, actors, quotes, tone (notebook 03) ---
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

SENTENCE_COLUMNS = tuple(c.name for c in SCHEMAS["sentences"])
TOKEN_COLUMNS = tuple(c.name for c in SCHEMAS["tokens"])


def columns(table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [c.name for c in SCHEMAS[table]]


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns."""
    return {c.name: c.dtype for c in SCHEMAS[table]}


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row DataFrame with ``table``'s columns and types."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in SCHEMAS[table]})


def as_table(table: str, data: Mapping[str, list] | pd.DataFrame) -> pd.DataFrame:
    """``data`` as ``table``: declared columns, in order, with declared types."""
    if isinstance(data, pd.DataFrame):
        return data[columns(table)].astype(dtypes(table)).reset_index(drop=True)
    types = dtypes(table)
    return pd.DataFrame({c: pd.array(data[c], dtype=types[c]) for c in columns(table)})


def path_of(table: str, out_dir: str | Path) -> Path:
    """Where ``table`` lives in a processed folder."""
    return Path(out_dir) / f"{table}.csv"


def write_table(table: str, df: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write ``df`` as ``table`` into ``out_dir`` (atomic, deterministic)."""
    return write_csv(as_table(table, df), path_of(table, out_dir))


def read_table(table: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table with its declared column types.

    A missing file raises ``FileNotFoundError`` naming the command that makes it.
    """
    path = path_of(table, out_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run `research-utils prepare` first")
    return as_table(table, read_csv(path, dtype=dtypes(table)))
