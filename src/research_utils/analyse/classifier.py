"""A trained frame classifier: per frame, a logistic regression on the sentence's lemmas and
the dictionary's indicator hits, cross-validated on the reference coding, then applied to
every sentence.

Features: TF-IDF of the sentence's lemmas (punctuation left out; scikit-learn's
``TfidfVectorizer``, sublinear term frequency) and, for every codebook frame, ``log(1 + n)``
of the dictionary's indicator matches in the sentence. Model: ``LogisticRegression``
(``class_weight="balanced"``, liblinear, fixed ``random_state``), one per frame, as in the
supervised-learning step of Grimmer & Stewart (2013, *Political Analysis* 21(3)) and
OpenFraming (Bhatia et al. 2021): a linear model trained on a small hand-coded sample.

Validation: stratified k-fold cross-validation of the reference coding — by default
``StratifiedGroupKFold`` with the document as group, so one article's sentences are never
both trained and tested on — with the dictionary scored on the same sentences; both with
95 % intervals (:mod:`.uncertainty`). A frame with fewer than ``min_positives``
(:data:`MIN_POSITIVES`) reference sentences gets no model, and its rows say so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..study import ClassifierOptions
from ..tables import as_table, empty_table
from .codebook import Codebook
from .uncertainty import score_with_intervals
from .validation import _truth_and_predicted

#: Fewest reference sentences with a frame for a model to be trained (study file default).
MIN_POSITIVES = 20
#: Inverse regularisation strength of the logistic regression (scikit-learn's default).
C = 1.0
#: A sentence is labelled with the frame when the model's probability is at least this.
THRESHOLD = 0.5
#: ``TfidfVectorizer`` settings: the lemma strings are already tokenised (space-separated).
VECTORISER: dict[str, Any] = {
    "token_pattern": r"\S+",
    "lowercase": False,
    "sublinear_tf": True,
    "min_df": 1,
    "ngram_range": (1, 1),
}
FEATURES = "TF-IDF of the sentence's lemmas + log(1 + indicator matches) of every codebook frame"


@dataclass(frozen=True)
class TrainedClassifier:
    """The models trained on the whole reference coding (frames with enough positives), the
    frames whose indicator hits are features, and the ``classifier_models`` table."""

    models: dict[str, Any]
    frame_ids: tuple[str, ...]
    description: pd.DataFrame


def lemma_texts(tokens: pd.DataFrame, keys: pd.DataFrame) -> list[str]:
    """One string per sentence of ``keys`` (``doc_id``, ``sent_id``): its lower-cased
    lemmas, punctuation left out, space-joined ("" for a sentence of punctuation only)."""
    words = tokens[~tokens["is_punct"].astype(bool)]
    joined = words["lemma"].astype(str).str.lower().groupby([words["doc_id"], words["sent_id"]]).agg(" ".join)
    found = dict(zip(joined.index.tolist(), joined.tolist(), strict=True))
    return [found.get(k, "") for k in zip(keys["doc_id"], keys["sent_id"], strict=True)]


def indicator_counts(frames: pd.DataFrame, keys: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    """Indicator matches per sentence of ``keys`` (rows) and frame (columns ``hits_FRAME``)
    from the dictionary's ``frames`` table (0 where a frame did not fire)."""
    index = pd.MultiIndex.from_arrays([keys["doc_id"], keys["sent_id"]])
    counts = frames.pivot_table(
        index=["doc_id", "sent_id"], columns="frame", values="n_matches", aggfunc="sum", observed=True
    )
    counts = counts.reindex(index=index, columns=frame_ids).fillna(0).astype("int64")
    counts.columns = [f"hits_{f}" for f in frame_ids]
    return counts.reset_index(drop=True)


def _features(texts: list[str], hits: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({"text": texts}), hits.reset_index(drop=True)], axis=1)


def _pipeline(hit_columns: list[str], seed: int) -> Any:
    """A fresh, unfitted model: TF-IDF of ``text`` and log1p of the hit columns, then a
    balanced logistic regression."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    features = ColumnTransformer(
        [
            ("lemmas", TfidfVectorizer(**VECTORISER), "text"),
            ("indicators", FunctionTransformer(np.log1p), hit_columns),
        ],
        sparse_threshold=1.0,  # always sparse: a sentence's scores do not depend on its batch
    )
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=seed)
    return Pipeline([("features", features), ("model", model)])


def _folds(
    y: np.ndarray, groups: np.ndarray, options: ClassifierOptions
) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    """The train/test splits and how they were made: by document when asked and possible
    (every training fold keeps both classes), else by sentence."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    positives = int(y.sum())
    k = min(options.folds, positives, len(y) - positives)
    if options.split == "document":
        n_groups = len(set(groups.tolist()))
        kg = min(k, n_groups)
        if kg >= 2:
            group_cv = StratifiedGroupKFold(n_splits=kg, shuffle=True, random_state=options.seed)
            splits = list(group_cv.split(np.zeros(len(y)), y, groups))
            if all(0 < y[train].sum() < len(train) for train, _ in splits):
                return splits, f"{kg}-fold StratifiedGroupKFold by document (seed {options.seed})"
        fallback = " (by document impossible: a training fold would lack one class)"
    else:
        fallback = ""
    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=options.seed)
    splits = list(cv.split(np.zeros(len(y)), y))
    return splits, f"{k}-fold StratifiedKFold by sentence (seed {options.seed}){fallback}"


def _fingerprint(gold: pd.DataFrame, texts: list[str]) -> str:
    """SHA-256 of the training data: each coded sentence's id, frames and lemma string."""
    digest = hashlib.sha256()
    for (doc_id, sent_id, frames), text in zip(
        gold[["doc_id", "sent_id", "frames"]].itertuples(index=False), texts, strict=True
    ):
        digest.update(f"{doc_id}\t{sent_id}\t{frames}\t{text}\n".encode())
    return digest.hexdigest()


def train_frame_classifier(
    frames: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    codebook: Codebook,
    *,
    options: ClassifierOptions,
) -> tuple[pd.DataFrame, TrainedClassifier]:
    """Cross-validate the classifier against the dictionary (the ``classifier_validation``
    table) and train one model per frame on the whole reference coding.

    ``frames``: the dictionary's table; ``gold``: the reference coding; ``sentences`` and
    ``tokens``: the reference documents' (every coded sentence). Frames with fewer than
    ``options.min_positives`` reference sentences get no model; their rows say so.
    """
    import sklearn

    gold = gold.sort_values(["doc_id", "sent_id"]).reset_index(drop=True)
    gold, truth, dictionary = _truth_and_predicted(frames, gold, sentences, codebook)
    frame_ids = codebook.frame_ids
    texts = lemma_texts(tokens, gold)
    hits = indicator_counts(frames, gold, frame_ids)
    features = _features(texts, hits)
    groups = gold["doc_id"].astype(str).to_numpy()
    fingerprint = _fingerprint(gold, texts)
    rows, described, models = [], [], {}
    for frame in frame_ids:
        y = truth[frame].to_numpy(bool)
        said = score_with_intervals(y, dictionary[frame].to_numpy(bool))
        base = {"frame": frame, "n_positive": int(y.sum())}
        if y.sum() < options.min_positives or (~y).sum() < 2:
            note = (
                f"only {int(y.sum())} reference sentence(s) with the frame (fewer than "
                f"{options.min_positives}): no model trained or applied"
            )
            rows.append({**base, "method": "dictionary", "folds": 0, "cv": "", **said})
            rows.append({**base, "method": "classifier", "folds": 0, "cv": "", **_untrained(y, note)})
            described.append(
                _describe(frame, None, y, 0, "", options, sklearn.__version__, fingerprint, note)
            )
            continue
        splits, cv = _folds(y, groups, options)
        probability = np.zeros(len(y))
        for train, test in splits:
            model = _pipeline(list(hits.columns), options.seed).fit(features.iloc[train], y[train])
            probability[test] = model.predict_proba(features.iloc[test])[:, 1]
        scored = score_with_intervals(y, probability >= THRESHOLD)
        rows.append({**base, "method": "dictionary", "folds": len(splits), "cv": cv, **said})
        rows.append({**base, "method": "classifier", "folds": len(splits), "cv": cv, **scored})
        models[frame] = _pipeline(list(hits.columns), options.seed).fit(features, y)
        described.append(
            _describe(frame, models[frame], y, len(splits), cv, options, sklearn.__version__, fingerprint, "")
        )
    validation = as_table("classifier_validation", pd.DataFrame(rows))
    trained = TrainedClassifier(
        models, tuple(frame_ids), as_table("classifier_models", pd.DataFrame(described))
    )
    return validation, trained


def _untrained(y: np.ndarray, note: str) -> dict[str, Any]:
    """A classifier row without a model: counts of the reference only, scores empty."""
    nan = float("nan")
    scores = {c: nan for c in ("precision", "recall", "f1")}
    scores |= {f"{c}_{end}": nan for c in ("precision", "recall", "f1") for end in ("low", "high")}
    zero = {"predicted": 0, "tp": 0, "fp": 0, "fn": 0, "tn": 0}
    return {"n": len(y), "support": int(y.sum()), **zero, **scores, "note": note}


def _describe(
    frame: str,
    model: Any,
    y: np.ndarray,
    folds: int,
    cv: str,
    options: ClassifierOptions,
    version: str,
    fingerprint: str,
    note: str,
) -> dict[str, Any]:
    """One ``classifier_models`` row."""
    n_features = 0 if model is None else int(model.named_steps["model"].coef_.shape[1])
    settings = ", ".join(f"{k}={v!r}" for k, v in VECTORISER.items())
    return {
        "frame": frame,
        "trained": model is not None,
        "n_sentences": len(y),
        "n_positive": int(y.sum()),
        "model": f"LogisticRegression(C={C}, class_weight='balanced', solver='liblinear', "
        f"random_state={options.seed}); label when probability >= {THRESHOLD}",
        "c": C,
        "features": FEATURES,
        "vectoriser": f"TfidfVectorizer({settings})",
        "n_features": n_features,
        "folds": folds,
        "cv": cv,
        "seed": options.seed,
        "sklearn_version": version,
        "training_sha256": fingerprint,
        "note": note,
    }


def apply_frame_classifier(
    trained: TrainedClassifier,
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
) -> pd.DataFrame:
    """The ``sentence_frame_scores`` rows of the sentences of ``sentences`` (in their order):
    each trained frame's probability and label. ``frames`` is the dictionary's table for the
    same documents. A sentence's scores depend on it alone, not on the other sentences."""
    if not trained.models or sentences.empty:
        return empty_table("sentence_frame_scores")
    keys = sentences[["doc_id", "sent_id"]].reset_index(drop=True)
    features = _features(lemma_texts(tokens, keys), indicator_counts(frames, keys, list(trained.frame_ids)))
    names = [f for f in trained.frame_ids if f in trained.models]
    probability = np.column_stack([trained.models[f].predict_proba(features)[:, 1] for f in names])
    outlet = dict(zip(documents["doc_id"].astype(str), documents["outlet"].astype(str), strict=True))
    m = len(names)
    table = {
        "doc_id": np.repeat(keys["doc_id"].astype(str).to_numpy(), m),
        "outlet": np.repeat(keys["doc_id"].astype(str).map(outlet).to_numpy(), m),
        "sent_id": np.repeat(keys["sent_id"].to_numpy(), m),
        "frame": np.tile(np.array(names, dtype=object), len(keys)),
        "probability": probability.ravel(),
        "label": probability.ravel() >= THRESHOLD,
    }
    return as_table("sentence_frame_scores", table)
