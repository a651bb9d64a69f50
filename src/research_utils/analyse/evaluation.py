"""Actor mentions and quotes scored against hand lists: precision, recall, F1, speakers, words.

A hand list is a CSV file a coder writes (``data/annotations/actor_mentions_gold.csv``,
``quotes_gold.csv``; format in ``data/annotations/README.md``). Matching rule, per document:
a found item and a hand-listed item *match* when they are in the same document, their
character spans overlap, and — depending on the measure — they agree on the actor
(mentions), the kind, or the kind and the speaker (quotes). Each item matches at most one
other: among all agreeing pairs the matching with the largest total overlap is taken
(``scipy.optimize.linear_sum_assignment``), so a long paraphrase overlapping two short
items is counted once. Then tp = matched pairs, fp = found items left over, fn = hand-listed
items left over; precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic
mean (van Rijsbergen 1979). Only documents the hand list has rows for are scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from ..errors import InputError
from ..files import read_user_csv
from ..tables import as_table
from .actors import ACTOR_TYPES

QUOTE_KINDS = ("direct", "paraphrase", "scare")
#: measure → (kinds compared, columns that must agree); kinds None = every kind.
MENTION_MEASURES: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "span": (None, ()),
    "actor": (None, ("actor",)),
}
QUOTE_MEASURES: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "span": (None, ()),
    "kind": (None, ("kind",)),
    "direct": (("direct",), ("kind",)),
    "paraphrase": (("paraphrase",), ("kind",)),
    "scare": (("scare",), ("kind",)),
    "speaker": (("direct", "paraphrase"), ("kind", "speaker")),
}
ALL = "all"
_HOW = "write one row per item with whole-number offsets into the document's cleaned text"


def _int(path: Path, line: int, name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise InputError(path, f"{name} {value!r} is not a whole number", _HOW, line) from None
    if number < 0:
        raise InputError(path, f"{name} {number} is negative", _HOW, line)
    return number


def _read_hand_list(
    path: str | Path, required: Sequence[str], optional: Sequence[str], what: str, key: Sequence[str]
) -> tuple[Path, list[tuple[int, dict]]]:
    """Records of a hand list with offsets as ints, checked: start < end, no item listed twice."""
    path = Path(path)
    header = ",".join((*required, *optional))
    records = read_user_csv(
        path, required=required, optional=optional, what=what, fix=f"give a CSV with the header {header}"
    )
    seen: dict[tuple, int] = {}
    rows = []
    for line, record in records:
        row: dict = dict(record)
        row["start"], row["end"] = (_int(path, line, c, record[c]) for c in ("start", "end"))
        if row["start"] >= row["end"]:
            raise InputError(path, f"start {row['start']} is not before end {row['end']}", _HOW, line)
        if not row["doc_id"]:
            raise InputError(path, "empty doc_id", "write the document identifier", line)
        k = tuple(row[c] for c in key)
        if k in seen:
            raise InputError(
                path, f"listed twice (first on line {seen[k]})", "delete the duplicate row", line
            )
        seen[k] = line
        rows.append((line, row))
    return path, rows


def read_mention_gold(path: str | Path) -> pd.DataFrame:
    """Read a hand list of actor mentions (``doc_id, start, end, surface, actor, type, note``).

    Errors name the file, line and fix: missing columns, offsets that are not whole numbers
    or not ``start < end``, an empty actor, a type the actor table does not know, a mention
    listed twice. The result keeps each row's ``line`` (for later messages).
    """
    path, records = _read_hand_list(
        path,
        ("doc_id", "start", "end", "surface", "actor"),
        ("type", "note"),
        "hand list of actor mentions",
        ("doc_id", "start", "end", "actor"),
    )
    for line, row in records:
        if not row["actor"]:
            raise InputError(path, "empty actor", "write the actor's canonical name", line)
        if row["type"] and row["type"] not in ACTOR_TYPES:
            raise InputError(
                path, f"unknown type {row['type']!r}", f"use one of: {', '.join(ACTOR_TYPES)}", line
            )
    return _frame(path, records, {"start": "int64", "end": "int64"})


def read_quote_gold(path: str | Path) -> pd.DataFrame:
    """Read a hand list of quotes (``doc_id, start, end, kind, speaker, speaker_type, n_words, note``).

    ``kind`` is direct, paraphrase or scare; a scare quote has no speaker. Errors name the
    file, line and fix (as :func:`read_mention_gold`, plus an unknown kind, a speaker on a
    scare quote, an ``n_words`` that is not a whole number).
    """
    path, records = _read_hand_list(
        path,
        ("doc_id", "start", "end", "kind"),
        ("speaker", "speaker_type", "n_words", "note"),
        "hand list of quotes",
        ("doc_id", "start", "end", "kind"),
    )
    for line, row in records:
        if row["kind"] not in QUOTE_KINDS:
            raise InputError(
                path, f"unknown kind {row['kind']!r}", f"use one of: {', '.join(QUOTE_KINDS)}", line
            )
        if row["kind"] == "scare" and row["speaker"]:
            raise InputError(
                path, "a scare quote with a speaker", "leave speaker empty or make it direct", line
            )
        row["n_words"] = _int(path, line, "n_words", row["n_words"]) if row["n_words"] else 0
    return _frame(path, records, {"start": "int64", "end": "int64", "n_words": "int64"})


def _frame(path: Path, records: list[tuple[int, dict]], ints: dict[str, str]) -> pd.DataFrame:
    table = pd.DataFrame([{**row, "line": line} for line, row in records])
    table = table.astype({c: "string" for c in table.columns if c not in ints and c != "line"} | ints)
    table = table.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    table.attrs["path"] = str(path)
    return table


def check_hand_list(gold: pd.DataFrame, sentences: pd.DataFrame) -> None:
    """Refuse a hand list whose offsets do not fit the corpus: a span past the end of its
    document's text, or (mentions) a ``surface`` that is not ``text[start:end]``. Rows of
    documents the corpus does not have are not checked (they are not scored either)."""
    where = gold.attrs.get("path", "the hand list")
    fix = "offsets index the cleaned text: sentence start (data/processed/sentences.csv) + position"
    texts = {str(d): _document_text(s) for d, s in sentences.groupby("doc_id", sort=False)}
    surfaces = gold["surface"].tolist() if "surface" in gold else [None] * len(gold)
    columns = (gold["doc_id"].astype(str), gold["start"], gold["end"], gold["line"], surfaces)
    for doc_id, start, end, line, surface in zip(*columns, strict=True):
        text = texts.get(doc_id)
        if text is None:
            continue
        if int(end) > len(text):
            raise InputError(
                where, f"end {end} is past the document's {len(text)} characters", fix, int(line)
            )
        if surface is not None and text[int(start) : int(end)] != surface:
            found = text[int(start) : int(end)]
            raise InputError(where, f"surface {surface!r} is not the text there ({found!r})", fix, int(line))


def _document_text(sents: pd.DataFrame) -> str:
    chars = [" "] * int(sents["end"].max())
    for start, text in zip(sents["start"], sents["text"], strict=True):
        chars[int(start) : int(start) + len(text)] = text
    return "".join(chars)


def match_items(gold: pd.DataFrame, found: pd.DataFrame, agree: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Matched (gold row, found row) positions of one document: overlapping spans that agree
    on the ``agree`` columns, one-to-one, with the largest total overlap."""
    if gold.empty or found.empty:
        return []
    g0, g1 = gold["start"].to_numpy()[:, None], gold["end"].to_numpy()[:, None]
    f0, f1 = found["start"].to_numpy()[None, :], found["end"].to_numpy()[None, :]
    overlap = np.clip(np.minimum(g1, f1) - np.maximum(g0, f0), 0, None)
    for column in agree:
        same = (
            gold[column].fillna("").astype(str).to_numpy()[:, None]
            == found[column].fillna("").astype(str).to_numpy()[None, :]
        )
        overlap = overlap * same
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0]


def _counts(gold: pd.DataFrame, found: pd.DataFrame, agree: Sequence[str]) -> tuple[int, int, int]:
    """(n_gold, n_found, tp) summed over documents."""
    tp = 0
    found_by_doc = dict(tuple(found.groupby("doc_id", sort=False)))
    for doc_id, g in gold.groupby("doc_id", sort=False):
        f = found_by_doc.get(doc_id, found.iloc[:0])
        tp += len(match_items(g.reset_index(drop=True), f.reset_index(drop=True), agree))
    return len(gold), len(found), tp


def _score_row(outlet: str, measure: str, n_gold: int, n_found: int, tp: int) -> dict:
    precision = tp / n_found if n_found else np.nan
    recall = tp / n_gold if n_gold else np.nan
    f1 = 2 * tp / (n_gold + n_found) if n_gold + n_found else np.nan
    return {
        "outlet": outlet,
        "measure": measure,
        "n_gold": n_gold,
        "n_predicted": n_found,
        "tp": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _by_outlet(gold: pd.DataFrame, documents: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(outlet, its scored documents) per outlet, then (``all``, every scored document)."""
    scored = set(gold["doc_id"].astype(str)) & set(documents["doc_id"].astype(str))
    docs = documents[documents["doc_id"].astype(str).isin(scored)]
    groups = [(str(o), d["doc_id"].astype(str).tolist()) for o, d in docs.groupby("outlet", sort=True)]
    return [*groups, (ALL, sorted(scored))]


def _score(
    found: pd.DataFrame,
    gold: pd.DataFrame,
    documents: pd.DataFrame,
    measures: Mapping[str, tuple[tuple[str, ...] | None, tuple[str, ...]]],
    table: str,
) -> pd.DataFrame:
    rows = []
    for outlet, docs in _by_outlet(gold, documents):
        g = gold[gold["doc_id"].astype(str).isin(docs)]
        f = found[found["doc_id"].astype(str).isin(docs)]
        for measure, (kinds, agree) in measures.items():
            gk = g if kinds is None else g[g["kind"].isin(kinds)]
            fk = f if kinds is None else f[f["kind"].isin(kinds)]
            rows.append(_score_row(outlet, measure, *_counts(gk, fk, agree)))
        if table == "quote_validation":
            rows.append(_speaker_accuracy(outlet, g, f))
    return as_table(table, pd.DataFrame(rows))


def _speaker_accuracy(outlet: str, gold: pd.DataFrame, found: pd.DataFrame) -> dict:
    """Among direct and paraphrase items matched by kind: the share with the hand list's speaker."""
    kinds = ["direct", "paraphrase"]
    gold, found = gold[gold["kind"].isin(kinds)], found[found["kind"].isin(kinds)]
    n = same = 0
    found_by_doc = dict(tuple(found.groupby("doc_id", sort=False)))
    for doc_id, g in gold.groupby("doc_id", sort=False):
        g = g.reset_index(drop=True)
        f = found_by_doc.get(doc_id, found.iloc[:0]).reset_index(drop=True)
        pairs = match_items(g, f, ("kind",))
        n += len(pairs)
        same += sum(str(g.at[a, "speaker"]) == str(f.at[b, "speaker"]) for a, b in pairs)
    return _score_row(outlet, "speaker among matched", n, n, same)


def score_mentions(mentions: pd.DataFrame, gold: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The ``mention_validation`` table: found actor mentions against a hand list, per outlet
    and pooled (``all``); measures ``span`` (overlapping spans) and ``actor`` (and the same actor)."""
    return _score(mentions, gold, documents, MENTION_MEASURES, "mention_validation")


def score_quotes(
    quotes: pd.DataFrame,
    gold: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    tokens: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``quote_validation`` table: found quotes against a hand list, per outlet and pooled.

    Measures: ``span`` (overlap, any kind), ``kind`` (and the same kind), ``direct``,
    ``paraphrase``, ``scare`` (items of that kind only), ``speaker`` (direct and paraphrase:
    same kind and same speaker), and ``speaker among matched`` (of the direct and paraphrase
    items matched by kind, those with the same speaker: precision = recall = accuracy).
    Given the ``tokens`` table, two word-level measures follow, which see where a span
    starts and ends: ``words`` (word tokens inside attributed spans, direct or paraphrase,
    in both) and ``words, same speaker`` (and given to the same speaker).
    """
    table = _score(quotes, gold, documents, QUOTE_MEASURES, "quote_validation")
    if tokens is None:
        return table
    rows = []
    for outlet, docs in _by_outlet(gold, documents):
        words = tokens[~tokens["is_punct"].astype(bool) & tokens["doc_id"].astype(str).isin(docs)]
        g, f = _word_speakers(gold, words), _word_speakers(quotes, words)
        same = sum(1 for k, v in g.items() if f.get(k) == v)
        rows.append(_score_row(outlet, "words", len(g), len(f), len(g.keys() & f.keys())))
        rows.append(_score_row(outlet, "words, same speaker", len(g), len(f), same))
    words_table = as_table("quote_validation", pd.DataFrame(rows))
    order = {o: k for k, (o, _) in enumerate(_by_outlet(gold, documents))}
    both = pd.concat([table, words_table], ignore_index=True)
    both = both.sort_values("outlet", key=lambda s: s.map(order), kind="stable")
    return both.reset_index(drop=True)


def _word_speakers(items: pd.DataFrame, words: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(doc_id, token start) → speaker, for every word token inside a direct or paraphrase
    item (a direct quote's speaker wins inside it)."""
    said = items[items["kind"].isin(["direct", "paraphrase"])]
    said = said.sort_values("kind", key=lambda s: s.eq("direct"), kind="stable")
    out: dict[tuple[str, int], str] = {}
    by_doc = dict(tuple(words.groupby(words["doc_id"].astype(str), sort=False)))
    for doc_id, start, end, speaker in zip(
        said["doc_id"].astype(str), said["start"], said["end"], said["speaker"].fillna(""), strict=True
    ):
        w = by_doc.get(doc_id)
        if w is None:
            continue
        inside = w[(w["start"] >= start) & (w["end"] <= end)]
        out.update({(doc_id, int(t)): str(speaker) for t in inside["start"]})
    return out


def compare_speaker_words(quotes: pd.DataFrame, gold: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The ``speaker_words_validation`` table: words (direct + paraphrase) each speaker gets
    per outlet, in the hand list and as found, for the documents the hand list covers."""
    outlet = documents.assign(doc_id=documents["doc_id"].astype(str)).set_index("doc_id")["outlet"]
    scored = set(gold["doc_id"].astype(str)) & set(outlet.index)

    def words(table: pd.DataFrame, name: str) -> pd.Series:
        said = table[table["kind"].isin(["direct", "paraphrase"]) & table["doc_id"].astype(str).isin(scored)]
        said = said.assign(
            outlet=said["doc_id"].astype(str).map(outlet).astype(str),
            speaker=said["speaker"].fillna("").astype(str),
        )
        return said.groupby(["outlet", "speaker"])["n_words"].sum().rename(name)

    table = pd.concat([words(gold, "words_gold"), words(quotes, "words_predicted")], axis=1)
    table = table.fillna(0).astype("int64").reset_index()
    table = table.sort_values(
        ["outlet", "words_gold", "speaker"], ascending=[True, False, True], kind="stable"
    )
    return as_table("speaker_words_validation", table.reset_index(drop=True))


def validate_attribution(
    tables: Mapping[str, pd.DataFrame], mention_gold: pd.DataFrame, quote_gold: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The three validation tables from the analysed ``tables`` (``documents``,
    ``sentences``, ``actor_mentions``, ``quotes``, and ``tokens`` for the word-level
    measures) and the hand lists read by
    :func:`read_mention_gold` and :func:`read_quote_gold` (offsets checked against the text)."""
    documents, sentences = tables["documents"], tables["sentences"]
    check_hand_list(mention_gold, sentences)
    check_hand_list(quote_gold, sentences)
    return {
        "mention_validation": score_mentions(tables["actor_mentions"], mention_gold, documents),
        "quote_validation": score_quotes(
            tables["quotes"], quote_gold, documents, tokens=tables.get("tokens")
        ),
        "speaker_words_validation": compare_speaker_words(tables["quotes"], quote_gold, documents),
    }
