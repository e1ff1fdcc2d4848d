"""Hybrid search: dense (faiss) and lexical (bm25s) scores fused, plus abstention.

Fusion: both score lists are min-max normalised over the union of their top
candidates and combined as ``w * dense + (1 - w) * lexical`` (``search.dense_weight``).
Min-max fusion beat reciprocal-rank fusion on the DTZ documents and on PolicyQA
(bench/quality.py prints the comparison).

Abstention does not trust the top score alone (it hardly differs between answerable
and unanswerable questions). The evidence is how much of the question's
distinctive vocabulary (IDF-weighted) the best passages contain, combined with
the dense similarity; ``search.min_evidence`` is calibrated by bench/calibrate.py
on answerable questions and on 500 real Dutch questions that the documents do not answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.analysis import analyze
from index.config import SearchConfig
from index.store import StoredIndex

Mode = Literal["hybrid", "dense", "lexical"]

# Cosine similarities of e5 models lie in a narrow band; this maps it to [0, 1] for the evidence.
DENSE_FLOOR, DENSE_CEIL = 0.78, 0.90


@dataclass(frozen=True)
class Ranking:
    """Candidate passages in fused order, with the raw signals used for the evidence."""

    order: np.ndarray  # chunk indices, best first
    scores: np.ndarray  # fused score per entry of ``order``
    dense: np.ndarray  # raw cosine per entry of ``order``
    query_terms: tuple[str, ...]


def lexical_scores(stored: StoredIndex, terms: list[str]) -> np.ndarray:
    """BM25 scores of every passage for already analysed query terms."""
    known = [t for t in terms if t in stored.doc_freq]
    if stored.lexical is None or not known:
        return np.zeros(stored.size, dtype=np.float32)
    return np.asarray(stored.lexical.get_scores(known), dtype=np.float32)


def _minmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        return np.where(values > 0, 1.0, 0.0).astype(np.float32) if hi > 0 else np.zeros_like(values)
    return (values - lo) / (hi - lo)


def rank(stored: StoredIndex, query_vec: np.ndarray | None, question: str, cfg: SearchConfig, mode: Mode = "hybrid") -> Ranking:
    """Rank passages for a question; ``query_vec`` may be None for lexical mode."""
    terms = analyze(question)
    n = stored.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ranking(empty, np.zeros(0, np.float32), np.zeros(0, np.float32), tuple(terms))
    c = min(cfg.candidates, n)
    lex_all = lexical_scores(stored, terms) if mode != "dense" else np.zeros(n, np.float32)
    candidates: set[int] = set()
    if mode != "dense":
        candidates.update(int(i) for i in np.argsort(-lex_all)[:c] if lex_all[i] > 0)
    if mode != "lexical" and query_vec is not None:
        _, ids = stored.dense.search(np.asarray(query_vec, np.float32).reshape(1, -1), c)
        candidates.update(int(i) for i in ids[0] if i >= 0)
    idx = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
    if idx.size == 0:
        idx = np.arange(min(c, n), dtype=np.int64)
    dense = stored.vectors[idx] @ query_vec if query_vec is not None else np.zeros(idx.size, np.float32)
    lex = lex_all[idx]
    if mode == "lexical":
        fused = lex
    elif mode == "dense":
        fused = dense
    else:
        fused = cfg.dense_weight * _minmax(dense) + (1 - cfg.dense_weight) * _minmax(lex)
    order = np.argsort(-fused, kind="stable")
    return Ranking(idx[order], fused[order].astype(np.float32), np.asarray(dense)[order], tuple(terms))


def select(stored: StoredIndex, ranking: Ranking, k: int, max_per_document: int, offset: int = 0) -> list[tuple[int, float]]:
    """The best ``k`` passages after ``offset``, at most ``max_per_document`` from one document."""
    per_doc: dict[str, int] = {}
    picked: list[tuple[int, float]] = []
    for i, score in zip(ranking.order, ranking.scores, strict=True):
        source = stored.chunks[int(i)].source
        if per_doc.get(source, 0) >= max_per_document:
            continue
        per_doc[source] = per_doc.get(source, 0) + 1
        picked.append((int(i), float(score)))
        if len(picked) >= offset + k:
            break
    return picked[offset:]


def idf(stored: StoredIndex, term: str) -> float:
    """BM25-style inverse document frequency; a term the documents lack gets the maximum."""
    n = max(stored.size, 1)
    df = stored.doc_freq.get(term, 0)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def coverage(stored: StoredIndex, terms: tuple[str, ...], chunk_ids: list[int]) -> float:
    """IDF-weighted share of the question's terms that occur in the given passages."""
    distinct = list(dict.fromkeys(terms))
    if not distinct:
        return 0.0
    present: set[str] = set()
    for i in chunk_ids:
        present.update(analyze(stored.chunks[i].lexical_text()))
    weights = [idf(stored, t) for t in distinct]
    total = sum(weights)
    hit = sum(w for t, w in zip(distinct, weights, strict=True) if t in present)
    return hit / total if total > 0 else 0.0


def evidence(stored: StoredIndex, ranking: Ranking, top: int = 3) -> float:
    """How strongly the best passages support an answer, in [0, 1]."""
    if ranking.order.size == 0:
        return 0.0
    ids = [int(i) for i in ranking.order[:top]]
    cov = coverage(stored, ranking.query_terms, ids)
    best_dense = float(ranking.dense.max()) if ranking.dense.size else 0.0
    dense_part = min(1.0, max(0.0, (best_dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR)))
    return 0.5 * cov + 0.5 * dense_part
