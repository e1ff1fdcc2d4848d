"""Re-ranking the best fused candidates with answer signals.

The IDF-weighted share of the question's terms that one sentence of the passage covers
(``search.sentence_weight``); for definition questions ("Wat is X?", "Wat houdt X in?" ...), whether
the passage defines X (``search.definition_bonus``); for "Hoeveel ..." questions, whether it states
an amount or count (``search.quantity_bonus``), and three times that when the number counts what the
question counts ("Hoeveel gemeenten ...": "4 gemeenten", not "286.412 euro"); for "Wie ..." questions,
whether it names the person beside the role asked for or the one who acted ("door ERAC impact")
(``search.person_bonus``); for "Welke gemeenten ...", whether it enumerates ("Coevorden, Emmen,
Hardenberg en Hoogeveen") (``search.list_bonus``); for "Wanneer ..." questions, whether it gives a date
or a year (``search.date_bonus``); for questions about the current state ("nu",
"laatste"), how new its document is (``search.recency_bonus``); for a question naming a year,
whether the passage or its document names it (``search.year_bonus``).

In a document of questions and answers (parliamentary questions, a council's written questions, a
FAQ), a passage that only poses a question is followed by its answer ("Vraag 8 Klopt het dat ...?"
then "Antwoord 8 Ja. ..."): when such a question ranks high, its answer is put just above it.
"""

from __future__ import annotations

import re

import numpy as np

from index.analysis import Term
from index.answerability import answers_who, asks_list, counted_noun, counts_noun, gives_list, money_question
from index.chunking import ANSWER_LABEL, split_sentences
from index.config import SearchConfig
from index.evidence import Matcher
from index.models import own_heading
from index.signals import (
    answer_type,
    asks_date,
    asks_quantity,
    defines,
    definition_target,
    has_date,
    has_quantity,
    recency,
    wants_recent,
)
from index.storage import Generation as StoredIndex

RERANK_DEPTH = 30

# "Hoeveel gemeenten ...": a number with the counted noun ("4 gemeenten") answers more than any number.
COUNT_WEIGHT = 2.0


def rerank(
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
    matcher = Matcher(stored, terms)
    for j in range(depth):
        i = int(idx[j])
        head[j] += cfg.sentence_weight * matcher.sentence_share(i)
        if target:
            head[j] += cfg.definition_bonus * defines(stored.folded(i), target)
    if cfg.quantity_bonus and asks_quantity(question):
        counts = counted_noun(question) is not None and not money_question(question)
        head += cfg.quantity_bonus * np.array(
            [
                has_quantity(stored.folded(int(i)))
                + (COUNT_WEIGHT * counts_noun(question, stored.chunks[int(i)].text, stored.folded(int(i))) if counts else 0.0)
                for i in idx[:depth]
            ],
            dtype=np.float32,
        )
    if cfg.list_bonus and asks_list(question):
        head += cfg.list_bonus * np.array([gives_list(stored.chunks[int(i)].text) for i in idx[:depth]], dtype=np.float32)
    if cfg.person_bonus and answer_type(question) == "person":
        head += cfg.person_bonus * np.array(
            [answers_who(question, stored.chunks[int(i)].text) for i in idx[:depth]], dtype=np.float32
        )
    if cfg.date_bonus and asks_date(question):
        head += cfg.date_bonus * np.array([has_date(stored.folded(int(i))) for i in idx[:depth]], dtype=np.float32)
    if cfg.recency_bonus and wants_recent(question):
        head += cfg.recency_bonus * recency([stored.chunks[int(i)].date for i in idx[:depth]])
    years = YEAR_IN_QUESTION.findall(question)
    if years and cfg.year_bonus:
        head += cfg.year_bonus * np.array([_year_match(stored, int(i), years) for i in idx[:depth]], dtype=np.float32)
    order = np.argsort(-head, kind="stable")
    fused = np.concatenate([head[order], fused[depth:]])
    idx, dense = np.concatenate([idx[:depth][order], idx[depth:]]), np.concatenate([dense[:depth][order], dense[depth:]])
    return answers_first(stored, idx, fused, dense)


ANSWER_DEPTH = 10  # questions posed in a document are looked at among this many best passages


def poses_question(stored: StoredIndex, i: int) -> bool:
    """Does this passage only ask (every sentence after its heading ends in "?")?"""
    chunk = stored.chunks[i]
    body = chunk.text
    if not body.rstrip().endswith("?"):
        return False
    heading = own_heading(chunk.section)
    if heading and body.startswith(heading):
        body = body[len(heading) :]
    sentences = split_sentences(" ".join(body.split()))
    return bool(sentences) and all(s.endswith("?") for s in sentences)


def answer_to(stored: StoredIndex, i: int) -> int | None:
    """The passage that answers the question passage ``i``: the next one of its document, labelled an answer."""
    if i + 1 >= stored.size or not poses_question(stored, i):  # (passage i is at hand; the next one may be fetched)
        return None
    here, after = stored.chunks[i], stored.chunks[i + 1]
    if after.source != here.source or after.position != here.position + 1:
        return None
    labelled = ANSWER_LABEL.match(own_heading(after.section)) or ANSWER_LABEL.match(after.text)
    return i + 1 if labelled else None


def answers_first(
    stored: StoredIndex, idx: np.ndarray, fused: np.ndarray, dense: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Put the answer of a question passage among the best just above that question (when it is a candidate)."""
    asking = [j for j in range(min(ANSWER_DEPTH, idx.size)) if stored.chunks[int(idx[j])].text.rstrip().endswith("?")]
    if not asking:  # most questions: no passage among the best poses one
        return idx, fused, dense
    where = {int(i): j for j, i in enumerate(idx)}
    moves: list[tuple[int, int]] = []  # (rank of the question, rank of its answer)
    for j in asking:
        i = int(idx[j])
        if where.get(i + 1, -1) > j and answer_to(stored, i) is not None:  # its answer is a candidate ranked below it
            moves.append((j, where[i + 1]))
    if not moves:
        return idx, fused, dense
    order = list(range(idx.size))
    scores = fused.copy()
    for question, answer in moves:
        scores[answer] = scores[question]
        order.remove(answer)
        order.insert(order.index(question), answer)
    pick = np.array(order, dtype=np.int64)
    return idx[pick], scores[pick], dense[pick]


YEAR_IN_QUESTION = re.compile(r"\b((?:19|20)\d{2})\b")


def _year_match(stored: StoredIndex, i: int, years: list[str]) -> float:
    """1 when the passage names a year the question asks about, 0.5 when only its document (title, date) does."""
    chunk = stored.chunks[i]
    if any(y in chunk.text for y in years):
        return 1.0
    return 0.5 if any(y in chunk.title or chunk.date.startswith(y) for y in years) else 0.0
