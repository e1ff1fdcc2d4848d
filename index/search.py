"""Hybrid search: dense (faiss) and lexical (bm25s) scores fused, plus abstention.

Fusion: both score lists are min-max normalised over the union of their top
candidates and combined as ``(1 - l) * dense + l * lexical``. The lexical weight
``l = (1 - search.dense_weight) * clarity`` shrinks when the question's words occur
in most passages (e.g. "Dutch TechZone"), where BM25 cannot tell passages apart.
The best candidates are then re-ranked with answer signals: the IDF-weighted
share of the question's terms that one sentence of the passage covers
(``search.sentence_weight``), and, for definition questions ("Wat is X?", "Wat houdt
X in?" ...), whether the passage defines X ("X (..) is een ...", ``search.definition_bonus``);
for "Hoeveel ..." questions, whether it states an amount or count (``search.quantity_bonus``);
for questions about the current state ("nu", "laatste"), how new its document is
(``search.recency_bonus``).
Lexical terms are expanded to Dutch compounds and OCR variants (:func:`compound_expansions`).
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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.analysis import Term, analyze, query_terms
from index.chunking import split_sentences
from index.config import SearchConfig
from index.signals import answer_type, asks_quantity, defines, definition_target, has_quantity, recency, wants_recent
from index.storage import Generation as StoredIndex
from index.translate import to_dutch

Mode = Literal["hybrid", "dense", "lexical"]

RERANK_DEPTH = 30
# Cosine similarities of e5 models lie in a narrow band; this maps it to [0, 1] for the evidence.
DENSE_FLOOR, DENSE_CEIL = 0.80, 0.90


@dataclass(frozen=True)
class Ranking:
    """Candidate passages in fused order, with the raw signals used for the evidence."""

    order: np.ndarray  # chunk indices, best first
    scores: np.ndarray  # fused score per entry of ``order``
    dense: np.ndarray  # raw cosine per entry of ``order``
    query_terms: tuple[Term, ...]


MIN_COMPOUND_PART = 5  # shorter terms match too many unrelated words
MIN_FUZZY = 7  # OCR variants are looked for only for longer terms
MAX_EXPANSIONS = 5
# Evidence from a compound ("centrum" in "kenniscentrum") is weaker than from the word itself.
COMPOUND_EVIDENCE = 0.5
PART_WEIGHT = 0.25  # BM25 weight of a compound that contains a question term the index also has on its own


def compound_expansions(stored: StoredIndex, term: Term) -> list[str]:
    """Index terms that contain ``term`` as a part of a compound, or are it with one letter off (OCR).

    Dutch writes compounds as one word: a question about "rekenkamer" must find
    "rekenkameronderzoek", one about "evaluatie" also "evaluatierapport" (the stem and
    the word are both looked for). OCR damages letters: "coordinatieteam" must find
    "codrdinatieteam". The most frequent such terms are used.
    """
    if len(term.word) < MIN_COMPOUND_PART or term.stem.isdigit():
        return []
    key = f"{term.stem}\x00{term.word}"
    cached = stored.expansion_cache.get(key)
    if cached is None:
        vocabulary = stored.vocabulary
        hits = {v for k in {term.stem, term.word} if len(k) >= MIN_COMPOUND_PART for v in vocabulary.containing(k)}
        hits.discard(term.stem)
        if len(term.stem) >= MIN_FUZZY:
            hits.update(v for v in vocabulary.similar_length(term.stem) if _one_edit(term.stem, v))
        cached = sorted(hits, key=lambda v: (-stored.doc_freq[v], v))[:MAX_EXPANSIONS]
        stored.expansion_cache[key] = cached
    return cached


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


def lexical_terms(stored: StoredIndex, terms: list[Term]) -> tuple[list[str], list[str]]:
    """The question's terms as the index has them, in two groups.

    Full weight: the terms the index has, and the expansions of those it lacks (they stand
    in for the term). Part weight: the compounds that contain a term the index also has.
    """
    stored.prefetch_terms(t.stem for t in terms)
    full = [t.stem for t in terms if t.stem in stored.doc_freq]
    part: list[str] = []
    for t in terms:
        (part if t.stem in stored.doc_freq else full).extend(compound_expansions(stored, t))
    return full, part


def lexical_scores(stored: StoredIndex, groups: tuple[list[str], list[str]]) -> np.ndarray:
    """BM25 scores of every passage for the question's index terms (:func:`lexical_terms`)."""
    scores = np.zeros(stored.size, dtype=np.float32)
    for tokens, weight in zip(groups, (1.0, PART_WEIGHT), strict=True):
        if tokens:
            scores += weight * stored.bm25(tokens)
    return scores


def _minmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        return np.where(values > 0, 1.0, 0.0).astype(np.float32) if hi > 0 else np.zeros_like(values)
    return (values - lo) / (hi - lo)


# Passages that name topics without answering for them rank below the body text: a letterhead
# (address, reference block) and a table of contents.
# A signature answers "who" (who signed, who chairs) and little else.
KIND_WEIGHT = {"letterhead": 0.5, "toc": 0.4, "signature": 0.5}


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
    question = to_dutch(question)
    terms = query_terms(question)
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
    stored.prefetch(idx)
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
        fused = fused * np.array([weights.get(stored.chunks[int(i)].kind, 1.0) for i in idx], dtype=np.float32)
    order = np.argsort(-fused, kind="stable")
    idx, fused, dense = idx[order], fused[order].astype(np.float32), np.asarray(dense, np.float32)[order]
    if mode == "hybrid":
        idx, fused, dense = _rerank(stored, question, terms, idx, fused, dense, cfg)
    return Ranking(idx, fused, dense, tuple(terms))


def _rerank(
    stored: StoredIndex,
    question: str,
    terms: list[Term],
    idx: np.ndarray,
    fused: np.ndarray,
    dense: np.ndarray,
    cfg: SearchConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add the sentence-coverage and definition signals to the best candidates and sort again."""
    depth = min(RERANK_DEPTH, idx.size)
    target = definition_target(question)
    head = fused[:depth].copy()
    for j in range(depth):
        i = int(idx[j])
        head[j] += cfg.sentence_weight * sentence_coverage(stored, terms, i)
        if target:
            head[j] += cfg.definition_bonus * defines(stored.folded(i), target)
    if cfg.quantity_bonus and asks_quantity(question):
        head += cfg.quantity_bonus * np.array([has_quantity(stored.folded(int(i))) for i in idx[:depth]], dtype=np.float32)
    if cfg.recency_bonus and wants_recent(question):
        head += cfg.recency_bonus * recency([stored.chunks[int(i)].date for i in idx[:depth]])
    years = YEAR_IN_QUESTION.findall(question)
    if years and cfg.year_bonus:
        head += cfg.year_bonus * np.array([_year_match(stored, int(i), years) for i in idx[:depth]], dtype=np.float32)
    order = np.argsort(-head, kind="stable")
    fused = np.concatenate([head[order], fused[depth:]])
    return np.concatenate([idx[:depth][order], idx[depth:]]), fused, np.concatenate([dense[:depth][order], dense[depth:]])


YEAR_IN_QUESTION = re.compile(r"\b((?:19|20)\d{2})\b")


def _year_match(stored: StoredIndex, i: int, years: list[str]) -> float:
    """1 when the passage names a year the question asks about, 0.5 when only its document (title, date) does."""
    chunk = stored.chunks[i]
    if any(y in chunk.text for y in years):
        return 1.0
    return 0.5 if any(y in chunk.title or chunk.date.startswith(y) for y in years) else 0.0


def clarity(stored: StoredIndex, known: list[str]) -> float:
    """How well the question's best full-weight index term separates passages: its IDF relative to the maximum."""
    if not known:
        return 0.0
    return max(idf(stored, t) for t in known) / math.log(1 + max(stored.size, 1))


def sentence_tokens(stored: StoredIndex, i: int) -> list[set[str]]:
    """Analysed terms of each sentence of a passage (cached on the loaded index)."""
    cached = stored.sentence_cache.get(i)
    if cached is None:
        cached = [set(analyze(s)) for s in split_sentences(stored.chunks[i].lexical_text())]
        stored.sentence_cache[i] = cached
    return cached


def sentence_coverage(stored: StoredIndex, terms: list[Term], i: int) -> float:
    """IDF-weighted share of the question's terms found together in one sentence of passage ``i``."""
    distinct = _by_key(terms)
    weights = [_weight(stored, group) for group in distinct.values()]
    total = sum(weights)
    if total <= 0:
        return 0.0
    return max(
        (
            sum(w for group, w in zip(distinct.values(), weights, strict=True) if _present(stored, group, sent)) / total
            for sent in sentence_tokens(stored, i)
        ),
        default=0.0,
    )


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


def coverage(stored: StoredIndex, terms: tuple[Term, ...], chunk_ids: list[int]) -> float:
    """IDF-weighted share of the question's terms that occur in the given passages."""
    distinct = _by_key(terms)
    if not distinct:
        return 0.0
    present: set[str] = set()
    for i in chunk_ids:
        for sent in sentence_tokens(stored, i):
            present |= sent
    return token_coverage(stored, terms, present)


def token_coverage(stored: StoredIndex, terms: tuple[Term, ...], tokens: set[str]) -> float:
    """IDF-weighted share of the question's terms among these analysed tokens (a compound-only match counts half)."""
    distinct = _by_key(terms)
    weights = [_weight(stored, group) for group in distinct.values()]
    total = sum(weights)
    hit = sum(w * _match(stored, group, tokens) for group, w in zip(distinct.values(), weights, strict=True))
    return hit / total if total > 0 else 0.0


def _by_key(terms: Iterable[Term]) -> dict[str, list[Term]]:
    """The question's terms that count as one: one stem ("geevalueerd", "evaluatie"), or alternatives."""
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.key, []).append(t)
    return groups


def _weight(stored: StoredIndex, group: list[Term]) -> float:
    """The evidence weight of a group of terms: the IDF of its most common stem (of alternatives,
    the ones the documents hold say how distinctive the concept is; absent ones would all count as rare)."""
    return min(idf(stored, t.stem) for t in group)


def _present(stored: StoredIndex, group: list[Term], tokens: set[str]) -> bool:
    """Is the term (any of its words), or a compound that contains it, among these tokens?"""
    return _match(stored, group, tokens) > 0


def _match(stored: StoredIndex, group: list[Term], tokens: set[str]) -> float:
    """1 when the term (one of its alternatives) or an OCR variant is among these tokens,
    ``COMPOUND_EVIDENCE`` when only a compound is."""
    best = 0.0
    for stem in dict.fromkeys(t.stem for t in group):
        found = [v for t in group if t.stem == stem for v in compound_expansions(stored, t) if v in tokens]
        if stem in tokens or any(_one_edit(stem, v) for v in found):
            return 1.0
        if found:
            best = COMPOUND_EVIDENCE
    return best


def evidence(stored: StoredIndex, ranking: Ranking, top: int = 3) -> float:
    """How strongly the best passages support an answer, in [0, 1]."""
    if ranking.order.size == 0:
        return 0.0
    ids = [int(i) for i in ranking.order[:top]]
    cov = coverage(stored, ranking.query_terms, ids)
    best_dense = float(ranking.dense.max()) if ranking.dense.size else 0.0
    dense_part = min(1.0, max(0.0, (best_dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR)))
    return 0.5 * cov + 0.5 * dense_part
