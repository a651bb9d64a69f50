"""The ``research-utils`` command line.

Commands follow the pipeline, and every one that works on a study takes ``--study PATH``
(a study folder or its ``study.yaml``; default: ``./study.yaml``): ``init`` (a new study
folder), ``manifest``, ``prepare``, ``suggest``/``adopt`` (instruments from the data),
``analyse``, ``notebooks``, ``run`` (prepare → analyse → notebooks), ``report``, ``export``; plus
``check`` (NLTK data) and ``docs`` (the README's data dictionary). Bad input prints one
message naming the file, line or key and the fix, and exits with status 2. Modules are
imported when their command runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ResearchUtilsError
from .study import Study


def _study(args: argparse.Namespace) -> Study:
    """The study of ``--study``, with the paths a command's own options override."""
    from .study import default_study

    study = default_study(args.study)
    overrides: dict[str, Any] = {
        field: Path(value) if isinstance(value, str) else value
        for field, option in (("corpus", "raw"), ("processed", "processed"), ("analysed", "analysed"))
        if (value := getattr(args, option, None)) is not None
    }
    if getattr(args, "columns", None):
        from .ingest import parse_column_map

        overrides["columns"] = {k: v for k, v in parse_column_map(args.columns).items() if k != v}
    return dataclasses.replace(study, **overrides)


def _log(args: argparse.Namespace):
    return None if getattr(args, "quiet", False) else print


def _check(args: argparse.Namespace) -> int:
    from .annotate.resources import check_resources, download_missing, missing_message, search_path

    if args.download:
        download_missing(download_dir=args.dir)
    statuses = check_resources()
    for status in statuses:
        where = status.location or "missing"
        print(f"{'found' if status.found else 'MISSING':8} {status.resource.id:32} {where}")
    print("NLTK searches: " + ", ".join(search_path()))
    missing = [s.resource for s in statuses if not s.found]
    if missing:
        print(missing_message(missing), file=sys.stderr)
        return 1
    return 0


def _init(args: argparse.Namespace) -> int:
    from .pipeline.init import init_study

    path = init_study(args.folder, corpus=args.corpus, title=args.title)
    print(f"wrote {path}")
    print(f"next: see {args.folder / 'README.md'} (manifest, prepare, suggest actors, run)")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from .ingest import write_manifest

    print(f"wrote {write_manifest(_study(args).corpus)}")
    return 0


def _prepare(args: argparse.Namespace) -> int:
    from .pipeline import prepare_study

    study = _study(args)
    if args.out is not None:
        study = dataclasses.replace(study, processed=args.out)
    prepare_study(
        study,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        fmt=args.format,
        progress=not args.quiet and sys.stderr.isatty(),
        log=_log(args),
    )
    return 0


def _analyse(args: argparse.Namespace) -> int:
    from .pipeline import analyse_study

    study = _study(args)
    if args.out is not None:
        study = dataclasses.replace(study, analysed=args.out)
    analyse_study(
        study,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.quiet and sys.stderr.isatty(),
        log=_log(args),
    )
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from .pipeline.instruments import write_suggestions

    path = write_suggestions(_study(args), args.kind, out=args.out, log=_log(args))
    study = f" --study {args.study}" if args.study else ""
    print(f"wrote {path}: mark the rows to keep with 'yes' in the keep column, then run")
    print(f"  research-utils adopt {args.kind} {path}{study}")
    return 0


def _adopt(args: argparse.Namespace) -> int:
    from .pipeline.instruments import adopt_suggestions

    path, added = adopt_suggestions(_study(args), args.kind, args.suggestions)
    print(f"added {added} row(s) to {path}")
    return 0


def _discover(args: argparse.Namespace) -> int:
    from .pipeline.discover import SKELETON, discover_study

    paths = discover_study(
        _study(args),
        k=args.k,
        unit=args.unit,
        method=args.method,
        seed=args.seed,
        top_terms=args.top_terms,
        out=args.out,
        log=_log(args),
    )
    skeleton = next(p for p in paths if p.name == SKELETON)
    print(f"wrote {len(paths)} files to {skeleton.parent}: read topic_sentences.csv, then edit {skeleton}")
    return 0


def _status(message: str) -> None:
    """A notebook's start or finish, or the kernel used: one line on standard error, at once."""
    print(message, file=sys.stderr, flush=True)


def _notebooks(args: argparse.Namespace) -> int:
    from .pipeline.run import notebook_parameters
    from .report import run_notebooks

    study = _study(args)
    folder = args.notebooks or study.notebooks
    executed = run_notebooks(
        folder, parameters=notebook_parameters(study, folder), jobs=args.jobs, log=_status
    )
    for path in executed:
        print(f"executed {path}", flush=True)
    return 0


def _run(args: argparse.Namespace) -> int:
    from .pipeline.run import run_study, run_study_into

    study = _study(args)
    if args.out is not None:
        executed = run_study_into(
            study, corpus=Path(args.raw or study.corpus), out=args.out, log=print, notebook_log=_status
        )
    elif args.raw is not None:
        raise ResearchUtilsError(
            "--raw without --out would overwrite the study's own results\n"
            "  fix: add --out DIR, or make that corpus a study: research-utils init DIR --corpus PATH"
        )
    else:
        executed = run_study(study, log=print, notebook_log=_status)
    for path in executed:
        print(f"executed {path}", flush=True)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import render_report

    study = _study(args)
    notebook = args.notebook or study.notebooks / "04_outlet_comparison.ipynb"
    print(f"wrote {render_report(notebook, args.output or study.report, study=study)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .pipeline.export import export_study

    export_study(_study(args), out=args.out, log=print if not args.quiet else None)
    return 0


def _docs(args: argparse.Namespace) -> int:
    from .config import NOTEBOOKS_DIR, TEMPLATES_DIR
    from .docs import update_findings, update_readme, update_templates

    checks = {
        f"{args.readme}: data dictionary": update_readme(args.readme, check=args.check),
        f"{args.readme}: study findings": update_findings(args.readme, _study(args), check=args.check),
        "notebook templates": update_templates(NOTEBOOKS_DIR, TEMPLATES_DIR / "notebooks", check=args.check),
    }
    for what, changed in checks.items():
        state = "out of date" if changed and args.check else "rewritten" if changed else "up to date"
        print(f"{what}: {state}")
    stale = [what for what, changed in checks.items() if changed]
    if args.check and stale:
        print(f"research-utils docs: stale: {', '.join(stale)}; run it without --check", file=sys.stderr)
        return 1
    return 0


def _coding_sheet(args: argparse.Namespace) -> int:
    from .pipeline.coding import SheetOptions, write_coding_sheets

    options = SheetOptions(
        coders=tuple(args.coders.split(",")),
        sample=args.sample,
        per_outlet=args.per_outlet,
        seed=args.seed,
        fmt=args.format,
        overlap=args.overlap,
        show_outlet=args.show_outlet,
    )
    folder = write_coding_sheets(_study(args), options, out=args.out, log=print)
    print(f"wrote the sheets to {folder}: give each coder their file; put the filled-in ones,")
    print(f"  named as given, into {folder.parent / 'returned'}, then run research-utils reliability")
    return 0


def _reliability(args: argparse.Namespace) -> int:
    from .pipeline.coding import write_reliability

    for path in write_reliability(_study(args), seed=args.seed, draws=args.draws):
        print(f"wrote {path}")
    return 0


def _adjudicate(args: argparse.Namespace) -> int:
    from .pipeline.coding import write_adjudication

    done = write_adjudication(_study(args), decisions=args.decisions, out=args.out, force=args.force)
    if not done.decided:
        print(
            f"{done.n_ties} unit-frame tie(s) need your decision: wrote {done.path}; write 1 or 0 in "
            "its decision column, then run research-utils adjudicate again",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {done.path}: {done.n_units} unit(s), {done.n_ties} decided by you")
    return 0


def _sample_size(value: str) -> int | None:
    """``--sample``: a whole number of 1 or more, or ``all`` (None)."""
    if value.strip().lower() == "all":
        return None
    return _positive_int(value, example="--sample 200 (or --sample all)")


def _positive_int(value: str, *, example: str = "--jobs 2") -> int:
    """A whole number of 1 or more; argparse shows the message (with ``example``) after the
    option's name: ``argument --jobs: 'two' is not a whole number (e.g. --jobs 2)``."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (e.g. {example})") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more (e.g. {example})")
    return number


def _whole_number(example: str) -> Callable[[str], int]:
    """The ``type`` of an option taking a whole number of 1 or more, its message showing
    ``example`` (``--k 8``)."""

    def whole_number(value: str) -> int:
        return _positive_int(value, example=example)

    return whole_number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from ._cli_parser import add_commands

    parser = argparse.ArgumentParser(
        prog="research-utils",
        description="Computational framing analysis of news: your corpus, your instruments, a study folder.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), sys.modules[__name__])
    return parser


#: Commands that need no NLTK data.
_NO_NLTK = (
    "check",
    "init",
    "manifest",
    "docs",
    "report",
    "export",
    "adopt",
    "coding-sheet",
    "reliability",
    "adjudicate",
)


def _show_warning(
    command: str,
    default: Callable[..., None],
    message: Warning | str,
    category: type[Warning],
    *args: Any,
    **kwargs: Any,
) -> None:
    """The package's own warnings (a document in another script, say) as one line each."""
    if category.__module__.startswith("research_utils"):
        print(f"research-utils {command}: warning: {message}", file=sys.stderr)
    else:
        default(message, category, *args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``research-utils``; returns the exit status.

    A :class:`ResearchUtilsError`, or an ``OSError`` the user can fix (permissions, a full
    or read-only disk, a missing folder: :class:`~.errors.PathError`), prints one message
    and returns 2; Ctrl-C or SIGTERM prints one line and returns 128 + the signal number.
    Without a command it prints the help (the list of commands) and returns 2, a usage error.
    """
    import signal
    import threading

    from .errors import Interrupted, PathError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    previous = None
    if threading.current_thread() is threading.main_thread():  # SIGTERM stops it as Ctrl-C does
        previous = signal.signal(signal.SIGTERM, Interrupted.raise_on_signal)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = functools.partial(_show_warning, args.command, warnings.showwarning)
            if args.command not in _NO_NLTK:
                from .annotate.resources import ensure_resources

                ensure_resources()
            return int(args.func(args))
    except ResearchUtilsError as exc:
        print(f"research-utils {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        error = PathError.from_os_error(exc)
        if error is None:
            raise  # not a failure the user can fix: a bug, shown with its traceback
        print(f"research-utils {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
        what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
        message = f"{what}; previous results are left as they were"
        print(f"research-utils {args.command}: {message}", file=sys.stderr)
        return 128 + signum
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
