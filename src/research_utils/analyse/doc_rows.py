"""A table's rows by document, sorted once: for analyses that walk documents in Python.

Slicing a DataFrame per document (indexing, column selection, iterating pyarrow strings)
costs ~0.1 ms a slice, more than the rules run on a short document; an analysis that walks
documents instead sorts each table once here and reads each document's rows as a
``[start, stop)`` range of plain columns (NumPy arrays, or lists from ``.tolist()``).
A document's rows never depend on which other documents the table holds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def document_codes(doc_ids: pd.Series, order: pd.Index) -> np.ndarray:
    """Each row's document as its position in ``order`` (-1: not in ``order``, or missing)."""
    codes, uniques = pd.factorize(doc_ids)  # fast on pyarrow strings; -1 for missing ids
    lookup = np.append(order.get_indexer(uniques), -1)  # code -1 picks the appended -1
    return lookup[codes]


def document_rows(table: pd.DataFrame, order: pd.Index, by: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, bounds)``: positions of ``table``'s rows sorted by document (in the order of
    ``order``, a unique index of ``doc_id`` values) and then by the columns ``by`` (a stable
    sort: ties keep the table's order); the rows of document ``order[k]`` are
    ``rows[bounds[k]:bounds[k + 1]]``. Rows of documents not in ``order`` are left out."""
    codes = document_codes(table["doc_id"], order)
    keys = [table[c].to_numpy() for c in reversed(by)]
    rows = np.lexsort((*keys, codes))  # the last key sorts first; lexsort is stable
    rows = rows[codes[rows] >= 0]
    bounds = np.searchsorted(codes[rows], np.arange(len(order) + 1), side="left")
    return rows, bounds
