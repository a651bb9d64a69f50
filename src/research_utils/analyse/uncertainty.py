"""Precision, recall and F1 of a coding against a reference, with 95 % intervals.

Precision and recall are proportions (of the sentences a coding gives a frame, of the
sentences the reference gives it), so their intervals are Wilson score intervals (Wilson
1927; recommended over the Wald interval for small counts by Brown, Cai & DasGupta 2001,
*Statistical Science* 16(2)), computed by :func:`scipy.stats.binomtest`. F1 is no
proportion; its interval is a percentile bootstrap (Efron & Tibshirani 1993, ch. 13):
the sentences are resampled with replacement (seeded), F1 recomputed on each draw, and the
2.5th and 97.5th percentiles of the draws reported.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Bootstrap draws for the F1 interval, and their seed (fixed: reruns give the same bytes).
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 0
#: Below this many reference sentences with a frame, a row says its intervals are wide.
FEW_POSITIVES = 10
CONFIDENCE = 0.95
#: The columns :func:`score_with_intervals` returns, in table order.
SCORE_COLUMNS = (
    "n",
    "support",
    "predicted",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
    "f1_low",
    "f1_high",
    "note",
)


def wilson_interval(successes: int, trials: int, *, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval of ``successes / trials`` (NaNs when ``trials`` is 0)."""
    if trials == 0:
        return float("nan"), float("nan")
    from scipy.stats import binomtest

    ci = binomtest(int(successes), int(trials)).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


def bootstrap_f1_interval(
    truth: np.ndarray,
    predicted: np.ndarray,
    *,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval of F1, resampling rows (sentences) with replacement.

    ``truth`` and ``predicted`` are boolean arrays of one row per sentence (a second axis,
    frames, is pooled: micro F1). Draws on which F1 is undefined (no positive in either
    coding) are left out; NaNs when there are no rows or no draw defines F1.
    """
    truth = np.asarray(truth, dtype=bool).reshape(len(truth), -1)
    predicted = np.asarray(predicted, dtype=bool).reshape(len(predicted), -1)
    n = len(truth)
    if n == 0:
        return float("nan"), float("nan")
    tp_row = (truth & predicted).sum(axis=1)
    fp_row = (~truth & predicted).sum(axis=1)
    fn_row = (truth & ~predicted).sum(axis=1)
    rng = np.random.default_rng(seed)
    tp = np.zeros(draws)
    wrong = np.zeros(draws)
    for start in range(0, draws, 100):  # 100 draws at a time: bounded memory for large n
        index = rng.integers(0, n, size=(min(100, draws - start), n))
        tp[start : start + len(index)] = tp_row[index].sum(axis=1)
        wrong[start : start + len(index)] = fp_row[index].sum(axis=1) + fn_row[index].sum(axis=1)
    denominator = 2 * tp + wrong
    f1 = 2 * tp[denominator > 0] / denominator[denominator > 0]
    if not len(f1):
        return float("nan"), float("nan")
    alpha = (1 - confidence) / 2
    low, high = np.quantile(f1, [alpha, 1 - alpha])
    return float(low), float(high)


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def score_with_intervals(
    truth: np.ndarray, predicted: np.ndarray, *, draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED
) -> dict[str, Any]:
    """Counts, precision, recall and F1 of ``predicted`` against ``truth`` (boolean, one row
    per sentence; a second axis is pooled) with 95 % intervals and a ``note`` when the
    counts are too small to say much (:data:`SCORE_COLUMNS`)."""
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    tp = int((truth & predicted).sum())
    fp = int((~truth & predicted).sum())
    fn = int((truth & ~predicted).sum())
    tn = int((~truth & ~predicted).sum())
    p_low, p_high = wilson_interval(tp, tp + fp)
    r_low, r_high = wilson_interval(tp, tp + fn)
    f_low, f_high = bootstrap_f1_interval(truth, predicted, draws=draws, seed=seed)
    notes = []
    if len(truth) == 0:
        notes.append("no coded sentences")
    elif tp + fn == 0:
        notes.append("the reference never gives the frame: recall and F1 undefined")
    elif tp + fn < FEW_POSITIVES:
        notes.append(f"only {tp + fn} reference sentence(s) with the frame: intervals are wide")
    if tp + fn and fp + fn == 0:
        notes.append(
            "no errors on these sentences, so every bootstrap draw gives F1 = 1: read the Wilson "
            "intervals of precision and recall, not the F1 interval"
        )
    return {
        "n": len(truth),
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "precision_low": p_low,
        "precision_high": p_high,
        "recall": _ratio(tp, tp + fn),
        "recall_low": r_low,
        "recall_high": r_high,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "f1_low": f_low,
        "f1_high": f_high,
        "note": "; ".join(notes),
    }
