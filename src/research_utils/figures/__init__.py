"""Stage 4 — figures: analysed tables in, matplotlib figures out; saved reproducibly.

Every function takes the table it draws, as an analyse-stage table or a function of
:mod:`research_utils.analyse` gives it, and returns a ``Figure``: it selects, arranges and
draws, and computes nothing a reader would want as a table. :func:`save_figure` writes
PNG and SVG files whose bytes depend on the figure only. One palette, style and outlet →
colour assignment, one figure factory and one grouped-bar figure for every figure
(:mod:`.style`); one module per subject: terms, frames, actors and voices, tone.
"""

from .actors import (
    plot_actor_heatmap,
    plot_actor_mentions,
    plot_named_group,
    plot_reporting_verbs,
    plot_source_types,
    plot_sources,
)
from .frames import plot_frame_cooccurrence, plot_frame_shares, plot_frame_validation, plot_story_flow
from .style import figure_style, outlet_hatches, outlet_palette, save_figure
from .terms import plot_dispersion, plot_keyness, plot_term_scatter, plot_top_terms
from .tone import plot_tone, plot_tone_flow

__all__ = [
    "figure_style",
    "outlet_hatches",
    "outlet_palette",
    "plot_actor_heatmap",
    "plot_actor_mentions",
    "plot_dispersion",
    "plot_frame_cooccurrence",
    "plot_frame_shares",
    "plot_frame_validation",
    "plot_keyness",
    "plot_named_group",
    "plot_reporting_verbs",
    "plot_source_types",
    "plot_sources",
    "plot_story_flow",
    "plot_term_scatter",
    "plot_tone",
    "plot_tone_flow",
    "plot_top_terms",
    "save_figure",
]
