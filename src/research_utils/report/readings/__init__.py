"""Readings: the sentences a notebook states about the corpus, computed from its tables.

Every function takes tables and returns Markdown text in which each number, name and
comparison comes from those tables at run time, so a notebook run on another corpus says
what is true of that corpus. Ties are reported as ties, small counts say what they allow,
and long lists are cut with the rule and the number left out stated. Interpretation only a
person can write lives in the study's notes (:mod:`research_utils.report.notes`), never here.
"""

from .coding import classifier_overview, reliability_overview, topics_overview
from .corpus import corpus_overview, filtered_overview, glosses_overview
from .format import count, fraction, join, listed, top_with_ties
from .frames import coding_used, frame_profile, small_counts, validation_overview
from .terms import detection_limits, joins_overview, keyness_overview, top_terms
from .voices import (
    actors_overview,
    attribution_validation,
    coverage_warnings,
    group_overview,
    tone_overview,
    voices_overview,
)

__all__ = [
    "actors_overview",
    "attribution_validation",
    "classifier_overview",
    "coding_used",
    "corpus_overview",
    "count",
    "coverage_warnings",
    "detection_limits",
    "filtered_overview",
    "fraction",
    "frame_profile",
    "glosses_overview",
    "group_overview",
    "join",
    "joins_overview",
    "keyness_overview",
    "listed",
    "reliability_overview",
    "small_counts",
    "tone_overview",
    "top_terms",
    "top_with_ties",
    "topics_overview",
    "validation_overview",
    "voices_overview",
]
