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

import pandas as pd

from ..tables import empty_table
from .actors import find_actor_mentions, read_actors
from .codebook import Codebook, read_codebook
from .framing import code_frames, share_frames
from .keyness import compute_keyness
from .quotes import find_quotes, read_reporting_verbs
from .terms import TermsMap, count_outlet_words, count_terms, extract_terms, resolve_terms_map
from .tone import score_sentences
from .validation import frames_to_coding, measure_agreement, read_coding, validate_frames

#: The prepared tables the analyse stage reads.
INPUT_TABLES = ("documents", "sentences", "tokens", "glosses")
#: The tables it writes, in the order they are computed.
OUTPUT_TABLES = (
    "term_frequencies",
    "keyness",
    "frames",
    "frame_shares",
    "frame_validation",
    "frame_agreement",
    "actor_mentions",
    "quotes",
    "tone",
)


@dataclass(frozen=True)
class Instruments:
    """What a study measures with: terms map, codebook, actor table, reporting verbs, and
    the reference frame coding (None when the study has none)."""

    terms_map: dict[str, str]
    codebook: Codebook
    actors: pd.DataFrame
    reporting_verbs: pd.DataFrame
    reference_coding: pd.DataFrame | None


def read_instruments(
    *,
    terms_map: TermsMap = None,
    codebook: str | Path | None = None,
    actors: str | Path | None = None,
    reporting_verbs: str | Path | None = None,
    reference_coding: str | Path | None = None,
) -> Instruments:
    """Read and check every instrument (None: the packaged one; no reference coding)."""
    book = read_codebook(codebook)
    return Instruments(
        terms_map=resolve_terms_map(terms_map),
        codebook=book,
        actors=read_actors(actors),
        reporting_verbs=read_reporting_verbs(reporting_verbs),
        reference_coding=read_coding(reference_coding, book) if reference_coding is not None else None,
    )


def analyse_corpus(tables: Mapping[str, pd.DataFrame], instruments: Instruments) -> dict[str, pd.DataFrame]:
    """Every table of :data:`OUTPUT_TABLES` from the prepared ``tables`` (by name)."""
    documents, sentences, tokens = tables["documents"], tables["sentences"], tables["tokens"]
    out: dict[str, pd.DataFrame] = {}
    terms = extract_terms(tokens, terms_map=instruments.terms_map)
    out["term_frequencies"] = count_terms(terms, documents)
    out["keyness"] = compute_keyness(out["term_frequencies"], count_outlet_words(documents))
    codebook = instruments.codebook
    out["frames"] = code_frames(tokens, documents, codebook)
    out["frame_shares"] = share_frames(out["frames"], sentences, documents, codebook)
    reference = instruments.reference_coding
    if reference is not None:
        out["frame_validation"] = validate_frames(out["frames"], reference, sentences, codebook)
        dictionary = frames_to_coding(out["frames"], sentences)
        out["frame_agreement"] = measure_agreement(reference, dictionary, frame_ids=codebook.frame_ids)
    else:
        out["frame_validation"] = empty_table("frame_validation")
        out["frame_agreement"] = empty_table("frame_agreement")
    out["actor_mentions"] = find_actor_mentions(
        tokens, sentences, documents, tables["glosses"], instruments.actors
    )
    out["quotes"] = find_quotes(
        sentences, tokens, documents, out["actor_mentions"], instruments.reporting_verbs
    )
    out["tone"] = score_sentences(sentences, documents)
    return out
