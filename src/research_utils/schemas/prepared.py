"""Tables of the prepare stage: the corpus as documents, sentences and tokens."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "documents": Table(
        "One row per document: its metadata and sizes. Rows by `doc_id`.",
        (
            Column("doc_id", "string", "document identifier, from metadata.csv"),
            Column(
                "file",
                "string",
                "article file name in the raw folder; NAME:LINE of its row in a one-file corpus",
            ),
            Column("outlet", "string", "news outlet"),
            Column("country", "string", "outlet's country or territory"),
            Column("published", "string", "publication date, ISO YYYY-MM-DD"),
            Column("section", "string", "section of the outlet"),
            Column("url", "string", "original address"),
            Column("language", "string", "ISO 639-1 language code (only en is supported)"),
            Column("notes", "string", "free-text provenance notes"),
            Column("n_sentences", "int64", "sentences in the document"),
            Column("n_tokens", "int64", "tokens, punctuation included"),
            Column("n_word_tokens", "int64", "tokens that are not punctuation or symbols (is_punct false)"),
        ),
    ),
    "sentences": Table(
        "One row per sentence (Punkt). Rows by `doc_id`, `sent_id`.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("start", "int64", "offset of the first character in the document's cleaned text"),
            Column("end", "int64", "offset one past the last character"),
            Column("text", "string", "the sentence, text[start:end]"),
        ),
    ),
    "tokens": Table(
        "One row per token, with its tags and flags. Rows by `doc_id`, `token_id`.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("token_id", "int64", "token number, 0-based within the document"),
            Column("token", "string", "surface form, exactly text[start:end] (typographic quotes kept)"),
            Column("start", "int64", "offset of the first character in the document's cleaned text"),
            Column("end", "int64", "offset one past the last character"),
            Column("lower", "string", "token lower-cased"),
            Column(
                "lemma",
                "string",
                "WordNet lemma of lower for the tag's word class (lower itself for other tags)",
            ),
            Column("pos", "string", "Penn Treebank tag from nltk.pos_tag on the sentence's tokens"),
            Column("upos", "string", "universal tag (NLTK's en-ptb to universal map)"),
            Column("is_stop", "bool", "lower is in NLTK's English stop-word list"),
            Column("is_punct", "bool", "every character is Unicode punctuation or a symbol"),
            Column("is_alpha", "bool", "every character is a letter (str.isalpha)"),
        ),
    ),
    "glosses": Table(
        "One row per Chinese gloss moved out of the text. Rows by `doc_id`, position.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("english", "string", "English name the Chinese gloss followed (empty if none)"),
            Column("chinese", "string", "the Chinese name that was in parentheses"),
            Column("start", "int64", "offset of the English name in the document's cleaned text"),
            Column("end", "int64", "offset one past the English name (where the gloss was removed)"),
        ),
    ),
    "filtered_lines": Table(
        (
            "One row per line (or line start) a line filter removed before tokenising: web noise "
            "such as bylines, teasers, datelines. Rows by `doc_id`, `line`."
        ),
        (
            Column("doc_id", "string", "document identifier"),
            Column("line", "int64", "line of the article as received (1 = first) the text came from"),
            Column("filter", "string", "the line filter that removed it (study file: corpus: line_filters)"),
            Column("text", "string", "what was removed: a whole line, or the start of one (a dateline)"),
        ),
    ),
    "duplicates": Table(
        (
            "One row per document that is a near-duplicate of another (wire copies: Jaccard of "
            "word 5-shingles ≥ 0.8, MinHash/LSH then exact): documents in groups of two or more. "
            "Rows by `group`, `published`, documents order."
        ),
        (
            Column("group", "int64", "near-duplicate group, 1-based, numbered by earliest member"),
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("published", "string", "publication date, ISO YYYY-MM-DD"),
            Column("n_words", "int64", "word tokens (punctuation dropped) the shingles were made of"),
            Column(
                "similarity",
                "float64",
                "the document's highest exact Jaccard similarity of shingle sets to another member",
            ),
            Column(
                "earliest",
                "bool",
                "the group's earliest-published member (ties: the one first in the documents table)",
            ),
            Column("earliest_doc_id", "string", "the group's earliest member, taken as the source"),
            Column("kept", "bool", "the member counted when each group counts once (the earliest)"),
        ),
    ),
}
