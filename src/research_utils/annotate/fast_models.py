"""Two of NLTK's models, run or loaded faster, with exactly NLTK's results.

:class:`FastPerceptronTagger` is NLTK's averaged perceptron tagger with the per-token
scoring done as one numpy sum over a dense weight matrix (same model, tag dictionary,
features and tie rule; identical tags). :class:`FastWordNetLemmatizer` is NLTK's WordNet
lemmatizer on a reader that skips the multilingual synset map lemmatising never reads.
No library offers either, hence hand-written; ``tests/test_nltk_models.py`` checks both
against NLTK on Brown, and ``docs/methods.md`` explains why the results are exact.
"""

from __future__ import annotations

import numpy as np
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem import WordNetLemmatizer
from nltk.tag import PerceptronTagger


class FastPerceptronTagger(PerceptronTagger):
    """``nltk.tag.PerceptronTagger`` whose :meth:`tag` scores with one matrix (same tags)."""

    def __init__(self) -> None:
        super().__init__()  # loads NLTK's averaged_perceptron_tagger_eng
        weights = self.model.weights
        tags = sorted(self.model.classes)
        column = {tag: j for j, tag in enumerate(tags)}
        self._row = {feature: i for i, feature in enumerate(weights)}
        matrix = np.zeros((len(weights), len(tags)), dtype=np.float64)
        for i, by_tag in enumerate(weights.values()):
            for tag, weight in by_tag.items():
                matrix[i, column[tag]] = weight
        self._matrix = matrix
        self._tags_last_first = tags[::-1]  # argmax over reversed scores: ties → last tag

    def tag(self, tokens, return_conf=False, use_tagdict=True):
        """Tag a tokenised sentence: a list of ``(token, tag)`` pairs, as NLTK's ``tag``.

        Confidence scores and tagging without the tag dictionary are left to NLTK.
        """
        if return_conf or not use_tagdict:
            return super().tag(tokens, return_conf, use_tagdict)
        row, matrix, tags = self._row, self._matrix, self._tags_last_first
        known, features_of = self.tagdict.get, self._get_features
        prev, prev2 = self.START
        context = self.START + [self.normalize(w) for w in tokens] + self.END
        output = []
        for i, word in enumerate(tokens):
            tag = known(word)
            if not tag:
                features = features_of(i, word, context, prev, prev2)
                rows = [row[f] for f in features if f in row]
                if all(v == 1 for v in features.values()):
                    scores = matrix[rows].sum(axis=0)
                else:  # NLTK adds value * weight; keep its arithmetic exactly
                    values = np.array([v for f, v in features.items() if f in row], dtype=np.float64)
                    scores = (matrix[rows] * values[:, None]).sum(axis=0)
                tag = tags[int(scores[::-1].argmax())]
            output.append((word, tag))
            prev2, prev = prev, tag
        return output


class LemmaWordNet(WordNetCorpusReader):
    """NLTK's WordNet reader without the OMW synset map (see the module docstring)."""

    def map_wn(self, version: str = "wordnet") -> None:
        """Not built: only the multilingual (OMW) functions read it, never lemmatising."""
        return None


class FastWordNetLemmatizer(WordNetLemmatizer):
    """``nltk.stem.WordNetLemmatizer`` on a :class:`LemmaWordNet` it loads at once."""

    def __init__(self) -> None:
        import nltk
        from nltk.corpus.reader import CorpusReader
        from nltk.corpus.util import LazyCorpusLoader

        # as nltk.corpus.wordnet is built; the OMW loader stays lazy and is never loaded here
        omw = LazyCorpusLoader("omw-2.0", CorpusReader, r".*/wn-data-.*\.tab", encoding="utf8")
        self.wordnet = LemmaWordNet(nltk.data.find("corpora/wordnet/"), omw)

    def _morphy(self, form, pos, check_exceptions=True):
        return self.wordnet._morphy(form, pos, check_exceptions)
