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
from index.answerability import money_word, states_sum
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
    return Matcher(stored, terms).sentence_share(i)


def coverage(stored: StoredIndex, terms: tuple[Term, ...], chunk_ids: list[int]) -> float:
    """IDF-weighted share of the question's terms that occur in the given passages."""
    return Matcher(stored, terms).passages_share(chunk_ids)


def token_coverage(stored: StoredIndex, terms: tuple[Term, ...], tokens: set[str]) -> float:
    """IDF-weighted share of the question's terms among these analysed tokens (a compound-only match counts half)."""
    return Matcher(stored, terms).share(tokens)


class Matcher:
    """The question's terms, weighed and expanded once, to be matched against many sets of tokens.

    Terms with one key count as one: one stem ("geevalueerd", "evaluatie"), or alternatives
    ("geld|middelen"). A group's weight is the IDF of its most common stem (of alternatives, the
    ones the documents hold say how distinctive the concept is; absent ones would all count as
    rare). A group is matched in full by one of its stems or an OCR variant of it (one letter
    off), by ``COMPOUND_EVIDENCE`` when only a compound that contains it is there.
    """

    def __init__(self, stored: StoredIndex, terms: Iterable[Term]) -> None:
        self.stored = stored
        groups: dict[str, list[Term]] = {}
        for t in terms:
            groups.setdefault(t.key, []).append(t)
        self._groups: list[tuple[float, frozenset[str], frozenset[str]]] = []
        for group in groups.values():
            full: set[str] = set()
            compounds: set[str] = set()
            for t in group:
                full.add(t.stem)
                for v in compound_expansions(stored, t):
                    (full if one_edit(t.stem, v) else compounds).add(v)
            weight = min(idf(stored, t.stem) for t in group)
            self._groups.append((weight, frozenset(full), frozenset(compounds - full)))
        self.total = sum(w for w, _, _ in self._groups)

    def share(self, tokens: set[str]) -> float:
        """The weighted share of the question's terms among ``tokens``."""
        if self.total <= 0:
            return 0.0
        hit = 0.0
        for weight, full, compounds in self._groups:
            if not full.isdisjoint(tokens):
                hit += weight
            elif not compounds.isdisjoint(tokens):
                hit += weight * COMPOUND_EVIDENCE
        return hit / self.total

    def full_share(self, tokens: set[str]) -> float:
        """The weighted share of the question's terms found as themselves among ``tokens`` (no compound parts)."""
        if self.total <= 0:
            return 0.0
        return sum(w for w, full, _ in self._groups if not full.isdisjoint(tokens)) / self.total

    def sentence_share(self, i: int) -> float:
        """The best share that one sentence of passage ``i`` holds on its own (a compound-only match counts in full)."""
        if self.total <= 0:
            return 0.0
        best = 0.0
        for sent in sentence_tokens(self.stored, i):
            hit = sum(w for w, full, compounds in self._groups if not (full.isdisjoint(sent) and compounds.isdisjoint(sent)))
            best = max(best, hit / self.total)
        return best

    def passages_share(self, chunk_ids: Iterable[int], given: frozenset[str] = frozenset()) -> float:
        """The weighted share of the question's terms found anywhere in these passages (or ``given``)."""
        if not self._groups:
            return 0.0
        present: set[str] = set(given)
        for i in chunk_ids:
            for sent in sentence_tokens(self.stored, i):
                present |= sent
        return self.share(present)


COVERAGE_WEIGHT = 0.5  # the rest is the dense part; bench/calibrate.py --cv checks the mix on held-out question sets


def evidence_parts(stored: StoredIndex, ranking: Ranking, top: int = 3) -> tuple[float, float]:
    """The two parts of the evidence: the coverage of the best ``top`` passages and the best cosine.

    A question's money words ("Hoeveel geld gaat er naar marketing?", "Wat kost ...") are covered by a
    passage that states a sum: "Marketing & communicatie 66.690" answers it without the word "geld".
    """
    if ranking.order.size == 0:
        return 0.0, 0.0
    ids = [int(i) for i in ranking.order[:top]]
    best_dense = float(ranking.dense.max()) if ranking.dense.size else 0.0
    money = frozenset(t.stem for t in ranking.query_terms if money_word(t.word))
    given = money if money and any(states_sum(stored.chunks[i].text) for i in ids) else frozenset()
    return Matcher(stored, ranking.query_terms).passages_share(ids, given), best_dense


def mix(
    cov: float, best_dense: float, weight: float = COVERAGE_WEIGHT, floor: float = DENSE_FLOOR, ceil: float = DENSE_CEIL
) -> float:
    """The evidence from its parts: ``weight`` of the coverage, the rest of the cosine mapped from [floor, ceil] to [0, 1]."""
    dense_part = min(1.0, max(0.0, (best_dense - floor) / (ceil - floor)))
    return weight * cov + (1 - weight) * dense_part


def evidence(stored: StoredIndex, ranking: Ranking, top: int = 3) -> float:
    """How strongly the best passages support an answer, in [0, 1]."""
    if ranking.order.size == 0:
        return 0.0
    return mix(*evidence_parts(stored, ranking, top))
