"""How well the package's tagger reproduces hand-made Penn Treebank tags.

Gold data: NLTK's 10 % sample of the Penn Treebank (Wall Street Journal) in ``NLTK_DATA``.
``-NONE-`` tokens are traces of moved constituents, not words, and are skipped. The
tagger is the one :mod:`research_utils.annotate.tokens` uses (NLTK's averaged perceptron, the
model behind ``nltk.pos_tag``), given the gold tokens one sentence at a time.

Caveat when reading the number: NLTK's model was trained on the Wall Street Journal
part of the Treebank, which probably includes this sample, so the figure is an upper
bound for news text such as the two articles, not an out-of-sample estimate.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from research_utils.annotate.models import tagger as package_tagger

MINIMUM_ACCURACY = 0.95


def treebank_sentences() -> list[list[tuple[str, str]]]:
    from nltk.corpus import treebank

    try:
        tagged = treebank.tagged_sents()
    except LookupError:
        pytest.skip(
            "NLTK's treebank corpus is not installed (point NLTK_DATA at a folder that has "
            "corpora/treebank, or run: python -m nltk.downloader treebank)"
        )
    return [[(w, t) for w, t in sent if t != "-NONE-"] for sent in tagged]


def test_tagging_accuracy_on_the_penn_treebank_sample(record_property: Callable[[str, object], None]) -> None:
    gold = treebank_sentences()
    tagger = package_tagger()
    correct = total = 0
    for sentence in gold:
        if not sentence:
            continue
        words = [w for w, _ in sentence]
        predicted = tagger.tag(words)
        correct += sum(p == gold for (_, p), (_, gold) in zip(predicted, sentence, strict=True))
        total += len(sentence)
    assert total > 90_000  # the whole sample was read
    accuracy = correct / total
    print(f"\nPOS accuracy on the NLTK Penn Treebank sample: {accuracy:.4f} ({correct}/{total} tokens)")
    record_property("treebank_tokens", total)
    record_property("treebank_accuracy", round(accuracy, 4))
    assert accuracy >= MINIMUM_ACCURACY
