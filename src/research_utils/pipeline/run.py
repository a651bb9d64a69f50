"""A whole study in one call: prepare → analyse → notebooks, for the study a study file names."""

from __future__ import annotations

from pathlib import Path

from ..engine import Engine
from ..progress import Log
from ..study import Study


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


def run_study(study: Study, *, templates: Path | None = None, log: Log = None) -> list[Path]:
    """Prepare, analyse, then execute the study's notebooks (in its notebooks folder).

    ``templates``: a folder of numbered notebooks to execute instead, written into the
    study's notebooks folder (the study's own copies are then left alone).
    """
    from ..report import run_notebooks
    from .analyse_tables import analyse, study_instruments, study_settings

    instruments = study_instruments(study)  # refuse bad instruments before any work
    prepare_study(study, log=log)
    analyse(study.processed, study.analysed, instruments=instruments, settings=study_settings(study), log=log)
    if templates is None:
        return run_notebooks(study.notebooks, parameters=notebook_parameters(study, study.notebooks))
    return run_notebooks(templates, out_dir=study.notebooks, parameters=notebook_parameters(study, None))


def notebook_parameters(study: Study, notebooks: Path | None) -> dict[str, str]:
    """The ``STUDY`` parameter notebooks run with: none when they run in place in the study's
    own folder (their default ``../study.yaml`` is the study), else the study file's path."""
    if study.file is None:
        return {}
    if notebooks is not None and (notebooks / ".." / "study.yaml").resolve() == study.file.resolve():
        return {}
    return {"STUDY": str(study.file.resolve())}
