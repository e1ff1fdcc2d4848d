"""Follow-up questions: an elliptical question is understood against the turn before it.

A council member talks: "Hoeveel betaalt Hoogeveen in 2022?" -> "En Coevorden?" -> "Hoe
wordt dat bedrag berekend?". Each question is one of three kinds:

* complete on its own (enough words of its own, no pointing back): searched as asked, the
  previous topic is not mixed in;
* a substitution ("En Coevorden?", "En in 2025?", "And the annual plan?"): the previous
  question with the one name, year or document type replaced (or added when it had none);
* a dependent question ("Sinds wanneer?", "Wie moeten dat ondertekenen?", "Wat kwam
  daaruit?"): its own words with the previous question's subject added.

The result says how the question was understood, so the answer can show it. Nothing here
knows about Telegram: the bot keeps the turns per chat, ``dtzbot chat`` per session.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.analysis import STOP_WORDS, tokenize
from index.signals import definition_target

# Words that open a question that continues the previous one ("En ...?", "And ...?", "Ook ...?").
_CONTINUATION = re.compile(
    r"^(?:(?:en\s+)?hoe\s+zit\s+het\s+(?:dan\s+)?met|(?:en\s+)?wat\s+(?:dan\s+)?(?:met|over)|"
    r"(?:and\s+)?(?:what|how)\s+about|en|and|maar|but|ook|also|dan|then)\b[\s,]*",
    re.IGNORECASE,
)
# Words that point back to something said before ("dat", "daaruit", "they", "that").
_POINTING = frozenset(
    """
    dat die dit deze daar daarvan daaruit daarvoor daarmee daarin daarbij daarna daarop daarover daaraan daarom
    daardoor daartoe hiervan hieruit hiervoor hiermee hierin hierbij hierna hierop hierover hun hem ze zij hij
    zo dezelfde diezelfde that it they them this those these there its their such
    """.split()
)
# Question words and the little words around a substituted name ("En in 2025?", "En voor Emmen?").
_FRAME = frozenset("in voor van bij over met op de het een the a an for of at about in with to".split())
# Document types a question can name; one replaces another in a substitution.
_DOCUMENT_TYPES = (
    "jaarverslag",
    "jaarplan",
    "begroting",
    "statenbrief",
    "raadsbrief",
    "raadsinformatiebrief",
    "raadsvoorstel",
    "statenvoorstel",
    "jaarrekening",
    "annual report",
    "annual plan",
    "budget",
)
_DOC_TYPE = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _DOCUMENT_TYPES) + r")\b", re.IGNORECASE)
_SUBJECT_NAMES = frozenset({"dtz", "dutch", "techzone"})  # what every question is about: never replaced
_YEAR_IN = re.compile(r"\b(?:19|20)\d{2}\b")
_NAME = re.compile(r"\b[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*\b")

# A question with more words of its own than this is complete even when it points back
# ("Hoe wordt dat bedrag berekend?" has two and is a follow-up; a long question that says
# "dat" somewhere is not).
MAX_OWN_WORDS_WHEN_POINTING = 3
MAX_OWN_WORDS_ALONE = 1  # "Sinds wanneer?", "Waarom zo weinig?": too little to search on

DEFAULT_TURNS = 3
DEFAULT_SECONDS = 600.0


@dataclass(frozen=True)
class Turn:
    """One answered question of a conversation: as asked, as searched, and the documents it drew on."""

    question: str
    understood: str
    sources: tuple[str, ...] = ()
    at: float = 0.0


@dataclass(frozen=True)
class Understood:
    """How a question is searched: ``question`` is what the search gets; ``follows`` says it was
    read as a follow-up of ``previous`` (then ``shown`` is the text for "Begrepen als: ...")."""

    question: str
    follows: bool = False
    previous: Turn | None = None

    @property
    def shown(self) -> str:
        """The question as understood, for the answer's header ("" when it was taken as asked)."""
        return self.question if self.follows else ""


def own_words(question: str) -> list[str]:
    """The question's content words: no stop words, question words or pointing words."""
    return [t for t in tokenize(question) if t not in STOP_WORDS and t not in _POINTING and (len(t) > 1 or t.isdigit())]


def _subject(question: str, follow_up: str) -> str:
    """The content words of a question as written there ("Borger-Odoorn toetreden"), without the
    kind of thing the follow-up names itself: its year replaces a year, its name a name."""
    wanted = set(own_words(question))
    words = [w.strip("()") for w in re.findall(r"[\w'’()-]+", question)]
    kept = [w for w in words if w and any(t in wanted for t in tokenize(w))]
    if _YEAR_IN.search(follow_up):
        kept = [w for w in kept if not _YEAR_IN.fullmatch(w)]
    if _previous_names(follow_up):
        own = {n.lower() for n in _previous_names(follow_up)}
        kept = [w for w in kept if not (w[:1].isupper() and w.lower() not in own and w.lower() not in _SUBJECT_NAMES)]
    return " ".join(dict.fromkeys(kept))


def _points_back(question: str) -> bool:
    return any(t in _POINTING for t in tokenize(question))


def _is_continuation(question: str) -> bool:
    return _CONTINUATION.match(question.strip()) is not None


def _substitute(rest: str, previous: str) -> str | None:
    """``previous`` with the year, document type or name in ``rest`` put in place of its own; None
    when ``rest`` is more than a name, year or document type ("En de kosten daarvan?")."""
    words = [w for w in re.findall(r"[\w'’-]+", rest)]
    if not words:
        return None
    years = _YEAR_IN.findall(rest)
    doc_types = _DOC_TYPE.findall(rest)
    leftover = _DOC_TYPE.sub(" ", _YEAR_IN.sub(" ", rest))
    names = [w for w in re.findall(r"[\w'’-]+", leftover) if w.lower() not in _FRAME]
    if any(not w[:1].isupper() for w in names):
        return None  # a common word: not a plain substitution
    if not (years or doc_types or names):
        return None
    out = previous.rstrip(" ?!.")
    added: list[str] = []
    for new, pattern in (
        (years, _YEAR_IN),
        (doc_types, _DOC_TYPE),
        ([" ".join(names)] if names else [], None),
    ):
        if not new:
            continue
        if pattern is None:  # a name replaces the last name of its kind (an abbreviation another abbreviation)
            kind = _is_acronym(new[0])
            old = [n for n in _previous_names(out) if _is_acronym(n) == kind] or _previous_names(out)
            if old:
                out = _replace_last(out, old[-1], new[0])
            else:
                added.append(new[0])
            continue
        found = list(pattern.finditer(out))
        if found:
            last = found[-1]
            out = out[: last.start()] + new[0] + out[last.end() :]
        else:
            added.append(new[0])
    if added:
        out += " (" + ", ".join(added) + ")"
    return out + "?"


def _previous_names(question: str) -> list[str]:
    """Capitalised names in a question past its first word (not acronyms of the whole subject)."""
    names = []
    for m in _NAME.finditer(question):
        if not question[: m.start()].strip():  # the first word is capitalised because it starts the question
            continue
        word = m.group()
        if word.lower() in _FRAME or word.lower() in _SUBJECT_NAMES or word.lower() in {"ik", "i"}:
            continue
        names.append(word)
    return names


def _is_acronym(name: str) -> bool:
    return len(name) >= 2 and sum(ch.isupper() for ch in name) >= 2 and " " not in name


def _replace_last(text: str, old: str, new: str) -> str:
    at = text.rfind(old)
    return text[:at] + new + text[at + len(old) :]


def understand(question: str, previous: Turn | None) -> Understood:
    """Read ``question`` in the light of the turn before it (None: the first question)."""
    question = " ".join(question.split())
    if previous is None or not question:
        return Understood(question)
    continuing = _is_continuation(question)
    words = own_words(question)
    if continuing:
        rest = _CONTINUATION.sub("", question.strip(), count=1).strip(" ?!.")
        replaced = _substitute(rest, previous.understood)
        if replaced is not None:
            return Understood(replaced, True, previous)
    if len(words) > MAX_OWN_WORDS_WHEN_POINTING or (len(words) > MAX_OWN_WORDS_ALONE and not _points_back(question)):
        return Understood(question)
    if not _points_back(question) and not continuing and (definition_target(question) or _previous_names(question)):
        return Understood(question)  # "Waar staat HTSM voor?", "Wie is Peter Cool?": about a name of its own
    subject = _subject(previous.understood, question)
    if not subject:
        return Understood(question)
    return Understood(f"{question.rstrip()} ({subject})", True, previous)


class Conversation:
    """The recent turns of one chat, forgotten after ``seconds`` of silence or on :meth:`forget`."""

    def __init__(
        self, turns: int = DEFAULT_TURNS, seconds: float = DEFAULT_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._turns: deque[Turn] = deque(maxlen=max(1, turns))
        self._seconds = seconds
        self._clock = clock

    @property
    def last(self) -> Turn | None:
        """The latest turn, unless it is older than the time limit."""
        if self._turns and self._clock() - self._turns[-1].at > self._seconds:
            self._turns.clear()
        return self._turns[-1] if self._turns else None

    def understand(self, question: str) -> Understood:
        """How ``question`` is searched after the turns so far."""
        return understand(question, self.last)

    def record(self, question: str, understood: str, sources: Sequence[str]) -> Turn:
        """Remember an answered question."""
        turn = Turn(question, understood, tuple(dict.fromkeys(sources)), self._clock())
        self._turns.append(turn)
        return turn

    def forget(self) -> None:
        """Start afresh (``/opnieuw``)."""
        self._turns.clear()

    def __len__(self) -> int:
        return len(self._turns) if self.last else 0
