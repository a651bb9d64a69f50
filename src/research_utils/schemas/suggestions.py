"""Tables of `research-utils suggest`: instruments proposed from the data, for review."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "actor_suggestions": Table(
        (
            "One row per alias group of proper names (research-utils suggest actors), for the "
            "user to review and adopt. Rows by n_mentions (most first), ties by first appearance."
        ),
        (
            Column("keep", "string", "empty; write yes (or 1, x) to adopt the row into the actor table"),
            Column("actor", "string", "canonical name: the group's most frequent full name (edit freely)"),
            Column("type", "string", "guessed actor type (empty: no evidence or no such type; fill it in)"),
            Column(
                "aliases", "string", "names of the group as written, '; '-joined; adopted with resolve=name"
            ),
            Column(
                "aliases_after_name",
                "string",
                (
                    "surnames or first names standing for the full name in the same document ('; "
                    "'-joined); adopted with resolve=after_first_name"
                ),
            ),
            Column("group", "string", "empty; the actor table's group, if any"),
            Column("note", "string", "empty; a note copied to the actor table"),
            Column("evidence", "string", "what the type guess rests on (organisation word, title, pronoun)"),
            Column("n_mentions", "int64", "mentions of the group's names in the corpus"),
            Column("n_documents", "int64", "documents that mention it"),
            Column("outlets", "string", "mentions per outlet, 'Outlet: n; ...', outlets sorted"),
            Column("known", "string", "actors of the actor table whose aliases match a mention; empty: new"),
            Column("example", "string", "the sentence of the first mention (up to 200 characters)"),
        ),
    ),
    "term_suggestions": Table(
        (
            "One row per multi-word term (research-utils suggest terms), for the user to review "
            "and adopt. Rows by freq (most first), then score, then first appearance."
        ),
        (
            Column("keep", "string", "empty; write yes (or 1, x) to adopt the row into the terms map"),
            Column("term", "string", "the term: the most frequent spaced form, lower case (edit freely)"),
            Column(
                "variants", "string", "forms seen, as written, '; '-joined (case, plural, hyphen variants)"
            ),
            Column("n_words", "int64", "words in the term (2 or 3)"),
            Column("freq", "int64", "occurrences, every variant counted"),
            Column("n_documents", "int64", "documents it occurs in"),
            Column(
                "score", "float64", "NLTK likelihood ratio (Dunning 1993) of the 2- or 3-word collocation"
            ),
            Column("outlets", "string", "occurrences per outlet, 'Outlet: n; ...', outlets sorted"),
            Column("known", "string", "the terms map's term for a variant already listed; empty: new"),
        ),
    ),
}
