"""DTZ retrieval library: reading, chunking, embedding, storing and searching documents.

This package never imports ``telegram``; the bot and the CLI are built on top of it.
"""

from index.config import Config, load_config
from index.errors import (
    BuildError,
    ConfigError,
    DTZError,
    EmbedderError,
    IndexMismatchError,
    IndexMissingError,
    KnowledgeError,
)
from index.library import IndexStatus, Library
from index.models import Answer, BuildReport, Chunk, DocumentMeta, Passage, Skipped

__all__ = [
    "Answer",
    "BuildError",
    "BuildReport",
    "Chunk",
    "Config",
    "ConfigError",
    "DTZError",
    "DocumentMeta",
    "EmbedderError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexStatus",
    "KnowledgeError",
    "Library",
    "Passage",
    "Skipped",
    "load_config",
]
