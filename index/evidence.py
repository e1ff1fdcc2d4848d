"""Evidence: how much of what the question asks the best passages hold (abstention's score).

Abstention does not trust the top score alone (it hardly differs between answerable and
unanswerable questions). The evidence is how much of the question's distinctive vocabulary
(IDF-weighted) the best passages contain, combined with the dense similarity;
``search.min_evidence`` is calibrated by bench/calibrate.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from index.analysis import Term, analyze
from index.chunking import split_sentences
from index.lexical import compound_expansions, idf, one_edit
from index.storage import Generation as StoredIndex

if TYPE_CHECKING:
    from index.search import Ranking

# Evidence from a compound ("centrum" in "kenniscentrum") is weaker than from the word itself.
COMPOUND_EVIDENCE = 0.5
# Cosine similarities of e5 models lie in a narrow band; this maps it to [0, 1] for the evidence.
DENSE_FLOOR, DENSE_CEIL = 0.80, 0.90


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
        if stem in tokens or any(one_edit(stem, v) for v in found):
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
