"""The ``research-utils`` command line.

Commands follow the pipeline: ``check`` (NLTK data), ``manifest`` (checksums after adding
an article), ``prepare`` (raw → processed tables), ``analyse`` (processed → analysed
tables), ``notebooks`` (execute the notebooks), ``run`` (all of it, in place or on another
corpus), ``report`` (HTML report) and ``docs`` (the README's data dictionary). Bad input
prints one message naming the file, line and fix, and exits with status 2. Every module
is imported when its command runs, not before.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from . import config as cfg
from .errors import ResearchUtilsError


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


def _manifest(args: argparse.Namespace) -> int:
    from .ingest import write_manifest

    print(f"wrote {write_manifest(args.raw)}")
    return 0


def _prepare(args: argparse.Namespace) -> int:
    from .pipeline import prepare

    prepare(  # reports each table written (or found up to date) through log
        args.raw,
        args.out,
        columns=args.columns,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        fmt=args.format,
        progress=not args.quiet and sys.stderr.isatty(),
        log=None if args.quiet else print,
    )
    return 0


def _analyse(args: argparse.Namespace) -> int:
    from .pipeline import analyse

    analyse(args.processed, args.out, log=None if args.quiet else print)
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from .report import run_notebooks

    for path in run_notebooks(args.notebooks):
        print(f"executed {path}", flush=True)
    return 0


def _run(args: argparse.Namespace) -> int:
    from .pipeline import run

    for path in run(args.raw, args.out, notebooks_dir=args.notebooks, log=print):
        print(f"executed {path}", flush=True)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import render_report

    print(f"wrote {render_report(args.notebook, args.output)}")
    return 0


def _docs(args: argparse.Namespace) -> int:
    from .docs import update_readme

    changed = update_readme(args.readme, check=args.check)
    if args.check and changed:
        print(f"{args.readme}: the data dictionary is out of date; run: research-utils docs", file=sys.stderr)
        return 1
    print(f"{args.readme}: data dictionary {'rewritten' if changed else 'up to date'}")
    return 0


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more")
    return number


def _add_prepare(sub: argparse._SubParsersAction) -> None:
    prepare = sub.add_parser("prepare", help="validate the corpus and write the processed tables")
    prepare.add_argument(
        "--raw",
        type=Path,
        default=cfg.RAW_DIR,
        help="corpus folder, or a .csv/.jsonl file with one article per row (default: %(default)s)",
    )
    prepare.add_argument(
        "--out", type=Path, default=cfg.PROCESSED_DIR, help="output folder (default: %(default)s)"
    )
    prepare.add_argument(
        "--columns",
        default=None,
        metavar="FIELD=COLUMN,...",
        help="column names of a .csv/.jsonl corpus, e.g. text=body,doc_id=id,outlet=source,published=date",
    )
    prepare.add_argument(
        "--jobs", type=_positive_int, default=None, help="worker processes (default: all cores)"
    )
    prepare.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="where the work runs (default: local)"
    )
    prepare.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler (default: a LocalCluster)"
    )
    prepare.add_argument(
        "--format",
        choices=("auto", "csv", "parquet"),
        default="auto",
        help="sentence and token tables (default: auto, Parquet above 4 million characters)",
    )
    prepare.add_argument("--quiet", action="store_true", help="no progress bars or reports")
    prepare.set_defaults(func=_prepare)


def _add_analyse_and_run(sub: argparse._SubParsersAction) -> None:
    analyse = sub.add_parser("analyse", help="write every analysed table from the processed tables")
    analyse.add_argument(
        "--processed", type=Path, default=cfg.PROCESSED_DIR, help="processed tables (default: %(default)s)"
    )
    analyse.add_argument(
        "--out", type=Path, default=cfg.ANALYSED_DIR, help="output folder (default: %(default)s)"
    )
    analyse.add_argument("--quiet", action="store_true", help="no reports")
    analyse.set_defaults(func=_analyse)

    notebooks = sub.add_parser("notebooks", help="execute the numbered notebooks in order, in place")
    notebooks.add_argument(
        "--notebooks", type=Path, default=cfg.NOTEBOOKS_DIR, help="folder (default: %(default)s)"
    )
    notebooks.set_defaults(func=_notebooks)

    run = sub.add_parser(
        "run", help="prepare, analyse and execute the notebooks: in place, or on another corpus with --out"
    )
    run.add_argument(
        "--notebooks", type=Path, default=cfg.NOTEBOOKS_DIR, help="folder (default: %(default)s)"
    )
    run.add_argument(
        "--raw", type=Path, default=None, help=f"corpus folder or file (default: {cfg.RAW_DIR}); needs --out"
    )
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write processed/, analysed/, figures/ and notebooks/ here, leaving the project untouched",
    )
    run.set_defaults(func=_run)

    report = sub.add_parser("report", help="render an executed notebook as self-contained HTML without code")
    report.add_argument(
        "--notebook", type=Path, default=cfg.REPORT_NOTEBOOK, help="executed notebook (default: %(default)s)"
    )
    report.add_argument(
        "--output", type=Path, default=cfg.REPORT_FILE, help="HTML file to write (default: %(default)s)"
    )
    report.set_defaults(func=_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="research-utils", description="Corpus preparation and framing analysis with NLTK."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="report the NLTK data the project needs, found or missing")
    check.add_argument("--download", action="store_true", help="download what is missing (needs internet)")
    check.add_argument("--dir", default=None, help="download into this folder (default: NLTK's)")
    check.set_defaults(func=_check)

    manifest = sub.add_parser("manifest", help="rewrite SHA256SUMS after adding or changing articles")
    manifest.add_argument(
        "--raw",
        type=Path,
        default=cfg.RAW_DIR,
        help="corpus folder, or a one-file corpus (.csv/.jsonl) (default: %(default)s)",
    )
    manifest.set_defaults(func=_manifest)

    _add_prepare(sub)

    _add_analyse_and_run(sub)

    docs = sub.add_parser("docs", help="regenerate the README's data dictionary from the table schemas")
    docs.add_argument("--readme", type=Path, default=Path("README.md"), help="file (default: %(default)s)")
    docs.add_argument("--check", action="store_true", help="only check that it is current (exit 1 if not)")
    docs.set_defaults(func=_docs)
    return parser


#: Commands that need no NLTK data.
_NO_NLTK = ("check", "manifest", "docs", "report")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``research-utils``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command not in _NO_NLTK:
            from .annotate.resources import ensure_resources

            ensure_resources()
        return int(args.func(args))
    except ResearchUtilsError as exc:
        print(f"research-utils {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
