"""The NLTK data packages the project needs: declare, check, download.

NLTK looks for data in the folders of ``nltk.data.path`` (``$NLTK_DATA`` first).
:func:`ensure_resources` is called by every command before any work, so a machine
without the data fails at once with one message that lists everything missing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import MissingResourcesError


@dataclass(frozen=True)
class Resource:
    """An NLTK data package: its downloader id, the path NLTK loads, its use."""

    id: str
    path: str
    used_for: str


RESOURCES: tuple[Resource, ...] = (
    Resource("punkt_tab", "tokenizers/punkt_tab/english/", "sentence splitting"),
    Resource(
        "averaged_perceptron_tagger_eng",
        "taggers/averaged_perceptron_tagger_eng/",
        "Penn Treebank POS tags",
    ),
    Resource("universal_tagset", "taggers/universal_tagset/en-ptb.map", "universal POS tags"),
    Resource("stopwords", "corpora/stopwords/english", "stop words"),
    Resource("wordnet", "corpora/wordnet/", "lemmas (WordNet 3.0)"),
    Resource("vader_lexicon", "sentiment/vader_lexicon.zip", "tone (VADER)"),
)


@dataclass(frozen=True)
class ResourceStatus:
    """Whether one resource was found, and where."""

    resource: Resource
    location: str | None

    @property
    def found(self) -> bool:
        return self.location is not None


def search_path() -> list[str]:
    """The folders NLTK searches, in order (``$NLTK_DATA`` entries first)."""
    import nltk

    return list(nltk.data.path)


def _data_roots() -> list[Path]:
    """The folders ``nltk.data.path`` starts with on Linux and macOS, in its order, found
    without importing NLTK (1 s of imports a warm ``prepare`` need not pay)."""
    roots = [os.path.expanduser(d) for d in os.environ.get("NLTK_DATA", "").split(os.pathsep) if d]
    if os.path.expanduser("~/") != "~/":
        roots.append(os.path.expanduser("~/nltk_data"))
    roots += [
        os.path.join(sys.prefix, *p) for p in (("nltk_data",), ("share", "nltk_data"), ("lib", "nltk_data"))
    ]
    roots += [
        "/usr/share/nltk_data",
        "/usr/local/share/nltk_data",
        "/usr/lib/nltk_data",
        "/usr/local/lib/nltk_data",
    ]
    return [Path(r) for r in roots]


def find_resource(path: str) -> Path | None:
    """Where ``nltk.data.find(path)`` looks first: the path itself in each data folder, then
    its package's zip (``corpora/wordnet/`` → ``corpora/wordnet.zip``); None elsewhere (or on
    Windows), where NLTK itself is asked. Before NLTK is imported the folders are those
    ``nltk.data.path`` would start with; after, ``nltk.data.path`` itself."""
    if sys.platform.startswith("win"):
        return None
    nltk = sys.modules.get("nltk")
    # Once NLTK is imported its search path is the truth (callers may change it at run time).
    roots = [Path(p) for p in nltk.data.path if isinstance(p, str)] if nltk is not None else _data_roots()
    for root in roots:
        if (root / path.rstrip("/")).exists():
            return root / path.rstrip("/")
    parts = path.strip("/").split("/")
    for root in roots:
        zipped = root / parts[0] / (parts[1].removesuffix(".zip") + ".zip") if len(parts) > 1 else None
        if zipped is not None and zipped.is_file():
            return zipped
    return None


def check_resources(resources: tuple[Resource, ...] = RESOURCES) -> list[ResourceStatus]:
    """Look up each resource (:func:`find_resource`, else ``nltk.data.find``); never downloads."""
    statuses = []
    for res in resources:
        fast = find_resource(res.path)
        if fast is not None:
            statuses.append(ResourceStatus(res, str(fast)))
            continue
        import nltk

        try:
            location = str(nltk.data.find(res.path))
        except LookupError:
            location = None
        statuses.append(ResourceStatus(res, location))
    return statuses


def missing_message(missing: list[Resource]) -> str:
    """The one message shown when resources are missing, with both fixes."""
    ids = " ".join(r.id for r in missing)
    lines = ["NLTK data missing: " + ", ".join(f"{r.id} ({r.used_for})" for r in missing)]
    lines.append("NLTK looked in: " + ", ".join(search_path()))
    lines.append("fix one of:")
    lines.append("  - point NLTK at a folder that has them: export NLTK_DATA=/absolute/path/to/nltk_data")
    lines.append(
        "  - with internet, download them: research-utils check --download"
        f"  (or: python -m nltk.downloader {ids})"
    )
    return "\n".join(lines)


def ensure_resources(*ids: str) -> None:
    """Raise :class:`MissingResourcesError` listing every missing resource.

    ``ids`` names the resources to check (``"punkt_tab"``, ...); none: all of them.
    """
    missing = [s.resource for s in check_resources(select_resources(*ids)) if not s.found]
    if missing:
        raise MissingResourcesError(missing_message(missing))


def select_resources(*ids: str) -> tuple[Resource, ...]:
    """The declared resources with these ids, in declaration order (none given: all)."""
    unknown = sorted(set(ids) - {r.id for r in RESOURCES})
    if unknown:
        raise ValueError(f"unknown NLTK resource id(s): {unknown}")
    return tuple(r for r in RESOURCES if not ids or r.id in ids)


def download_missing(
    resources: tuple[Resource, ...] = RESOURCES, download_dir: str | None = None
) -> list[Resource]:
    """Download every missing resource with ``nltk.download``; return those still missing."""
    import nltk

    if download_dir is not None and download_dir not in nltk.data.path:
        nltk.data.path.insert(0, download_dir)
    for status in check_resources(resources):
        if not status.found:
            nltk.download(status.resource.id, download_dir=download_dir, quiet=True)
    return [s.resource for s in check_resources(resources) if not s.found]
