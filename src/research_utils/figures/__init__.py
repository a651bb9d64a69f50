"""Stage 4 — figures: analysed tables in, matplotlib figures out; saved reproducibly.

Every function takes the table it draws, as an analyse-stage table or a function of
:mod:`research_utils.analyse` gives it, and returns a ``Figure``: it selects, arranges and
draws, and computes nothing a reader would want as a table. Every figure shows every
outlet of the study, or states what it left out and why, in the figure and in its
description (:func:`description`), which :func:`save_figure` writes into the PNG and SVG
files. Build the study's outlet styles once (:func:`outlet_styles`) and pass them as
``styles=`` to every figure, so each outlet keeps its colour, hatch, marker and line style
everywhere. Layouts wrap and stay within :data:`~.style.MAX_WIDTH` ×
:data:`~.style.MAX_HEIGHT` inches at any number of outlets and documents; a "top n" never
cuts a tie. Modules: style and layout, bar figures, then one per subject (terms, term
scatter, dispersion, frames, reading order, actors, voices, tone).
"""

from .actors import plot_actor_heatmap, plot_actor_mentions, plot_named_group
from .dispersion import plot_dispersion
from .flow import plot_frame_profile, plot_story_flow, plot_tone_flow, plot_tone_profile
from .frames import plot_frame_cooccurrence, plot_frame_shares, plot_frame_validation
from .reliability import plot_reliability
from .scatter import plot_term_scatter
from .style import (
    OutletStyle,
    describe,
    description,
    figure_style,
    outlet_hatches,
    outlet_palette,
    outlet_styles,
    save_figure,
)
from .terms import plot_keyness, plot_top_terms
from .timeline import plot_attention, plot_event_window, plot_frame_shares_over_time
from .tone import plot_tone
from .topics import plot_topic_shares, plot_topic_terms
from .voices import plot_reporting_verbs, plot_source_types, plot_sources

__all__ = [
    "OutletStyle",
    "describe",
    "description",
    "figure_style",
    "outlet_hatches",
    "outlet_palette",
    "outlet_styles",
    "plot_actor_heatmap",
    "plot_actor_mentions",
    "plot_attention",
    "plot_dispersion",
    "plot_event_window",
    "plot_frame_cooccurrence",
    "plot_frame_profile",
    "plot_frame_shares",
    "plot_frame_shares_over_time",
    "plot_frame_validation",
    "plot_keyness",
    "plot_named_group",
    "plot_reliability",
    "plot_reporting_verbs",
    "plot_source_types",
    "plot_sources",
    "plot_story_flow",
    "plot_term_scatter",
    "plot_tone",
    "plot_tone_flow",
    "plot_tone_profile",
    "plot_top_terms",
    "plot_topic_shares",
    "plot_topic_terms",
    "save_figure",
]
