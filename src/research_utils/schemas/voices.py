"""Tables of actors, voices and tone, their validation against hand lists, and coverage."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "actor_mentions": Table(
        "One row per resolved actor mention. Rows by `doc_id`, position.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("actor", "string", "canonical actor name from the actor table"),
            Column(
                "type", "string", "actor type; government body, official and document are government sources"
            ),
            Column("surface", "string", "the words in the text, exactly text[start:end]"),
            Column("start", "int64", "offset of the first character in the document's cleaned text"),
            Column("end", "int64", "offset one past the last character"),
            Column(
                "rule",
                "string",
                (
                    "how the mention was resolved: name, gloss (via the Chinese name), "
                    "after_first_name (a definite description after the actor was named), "
                    "same_sentence (a bare plural in a sentence that already mentions the actor) "
                    "or agentive (a country, capital or 'the state' as the subject of a finite "
                    "active verb, not inside a longer name)"
                ),
            ),
        ),
    ),
    "quotes": Table(
        "One row per direct quote, paraphrase or scare quote. Rows by `doc_id`, position.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence where the quote (or the paraphrase's reporting verb) is"),
            Column(
                "start", "int64", "offset of the quote or paraphrased content in the document's cleaned text"
            ),
            Column("end", "int64", "offset one past its last character"),
            Column(
                "kind",
                "string",
                (
                    "direct (quoted, at least the minimum words), paraphrase (reported speech: a "
                    "reporting verb's content, up to the reporter's own clauses; around a partial "
                    "quote it spans the quote too) or scare (a shorter quoted term; never "
                    "attributed)"
                ),
            ),
            Column(
                "speaker", "string", "actor the words are attributed to, else the speaker phrase, else empty"
            ),
            Column("speaker_type", "string", "the actor's type; empty when the speaker is not a known actor"),
            Column("speaker_surface", "string", "the speaker as written (e.g. 'it', 'the agency')"),
            Column("verb", "string", "reporting verb lemma (say, warn, call for ...); empty if unattributed"),
            Column("stance", "string", "neutral or evaluative (reporting-verb lexicon); empty if no verb"),
            Column(
                "quote", "string", "the quoted words, or the paraphrased content, exactly text[start:end]"
            ),
            Column("n_words", "int64", "word tokens of the quote, or of the paraphrase outside its quotes"),
        ),
    ),
    "tone": Table(
        "One row per sentence: VADER's scores. Rows by `doc_id`, `sent_id`.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("neg", "float64", "VADER: share of the sentence's valence that is negative, 4 decimals"),
            Column("neu", "float64", "VADER: share that is neutral, 4 decimals"),
            Column("pos", "float64", "VADER: share that is positive, 4 decimals"),
            Column("compound", "float64", "VADER compound score in [-1, 1], 4 decimals"),
            Column("tone", "string", "negative (compound <= -0.05), positive (>= 0.05) or neutral"),
        ),
    ),
    "mention_validation": Table(
        (
            "One row per outlet (then `all`) and measure: actor mentions against a hand list "
            "(same document, overlapping spans, one-to-one)."
        ),
        (
            Column("outlet", "string", "news outlet; 'all' pools every scored document"),
            Column(
                "measure",
                "string",
                "what must agree for a match (evaluation module): span (overlap), actor (and same actor)",
            ),
            Column("n_gold", "int64", "actor mentions in the hand list"),
            Column("n_predicted", "int64", "actor mentions found by the rules"),
            Column("tp", "int64", "matched pairs (false positives: n_predicted - tp; misses: n_gold - tp)"),
            Column("precision", "float64", "tp / n_predicted, 4 decimals; empty when nothing was found"),
            Column("recall", "float64", "tp / n_gold, 4 decimals; empty when the hand list has none"),
            Column("f1", "float64", "2tp / (n_gold + n_predicted), 4 decimals"),
        ),
    ),
    "quote_validation": Table(
        "One row per outlet (then `all`) and measure: quotes against a hand list.",
        (
            Column("outlet", "string", "news outlet; 'all' pools every scored document"),
            Column(
                "measure",
                "string",
                (
                    "what must agree for a match (evaluation module): span, kind, direct, "
                    "paraphrase, scare, speaker, words"
                ),
            ),
            Column("n_gold", "int64", "quotes in the hand list"),
            Column("n_predicted", "int64", "quotes found by the rules"),
            Column("tp", "int64", "matched pairs (false positives: n_predicted - tp; misses: n_gold - tp)"),
            Column("precision", "float64", "tp / n_predicted, 4 decimals; empty when nothing was found"),
            Column("recall", "float64", "tp / n_gold, 4 decimals; empty when the hand list has none"),
            Column("f1", "float64", "2tp / (n_gold + n_predicted), 4 decimals"),
        ),
    ),
    "speaker_words_validation": Table(
        "One row per outlet and speaker: words in the hand list and as found.",
        (
            Column("outlet", "string", "news outlet"),
            Column("speaker", "string", "speaker (canonical actor, else the phrase; empty: unattributed)"),
            Column("words_gold", "int64", "words (direct + paraphrase) the hand list gives the speaker"),
            Column("words_predicted", "int64", "words the quotes table gives the speaker"),
        ),
    ),
    "coverage": Table(
        (
            "What the instruments miss, for a visible warning: per measure, the outlet `all` then "
            "each outlet (sorted); missing_actor rows by n (most first), ties by first "
            "appearance, top N per outlet with ties at the cut kept."
        ),
        (
            Column("outlet", "string", "news outlet; 'all' pools every document"),
            Column(
                "measure",
                "string",
                (
                    "direct_quotes_without_speaker, paraphrases_without_speaker (speaker_type "
                    "empty), sentences_without_frame, names_without_actor (proper-name mentions "
                    "no actor resolves) or missing_actor (one proper name, in item, that no actor "
                    "resolves)"
                ),
            ),
            Column(
                "item", "string", "the proper name (missing_actor rows; its alias group's name); else empty"
            ),
            Column("n", "int64", "quotes, sentences or name mentions lacking a speaker, frame or actor"),
            Column(
                "total", "int64", "all quotes of the kind, sentences, or proper-name mentions of the outlet"
            ),
            Column("share", "float64", "n / total, 4 decimals; empty when total is 0"),
            Column("level", "string", "warning when share is above the measure's threshold, else ok"),
            Column("note", "string", "the row in plain words, with what to do, for a notebook to show"),
        ),
    ),
    "comparison": Table(
        "The outlets side by side: one row per measure and outlet, every value computed from the "
        "tables (research_utils.analyse.compare_outlets). Rows in measure order, then by outlet.",
        (
            Column(
                "measure", "string", "what is compared (articles, most common frame, most-heard source ...)"
            ),
            Column("description", "string", "how the measure is computed"),
            Column("outlet", "string", "news outlet"),
            Column("value", "string", "the measure's value for the outlet, with the counts behind it"),
        ),
    ),
}
