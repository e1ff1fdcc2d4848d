"""Run a question file and measure retrieval quality.

The file is a YAML list of cases (the format of shared/eval/dev-questions.yaml)::

    - q: "Wat is Dutch TechZone?"
      any: ["triple helixsamenwerking"]     # hit when a passage contains one of these phrases
      source: ["jaarplan-2022.pdf"]         # and/or: hit when a passage comes from one of these files
    - q: "Wat is de hoofdstad van Frankrijk?"
      none: true                            # the documents do not answer it: the bot must abstain
    - q: "En in 2024?"
      after: ["Hoeveel betaalt Emmen in 2023?"] # asked first, in the same conversation
      any: ["..."]

Phrases compare after folding case, accents, whitespace and end-of-line hyphenation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index import safeyaml
from index.analysis import fold_spaces
from index.conversation import Conversation
from index.errors import ConfigError
from index.library import Library
from index.models import Answer, Passage


@dataclass(frozen=True)
class Case:
    """One evaluation question."""

    question: str
    phrases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unanswerable: bool = False
    after: tuple[str, ...] = ()  # asked before it in the same conversation


def fold_phrase(text: str) -> str:
    """Fold for phrase comparison: case, accents, line-end hyphenation, whitespace."""
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "", text)
    return fold_spaces(text)


def load_cases(path: Path, notes: list[str] | None = None) -> list[Case]:
    """Read and validate a question file.

    Keys other than ``q``, ``any``, ``source`` and ``none`` (an ``id``, a category, a comment)
    are ignored; each one is reported once in ``notes`` when a list is given.
    """
    try:
        raw = safeyaml.load(Path(path).read_bytes())
    except (OSError, safeyaml.YamlError) as exc:
        raise ConfigError(f"{path}: cannot read question file: {exc}") from None
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: a question file is a YAML list of cases")
    cases = []
    ignored: set[str] = set()
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise ConfigError(f"{path}: case {n} needs a 'q' string")
        for key in sorted(set(item) - {"q", "any", "source", "none", "after"} - ignored):
            ignored.add(key)
            if notes is not None:
                notes.append(f"{path}: key '{key}' is not used (first in case {n})")
        source = item.get("source") or []
        sources = (source,) if isinstance(source, str) else tuple(source)
        phrases = (item["any"],) if isinstance(item.get("any"), str) else tuple(item.get("any") or [])
        none = bool(item.get("none", False))
        if not none and not phrases and not sources:
            raise ConfigError(f"{path}: case {n} needs 'any', 'source' or 'none: true'")
        after = item.get("after") or []
        after = [after] if isinstance(after, str) else after
        if not isinstance(after, list) or not all(isinstance(a, str) for a in after):
            raise ConfigError(f"{path}: case {n}: 'after' is a list of earlier questions")
        cases.append(Case(item["q"], phrases, sources, none, tuple(after)))
    return cases


def is_hit(case: Case, passage: Passage, strict: bool = True) -> bool:
    """Does this passage answer the case?

    Strict (the default): when the case gives both ``any`` and ``source``, the passage must come
    from one of those files *and* contain one of the phrases. Lenient (the older rule): either
    one is enough, which counts any passage of a large document as a hit.
    """
    from_source = bool(case.sources) and any(
        passage.chunk.source == s or passage.chunk.source.endswith("/" + s) for s in case.sources
    )
    text = fold_phrase(passage.chunk.text)
    has_phrase = bool(case.phrases) and any(fold_phrase(p) in text for p in case.phrases)
    if not strict:
        return from_source or has_phrase
    return (from_source or not case.sources) and (has_phrase or not case.phrases)


def first_hit(case: Case, answer: Answer, strict: bool = True) -> int | None:
    """1-based rank of the first passage that answers the case, or None."""
    return next((r for r, p in enumerate(answer.passages, start=1) if is_hit(case, p, strict)), None)


def ask_in_context(library: Library, case: Case, k: int) -> Answer:
    """Ask the case's question, after its ``after`` questions in the same conversation."""
    conversation = Conversation()
    for earlier in case.after:
        previous = library.ask(earlier, k=k, previous=conversation.last)
        conversation.record(earlier, previous.understood or earlier, [p.chunk.source for p in previous.passages[:3]])
    return library.ask(case.question, k=k, previous=conversation.last)


def evaluate(library: Library, cases: list[Case], k: int = 5) -> dict[str, Any]:
    """Run the cases; returns the metrics and a per-case list."""
    per_case: list[dict[str, Any]] = []
    for case in cases:
        answer = ask_in_context(library, case, k)
        rank = None if case.unanswerable else first_hit(case, answer)
        lenient = None if case.unanswerable else first_hit(case, answer, strict=False)
        per_case.append(
            {
                "q": case.question,
                **({"understood": answer.understood} if answer.understood else {}),
                "unanswerable": case.unanswerable,
                "answered": answer.answered,
                "rank": rank,
                "lenient_rank": lenient,
                "evidence": round(answer.evidence, 4),
                "top": [f"{p.chunk.source}#{p.chunk.position}" for p in answer.passages[:3]],
            }
        )
    answerable = [c for c in per_case if not c["unanswerable"]]
    negatives = [c for c in per_case if c["unanswerable"]]

    def share(items: list[dict[str, Any]], pred: Any) -> float | None:
        return round(sum(1 for c in items if pred(c)) / len(items), 4) if items else None

    return {
        "cases": len(per_case),
        "answerable": len(answerable),
        "unanswerable": len(negatives),
        "k": k,
        "hit_at_1": share(answerable, lambda c: c["rank"] is not None and c["rank"] <= 1),
        "hit_at_3": share(answerable, lambda c: c["rank"] is not None and c["rank"] <= 3),
        "hit_at_5": share(answerable, lambda c: c["rank"] is not None and c["rank"] <= 5),
        "mrr": round(sum(1 / c["rank"] for c in answerable if c["rank"]) / len(answerable), 4) if answerable else None,
        "abstain_correct": share(negatives, lambda c: not c["answered"]),
        "false_abstain": share(answerable, lambda c: not c["answered"]),
        # The older rule (a passage from the source file OR with the phrase), for comparison.
        "lenient_hit_at_3": share(answerable, lambda c: c["lenient_rank"] is not None and c["lenient_rank"] <= 3),
        "lenient_mrr": round(sum(1 / c["lenient_rank"] for c in answerable if c["lenient_rank"]) / len(answerable), 4)
        if answerable
        else None,
        "per_case": per_case,
    }
