"""The trained frame classifier against the dictionary, per frame, on a corpus coded for it.

Builds the coded corpus of the tests (``tests/classified_corpus.py``): Brown files of the
categories religion, government and hobbies, every sentence coded with its file's category
as its frame (a coding anyone can reproduce), one short humor file (too few positives for a
model), two outlets taking the files in turn, and a dictionary of six obvious words per
category written from the category names before any result was seen. It makes a study
folder, prepares it, runs ``analyse`` with ``classifier: {use: true}`` and prints the
``classifier_validation`` table: precision, recall and F1 (95 % intervals) of the dictionary
and of the classifier on the same cross-validation folds (5-fold StratifiedGroupKFold by
document), with chance (the F1 of coding at random at the reference's prevalence). The
numbers are printed as they are, including where the classifier loses.

    NLTK_DATA=$(realpath ../shared/nltk_data) .venv/bin/python benchmarks/bench_classifier.py \\
        --files 10 --sentences 60
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from classified_corpus import make_coded_study

from research_utils.cli import main
from research_utils.tables import read_table


def _interval(row, score: str) -> str:
    if row[score] != row[score]:  # NaN: no model
        return "—"
    return f"{row[score]:.2f} [{row[f'{score}_low']:.2f}, {row[f'{score}_high']:.2f}]"


def run(files: int, sentences: int, folds: int) -> None:
    """Build, prepare, analyse; print the comparison."""
    with tempfile.TemporaryDirectory() as tmp:
        study = make_coded_study(
            Path(tmp), classifier={"use": True, "folds": folds}, files=files, sentences=sentences
        )
        start = time.perf_counter()
        assert main(["analyse", "--study", str(study), "--quiet", "--jobs", "1"]) == 0
        seconds = time.perf_counter() - start
        table = read_table("classifier_validation", study / "data" / "analysed")
    n = int(table["n"].iloc[0])
    print(f"{files} files per category x {sentences} sentences: {n} coded sentences; analyse {seconds:.1f} s")
    print(f"cross-validation: {table['cv'][table['folds'] > 0].iloc[0]}\n")
    header = f"{'frame':<11} {'method':<11} {'pos':>4} {'chance':>6}  "
    header += f"{'precision':<19} {'recall':<19} {'F1':<19}"
    print(header)
    print("-" * len(header))
    for _, row in table.iterrows():
        chance = row["support"] / row["n"]
        print(
            f"{row['frame']:<11} {row['method']:<11} {row['n_positive']:>4} {chance:>6.2f}  "
            f"{_interval(row, 'precision'):<19} {_interval(row, 'recall'):<19} {_interval(row, 'f1'):<19}"
            + (f"  {row['note']}" if isinstance(row["note"], str) and row["note"] else "")
        )
    f1 = table.pivot(index="frame", columns="method", values="f1").dropna()
    wins = int((f1["classifier"] > f1["dictionary"]).sum())
    print(f"\nclassifier F1 above the dictionary's on {wins} of {len(f1)} frames with a model")


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10, help="Brown files per category (default 10)")
    parser.add_argument("--sentences", type=int, default=60, help="sentences per file (default 60)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    args = parser.parse_args()
    run(args.files, args.sentences, args.folds)


if __name__ == "__main__":
    main_cli()
