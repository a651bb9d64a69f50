"""Figures: one outlet palette, one style, deterministic PNG + SVG files.

Every figure function takes tidy tables and returns a matplotlib ``Figure``;
:func:`save_figure` writes it as ``NAME.png`` (200 dpi) and ``NAME.svg`` with no dates or
random ids in the files, so regenerating an unchanged figure leaves ``git status`` clean.

Colours come from the Okabe–Ito palette (colour-blind safe), assigned to outlets in
sorted order, and every outlet also gets a hatch pattern, so figures stay readable
printed in greyscale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .io import write_atomic

DEFAULT_FIGURES = Path("figures")
DPI = 200
#: Okabe & Ito (2008) colours, ordered so neighbours differ strongly in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "research-utils",  # stable ids inside SVG files
    "svg.fonttype": "path",
    "image.cmap": "Greys",
}


def outlet_palette(outlets: Iterable[str]) -> dict[str, str]:
    """Colour per outlet, assigned in sorted order (same outlets → same colours)."""
    return {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(sorted(set(outlets)))}


def outlet_hatches(outlets: Iterable[str]) -> dict[str, str]:
    """Hatch pattern per outlet (sorted order), so bars differ in greyscale too."""
    return {o: HATCHES[i % len(HATCHES)] for i, o in enumerate(sorted(set(outlets)))}


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Context manager applying the project's matplotlib style."""
    with plt.rc_context(STYLE):
        yield


def save_figure(fig: Figure, name: str, figures_dir: str | Path = DEFAULT_FIGURES) -> tuple[Path, Path]:
    """Write ``fig`` as ``NAME.png`` (200 dpi) and ``NAME.svg``, atomically and reproducibly.

    Returns the two paths. Metadata that would change between runs (creation date,
    software version string) is left out.
    """
    folder = Path(figures_dir)
    paths = []
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            path = folder / f"{name}.{fmt}"
            write_atomic(
                path,
                lambda tmp, fmt=fmt, metadata=metadata: fig.savefig(
                    tmp, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight"
                ),
            )
            paths.append(path)
    return paths[0], paths[1]


# --- term-frequency figures (notebook 02) ---


# --- framing figures (notebook 03) ---
