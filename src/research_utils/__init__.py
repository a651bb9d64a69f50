"""research_utils: corpus preparation and media-framing analysis with NLTK.

Importing the package is cheap: no NLTK model is loaded and no network is touched
until a function that needs one is called.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("research-utils")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
