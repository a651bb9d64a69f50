"""research_utils: computational framing analysis of news, as a pipeline of stages.

``ingest`` (raw corpus → validated documents) → ``annotate`` (sentences, tokens, tags,
lemmas with NLTK) → ``analyse`` (terms, keyness, frames, actors, quotes, tone: tables in,
tables out) → ``figures`` (tables in, figures out) → ``report`` (notebooks, HTML).
``pipeline`` is the only code that writes tables; ``config`` holds every default;
``schemas`` and ``tables`` declare and read the tables; ``cli`` is ``research-utils``.
Importing the package is cheap: no NLTK model is loaded and no network is touched.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("research-utils")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
