"""Tables of `research-utils discover`: topics found in the corpus, to build a codebook from."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "topics": Table(
        (
            "One row per topic and top term (research-utils discover). Topics numbered by "
            "prevalence (topic_1 is the strongest in the corpus); rows by topic, rank."
        ),
        (
            Column("topic", "string", "topic id, topic_1 … topic_K"),
            Column("rank", "int64", "the term's rank in the topic, 1 = heaviest"),
            Column("term", "string", "a lemma (stop words, numbers and punctuation left out)"),
            Column("weight", "float64", "the term's share of the topic's weight (a topic's terms sum to 1)"),
        ),
    ),
    "topic_sentences": Table(
        (
            "One row per topic and representative unit (sentence or paragraph): the units that "
            "load most on each topic. Rows by topic, rank."
        ),
        (
            Column("topic", "string", "topic id"),
            Column("rank", "int64", "1 = the unit that loads most on the topic"),
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "the sentence (for paragraphs: the paragraph's first sentence)"),
            Column("weight", "float64", "the unit's share of its topic weights that is this topic"),
            Column("text", "string", "the sentence or paragraph"),
        ),
    ),
    "topic_shares": Table(
        (
            "One row per outlet and topic, every outlet of the corpus (zeros included), then "
            "'all'. Rows by outlet (sorted), topic."
        ),
        (
            Column("outlet", "string", "news outlet; 'all' pools the outlets"),
            Column("topic", "string", "topic id"),
            Column("label", "string", "the topic's three top terms"),
            Column("n_units", "int64", "the outlet's units (sentences or paragraphs) with any modelled term"),
            Column("n_dominant", "int64", "units whose strongest topic this is"),
            Column("share", "float64", "n_dominant / n_units; empty when the outlet has no unit"),
            Column("mean_weight", "float64", "mean of the units' topic weights (each unit's sum to 1)"),
        ),
    ),
}
