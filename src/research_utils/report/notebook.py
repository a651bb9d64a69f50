"""What a notebook cell calls: a study's tables, its outlet styles, readings, notes, figures.

``nb = open_study(STUDY)`` reads the study file once; ``nb.table(name)`` reads a table from
the stage's folder (cached); ``nb.styles`` gives every outlet of the study one style for all
figures; ``nb.say(text)`` shows a computed reading; ``nb.note(section)`` shows the study's
own interpretation for a section if its notes have one (nothing otherwise);
``nb.figure(fig, name)`` saves a figure in the study's figures folder and shows it, and
``nb.show_figure(name)`` shows one an earlier notebook saved; ``nb.show_table(table)``
shows a table without its index column. Cells
stay a few lines, and nothing a cell shows is typed into the notebook.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..errors import MissingFigureError, MissingTableError
from ..figures.style import OutletStyle, outlet_styles, save_figure
from ..study import Study, default_study
from ..tables import empty_table, iter_table_chunks, read_table
from .notes import Note, read_notes


class StudyNotebook:
    """A study as the notebooks see it (see the module docstring)."""

    def __init__(self, study: Study) -> None:
        self.study = study

    @functools.cache  # noqa: B019 (one per notebook, lives as long as the kernel)
    def table(self, name: str) -> pd.DataFrame:
        """A table the pipeline wrote, from the study's folder for its stage: processed
        (``prepare``), coding (``reliability``, ``adjudicate``), suggestions (``suggest``,
        ``discover``) or analysed (the others)."""
        from ..schemas import STAGES

        stage = STAGES[name]
        folder = {
            "prepare": self.study.processed,
            "reliability": self.study.coding,
            "adjudicate": self.study.coding,
            "suggest": self.study.root / "suggestions",
        }
        return read_table(name, folder.get(stage, self.study.analysed))

    def table_if_written(self, name: str) -> pd.DataFrame:
        """:meth:`table`, or an empty table when no command has written it yet (coding,
        reliability and topics are steps a study may not have taken)."""
        try:
            return self.table(name)
        except MissingTableError:
            return empty_table(name)

    def sample_sentence(self) -> pd.DataFrame:
        """The token rows of the corpus's first sentence with a quotation mark (else of its
        first sentence), the table read piece by piece only as far as needed: a notebook
        never loads the whole token table."""
        first: tuple | None = None
        for piece in iter_table_chunks("tokens", self.study.processed, rows=50_000):
            quoted = piece[piece["token"].isin(["\u201c", "\u201d", '"'])]
            if len(quoted):
                return self._sentence(tuple(quoted[["doc_id", "sent_id"]].iloc[0]))
            if first is None and len(piece):
                first = tuple(piece[["doc_id", "sent_id"]].iloc[0])
        return self._sentence(first) if first is not None else empty_table("tokens")

    def _sentence(self, key: tuple) -> pd.DataFrame:
        """The token rows of the sentence ``key`` (``doc_id``, ``sent_id``)."""
        found = []
        for piece in iter_table_chunks("tokens", self.study.processed, rows=50_000):
            inside = (piece["doc_id"] == key[0]) & (piece["sent_id"] == key[1])
            found.append(piece[inside])
            if inside.any() and not inside.iloc[-1]:
                break
        return pd.concat(found).reset_index(drop=True)

    @functools.cached_property
    def outlets(self) -> list[str]:
        """Every outlet of the corpus, in the study's order (the others after it, sorted)."""
        present = sorted(set(self.table("documents")["outlet"].astype(str)))
        ordered = [o for o in self.study.outlet_order if o in present]
        return ordered + [o for o in present if o not in ordered]

    @functools.cached_property
    def styles(self) -> dict[str, OutletStyle]:
        """One style per outlet for every figure of the study (its colours from the study file)."""
        colours = {o: c for o, c in self.study.outlet_colours.items() if o in self.outlets}
        return outlet_styles(self.outlets, colours=colours, source=self.study.file or "study.yaml")

    @functools.cached_property
    def notes(self) -> dict[str, Note]:
        """The study's notes by section (none when the study file names no notes file)."""
        return read_notes(self.study.notes) if self.study.notes is not None else {}

    def say(self, text: str) -> None:
        """Show ``text`` (Markdown): a computed reading."""
        from IPython.display import Markdown, display

        display(Markdown(text))

    def header(self, notebook: str) -> None:
        """The study's title and question above a notebook's own heading."""
        question = f"\n\n**Question.** {self.study.question}" if self.study.question else ""
        self.say(f"**{self.study.title}** · {notebook}{question}")

    def note(self, section: str) -> None:
        """The study's interpretation for ``section``, if its notes have one."""
        note = self.notes.get(section)
        if note is not None:
            self.say(f"**The researchers' reading** (this study's notes; numbers checked): {note.text}")

    def show_table(self, table: pd.DataFrame) -> None:
        """Show ``table`` as a reader reads it: no index column (a named index becomes the
        first column), every cell in full (no "..."), no decimals beyond what it holds."""
        from IPython.display import display

        if table.index.name is not None or not isinstance(table.index, pd.RangeIndex):
            table = table.reset_index()
        with pd.option_context("display.max_colwidth", None):
            html = table.to_html(index=False, border=0, na_rep="")
            text = table.to_string(index=False, na_rep="")
        display({"text/html": html, "text/plain": text}, raw=True)

    def figure(self, fig: Figure, name: str) -> None:
        """Save ``fig`` as ``NAME.png`` and ``.svg`` in the study's figures folder and show it."""
        from IPython.display import Image, display

        png, _ = save_figure(fig, name, self.study.figures)
        display(Image(filename=png))

    def show_figure(self, name: str) -> None:
        """Show a figure an earlier notebook saved (``NAME.png`` in the study's figures
        folder, e.g. ``"02_keyness"``) instead of drawing the same figure again."""
        from IPython.display import Image, display

        path = self.study.figures / f"{name}.png"
        if not path.is_file():
            notebook = next(iter(sorted(self.study.notebooks.glob(f"{name[:2]}_*.ipynb"))), None)
            raise MissingFigureError(
                f"{path} not found\n  fix: run {notebook.name if notebook else 'the notebook that draws it'} "
                "first (research-utils notebooks runs them in order)"
            )
        display(Image(filename=path))


def open_study(study_file: str | Path | None = None) -> StudyNotebook:
    """The study ``study_file`` names (a study folder or its ``study.yaml``; None: ``./study.yaml``)."""
    return StudyNotebook(default_study(study_file))
