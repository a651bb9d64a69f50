"""The whole study on corpora of growing size: time and memory per stage, and growth ratios.

Builds corpora from the Brown corpus (NLTK data): each Brown file cut into pieces of about
``--words`` words, one piece per document, its category as the outlet (15 outlets), dates
spread over a year, as many documents as asked (beyond Brown's ~5,000 pieces, its sentences
are reshuffled within each category, so every document is new text). For each size it
makes a study folder (``research-utils init``), adopts instruments from the data
(``suggest`` then ``adopt`` of the first 60 actors and 40 terms proposed, so every analysis
has work to do), then times, each as a
command in a fresh process with its peak memory (its own and its children's):

- ``prepare --jobs 1`` (tagging, the yardstick), then ``prepare`` again with nothing changed
  (the warm rerun);
- ``analyse --jobs 1`` and ``analyse`` (all cores);
- the notebooks (``research-utils notebooks``);
- each analysis step inside ``analyse --jobs 1`` (one process, the steps' own time);
- the start-up both compared commands pay before any work (a process importing NLTK and the
  CLI: Python, pandas, and the SciPy and scikit-learn that NLTK imports).

With ``--repeat N`` every stage, the start-up and the timed steps run N times in turn (each
cold prepare from nothing) and the fastest of each counts: on a shared machine the least
disturbed run is the closest to the work itself.

It prints one row per size and stage, then the ratios the goals are stated in — analyse /
prepare --jobs 1, warm / cold prepare — and analyse / prepare without their shared start-up,
and the growth of every stage's and step's time from the first size to the others, all
measured in one run. Use sizes in the ratio 1:2:4.

    NLTK_DATA=$(realpath ../shared/nltk_data) .venv/bin/python benchmarks/bench_study.py \\
        --sizes 500 1000 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import datetime
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("prepare --jobs 1", "prepare (warm)", "analyse --jobs 1", "analyse", "notebooks")
#: Analysis steps timed inside ``analyse --jobs 1`` (functions of research_utils.analyse.batches).
STEPS = (
    "extract_terms",
    "count_phrase_joins",
    "count_collocation_pairs",
    "code_frames",
    "find_actor_mentions",
    "find_quotes",
    "score_sentences",
    "find_names",
    "collect_concordances",
    "measure_dispersion",
    "compute_keyness",
    "summarize_coverage",
    "compare_outlets",
)
#: What both compared commands import before any work: Python, pandas, the CLI, and NLTK
#: (which itself imports SciPy and scikit-learn).
STARTUP = "import nltk, research_utils.cli"
STEP_SCRIPT = """
import functools, json, sys, time
from pathlib import Path
import research_utils.analyse.batches as b
from research_utils.pipeline.analyse_tables import analyse, study_instruments, study_settings
from research_utils.study import read_study
times = {}
def timed(name, f):
    @functools.wraps(f)
    def w(*a, **k):
        t = time.perf_counter(); r = f(*a, **k); times[name] = times.get(name, 0) + time.perf_counter() - t
        return r
    return w
for name in json.loads(sys.argv[2]):
    setattr(b, name, timed(name, getattr(b, name)))
study = read_study(Path(sys.argv[1]))
settings = study_settings(study)
analyse(study.processed, sys.argv[3], instruments=study_instruments(study), settings=settings, jobs=1)
print(json.dumps(times))
"""


def brown_pieces(words: int, round_: int) -> list[tuple[str, str, str]]:
    """Brown cut into pieces of about ``words`` words: (file id, category, text).

    Round 0 cuts each file in its own order. Later rounds (asked for when more documents
    are wanted than Brown holds) shuffle the sentences of each category with the round as
    seed before cutting, so every document is new text (no cache hit, no wire copy) with the
    vocabulary and length of its category.
    """
    from nltk.corpus import brown

    pieces = []
    if round_ == 0:
        streams = [(f, brown.categories(f)[0], list(brown.sents(f))) for f in brown.fileids()]
    else:
        rng = random.Random(round_)
        streams = []
        for category in brown.categories():
            sentences = list(brown.sents(categories=category))
            rng.shuffle(sentences)
            streams.append((f"{category}{round_}", category, sentences))
    for fileid, category, sentences in streams:
        chunk: list[str] = []
        count = 0
        for sentence in sentences:
            chunk.append(" ".join(sentence))
            count += len(sentence)
            if count >= words:
                pieces.append((fileid, category, " ".join(chunk)))
                chunk, count = [], 0
    return pieces


def build_corpus(folder: Path, n_documents: int, words: int) -> Path:
    """A corpus folder of ``n_documents`` Brown pieces of about ``words`` words each
    (:func:`brown_pieces`, in a seeded random order, so a corpus of any size has about the
    same share of each category: growth ratios compare like with like), dated over 1961."""
    from research_utils.ingest import write_manifest

    folder.mkdir(parents=True)
    pieces: list[tuple[str, str, str]] = []
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["doc_id", "file", "outlet", "published", "language"])
        round_ = 0
        for i in range(n_documents):
            if i >= len(pieces):
                more = brown_pieces(words, round_)
                random.Random(round_).shuffle(more)  # every size: the same mix of the 15 outlets
                pieces += more
                round_ += 1
            fileid, category, text = pieces[i]
            doc_id = f"{fileid}_{i:06d}"
            (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            day = datetime.date(1961, 1, 1) + datetime.timedelta(days=(i * 7919) % 365)
            writer.writerow([doc_id, f"{doc_id}.txt", category, day.isoformat(), "en"])
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
        "print(f'bench-stage {code} {s} {peak}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, check=False
    )
    # the command's own lines (and its kernels', which may come late) share standard error
    marked = [line for line in done.stderr.splitlines() if line.startswith("bench-stage ")]
    code, seconds, peak_kb = marked[-1].split()[1:]
    if int(code) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return float(seconds), int(peak_kb) / 1024**2


def keep_suggestions(path: Path, n: int, when: str) -> None:
    """Mark the first ``n`` suggestions whose ``when`` column is filled keep = yes (what a
    reviewing researcher would do; adopt refuses a row without it)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in [r for r in rows if r[when].strip()][:n]:
        row["keep"] = "yes"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def adopt_from_data(cli: str, study: Path) -> None:
    """Adopt the first 60 actors and 40 terms ``suggest`` proposes from the prepared tables."""
    run = functools.partial(subprocess.run, check=True, capture_output=True)
    for kind, n, when in (("actors", 60, "type"), ("terms", 40, "term")):
        run([cli, "suggest", kind, "--study", str(study), "--quiet"])
        keep_suggestions(study / "suggestions" / f"{kind}.csv", n, when)
        run([cli, "adopt", kind, str(study / "suggestions" / f"{kind}.csv"), "--study", str(study)])


def make_study(cli: str, corpus: Path, study: Path) -> None:
    """A study folder for ``corpus`` with actors and terms adopted from its own data; the
    prepared tables suggestions need are removed after, so the timed prepare starts cold."""
    subprocess.run([cli, "init", str(study), "--corpus", str(corpus)], check=True, capture_output=True)
    subprocess.run([cli, "prepare", "--study", str(study), "--quiet"], check=True, capture_output=True)
    adopt_from_data(cli, study)
    shutil.rmtree(study / "data" / "processed")


def measure(
    cli: str, study: Path, *, repeat: int = 1
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Seconds and peak GB of each stage; seconds of each analysis step. Every stage runs
    ``repeat`` times in turn, each cold prepare from no prepared tables and no cache; the
    fastest run of each counts (the least disturbed by other work on the machine)."""
    s = ["--study", str(study)]
    runs: dict[str, list[tuple[float, float]]] = {}
    for i in range(repeat):
        if i:
            shutil.rmtree(study / "data" / "processed")
        for stage, command in (
            ("prepare --jobs 1", "prepare"),
            ("prepare (warm)", "prepare"),
            ("analyse --jobs 1", "analyse"),
        ):
            runs.setdefault(stage, []).append(run_stage([cli, command, *s, "--quiet", "--jobs", "1"]))
        runs.setdefault("start-up", []).append(run_stage([sys.executable, "-c", STARTUP]))
        runs.setdefault("analyse", []).append(run_stage([cli, "analyse", *s, "--quiet"]))
        runs.setdefault("notebooks", []).append(run_stage([cli, "notebooks", *s]))
    stages = {stage: min(times) for stage, times in runs.items()}
    steps: dict[str, float] = {}
    for _ in range(repeat):  # each step's fastest run counts, as for the stages
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run(
                [sys.executable, "-c", STEP_SCRIPT, str(study / "study.yaml"), json.dumps(STEPS), out],
                check=True,
                capture_output=True,
                text=True,
            )
        for step, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
            steps[step] = min(seconds, steps.get(step, seconds))
    return stages, steps


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[500, 1000, 2000], help="documents per corpus (1:2:4)"
    )
    parser.add_argument("--words", type=int, default=230, help="words per document (news length)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of every stage; the fastest counts (default 1)"
    )
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("research-utils"))
    results: dict[int, dict[str, tuple[float, float]]] = {}
    steps: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-study-") as tmp:
        for size in args.sizes:
            corpus = build_corpus(Path(tmp) / f"corpus_{size}", size, args.words)
            study = Path(tmp) / f"study_{size}"
            make_study(cli, corpus, study)
            results[size], steps[size] = measure(cli, study, repeat=args.repeat)
            for stage, (seconds, memory) in results[size].items():
                print(
                    f"{size:>7,} documents  {stage:<17} {seconds:8.1f} s  peak {memory:5.2f} GB", flush=True
                )
            prepare, warm = results[size]["prepare --jobs 1"][0], results[size]["prepare (warm)"][0]
            analyse, startup = results[size]["analyse --jobs 1"][0], results[size]["start-up"][0]
            print(
                f"{size:>7,} documents  analyse --jobs 1 / prepare --jobs 1 = "
                f"{analyse / prepare:.2f} (goal <= 0.5); "
                f"warm / cold prepare = {warm / prepare:.1%} (goal <= 5 %); "
                f"without the start-up both pay ({startup:.1f} s): analyse / prepare = "
                f"{(analyse - startup) / (prepare - startup):.2f}",
                flush=True,
            )
            print(
                f"{size:>7,} documents  steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in steps[size].items())
            )
    first = args.sizes[0]
    for size in args.sizes[1:]:
        factor = size / first
        ratios = ", ".join(f"{st} x{results[size][st][0] / results[first][st][0]:.2f}" for st in STAGES)
        print(f"growth {first:,} -> {size:,} documents (x{factor:g}): {ratios}")
        slow = {k: steps[size][k] / steps[first][k] for k in STEPS if steps[first].get(k)}
        worst = max(slow, key=lambda k: slow[k])
        print(
            f"  steps: largest growth {worst} x{slow[worst]:.2f} (goal <= x{1.1 * factor:g}); "
            + ", ".join(f"{k} x{v:.2f}" for k, v in slow.items())
        )
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
