"""Wire copies and near-duplicates: the same story printed under several mastheads.

Two documents are near-duplicates when the Jaccard similarity of their sets of word
shingles — every run of :data:`SHINGLE_SIZE` consecutive word tokens, lower-cased, with
punctuation dropped — is at least :data:`THRESHOLD` (Broder 1997, "On the resemblance and
containment of documents"). The shingles are made from the prepared ``tokens`` table
(``lower`` of the tokens whose ``is_punct`` is false), so they are exactly the words counted
in ``documents.n_word_tokens``.

Why 0.8 on 5-word shingles: one changed word changes up to five shingles, so five-word
shingles are specific enough that two different articles on the same event — even quoting
the same statement — share only a few percent of them, while a reprint keeps almost all of
them. A copy under a new headline, with its last 15 % trimmed or with a few lines of
boilerplate ("Follow us on …", "Subscribe …") added keeps a Jaccard of about 0.85–0.95; 0.8
accepts those and nothing looser. Edits scattered through the text cost more than their
share: 5 % of words changed at random leaves a Jaccard of about 0.63 and is not caught
(2 % leaves about 0.82), while the same 5 % rewritten within a few sentences — how
subeditors change agency copy — is.

How: each shingle is hashed to 64 bits (``pandas.util.hash_array``: SipHash with a fixed
key, the same on every machine), so a document's shingle set is a sorted array of integers
(8 bytes a shingle: a corpus of 10 million words fits in about 80 MB, and the tokens are
read a piece at a time). A MinHash signature of each set (``datasketch``, ``num_perm``
seeded permutations of the 64-bit values), LSH banding of the signatures for candidate
pairs (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3), then every
candidate pair confirmed by the Jaccard of the two hashed sets, which is also the
similarity reported: it equals the Jaccard of the shingle sets themselves unless two
different shingles share a 64-bit hash (odds about 10⁻¹³ for a corpus of 10 million
shingles). The bands are chosen so that a pair exactly at the threshold becomes a candidate
with probability :data:`CANDIDATE_RECALL` (datasketch's own choice for 0.8 finds only about
40 % of such pairs); the exact check removes the extra candidates this lets in. Groups are
the connected components of the confirmed pairs. Documents with fewer words than the
shingle size have no shingle and are never grouped.

Functions take and return DataFrames and write nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ..tables import as_table, empty_table

#: Words per shingle.
SHINGLE_SIZE = 5
#: Least Jaccard similarity of two documents' shingle sets for them to be near-duplicates.
THRESHOLD = 0.8
#: MinHash permutations per signature.
NUM_PERM = 128
#: Probability that a pair exactly at the threshold becomes an LSH candidate.
CANDIDATE_RECALL = 0.995

Pair = tuple[int, int, float]


def word_sequences(tokens: pd.DataFrame) -> dict[str, list[str]]:
    """Each document's word tokens (``lower``, ``is_punct`` false) in ``token_id`` order."""
    words = tokens.loc[~tokens["is_punct"].astype(bool), ["doc_id", "token_id", "lower"]]
    words = words.sort_values(["doc_id", "token_id"], kind="stable")
    doc_ids, lower = words["doc_id"].astype(str).tolist(), words["lower"].astype(str).tolist()
    starts = [i for i in range(len(doc_ids)) if i == 0 or doc_ids[i] != doc_ids[i - 1]]
    ends = [*starts[1:], len(doc_ids)][: len(starts)]
    return {doc_ids[a]: lower[a:b] for a, b in zip(starts, ends, strict=True)}


def shingles(words: Sequence[str], size: int = SHINGLE_SIZE) -> frozenset[str]:
    """The set of ``size``-word shingles of ``words`` (empty when there are fewer words)."""
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def shingle_hashes(words: Sequence[str], size: int = SHINGLE_SIZE) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the ``size``-word shingles of ``words``."""
    texts = np.array(list(shingles(words, size)), dtype=object)
    if not len(texts):
        return np.empty(0, dtype=np.uint64)
    return np.unique(pd.util.hash_array(texts, categorize=False))  # most shingles are distinct


def hashed_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two :func:`shingle_hashes` arrays (0 when both are empty)."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def document_words(chunks: Iterable[pd.DataFrame]) -> Iterator[tuple[str, list[str]]]:
    """``(doc_id, words)`` of each document of a tokens table read in ``chunks`` (pieces in
    file order, as ``prepare`` writes it: a document's rows together, in ``token_id``
    order; a document may span pieces). Documents without a word token are not yielded."""
    carry: pd.DataFrame | None = None
    for chunk in chunks:
        words = chunk.loc[~chunk["is_punct"].astype(bool), ["doc_id", "lower"]]
        if carry is not None:
            words = pd.concat([carry, words], ignore_index=True)
        if words.empty:
            continue
        doc_ids = words["doc_id"].astype(str).to_numpy()
        last = doc_ids == doc_ids[-1]
        carry = words[last]
        yield from _split_words(doc_ids[~last], words.loc[~last, "lower"].astype(str).tolist())
    if carry is not None and not carry.empty:
        yield from _split_words(carry["doc_id"].astype(str).to_numpy(), carry["lower"].astype(str).tolist())


def _split_words(doc_ids: np.ndarray, lower: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Runs of equal ``doc_ids`` as ``(doc_id, words)``."""
    if not len(doc_ids):
        return
    starts = np.flatnonzero(np.r_[True, doc_ids[1:] != doc_ids[:-1]])
    ends = np.r_[starts[1:], len(doc_ids)]
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        yield str(doc_ids[a]), lower[a:b]


def lsh_bands(threshold: float, num_perm: int, *, recall: float = CANDIDATE_RECALL) -> tuple[int, int]:
    """LSH ``(bands, rows)``: the most rows per band (fewest false candidates) for which a
    pair at ``threshold`` is a candidate with probability at least ``recall``."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


def _candidate_pairs(
    sets: list[np.ndarray], *, threshold: float, num_perm: int, seed: int
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of documents whose MinHash signatures share an LSH band."""
    from datasketch import MinHash, MinHashLSH  # imported on use: reading a corpus needs neither

    signatures = MinHash.bulk(sets, num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine64")
    lsh = MinHashLSH(num_perm=num_perm, params=lsh_bands(threshold, num_perm))
    with lsh.insertion_session() as session:
        for i, signature in enumerate(signatures):
            session.insert(i, signature, check_duplication=False)
    return sorted({(i, j) for i, signature in enumerate(signatures) for j in lsh.query(signature) if i < j})


def _groups(n: int, pairs: list[Pair]) -> np.ndarray:
    """Component label of each of ``n`` documents (``-1``: in no confirmed pair)."""
    labels = np.full(n, -1)
    if not pairs:
        return labels
    rows, cols = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    graph = coo_array((np.ones(len(pairs)), (rows, cols)), shape=(n, n))
    _, components = connected_components(graph, directed=False)
    paired = np.union1d(rows, cols)
    labels[paired] = components[paired]
    return labels


def _ordered(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` with its row position (``order``), sorted by date (missing last), then position."""
    out = documents.reset_index(drop=True).assign(order=lambda d: np.arange(len(d)))
    out = out.assign(no_date=out["published"].isna(), date=out["published"].fillna(""))
    return out.sort_values(["no_date", "date", "order"], kind="stable").reset_index(drop=True)


def find_duplicates(
    documents: pd.DataFrame,
    tokens: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    threshold: float = THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    seed: int = 1,
) -> pd.DataFrame:
    """The ``duplicates`` table: every document in a group of near-duplicates.

    ``documents`` needs ``doc_id``, ``outlet`` and ``published``; ``tokens`` is the prepared
    tokens table (``doc_id``, ``token_id``, ``lower``, ``is_punct``), whole (any row order)
    or as pieces in the order ``prepare`` writes it (:func:`document_words`), so that
    memory holds one piece and the hashed shingles. Two documents pair when the Jaccard of
    their ``shingle_size``-word shingle sets is at least ``threshold`` (MinHash/LSH
    proposes the pairs); groups are connected components of pairs, numbered by their
    earliest member. The earliest member — earliest ``published``, ties (and missing
    dates, which come last) by the order of ``documents`` — is the group's source and the
    one ``kept``. ``similarity`` is a member's highest Jaccard among its confirmed pairs
    (every pair above the threshold is a candidate with probability ≥
    :data:`CANDIDATE_RECALL`). Documents shorter than ``shingle_size`` words are never
    grouped. The same documents table gives the same rows whatever the order of a whole
    ``tokens`` table; the order of ``documents`` matters only for ties of date.
    """
    if not 0 < threshold <= 1 or shingle_size < 1 or num_perm < 1:
        raise ValueError("threshold must be in (0, 1], shingle_size and num_perm at least 1")
    if documents["doc_id"].duplicated().any():
        raise ValueError("documents has repeated doc_id values")
    docs = _ordered(documents)
    wanted = set(docs["doc_id"].astype(str))
    if isinstance(tokens, pd.DataFrame):
        pieces: Iterable[tuple[str, list[str]]] = word_sequences(tokens).items()
    else:
        pieces = document_words(tokens)
    hashes: dict[str, np.ndarray] = {}
    n_words: dict[str, int] = {}
    for doc_id, words in pieces:
        if doc_id in wanted:
            hashes[doc_id], n_words[doc_id] = shingle_hashes(words, shingle_size), len(words)
    empty = np.empty(0, dtype=np.uint64)
    sets = [hashes.get(d, empty) for d in docs["doc_id"].astype(str)]
    has = [i for i, s in enumerate(sets) if len(s)]
    candidates = _candidate_pairs([sets[i] for i in has], threshold=threshold, num_perm=num_perm, seed=seed)
    pairs = [(has[i], has[j], hashed_jaccard(sets[has[i]], sets[has[j]])) for i, j in candidates]
    pairs = [p for p in pairs if p[2] >= threshold]
    best = np.zeros(len(docs))
    for i, j, similarity in pairs:
        best[i], best[j] = max(best[i], similarity), max(best[j], similarity)
    counts = [n_words.get(d, 0) for d in docs["doc_id"].astype(str)]
    return _duplicate_rows(docs, _groups(len(docs), pairs), best, counts)


def _duplicate_rows(
    docs: pd.DataFrame, labels: np.ndarray, best: np.ndarray, n_words: list[int]
) -> pd.DataFrame:
    """The ``duplicates`` table from date-ordered ``docs``, their component labels, highest
    similarities and word counts."""
    members = np.flatnonzero(labels >= 0)  # docs is in date order, so members are too
    if not len(members):
        return empty_table("duplicates")
    label_of = labels[members]
    _, first = np.unique(label_of, return_index=True)  # each label's earliest member
    group_number = {label_of[f]: n for n, f in enumerate(sorted(first), start=1)}
    source = {label_of[f]: members[f] for f in first}
    rows = docs.iloc[members]
    out = pd.DataFrame(
        {
            "group": [group_number[g] for g in label_of],
            "doc_id": rows["doc_id"].to_numpy(),
            "outlet": rows["outlet"].to_numpy(),
            "published": rows["published"].to_numpy(),
            "n_words": [n_words[i] for i in members],
            "similarity": np.round(best[members], 4),
            "earliest": [source[g] == i for g, i in zip(label_of, members, strict=True)],
            "earliest_doc_id": [docs["doc_id"].iloc[source[g]] for g in label_of],
        }
    )
    out["kept"] = out["earliest"]
    out = out.sort_values("group", kind="stable")  # within a group rows stay in date order
    return as_table("duplicates", out)


def count_once(documents: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """``documents`` without the near-duplicates not ``kept``: each group counts once."""
    dropped = set(duplicates.loc[~duplicates["kept"].astype(bool), "doc_id"])
    return documents[~documents["doc_id"].isin(dropped)].reset_index(drop=True)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def describe_duplicates(
    duplicates: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
) -> str:
    """A plain-language account of ``duplicates``: documents, groups, outlets, largest group."""
    rule = f"≥ {threshold:.0%} of their {shingle_size}-word shingles".replace("%", " %")
    short = ""
    if "n_word_tokens" in documents:
        n_short = int((documents["n_word_tokens"] < shingle_size).sum())
        if n_short:
            short = (
                f" ({_plural(n_short, 'document')} shorter than {shingle_size} words could not be compared)"
            )
    if duplicates.empty:
        return f"No two documents share {rule} ({_plural(len(documents), 'document')} compared){short}."
    n_groups = int(duplicates["group"].nunique())
    n_dropped = int((~duplicates["kept"].astype(bool)).sum())
    copies = duplicates.loc[~duplicates["earliest"].astype(bool)]
    sizes = duplicates.groupby("group")["doc_id"].count()
    largest = sizes.index[int(np.argmax(sizes.to_numpy()))]  # the first of the largest groups
    members = duplicates[duplicates["group"] == largest]
    source = members[members["earliest"].astype(bool)].iloc[0]
    published = source["published"] if pd.notna(source["published"]) else "an unknown date"
    return (
        f"{_plural(len(duplicates), 'document')} of {len(documents):,} fall in "
        f"{_plural(n_groups, 'group')} of near-duplicates sharing {rule} (Jaccard){short}; "
        f"counting each group once leaves out {_plural(n_dropped, 'document')}. Copies of an "
        f"earlier document appear in {copies['outlet'].nunique():,} of "
        f"{documents['outlet'].nunique():,} outlets. The largest group has "
        f"{_plural(len(members), 'document')} from {_plural(members['outlet'].nunique(), 'outlet')}, "
        f"first published by {source['outlet']} on {published} ({source['doc_id']})."
    )
