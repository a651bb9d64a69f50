"""The analyse stage as one call: every derived table from the prepared tables.

:func:`analyse_corpus` takes the prepared tables and the study's instruments and returns
the derived tables in dependency order — terms and keyness; frames, their shares and their
validation; actor mentions; quotes (which need the actor mentions); tone — as DataFrames.
:func:`research_utils.pipeline.analyse` reads the inputs and writes the outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from ..config import MIN_QUOTE_WORDS
from ..tables import empty_table
from .actors import find_actor_mentions, read_actors
from .codebook import Codebook, read_codebook
from .comparison import compare_outlets
from .concordance import collect_concordances, find_collocations, measure_dispersion
from .coverage import summarize_coverage
from .evaluation import read_mention_gold, read_quote_gold, validate_attribution
from .framing import FindingsCoding, choose_frames, code_frames, share_frames
from .keyness import compute_keyness, key_terms_by_outlet
from .phrase_joins import list_phrase_joins
from .quotes import find_quotes, read_reporting_verbs
from .terms import (
    TermsMap,
    count_outlet_documents,
    count_outlet_words,
    count_terms,
    extract_terms,
    resolve_terms_map,
)
from .tone import score_sentences
from .validation import cover_validation, frames_to_coding, measure_agreement, read_coding, validate_frames

#: The prepared tables the analyse stage reads.
INPUT_TABLES = ("documents", "sentences", "tokens", "glosses")
#: The tables it writes, in the order they are computed.
OUTPUT_TABLES = (
    "term_frequencies",
    "keyness",
    "phrase_joins",
    "dispersion",
    "concordance",
    "collocations",
    "frames",
    "sentence_frames",
    "frame_shares",
    "validation_coverage",
    "frame_validation",
    "frame_agreement",
    "actor_mentions",
    "quotes",
    "tone",
    "mention_validation",
    "quote_validation",
    "speaker_words_validation",
    "coverage",
    "comparison",
)


@dataclass(frozen=True)
class AnalysisSettings:
    """Choices of the analyse stage a study file can set (``analysis:``)."""

    keyness_min_freq: int = 3
    keyness_correction: Literal["none", "williams"] = "none"
    min_quote_words: int = MIN_QUOTE_WORDS
    frame_coding: FindingsCoding = "dictionary"
    concordance: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instruments:
    """What a study measures with: terms map, codebook, actor table, reporting verbs, and
    the reference frame coding (None when the study has none)."""

    terms_map: dict[str, str]
    codebook: Codebook
    actors: pd.DataFrame
    reporting_verbs: pd.DataFrame
    reference_coding: pd.DataFrame | None
    mention_gold: pd.DataFrame | None = None
    quote_gold: pd.DataFrame | None = None


def read_instruments(
    *,
    codebook: str | Path,
    actors: str | Path,
    terms_map: TermsMap = None,
    reporting_verbs: str | Path | None = None,
    reference_coding: str | Path | None = None,
    mention_gold: str | Path | None = None,
    quote_gold: str | Path | None = None,
) -> Instruments:
    """Read and check every instrument: the codebook and actor table a study has; its terms
    map (None: no phrase joining), reporting verbs (None: the packaged general-English
    lexicon), reference frame coding and hand lists of actor mentions and quotes (None: the
    study has none)."""
    book = read_codebook(codebook)
    return Instruments(
        terms_map=resolve_terms_map(terms_map),
        codebook=book,
        actors=read_actors(actors),
        reporting_verbs=read_reporting_verbs(reporting_verbs),
        reference_coding=read_coding(reference_coding, book) if reference_coding is not None else None,
        mention_gold=read_mention_gold(mention_gold) if mention_gold is not None else None,
        quote_gold=read_quote_gold(quote_gold) if quote_gold is not None else None,
    )


def analyse_corpus(
    tables: Mapping[str, pd.DataFrame], instruments: Instruments, *, settings: AnalysisSettings | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of :data:`OUTPUT_TABLES` from the prepared ``tables`` (by name), in
    dependency order: terms, frames, actors, quotes (which need the actor mentions), tone."""
    settings = settings or AnalysisSettings()
    out = _term_tables(tables, instruments, settings)
    out |= _frame_tables(tables, instruments, settings)
    documents, sentences, tokens = tables["documents"], tables["sentences"], tables["tokens"]
    out["actor_mentions"] = find_actor_mentions(
        tokens, sentences, documents, tables["glosses"], instruments.actors
    )
    out["quotes"] = find_quotes(
        sentences,
        tokens,
        documents,
        out["actor_mentions"],
        instruments.reporting_verbs,
        min_words=settings.min_quote_words,
    )
    out["tone"] = score_sentences(sentences, documents)
    out |= _attribution_validation(tables, out, instruments)
    out["coverage"] = summarize_coverage(
        out["quotes"], out["frames"], sentences, documents, tokens, out["actor_mentions"]
    )
    out["comparison"] = compare_outlets({**tables, **out}, instruments.actors)
    return out


def _attribution_validation(
    tables: Mapping[str, pd.DataFrame], derived: Mapping[str, pd.DataFrame], instruments: Instruments
) -> dict[str, pd.DataFrame]:
    """Actor mentions and quotes scored against the study's hand lists (empty without them)."""
    names = ("mention_validation", "quote_validation", "speaker_words_validation")
    if instruments.mention_gold is None or instruments.quote_gold is None:
        return {name: empty_table(name) for name in names}
    analysed = {**tables, "actor_mentions": derived["actor_mentions"], "quotes": derived["quotes"]}
    return validate_attribution(analysed, instruments.mention_gold, instruments.quote_gold)


def _term_tables(
    tables: Mapping[str, pd.DataFrame], instruments: Instruments, settings: AnalysisSettings
) -> dict[str, pd.DataFrame]:
    documents, tokens = tables["documents"], tables["tokens"]
    terms = extract_terms(tokens, terms_map=instruments.terms_map)
    frequencies = count_terms(terms, documents)
    keyness = compute_keyness(
        frequencies,
        count_outlet_words(documents),
        n_documents=count_outlet_documents(documents),
        min_freq=settings.keyness_min_freq,
        correction=settings.keyness_correction,
    )
    joins = list_phrase_joins(tokens, documents, terms_map=instruments.terms_map)
    key = key_terms_by_outlet(keyness, n=4)
    dispersion = measure_dispersion(terms, documents, [t for ts in key.values() for t in ts])
    own = [
        term in key.get(outlet, ())
        for outlet, term in zip(dispersion["outlet"], dispersion["term"], strict=True)
    ]
    queries = settings.concordance or [t for ts in key.values() for t in ts[:2]]
    return {
        "term_frequencies": frequencies,
        "keyness": keyness,
        "phrase_joins": joins,
        "dispersion": dispersion[own],
        "concordance": collect_concordances(tokens, documents, queries, terms_map=instruments.terms_map),
        "collocations": find_collocations(terms, documents, window=2, min_freq=2, top=20),
    }


def _frame_tables(
    tables: Mapping[str, pd.DataFrame], instruments: Instruments, settings: AnalysisSettings
) -> dict[str, pd.DataFrame]:
    """The dictionary coding, the coding the findings use, their shares, and the validation."""
    documents, sentences = tables["documents"], tables["sentences"]
    codebook, reference = instruments.codebook, instruments.reference_coding
    frames = code_frames(tables["tokens"], documents, codebook)
    chosen = choose_frames(frames, reference, documents, coding=settings.frame_coding)
    out = {
        "frames": frames,
        "sentence_frames": chosen,
        "frame_shares": share_frames(chosen, sentences, documents, codebook),
        "validation_coverage": cover_validation(reference, sentences, documents),
        "frame_validation": empty_table("frame_validation"),
        "frame_agreement": empty_table("frame_agreement"),
    }
    covered = reference is not None and reference["doc_id"].isin(set(documents["doc_id"])).any()
    if covered:
        assert reference is not None
        out["frame_validation"] = validate_frames(frames, reference, sentences, codebook)
        dictionary = frames_to_coding(frames, sentences)
        in_corpus = reference[reference["doc_id"].isin(set(documents["doc_id"]))]
        out["frame_agreement"] = measure_agreement(in_corpus, dictionary, frame_ids=codebook.frame_ids)
    return out
