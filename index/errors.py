"""Exceptions raised by the retrieval library.

All of them derive from one base, so a caller can catch the family::

    DTZError
    ├── ConfigError          config.yaml is missing, malformed, or a key is invalid
    ├── KnowledgeError       the knowledge folder is missing or unusable
    ├── IndexMissingError    no index has been built yet
    ├── IndexMismatchError   the index was built with another engine/model/chunking
    ├── BuildError           a build or update failed; the previous index stays in place
    └── EmbedderError        the embedding engine could not be loaded or used

"Nothing relevant found" is not an exception: it is an ``Answer`` with
``answered=False``.
"""

from __future__ import annotations


class DTZError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(DTZError):
    """The configuration is invalid; the message names the file and the dotted key."""


class KnowledgeError(DTZError):
    """The knowledge folder is missing or cannot be read."""


class IndexMissingError(DTZError):
    """There is no built index in the data directory."""


class IndexMismatchError(DTZError):
    """The built index does not match the configured engine, model or chunking."""


class BuildError(DTZError):
    """Building or updating the index failed; the previous index is untouched."""


class EmbedderError(DTZError):
    """The configured embedding engine could not be loaded or failed."""


class StoreUnavailableError(DTZError):
    """The database that holds the index cannot be reached (now); asking again later may work."""


class StoreBusyError(StoreUnavailableError):
    """The database did not answer in time (a statement over its time limit, or no connection free)."""


class GenerationGoneError(StoreUnavailableError):
    """The generation a question was searching was removed (two newer ones were built meanwhile)."""
