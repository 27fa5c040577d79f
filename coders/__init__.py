"""eventcoder's coding library: CAMEO events from spaCy parses and plain-data dictionaries.

Nothing in this package imports Prefect: the flows in ``flows/`` wrap these functions.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eventcoder")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
