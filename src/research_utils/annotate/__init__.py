"""Stage 2 — annotate: documents in, sentences and tokens (tags, lemmas, flags) out.

Takes the ingested documents; gives each document's ``sentences`` and ``tokens`` rows from
NLTK's models (Punkt, the word tokenizer, the averaged perceptron tagger, WordNet), each
model loaded once per process and only when needed (:mod:`.models`). The work runs in this
process, in worker processes or on a Dask cluster (:mod:`.engines`), and each document's
rows are kept in a cache (:mod:`.cache`) so a rerun annotates only what changed. Also here:
the phrase matcher every lexicon uses (:mod:`.phrases`) and the NLTK data check
(:mod:`.resources`).
"""

from .phrases import match_phrases, phrase_key
from .resources import RESOURCES, check_resources, download_missing, ensure_resources
from .tokens import annotate_document, ascii_quotes, is_punct, ptb_tokens, summarize_documents

__all__ = [
    "RESOURCES",
    "annotate_document",
    "ascii_quotes",
    "check_resources",
    "download_missing",
    "ensure_resources",
    "is_punct",
    "match_phrases",
    "phrase_key",
    "ptb_tokens",
    "summarize_documents",
]
