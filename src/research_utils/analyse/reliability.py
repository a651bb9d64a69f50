"""Coder agreement per frame (Krippendorff's α) and adjudication into a reference coding.

:func:`reliability` takes the codes of the returned sheets (``coder``, ``unit_id``, ``frame``,
``code``; :func:`research_utils.analyse.coding_read.read_returned`) and, per codebook frame, on
the units two or more coders coded: prevalence, percent agreement, nominal α (the
``krippendorff`` package) with a seeded bootstrap interval (units resampled with replacement,
percentiles 2.5 and 97.5), and a verdict with Krippendorff's (2004, ch. 11) thresholds.
:func:`adjudicate` merges the codes into one per unit and frame: the majority, or a tie left to
the user's decision (:func:`apply_decisions`); :func:`reference_coding` writes them in the
layout :func:`research_utils.analyse.validation.read_coding` reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table

#: Krippendorff (2004, p. 241): α ≥ .800 to rely on the data; .667 ≤ α < .800 for tentative
#: conclusions only; below .667, none.
TENTATIVE, RELIABLE = 0.667, 0.8
VERDICTS = {
    "none": f"below {TENTATIVE:g}: no conclusions",
    "tentative": f"{TENTATIVE:g}–{RELIABLE:g}: tentative conclusions only",
    "reliable": f"≥ {RELIABLE:g}: reliable",
    "undefined": "undefined: no conclusions",
}
DRAWS = 1000
#: Fewer units coded by two or more coders than this: the note warns of a wide interval.
FEW_UNITS = 30


def verdict(alpha: float, low: float = float("nan")) -> str:
    """What α allows, in Krippendorff's (2004) words: no, tentative or reliable conclusions.

    With the lower end of α's interval (``low``), a tier counts only if the interval stays
    above its threshold too (Krippendorff 2004, p. 242: the smallest acceptable α should be
    exceeded with the chosen confidence); otherwise the verdict says the units are too few
    to establish it.
    """
    if np.isnan(alpha):
        return VERDICTS["undefined"]
    tier = "reliable" if alpha >= RELIABLE else "tentative" if alpha >= TENTATIVE else "none"
    if np.isnan(low) or tier == "none":
        return VERDICTS[tier]
    sure = "reliable" if low >= RELIABLE else "tentative" if low >= TENTATIVE else "none"
    if sure == tier:
        return VERDICTS[tier]
    floor = RELIABLE if sure == "tentative" else TENTATIVE
    estimate = f"α ≥ {RELIABLE:g}" if tier == "reliable" else f"α ≥ {TENTATIVE:g}"
    if sure == "none":
        return f"not established: {estimate} on the estimate, but its interval reaches below {floor:g}"
    return f"{VERDICTS[sure]} ({estimate} on the estimate, but its interval reaches below {floor:g})"


def nominal_alpha(matrix: np.ndarray) -> float:
    """Krippendorff's nominal α of a coders × units matrix (NaN: not coded); NaN when the
    codes do not vary (α is undefined then)."""
    import krippendorff

    values = matrix[~np.isnan(matrix)]
    if np.unique(values).size < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def bootstrap_alpha(matrix: np.ndarray, *, draws: int = DRAWS, seed: int = 0) -> np.ndarray:
    """α of ``draws`` resamples of the units (columns, with replacement), seeded; draws in
    which the codes do not vary are left out."""
    rng = np.random.default_rng(seed)
    n = matrix.shape[1]
    alphas = (nominal_alpha(matrix[:, rng.integers(0, n, size=n)]) for _ in range(draws))
    return np.array([a for a in alphas if not np.isnan(a)])


def paired_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """The codes of units coded by two or more coders."""
    coders_per_unit = codes.groupby("unit_id")["coder"].nunique()
    return codes[codes["unit_id"].isin(coders_per_unit[coders_per_unit >= 2].index)]


def _frame_row(frame: str, label: str, codes: pd.DataFrame, *, draws: int, seed: int) -> dict[str, object]:
    """One frame's row of the ``reliability`` table."""
    wide = codes.pivot(index="coder", columns="unit_id", values="code").sort_index().sort_index(axis=1)
    matrix = wide.to_numpy(dtype=float)
    n_units = matrix.shape[1]
    coded = codes["code"]
    agree = codes.groupby("unit_id")["code"].nunique().eq(1)
    alpha = nominal_alpha(matrix) if n_units >= 2 else float("nan")
    boot = bootstrap_alpha(matrix, draws=draws, seed=seed) if not np.isnan(alpha) else np.array([])
    low, high = np.percentile(boot, [2.5, 97.5]) if boot.size else (np.nan, np.nan)
    if n_units < 2:
        note = f"{n_units} unit(s) coded by two or more coders: α needs at least 2"
    elif np.isnan(alpha):
        value = int(coded.iloc[0])
        note = f"no variation: every code is {value}, so α is undefined (agreement alone says little)"
    else:
        caveats = [f"few units ({n_units}): a wide interval"] if n_units < FEW_UNITS else []
        if boot.size < draws:
            caveats.append(f"α undefined in {draws - boot.size} of {draws} resamples")
        note = "; ".join(caveats)
    return {
        "frame": frame,
        "label": label,
        "n_units": n_units,
        "n_coders": len(wide.index),
        "coders": ";".join(map(str, wide.index)),
        "prevalence": float(coded.mean()) if len(coded) else np.nan,
        "agreement": float(agree.mean()) if len(agree) else np.nan,
        "alpha": alpha,
        "alpha_low": float(low),
        "alpha_high": float(high),
        "n_draws": int(boot.size),
        "verdict": verdict(alpha, float(low)),
        "note": note,
    }


def reliability(
    codes: pd.DataFrame, labels: Mapping[str, str], *, draws: int = DRAWS, seed: int = 0
) -> pd.DataFrame:
    """The ``reliability`` table: one row per frame of ``labels`` (frame id → label, codebook
    order), on the units two or more coders coded. Frame ``i``'s bootstrap is seeded with
    ``(seed, i)``, so a frame's interval does not depend on the other frames."""
    paired = paired_codes(codes)
    rows = [
        _frame_row(frame, label, paired[paired["frame"] == frame], draws=draws, seed=hash_seed(seed, i))
        for i, (frame, label) in enumerate(labels.items())
    ]
    return as_table("reliability", pd.DataFrame(rows))


def hash_seed(seed: int, index: int) -> int:
    """A seed for the ``index``-th frame from the user's ``seed`` (NumPy's SeedSequence)."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def _codes_text(group: pd.DataFrame) -> str:
    return ";".join(f"{c}={v}" for c, v in sorted(zip(group["coder"], group["code"], strict=True)))


def _by_unit(table: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """``table`` (``unit_id``, ``frame``, ...) sorted by document, sentence, codebook order."""
    if table.empty:
        return table.assign(doc_id=pd.Series(dtype="string"), sent_id=pd.Series(dtype="int64"))
    doc_sent = table["unit_id"].astype(str).str.rsplit(":", n=1, expand=True)
    order = {f: i for i, f in enumerate(frames)}
    return (
        table.assign(doc_id=doc_sent[0], sent_id=doc_sent[1].astype("int64"), _f=table["frame"].map(order))
        .sort_values(["doc_id", "sent_id", "_f"], kind="stable")
        .drop(columns="_f")
        .reset_index(drop=True)
    )


def _merged(codes: pd.DataFrame) -> pd.DataFrame:
    """One row per unit and frame: ``ones``, ``zeros`` and the ``codes`` text."""
    if codes.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _MERGED.items()})
    grouped = codes.groupby(["unit_id", "frame"], sort=False)
    ones = grouped["code"].sum()
    texts = {key: _codes_text(group) for key, group in grouped}
    return pd.DataFrame(
        {"ones": ones, "zeros": grouped["code"].size() - ones, "codes": pd.Series(texts).reindex(ones.index)}
    ).reset_index()


_MERGED = {"unit_id": "string", "frame": "string", "ones": "int64", "zeros": "int64", "codes": "string"}


def disagreements(codes: pd.DataFrame, sentences: Mapping[str, str], frames: Sequence[str]) -> pd.DataFrame:
    """The ``disagreements`` table: units two or more coders coded with different codes for a
    frame; ``sentences`` maps unit ids to their text."""
    merged = _merged(paired_codes(codes))
    split = merged[(merged["ones"] > 0) & (merged["zeros"] > 0)]
    table = _by_unit(split.assign(sentence=split["unit_id"].map(sentences).fillna("")), frames)
    return as_table("disagreements", table)


def adjudicate(
    codes: pd.DataFrame, sentences: Mapping[str, str], frames: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The majority code of every coded unit and frame (``unit_id``, ``frame``, ``code``,
    ``coders``, ``decided``), and the ties (as many 1s as 0s) as the ``decisions`` table to
    fill in. A unit one coder coded keeps that coder's codes. A tie is never broken here."""
    merged = _merged(codes)
    tie = merged["ones"] == merged["zeros"]
    decided = merged[~tie].assign(
        code=lambda t: (t["ones"] > t["zeros"]).astype("int64"),
        coders=lambda t: t["codes"].map(_coders),
        decided=False,
    )
    ties = merged[tie]
    table = ties.assign(sentence=ties["unit_id"].map(sentences).fillna(""), decision="")
    majority = _by_unit(decided, frames)[["unit_id", "frame", "code", "coders", "decided"]]
    return majority, as_table("decisions", _by_unit(table, frames))


def _coders(codes: str) -> str:
    """The coders of a ``codes`` text (``anna=1;ben=0`` → ``anna, ben``)."""
    return ", ".join(sorted(part.split("=")[0] for part in codes.split(";") if part))


def apply_decisions(majority: pd.DataFrame, ties: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``majority`` with the user's decisions for the ``ties`` (the ``decisions`` table) from
    the decisions file at ``path``. Refused, naming the lines: a blank or other decision than
    0/1, a tie without a row, a row for a unit and frame that is no tie (the sheets changed)."""
    fix = "write 1 or 0 in the decision column of every row, then run `research-utils adjudicate` again"
    rows = read_user_csv(
        path, required=("unit_id", "frame", "decision"), what="decisions file", fix=fix, allow_empty=True
    )
    codes = dict(zip(zip(ties["unit_id"], ties["frame"], strict=True), ties["codes"], strict=True))
    blank = [line for line, r in rows if not r["decision"]]
    if blank:
        lines = ", ".join(map(str, blank[:20])) + (" ..." if len(blank) > 20 else "")
        raise InputError(path, f"{len(blank)} decision(s) still blank, on line(s) {lines}", fix, blank[0])
    decided: dict[tuple[str, str], int] = {}
    for line, r in rows:
        key = (r["unit_id"], r["frame"])
        if r["decision"] not in ("0", "1"):
            raise InputError(path, f"decision {r['decision']!r} is not 0 or 1", fix, line)
        if key not in codes or key in decided:
            problem = "is listed twice" if key in decided else "is no tie of the returned sheets (now)"
            raise InputError(
                path,
                f"unit {key[0]}, frame {key[1]} {problem}",
                "remove the row; or move the file away and run `research-utils adjudicate` to list "
                "the ties again",
                line,
            )
        decided[key] = int(r["decision"])
    missing = sorted(set(codes) - set(decided))
    if missing:
        listed = "; ".join(f"{u} {f}" for u, f in missing[:10])
        raise InputError(
            path,
            f"{len(missing)} tie(s) have no row: {listed}",
            "add a row (unit_id, frame, decision) for each",
        )
    rows_decided = pd.DataFrame(
        [(u, f, c, _coders(codes[(u, f)]), True) for (u, f), c in decided.items()],
        columns=["unit_id", "frame", "code", "coders", "decided"],
    )
    return pd.concat([majority, rows_decided], ignore_index=True)


def reference_coding(adjudicated: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """The adjudicated codes as a reference coding: ``doc_id``, ``sent_id``, ``frames`` (the
    frames coded 1, sorted, ``;``-joined), ``note`` (who coded the unit; the frames the user
    decided). One row per unit, by document and sentence."""
    table = _by_unit(adjudicated, frames)
    rows = []
    for (doc_id, sent_id), group in table.groupby(["doc_id", "sent_id"], sort=True):
        present = sorted(group.loc[group["code"] == 1, "frame"])
        decided = list(group.loc[group["decided"].astype(bool), "frame"])
        note = f"coded by {group['coders'].iloc[0]}" + (f"; decided: {', '.join(decided)}" if decided else "")
        rows.append((str(doc_id), int(str(sent_id)), ";".join(present), note))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frames", "note"]).astype(
        {"doc_id": "string", "sent_id": "int64", "frames": "string", "note": "string"}
    )
