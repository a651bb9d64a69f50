"""Frame coding with a codebook: load and check it, code sentences, validate, compare coders.

The coding unit is the sentence; a sentence may carry several frames. A codebook (YAML;
the package ships ``data/codebook.yaml``, users can pass their own) gives each frame an id,
label, definition, the literature it adapts, and indicators: lemmas (matched against the
tokens' WordNet lemmas) and phrases (matched against the lower-cased word forms), each
optionally restricted to universal POS tags. A sentence carries a frame when it contains at
least one of the frame's indicators; every coding keeps the indicators that triggered it.

Matching uses :func:`research_utils.phrases.match_phrases` (NLTK's MWETokenizer, longest
match first), one frame at a time, so indicators of different frames never block each other.

Validation compares the dictionary with a manual coding (``frames_gold.csv``): per-frame
precision, recall and F1 are hand-computed from the 2×2 counts (scikit-learn is not a
dependency and these are three divisions); agreement between two codings is Krippendorff's
alpha (nominal) from the ``krippendorff`` package.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .phrases import match_phrases, phrase_key
from .tables import as_table, empty_table, write_table

#: The codebook shipped with the package.
DEFAULT_CODEBOOK = Path(str(resources.files("research_utils") / "data" / "codebook.yaml"))
#: NLTK's universal tagset (the ``upos`` column); POS constraints must use these tags.
UNIVERSAL_TAGS = frozenset(
    {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CONJ", "DET", "NUM", "PRT", "PRON", "X", "."}
)
CODING_COLUMNS = ("doc_id", "sent_id", "frames", "note")
#: Decimals kept for shares and scores written to CSV (byte-stable floats).
DECIMALS = 4

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


# --------------------------------------------------------------------------- codebook


def _line_loader() -> type:
    """A YAML SafeLoader that records each mapping's line as ``__line__`` (for messages)."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

    return LineLoader


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook YAML file (default: the one shipped with the package).

    Raises :class:`~research_utils.errors.InputError` naming the file, the line and the
    problem: unreadable YAML, a missing or unknown key, a duplicate or malformed frame id,
    an empty definition, a frame without indicators, an indicator that is not text, a POS
    constraint on a multi-word indicator or with a tag outside the universal tagset.
    """
    import yaml

    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    if not path.is_file():
        raise InputError(path, "codebook file not found", "pass the path of a codebook YAML file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_line_loader())
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8", "save the codebook as UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, f"not valid YAML: {problem}", "fix the YAML syntax", line) from exc
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


# --------------------------------------------------------------------------- coding


def match_indicators(tokens: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Every indicator match: one row per match with ``doc_id``, ``sent_id``, ``frame``,
    ``indicator`` (as written in the codebook), ``token_id``, ``last_token_id`` and
    ``surface`` (the matched words as they appear), in text order within each frame.

    Lemma and phrase indicators are matched separately; a POS-constrained match whose token
    has another universal tag is dropped.
    """
    upos = dict(zip(zip(tokens["doc_id"], tokens["token_id"], strict=True), tokens["upos"], strict=True))
    surface = dict(zip(zip(tokens["doc_id"], tokens["token_id"], strict=True), tokens["token"], strict=True))
    parts = []
    for frame in codebook.frames:
        for column in ("lemma", "lower"):
            entries: dict[tuple[str, ...], list[Indicator]] = {}
            for ind in frame.indicators:
                if ind.column == column:
                    entries.setdefault(phrase_key(ind.text), []).append(ind)
            if not entries:
                continue
            labels = {" ".join(key): " ".join(key) for key in entries}
            found = match_phrases(tokens, labels, column=column)
            for row in found.itertuples(index=False):
                inds = entries[tuple(row.label.split(" "))]
                tag = upos[(row.doc_id, row.token_id)]
                allowed = [i for i in inds if i.pos is None or tag in i.pos]
                if not allowed:
                    continue
                words = [surface[(row.doc_id, t)] for t in range(row.token_id, row.last_token_id + 1)]
                parts.append(
                    (
                        row.doc_id,
                        row.sent_id,
                        frame.id,
                        allowed[0].text,
                        row.token_id,
                        row.last_token_id,
                        " ".join(words),
                    )
                )
    columns = ["doc_id", "sent_id", "frame", "indicator", "token_id", "last_token_id", "surface"]
    matches = pd.DataFrame(_drop_overlaps(parts), columns=columns)
    order = {f: i for i, f in enumerate(codebook.frame_ids)}
    matches["_f"] = matches["frame"].map(order)
    matches = matches.sort_values(["doc_id", "sent_id", "_f", "token_id"], kind="stable")
    return matches.drop(columns="_f").reset_index(drop=True)


def _drop_overlaps(parts: list[tuple]) -> list[tuple]:
    """Within a frame, keep the longest of overlapping lemma and phrase matches (so
    ``national security`` is one match, not also ``security``); ties keep the lemma entry."""
    kept: list[tuple] = []
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for part in sorted(parts, key=lambda p: -(p[5] - p[4])):
        spans = taken.setdefault((part[0], part[2]), [])
        if any(a <= part[5] and part[4] <= b for a, b in spans):
            continue
        spans.append((part[4], part[5]))
        kept.append(part)
    return kept


def code_frames(tokens: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The ``frames`` table: one row per sentence and frame it carries.

    ``indicators`` lists the distinct codebook entries that matched, in text order;
    ``matched_text`` every match as written, in text order (both ``;``-joined), so each
    coding can be checked against the sentence. Sentences with no frame have no row.
    """
    matches = match_indicators(tokens, codebook)
    outlet = documents.set_index("doc_id")["outlet"]
    rows = []
    for (doc_id, sent_id, frame), group in matches.groupby(["doc_id", "sent_id", "frame"], sort=False):
        group = group.sort_values("token_id", kind="stable")
        rows.append(
            {
                "doc_id": doc_id,
                "outlet": outlet[doc_id],
                "sent_id": sent_id,
                "frame": frame,
                "n_matches": len(group),
                "indicators": ";".join(dict.fromkeys(group["indicator"])),
                "matched_text": ";".join(group["surface"]),
            }
        )
    if not rows:
        return empty_table("frames")
    return as_table("frames", pd.DataFrame(rows))


def share_frames(
    frames: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """The ``frame_shares`` table: per outlet and frame, sentences carrying the frame,
    all sentences of the outlet, and their ratio (every frame listed, zeros included)."""
    outlet = documents.set_index("doc_id")["outlet"]
    totals = sentences.assign(outlet=sentences["doc_id"].map(outlet)).groupby("outlet").size()
    counts = frames.groupby(["outlet", "frame"]).size()
    rows = []
    for out in sorted(totals.index):
        for frame in codebook.frames:
            n = int(counts.get((out, frame.id), 0))
            total = int(totals[out])
            rows.append(
                {
                    "outlet": out,
                    "frame": frame.id,
                    "label": frame.label,
                    "n_sentences": n,
                    "n_total": total,
                    "share": round(n / total, DECIMALS),
                }
            )
    return as_table("frame_shares", pd.DataFrame(rows))


def count_frame_pairs(
    frames: pd.DataFrame, codebook: Codebook, outlets: Iterable[str] | None = None
) -> pd.DataFrame:
    """Co-occurrence: per outlet and pair of frames (``frame_a`` ≤ ``frame_b`` in codebook
    order), the sentences carrying both. The diagonal (a frame with itself) counts the
    sentences carrying that frame. ``outlets`` (default: those in ``frames``) lists outlets
    to include even when none of their sentences carries a frame."""
    ids = codebook.frame_ids
    rows = []
    names = sorted(set(frames["outlet"]) | set(outlets if outlets is not None else []))
    for out in names:
        group = frames[frames["outlet"] == out]
        sets = group.groupby(["doc_id", "sent_id"])["frame"].agg(frozenset)
        for i, a in enumerate(ids):
            for b in ids[i:]:
                n = int(sum(1 for s in sets if a in s and b in s))
                rows.append({"outlet": out, "frame_a": a, "frame_b": b, "n_sentences": n})
    return pd.DataFrame(rows, columns=["outlet", "frame_a", "frame_b", "n_sentences"])


def write_frames(processed_dir: str | Path, codebook: Codebook | None = None) -> dict[str, Path]:
    """Code the processed corpus and write ``frames.csv`` and ``frame_shares.csv``.

    Reads ``tokens``, ``sentences`` and ``documents`` from ``processed_dir``; returns the
    written paths by table name.
    """
    from .tables import read_table

    codebook = codebook or load_codebook()
    tokens = read_table("tokens", processed_dir)
    sentences = read_table("sentences", processed_dir)
    documents = read_table("documents", processed_dir)
    frames = code_frames(tokens, documents, codebook)
    shares = share_frames(frames, sentences, documents, codebook)
    return {
        "frames": write_table("frames", frames, processed_dir),
        "frame_shares": write_table("frame_shares", shares, processed_dir),
    }


# --------------------------------------------------------------------------- codings


def read_coding(path: str | Path, codebook: Codebook | None = None) -> pd.DataFrame:
    """Read a manual coding (``doc_id, sent_id, frames, note``; frames ``;``-separated).

    Returns one row per sentence with ``frames`` sorted and ``;``-joined. Errors name the
    file and line: missing columns, a non-integer ``sent_id``, a sentence coded twice, and
    (given ``codebook``) a frame id the codebook does not define.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "coding file not found", "pass the path of a CSV with doc_id, sent_id, frames")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in ("doc_id", "sent_id", "frames") if c not in header]
        if missing:
            raise InputError(
                path,
                f"missing column(s): {', '.join(missing)}",
                "the header must be doc_id,sent_id,frames,note",
                1,
            )
        reader.fieldnames = header
        known = set(codebook.frame_ids) if codebook is not None else None
        rows, seen = [], {}
        for record in reader:
            line = reader.line_num
            doc_id = (record.get("doc_id") or "").strip()
            try:
                sent_id = int((record.get("sent_id") or "").strip())
            except ValueError as exc:
                raise InputError(
                    path,
                    f"sent_id {record.get('sent_id')!r} is not a whole number",
                    "write the sentence number",
                    line,
                ) from exc
            if (doc_id, sent_id) in seen:
                raise InputError(
                    path,
                    f"sentence {doc_id} {sent_id} is coded twice (first on line {seen[(doc_id, sent_id)]})",
                    "keep one row per sentence; list several frames in one row separated by ';'",
                    line,
                )
            seen[(doc_id, sent_id)] = line
            frames = sorted({f.strip() for f in (record.get("frames") or "").split(";") if f.strip()})
            if known is not None:
                unknown = [f for f in frames if f not in known]
                if unknown:
                    raise InputError(
                        path,
                        f"unknown frame id(s) {', '.join(unknown)}",
                        f"use the codebook's ids: {', '.join(codebook.frame_ids)}",
                        line,
                    )
            rows.append((doc_id, sent_id, ";".join(frames), (record.get("note") or "").strip()))
    coding = pd.DataFrame(rows, columns=list(CODING_COLUMNS)).astype(
        {"doc_id": "string", "sent_id": "int64", "frames": "string", "note": "string"}
    )
    coding = coding.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    coding.attrs["path"] = str(path)
    return coding


def frames_to_coding(frames: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The dictionary's coding in the manual-coding layout: one row per sentence (all
    sentences, with empty ``frames`` where none), ``note`` listing the indicators."""
    by_sentence = frames.groupby(["doc_id", "sent_id"])
    labels = by_sentence["frame"].agg(lambda s: ";".join(sorted(s)))
    notes = by_sentence.apply(
        lambda g: "; ".join(f"{f}: {i}" for f, i in zip(g["frame"], g["indicators"], strict=True)),
        include_groups=False,
    )
    keys = list(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    coding = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].to_numpy(),
            "sent_id": sentences["sent_id"].to_numpy(),
            "frames": [labels.get(k, "") for k in keys],
            "note": [notes.get(k, "") for k in keys],
        }
    ).astype({"doc_id": "string", "sent_id": "int64", "frames": "string", "note": "string"})
    return coding.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def _indicator_matrix(coding: pd.DataFrame, frame_ids: Iterable[str]) -> pd.DataFrame:
    """Boolean sentence × frame matrix of a coding, indexed by (doc_id, sent_id)."""
    index = pd.MultiIndex.from_arrays([coding["doc_id"], coding["sent_id"]], names=["doc_id", "sent_id"])
    sets = [set(filter(None, str(f).split(";"))) for f in coding["frames"]]
    return pd.DataFrame({f: [f in s for s in sets] for f in frame_ids}, index=index)


def _align_with_gold(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Gold rows of documents in the corpus; every one of their sentences must be coded."""
    where = gold.attrs.get("path", "the manual coding")
    in_corpus = gold[gold["doc_id"].isin(set(sentences["doc_id"]))]
    known = set(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    gold_keys = set(zip(in_corpus["doc_id"], in_corpus["sent_id"], strict=True))
    extra = sorted(gold_keys - known)
    if extra:
        raise InputError(
            where,
            f"the gold coding names sentences the corpus does not have: {extra[:3]}",
            "the corpus was re-split since the coding was made; recode those documents",
        )
    docs = set(in_corpus["doc_id"])
    missing = sorted(k for k in known - gold_keys if k[0] in docs)
    if missing:
        raise InputError(
            where,
            f"sentences without a gold coding: {missing[:3]}",
            "code every sentence of a document (empty frames when none applies)",
        )
    return in_corpus


def validate_frames(
    frames: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """The ``frame_validation`` table: the dictionary against a manual coding, per frame.

    Only documents the manual coding covers are compared (all their sentences). Columns:
    ``support`` (sentences the manual coding gives the frame), ``predicted`` (sentences the
    dictionary gives it), ``tp``, ``fp``, ``fn``, ``tn``, ``precision`` = tp/(tp+fp),
    ``recall`` = tp/(tp+fn), ``f1`` (their harmonic mean); undefined ratios (0/0) are
    empty. A last row ``all (micro)`` pools the counts of every frame.
    """
    gold = _align_with_gold(gold, sentences)
    keys = pd.MultiIndex.from_arrays([gold["doc_id"], gold["sent_id"]], names=["doc_id", "sent_id"])
    truth = _indicator_matrix(gold, codebook.frame_ids).loc[keys]
    predicted = _indicator_matrix(frames_to_coding(frames, sentences), codebook.frame_ids).reindex(keys)
    rows = [_scores(f, truth[f].to_numpy(bool), predicted[f].to_numpy(bool)) for f in codebook.frame_ids]
    rows.append(_scores("all (micro)", truth.to_numpy(bool).ravel(), predicted.to_numpy(bool).ravel()))
    return as_table("frame_validation", pd.DataFrame(rows))


def _ratio(a: int, b: int) -> float:
    return round(a / b, DECIMALS) if b else float("nan")


def _scores(frame: str, truth: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    tp = int((truth & predicted).sum())
    fp = int((~truth & predicted).sum())
    fn = int((truth & ~predicted).sum())
    tn = int((~truth & ~predicted).sum())
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    return {
        "frame": frame,
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def list_coding_errors(
    frames: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
) -> pd.DataFrame:
    """Where the dictionary and the manual coding disagree: one row per sentence and frame.

    ``error`` is ``false positive`` (the dictionary codes a frame the manual coding does not)
    or ``false negative`` (the reverse); ``indicators`` are the entries that matched (for
    false positives), ``gold_note`` the coder's note, ``text`` the sentence.
    """
    gold = _align_with_gold(gold, sentences)
    outlet = documents.set_index("doc_id")["outlet"]
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    fired = frames.set_index(["doc_id", "sent_id", "frame"])["indicators"]
    rows = []
    for doc_id, sent_id, gold_frames, note in gold[["doc_id", "sent_id", "frames", "note"]].itertuples(
        index=False
    ):
        truth = set(filter(None, gold_frames.split(";")))
        for frame in codebook.frame_ids:
            hit = (doc_id, sent_id, frame) in fired.index
            if hit == (frame in truth):
                continue
            rows.append(
                {
                    "doc_id": doc_id,
                    "outlet": outlet[doc_id],
                    "sent_id": sent_id,
                    "frame": frame,
                    "error": "false positive" if hit else "false negative",
                    "indicators": fired[(doc_id, sent_id, frame)] if hit else "",
                    "gold_note": note,
                    "text": text[(doc_id, sent_id)],
                }
            )
    columns = ["doc_id", "outlet", "sent_id", "frame", "error", "indicators", "gold_note", "text"]
    return pd.DataFrame(rows, columns=columns)


def measure_agreement(
    coding_a: pd.DataFrame, coding_b: pd.DataFrame, frame_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per frame between two codings of the same sentences.

    Each frame is a binary variable per sentence (carries it or not). Sentences coded in
    only one file count as missing for the other. Columns: ``frame``, ``n_units`` (sentences
    coded by both), ``n_a``/``n_b`` (sentences each coding gives the frame), ``agreement``
    (share of jointly coded sentences on which they agree) and ``alpha``; alpha is empty
    when it is undefined: no sentence coded by both, or one value only on the sentences both
    coded (e.g. neither ever codes the frame).
    """
    import krippendorff

    if frame_ids is None:
        found = set()
        for coding in (coding_a, coding_b):
            for f in coding["frames"]:
                found.update(filter(None, str(f).split(";")))
        frame_ids = sorted(found)
    frame_ids = list(frame_ids)
    a = _indicator_matrix(coding_a, frame_ids)
    b = _indicator_matrix(coding_b, frame_ids)
    units = a.index.union(b.index).sort_values()
    a, b = a.reindex(units), b.reindex(units)
    both = a.notna().all(axis=1).to_numpy() & b.notna().all(axis=1).to_numpy()
    rows = []
    for f in frame_ids:
        data = np.vstack(
            [
                a[f].map({True: 1.0, False: 0.0}).to_numpy(float),
                b[f].map({True: 1.0, False: 0.0}).to_numpy(float),
            ]
        )
        joint = data[:, both]
        values = set(joint.ravel().tolist())  # values on sentences both coded (the pairable ones)
        alpha = (
            round(float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), DECIMALS)
            if len(values) > 1
            else float("nan")
        )
        rows.append(
            {
                "frame": f,
                "n_units": int(both.sum()),
                "n_a": int(np.nansum(data[0])),
                "n_b": int(np.nansum(data[1])),
                "agreement": _ratio(int((joint[0] == joint[1]).sum()), int(both.sum())),
                "alpha": alpha,
            }
        )
    return pd.DataFrame(rows, columns=["frame", "n_units", "n_a", "n_b", "agreement", "alpha"])


def write_validation(
    processed_dir: str | Path, gold_path: str | Path, codebook: Codebook | None = None
) -> Path:
    """Validate ``frames.csv`` against the manual coding at ``gold_path``; write
    ``frame_validation.csv`` into ``processed_dir`` and return its path."""
    from .tables import read_table

    codebook = codebook or load_codebook()
    gold = read_coding(gold_path, codebook)
    table = validate_frames(
        read_table("frames", processed_dir), gold, read_table("sentences", processed_dir), codebook
    )
    return write_table("frame_validation", table, processed_dir)


def frame_labels(codebook: Codebook) -> Mapping[str, str]:
    """Frame id → label, in codebook order."""
    return {f.id: f.label for f in codebook.frames}
