"""Tables of words: term frequencies, keyness, phrase joins."""

from __future__ import annotations

from .column import Column, Table

TABLES: dict[str, Table] = {
    "term_frequencies": Table(
        "One row per outlet and term. Rows by outlet, rank, term.",
        (
            Column("outlet", "string", "news outlet"),
            Column(
                "term", "string", "term: lower form or lemma, or the terms-map term a phrase was joined into"
            ),
            Column("freq", "int64", "occurrences of the term in the outlet's documents"),
            Column("per_1k", "float64", "freq per 1,000 word tokens (non-punctuation tokens) of the outlet"),
            Column("doc_freq", "int64", "the outlet's documents that contain the term"),
            Column("rank", "int64", "1 = most frequent term of the outlet; ties share the best rank"),
        ),
    ),
    "keyness": Table(
        (
            "One row per outlet (target) and term of the whole vocabulary, except rows that say "
            "nothing: a term used once in the whole corpus (untested) has a row only for the "
            "outlet that uses it. Rows by outlet, `g2` descending, term. Empty when the corpus "
            "has fewer than two outlets (nothing to compare)."
        ),
        (
            Column("outlet", "string", "target outlet (the reference is all other outlets pooled)"),
            Column("term", "string", "term, as in term_frequencies"),
            Column("freq_target", "int64", "occurrences in the target outlet"),
            Column("freq_reference", "int64", "occurrences in all other outlets"),
            Column("size_target", "int64", "word tokens of the target outlet"),
            Column("size_reference", "int64", "word tokens of all other outlets"),
            Column(
                "g2",
                "float64",
                (
                    "log-likelihood G2 of the 2x2 table (Dunning 1993), positive when relatively "
                    "more frequent in the target, negative when less; divided by Williams's q "
                    "when keyness is run with correction='williams'"
                ),
            ),
            Column(
                "p_value",
                "float64",
                (
                    "chance of a G2 at least this large (absolute value) under chi-squared with 1 "
                    "df; 3.84 gives p = .05; not adjusted for the many terms tested (use "
                    "p_adjusted); six significant digits"
                ),
                significant=True,
            ),
            Column(
                "tested",
                "bool",
                (
                    "the term occurs at least min_freq times (default 3) in the whole corpus, so "
                    "the row is tested; rarer terms are kept but not tested"
                ),
            ),
            Column(
                "p_adjusted",
                "float64",
                (
                    "Benjamini-Hochberg adjusted p-value (false discovery rate) over every tested "
                    "row of the table, all outlets together; empty when not tested; a term is "
                    "key at p_adjusted < .05; six significant digits"
                ),
                significant=True,
            ),
            Column(
                "log_ratio",
                "float64",
                (
                    "binary log of the ratio of relative frequencies, target over reference "
                    "(Hardie 2014); a zero frequency counts as 0.5 without reversing the "
                    "direction; +1 = twice as frequent"
                ),
            ),
            Column(
                "log_odds_z",
                "float64",
                (
                    "z-score of the log-odds ratio with an informative Dirichlet prior from the "
                    "pooled corpus (Monroe, Colaresi & Quinn 2008); at most 0 for a term the "
                    "target never uses, at least 0 for one the reference never uses"
                ),
            ),
            Column(
                "boilerplate",
                "bool",
                (
                    "the term is in at least 90% of the target's documents (and at least 5 of "
                    "them) and in no other outlet's: likely page furniture (bylines, copyright, "
                    "subscribe lines), which readings and figures leave out; false when documents "
                    "per outlet were not given"
                ),
            ),
        ),
    ),
    "phrase_joins": Table(
        (
            "One row per outlet, joined term, variant matched and word whose count the join "
            "reduced: every join of the terms map that changes a count. Rows by outlet, term, "
            "variant, word."
        ),
        (
            Column("outlet", "string", "news outlet"),
            Column("term", "string", "the terms-map term the phrase was joined into"),
            Column("variant", "string", "the terms-map variant matched (as listed in the map)"),
            Column("n_joins", "int64", "times the variant was matched and joined in the outlet"),
            Column(
                "word",
                "string",
                (
                    "a word the join took: a term the token would have counted as on its own "
                    "(stop words never were); empty when none of the variant's words would be a "
                    "term"
                ),
            ),
            Column("n_taken", "int64", "occurrences of word the joins took from its own count in the outlet"),
            Column(
                "word_freq",
                "int64",
                "word's own count in the outlet after every join (as in term_frequencies)",
            ),
        ),
    ),
    "dispersion": Table(
        "One row per occurrence of an outlet's key terms (its most distinctive, ties included) in that "
        "outlet's articles. Rows by `doc_id`, `token_id`.",
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("term", "string", "a key term of the outlet (keyness: highest positive g2)"),
            Column("token_id", "int64", "first token of the occurrence"),
            Column(
                "position", "float64", "where it falls in its article: token_id / (n_tokens - 1), 0 = first"
            ),
        ),
    ),
    "concordance": Table(
        "Key words in context: for each query (the study file's analysis: concordance, else each "
        "outlet's two most distinctive terms), its occurrences with six word tokens either side, at most "
        "25 per outlet in document order. Rows by query, `doc_id`, position.",
        (
            Column("query", "string", "the word or phrase searched (all its terms-map variants are found)"),
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence of the match"),
            Column("left", "string", "up to six word tokens before, as written"),
            Column("node", "string", "the match as written"),
            Column("right", "string", "up to six word tokens after, as written"),
            Column(
                "n_matches",
                "int64",
                "all occurrences of the query in the outlet (this table shows at most 25)",
            ),
        ),
    ),
    "collocations": Table(
        "Word pairs that occur together more than their own frequencies predict, per outlet (adjacent "
        "terms, seen at least twice, never across sentences), the 20 strongest by likelihood ratio, ties "
        "included. Rows by outlet, likelihood ratio descending.",
        (
            Column("outlet", "string", "news outlet"),
            Column("term_1", "string", "first term of the pair"),
            Column("term_2", "string", "second term"),
            Column("freq", "int64", "times the pair occurs in the outlet"),
            Column(
                "likelihood_ratio", "float64", "NLTK's BigramAssocMeasures.likelihood_ratio (Dunning's G2)"
            ),
            Column("pmi", "float64", "pointwise mutual information, log2 (favours rare pairs)"),
        ),
    ),
}
