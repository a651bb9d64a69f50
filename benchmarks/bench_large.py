"""The whole study at one large size: does it fit the goals of 60 s of notebooks and 2 GB?

Builds a corpus of ``--documents`` news-length Brown documents (as ``bench_study.py`` does:
15 outlets, a year of dates, every document new text), makes a study folder, then runs
each stage as ``research-utils run`` does, as a command in a fresh process, printing its
time and peak memory (the command and its children): ``prepare`` (all cores), ``analyse``
(all cores) and ``notebooks`` (executing notebooks 01-04 on the tables). Between prepare
and analyse, actors and terms are adopted from the data (untimed), so every analysis has
work to do. The goals: notebooks <= 60 s whatever the size; the peak of every stage
<= 2 GB at 20,000 documents.

    NLTK_DATA=$(realpath ../shared/nltk_data) .venv/bin/python benchmarks/bench_large.py --documents 20000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_study import adopt_from_data, build_corpus, run_stage


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000, help="documents in the corpus")
    parser.add_argument("--words", type=int, default=230, help="words per document (news length)")
    parser.add_argument("--keep", type=Path, help="build the study in this folder and keep it")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("research-utils"))
    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
        root = args.keep or Path(tmp)
        corpus, study = root / "corpus", root / "study"
        build_corpus(corpus, args.documents, args.words)
        subprocess.run([cli, "init", str(study), "--corpus", str(corpus)], check=True, capture_output=True)
        s = ["--study", str(study)]
        results = {"prepare": run_stage([cli, "prepare", *s, "--quiet"])}
        adopt_from_data(cli, study)
        results["analyse"] = run_stage([cli, "analyse", *s, "--quiet"])
        results["notebooks"] = run_stage([cli, "notebooks", *s])
    n = args.documents
    for stage, (seconds, memory) in results.items():
        print(f"{n:>7,} documents  {stage:<10} {seconds:8.1f} s  peak {memory:5.2f} GB", flush=True)
    peak = max(m for _, m in results.values())
    print(
        f"{n:>7,} documents  notebooks {results['notebooks'][0]:.1f} s (goal <= 60 s); "
        f"peak of the run {peak:.2f} GB (goal <= 2 GB at 20,000 documents)"
    )


if __name__ == "__main__":
    main()
