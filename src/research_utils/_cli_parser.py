"""The sub-commands of ``research-utils``: their options, help and examples (see :mod:`.cli`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType


def _command(
    sub: argparse._SubParsersAction, name: str, summary: str, example: str
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _study_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--study",
        type=Path,
        default=None,
        metavar="PATH",
        help="study folder or its study.yaml (default: ./study.yaml, else the standard layout here)",
    )


def add_commands(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    """Add every sub-command to ``sub``; their functions are ``cli._<name>``."""
    _add_setup(sub, cli)
    _add_prepare(sub, cli)
    _add_instruments(sub, cli)
    _add_coding(sub, cli)
    _add_discover(sub, cli)
    _add_later_stages(sub, cli)


def _add_setup(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    check = _command(
        sub,
        "check",
        "report the NLTK data the project needs, found or missing",
        "research-utils check --download",
    )
    check.add_argument("--download", action="store_true", help="download what is missing (needs internet)")
    check.add_argument("--dir", default=None, help="download into this folder (default: NLTK's)")
    check.set_defaults(func=cli._check)

    init = _command(
        sub,
        "init",
        "make a new study folder: study file, editable instruments, README",
        "research-utils init studies/floods --corpus exports/floods.csv",
    )
    init.add_argument("folder", type=Path, help="the new study's folder (must not exist or be empty)")
    init.add_argument("--corpus", type=Path, default=None, help="the corpus: a folder, or a .csv/.jsonl file")
    init.add_argument("--title", default=None, help="the study's title (default: from the folder's name)")
    init.set_defaults(func=cli._init)

    manifest = _command(
        sub,
        "manifest",
        "rewrite SHA256SUMS after adding or changing articles",
        "research-utils manifest --study studies/floods",
    )
    _study_option(manifest)
    manifest.add_argument(
        "--raw", type=Path, default=None, help="corpus folder or file (default: the study's)"
    )
    manifest.set_defaults(func=cli._manifest)


def _add_later_stages(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    analyse = _command(
        sub,
        "analyse",
        "write every analysed table from the processed tables",
        "research-utils analyse --study studies/floods --jobs 2",
    )
    _study_option(analyse)
    analyse.add_argument(
        "--processed", type=Path, default=None, help="processed tables (default: the study's)"
    )
    analyse.add_argument("--out", type=Path, default=None, help="output folder (default: the study's)")
    _engine_options(analyse, cli)
    analyse.add_argument("--quiet", action="store_true", help="no progress bars or reports")
    analyse.set_defaults(func=cli._analyse)

    notebooks = _command(
        sub,
        "notebooks",
        "execute the study's numbered notebooks in place, each after those it needs",
        "research-utils notebooks --study studies/floods",
    )
    _study_option(notebooks)
    notebooks.add_argument("--notebooks", type=Path, default=None, help="folder (default: the study's)")
    notebooks.add_argument(
        "--jobs", type=cli._positive_int, default=None, help="notebooks at a time (default: all cores)"
    )
    notebooks.set_defaults(func=cli._notebooks)
    _add_run_report_docs(sub, cli)


def _add_run_report_docs(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    run = _command(
        sub,
        "run",
        "the whole study: prepare, analyse, then execute the notebooks",
        "research-utils run --study studies/floods",
    )
    _study_option(run)
    run.add_argument("--raw", type=Path, default=None, help="another corpus (needs --out)")
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        help="make a study folder here for --raw with this study's instruments; run it",
    )
    run.set_defaults(func=cli._run)

    report = _command(
        sub,
        "report",
        "render the comparison notebook as one offline HTML page without code",
        "research-utils report --study studies/floods",
    )
    _study_option(report)
    report.add_argument(
        "--notebook", type=Path, default=None, help="executed notebook (default: the study's 04)"
    )
    report.add_argument("--output", type=Path, default=None, help="HTML file (default: the study's report)")
    report.set_defaults(func=cli._report)

    export = _command(
        sub,
        "export",
        "write every table of the study to one workbook: the data dictionary first, one sheet per table",
        "research-utils export --format xlsx --study studies/floods --out floods_tables.xlsx",
    )
    _study_option(export)
    export.add_argument("--format", choices=("xlsx",), default="xlsx", help="file format (default: xlsx)")
    export.add_argument(
        "--out", type=Path, default=None, help="workbook to write (default: tables.xlsx beside the report)"
    )
    export.add_argument("--quiet", action="store_true", help="no reports")
    export.set_defaults(func=cli._export)

    docs = _command(
        sub,
        "docs",
        "regenerate the README's data dictionary from the table schemas",
        "research-utils docs --check",
    )
    docs.add_argument("--readme", type=Path, default=Path("README.md"), help="file (default: %(default)s)")
    docs.add_argument("--check", action="store_true", help="only check that it is current (exit 1 if not)")
    _study_option(docs)
    docs.set_defaults(func=cli._docs)


def _engine_options(parser: argparse.ArgumentParser, cli: ModuleType) -> None:
    """``--jobs``, ``--engine`` and ``--scheduler``: where a stage's batches of documents run."""
    parser.add_argument(
        "--jobs", type=cli._positive_int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="where the work runs (default: local)"
    )
    parser.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler (default: a LocalCluster)"
    )


def _add_prepare(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    prepare = _command(
        sub,
        "prepare",
        "validate the corpus and write the processed tables",
        "research-utils prepare --study studies/floods --jobs 2",
    )
    _study_option(prepare)
    prepare.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="corpus folder or .csv/.jsonl file, one article per row (default: the study's)",
    )
    prepare.add_argument("--out", type=Path, default=None, help="output folder (default: the study's)")
    prepare.add_argument(
        "--columns",
        default=None,
        metavar="FIELD=COLUMN,...",
        help="columns of a .csv/.jsonl corpus, e.g. text=body,doc_id=id,published=date",
    )
    _engine_options(prepare, cli)
    prepare.add_argument(
        "--format",
        choices=("auto", "csv", "parquet"),
        default="auto",
        help="sentence and token tables (default: auto: Parquet above 4 million characters)",
    )
    prepare.add_argument("--quiet", action="store_true", help="no progress bars or reports")
    prepare.set_defaults(func=cli._prepare)


def _add_instruments(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    suggest = _command(
        sub,
        "suggest",
        "propose actors or multi-word terms found in the corpus, to review",
        "research-utils suggest actors --study studies/floods",
    )
    suggest.add_argument("kind", choices=("actors", "terms"), help="what to suggest")
    _study_option(suggest)
    suggest.add_argument(
        "--out", type=Path, default=None, help="CSV to write (default: the study's suggestions/KIND.csv)"
    )
    suggest.add_argument("--quiet", action="store_true", help="no reports")
    suggest.set_defaults(func=cli._suggest)

    adopt = _command(
        sub,
        "adopt",
        "add the suggestions marked 'yes' to the study's actor table or terms map",
        "research-utils adopt actors floods/suggestions/actors.csv --study floods",
    )
    adopt.add_argument("kind", choices=("actors", "terms"), help="which instrument")
    adopt.add_argument("suggestions", type=Path, help="the reviewed suggestions CSV")
    _study_option(adopt)
    adopt.set_defaults(func=cli._adopt)


def _add_discover(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    discover = _command(
        sub,
        "discover",
        "find topics in the corpus (NMF or LDA) and write them, a figure and a codebook skeleton to review",
        "research-utils discover --study studies/floods --k 8 --unit paragraph --method nmf --seed 1",
    )
    _study_option(discover)
    discover.add_argument(
        "--k", type=cli._whole_number("--k 8"), required=True, help="number of topics (2 or more)"
    )
    discover.add_argument(
        "--unit", choices=("sentence", "paragraph"), default="sentence", help="what a topic model document is"
    )
    discover.add_argument(
        "--method",
        choices=("nmf", "lda"),
        default="nmf",
        help="NMF on TF-IDF (default) or LDA on counts, of lemmas without stop words",
    )
    discover.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    discover.add_argument(
        "--top-terms",
        type=cli._whole_number("--top-terms 12"),
        default=12,
        help="terms per topic (default: %(default)s)",
    )
    discover.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the study's suggestions/)"
    )
    discover.add_argument("--quiet", action="store_true", help="no reports")
    discover.set_defaults(func=cli._discover)


def _add_coding(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    sheets = _command(
        sub,
        "coding-sheet",
        "write coding sheets for human coders: a seeded, stratified sample of sentences, one sheet each",
        "research-utils coding-sheet --study studies/floods --coders anna,ben --sample 200 --overlap 100",
    )
    _study_option(sheets)
    sheets.add_argument(
        "--coders", required=True, help="the coders' names, comma-separated (they name the files)"
    )
    sheets.add_argument(
        "--sample",
        type=cli._sample_size,
        required=True,
        metavar="N|all",
        help="sentences to draw (split over outlets in proportion to their sentences), or all",
    )
    sheets.add_argument("--per-outlet", action="store_true", help="draw N sentences from each outlet instead")
    sheets.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    sheets.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help="sheet files (default: xlsx)"
    )
    sheets.add_argument(
        "--overlap",
        type=int,
        default=None,
        metavar="M",
        help="units every coder gets, for reliability; the others are split between coders "
        "(default: every unit to every coder)",
    )
    sheets.add_argument(
        "--show-outlet", action="store_true", help="show each sentence's outlet (default: blind)"
    )
    sheets.add_argument("--out", type=Path, default=None, help="folder (default: the study's coding/sheets)")
    sheets.set_defaults(func=cli._coding_sheet)
    _add_agreement(sub, cli)


def _add_agreement(sub: argparse._SubParsersAction, cli: ModuleType) -> None:
    agreement = _command(
        sub,
        "reliability",
        "coder agreement per frame from the returned sheets: Krippendorff's alpha with an interval",
        "research-utils reliability --study studies/floods",
    )
    _study_option(agreement)
    agreement.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: %(default)s)")
    agreement.add_argument(
        "--draws",
        type=cli._whole_number("--draws 1000"),
        default=1000,
        help="bootstrap resamples (default: %(default)s)",
    )
    agreement.set_defaults(func=cli._reliability)

    adjudicate = _command(
        sub,
        "adjudicate",
        "merge the returned sheets into the reference coding: majority, ties decided by you",
        "research-utils adjudicate --study studies/floods",
    )
    _study_option(adjudicate)
    adjudicate.add_argument(
        "--decisions", type=Path, default=None, help="your decisions on ties (default: coding/decisions.csv)"
    )
    adjudicate.add_argument(
        "--out",
        type=Path,
        default=None,
        help="coding to write (default: the study's annotations: frames, else coding/frames_reference.csv)",
    )
    adjudicate.add_argument("--force", action="store_true", help="replace a different coding already there")
    adjudicate.set_defaults(func=cli._adjudicate)
