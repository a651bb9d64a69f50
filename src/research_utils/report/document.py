"""The report as a document for an editor: front matter, figure captions, sources, methods.

:func:`report_matter` computes from a study's tables what the report shows around the
notebook: the study's title and question, a byline naming the tool version and the corpus's
dates (no clock time, so the same inputs give the same bytes), a short summary of findings,
every article as a source, the methods and caveats in plain words. :class:`EditorPreprocessor`
edits the executed notebook for a reader: cells tagged ``report-omit`` and the notebook's own
``#`` title go (the study's title replaces it), figures are numbered and get their saved
description as alt text and caption. Nothing here writes a file.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from nbconvert.preprocessors import Preprocessor

from ..study import Study
from . import readings

#: Cell tag: the cell is not part of the report (developer wording, repeated front matter).
OMIT_TAG = "report-omit"

#: Rows of the comparison table the summary states, in this order (those present).
SUMMARY_MEASURES = (
    "most common frame",
    "opening frame",
    "closing frame",
    "most-heard source",
    "words given to government sources",
    "mean tone (VADER)",
)

#: Words of a first sentence shown for an article in the sources list.
FIRST_WORDS = 14


@dataclass(frozen=True)
class Source:
    """One article as the sources list shows it."""

    outlet: str
    published: str
    section: str
    first_words: str
    url: str


@dataclass(frozen=True)
class ReportMatter:
    """What the report shows before and after the notebook (see the module docstring)."""

    title: str
    question: str
    byline: str
    summary: list[str]
    sources: list[Source]
    methods: list[str]
    caveats: list[str]


def first_words(text: str, *, n: int = FIRST_WORDS) -> str:
    """The first ``n`` words of ``text``, with an ellipsis when there are more."""
    words = str(text).split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _first_sentences(study: Study) -> dict[str, str]:
    """Each document's first sentence, read a piece of the sentence table at a time."""
    from ..tables import iter_table_chunks

    found: dict[str, str] = {}
    for piece in iter_table_chunks("sentences", study.processed, columns=["doc_id", "sent_id", "text"]):
        first = piece[piece["sent_id"] == 0]
        found.update(zip(first["doc_id"].astype(str), first["text"].astype(str), strict=True))
    return found


def sources(documents: pd.DataFrame, first: dict[str, str]) -> list[Source]:
    """Every document as a source, by outlet (study order kept by the caller), date and id."""
    rows = documents.sort_values(["outlet", "published", "doc_id"], kind="stable")
    return [
        Source(
            outlet=str(r["outlet"]),
            published=str(r["published"]),
            section=str(r["section"]) if pd.notna(r["section"]) else "",
            first_words=first_words(first.get(str(r["doc_id"]), "")) or "(no text)",
            url=str(r["url"]) if pd.notna(r["url"]) else "",
        )
        for r in rows.to_dict("records")
    ]


def summary(comparison: pd.DataFrame, outlets: list[str]) -> list[str]:
    """One Markdown line per :data:`SUMMARY_MEASURES` row of the comparison table, every
    outlet's value stated."""
    lines = []
    for measure in SUMMARY_MEASURES:
        rows = comparison[comparison["measure"] == measure].set_index("outlet")["value"]
        if rows.empty:
            continue
        values = "; ".join(f"{o}: {rows[o]}" for o in outlets if o in rows.index)
        lines.append(f"**{measure[0].upper()}{measure[1:]}** — {values}.")
    return lines


def _coding_words(shares: pd.DataFrame) -> str:
    """Which coding the frame counts use, in plain words."""
    codings = sorted(set(shares["coding"].astype(str))) if "coding" in shares.columns else []
    if codings == ["reference"]:
        return (
            "Frame counts use the study's reference coding: a coder read every sentence and marked the "
            "frames it carries, following the codebook's definitions; the word lists were checked against "
            "that coding."
        )
    if "reference" in codings:
        by_outlet = shares.groupby("outlet", sort=True)["coding"].first()
        return (
            "Frame counts mix codings, outlet by outlet: "
            + "; ".join(f"{o}: {c}" for o, c in by_outlet.items())
            + ". The reference coding is a coder's reading of every sentence; the dictionary coding "
            "gives a sentence a frame when it uses one of the frame's indicator words or phrases, and "
            "misses meaning that is only implied."
        )
    return (
        "Frame counts use the study's word lists (a sentence carries a frame when it uses one of the "
        "frame's indicator words or phrases); they miss meaning that is only implied."
    )


def methods(shares: pd.DataFrame, n_frames: int) -> list[str]:
    """The methods in plain words (the frame count and the coding from the tables)."""
    return [
        "Each article is split into sentences and words. Every figure and every computed reading in "
        "this report is computed from the study's tables each time the report is made.",
        f"Framing: the study's codebook defines {n_frames} frames. {_coding_words(shares)}",
        "Distinctive vocabulary: each outlet's word counts are compared with the rest of the corpus "
        "with a log-likelihood test (G²; 3.84 or more means p < 0.05 for one word on its own), and the "
        "p-values are adjusted for testing many words at once (Benjamini–Hochberg).",
        "Actors and voices: people and organisations are found from the study's list of actors and "
        "their other names; quotes and paraphrases are attributed to a speaker through reporting verbs "
        "such as *said*, and the words given to each speaker are counted.",
        "Tone: each sentence gets the VADER compound score, from −1 (negative words) to +1 (positive words).",
        "Passages marked *The researchers' reading* are the study team's own interpretation; every "
        "number in them is checked against the tables before the report shows it.",
    ]


def caveats(documents: pd.DataFrame, shares: pd.DataFrame) -> list[str]:
    """What the findings do not allow, from the tables: corpus size, small counts, tone."""
    per_outlet = documents.groupby("outlet", sort=True)["doc_id"].size()
    single = [str(o) for o, n in per_outlet.items() if n == 1]
    notes = []
    if single:
        notes.append(
            f"{readings.join(single)} {'is' if len(single) == 1 else 'are'} represented by a single "
            "article: the findings describe that text, not the outlet's coverage in general."
        )
    notes.append(
        f"The corpus has {readings.count(len(documents), 'article')}; differences between outlets here "
        "are descriptions of these texts, not statistical evidence about the outlets."
    )
    small = readings.small_counts(shares) if not shares.empty else ""
    if small:
        notes.append(small)
    notes += [
        "Tone scores measure the valence of the words an article reports, including the words of the "
        "people it quotes; they do not measure the outlet's stance.",
        "Word lists and attribution rules match words: they miss irony, implication and meaning spread "
        "over several sentences.",
    ]
    return notes


def byline(documents: pd.DataFrame, version: str) -> str:
    """Who made the report and from what: the tool's version and the corpus's dates."""
    dates = sorted(documents["published"].astype(str))
    span = "" if not dates else f" published {dates[0]}" if dates[0] == dates[-1] else (
        f" published {dates[0]} to {dates[-1]}"
    )  # fmt: skip
    outlets = documents["outlet"].nunique()
    return (
        f"Computed with research-utils {version} from {readings.count(len(documents), 'article')}"
        f"{span}, by {readings.count(outlets, 'outlet')}."
    )


def report_matter(study: Study, *, title: str | None = None) -> ReportMatter:
    """Everything :class:`ReportMatter` holds, from ``study``'s processed and analysed tables."""
    import research_utils

    from ..analyse import frame_labels, read_codebook
    from .notebook import StudyNotebook

    nb = StudyNotebook(study)
    documents, shares = nb.table("documents"), nb.table("frame_shares")
    outlets = nb.outlets
    first = _first_sentences(study)
    listed = sources(documents, first)
    listed.sort(key=lambda s: outlets.index(s.outlet) if s.outlet in outlets else len(outlets))
    n_frames = len(frame_labels(read_codebook(study.codebook)))
    return ReportMatter(
        title=title or study.title,
        question=study.question or "",
        byline=byline(documents, research_utils.__version__),
        summary=[readings.corpus_overview(documents), *summary(nb.table("comparison"), outlets)],
        sources=listed,
        methods=methods(shares, n_frames),
        caveats=caveats(documents, shares),
    )


def png_description(data: str) -> str:
    """The ``Description`` text saved in a base64 PNG (the figure's description), or ""."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            return str(image.info.get("Description", "")).strip()
    except (OSError, ValueError):
        return ""


def plain_code(markdown: str) -> str:
    """``markdown`` with its inline code spans as plain words (a report shows no code)."""
    return _CODE_SPAN.sub(r"\1", markdown)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


class EditorPreprocessor(Preprocessor):
    """The executed notebook as a reader sees it (see the module docstring): cells tagged
    :data:`OMIT_TAG` removed, the notebook's ``#`` title lines removed, inline code shown as
    plain words, every PNG figure
    numbered with its saved description as alt text and caption (``output.metadata.figure``)."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Edit ``nb`` in place and return it with ``resources`` (the figure count added)."""
        cells = [c for c in nb.cells if OMIT_TAG not in c.get("metadata", {}).get("tags", [])]
        number = 0
        for cell in cells:
            if cell.cell_type == "markdown":
                cell.source = plain_code(
                    "\n".join(line for line in cell.source.splitlines() if not line.startswith("# ")).strip()
                )
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    data["text/markdown"] = plain_code(data["text/markdown"])
                if "image/png" not in data:
                    continue
                number += 1
                described = png_description(data["image/png"])
                alt = described or f"Figure {number}: a chart (its description was not saved with it)."
                output.setdefault("metadata", {})["figure"] = {
                    "number": number,
                    "alt": alt,
                    "caption": described or "(no description was saved with this figure)",
                }
        nb.cells = [c for c in cells if c.cell_type != "markdown" or c.source]
        resources["figures"] = number
        return nb, resources
