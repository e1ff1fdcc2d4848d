"""Hybrid search: dense and lexical scores fused, re-ranked, and the best passages picked.

Fusion: both score lists are min-max normalised over the union of their top candidates and
combined as ``(1 - l) * dense + l * lexical``. The lexical weight ``l = (1 - search.dense_weight)
* clarity`` shrinks when the question's words occur in most passages (e.g. "Dutch TechZone"), where
BM25 cannot tell passages apart. Min-max fusion beat reciprocal-rank fusion on the DTZ documents and
on PolicyQA (bench/quality.py prints the comparison).

The jobs around it live in their own modules: keyword terms and BM25 (:mod:`index.lexical`), the
re-rank with answer signals (:mod:`index.rerank`), the evidence for abstention
(:mod:`index.evidence`); their public names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.analysis import Term, query_terms
from index.config import SearchConfig
from index.evidence import COMPOUND_EVIDENCE, coverage, evidence, sentence_coverage, sentence_tokens, token_coverage
from index.lexical import clarity, compound_expansions, idf, lexical_scores, lexical_terms, one_edit
from index.rerank import RERANK_DEPTH, rerank
from index.signals import answer_type
from index.storage import Generation as StoredIndex
from index.translate import to_dutch, untranslated

__all__ = [
    "COMPOUND_EVIDENCE",
    "RERANK_DEPTH",
    "Mode",
    "Ranking",
    "clarity",
    "compound_expansions",
    "coverage",
    "evidence",
    "idf",
    "lexical_scores",
    "lexical_terms",
    "one_edit",
    "rank",
    "select",
    "sentence_coverage",
    "sentence_tokens",
    "token_coverage",
]

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class Ranking:
    """Candidate passages in fused order, with the raw signals used for the evidence."""

    order: np.ndarray  # chunk indices, best first
    scores: np.ndarray  # fused score per entry of ``order``
    dense: np.ndarray  # raw cosine per entry of ``order``
    query_terms: tuple[Term, ...]


def _minmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        return np.where(values > 0, 1.0, 0.0).astype(np.float32) if hi > 0 else np.zeros_like(values)
    return (values - lo) / (hi - lo)


# Passages that name topics without answering for them rank below the body text: a letterhead
# (address, reference block) and a table of contents.
# A signature answers "who" (who signed, who chairs) and little else; a footnote names a source.
KIND_WEIGHT = {"letterhead": 0.5, "toc": 0.4, "signature": 0.5, "footnote": 0.5}


MIN_KNOWN = 3  # an English question keeps its unknown words unless this many of its words are known


def known_terms(stored: StoredIndex, terms: list[Term], question: str) -> list[Term]:
    """The question's terms without the English words that the translation left and no passage holds.

    Such a word ("now", "others") is one the analyser does not know, not a word the documents
    lack: it must not count as missing evidence, nor pull in compounds that happen to contain it.
    A question of which fewer than ``MIN_KNOWN`` words are known keeps them: it is not understood
    ("What is the weather in Emmen tomorrow?" would otherwise be a question about Emmen).
    """
    english = untranslated(question)
    if not english:
        return terms
    stored.prefetch_terms(t.stem for t in terms)
    known = [t for t in terms if t.word not in english or t.stem in stored.doc_freq]
    keys = {t.key for t in known if t.stem in stored.doc_freq}
    return known if len(keys) >= MIN_KNOWN else terms


def rank(
    stored: StoredIndex,
    query_vec: np.ndarray | None,
    question: str,
    cfg: SearchConfig,
    mode: Mode = "hybrid",
    allowed: np.ndarray | None = None,
) -> Ranking:
    """Rank passages for a question; ``query_vec`` may be None for lexical mode.

    Keyword search uses the question in Dutch (:func:`index.translate.to_dutch`); the
    dense vector is the embedding of the original question. ``allowed`` (a mask over the
    passages) keeps the search to some documents (:mod:`index.filters`).
    """
    asked = question
    question = to_dutch(question)
    terms = known_terms(stored, query_terms(question), asked)
    n = stored.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ranking(empty, np.zeros(0, np.float32), np.zeros(0, np.float32), tuple(terms))
    c = min(cfg.candidates, n)
    groups = lexical_terms(stored, terms)
    lex_all = lexical_scores(stored, groups) if mode != "dense" else np.zeros(n, np.float32)
    if allowed is not None:
        lex_all = np.where(allowed, lex_all, 0.0).astype(np.float32)
    candidates: set[int] = set()
    if mode != "dense":
        top = np.argpartition(-lex_all, c - 1)[:c] if c < n else np.arange(n)
        candidates.update(int(i) for i in top if lex_all[i] > 0)
    if mode != "lexical" and query_vec is not None:
        candidates.update(int(i) for i in stored.dense_search(query_vec, c, allowed))
    idx = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
    if idx.size == 0:
        idx = np.arange(min(c, n), dtype=np.int64) if allowed is None else np.flatnonzero(allowed)[:c]
    dense = stored.cosines(query_vec, idx) if query_vec is not None else np.zeros(idx.size, np.float32)
    lex = lex_all[idx]
    if mode == "lexical":
        fused = lex
    elif mode == "dense":
        fused = dense
    else:
        lex_weight = (1 - cfg.dense_weight) * clarity(stored, groups[0])
        fused = (1 - lex_weight) * _minmax(dense) + lex_weight * _minmax(lex)
    if mode == "hybrid":
        kind = answer_type(question)  # who signed: the signature; when a letter was sent: its letterhead
        weights = {
            **KIND_WEIGHT,
            **({"signature": 1.0} if kind == "person" else {}),
            **({"letterhead": 1.0} if kind == "date" else {}),
        }
        fused = fused * np.array([weights.get(k, 1.0) for k in stored.kinds(idx)], dtype=np.float32)
    order = np.argsort(-fused, kind="stable")
    idx, fused, dense = idx[order], fused[order].astype(np.float32), np.asarray(dense, np.float32)[order]
    stored.prefetch(idx[:RERANK_DEPTH])  # the passages the re-rank and the answer read, in one look-up
    if mode == "hybrid":
        idx, fused, dense = rerank(stored, question, terms, idx, fused, dense, cfg)
    return Ranking(idx, fused, dense, tuple(terms))


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
