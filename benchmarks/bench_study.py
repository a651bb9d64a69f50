"""The whole study on corpora of growing size: time and memory per stage, and growth ratios.

Builds corpora from the Brown corpus (NLTK data): each Brown file cut into pieces of about
``--words`` words, one piece per document, its category as the outlet (15 outlets), as many
documents as asked (the files are reused, with new ids, if more are asked than Brown holds).
For each size it makes a study folder (``research-utils init``), then times ``prepare``,
``analyse`` and the notebooks (``research-utils notebooks``) as separate commands, each in a
fresh process, and records each command's peak memory (its own and its children's). It
prints one row per size and stage, then the growth of each stage's time from the first
size to the others — all measured in one run.

    NLTK_DATA=$(realpath ../shared/nltk_data) .venv/bin/python benchmarks/bench_study.py --sizes 500 5000
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("prepare", "analyse", "notebooks")


def build_corpus(folder: Path, n_documents: int, words: int) -> Path:
    """A corpus folder of ``n_documents`` Brown pieces of about ``words`` words each."""
    from nltk.corpus import brown

    from research_utils.ingest import write_manifest

    pieces = []
    for fileid in brown.fileids():
        category = brown.categories(fileid)[0]
        sentences = brown.sents(fileid)
        chunk: list[str] = []
        for sentence in sentences:
            chunk.append(" ".join(sentence))
            if sum(len(s.split()) for s in chunk) >= words:
                pieces.append((fileid, category, " ".join(chunk)))
                chunk = []
    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["doc_id", "file", "outlet", "published", "language"])
        for i in range(n_documents):
            fileid, category, text = pieces[i % len(pieces)]
            doc_id = f"{fileid}_{i:06d}"
            (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow([doc_id, f"{doc_id}.txt", category, "1961-01-01", "en"])
    write_manifest(folder)
    return folder


def run_stage(command: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (GB, the command and its children) of one command."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "s = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'{code} {s} {peak}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, check=False
    )
    code, seconds, peak_kb = done.stderr.strip().splitlines()[-1].split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return float(seconds), int(peak_kb) / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[500, 1000, 2000], help="documents per corpus"
    )
    parser.add_argument("--words", type=int, default=230, help="words per document (news length)")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("research-utils"))
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-study-") as tmp:
        for size in args.sizes:
            corpus = build_corpus(Path(tmp) / f"corpus_{size}", size, args.words)
            study = Path(tmp) / f"study_{size}"
            subprocess.run(
                [cli, "init", str(study), "--corpus", str(corpus)], check=True, capture_output=True
            )
            results[size] = {
                stage: run_stage(
                    [cli, stage, "--study", str(study)] + (["--quiet"] if stage != "notebooks" else [])
                )
                for stage in STAGES
            }
            total = sum(t for t, _ in results[size].values())
            peak = max(m for _, m in results[size].values())
            for stage, (seconds, memory) in results[size].items():
                print(
                    f"{size:>7,} documents  {stage:<10} {seconds:8.1f} s  peak {memory:5.2f} GB", flush=True
                )
            print(f"{size:>7,} documents  {'total':<10} {total:8.1f} s  peak {peak:5.2f} GB", flush=True)
    first = args.sizes[0]
    for size in args.sizes[1:]:
        ratios = ", ".join(
            f"{stage} ×{results[size][stage][0] / results[first][stage][0]:.2f}" for stage in STAGES
        )
        print(f"growth {first:,} → {size:,} documents (×{size / first:g}): {ratios}")
    print(
        f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, maxrss unit: {resource.RUSAGE_CHILDREN}"
    )


if __name__ == "__main__":
    main()
