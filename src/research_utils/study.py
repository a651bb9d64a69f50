"""A study: a folder the user owns, described by ``study.yaml``.

The study file names the corpus (and how to read a one-file export), the outlets' order and
colours, the instruments (terms map, codebook, actor table, reporting verbs), the manual
annotations, the coding the findings use, optional interpretation notes, an optional event
to compare coverage before and after, analysis settings and where results go. Every path is
relative to the study file's folder. :func:`read_study` checks all of it and refuses a bad
file with one message naming the key (and line) and the fix; :func:`default_study` is the
study in the current folder (the project's own).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn

from .errors import InputError
from .files import read_user_yaml
from .ingest.clean import DEFAULT_LINE_FILTERS, LineFilter

STUDY_FILE = "study.yaml"
FrameCoding = Literal["reference", "dictionary"]
KeynessCorrection = Literal["none", "williams"]
#: What the analyses do with near-duplicate documents (the prepared ``duplicates`` table).
DuplicatePolicy = Literal["keep", "count_once"]


@dataclass(frozen=True)
class Event:
    """The study file's ``event``: the day something happened, the days on each side of it to
    compare (``research_utils.analyse.timeline.compare_event_window``) and a label for it."""

    date: datetime.date
    days: int = 7
    label: str = ""


@dataclass(frozen=True)
class ClassifierOptions:
    """The study file's ``classifier``: whether ``analyse`` trains a frame classifier on the
    reference coding and applies it to every sentence (:mod:`research_utils.analyse.classifier`),
    the fewest reference positives a frame needs for a model, the cross-validation folds, how
    sentences are split into folds (``document``: a document's sentences stay in one fold)
    and the seed."""

    use: bool = False
    min_positives: int = 20
    folds: int = 5
    split: Literal["document", "sentence"] = "document"
    seed: int = 0


@dataclass(frozen=True)
class Study:
    """Everything a study file says, with paths resolved against its folder."""

    root: Path
    title: str = "Untitled study"
    question: str = ""
    corpus: Path = Path("data/raw")
    columns: Mapping[str, str] = field(default_factory=dict)
    date_format: str | None = None
    line_filters: tuple[LineFilter, ...] = DEFAULT_LINE_FILTERS
    outlet_order: tuple[str, ...] = ()
    outlet_colours: Mapping[str, str] = field(default_factory=dict)
    terms_map: Path | None = None
    codebook: Path = Path("instruments/codebook.yaml")
    actors: Path = Path("instruments/actors.csv")
    reporting_verbs: Path | None = None
    frames_reference: Path | None = None
    mentions_reference: Path | None = None
    quotes_reference: Path | None = None
    frame_coding: FrameCoding = "dictionary"
    notes: Path | None = None
    event: Event | None = None
    keyness_min_freq: int = 3
    keyness_correction: KeynessCorrection = "none"
    min_quote_words: int = 3
    concordance: tuple[str, ...] = ()
    duplicates: DuplicatePolicy = "keep"
    classifier: ClassifierOptions = field(default_factory=ClassifierOptions)
    processed: Path = Path("data/processed")
    analysed: Path = Path("data/analysed")
    figures: Path = Path("figures")
    notebooks: Path = Path("notebooks")
    report: Path = Path("reports/report.html")
    #: Human coding: sheets for coders, returned sheets, reliability and decisions.
    coding: Path = Path("coding")
    file: Path | None = None

    def path(self, value: Path) -> Path:
        """``value`` resolved against the study folder."""
        return value if value.is_absolute() else self.root / value


# --------------------------------------------------------------------------- reading


def find_study_file(study: str | Path | None = None) -> Path | None:
    """The study file for ``--study`` (a folder or a file), or ``./study.yaml`` if there is one."""
    if study is None:
        candidate = Path(STUDY_FILE)
        return candidate if candidate.is_file() else None
    path = Path(study)
    if path.is_dir():
        path = path / STUDY_FILE
    if not path.is_file():
        raise InputError(
            path,
            "study file not found",
            "pass a study folder made by `research-utils init DIR`, or its study.yaml",
        )
    return path


def default_study(study: str | Path | None = None) -> Study:
    """The study ``--study`` names, else the one in the current folder, else the defaults
    (the standard layout in the current folder)."""
    path = find_study_file(study)
    return read_study(path) if path is not None else Study(root=Path("."))


def read_study(path: str | Path) -> Study:
    """Read and check a study file; see the README ("Your own study") for every key."""
    path = Path(path)
    data = read_user_yaml(path, what="study file", fix="pass the study.yaml that `research-utils init` wrote")
    reader = _Keys(path, data, "")
    root = path.parent
    fields: dict[str, Any] = {"root": root, "file": path}
    fields["title"] = reader.text("title", required=True)
    fields["question"] = reader.text("question")
    corpus = reader.section("corpus")
    fields["corpus"] = corpus.path("path", root, required=True)
    fields["columns"] = corpus.mapping("columns")
    fields["date_format"] = corpus.text("date_format") or None
    fields["line_filters"] = _line_filters(corpus)
    outlets = reader.section("outlets")
    fields["outlet_order"] = tuple(outlets.texts("order"))
    fields["outlet_colours"] = _colours(outlets)
    instruments = reader.section("instruments")
    fields["terms_map"] = instruments.path("terms_map", root)
    fields["codebook"] = instruments.path("codebook", root, required=True)
    fields["actors"] = instruments.path("actors", root, required=True)
    fields["reporting_verbs"] = instruments.path("reporting_verbs", root)
    annotations = reader.section("annotations")
    fields["frames_reference"] = annotations.path("frames", root)
    fields["mentions_reference"] = annotations.path("actor_mentions", root)
    fields["quotes_reference"] = annotations.path("quotes", root)
    findings = reader.section("findings")
    fields["frame_coding"] = findings.choice("frame_coding", ("reference", "dictionary"), "dictionary")
    if fields["frame_coding"] == "reference" and fields["frames_reference"] is None:
        findings.fail(
            "frame_coding",
            "is 'reference' but annotations: frames names no coding",
            "name the reference coding under annotations: frames, or use frame_coding: dictionary",
        )
    fields["notes"] = reader.path("notes", root)
    fields["event"] = _event(reader)
    analysis = reader.section("analysis")
    fields["keyness_min_freq"] = analysis.number("keyness_min_freq", 3)
    fields["keyness_correction"] = analysis.choice("keyness_correction", ("none", "williams"), "none")
    fields["min_quote_words"] = analysis.number("min_quote_words", 3)
    fields["concordance"] = tuple(analysis.texts("concordance"))
    fields["duplicates"] = analysis.choice("duplicates", ("keep", "count_once"), "keep")
    fields["classifier"] = _classifier(reader, fields["frames_reference"])
    results = reader.section("results")
    for key, default in (
        ("processed", "data/processed"),
        ("analysed", "data/analysed"),
        ("figures", "figures"),
        ("notebooks", "notebooks"),
        ("report", "reports/report.html"),
        ("coding", "coding"),
    ):
        fields[key] = results.path(key, root) or root / default
    reader.refuse_unknown()
    return Study(**fields)  # fmt: skip


def _line_filters(corpus: _Keys) -> tuple[LineFilter, ...]:
    """``line_filters``: ``default`` (the documented list), ``none``, or a list of rules."""
    value = corpus.get("line_filters", "default")
    if value in ("default", None):
        return DEFAULT_LINE_FILTERS
    if value == "none":
        return ()
    if not isinstance(value, list):
        corpus.fail(
            "line_filters", "is not default, none or a list", "write default, none, or a list of rules"
        )
    rules: list[LineFilter] = []
    for number, item in enumerate(value, start=1):
        if item == "default":
            rules.extend(DEFAULT_LINE_FILTERS)
            continue
        rule = (
            _Keys(corpus.path_, item, f"{corpus.prefix}line_filters[{number}].")
            if isinstance(item, dict)
            else None
        )
        if rule is None:
            corpus.fail(
                "line_filters",
                f"rule {number} is not 'default' or a mapping",
                "write each rule as {name: ..., pattern: ..., action: drop|strip, ignore_case: false}",
            )
        action = rule.choice("action", ("drop", "strip"), "drop")
        pattern = rule.text("pattern", required=True)
        try:
            re.compile(pattern)
        except re.error as exc:
            rule.fail("pattern", f"is not a regular expression ({exc})", "fix the pattern (Python re syntax)")
        ignore_case = rule.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            rule.fail("ignore_case", "is not true or false", "write ignore_case: true")
        rules.append(LineFilter(rule.text("name") or f"rule {number}", pattern, action, ignore_case))
        rule.refuse_unknown()
    return tuple(rules)  # fmt: skip


def _event(reader: _Keys) -> Event | None:
    """``event: {date: YYYY-MM-DD, days: N, label: text}`` (optional; days default 7)."""
    if reader.get("event") is None:
        return None
    if not isinstance(reader.get("event"), dict):
        reader.fail(
            "event", "is not a mapping", 'write event: {date: 2021-03-18, days: 7, label: "what happened"}'
        )
    event = reader.section("event")
    value = event.get("date")
    day = value if type(value) is datetime.date else None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None:
        event.fail(
            "date",
            f"is {value!r}, not a date YYYY-MM-DD",
            "write the day of the event, e.g. date: 2021-03-18",
        )
    return Event(day, event.number("days", 7), event.text("label"))


def _classifier(reader: _Keys, reference: Path | None) -> ClassifierOptions:
    """``classifier: {use: true, min_positives: 20, folds: 5, split: document, seed: 0}``
    (optional; ``use`` needs a reference coding under ``annotations: frames``)."""
    section = reader.section("classifier")
    use = section.get("use", False)
    if not isinstance(use, bool):
        section.fail("use", f"is {use!r}, not true or false", "write use: true")
    seed = section.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        section.fail("seed", f"is {seed!r}, not a whole number of 0 or more", "write seed: 0")
    folds = section.number("folds", 5)
    if folds < 2:
        section.fail("folds", f"is {folds}; cross-validation needs 2 folds or more", "write folds: 5")
    options = ClassifierOptions(
        use=use,
        min_positives=section.number("min_positives", 20),
        folds=folds,
        split=section.choice("split", ("document", "sentence"), "document"),
        seed=seed,
    )
    if use and reference is None:
        section.fail(
            "use",
            "is true but annotations: frames names no reference coding to train on",
            "name the reference coding under annotations: frames, or write use: false",
        )
    return options


def _colours(outlets: _Keys) -> dict[str, str]:
    from matplotlib.colors import is_color_like

    colours = outlets.mapping("colours")
    for outlet, colour in colours.items():
        if not is_color_like(colour):
            outlets.fail("colours", f"{colour!r} for {outlet!r} is not a colour", "write a colour as #RRGGBB")
    return colours


class _Keys:
    """Reads one mapping of a study file, remembering which keys were used (unknown keys are
    refused) and naming the key path and line in every message."""

    def __init__(self, path: Path, data: Any, prefix: str) -> None:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            where = prefix.rstrip(".") or "the file"
            raise InputError(path, f"{where} is not a mapping of keys", "write `key: value` lines (YAML)")
        self.path_, self.data, self.prefix = path, data, prefix
        self.used = {"__line__"}
        self.children: list[_Keys] = []

    def fail(self, key: str, problem: str, fix: str) -> NoReturn:
        line = self.data.get("__line__")
        raise InputError(self.path_, f"{self.prefix}{key} {problem}", fix, line)

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.data.get(key, default)

    def section(self, key: str) -> _Keys:
        child = _Keys(self.path_, self.get(key), f"{self.prefix}{key}.")
        self.children.append(child)
        return child

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            self.fail(key, "is missing or not text", f"write {self.prefix}{key}: followed by text")
        return str(value).strip()

    def texts(self, key: str) -> list[str]:
        value = self.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, "is not a list of names", f"write {key}: [First outlet, Second outlet]")
        if len(set(value)) != len(value):
            self.fail(key, "lists a name twice", "list each name once")
        return [v.strip() for v in value]

    def mapping(self, key: str) -> dict[str, str]:
        value = {k: v for k, v in (self.get(key) or {}).items() if k != "__line__"}
        if not all(isinstance(v, str | int) for v in value.values()):
            self.fail(key, "is not a mapping of names to text", f"write {key}: {{name: value}}")
        return {str(k): str(v) for k, v in value.items()}

    def path(self, key: str, root: Path, *, required: bool = False) -> Path | None:
        value = self.text(key, required=required)
        return (root / value) if value else None

    def number(self, key: str, default: int) -> int:
        value = self.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(key, f"is {value!r}, not a whole number of 1 or more", f"write {key}: {default}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> Any:
        value = self.get(key, default)
        if value not in choices:
            self.fail(key, f"is {value!r}", f"use one of: {', '.join(choices)}")
        return value

    def refuse_unknown(self) -> None:
        """Refuse keys nobody read, here and in every section read through this one."""
        for child in self.children:
            child.refuse_unknown()
        unknown = sorted(str(k) for k in self.data if k not in self.used)
        if unknown:
            known = sorted(k for k in self.used if k != "__line__")
            self.fail(
                unknown[0],
                "is not a key of this section",
                f"use one of: {', '.join(known)} (check the spelling)",
            )
