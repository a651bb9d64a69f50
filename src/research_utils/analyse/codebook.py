"""A frame codebook: frames with definitions and dictionary indicators, read and checked.

The package ships one (``data/codebook.yaml``); users pass their own in the same YAML
format (README, "The codebook"). :func:`read_codebook` refuses a malformed file with the
file, the line and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..annotate.phrases import phrase_key
from ..errors import InputError
from ..files import read_user_yaml

#: NLTK's universal tagset (the ``upos`` column); POS constraints must use these tags.
UNIVERSAL_TAGS = frozenset(
    {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CONJ", "DET", "NUM", "PRT", "PRON", "X", "."}
)

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_FRAME_KEYS = frozenset({"id", "label", "definition", "literature", "indicators"})
_INDICATOR_KINDS = {"lemmas": "lemma", "phrases": "lower"}


@dataclass(frozen=True)
class Indicator:
    """One dictionary entry of a frame."""

    text: str  # as written in the codebook
    column: str  # token column it is matched against: "lemma" or "lower"
    pos: frozenset[str] | None  # allowed universal tags, None = any


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook."""

    id: str
    label: str
    definition: str
    literature: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Codebook:
    """A checked codebook: its frames in file order, and where it came from."""

    name: str
    version: str
    description: str
    frames: tuple[Frame, ...]
    path: Path

    @property
    def frame_ids(self) -> list[str]:
        """Frame ids in codebook order."""
        return [f.id for f in self.frames]

    def describe(self) -> pd.DataFrame:
        """One row per frame: id, label, definition, literature, number of indicators."""
        return pd.DataFrame(
            {
                "frame": [f.id for f in self.frames],
                "label": [f.label for f in self.frames],
                "definition": [f.definition for f in self.frames],
                "literature": [f.literature for f in self.frames],
                "n_indicators": [len(f.indicators) for f in self.frames],
            }
        )


def read_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook YAML file.

    Raises :class:`~research_utils.errors.InputError` naming the file, the line and the
    problem: unreadable YAML, a missing or unknown key, a duplicate or malformed frame id,
    an empty definition, a frame without indicators, an indicator that is not text, a POS
    constraint on a multi-word indicator or with a tag outside the universal tagset.
    """
    path = Path(path)
    data = read_user_yaml(path, what="codebook file", fix="pass the path of a codebook YAML file")
    if not isinstance(data, dict):
        raise InputError(path, "the file is not a YAML mapping", "start with 'name:' and 'frames:' keys")
    frames_data = data.get("frames")
    if not isinstance(frames_data, list) or not frames_data:
        raise InputError(
            path, "no 'frames' list", "add 'frames:' with one entry per frame", data.get("__line__")
        )
    frames: list[Frame] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(frames_data, start=1):
        frame = _check_frame(path, number, entry)
        line = entry["__line__"]
        if frame.id in seen:
            raise InputError(
                path,
                f"duplicate frame id {frame.id!r} (first on line {seen[frame.id]})",
                "give every frame its own id",
                line,
            )
        seen[frame.id] = line
        frames.append(frame)
    return Codebook(
        name=str(data.get("name") or path.stem),
        version=str(data.get("version", "")),
        description=str(data.get("description") or ""),
        frames=tuple(frames),
        path=path,
    )


def _check_frame(path: Path, number: int, entry: Any) -> Frame:
    if not isinstance(entry, dict):
        raise InputError(path, f"frame {number} is not a mapping", "write each frame as 'id: ...' keys")
    line = entry["__line__"]
    unknown = sorted(set(entry) - _FRAME_KEYS - {"__line__"})
    if unknown:
        raise InputError(
            path,
            f"frame {number}: unknown key(s) {', '.join(unknown)}",
            f"use only {', '.join(sorted(_FRAME_KEYS))}",
            line,
        )
    for key in ("id", "label", "definition", "literature"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InputError(path, f"frame {number}: {key!r} is missing or empty", f"write the {key}", line)
    frame_id = entry["id"].strip()
    if not _ID.match(frame_id):
        raise InputError(
            path,
            f"frame id {frame_id!r} is not a lower-case identifier",
            "use letters, digits and underscores, starting with a letter (e.g. security_order)",
            line,
        )
    indicators = _check_indicators(path, frame_id, entry.get("indicators"), line)
    return Frame(
        id=frame_id,
        label=entry["label"].strip(),
        definition=" ".join(entry["definition"].split()),
        literature=" ".join(entry["literature"].split()),
        indicators=indicators,
    )


def _check_indicators(path: Path, frame_id: str, data: Any, line: int) -> tuple[Indicator, ...]:
    fix = "give 'indicators:' a 'lemmas:' and/or 'phrases:' list"
    if not isinstance(data, dict):
        raise InputError(path, f"frame {frame_id!r}: 'indicators' is missing or not a mapping", fix, line)
    line = data["__line__"]
    unknown = sorted(set(data) - set(_INDICATOR_KINDS) - {"__line__"})
    if unknown:
        raise InputError(
            path, f"frame {frame_id!r}: unknown indicator kind(s) {', '.join(unknown)}", fix, line
        )
    out: list[Indicator] = []
    for kind, column in _INDICATOR_KINDS.items():
        items = data.get(kind) or []
        if not isinstance(items, list):
            raise InputError(path, f"frame {frame_id!r}: '{kind}' is not a list", fix, line)
        single = kind[:-1]  # "lemma" / "phrase"
        for item in items:
            text, pos = _check_indicator(path, frame_id, single, item, line)
            out.append(Indicator(text=text, column=column, pos=pos))
    if not out:
        raise InputError(path, f"frame {frame_id!r} has no indicators", fix, line)
    return tuple(out)


def _check_indicator(path: Path, frame_id: str, single: str, item: Any, line: int) -> tuple[str, Any]:
    pos = None
    if isinstance(item, dict):
        line = item["__line__"]
        unknown = sorted(set(item) - {single, "pos", "__line__"})
        if unknown:
            raise InputError(
                path,
                f"frame {frame_id!r}: unknown key(s) {', '.join(unknown)} in a {single} entry",
                f"write {{{single}: WORDS, pos: [TAG, ...]}}",
                line,
            )
        pos_list = item.get("pos")
        item = item.get(single)
        if pos_list is not None:
            if isinstance(pos_list, str):
                pos_list = [pos_list]
            bad = [p for p in pos_list if p not in UNIVERSAL_TAGS]
            if not isinstance(pos_list, list) or not pos_list or bad:
                raise InputError(
                    path,
                    f"frame {frame_id!r}: POS constraint {bad or pos_list!r} on {item!r} is not in the "
                    "universal tagset",
                    f"use {', '.join(sorted(UNIVERSAL_TAGS))}",
                    line,
                )
            pos = frozenset(pos_list)
    if not isinstance(item, str) or not item.strip() or not phrase_key(item):
        raise InputError(
            path,
            f"frame {frame_id!r}: {single} entry {item!r} is not a word or phrase",
            f"write each {single} as text",
            line,
        )
    if pos is not None and len(phrase_key(item)) > 1:
        raise InputError(
            path,
            f"frame {frame_id!r}: POS constraint on the multi-word {single} {item!r}",
            "POS constraints apply to single-word indicators only; drop 'pos' or split the phrase",
            line,
        )
    return item.strip(), pos


def frame_labels(codebook: Codebook) -> Mapping[str, str]:
    """Frame id → label, in codebook order."""
    return {f.id: f.label for f in codebook.frames}
