"""A whole study in one call: prepare → analyse → notebooks, for the study a study file names."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import Engine
from ..errors import ResearchUtilsError
from ..progress import Log
from ..study import Study

if TYPE_CHECKING:
    from ..analyse.stage import Instruments


def prepare_study(study: Study, *, log: Log = None, **options: object) -> dict[str, Path]:
    """``prepare`` for the study's corpus into its processed folder (options: jobs, engine,
    scheduler, fmt, progress)."""
    from .prepare_tables import prepare

    return prepare(
        study.corpus,
        study.processed,
        columns=dict(study.columns) or None,
        date_format=study.date_format,
        line_filters=study.line_filters,
        log=log,
        **options,  # type: ignore[arg-type]
    )


def analyse_study(
    study: Study,
    *,
    jobs: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    progress: bool = False,
    log: Log = None,
) -> dict[str, Path]:
    """``analyse`` the study's prepared tables with its instruments into its analysed folder
    (``jobs``, ``engine``, ``scheduler``: :func:`~research_utils.pipeline.analyse_tables.analyse`)."""
    from .analyse_tables import analyse, study_instruments, study_settings

    return analyse(
        study.processed,
        study.analysed,
        instruments=study_instruments(study),
        settings=study_settings(study),
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
        progress=progress,
        log=log,
    )


def run_study(study: Study, *, log: Log = None, notebook_log: Log = None) -> list[Path]:
    """Prepare, analyse, then execute the study's notebooks in its notebooks folder.

    ``log`` hears the stages' reports; ``notebook_log`` (default: ``log``) each notebook's
    start and finish (:func:`~research_utils.report.notebooks.run_notebooks`).
    """
    from ..report import run_notebooks
    from .analyse_tables import analyse, study_settings

    instruments = check_study(study)  # refuse bad instruments or no notebooks before any work
    prepare_study(study, log=log)
    analyse(study.processed, study.analysed, instruments=instruments, settings=study_settings(study), log=log)
    return run_notebooks(
        study.notebooks,
        parameters=notebook_parameters(study, study.notebooks),
        log=notebook_log if notebook_log is not None else log,
    )


def check_study(study: Study, *, notebooks: Path | None = None) -> Instruments:
    """Refuse, before any work, a study ``run`` cannot finish: unreadable instruments or no
    numbered notebooks (in ``notebooks``, default the study's). Returns the instruments."""
    from ..report.notebooks import notebook_paths
    from .analyse_tables import study_instruments

    instruments = study_instruments(study)
    folder = notebooks if notebooks is not None else study.notebooks
    if not notebook_paths(folder):
        raise ResearchUtilsError(
            f"{folder}: no numbered notebooks (NN_name.ipynb) to run\n"
            "  fix: point the study file's results.notebooks at the study's notebooks folder, "
            "or copy the project's notebooks there (research-utils init makes a study with them)"
        )
    return instruments


def check_run_inputs(base: Study, *, corpus: Path, out: Path) -> None:
    """Refuse bad ``run --raw ... --out ...`` inputs before anything is written or started:
    a missing corpus or one of the wrong kind, an ``--out`` that is a file or a folder
    ``run`` did not write, a study whose instruments or notebooks cannot be read."""
    from ..errors import InputError
    from ..ingest.onefile import check_corpus_path

    check_corpus_path(corpus)
    _refuse_foreign(out)
    for parent in out.resolve().parents:  # the first folder on the way that exists
        if parent.exists():
            if not parent.is_dir():
                raise InputError(out, f"{parent} is a file, not a folder", "choose another --out")
            break
    check_study(base)


def run_study_into(
    base: Study, *, corpus: Path, out: str | Path, log: Log = None, notebook_log: Log = None
) -> list[Path]:
    """``corpus`` measured with ``base``'s instruments and notebooks, the whole study written
    to the folder ``out`` (``run --out``), which changes all at once or not at all.

    Everything is built in a staging folder beside ``out`` (the annotation cache of the
    previous run moved in, so unchanged documents are not tokenised again) and put in place
    of ``out`` in one step when every notebook has run (:mod:`research_utils.outputs`). On
    any failure ``out`` keeps its previous complete results (when a notebook failed, the
    staging folder is kept to look at, and the next run removes it). An ``out`` that
    exists, is not empty and was not written by ``run --out`` is refused (it would be
    replaced); every input is checked before anything is written
    (:func:`check_run_inputs`), and ``out`` again once it is locked. Returns the executed
    notebooks (in ``out``).
    """
    from ..annotate.cache import CACHE_DIR
    from ..outputs import locked_path, staging_folder, swap_folder
    from ..report.notebooks import notebook_paths
    from ..study import read_study
    from .init import derive_study

    out = Path(out)
    check_run_inputs(base, corpus=corpus, out=out)
    with locked_path(out, command="run --out"):
        _refuse_foreign(out)
        staging = staging_folder(out)
        cache = kept = None
        try:
            study = read_study(derive_study(base, corpus=corpus, folder=staging))
            cache, kept = out / study.processed.relative_to(staging) / CACHE_DIR, study.processed / CACHE_DIR
            if cache.is_dir():
                kept.parent.mkdir(parents=True, exist_ok=True)
                os.replace(cache, kept)
            study.notebooks.mkdir(parents=True, exist_ok=True)
            for template in notebook_paths(base.notebooks):
                shutil.copyfile(template, study.notebooks / template.name)
            executed = run_study(study, log=log, notebook_log=notebook_log)
        except BaseException as exc:
            if cache is not None and kept is not None and kept.is_dir() and out.is_dir():
                cache.parent.mkdir(parents=True, exist_ok=True)
                os.replace(kept, cache)
            if isinstance(exc, ResearchUtilsError) and any(staging.rglob("*.ipynb")):
                raise ResearchUtilsError(
                    f"{exc}\n  {out} is left as it was; this run's files stay in {staging} "
                    "to look at, until the next run removes them"
                ) from exc
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap_folder(staging, out)
    return [out / p.relative_to(staging) for p in executed]


def _refuse_foreign(out: Path) -> None:
    """Refuse to replace a folder ``run --out`` did not write."""
    from ..study import STUDY_FILE
    from .init import DERIVED_MARK

    if not out.exists():
        return
    if not out.is_dir():
        raise ResearchUtilsError(f"{out}: --out is a file, not a folder\n  fix: name a new or empty folder")
    study_file = out / STUDY_FILE
    made_by_run = study_file.is_file() and study_file.read_text(encoding="utf-8").startswith(DERIVED_MARK)
    if any(p for p in out.iterdir() if not p.name.startswith(".")) and not made_by_run:
        raise ResearchUtilsError(
            f"{out}: the folder exists and was not written by `research-utils run --out`; "
            "run replaces everything in it\n  fix: name a new or empty folder for --out"
        )


def notebook_parameters(study: Study, notebooks: Path | None) -> dict[str, str]:
    """The ``STUDY`` parameter notebooks run with: none when they run in place in the study's
    own folder (their default ``../study.yaml`` is the study), else the study file's path."""
    if study.file is None:
        return {}
    if notebooks is not None and (notebooks / ".." / "study.yaml").resolve() == study.file.resolve():
        return {}
    return {"STUDY": str(study.file.resolve())}
