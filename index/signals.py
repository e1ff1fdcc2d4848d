"""What a question asks for, and whether a passage has it: the re-ranking's answer signals.

* definition questions ("Wat is X?", "Wat houdt X in?", "Waar staat X voor?", "What does X
  mean?") and whether a passage defines X;
* quantity questions ("Hoeveel ...", "Wat kost ...", "How much ...") and whether a passage
  states an amount or a count;
* date questions ("Wanneer ...", "In welk jaar ...", "When ...") and whether a passage gives a
  date or a year;
* questions about the current state ("nu", "laatste", "huidige", "latest") and how new a
  passage's document is among the candidates.
"""

from __future__ import annotations

import re

import numpy as np

from index import langdata
from index.analysis import YEAR, fold_spaces

_ARTICLE = r"(?:(?:de|het|een|the|an?)\s+)?"
_END = r"(?:\s+(?:precies|eigenlijk|nou|nu|exactly|actually))?\s*[?.!]*$"
# "Wat is X?", "Wat houdt X in?", "Waar staat X voor?", "Leg uit wat X is", "What does X mean?" ...
_DEFINITION_QUESTIONS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^(?:wat|wie|what|who)\s+(?:is|zijn|was|waren|betekent|betekenen|are)\s+{_ARTICLE}(.+?){_END}",
        rf"^wat\s+(?:houdt|houden)\s+{_ARTICLE}(.+?)\s+in{_END}",
        rf"^waar\s+(?:staat|staan)\s+{_ARTICLE}(.+?)\s+voor{_END}",
        rf"^wat\s+(?:wordt|is)\s+(?:er\s+)?(?:bedoeld|verstaan)\s+(?:met|onder)\s+{_ARTICLE}(.+?){_END}",
        rf"^(?:(?:kun|kunt|kan)\s+(?:je|jij|u)\s+)?(?:me\s+|mij\s+)?(?:leg|vertel|uitleggen|vertellen)\s+(?:me\s+|mij\s+)?(?:uit\s+)?wat\s+{_ARTICLE}(.+?)\s+(?:is|zijn|betekent)(?:\s+uitleggen)?{_END}",
        rf"^what\s+(?:does|do)\s+{_ARTICLE}(.+?)\s+(?:mean|stand\s+for|do){_END}",
        rf"^(?:explain|describe|define|omschrijf|beschrijf)\s+{_ARTICLE}(.+?){_END}",
    )
)

# "Hoeveel gemeenten doen nu mee?", "het laatste jaarplan", "the latest report": newer documents first.
_RECENT = re.compile(
    r"\b(?:laatste|recentste|meest recente|nieuwste|huidige|actuele|nu|momenteel|tegenwoordig|inmiddels|"
    r"op dit moment|latest|current|currently|now|most recent|newest|today)\b"
)
# "Hoeveel betaalt Emmen?", "Wat kost het programma?", "How many ...": passages with amounts or counts first.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset(
    "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd duizend miljoen "
    "miljard two three four five six seven eight nine ten twelve twenty hundred thousand million billion "
    "tweetal drietal viertal vijftal zestal zevental achttal negental tiental twaalftal twintigtal dertigtal honderdtal".split()
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def asks_quantity(question: str) -> bool:
    """Does the question ask for an amount or a count ("Hoeveel ...", "Wat kost ...", "How much ...")?"""
    return answer_type(question) == "amount"


def has_quantity(text: str) -> bool:
    """Does the passage (folded: :func:`index.analysis.fold_spaces`) state an amount or a count (a number not a year, a number word)?"""
    numbers = _NUMBER.findall(text)
    if any(not YEAR.fullmatch(n) for n in numbers):
        return True
    return any(w in _NUMBER_WORDS for w in text.split())


_MONTHS = frozenset(m.lower() for names in langdata.table("months.yaml").values() for m in names)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b")


def asks_date(question: str) -> bool:
    """Does the question ask when ("Wanneer ...", "Sinds wanneer ...", "In welk jaar ...", "When ...")?"""
    return answer_type(question) == "date"


def has_date(text: str) -> bool:
    """Does the passage (folded: :func:`index.analysis.fold_spaces`) give a date: a month, a year or "7-5-2024"?"""
    if YEAR.search(text) or _NUMERIC_DATE.search(text):
        return True
    return any(w.strip(".,;:()") in _MONTHS for w in text.split())


def wants_recent(question: str) -> bool:
    """Does the question ask for the latest state ("nu", "laatste", "huidige", "latest")?"""
    return _RECENT.search(fold_spaces(question)) is not None


def date_value(date: str) -> float | None:
    """A document date ("2025", "2022-06", "2021-05-19") as a year with a fraction, or None."""
    m = _DATE.match(date or "")
    if not m:
        return None
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    return int(m.group(1)) + (month - 1) / 12 + (day - 1) / 372


def recency(dates: list[str]) -> np.ndarray:
    """Per passage: 1 for the newest document among them, 0 for the oldest or an unknown date."""
    values = [date_value(d) for d in dates]
    known = [v for v in values if v is not None]
    if len(known) < 2 or max(known) == min(known):
        return np.zeros(len(dates), dtype=np.float32)
    lo, hi = min(known), max(known)
    return np.array([0.0 if v is None else (v - lo) / (hi - lo) for v in values], dtype=np.float32)


def definition_target(question: str) -> str | None:
    """X in "Wat is X?", "Wat houdt X in?", "What does X mean?" ... (folded), or None for other questions."""
    folded = fold_spaces(question)
    for pattern in _DEFINITION_QUESTIONS:
        m = pattern.match(folded)
        if m:
            return m.group(1)
    return None


def defines(text: str, target: str) -> float:
    """How clearly the passage (folded: :func:`index.analysis.fold_spaces`) defines ``target``: 1 for "X (abbr) is ..." or "X is een ...", 0.5 for "X is de ...", else 0.

    Documents define a term where they introduce its abbreviation or name its kind ("is een
    samenwerking"); "X is de regio van ..." describes X rather than says what it is.
    """
    folded = text
    best = 0.0
    for m in re.finditer(re.escape(target) + r"(\s*\([^)]{1,30}\))?\s+(?:is|zijn|was|are)\s+(een|de|het|an?|the)\b", folded):
        best = max(best, 1.0 if m.group(1) or m.group(2) in ("een", "a", "an") else 0.5)
    return best


def asks_person(question: str) -> bool:
    """Does the question ask for a person or a body ("Wie ...", "Door wie ...", "Who ...", "ondertekend")?"""
    return answer_type(question) == "person"


# What kind of answer a question asks for (the re-rank and the answerability check both use it).
_AMOUNT_Q = re.compile(
    r"^(?:en\s+)?(?:(?:met|voor|van|in|op|bij|tot|aan|over|uit)\s+)?(?:hoeveel|hoe\s+(?:groot|hoog|duur)|how\s+(?:much|many|big|high)|"
    r"wat\s+(?:kost|kosten|bedraagt|bedragen|is\s+het\s+bedrag)|welk\s+bedrag|what\s+(?:does|do|is)\s.+\s(?:cost|amount)|"
    r"wat\s+(?:is|was|zijn|waren)\s+(?:de|het)\s+(?:begroting|budget|bijdrage|kosten|prijs|salaris|subsidie)\b)\b"
)
_DATE_Q = re.compile(
    r"^(?:en\s+)?(?:wanneer|sinds\s+wanneer|vanaf\s+wanneer|tot\s+wanneer|op\s+welke\s+datum|in\s+welk\s+jaar|welk\s+jaar|"
    r"when|since\s+when|until\s+when|on\s+what\s+date|in\s+what\s+year|which\s+year)\b"
)
# "Wanneer heb ik recht op ...?", "Wanneer mag je ...?", "When do I need ...?": "wanneer" asks in which case, not on which date.
_CONDITION_Q = re.compile(
    r"^(?:en\s+)?(?:wanneer\s+\w+\s+(?:ik|je|jij|u|we|wij|men)|when\s+(?:do|does|should|must|can|may|am|are)\s+(?:i|you|we|one))\b"
)
_PERSON_Q = re.compile(r"^(?:en\s+)?(?:(?:door|namens|van)\s+)?wie\b|^who(?:m|se)?\b|\bondertek|\bsigned\b")
_FREQUENCY_Q = re.compile(r"^(?:en\s+)?(?:hoe\s+vaak|hoe\s+dikwijls|how\s+often)\b")
# "Wat vond de raad van ...?", "What do the parties think of ...?": a view; "Wat heeft X besloten ...?": a decision.
_OPINION_Q = re.compile(
    r"^(?:en\s+)?(?:wat\s+(?:vond|vindt|vinden|vonden)\b|hoe\s+(?:kijkt|kijken|keek|staat|staan)\b.*\btegenover\b|"
    r"what\s+(?:does|do|did)\s.+\s(?:think|thought)\b)"
)
# "Welke politieke partijen ...?", "Welke fracties ...?", "Which political parties ...?": a party or a council group.
# ("Welke partijen doen mee?" asks for the partners of a cooperation, as often as not.)
_PARTY_Q = re.compile(
    r"^(?:en\s+)?(?:welke|which)\s+(?:politieke\s+partij(?:en)?|political\s+part(?:y|ies)|(?:raads|staten)?fracties?)\b"
)
_DECISION_Q = re.compile(r"^(?:en\s+)?(?:wat\s+(?:heeft|hebben|had|hadden)\s.+\s(?:besloten|beslist)\b|what\s+did\s.+\sdecide\b)")


def answer_type(question: str) -> str | None:
    """The kind of answer a question asks for: amount, date, frequency, party, opinion, decision, person, or None."""
    q = fold_spaces(question)
    for kind, pattern in (
        ("frequency", _FREQUENCY_Q),
        ("amount", _AMOUNT_Q),
        ("date", _DATE_Q),
        ("party", _PARTY_Q),
        ("opinion", _OPINION_Q),
        ("decision", _DECISION_Q),
        ("person", _PERSON_Q),
    ):
        if pattern.search(q):
            return None if kind == "date" and _CONDITION_Q.search(q) else kind
    return None
