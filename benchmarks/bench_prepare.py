"""Benchmark: ``research_utils.pipeline.prepare`` against a plain NLTK loop, in one run.

Both contenders read the same text: the Brown corpus category ``--category`` (default
``news``) from ``NLTK_DATA``, one document per Brown file, its sentences' words joined
with spaces and its sentences joined with spaces.

* package: ``research_utils.pipeline.prepare(raw_dir, out_dir)`` end to end on a corpus
  folder holding those documents (load and validate with checksums, split, tokenise,
  tag, lemmatise, flag, write the four CSV tables);
* plain loop: per document ``nltk.sent_tokenize``, then per sentence
  ``nltk.word_tokenize`` and tagging with one ``nltk.tag.PerceptronTagger`` (the tagger
  ``nltk.pos_tag`` uses), results kept in memory.

Models are loaded before timing for both, so loading is excluded from both. Each
contender runs ``--repeat`` times, in alternating order; the best (minimum) time of each
is reported as tokens per second over the same token count (the plain loop's). The goal
(issue 2) is a package overhead of at most 20 %. A benchmark reports: it exits 0 whether
or not the goal is met.

Run: ``NLTK_DATA=/path/to/nltk_data .venv/bin/python benchmarks/bench_prepare.py``
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nltk

from research_utils.annotate import tokens as ru_tokens
from research_utils.annotate.cache import CACHE_DIR
from research_utils.annotate.models import annotation_models
from research_utils.ingest import METADATA_FILE, write_manifest
from research_utils.pipeline import prepare
from research_utils.schemas import METADATA_COLUMNS
from research_utils.tables import read_table

GOAL_OVERHEAD_PCT = 20.0

Tagged = list[list[tuple[str, str]]]  # one document: its sentences' (token, tag) pairs


def read_brown_documents(category: str) -> list[tuple[str, str]]:
    """(file id, text) for each Brown file in ``category``: words and sentences joined with spaces."""
    from nltk.corpus import brown

    try:
        fileids = brown.fileids(categories=category)
    except LookupError:
        sys.exit(
            f"error: corpora/brown not found in NLTK's data path {nltk.data.path}\n"
            "  fix: set NLTK_DATA to the folder holding corpora/brown, e.g. NLTK_DATA=../shared/nltk_data"
        )
    except ValueError as exc:
        sys.exit(f"error: {exc}\n  fix: pass one of: {', '.join(brown.categories())}")
    return [(f, " ".join(" ".join(sent) for sent in brown.sents(f))) for f in fileids]


def write_corpus(documents: list[tuple[str, str]], raw_dir: Path, category: str) -> None:
    """Write ``documents`` as a corpus folder in the package's format (texts, metadata, SHA256SUMS)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for doc_id, text in documents:
        name = f"{doc_id}.txt"
        (raw_dir / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append(
            {
                "doc_id": doc_id,
                "file": name,
                "outlet": f"Brown {category}",
                "country": "United States",
                "published": "1961-01-01",
                "section": category,
                "url": "",
                "language": "en",
                "notes": f"Brown Corpus (NLTK) file {doc_id}, category {category}; words joined with spaces",
            }
        )
    with open(raw_dir / METADATA_FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(METADATA_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    write_manifest(raw_dir)


def tag_plain(texts: list[str], tagger: nltk.tag.PerceptronTagger) -> list[Tagged]:
    """The plain NLTK loop: sent_tokenize, word_tokenize per sentence, tag with one tagger."""
    return [[tagger.tag(nltk.word_tokenize(sent)) for sent in nltk.sent_tokenize(text)] for text in texts]


def run_package(raw_dir: Path, out_dir: Path) -> None:
    """``prepare`` as a first ``research-utils prepare --jobs 1`` process runs it: empty lemma
    cache, and no annotation cache (``OUT/.cache``, deleted), so every document is tokenised."""
    ru_tokens._lemma.cache_clear()
    shutil.rmtree(out_dir / CACHE_DIR, ignore_errors=True)
    prepare(raw_dir, out_dir, jobs=1)


def time_once(run: Callable[[], object]) -> float:
    """Seconds one call of ``run`` takes (garbage collected beforehand)."""
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def describe_pos_tag() -> str:
    """How ``nltk.pos_tag`` gets its tagger in the installed NLTK."""
    get_tagger = getattr(nltk.tag, "_get_tagger", None)
    if get_tagger is not None and hasattr(get_tagger, "cache_info"):
        return "caches one tagger per process (functools.lru_cache on nltk.tag._get_tagger)"
    return "builds a new PerceptronTagger, reloading the model, on every call"


def time_pos_tag_aside(texts: list[str], n_sentences: int, repeat: int) -> tuple[int, int, float]:
    """(sentences, tokens, best seconds) of ``nltk.pos_tag(nltk.word_tokenize(s))`` on the first sentences."""
    sentences = [s for text in texts for s in nltk.sent_tokenize(text)][:n_sentences]
    nltk.pos_tag(["warm", "up"])
    n_tokens = sum(len(nltk.word_tokenize(s)) for s in sentences)
    seconds = min(
        time_once(lambda: [nltk.pos_tag(nltk.word_tokenize(s)) for s in sentences]) for _ in range(repeat)
    )
    return len(sentences), n_tokens, seconds


def compare_tokens(plain: list[Tagged], out_dir: Path) -> str:
    """One line saying whether the package's tokens and tags equal the plain loop's.

    NLTK's tokenizer rewrites quotes (``"`` and some ``''`` become ````` or ``''``); the
    package keeps each token's surface form, so quote tokens may differ in string only.
    """
    table = read_table("tokens", out_dir)
    pairs = [pair for doc in plain for sent in doc for pair in sent]
    if len(table) != len(pairs):
        return f"tokens: MISMATCH: package wrote {len(table):,} tokens, the plain loop made {len(pairs):,}"
    quotes = {'"', "``", "''"}
    token_diffs = [(t, p[0]) for t, p in zip(table["token"], pairs, strict=True) if t != p[0]]
    quote_diffs = sum(t in quotes and p in quotes for t, p in token_diffs)
    other_diffs = len(token_diffs) - quote_diffs
    tag_diffs = sum(t != p[1] for t, p in zip(table["pos"], pairs, strict=True))
    line = f"tokens: package wrote {len(table):,} tokens, as many as the plain loop"
    line += "; all tags equal" if tag_diffs == 0 else f"; {tag_diffs:,} tags DIFFER"
    line += "; token strings equal" if other_diffs == 0 else f"; {other_diffs:,} token strings DIFFER"
    if quote_diffs:
        line += f", except {quote_diffs:,} quote tokens kept in their surface form where NLTK rewrites them"
    return line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each contender (default 3)")
    parser.add_argument("--category", default="news", help="Brown category (default news)")
    parser.add_argument(
        "--aside-sentences",
        type=int,
        default=200,
        help="sentences for the nltk.pos_tag aside (default 200; 0 skips it)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    documents = read_brown_documents(args.category)
    texts = [text for _, text in documents]

    # Load every model before timing: excluded from both contenders.
    annotation_models()
    tagger = nltk.tag.PerceptronTagger()
    tag_plain(["Warm up. The loop's Punkt model is cached by NLTK."], tagger)

    with tempfile.TemporaryDirectory(prefix="bench_prepare_") as tmp:
        raw_dir, out_dir = Path(tmp) / "raw", Path(tmp) / "processed"
        write_corpus(documents, raw_dir, args.category)
        contenders: dict[str, Callable[[], object]] = {
            "package": lambda: run_package(raw_dir, out_dir),
            "plain": lambda: tag_plain(texts, tagger),
        }
        times: dict[str, list[float]] = {"package": [], "plain": []}
        for r in range(args.repeat):
            order = ("package", "plain") if r % 2 == 0 else ("plain", "package")
            for name in order:
                times[name].append(time_once(contenders[name]))
        plain = tag_plain(texts, tagger)
        agreement = compare_tokens(plain, out_dir)

    n_tokens = sum(len(sent) for doc in plain for sent in doc)
    n_sentences = sum(len(doc) for doc in plain)
    best = {name: min(runs) for name, runs in times.items()}
    rate = {name: n_tokens / seconds for name, seconds in best.items()}
    ratio = best["package"] / best["plain"]
    overhead = (ratio - 1) * 100

    print(
        f"machine: {platform.platform()} | {platform.python_implementation()} {platform.python_version()}"
        f" | {os.cpu_count()} CPUs | NLTK {nltk.__version__}"
    )
    print(
        f"corpus: Brown '{args.category}' from NLTK_DATA={os.environ.get('NLTK_DATA', '(unset)')}: "
        f"{len(documents)} documents, {n_sentences:,} sentences, {n_tokens:,} tokens, "
        f"{sum(map(len, texts)):,} characters"
    )
    print(
        "models: loaded before timing for both (research_utils.annotate.models.annotation_models(); "
        "the loop's PerceptronTagger and Punkt), so model loading is excluded from both"
    )
    print(
        "note: the plain loop tags with one nltk.tag.PerceptronTagger instance (the model nltk.pos_tag "
        f"uses, same tags); in NLTK {nltk.__version__} nltk.pos_tag {describe_pos_tag()}"
    )
    print(
        "note: the package also validates and checksums the corpus, computes offsets, lemmas and flags, "
        "and writes 4 CSV tables; its lemma cache and its annotation cache (OUT/.cache) are emptied "
        "before each run, as in a first run in a fresh process, and it runs in one process (jobs=1)"
    )
    print(f"runs: best of {args.repeat} each, alternating order, time.perf_counter")
    for name, label in (("package", "package prepare()"), ("plain", "plain NLTK loop  ")):
        runs = ", ".join(f"{t:.3f}" for t in times[name])
        print(f"{label}: best {best[name]:.3f} s -> {rate[name]:,.0f} tokens/s   (runs: {runs} s)")
    print(f"ratio package/plain: {ratio:.3f} -> package overhead {overhead:+.1f} %")
    if overhead <= GOAL_OVERHEAD_PCT:
        print(f"goal (overhead <= {GOAL_OVERHEAD_PCT:.0f} %): goal met")
    else:
        missed = overhead - GOAL_OVERHEAD_PCT
        print(f"goal (overhead <= {GOAL_OVERHEAD_PCT:.0f} %): goal missed by {missed:.1f} % (points)")
    print(agreement)

    if args.aside_sentences > 0:
        n_sent, n_tok, seconds = time_pos_tag_aside(texts, args.aside_sentences, args.repeat)
        aside_rate = n_tok / seconds
        print(
            f"aside (not the baseline): word_tokenize + nltk.pos_tag per sentence on the first {n_sent} "
            f"sentences ({n_tok:,} tokens), best of {args.repeat}: {seconds:.3f} s -> {aside_rate:,.0f} "
            f"tokens/s; extrapolated to the whole corpus: {n_tokens / aside_rate:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
