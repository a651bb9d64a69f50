"""Coding sheets for human coders: a seeded, stratified sample of sentences, one sheet per coder.

The coding unit is the sentence, named ``doc_id:sent_id`` (:func:`unit_id`). :func:`draw_sample`
draws the units (stratified by outlet: proportional, or ``per_outlet`` each; or all of them),
puts them in a seeded random order, so outlets and articles are interleaved, and gives each to
its coders: the ``overlap`` units to every coder, the others to one coder each, in turn.
:func:`coding_sheet` lays out one coder's sheet. :class:`SheetManifest` records what the sheets
were made from, so that returned sheets can be checked (:mod:`.coding_read`): the seed, the
coders, the codebook's frame ids and a hash of every sentence as shown.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, ResearchUtilsError

#: The first columns of every sheet; the frames follow (one per codebook frame), then ``notes``.
CONTEXT_COLUMNS = ("unit_id", "previous_sentence", "sentence", "next_sentence")
OUTLET_COLUMN = "outlet"
NOTES_COLUMN = "notes"
MANIFEST = "manifest.json"
#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters an .xlsx file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): removed from the text shown.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_UNIT_KEYS = ("unit_id", "doc_id", "sent_id", "outlet", "coders", "sha256", "sentence")
_CODER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def unit_id(doc_id: str, sent_id: int) -> str:
    """The coding unit's id: ``doc_id:sent_id`` (stable across runs)."""
    return f"{doc_id}:{int(sent_id)}"


def sheet_text(text: object) -> str:
    """A sentence as a sheet shows it: text, without characters a spreadsheet cannot hold."""
    return _ILLEGAL.sub("", "" if text is None or text is pd.NA else str(text))


def text_hash(text: object) -> str:
    """SHA-256 of a sentence as shown (:func:`sheet_text`): detects edited sentence text."""
    return hashlib.sha256(sheet_text(text).encode("utf-8")).hexdigest()


def csv_escape(text: str) -> str:
    """A cell for a CSV sheet: text a spreadsheet would run as a formula (or that starts with
    ``'``) gets a leading ``'``, which spreadsheets show as text; :func:`csv_unescape` undoes it."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def csv_unescape(text: str) -> str:
    """The cell's text as written by :func:`csv_escape`'s caller."""
    return text[1:] if text.startswith("'") else text


def check_coders(names: Sequence[str]) -> list[str]:
    """The coders' names, checked: letters, digits, ``_.-`` (they name the sheet files), unique."""
    coders = [n.strip() for n in names if n.strip()]
    bad = [n for n in coders if not _CODER.match(n)]
    if not coders or bad:
        raise ResearchUtilsError(
            f"coder name(s) {', '.join(map(repr, bad)) or '(none)'} cannot name a sheet file\n"
            "  fix: --coders with names of letters, digits, _ . - separated by commas, e.g. --coders anna,ben"
        )
    if len(set(coders)) != len(coders):
        raise ResearchUtilsError("a coder is named twice in --coders\n  fix: name each coder once")
    return coders


def _allocate(counts: pd.Series, size: int) -> pd.Series:
    """``size`` split over the strata in proportion to ``counts`` (largest remainder; ties of
    remainder go to the stratum listed first)."""
    quota = counts * size / counts.sum()
    base = np.floor(quota).astype(int)
    remainder = (quota - base).to_numpy()
    order = np.argsort(-remainder, kind="stable")[: size - int(base.sum())]
    base.iloc[order] += 1
    return base


def draw_sample(
    units: pd.DataFrame,
    *,
    coders: Sequence[str],
    sample: int | None,
    per_outlet: bool = False,
    overlap: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """The units to code and who codes each: one row per unit, in coding order.

    ``units`` has ``doc_id``, ``sent_id``, ``outlet``. ``sample``: units in all (split over
    outlets in proportion to their sentences), or per outlet with ``per_outlet`` (an outlet
    with fewer gives all it has); ``None``: every unit. The order is a seeded permutation.
    ``overlap``: units every coder gets (a seeded draw from the sample; ``None``: all); the
    others go to one coder each, in turn. Columns: ``unit_id``, ``doc_id``, ``sent_id``,
    ``outlet``, ``overlap`` (bool), ``coders`` (``;``-joined). The same ``seed`` and units
    give the same rows.
    """
    if overlap is not None and overlap < 0:
        raise ResearchUtilsError(f"--overlap {overlap} is negative\n  fix: give 0 or more units")
    rng = np.random.default_rng(seed)
    table = units[["doc_id", "sent_id", "outlet"]].astype({"doc_id": str, "outlet": str})
    table = table.sort_values(["outlet", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    counts = table.groupby("outlet", sort=True).size()
    if sample is None:
        wanted = counts
    elif per_outlet:
        wanted = counts.clip(upper=sample)
    elif sample > len(table):
        raise ResearchUtilsError(
            f"--sample {sample} is more than the {len(table):,} sentences of the corpus\n"
            "  fix: ask for fewer, or --sample all"
        )
    else:
        wanted = _allocate(counts, sample)
    picked = []
    for outlet, rows in table.groupby("outlet", sort=True):
        take = int(wanted[outlet])
        picked.append(rows.iloc[np.sort(rng.choice(len(rows), size=take, replace=False))])
    chosen = pd.concat(picked) if picked else table.iloc[:0]
    chosen = chosen.iloc[rng.permutation(len(chosen))].reset_index(drop=True)
    n_overlap = len(chosen) if overlap is None else min(overlap, len(chosen))
    shared = np.zeros(len(chosen), dtype=bool)
    shared[rng.choice(len(chosen), size=n_overlap, replace=False)] = True
    turn = np.cumsum(~shared) - 1
    assigned = [
        ";".join(coders) if is_shared else coders[int(t) % len(coders)]
        for is_shared, t in zip(shared, turn, strict=True)
    ]
    return pd.DataFrame(
        {
            "unit_id": [unit_id(d, s) for d, s in zip(chosen["doc_id"], chosen["sent_id"], strict=True)],
            "doc_id": chosen["doc_id"].to_numpy(),
            "sent_id": chosen["sent_id"].astype("int64").to_numpy(),
            "outlet": chosen["outlet"].to_numpy(),
            "overlap": shared,
            "coders": assigned,
        }
    )


def with_context(sample: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``sample`` with ``previous_sentence``, ``sentence``, ``next_sentence`` (the
    neighbours in the same document; empty at its ends) from ``sentences`` (``doc_id``,
    ``sent_id``, ``text``; it may hold only the sampled sentences and their neighbours)."""
    text = {
        (str(d), int(s)): sheet_text(t)
        for d, s, t in zip(sentences["doc_id"], sentences["sent_id"], sentences["text"], strict=True)
    }
    out = sample.copy()
    keys = list(zip(out["doc_id"], out["sent_id"], strict=True))
    out["previous_sentence"] = [text.get((d, s - 1), "") for d, s in keys]
    out["sentence"] = [text[(d, s)] for d, s in keys]
    out["next_sentence"] = [text.get((d, s + 1), "") for d, s in keys]
    return out


def _given_columns(show_outlet: bool) -> list[str]:
    """The columns a sheet gives the coder: the context columns and the outlet if shown."""
    return [*CONTEXT_COLUMNS, *([OUTLET_COLUMN] if show_outlet else [])]


def sheet_columns(frames: Sequence[str], *, show_outlet: bool = False) -> list[str]:
    """A sheet's header: the context columns, the outlet if shown, the frames, ``notes``."""
    return [*_given_columns(show_outlet), *frames, NOTES_COLUMN]


def coding_sheet(
    sample: pd.DataFrame, coder: str, frames: Sequence[str], *, show_outlet: bool = False
) -> pd.DataFrame:
    """One coder's sheet: the units given to ``coder``, in coding order, with empty frame and
    notes cells to fill (the outlet hidden unless ``show_outlet``: blind coding)."""
    mine = sample[[coder in c.split(";") for c in sample["coders"]]]
    sheet = mine[_given_columns(show_outlet)].copy()
    for name in (*frames, NOTES_COLUMN):
        sheet[name] = ""
    return sheet.reset_index(drop=True)


@dataclass(frozen=True)
class SheetManifest:
    """What a set of coding sheets was made from (``manifest.json`` beside them)."""

    seed: int
    sample: str  # a number, or "all"
    per_outlet: bool
    overlap: int | None
    show_outlet: bool
    fmt: str
    coders: tuple[str, ...]
    frames: tuple[str, ...]
    units: pd.DataFrame  # unit_id, doc_id, sent_id, outlet, coders, sha256, sentence: coding order

    def to_json(self) -> str:
        """The manifest as JSON text (sorted keys: the same sheets give the same bytes)."""
        units = [
            {
                "unit_id": u,
                "doc_id": d,
                "sent_id": int(s),
                "outlet": o,
                "coders": c.split(";"),
                "sha256": h,
                "sentence": t,
            }
            for u, d, s, o, c, h, t in self.units[list(_UNIT_KEYS)].itertuples(index=False)
        ]
        data: dict[str, Any] = {
            "seed": self.seed,
            "sample": self.sample,
            "per_outlet": self.per_outlet,
            "overlap": self.overlap,
            "show_outlet": self.show_outlet,
            "format": self.fmt,
            "coders": list(self.coders),
            "frames": list(self.frames),
            "units": units,
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def make_manifest(
    drawn: pd.DataFrame, frames: Sequence[str], coders: Sequence[str], **settings: Any
) -> SheetManifest:
    """The manifest of sheets made from ``drawn`` (:func:`with_context`'s table)."""
    units = drawn[["unit_id", "doc_id", "sent_id", "outlet", "coders"]].assign(
        sha256=[text_hash(t) for t in drawn["sentence"]], sentence=drawn["sentence"].to_numpy()
    )
    return SheetManifest(
        coders=tuple(coders), frames=tuple(frames), units=units.reset_index(drop=True), **settings
    )


def read_manifest(path: str | Path) -> SheetManifest:
    """Read the ``manifest.json`` that ``research-utils coding-sheet`` wrote beside the sheets."""
    path = Path(path)
    fix = "run `research-utils coding-sheet` first; its sheets folder holds manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        units = pd.DataFrame(
            [
                {key: u[key] for key in _UNIT_KEYS}
                | {"sent_id": int(u["sent_id"]), "coders": ";".join(u["coders"])}
                for u in data["units"]
            ],
            columns=list(_UNIT_KEYS),
        )
        return SheetManifest(
            seed=int(data["seed"]),
            sample=str(data["sample"]),
            per_outlet=bool(data["per_outlet"]),
            overlap=data["overlap"],
            show_outlet=bool(data["show_outlet"]),
            fmt=str(data["format"]),
            coders=tuple(data["coders"]),
            frames=tuple(data["frames"]),
            units=units.astype({"sent_id": "int64"}),
        )
    except FileNotFoundError:
        raise InputError(path, "manifest of the coding sheets not found", fix) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"not a manifest of coding sheets ({exc})", fix) from exc
