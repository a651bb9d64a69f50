"""Tables of the trained frame classifier: its cross-validation, its models, its scores."""

from __future__ import annotations

from .column import Column, Table
from .frames import SCORE_COLUMNS

TABLES: dict[str, Table] = {
    "classifier_validation": Table(
        (
            "One row per frame and method (dictionary, then classifier): both scored on the same "
            "cross-validation folds of the reference coding, with 95 % intervals (empty unless the "
            "study file says classifier: use: true). Codebook order."
        ),
        (
            Column("frame", "string", "frame id from the codebook"),
            Column(
                "method",
                "string",
                "dictionary (the codebook's indicators) or classifier (out-of-fold predictions)",
            ),
            Column("n_positive", "int64", "reference sentences with the frame (the training positives)"),
            Column("folds", "int64", "cross-validation folds; 0 when no model was trained"),
            Column(
                "cv",
                "string",
                "how sentences were split: StratifiedGroupKFold by document, or StratifiedKFold",
            ),
            *SCORE_COLUMNS,
        ),
    ),
    "classifier_models": Table(
        (
            "One row per codebook frame: the model trained on the whole reference coding and "
            "applied to every sentence, or why none was. Codebook order."
        ),
        (
            Column("frame", "string", "frame id from the codebook"),
            Column("trained", "bool", "a model was trained (enough positives) and applied"),
            Column("n_sentences", "int64", "reference-coded sentences it was trained on"),
            Column("n_positive", "int64", "of which the reference gives the frame"),
            Column("model", "string", "the scikit-learn estimator and its settings"),
            Column("c", "float64", "inverse regularisation strength C of the logistic regression"),
            Column("features", "string", "what the model sees"),
            Column("vectoriser", "string", "TfidfVectorizer settings"),
            Column("n_features", "int64", "features after fitting (vocabulary + indicator counts)"),
            Column("folds", "int64", "cross-validation folds of classifier_validation (0: none)"),
            Column("cv", "string", "the cross-validation splitter"),
            Column("seed", "int64", "random_state of the model and the folds"),
            Column("sklearn_version", "string", "scikit-learn version that trained it"),
            Column(
                "training_sha256",
                "string",
                "SHA-256 of the training data: the coding's rows and the sentences' lemma strings",
            ),
            Column("note", "string", "why no model was trained (too few positives), else empty"),
        ),
    ),
    "sentence_frame_scores": Table(
        (
            "One row per sentence and trained frame: the classifier's probability and label for "
            "every sentence of the corpus. Rows by doc_id, sent_id, codebook order."
        ),
        (
            Column("doc_id", "string", "document identifier"),
            Column("outlet", "string", "news outlet"),
            Column("sent_id", "int64", "sentence number, 0-based within the document"),
            Column("frame", "string", "frame id (frames without a trained model have no rows)"),
            Column("probability", "float64", "the model's probability that the sentence carries the frame"),
            Column("label", "bool", "probability >= 0.5"),
        ),
    ),
}
