"""NLTK's VADER with its per-sentence word splitting made linear; scores are unchanged.

NLTK's :class:`~nltk.sentiment.vader.SentiText` strips punctuation from a word by building,
for every sentence, a dictionary of every word of the sentence with every one of VADER's 17
punctuation marks before and after it (``cat,`` → ``cat``), then looking words up in it:
about 70 % of VADER's time on news sentences. The same mapping is decided per word: a word
VADER's dictionary maps is ``p + w`` or ``w + p`` with ``p`` one of its punctuation marks and
``w`` a word of the sentence without punctuation, and since ``w`` holds no punctuation the
split is the word's leading (or trailing) run of punctuation. ``polarity_scores`` is NLTK's,
repeated only to use this class, and returns at once for a sentence with no word of VADER's
lexicon (only those get a valence; NLTK's arithmetic on all zeros gives compound 0 and
neutral 1); ``tests/test_tone.py`` checks every score against NLTK's own on Brown and on
punctuation-heavy text.
"""

from __future__ import annotations

import string
from typing import Any

from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText


class LinearSentiText(SentiText):
    """:class:`~nltk.sentiment.vader.SentiText` whose word list is built word by word."""

    def _words_and_emoticons(self) -> list[str]:
        words_only = {w for w in self.REGEX_REMOVE_PUNCTUATION.sub("", self.text).split() if len(w) > 1}
        marks = set(self.PUNC_LIST)
        words = []
        for word in self.text.split():
            if len(word) <= 1:
                continue
            lead = len(word) - len(word.lstrip(string.punctuation))
            trail = len(word) - len(word.rstrip(string.punctuation))
            if 0 < trail < len(word) and word[-trail:] in marks and word[:-trail] in words_only:
                word = word[:-trail]
            elif 0 < lead < len(word) and word[:lead] in marks and word[lead:] in words_only:
                word = word[lead:]
            words.append(word)
        return words


class SentimentAnalyzer(SentimentIntensityAnalyzer):
    """NLTK's VADER analyzer using :class:`LinearSentiText`."""

    def polarity_scores(self, text: Any) -> dict[str, float]:
        """VADER's scores of ``text``, as :meth:`SentimentIntensityAnalyzer.polarity_scores`."""
        sentitext = LinearSentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        words = sentitext.words_and_emoticons
        if not any(w.lower() in self.lexicon for w in words):
            # only lexicon words get a valence; NLTK's arithmetic on all zeros gives this
            return {"neg": 0.0, "neu": 1.0 if words else 0.0, "pos": 0.0, "compound": 0.0}
        first_index: dict[str, int] = {}
        for i, item in enumerate(words):
            first_index.setdefault(item, i)
        sentiments: list[float] = []
        for item in words:
            i = first_index[item]
            if (
                i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"
            ) or item.lower() in self.constants.BOOSTER_DICT:
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)
