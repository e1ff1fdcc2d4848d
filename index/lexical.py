"""Keyword search: the question's terms as the index has them (Dutch compounds, OCR variants), and BM25.

Dutch writes compounds as one word: a question word the documents lack stands in for the
compounds that contain it, a word they have also matches its compounds at a quarter of the
weight, and longer words match OCR damage one letter off (:func:`compound_expansions`). A
compound they lack, and that no longer word contains, stands for its parts: its head and the
part before it, when the documents hold them (:func:`compound_parts`).
"""

from __future__ import annotations

import math
import re

import numpy as np

from index.analysis import Term, analyze
from index.storage import Generation as StoredIndex

MIN_COMPOUND_PART = 5  # shorter terms match too many unrelated words

MIN_FUZZY = 7  # OCR variants are looked for only for longer terms

MAX_EXPANSIONS = 5

OCR_RARITY = 10  # a one-letter-off variant of a term the index has counts when at most a tenth as common
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
        hits = {
            v
            for k in {term.stem, term.word}
            if len(k) >= MIN_COMPOUND_PART
            for v in vocabulary.containing(k)
            if not _prefixed_verb(v, k)
        }
        hits.discard(term.stem)
        if len(term.stem) >= MIN_FUZZY:
            # OCR damage is rare beside the word it damages: "overlegd" beside "overleed" (overleden) is a word
            own = stored.doc_freq.get(term.stem, 0)
            hits.update(
                v
                for v in vocabulary.similar_length(term.stem)
                if one_edit(term.stem, v) and (not own or stored.doc_freq[v] * OCR_RARITY <= own)
            )
        cached = sorted(hits, key=lambda v: (-stored.doc_freq[v], v))[:MAX_EXPANSIONS]
        if not cached and term.stem not in stored.doc_freq:
            cached = compound_parts(stored, term.word)
        stored.expansion_cache[key] = cached
    return cached


# A verb with a prefix is another verb, no compound: "verleidt" is not "leidt", "herstelt" not "stelt",
# "behoudt" not "houdt" ("ge" alone makes the participle of the same verb: "gemaakt" is "maakt").
_VERB_PREFIXES = re.compile(r"(?:be|ge|ver|ont|her|er)+")
MAX_INFLECTION = 3  # what may follow the verb: "-en", "-de", "-t"


def _prefixed_verb(word: str, part: str) -> bool:
    """Is ``word`` ``part`` with only verb prefixes before it (and an inflection after)?"""
    at = word.find(part)
    before, after = word[:at], word[at + len(part) :]
    return before != "ge" and bool(_VERB_PREFIXES.fullmatch(before)) and len(after) <= MAX_INFLECTION


MIN_HEAD = 5  # the last part of a compound ("thema" in "hoofdthema"), as the documents may have it alone
MIN_MODIFIER = 3  # what comes before it ("hoofd", "wet" in "wetsvoorstel")
MAX_COMPOUND = 40  # longer "words" are no compounds (each cut is analysed: the cost grows with the square)


def compound_parts(stored: StoredIndex, word: str) -> list[str]:
    """The parts of a compound that the documents lack as a whole but hold apart, as index terms.

    Dutch compounds are right-headed: a "hoofdthema" is a kind of "thema", a
    "langetermijnrichting" a kind of "richting". The longest ending that the index holds is
    the head; the part before it (without a linking "s") is added when the index holds that too.
    """
    word = re.sub(r"['’]s$", "", word)  # "hoofdthema's": the plural of "hoofdthema"
    if not MIN_HEAD + MIN_MODIFIER + 1 <= len(word) <= MAX_COMPOUND or not word.isalpha():
        return []
    splits: list[tuple[str, list[str]]] = []  # (head, modifiers), the longest head first
    for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        stems = analyze(word[cut:])
        if stems and len(stems[0]) >= MIN_HEAD - 1:  # a stem cut short ("kering" -> "eer") is no part
            modifier = word[:cut]
            forms = dict.fromkeys((modifier, modifier.removesuffix("s"), modifier.removesuffix("e")))
            splits.append((stems[0], [m for form in forms if len(form) >= MIN_MODIFIER for m in analyze(form)[:1]]))
    stored.prefetch_terms({t for part, before in splits for t in (part, *before)})  # one look-up
    for part, before in splits:
        if part in stored.doc_freq:
            return [part, *[m for m in before if m in stored.doc_freq and m != part][:1]]
    return []


def one_edit(a: str, b: str) -> bool:
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


def idf(stored: StoredIndex, term: str) -> float:
    """BM25-style inverse document frequency; a term the documents lack gets the maximum."""
    n = max(stored.size, 1)
    df = stored.doc_freq.get(term, 0)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def clarity(stored: StoredIndex, known: list[str]) -> float:
    """How well the question's best full-weight index term separates passages: its IDF relative to the maximum."""
    if not known:
        return 0.0
    return max(idf(stored, t) for t in known) / math.log(1 + max(stored.size, 1))
