"""New study folders: ``research-utils init``, and the study ``run --out`` makes for a corpus.

A study folder holds ``study.yaml``, editable copies of the instruments (a generic starting
codebook, an empty actor table and terms map, the general reporting-verb lexicon), a folder
for manual codings, the notebooks and a short README. It is written in a temporary folder
and renamed into place, so a failure leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..config import TEMPLATES_DIR
from ..errors import InputError
from ..files import write_text_atomic
from ..study import STUDY_FILE, Study

#: The instrument templates a new study gets, by their file name in ``instruments/``.
INSTRUMENT_TEMPLATES = ("codebook.yaml", "actors.csv", "terms.csv", "reporting_verbs.csv")
NOTEBOOK_TEMPLATES = TEMPLATES_DIR / "notebooks"

_README = """# {title}

A study made with research-utils. Every command below runs from the folder above this one;
`--study {name}` points it here.

1. Check the corpus and write its checksums once: `research-utils manifest --study {name}`
2. Tokenise and tag it: `research-utils prepare --study {name}`
3. Build your instruments from the data: `research-utils suggest actors --study {name}` (and
   `suggest terms`), mark the rows to keep with `yes`, then `research-utils adopt actors
   {name}/suggestions/actors.csv --study {name}`. Edit `instruments/codebook.yaml` for your frames.
4. Run everything: `research-utils run --study {name}`; the notebooks in `notebooks/` show the
   results and warn about what the instruments miss; `research-utils report --study {name}`
   writes a report to share.

Manual codings go in `data/annotations/` (formats: the project's README, "Human coding").
"""


def _relative(target: Path, start: Path) -> str:
    try:
        return os.path.relpath(target.resolve(), start.resolve())
    except ValueError:  # another drive (Windows)
        return str(target.resolve())


def init_study(folder: str | Path, *, corpus: str | Path | None = None, title: str | None = None) -> Path:
    """Scaffold a study in ``folder`` (which must not exist, or be empty); return its study file."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(
            folder, "already exists and is not an empty folder", "choose a new folder for the study"
        )
    if corpus is not None and not Path(corpus).exists():
        raise InputError(
            corpus, "corpus not found", "pass a corpus folder or a .csv/.jsonl file with --corpus"
        )
    title = title or folder.resolve().name.replace("_", " ").replace("-", " ").capitalize()
    corpus_text = _relative(Path(corpus), folder) if corpus is not None else "data/raw"
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        template = (TEMPLATES_DIR / STUDY_FILE).read_text(encoding="utf-8")
        (staging / STUDY_FILE).write_text(
            template.format(title=_yaml_text(title), corpus=corpus_text), "utf-8"
        )
        (staging / "README.md").write_text(_README.format(title=title, name=folder.as_posix()), "utf-8")
        (staging / "instruments").mkdir()
        for name in INSTRUMENT_TEMPLATES:
            shutil.copyfile(TEMPLATES_DIR / name, staging / "instruments" / name)
        (staging / "data" / "annotations").mkdir(parents=True)
        shutil.copytree(NOTEBOOK_TEMPLATES, staging / "notebooks")
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder / STUDY_FILE


def _yaml_text(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: The first words of a study file ``run --out`` writes: how ``run`` knows a folder is its own.
DERIVED_MARK = "# Made by `research-utils run --raw ... --out ...`"


def derive_study(base: Study, *, corpus: Path, folder: str | Path) -> Path:
    """Write ``folder/study.yaml`` for ``corpus`` measured with ``base``'s instruments.

    The derived study has its own title (never the base study's), no manual codings (the
    base's cover only its own documents) and no notes; its results go inside ``folder``.
    """
    folder = Path(folder)
    if not corpus.exists():
        raise InputError(corpus, "corpus not found", "pass a corpus folder or a .csv/.jsonl file with --raw")
    folder.mkdir(parents=True, exist_ok=True)

    def absolute(path: Path | None) -> str:
        return "" if path is None else str(path.resolve())

    lines = [
        f"{DERIVED_MARK}: this corpus measured with the",
        f"# instruments of {absolute(base.file) or 'the study in ' + str(Path.cwd())}.",
        f"title: {_yaml_text('Study of ' + corpus.resolve().name)}",
        "corpus:",
        f"  path: {_yaml_text(absolute(corpus))}",
        *([f"  columns: {{{', '.join(f'{k}: {v}' for k, v in base.columns.items())}}}"] * bool(base.columns)),
        *([f"  date_format: {_yaml_text(base.date_format)}"] if base.date_format else []),
        "instruments:",
        *(
            f"  {key}: {_yaml_text(absolute(path))}"
            for key, path in (
                ("terms_map", base.terms_map),
                ("codebook", base.codebook),
                ("actors", base.actors),
                ("reporting_verbs", base.reporting_verbs),
            )
            if path is not None
        ),
        "results: {processed: processed, analysed: analysed, figures: figures, notebooks: notebooks,"
        " report: reports/report.html}",
        "analysis:",
        f"  keyness_min_freq: {base.keyness_min_freq}",
        f"  keyness_correction: {base.keyness_correction}",
        f"  min_quote_words: {base.min_quote_words}",
    ]
    return write_text_atomic(folder / STUDY_FILE, "\n".join(lines) + "\n")
