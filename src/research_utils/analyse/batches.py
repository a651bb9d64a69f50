"""The analyse stage over batches of whole documents: bounded memory, any engine, same tables.

A corpus of tens of thousands of articles does not fit in memory as one token table, and
matching lexicons over it is work for several cores. So the stage reads the prepared
tables a batch of whole documents at a time and runs two passes over the batches:

1. :func:`analyse_batch` — everything one document decides alone: term counts, phrase-join
   counts, collocation pair counts, dictionary frames, actor mentions, quotes, tone, and the
   corpus's lower-case words. Per-document tables are concatenated in document order;
   counts are summed (:func:`combine_first_pass`), then keyness, frame shares, validation
   and the key terms are computed from the sums.
2. :func:`locate_batch` — what needs the whole corpus's results first: where the key terms
   fall (dispersion), their concordance lines, the proper names (which need the
   corpus's lower-case words) for the coverage table, and — when the study file asks for
   the frame classifier — its scores for every sentence. The classifier is trained once,
   in this process, between the passes, on the reference documents' sentences (it needs
   the whole reference coding: :mod:`.classifier`).

A corpus of a few batches is read once and held in memory for both passes, with each
batch's term stream from the first pass; a larger one is read again for the second pass.

Each function of a pass returns, for a batch of whole documents, exactly the rows the same
function gives those documents in the whole corpus; so the tables are byte-identical
whatever the batch size or the engine (``local`` processes or Dask, :mod:`research_utils.engine`),
and ``tests/test_batches.py`` checks it. Only the reference documents (those a reference
coding or hand list covers) keep their sentences and tokens for the validation tables.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import pandas as pd

from ..engine import Engine, map_tasks
from ..tables import empty_table
from .actors import find_actor_mentions
from .classifier import TrainedClassifier, apply_frame_classifier, train_frame_classifier
from .codebook import frame_labels
from .collocations import count_collocation_pairs, score_collocations
from .comparison import compare_outlets
from .concordance import CONCORDANCE_LINES, collect_concordances, combine_concordances, measure_dispersion
from .coverage import summarize_coverage
from .evaluation import validate_attribution
from .framing import choose_frames, code_frames, share_frames
from .instruments import AnalysisSettings, Instruments
from .keyness import compute_keyness, key_terms_by_outlet
from .names import find_names, lower_case_words
from .phrase_joins import combine_phrase_joins, count_phrase_joins
from .quotes import find_quotes
from .terms import (
    count_outlet_documents,
    count_outlet_words,
    count_term_occurrences,
    extract_terms,
    finish_term_counts,
)
from .timeline import compare_event_window, count_attention, share_frames_over_time
from .tone import score_sentences
from .validation import (
    cover_validation,
    frames_to_coding,
    measure_agreement,
    validate_frames,
    validate_frames_by_outlet,
)

#: The prepared tables a batch holds (each restricted to the batch's documents).
BATCH_TABLES = ("documents", "sentences", "tokens", "glosses")
#: Per-document tables of the first pass, concatenated in document order.
DOCUMENT_TABLES = ("frames", "actor_mentions", "quotes", "tone")
#: Collocations kept per outlet (the ``collocations`` table).
COLLOCATIONS_TOP = 20

Batch = Mapping[str, pd.DataFrame]


def reference_documents(instruments: Instruments) -> frozenset[str]:
    """Documents a reference coding or hand list covers (their sentences and tokens are kept)."""
    tables = (instruments.reference_coding, instruments.mention_gold, instruments.quote_gold)
    return frozenset(str(d) for t in tables if t is not None for d in t["doc_id"].unique())


def analyse_batch(task: tuple[Batch, Instruments, AnalysisSettings, bool]) -> dict[str, Any]:
    """The first pass over one batch of whole documents (module docstring); the batch's
    term stream is returned too (``terms``) when the last element of ``task`` asks for it."""
    batch, instruments, settings, keep_terms = task
    documents, sentences, tokens = batch["documents"], batch["sentences"], batch["tokens"]
    terms = extract_terms(tokens, terms_map=instruments.terms_map)
    mentions = find_actor_mentions(tokens, sentences, documents, batch["glosses"], instruments.actors)
    verbs = instruments.reporting_verbs
    keep = reference_documents(instruments)
    return {
        "term_counts": count_term_occurrences(terms, documents),
        "joins": count_phrase_joins(tokens, documents, terms_map=instruments.terms_map),
        "pairs": count_collocation_pairs(terms, documents, window=2),
        "frames": code_frames(tokens, documents, instruments.codebook),
        "actor_mentions": mentions,
        "quotes": find_quotes(
            sentences, tokens, documents, mentions, verbs, min_words=settings.min_quote_words
        ),
        "tone": score_sentences(sentences, documents),
        "sentence_keys": sentences[["doc_id", "sent_id"]],
        "lowered": lower_case_words(tokens),
        "reference_sentences": sentences[sentences["doc_id"].isin(keep)],
        "reference_tokens": tokens[tokens["doc_id"].isin(keep)],
        "terms": terms if keep_terms else None,
    }


def locate_batch(
    task: tuple[
        Batch,
        Instruments,
        tuple[str, ...],
        tuple[str, ...],
        frozenset[str],
        TrainedClassifier | None,
        pd.DataFrame | None,
    ],
) -> dict[str, Any]:
    """The second pass over one batch: dispersion of the key terms, concordance lines of the
    queries, proper names (with the corpus's lower-case words), the classifier's scores.
    The batch's term stream is the first pass's when given (the last element), else made again."""
    batch, instruments, key_terms, queries, lowered, trained, terms = task
    documents, tokens = batch["documents"], batch["tokens"]
    if terms is None:
        terms = extract_terms(tokens, terms_map=instruments.terms_map)
    scores = empty_table("sentence_frame_scores")
    if trained is not None and trained.models:
        frames = code_frames(tokens, documents, instruments.codebook)
        scores = apply_frame_classifier(trained, frames, batch["sentences"], tokens, documents)
    return {
        "scores": scores,
        "dispersion": measure_dispersion(terms, documents, key_terms),
        "concordance": collect_concordances(
            tokens, documents, queries, terms_map=instruments.terms_map, lines=CONCORDANCE_LINES
        ),
        "names": find_names(tokens, lowered=lowered),
    }


def _concat(parts: Iterable[pd.DataFrame], name: str | None = None) -> pd.DataFrame:
    frames = [p for p in parts if len(p)]
    if not frames:
        return empty_table(name) if name else pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def combine_first_pass(
    parts: list[dict[str, Any]], documents: pd.DataFrame, instruments: Instruments, settings: AnalysisSettings
) -> dict[str, pd.DataFrame]:
    """The tables of the first pass from its batches' results (module docstring)."""
    out = {name: _concat((p[name] for p in parts), name) for name in DOCUMENT_TABLES}
    counts = _concat(p["term_counts"] for p in parts)
    if counts.empty:
        counts = pd.DataFrame({"outlet": [], "term": [], "freq": [], "doc_freq": []})
    frequencies = finish_term_counts(counts, documents)
    out["term_frequencies"] = frequencies
    out["keyness"] = compute_keyness(
        frequencies,
        count_outlet_words(documents),
        n_documents=count_outlet_documents(documents),
        min_freq=settings.keyness_min_freq,
        correction=settings.keyness_correction,
    )
    out["phrase_joins"] = combine_phrase_joins(p["joins"] for p in parts)
    pairs = _concat(p["pairs"] for p in parts)
    out["collocations"] = score_collocations(pairs, min_freq=2, top=COLLOCATIONS_TOP)
    keys = _concat(p["sentence_keys"] for p in parts)
    if keys.empty:
        keys = pd.DataFrame({"doc_id": pd.Series(dtype="string"), "sent_id": pd.Series(dtype="int64")})
    reference = {
        "documents": documents,
        "sentences": _concat((p["reference_sentences"] for p in parts), "sentences"),
        "tokens": _concat((p["reference_tokens"] for p in parts), "tokens"),
    }
    out |= _frame_tables(out["frames"], keys, reference, instruments, settings)
    out |= _attribution_validation(reference, out, instruments)
    out |= _classifier_tables(out["frames"], reference, instruments, settings)
    out["_sentence_keys"] = keys
    return out


def _frame_tables(
    frames: pd.DataFrame,
    keys: pd.DataFrame,
    reference_tables: Mapping[str, pd.DataFrame],
    instruments: Instruments,
    settings: AnalysisSettings,
) -> dict[str, pd.DataFrame]:
    """The coding the findings use, its shares, and the validation against a reference coding."""
    documents, codebook, reference = (
        reference_tables["documents"],
        instruments.codebook,
        instruments.reference_coding,
    )
    chosen = choose_frames(frames, reference, documents, coding=settings.frame_coding)
    out = {
        "sentence_frames": chosen,
        "frame_shares": share_frames(chosen, keys, documents, codebook),
        "validation_coverage": cover_validation(reference, keys, documents),
        "frame_validation": empty_table("frame_validation"),
        "frame_validation_by_outlet": empty_table("frame_validation_by_outlet"),
        "frame_agreement": empty_table("frame_agreement"),
    }
    in_corpus = None if reference is None else reference[reference["doc_id"].isin(set(documents["doc_id"]))]
    if in_corpus is not None and len(in_corpus):
        sentences = reference_tables["sentences"]
        out["frame_validation"] = validate_frames(frames, in_corpus, sentences, codebook)
        out["frame_validation_by_outlet"] = validate_frames_by_outlet(
            frames, in_corpus, sentences, documents, codebook
        )
        dictionary = frames_to_coding(frames[frames["doc_id"].isin(set(sentences["doc_id"]))], sentences)
        out["frame_agreement"] = measure_agreement(in_corpus, dictionary, frame_ids=codebook.frame_ids)
    return out


def _classifier_tables(
    frames: pd.DataFrame,
    reference_tables: Mapping[str, pd.DataFrame],
    instruments: Instruments,
    settings: AnalysisSettings,
) -> dict[str, Any]:
    """The classifier cross-validated and trained on the reference coding, when the study
    file asks for it (``classifier: use: true``); empty tables otherwise."""
    out: dict[str, Any] = {
        "classifier_validation": empty_table("classifier_validation"),
        "classifier_models": empty_table("classifier_models"),
        "_trained": None,
    }
    reference = instruments.reference_coding
    sentences = reference_tables["sentences"]
    if not settings.classifier.use or reference is None:
        return out
    in_corpus = reference[reference["doc_id"].isin(set(sentences["doc_id"]))]
    if in_corpus.empty:
        return out
    validation, trained = train_frame_classifier(
        frames[frames["doc_id"].isin(set(sentences["doc_id"]))],
        in_corpus,
        sentences,
        reference_tables["tokens"],
        instruments.codebook,
        options=settings.classifier,
    )
    return {
        "classifier_validation": validation,
        "classifier_models": trained.description,
        "_trained": trained,
    }


def _attribution_validation(
    reference_tables: Mapping[str, pd.DataFrame],
    derived: Mapping[str, pd.DataFrame],
    instruments: Instruments,
) -> dict[str, pd.DataFrame]:
    """Actor mentions and quotes scored against the study's hand lists (empty without them)."""
    names = ("mention_validation", "quote_validation", "speaker_words_validation")
    if instruments.mention_gold is None or instruments.quote_gold is None:
        return {name: empty_table(name) for name in names}
    analysed = {**reference_tables, "actor_mentions": derived["actor_mentions"], "quotes": derived["quotes"]}
    return validate_attribution(analysed, instruments.mention_gold, instruments.quote_gold)


def search_terms(
    keyness: pd.DataFrame, settings: AnalysisSettings
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The key terms whose dispersion is measured (four per outlet) and the concordance
    queries (the study's, else each outlet's first two key terms)."""
    key = key_terms_by_outlet(keyness, n=4)
    key_terms = tuple(t for ts in key.values() for t in ts)
    queries = tuple(settings.concordance) or tuple(t for ts in key.values() for t in ts[:2])
    return key_terms, queries


def combine_second_pass(
    parts: list[dict[str, Any]],
    first: Mapping[str, pd.DataFrame],
    keyness: pd.DataFrame,
    queries: tuple[str, ...],
) -> dict[str, pd.DataFrame]:
    """Dispersion (each outlet's own key terms), concordance and the names for coverage."""
    key = key_terms_by_outlet(keyness, n=4)
    dispersion = _concat((p["dispersion"] for p in parts), "dispersion")
    own = [term in key.get(o, ()) for o, term in zip(dispersion["outlet"], dispersion["term"], strict=True)]
    names = pd.concat([p["names"] for p in parts], ignore_index=True) if parts else None
    return {
        "sentence_frame_scores": _concat((p["scores"] for p in parts), "sentence_frame_scores"),
        "dispersion": dispersion[own].reset_index(drop=True),
        "concordance": combine_concordances((p["concordance"] for p in parts), queries=queries),
        "_names": names if names is not None else pd.DataFrame(),
    }


def analyse_batches(
    batches: Callable[[], Iterator[Batch]] | Sequence[Batch],
    documents: pd.DataFrame,
    instruments: Instruments,
    *,
    settings: AnalysisSettings,
    engine: Engine = "local",
    jobs: int | None = 1,
    scheduler: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every analysed table, from ``batches`` and the whole ``documents`` table.

    ``batches`` yields the prepared tables of batches of whole documents, in the documents
    table's order: a function called once per pass (each pass reads them again), or the
    batches themselves, held in memory (each batch's term stream is then kept from the
    first pass for the second too). ``engine``, ``jobs`` and ``scheduler`` choose where the
    batches run (:func:`research_utils.engine.map_tasks`); ``progress(pass, batches done)``
    is told after each batch."""
    run = functools.partial(map_tasks, engine=engine, jobs=jobs, scheduler=scheduler)
    held = not callable(batches)
    read = (
        (lambda: iter(cast("Sequence[Batch]", batches)))
        if held
        else cast("Callable[[], Iterator[Batch]]", batches)
    )
    first = []
    for i, part in enumerate(run(analyse_batch, ((b, instruments, settings, held) for b in read()))):
        first.append(part)
        if progress:
            progress("analyse", i + 1)
    terms = [p.pop("terms") for p in first]
    lowered = frozenset().union(*(p.pop("lowered") for p in first))
    out = combine_first_pass(first, documents, instruments, settings)
    del first
    key_terms, queries = search_terms(out["keyness"], settings)
    trained = cast("TrainedClassifier | None", out.pop("_trained"))
    tasks = (
        (b, instruments, key_terms, queries, lowered, trained, t)
        for b, t in zip(read(), terms if held else itertools.repeat(None), strict=False)
    )
    second = []
    for i, part in enumerate(run(locate_batch, tasks)):
        second.append(part)
        if progress:
            progress("locate", i + 1)
    out |= combine_second_pass(second, out, out["keyness"], queries)
    keys, names = out.pop("_sentence_keys"), out.pop("_names")
    out["coverage"] = summarize_coverage(
        out["quotes"], out["frames"], keys, documents, None, out["actor_mentions"], names=names
    )
    out["comparison"] = compare_outlets({"documents": documents, **out}, instruments.actors)
    return out | time_tables(documents, out["sentence_frames"], instruments, settings)


def time_tables(
    documents: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    instruments: Instruments,
    settings: AnalysisSettings,
) -> dict[str, pd.DataFrame]:
    """Coverage over time (:mod:`.timeline`): attention, frame shares per period and the
    event window (empty when the study names no event)."""
    labels = frame_labels(instruments.codebook)
    event = settings.event
    return {
        "attention": count_attention(documents),
        "frame_shares_over_time": share_frames_over_time(documents, sentence_frames, labels),
        "event_window": empty_table("event_window")
        if event is None
        else compare_event_window(documents, sentence_frames, labels, event=event.date, days=event.days),
    }
