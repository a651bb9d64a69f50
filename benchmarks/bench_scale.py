"""Benchmark: preparing large corpora (parallel, cached, Parquet, Dask), measured in one run.

Corpora, from ``NLTK_DATA``, written as corpus folders (``.txt`` files, ``metadata.csv``,
``SHA256SUMS``) in a temporary folder:

* Brown: one document per Brown file (500), its sentences' words joined with spaces, its
  category as the outlet (15 outlets); 1.16 million tokens.
* ABC: the two files (``rural.txt``, ``science.txt``) cut into stories at blank lines
  (``\\r\\n`` line ends made ``\\n`` first), one document per story, the file as the
  outlet; 0.77 million tokens.

Every timing is one run of a fresh process (``subprocess``), so interpreter start,
imports and model loading count, as they do for a user:

* plain — a single-process NLTK loop over the corpus's ``.txt`` files: per document
  ``nltk.sent_tokenize``, per sentence ``nltk.word_tokenize`` and ``.tag()`` of one
  ``nltk.tag.PerceptronTagger`` (what ``nltk.pos_tag`` uses); nothing written. The same
  baseline as ``bench_prepare.py``.
* cold — ``research-utils prepare --jobs 2 --quiet`` into an empty folder (no cache).
  Goal (issue 6): plain / cold >= 1.8.
* warm — the same command again, nothing changed. Goal: warm / cold <= 5 %. Also measured
  as library calls: ``prepare()`` twice in one process (how a notebook reruns it).
* one more article — a copy of the first document under a new ``doc_id`` added (with its
  manifest line), then the command again.
* memory — peak memory of one more cold run (not timed, into another empty folder): the
  largest sum of the resident set sizes of the ``prepare`` process and its workers
  (psutil, sampled every 0.1 s; pages that forked workers share with the parent are
  counted in each, so this overstates), and the peak of the largest single process
  (``getrusage(RUSAGE_CHILDREN).ru_maxrss``). Goal: <= 1.5 GB.
* dask — ``prepare --engine dask --jobs 2`` (a LocalCluster of two single-threaded worker
  processes) into an empty folder, against the cold local run: the overhead.
* keyness (Brown) — from the processed tables of the cold run, with the keyness notebook's
  defaults: read the tokens and documents tables, ``analyse.terms.extract_terms``,
  ``analyse.terms.count_terms``, ``analyse.keyness.compute_keyness`` (every category
  against the 14 others pooled). Goal: <= 2 s (``compute_keyness``; the whole chain is also shown).

``--repeat N`` runs plain and cold N times each, alternating, and keeps the best (other
measurements run once). Other work on the machine slows every figure: the load average
is printed before and after. A benchmark reports: it exits 0 whether or not the goals
are met.

Run: ``NLTK_DATA=/path/to/nltk_data .venv/bin/python benchmarks/bench_scale.py``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nltk

from research_utils.ingest import METADATA_FILE, write_manifest
from research_utils.schemas import METADATA_COLUMNS

GOAL_SPEEDUP = 1.8
GOAL_WARM_PCT = 5.0
GOAL_MEMORY_GB = 1.5
GOAL_KEYNESS_S = 2.0

PLAIN_LOOP = """
import glob, sys, nltk
tagger = nltk.tag.PerceptronTagger()
n = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.txt")):
    text = open(path, encoding="utf-8").read()
    for sentence in nltk.sent_tokenize(text):
        n += len(tagger.tag(nltk.word_tokenize(sentence)))
print(n)
"""

LIBRARY_CALLS = """
import json, sys, time
if __name__ == "__main__":
    from research_utils.pipeline import prepare
    times = []
    for _ in range(2):
        start = time.perf_counter()
        prepare(sys.argv[1], sys.argv[2], jobs=2)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
"""

KEYNESS = """
import json, sys, time
start = time.perf_counter()
from research_utils.analyse.keyness import compute_keyness
from research_utils.analyse.terms import count_outlet_words, count_terms, extract_terms
from research_utils.tables import read_table
t = {"import": time.perf_counter() - start}
mark = time.perf_counter()
tokens, documents = read_table("tokens", sys.argv[1]), read_table("documents", sys.argv[1])
t["read tables"] = time.perf_counter() - mark; mark = time.perf_counter()
terms = extract_terms(tokens)
t["extract_terms"] = time.perf_counter() - mark; mark = time.perf_counter()
frequencies = count_terms(terms, documents)
t["count_terms"] = time.perf_counter() - mark; mark = time.perf_counter()
keyness = compute_keyness(frequencies, count_outlet_words(documents))
t["compute_keyness"] = time.perf_counter() - mark
t["rows"] = len(keyness); t["outlets"] = int(keyness["outlet"].nunique()); t["terms"] = len(frequencies)
print(json.dumps(t))
"""


def brown_documents() -> list[tuple[str, str, str]]:
    """(doc_id, outlet, text) per Brown file."""
    from nltk.corpus import brown

    return [
        (fileid, category, " ".join(" ".join(s) for s in brown.sents(fileid)))
        for category in brown.categories()
        for fileid in brown.fileids(categories=category)
    ]


def abc_documents() -> list[tuple[str, str, str]]:
    """(doc_id, outlet, text) per ABC story: the files cut at blank lines."""
    from nltk.corpus import abc

    documents = []
    for fileid in abc.fileids():
        name = fileid.removesuffix(".txt")
        text = abc.raw(fileid).replace("\r\n", "\n")
        stories = [s.strip() for s in re.split(r"\n\s*\n", text) if s.strip()]
        documents += [(f"{name}_{i:04d}", f"ABC {name}", story) for i, story in enumerate(stories)]
    return documents


def write_corpus(documents: list[tuple[str, str, str]], raw: Path, source: str) -> None:
    raw.mkdir(parents=True)
    with open(raw / METADATA_FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(METADATA_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for doc_id, outlet, text in documents:
            (raw / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow(
                {c: "" for c in METADATA_COLUMNS}
                | {"doc_id": doc_id, "file": f"{doc_id}.txt", "outlet": outlet, "published": "2000-01-01"}
                | {"language": "en", "notes": f"{source} (NLTK data)"}
            )
    write_manifest(raw)


def add_one_article(raw: Path, documents: list[tuple[str, str, str]]) -> None:
    _, outlet, text = documents[0]
    (raw / "zz_added.txt").write_text(text + "\n", encoding="utf-8")
    with open(raw / METADATA_FILE, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(METADATA_COLUMNS), lineterminator="\n").writerow(
            {c: "" for c in METADATA_COLUMNS}
            | {"doc_id": "zz_added", "file": "zz_added.txt", "outlet": outlet, "published": "2000-01-01"}
        )
    write_manifest(raw)


def run(command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds of a fresh process running ``command``, and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def run_with_memory(command: list[str]) -> tuple[float, int, int]:
    """Seconds, peak summed RSS of the process tree (bytes, psutil) and peak single-process
    RSS (bytes, RUSAGE_CHILDREN of a wrapper process that runs only ``command``)."""
    import psutil

    wrapper = [
        sys.executable,
        "-c",
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        *command,
    ]
    start = time.perf_counter()
    process = subprocess.Popen(wrapper, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = root.children(recursive=True)  # the wrapper itself is not prepare
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return seconds, peak, int(out.strip().splitlines()[-1]) * 1024


def prepare_command(raw: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "research_utils", "prepare", "--raw", str(raw), "--out", str(out), *options]


def goal(met: bool, text: str, missed_by: str) -> str:
    return f"goal ({text}): " + ("met" if met else f"MISSED by {missed_by}")


def bench_corpus(
    name: str, documents: list[tuple[str, str, str]], tmp: Path, dask: bool, repeat: int
) -> Path:
    raw = tmp / name / "raw"
    write_corpus(documents, raw, name)
    chars = sum(len(t) for _, _, t in documents)
    outlets = len({o for _, o, _ in documents})
    out = tmp / name / "processed"
    plain_runs, cold_runs = [], []
    for _ in range(repeat):
        seconds, printed = run([sys.executable, "-c", PLAIN_LOOP, str(raw)])
        plain_runs.append(seconds)
        shutil.rmtree(out, ignore_errors=True)
        cold_runs.append(run(prepare_command(raw, out, "--jobs", "2", "--quiet"))[0])
    plain_s, cold_s = min(plain_runs), min(cold_runs)
    n_tokens = int(printed.strip())
    print(
        f"\n== {name}: {len(documents):,} documents, {outlets} outlets, {chars:,} characters, "
        f"{n_tokens:,} tokens (plain loop's count)"
    )
    runs = f"best of {repeat}" if repeat > 1 else "one run"
    fmt = "Parquet" if (out / "tokens.parquet").exists() else "CSV"
    print(f"plain NLTK loop, 1 process   : {plain_s:7.2f} s  ({n_tokens / plain_s:,.0f} tokens/s; {runs})")
    print(
        f"prepare --jobs 2, cold       : {cold_s:7.2f} s  ({n_tokens / cold_s:,.0f} tokens/s; {runs}; {fmt})"
    )
    speedup = plain_s / cold_s
    print(
        f"speed-up plain/cold: {speedup:.2f}x  "
        + goal(speedup >= GOAL_SPEEDUP, f">= {GOAL_SPEEDUP}x", f"{GOAL_SPEEDUP - speedup:.2f}x")
    )
    warm_s, _ = run(prepare_command(raw, out, "--jobs", "2", "--quiet"))
    warm_pct = warm_s / cold_s * 100
    print(f"prepare --jobs 2, warm       : {warm_s:7.2f} s  = {warm_pct:.1f} % of cold")
    print(
        "  "
        + goal(
            warm_pct <= GOAL_WARM_PCT,
            f"<= {GOAL_WARM_PCT:.0f} % of cold",
            f"{warm_pct - GOAL_WARM_PCT:.1f} pts",
        )
    )
    _, printed = run([sys.executable, "-c", LIBRARY_CALLS, str(raw), str(tmp / name / "library")])
    lib_cold, lib_warm = json.loads(printed)
    lib_pct = lib_warm / lib_cold * 100
    print(
        f"prepare() twice in one process: cold {lib_cold:.2f} s, warm {lib_warm:.3f} s "
        f"= {lib_pct:.1f} % of cold  "
        + goal(lib_pct <= GOAL_WARM_PCT, f"<= {GOAL_WARM_PCT:.0f} %", f"{lib_pct - GOAL_WARM_PCT:.1f} pts")
    )
    _, peak_sum, peak_one = run_with_memory(
        prepare_command(raw, tmp / name / "memory", "--jobs", "2", "--quiet")
    )
    gb_sum, gb_one = peak_sum / 1e9, peak_one / 1e9
    print(
        f"peak memory of a cold run    : {gb_sum:.2f} GB summed over prepare and its workers, "
        f"{gb_one:.2f} GB largest single process  "
        + goal(gb_sum <= GOAL_MEMORY_GB, f"<= {GOAL_MEMORY_GB} GB", f"{gb_sum - GOAL_MEMORY_GB:.2f} GB")
    )
    if dask:
        dask_s, _ = run(
            prepare_command(raw, tmp / name / "dask", "--engine", "dask", "--jobs", "2", "--quiet")
        )
        print(
            f"prepare --engine dask --jobs 2 (LocalCluster, 2 workers), cold: {dask_s:.2f} s "
            f"= overhead {(dask_s / cold_s - 1) * 100:+.1f} % against --jobs 2"
        )
    add_one_article(raw, documents)
    added_s, _ = run(prepare_command(raw, out, "--jobs", "2", "--quiet"))
    print(f"one article added, rerun     : {added_s:7.2f} s  = {added_s / cold_s * 100:.1f} % of cold")
    return out


def bench_keyness(processed: Path) -> None:
    _, printed = run([sys.executable, "-c", KEYNESS, str(processed)])
    t = json.loads(printed)
    chain = t["read tables"] + t["extract_terms"] + t["count_terms"] + t["compute_keyness"]
    print(
        f"\n== keyness, Brown: {t['outlets']} categories as outlets, {t['terms']:,} outlet-term "
        f"frequencies, {t['rows']:,} keyness rows"
    )
    print(
        f"compute_keyness: {t['compute_keyness']:.2f} s  "
        + goal(
            t["compute_keyness"] <= GOAL_KEYNESS_S,
            f"<= {GOAL_KEYNESS_S:.0f} s",
            f"{t['compute_keyness'] - 2:.2f} s",
        )
    )
    print(
        f"whole chain from the processed folder: {chain:.2f} s (read tables {t['read tables']:.2f}, "
        f"extract_terms {t['extract_terms']:.2f}, count_terms {t['count_terms']:.2f}, "
        f"compute_keyness {t['compute_keyness']:.2f}; imports {t['import']:.2f} s not counted)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("brown", "abc", "both"), default="both")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    parser.add_argument("--repeat", type=int, default=1, help="runs of plain and cold, best kept (default 1)")
    args = parser.parse_args(argv)
    try:
        nltk.data.find("corpora/brown/")
        nltk.data.find("corpora/abc/")
    except LookupError:
        sys.exit(
            f"error: corpora/brown or corpora/abc not found in NLTK's data path {nltk.data.path}\n"
            "  fix: set NLTK_DATA to the folder holding them, e.g. NLTK_DATA=../shared/nltk_data"
        )
    print(
        f"machine: {platform.platform()} | {platform.python_implementation()} {platform.python_version()}"
        f" | {os.cpu_count()} CPUs | NLTK {nltk.__version__}"
    )
    command = " ".join(["python benchmarks/bench_scale.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"command: NLTK_DATA={os.environ.get('NLTK_DATA', '(unset)')} {command}")
    print("each figure: a fresh process (interpreter start, imports and model loading included)")
    print("load average before: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        if args.corpus in ("brown", "both"):
            processed = bench_corpus("Brown", brown_documents(), Path(tmp), not args.no_dask, args.repeat)
            bench_keyness(processed)
        if args.corpus in ("abc", "both"):
            bench_corpus("ABC", abc_documents(), Path(tmp), not args.no_dask, args.repeat)
    print("\nload average after: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
