"""``research-utils discover``: topics of the study's corpus written for review, with a
figure and a codebook skeleton, into the study's ``suggestions/`` folder."""

from __future__ import annotations

from pathlib import Path

from ..analyse.discover import Method, Unit, codebook_skeleton, discover_topics, topic_units
from ..files import write_atomic
from ..progress import Log, say
from ..study import Study
from ..tables import read_table, write_tables

#: The codebook skeleton's file name in the output folder.
SKELETON = "codebook_from_topics.yaml"


def discover_study(
    study: Study,
    *,
    k: int,
    unit: Unit = "sentence",
    method: Method = "nmf",
    seed: int = 0,
    top_terms: int = 12,
    out: Path | None = None,
    log: Log = None,
) -> list[Path]:
    """Fit a ``k``-topic model to the study's prepared sentences (or paragraphs) and write
    the ``topics``, ``topic_sentences`` and ``topic_shares`` tables, the figures
    ``topics.png``/``.svg`` and ``topic_shares.png``/``.svg`` and :data:`SKELETON` into
    ``out`` (default: the study's ``suggestions/``). Everything is computed before anything
    is written, so bad options write nothing. Returns the paths written."""
    from ..figures import save_figure
    from ..figures.topics import plot_topic_shares, plot_topic_terms
    from ..report.notebook import StudyNotebook

    nb = StudyNotebook(study)
    documents = nb.table("documents")
    units = topic_units(
        read_table("tokens", study.processed), read_table("sentences", study.processed), unit=unit
    )
    say(
        log,
        f"modelling {len(units):,} {unit}s of {len(documents):,} documents: "
        f"{method.upper()}, k={k}, seed={seed}",
    )
    tables = discover_topics(
        units, documents, k=k, method=method, seed=seed, top_terms=top_terms, source=str(study.processed)
    )
    terms_figure = plot_topic_terms(tables["topics"])
    shares_figure = plot_topic_shares(tables["topic_shares"], styles=nb.styles)
    skeleton = codebook_skeleton(tables["topics"], name=f"{study.root.resolve().name}-topics", method=method)
    folder = Path(out) if out is not None else study.root / "suggestions"
    folder.mkdir(parents=True, exist_ok=True)
    paths = list(write_tables(tables, folder).values())
    paths += save_figure(terms_figure, "topics", folder)
    paths += save_figure(shares_figure, "topic_shares", folder)
    write_atomic(folder / SKELETON, lambda tmp: tmp.write_text(skeleton, encoding="utf-8"))
    paths.append(folder / SKELETON)
    for path in paths:
        say(log, f"wrote {path}")
    return paths
