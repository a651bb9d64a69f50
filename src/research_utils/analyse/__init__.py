"""Stage 3 — analyse: prepared tables in, analysed tables out (DataFrames in, DataFrames out).

Takes the ``documents``, ``sentences``, ``tokens`` and ``glosses`` tables of the prepare
stage and the study's instruments (terms map, codebook, actor table, reporting verbs,
manual codings); gives term frequencies and keyness, concordances and collocations, frame
codings and their validation, actor mentions, quotes and sources, tone, and the outlet
comparison. No function here reads or writes a file except the readers of instruments
(``read_*``); :func:`research_utils.pipeline.analyse` writes the tables.
"""

from .actors import count_actor_mentions, find_actor_mentions, name_group, read_actors, summarize_actors
from .adopt import adopt_actors, adopt_suggestions, adopt_terms
from .background import count_background, load_brown_background, load_brown_tables
from .codebook import Codebook, Frame, Indicator, frame_labels, read_codebook
from .comparison import COMPARISON_TABLES, compare_outlets, pivot_comparison
from .concordance import find_collocations, find_concordance, measure_dispersion
from .coverage import summarize_coverage
from .evaluation import read_mention_gold, read_quote_gold, validate_attribution
from .framing import code_frames, count_frame_pairs, match_indicators, share_frames
from .keyness import (
    Background,
    compute_keyness,
    compute_minimum_frequencies,
    key_terms_by_outlet,
    select_key_terms,
)
from .phrase_joins import list_phrase_joins
from .profiles import compare_outlet_rates, compare_rates_to_others, profile_frames, profile_tone
from .quotes import (
    count_reporting_verbs,
    count_scare_quotes,
    count_source_type_words,
    find_quotes,
    read_reporting_verbs,
    summarize_sources,
    tabulate_reporting_verbs,
)
from .suggest import suggest_actors, suggest_terms
from .terms import (
    compare_term_rates,
    count_outlet_documents,
    count_outlet_words,
    count_terms,
    extract_ngrams,
    extract_terms,
    read_terms_map,
    summarize_outlets,
)
from .timeline import (
    compare_event_window,
    count_attention,
    describe_event_window,
    describe_timeline,
    share_frames_over_time,
)
from .tone import rank_sentences, score_sentences, summarize_tone
from .validation import frames_to_coding, list_coding_errors, measure_agreement, read_coding, validate_frames

__all__ = [
    "COMPARISON_TABLES",
    "Background",
    "Codebook",
    "Frame",
    "Indicator",
    "adopt_actors",
    "adopt_suggestions",
    "adopt_terms",
    "code_frames",
    "compare_event_window",
    "compare_outlet_rates",
    "compare_outlets",
    "compare_rates_to_others",
    "compare_term_rates",
    "compute_keyness",
    "compute_minimum_frequencies",
    "count_actor_mentions",
    "count_attention",
    "count_background",
    "count_frame_pairs",
    "count_outlet_documents",
    "count_outlet_words",
    "count_reporting_verbs",
    "count_scare_quotes",
    "count_source_type_words",
    "count_terms",
    "describe_event_window",
    "describe_timeline",
    "extract_ngrams",
    "extract_terms",
    "find_actor_mentions",
    "find_collocations",
    "find_concordance",
    "find_quotes",
    "frame_labels",
    "frames_to_coding",
    "key_terms_by_outlet",
    "list_coding_errors",
    "list_phrase_joins",
    "load_brown_background",
    "load_brown_tables",
    "match_indicators",
    "measure_agreement",
    "measure_dispersion",
    "name_group",
    "pivot_comparison",
    "profile_frames",
    "profile_tone",
    "rank_sentences",
    "read_actors",
    "read_codebook",
    "read_coding",
    "read_mention_gold",
    "read_quote_gold",
    "read_reporting_verbs",
    "read_terms_map",
    "score_sentences",
    "select_key_terms",
    "share_frames",
    "share_frames_over_time",
    "suggest_actors",
    "suggest_terms",
    "summarize_actors",
    "summarize_coverage",
    "summarize_outlets",
    "summarize_sources",
    "summarize_tone",
    "tabulate_reporting_verbs",
    "validate_attribution",
    "validate_frames",
]
