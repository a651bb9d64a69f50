"""Human coding: write coding sheets, then reliability and the adjudicated reference coding.

Everything lives in the study's coding folder (study file ``results: coding``, default
``coding/``): ``sheets/`` (one sheet per coder, ``codebook.csv`` beside CSV sheets,
``instructions.txt``, ``manifest.json``), ``returned/`` (the coders' filled-in sheets, named
after them), ``reliability.csv`` and ``disagreements.csv``, ``decisions.csv``; the figure
``reliability.png``/``.svg`` goes beside them, in the coding folder (the figures folder is the
notebooks'; notebook 05 draws the same figure as ``05_reliability``). Nothing is written when an
input is refused; files of one folder change together.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from ..analyse.codebook import Codebook, read_codebook
from ..analyse.coding import (
    FORMULA_STARTS,
    MANIFEST,
    NOTES_COLUMN,
    SheetManifest,
    check_coders,
    coding_sheet,
    csv_escape,
    draw_sample,
    make_manifest,
    read_manifest,
    with_context,
)
from ..analyse.coding_read import CODEBOOK_SHEET, SHEET, column_letter, read_returned
from ..analyse.reliability import (
    DRAWS,
    adjudicate,
    apply_decisions,
    disagreements,
    reference_coding,
    reliability,
)
from ..errors import InputError
from ..files import atomic_outputs, csv_text, to_csv_file, write_atomic
from ..progress import Log, say
from ..study import Study
from ..tables import iter_table_chunks, read_table, write_tables

SheetFormat = Literal["xlsx", "csv"]
#: Fixed time stamp inside .xlsx files, so the same sheet gives the same bytes.
_XLSX_TIME = b"2000-01-01T00:00:00Z"
INSTRUCTIONS = """How to code

Each row is one sentence (the unit), shown between the sentences before and after it.
For every frame column, write 1 if the sentence carries the frame (the definitions are on the
codebook sheet, or in codebook.csv), 0 or nothing if it does not. A sentence may carry several
frames, or none: for a sentence with no frame write 0 in at least one frame column, because a
row whose frame columns are all blank counts as not coded. Write remarks in notes.
Do not edit the ids, the sentences or the header, and add or remove no columns: the returned
sheet is checked against the sheets as written. Return the file under its name ({coder}).
"""


def _units(study: Study) -> pd.DataFrame:
    """Every sentence of the study (``doc_id``, ``sent_id``) with its document's outlet."""
    outlets = read_table("documents", study.processed).set_index("doc_id")["outlet"]
    parts = list(iter_table_chunks("sentences", study.processed, columns=["doc_id", "sent_id"]))
    units = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["doc_id", "sent_id"])
    return units.assign(outlet=units["doc_id"].map(outlets).astype(str))


def _texts(study: Study, sample: pd.DataFrame) -> pd.DataFrame:
    """The sampled sentences and their neighbours (``doc_id``, ``sent_id``, ``text``), read a
    piece of the sentence table at a time."""
    wanted = {
        (d, s + k) for d, s in zip(sample["doc_id"], sample["sent_id"], strict=True) for k in (-1, 0, 1)
    }
    parts = []
    for chunk in iter_table_chunks("sentences", study.processed, columns=["doc_id", "sent_id", "text"]):
        keys = zip(chunk["doc_id"].astype(str), chunk["sent_id"].astype(int), strict=True)
        parts.append(chunk[[key in wanted for key in keys]])
    return pd.concat(parts, ignore_index=True)


def _xlsx(sheet: pd.DataFrame, codebook: Codebook, coder: str) -> bytes:
    """One coder's workbook: the sheet ``coding`` (formula-like text stored as text, shown
    with a quote prefix; frame cells limited to 0/1) and the sheet ``codebook``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = SHEET
    frames = set(codebook.frame_ids)
    for c, name in enumerate(sheet.columns, start=1):
        ws.cell(row=1, column=c, value=name).font = Font(bold=True)
        width = 45 if "sentence" in name else 14 if name in frames else 30 if name == NOTES_COLUMN else 22
        ws.column_dimensions[column_letter(c - 1)].width = width
    for r, values in enumerate(sheet.itertuples(index=False), start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True
    check = DataValidation(type="list", formula1='"0,1"', allow_blank=True, showErrorMessage=True)
    check.error = "Write 1 (the sentence carries the frame), 0 or nothing."
    ws.add_data_validation(check)
    for c, name in enumerate(sheet.columns):
        if name in frames and len(sheet):
            check.add(f"{column_letter(c)}2:{column_letter(c)}{len(sheet) + 1}")
    ws.freeze_panes = "B2"
    guide = book.create_sheet(CODEBOOK_SHEET)
    guide.append(["frame", "label", "definition"])
    for frame in codebook.frames:
        guide.append([frame.id, frame.label, frame.definition])
    guide.append([])
    for line in INSTRUCTIONS.format(coder=f"{coder}.xlsx").splitlines():
        guide.append([line])
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The .xlsx ``data`` with fixed time stamps (entries and document properties)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _XLSX_TIME, content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def _csv_text(table: pd.DataFrame) -> str:
    escaped = table.map(lambda v: csv_escape(v) if isinstance(v, str) else v)
    return csv_text(escaped)


@dataclass(frozen=True)
class SheetOptions:
    """``research-utils coding-sheet``'s options (README, "Human coding and reliability")."""

    coders: tuple[str, ...]
    sample: int | None = None  # None: every sentence
    per_outlet: bool = False
    seed: int = 0
    fmt: SheetFormat = "xlsx"
    overlap: int | None = None  # None: every unit to every coder
    show_outlet: bool = False


def write_coding_sheets(
    study: Study, options: SheetOptions, *, out: Path | None = None, log: Log = None
) -> Path:
    """Write one coding sheet per coder, the codebook, instructions and the manifest into
    ``out`` (default: the study's ``coding/sheets``); return the folder. Sheets already there
    that were made otherwise (another manifest) are refused: returned sheets are checked
    against them."""
    coders = check_coders(options.coders)
    codebook = read_codebook(study.codebook)
    folder = out or study.coding / "sheets"
    sample = draw_sample(
        _units(study),
        coders=coders,
        sample=options.sample,
        per_outlet=options.per_outlet,
        overlap=options.overlap,
        seed=options.seed,
    )
    sample = with_context(sample, _texts(study, sample))
    manifest = make_manifest(
        sample,
        codebook.frame_ids,
        coders,
        seed=options.seed,
        sample="all" if options.sample is None else str(options.sample),
        per_outlet=options.per_outlet,
        overlap=options.overlap,
        show_outlet=options.show_outlet,
        fmt=options.fmt,
    )
    text = manifest.to_json()
    old = folder / MANIFEST
    if old.is_file() and old.read_text(encoding="utf-8") != text:
        raise InputError(
            old,
            "sheets made with other settings (or another corpus or codebook) are here already; "
            "returned sheets are checked against them",
            "write the new sheets elsewhere (--out DIR), or move this folder away first",
        )
    files: dict[str, bytes] = {MANIFEST: text.encode("utf-8")}
    for coder in coders:
        sheet = coding_sheet(sample, coder, codebook.frame_ids, show_outlet=options.show_outlet)
        if options.fmt == "xlsx":
            files[f"{coder}.xlsx"] = _xlsx(sheet, codebook, coder)
        else:
            files[f"{coder}.csv"] = _csv_text(sheet).encode("utf-8")
    if options.fmt == "csv":
        guide = codebook.describe()[["frame", "label", "definition"]]
        files["codebook.csv"] = _csv_text(guide).encode("utf-8")
    files["instructions.txt"] = INSTRUCTIONS.format(coder=f"CODER.{options.fmt}").encode("utf-8")
    with atomic_outputs([folder / name for name in files]) as temps:
        for tmp, data in zip(temps, files.values(), strict=True):
            tmp.write_bytes(data)
    say(log, f"{len(sample):,} sentences for {len(coders)} coder(s), {int(sample['overlap'].sum()):,} to all")
    return folder


def _returned(study: Study) -> tuple[SheetManifest, pd.DataFrame, dict[str, str]]:
    """The manifest, the returned codes, and the unit → sentence map."""
    folder = study.coding
    manifest = read_manifest(folder / "sheets" / MANIFEST)
    codes = read_returned(folder / "returned", manifest)
    sentences = dict(zip(manifest.units["unit_id"], manifest.units["sentence"], strict=True))
    return manifest, codes, sentences


def write_reliability(study: Study, *, seed: int = 0, draws: int = DRAWS) -> list[Path]:
    """Read every returned sheet; write ``reliability`` and ``disagreements`` into the coding
    folder and the figure ``reliability`` beside them; return the paths."""
    from ..figures.reliability import plot_reliability
    from ..figures.style import save_figure

    manifest, codes, sentences = _returned(study)
    labels = {f.id: f.label for f in read_codebook(study.codebook).frames}
    frame_labels = {frame: labels.get(frame, frame) for frame in manifest.frames}
    table = reliability(codes, frame_labels, draws=draws, seed=seed)
    disagreed = disagreements(codes, sentences, manifest.frames)
    paths = write_tables({"reliability": table, "disagreements": disagreed}, study.coding)
    return [*paths.values(), *save_figure(plot_reliability(table), "reliability", study.coding)]


@dataclass(frozen=True)
class Adjudication:
    """What ``research-utils adjudicate`` did: the file written, units, ties still to decide."""

    path: Path
    n_units: int
    n_ties: int
    decided: bool  # False: only the decisions file was written, to fill in


def write_adjudication(
    study: Study, *, decisions: Path | None = None, out: Path | None = None, force: bool = False
) -> Adjudication:
    """Merge the returned sheets into the reference coding (majority; ties by the user's
    decisions). With ties and no decisions file yet, write only that file (``decisions``
    table). The coding goes to ``out``, else the study's ``annotations: frames``, else
    ``coding/frames_reference.csv``; an existing different file is replaced only with ``force``."""
    manifest, codes, sentences = _returned(study)
    majority, ties = adjudicate(codes, sentences, manifest.frames)
    decisions_path = decisions or study.coding / "decisions.csv"
    if len(ties) and not decisions_path.is_file():
        write_atomic(decisions_path, lambda tmp: to_csv_file(ties, tmp))
        return Adjudication(decisions_path, int(majority["unit_id"].nunique()), len(ties), decided=False)
    adjudicated = apply_decisions(majority, ties, decisions_path) if decisions_path.is_file() else majority
    reference = reference_coding(adjudicated, manifest.frames)
    target = out or study.frames_reference or study.coding / "frames_reference.csv"
    text = csv_text(reference)
    if target.is_file() and target.read_text(encoding="utf-8") != text and not force:
        raise InputError(
            target,
            "a coding is there already and differs from the adjudicated one",
            "pass --force to replace it (keep a copy if it is someone's coding), or --out FILE",
        )
    write_atomic(target, lambda tmp: to_csv_file(reference, tmp))
    return Adjudication(target, len(reference), len(ties), decided=True)
