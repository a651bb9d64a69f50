"""Figures: one style per outlet for a whole study, one look, deterministic PNG + SVG files.

Every figure function takes the table it draws and returns a matplotlib ``Figure``;
:func:`save_figure` writes it as ``NAME.png`` (200 dpi) and ``NAME.svg`` with no dates or
random ids in the files, so regenerating an unchanged figure leaves ``git status`` clean.
Every figure carries a short description of what it shows and leaves out
(:func:`describe`), which :func:`save_figure` writes into both files' metadata.

Outlets: :func:`outlet_styles` gives each outlet of a study one :class:`OutletStyle`
(colour, hatch, marker, line style) once, in the study's order, and every figure function
takes that mapping as ``styles=``, so an outlet looks the same in every figure. Colours:
the Okabe & Ito (2008) colour-blind-safe palette first, then :data:`EXTENDED_PALETTE`;
hatches, markers and line styles also tell outlets apart, in greyscale too.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import is_color_like, to_hex
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from matplotlib.typing import RcKeyType

from ..config import FIGURES_DIR
from ..errors import InputError
from ..files import write_atomic

DPI = 200
#: Most pixels of a PNG: a larger figure is written at fewer dots per inch (:func:`png_dpi`).
MAX_PNG_PIXELS = 6_000_000
#: Okabe & Ito (2008) colours, ordered so neighbours differ strongly in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Colours for outlets 9 to 40: matplotlib's qualitative ``tab20``, ``tab20b`` and ``tab20c``
#: palettes (Vega's category20 family) in that order, leaving out greys (CIELAB chroma < 15,
#: kept for pooled references and missing data) and every colour closer than ΔE*ab 15
#: (CIE76) to the Okabe–Ito colours or an earlier one kept; ``tests/test_figures_scale.py``
#: re-derives the list. Beyond 40 outlets colours repeat, with another hatch and marker.
EXTENDED_PALETTE = (
    "#AEC7E8",
    "#FF7F0E",
    "#FFBB78",
    "#2CA02C",
    "#98DF8A",
    "#D62728",
    "#FF9896",
    "#9467BD",
    "#C5B0D5",
    "#8C564B",
    "#C49C94",
    "#E377C2",
    "#F7B6D2",
    "#BCBD22",
    "#DBDB8D",
    "#17BECF",
    "#9EDAE5",
    "#393B79",
    "#6B6ECF",
    "#9C9EDE",
    "#637939",
    "#8CA252",
    "#B5CF6B",
    "#8C6D31",
    "#BD9E39",
    "#E7CB94",
    "#AD494A",
    "#7B4173",
    "#A55194",
    "#DE9ED6",
    "#31A354",
    "#C7E9C0",
)
COLOURS = PALETTE + EXTENDED_PALETTE
#: Fill of what belongs to no outlet: all other outlets pooled, an empty cell.
NEUTRAL = "#BBBBBB"
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
#: Markers and line styles that tell outlets apart without colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")
#: Largest figure, in inches (200 dpi: 4,000 × 5,200 pixels): layouts wrap, shrink rows or
#: show fewer rows per panel (and say so) rather than grow beyond it.
MAX_WIDTH = 20.0
MAX_HEIGHT = 26.0
#: Gap between a bar's end and its label, in points (about one space of the label font).
BAR_LABEL_PADDING = 2.5
STYLE: dict[RcKeyType, Any] = {
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
    # text from the data (outlet names, terms, titles) is shown as written: "US$34 and US$5"
    # is no mathtext formula, and "$\\frac{$" no error (see LiteralTextFigure)
    "text.parse_math": False,
    "text.usetex": False,
}

#: What every figure's text is drawn and measured with, whatever the caller's rcParams.
_LITERAL_TEXT: dict[RcKeyType, Any] = {"text.parse_math": False, "text.usetex": False}


def literal_text(fig: Figure) -> Figure:
    """Make every text of ``fig`` literal: no mathtext (``$...$``), no TeX. Text from the
    data — outlet names, terms, actor names, titles — may hold dollar signs."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


class LiteralTextFigure(Figure):
    """A ``Figure`` whose texts are never parsed as mathtext or TeX: texts made before it is
    drawn are set literal (:func:`literal_text`), and those matplotlib makes while drawing or
    measuring it (tick labels of shared axes, say) are made under :data:`_LITERAL_TEXT`."""

    def draw(self, renderer: Any) -> None:
        with mpl.rc_context(_LITERAL_TEXT):
            literal_text(self)
            super().draw(renderer)

    def get_tightbbox(self, renderer: Any = None, *args: Any, **kwargs: Any) -> Any:
        with mpl.rc_context(_LITERAL_TEXT):
            literal_text(self)
            return super().get_tightbbox(renderer, *args, **kwargs)


@dataclass(frozen=True)
class OutletStyle:
    """How one outlet is drawn in every figure: fill colour, bar hatch, marker, line style."""

    colour: str
    hatch: str
    marker: str
    linestyle: str


#: Outlet → style, in the order outlets are drawn.
Styles = Mapping[str, OutletStyle]


def _style(index: int, colour: str) -> OutletStyle:
    """Outlet number ``index``'s hatch, marker and line style, with ``colour``. Past the
    palette's end the hatch and marker shift by one per round, so no two outlets share
    colour and hatch."""
    shift = index // len(COLOURS)
    return OutletStyle(
        colour=colour,
        hatch=HATCHES[(index + shift) % len(HATCHES)],
        marker=MARKERS[(index + shift) % len(MARKERS)],
        linestyle=LINESTYLES[index % len(LINESTYLES)],
    )


def _check_colours(colours: Mapping[str, str], outlets: list[str], source: str | Path) -> dict[str, str]:
    """``colours`` as lower-case hex, refusing unknown outlets and colours matplotlib cannot read."""
    checked = {}
    for outlet, colour in colours.items():
        if outlet not in outlets:
            raise InputError(
                source,
                f"a colour is given for {outlet!r}, which is not one of the outlets ({', '.join(outlets)})",
                "spell the outlet exactly as in metadata.csv, or remove its colour",
            )
        if not is_color_like(colour):
            raise InputError(
                source,
                f"the colour {colour!r} of {outlet!r} is not a colour",
                'give a hex colour such as "#0072B2" (or a matplotlib colour name)',
            )
        checked[outlet] = to_hex(colour)
    return checked


def outlet_styles(
    outlets: Iterable[str],
    *,
    colours: Mapping[str, str] | None = None,
    source: str | Path = "outlets.colours",
) -> dict[str, OutletStyle]:
    """One style per outlet of a study, in the given order (duplicates ignored): build it
    once and pass it as ``styles=`` to every figure, so each outlet keeps its colour.

    Outlet *k* gets hatch, marker and line style *k*; its colour is ``colours[outlet]``
    when given (a study file's ``outlets: {colours: {name: "#hex"}}``; ``source`` names
    that file in errors), else the next colour of :data:`COLOURS` no given colour took.
    """
    order = list(dict.fromkeys(str(o) for o in outlets))
    given = _check_colours(colours or {}, order, source)
    taken = set(given.values())
    free = iter([c for c in COLOURS if c.lower() not in taken] or list(COLOURS))
    styles = {}
    for index, outlet in enumerate(order):
        colour = given.get(outlet) or next(free, COLOURS[index % len(COLOURS)])
        styles[outlet] = _style(index, colour)
    return styles


def styles_for(styles: Styles | None, outlets: Iterable[str]) -> dict[str, OutletStyle]:
    """The styles a figure draws with: ``styles`` (the study's, in its order; its outlets
    are all drawn, also those without rows in the table) followed by any of ``outlets`` (the
    table's) it lacks, styled after it; without ``styles``, the table's outlets sorted."""
    present = sorted({str(o) for o in outlets})
    if styles is None:
        return outlet_styles(present)
    chosen = dict(styles)
    taken = {s.colour.lower() for s in chosen.values()}
    free = iter([c for c in COLOURS if c.lower() not in taken])
    for outlet in present:
        if outlet not in chosen:
            index = len(chosen)
            chosen[outlet] = _style(index, next(free, COLOURS[index % len(COLOURS)]))
    return chosen


def outlet_palette(outlets: Iterable[str]) -> dict[str, str]:
    """Colour per outlet, assigned in sorted order (same outlets → same colours)."""
    return {o: s.colour for o, s in outlet_styles(sorted(set(outlets))).items()}


def outlet_hatches(outlets: Iterable[str]) -> dict[str, str]:
    """Hatch pattern per outlet (sorted order), so bars differ in greyscale too."""
    return {o: s.hatch for o, s in outlet_styles(sorted(set(outlets))).items()}


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Context manager applying the project's matplotlib style."""
    with mpl.rc_context(STYLE):
        yield


#: Attribute of a ``Figure`` holding its description (:func:`describe`).
_DESCRIPTION = "research_utils_description"


def describe(fig: Figure, text: str, *, omitted: Mapping[str, str] | None = None) -> Figure:
    """Attach to ``fig`` a description of what it shows: ``text``, then ``Not shown: NAME
    (why); ...`` for each entry of ``omitted`` (outlets, terms or actors left out, and
    why). :func:`save_figure` writes it into the files (alt text for a report)."""
    literal_text(fig)
    parts = [" ".join(text.split())]
    if omitted:
        parts.append("Not shown: " + "; ".join(f"{name} ({why})" for name, why in omitted.items()) + ".")
    setattr(fig, _DESCRIPTION, " ".join(parts))
    return fig


def description(fig: Figure) -> str:
    """The description attached by :func:`describe` ("" if none)."""
    return str(getattr(fig, _DESCRIPTION, ""))


def save_figure(fig: Figure, name: str, figures_dir: str | Path = FIGURES_DIR) -> tuple[Path, Path]:
    """Write ``fig`` as ``NAME.png`` (200 dpi) and ``NAME.svg``, atomically and reproducibly.

    Returns the two paths. The figure's :func:`description` goes into the PNG's
    ``Description`` text chunk and the SVG's ``<dc:description>``; metadata that would
    change between runs (creation date, software version string) is left out.
    """
    folder = Path(figures_dir)
    literal_text(fig)
    _freeze_layout(fig)
    bbox = _tight_bbox(fig)
    text = description(fig)
    png: dict[str, str | None] = {"Software": None} | ({"Description": text} if text else {})
    svg: dict[str, str | None] = {"Date": None, "Creator": None} | ({"Description": text} if text else {})
    paths = []
    with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt, metadata in (("png", png), ("svg", svg)):
            path = folder / f"{name}.{fmt}"
            dpi = png_dpi(bbox) if fmt == "png" else DPI
            save = functools.partial(fig.savefig, format=fmt, dpi=dpi, metadata=metadata, bbox_inches=bbox)
            write_atomic(path, save)
            paths.append(path)
    return paths[0], paths[1]


def png_dpi(bbox: Bbox) -> float:
    """:data:`DPI`, or fewer dots per inch for a figure that would exceed
    :data:`MAX_PNG_PIXELS` (the many-outlet grids: drawing 15 million pixels costs seconds
    and shows no more on a screen; the SVG keeps every detail at any size)."""
    return min(float(DPI), (MAX_PNG_PIXELS / max(bbox.width * bbox.height, 1e-9)) ** 0.5)


def _tight_bbox(fig: Figure) -> Bbox:
    """The figure's tight bounding box in inches, padded as ``bbox_inches="tight"`` pads it,
    measured once for both formats: ``"tight"`` would lay the figure out again for each
    format (a third of the time of saving a figure of many panels)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    tight = fig.get_tightbbox(canvas.get_renderer())
    return (tight or fig.bbox_inches).padded(mpl.rcParams["savefig.pad_inches"])


def _freeze_layout(fig: Figure) -> None:
    """Lay ``fig`` out once and keep that layout: constrained layout moves axes by fractions
    of a pixel each time it runs on a figure of many panels, which would change the clip
    paths' ids in the SVG from one save to the next, and the PNG and SVG would differ."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    if not isinstance(engine, PlaceHolderLayoutEngine):  # a placeholder: laid out already
        fig.draw_without_rendering()
    fig.set_layout_engine(None)  # no engine at all: savefig lays nothing out again


#: How a figure places its axes (matplotlib's layout engines).
Layout = Literal["constrained", "compressed", "tight"]


def new_figure(
    nrows: int,
    ncols: int,
    *,
    width: float,
    height: float,
    layout: Layout = "constrained",
    sharex: bool = False,
    sharey: bool = False,
) -> tuple[Figure, np.ndarray]:
    """A figure of ``width`` × ``height`` inches (at most :data:`MAX_WIDTH` ×
    :data:`MAX_HEIGHT`) with an Agg canvas (no pyplot state) and its ``nrows`` × ``ncols``
    axes as a 2-d array (also for a single axes).

    Figure and axes are made in :func:`figure_style`; what is drawn on them later takes the
    style only if it is drawn inside ``with figure_style():`` as well.
    """
    with figure_style():
        fig = LiteralTextFigure(figsize=(min(width, MAX_WIDTH), min(height, MAX_HEIGHT)), layout=layout)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, sharex=sharex, sharey=sharey)
    return fig, axes


def no_data_figure(title: str, *, reason: str = "no data to show") -> Figure:
    """A small figure saying there is nothing to draw and why (instead of an error on
    empty tables), described as such."""
    with figure_style():
        fig, axes = new_figure(1, 1, width=6.0, height=1.6)
        ax = axes[0, 0]
        ax.text(0.5, 0.5, reason, ha="center", va="center", transform=ax.transAxes, wrap=True)
        ax.set_axis_off()
        ax.set_title(title)
    return describe(fig, f"{title}: nothing drawn ({reason}).")


def outlet_list(outlets: Iterable[str]) -> str:
    """``"the 3 outlets A, B and C"``-style phrase for descriptions."""
    names = list(outlets)
    if len(names) <= 1:
        return f"the outlet {names[0]}" if names else "no outlet"
    return f"the {len(names)} outlets {', '.join(names[:-1])} and {names[-1]}"
