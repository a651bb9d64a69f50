"""What the analyse stage takes: the study's instruments, its settings, the tables in and out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from ..config import MIN_QUOTE_WORDS
from ..study import ClassifierOptions, Event
from .actors import read_actors
from .codebook import Codebook, read_codebook
from .evaluation import read_mention_gold, read_quote_gold
from .framing import FindingsCoding
from .quotes import read_reporting_verbs
from .terms import TermsMap, resolve_terms_map
from .validation import read_coding

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
    "frame_validation_by_outlet",
    "frame_agreement",
    "classifier_validation",
    "classifier_models",
    "sentence_frame_scores",
    "actor_mentions",
    "quotes",
    "tone",
    "mention_validation",
    "quote_validation",
    "speaker_words_validation",
    "coverage",
    "comparison",
    "attention",
    "frame_shares_over_time",
    "event_window",
)


@dataclass(frozen=True)
class AnalysisSettings:
    """Choices of the analyse stage a study file can set (``analysis:``)."""

    keyness_min_freq: int = 3
    keyness_correction: Literal["none", "williams"] = "none"
    min_quote_words: int = MIN_QUOTE_WORDS
    frame_coding: FindingsCoding = "dictionary"
    concordance: tuple[str, ...] = ()
    duplicates: Literal["keep", "count_once"] = "keep"
    event: Event | None = None
    classifier: ClassifierOptions = field(default_factory=ClassifierOptions)


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
