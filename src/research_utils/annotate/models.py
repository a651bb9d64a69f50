"""NLTK's models, each loaded once per process and only when a call needs it.

Each loader checks its own NLTK data package first (one message naming what is missing
and the fix), loads the model on first use and returns the same object afterwards, so
reading a terms map needs only the word tokenizer (no data), while tagging loads the
tagger. Importing this module loads nothing.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .resources import ensure_resources

if TYPE_CHECKING:
    from nltk.sentiment import SentimentIntensityAnalyzer
    from nltk.tokenize import NLTKWordTokenizer, PunktTokenizer

    from .fast_models import FastPerceptronTagger, FastWordNetLemmatizer


@functools.cache
def sentence_splitter() -> PunktTokenizer:
    """Punkt's English sentence splitter (``punkt_tab``)."""
    from nltk.tokenize import PunktTokenizer

    ensure_resources("punkt_tab")
    return PunktTokenizer("english")


@functools.cache
def word_tokenizer() -> NLTKWordTokenizer:
    """NLTK's word tokenizer, the one ``nltk.word_tokenize`` uses (needs no data)."""
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


@functools.cache
def tagger() -> FastPerceptronTagger:
    """NLTK's averaged perceptron tagger (Penn Treebank tags), scored faster, same tags."""
    from .fast_models import FastPerceptronTagger

    ensure_resources("averaged_perceptron_tagger_eng")
    return FastPerceptronTagger()


@functools.cache
def lemmatizer() -> FastWordNetLemmatizer:
    """NLTK's WordNet lemmatizer, with WordNet loaded now rather than mid-document."""
    from .fast_models import FastWordNetLemmatizer

    ensure_resources("wordnet")
    loaded = FastWordNetLemmatizer()
    loaded.lemmatize("warm", "n")
    return loaded


@functools.cache
def stop_words() -> frozenset[str]:
    """NLTK's English stop-word list."""
    from nltk.corpus import stopwords

    ensure_resources("stopwords")
    return frozenset(stopwords.words("english"))


@functools.cache
def universal_tags() -> dict[str, str]:
    """NLTK's Penn Treebank → universal tag map."""
    from nltk.tag.mapping import tagset_mapping

    ensure_resources("universal_tagset")
    return dict(tagset_mapping("en-ptb", "universal"))


@functools.cache
def sentiment_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's VADER analyzer (``vader_lexicon``), with linear word splitting (:mod:`.vader`)."""
    from .vader import SentimentAnalyzer

    ensure_resources("vader_lexicon")
    return SentimentAnalyzer()


def annotation_models() -> None:
    """Load every model :func:`~research_utils.annotate.tokens.annotate_document` uses
    (a worker process calls this once before its first document)."""
    sentence_splitter()
    word_tokenizer()
    tagger()
    lemmatizer()
    stop_words()
    universal_tags()
