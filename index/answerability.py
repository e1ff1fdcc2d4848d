"""Does one passage answer the question, or is it only on the same topic?

The evidence score says whether the best passages are *about* the question; near misses
("Hoeveel kost de toetreding van Borger-Odoorn?", "Wie is de wethouder van Emmen?") are about
DTZ by design. Two things a question pins down must then be in the text that is quoted:

* what it names: a municipality, party, organisation, person or year in the question that
  neither the best passages nor their documents' titles mention means they are about
  something else ("Aa en Hunze", "CDA", "2019");
* what kind of answer it asks for: "hoeveel / wat kost" an amount or a count, "wanneer" a
  date or a year, "wie" a person or a body, "hoe vaak" a frequency, "welke politieke partijen" a
  party, "welke gemeente betaalt het meest" amounts; a decision or a view must be about what the
  question names after "over" (or the last "van"), a sum of money about what it is asked for
  ("om lid te worden", "voor programmakosten"). One sentence of the best passages must hold
  both that kind of answer and most of the question's own terms.

Words a question is built with and words the analyser does not know (an English word with no
Dutch translation) never count as missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.analysis import Term, analyze, fold_spaces
from index.chunking import split_sentences
from index.langdata import words
from index.signals import answer_type
from index.storage import Generation as StoredIndex
from index.translate import GLOSSARY, is_english, to_dutch

_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTHS = r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{2,4}}\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|honderd|duizend|miljoen|miljard|"
    r"helft|kwart|procent|(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|twintig|dertig|honderd)tal)\b"
)
_FREQUENCY = re.compile(
    r"\b(?:per\s+(?:week|maand|jaar|kwartaal|dag)|(?:\w+\s+)?keer|wekelijks|maandelijks|jaarlijks|dagelijks|"
    r"tweejaarlijks|elk(?:e)?\s+(?:week|maand|jaar|kwartaal)|ieder(?:e)?\s+(?:week|maand|jaar|kwartaal))\b"
)
_OPINION = re.compile(
    r"\b(?:vind|vindt|vinden|vond|vonden|positief|negatief|tevreden|ontevreden|steun|steunt|steunen|kritisch|"
    r"enthousiast|zorgen|voorstander|voorstanders|tegenstander|tegenstanders|waardering|waardeert|mening|standpunt|oordeel)\b"
)
_DECISION = re.compile(
    r"\b(?:besloten|besluit|besluiten|beslist|beslissing|ingestemd|instemmen|stemt\s+in|stemde\s+in|vastgesteld|"
    r"aangenomen|goedgekeurd|verworpen|afgewezen)\b"
)
# Roles that persons hold; a name after one of them is that person's ("de gemeentesecretaris, M. Jansen").
_PERSON_ROLES = (
    "burgemeester wethouder gedeputeerde voorzitter directeur secretaris staatssecretaris griffier minister "
    "commissaris programmamanager bestuurder manager"
).split()
# A person or a body answers "wie".
_ROLE = re.compile(rf"\b(?:{'|'.join(_PERSON_ROLES)}|raad|college|staten|bureau|board|ministerie|provincie|gemeente)\b")
_PERSON_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:\s+(?:van|de|der|den|ter|ten))?\s+[A-Z][a-z]+\b|"
    r"\b[A-Z]\.(?:\s?[A-Z]\.)*\s?(?:(?:van|de|der|den|ter|ten|het)\s+)*[A-Z][a-z]+"  # "M. Jansen", "P. de Vries"
)
# Words at the start of a question are capitalised because they start it, not because they name something.
_QUESTION_WORDS = frozenset(
    "wat wie waar wanneer waarom hoe hoeveel welke welk is zijn kan kunnen moet mag wordt worden heeft hebben doet "
    "en of in op bij voor van what who where when why how which is are can does do did will en".split()
)
# "Zeeuwse", "Drentse", "Europese": an adjective of a name; the documents say "Zeeland".
_ADJECTIVE = re.compile(r"(?:se|sche)$")
# The country every document is in: never evidence of a different subject.
UNIVERSAL_NAMES = frozenset("nederland netherlands".split())
# A name in at least this share of the documents is never missing from them: a question
# that names it is not about a different subject ("DTZ", "Drenthe", "Emmen" in the bundled knowledge base).
COMMON_SHARE = 0.5
# The cooperation the bundled knowledge base is about and its province: when they are common in the documents,
# an answer need not repeat them either ("Hoeveel bedrijven in Drenthe ...": any sentence with the number).
SUBJECT_NAMES = frozenset("dtz dutch techzone drenthe".split())


_PARTIES = sorted(words("parties.txt"), key=len, reverse=True)
_PARTY_NAME = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in _PARTIES if w[:1].isupper() or w[:1].isdigit()) + r")(?![\w-])"
)
_PARTY_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in _PARTIES if w.islower()) + r")(?![\w-])")

MIN_COVERAGE = 0.34  # share of the question's terms (IDF-weighted) around the sentence with the answer
# "Wanneer ...": the share of the event's own words (the question's terms but its names) in one sentence
# with the name; "opgezet" is no "opgericht", "richt zich op" no compound of it.
MIN_EVENT_COVERAGE = 0.25
MIN_OWN_COVERAGE = 0.25  # for a sum of money: the share before its money words ("kost", "betaalt") count as given


@dataclass(frozen=True)
class Verdict:
    """Whether the best passages answer the question, and if not, why not (for the log and the note)."""

    answers: bool
    reason: str = ""


def pinned_names(question: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Names and years the question pins down: capitalised words past the first, acronyms, years (folded);
    not those with a part in ``common`` (:func:`common_names`) or in :data:`UNIVERSAL_NAMES`."""
    words = re.findall(r"[\w'’-]+", question)
    names: list[str] = []
    for n, word in enumerate(words):
        folded = fold_spaces(word)
        if _YEAR.fullmatch(word):
            names.append(word)
        elif (
            n > 0
            and word[:1].isupper()
            and folded not in _QUESTION_WORDS
            and len(word) > 1
            and not _ADJECTIVE.search(folded)
            and not any(part in UNIVERSAL_NAMES or part in common for part in folded.split("-"))
        ):
            names.append(folded)
    return names


_ENGLISH_ADJECTIVE = re.compile(r"\w{3,}(?:ian|ean|ish|ese|ch)$")  # of a name: "Ukrainian", "European", "Polish", "Dutch"


def _english_names(question: str) -> set[str]:
    """The capitalised words of an English question that are English words the translation knows, stand
    in one run of capitalised words with such a word, or are the adjective of a name (folded)."""
    out: set[str] = set()
    for run in re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", question):
        parts = [fold_spaces(w) for w in run.split()]
        if any(p in GLOSSARY or any(x in GLOSSARY for x in p.split("-")) for p in parts):
            out.update(parts)
        out.update(p for p in parts if _ENGLISH_ADJECTIVE.search(p))  # "Ukrainian": the documents say "Oekraïense"
    return out


def common_names(stored: StoredIndex, question: str) -> frozenset[str]:
    """The parts of the question's names that stand in at least :data:`COMMON_SHARE` of the documents:
    what the whole knowledge base is about, counted once per index."""
    total = len(stored.info.files)
    out: set[str] = set()
    for name in pinned_names(question):
        for part in (p for p in name.split("-") if p):
            known = stored.common_cache.get(part)
            if known is None:
                stems = analyze(part)
                ids = np.flatnonzero(stored.bm25(stems[:1])) if stems else np.zeros(0, dtype=np.int64)
                known = stored.common_cache[part] = stored.document_count(ids) >= max(1, COMMON_SHARE * total)
            if known:
                out.add(part)
    return frozenset(out)


def subject_names(stored: StoredIndex, question: str) -> frozenset[str]:
    """The question's names that are the bundled knowledge base's subject (:data:`SUBJECT_NAMES`) and common
    in this one: an answer need not repeat them."""
    return common_names(stored, question) & SUBJECT_NAMES


# "Hoeveel betaalt Emmen?", "Wat kost ...?", "Hoeveel geld ...": a sum of money answers, not any number.
_MONEY_Q = re.compile(
    r"\b(?:kost|kosten|geld|bedrag|bedragen|betaalt|betalen|betaald|betaalde|betaalden|bijdrage|bijdragen|draagt|"
    r"dragen|budget|begroting|subsidie|euro|prijs|salaris|verdient|uitgegeven|uitgaven)\b"
)
_MONEY = re.compile(r"€|\beuro\b|\b\d{1,3}(?:\.\d{3})+(?:,\d+)?\b|\b\d+,\d{2}\b|\bmiljoen\b|\bmiljard\b")
# "Hoeveel procent ...", "Hoeveel rente ...": a percentage answers.
_RATE_NOUNS = frozenset("procent percentage rente aandeel groei stijging daling".split())
_PERCENT = re.compile(r"%|\bprocent\b")
_COUNT_WORD = re.compile(
    r"^(?:\d+(?:[.,]\d+)*|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"twintig|dertig|veertig|vijftig|honderd|honderden|duizend|duizenden|tientallen|enkele|meerdere|"
    r"(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|twintig|dertig|honderd)tal)$"  # "een viertal pijlers"
)
# Verbs (and auxiliaries) that can follow "hoeveel": "Hoeveel betaalt ...", "Hoeveel is er ...".
_NOT_COUNTED = frozenset(
    "is zijn was waren wordt worden kan kunnen moet moeten mag mogen wil willen zal zullen heeft hebben krijgt krijgen "
    "betalen dragen kwamen komen werken lopen doen zitten staan gaan tellen gaat".split()
)
_SECTION_NUMBER = re.compile(r"(?:^|\n)\s*\d+(?:\.\d+)*\.?\s")  # "4. HOE GAAN WE HET BETALEN?" is no amount


# "Hoeveel mensen ...": any people counted answer it ("vijftig indieners", "343.243 inwoners").
_PEOPLE = frozenset("mensen personen".split())


# An adjective before a noun: a participle ("ingevulde", "deelnemende") or a common adjective ending.
_ADJECTIVE_FORM = re.compile(
    r"^(?:\w*ge\w+[dt]e|\w+(?:ende|ige|lijke|ische|ale|ele|ieve|bare)|nieuwe|kleine|grote|andere|jonge|oude|extra)$"
)


def _verb(word: str) -> bool:
    return word in _NOT_COUNTED or (word.endswith("t") and word not in ("procent", "fte"))


# Nouns that stay singular after a number ("3 jaar", "25 meter"): counted all the same.
_MEASURES = frozenset("fte jaar uur keer meter kilometer hectare".split())


def _plural(word: str) -> bool:
    return word.endswith(("en", "s", "'s", "’s")) or word in _RATE_NOUNS or word in _MEASURES


def counted_noun(question: str) -> str | None:
    """What a "Hoeveel X ..." question counts ("bedrijven", "fte", "procent"), or None ("Hoeveel betaalt ...").

    An adjective before it is passed ("Hoeveel ingevulde vragenlijsten" counts "vragenlijsten"); a noun that
    is not a plural names a quantity, not things to count ("Hoeveel windenergie", "Hoeveel tijd"): None, so
    that any number (a sum for "Hoeveel subsidie") answers it.
    """
    m = re.match(
        r"^(?:en\s+)?(?:(?:met|voor|van|in|op|bij|tot|aan|over|uit)\s+)?hoeveel\s+([\w'’-]+)(?:\s+([\w'’-]+))?",
        fold_spaces(question),
    )
    if not m:
        return None
    word, after = m.group(1), m.group(2)
    if after and _ADJECTIVE_FORM.search(word) and not _verb(after) and after not in _STOPWORDS:
        word = after  # "ingevulde vragenlijsten", "nieuwe leden"
    if _verb(word) or not _plural(word):
        return None
    return word


def money_word(word: str) -> bool:
    """Is this folded word one that asks for a sum of money ("kost", "geld", "betaalt", "bijdrage")?"""
    return bool(_MONEY_Q.fullmatch(word))


def states_sum(text: str) -> bool:
    """Does the text state a sum of money ("€ 1,00", "66.690", "2 miljoen")?"""
    return bool(_MONEY.search(fold_spaces(text)))


def money_question(question: str) -> bool:
    """Does the question ask for a sum of money?"""
    folded = fold_spaces(to_dutch(question)).replace("|", " ")  # "What does it cost?": "kosten"
    return bool(_MONEY_Q.search(folded)) and counted_noun(question) is None  # "Hoeveel geld", not "Hoeveel banen"


# "Welke gemeente betaalt het meest?": who pays most is read from the amounts.
_SUPERLATIVE = re.compile(r"\b(?:meest|meeste|minst|minste|hoogste|laagste|grootste|kleinste)\b")


def asked_kind(question: str) -> str | None:
    """The kind of answer the quoted text must hold: :func:`index.signals.answer_type`, and an amount for a
    question that compares sums of money ("Welke gemeente betaalt het meest?")."""
    kind = answer_type(question)
    if kind is None and _SUPERLATIVE.search(fold_spaces(to_dutch(question))) and money_question(to_dutch(question)):
        return "amount"
    return kind


# "Wat heeft de raad besloten over het rekenkameronderzoek?", "Wat vond de raad van Emmen van het jaarplan?":
# the decision or the view is about what follows "over" (or else the last "van").
_ABOUT = re.compile(r"\b(?:over|tegenover|about|on)\s+(.+?)[?.!]*$")
_OF = re.compile(r".*\b(?:van|of)\s+(.+?)[?.!]*$")
TOPIC_PREFIX = 6  # a topic word is found by its first letters: "rekenkameronderzoek" in "het rekenkamerrapport"


def topic_words(question: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The content words of what a decision or a view is asked about (folded), or [] when the question names none;
    not the names the knowledge base is about (``common``)."""
    asked = fold_spaces(to_dutch(question)).replace("|", " ")
    m = _ABOUT.search(asked) or _OF.match(asked)
    if not m:
        return []
    generic = UNIVERSAL_NAMES | common
    return [w for w in analyze(m.group(1)) if len(w) >= 3 and not w.isdigit() and w not in generic]


# "Wat kost het een bedrijf om lid te worden?", "Hoeveel geld gaat er naar marketing?": what the sum is for.
_PURPOSE = re.compile(r"\bom\s+(.+?)\s+te\s+\w+|\b(?:voor|aan|naar|for|to)\s+(.+?)[?.!]*$")
_STOPWORDS = words("stopwords.txt")


def purpose_words(question: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The words of what a sum of money is asked for ("om lid te worden", "voor programmakosten"), folded,
    or [] when the question names nothing but the cooperation itself ("Hoeveel betaalt Emmen aan DTZ?")."""
    asked = fold_spaces(to_dutch(question)).replace("|", " ")
    m = _PURPOSE.search(asked)
    if not m:
        return []
    found = re.findall(r"[\w-]+", m.group(1) or m.group(2))
    generic = UNIVERSAL_NAMES | common
    return [w for w in found if len(w) >= 3 and not w.isdigit() and w not in _STOPWORDS and w not in generic]


def _about(topic: list[str], text: str) -> bool:
    return not topic or any(w[:TOPIC_PREFIX] in text for w in topic)


def _amount(question: str, sentence: str, folded: str) -> bool:
    """Does this text give the amount the question asks for: money for a money question, a percentage for
    "hoeveel procent", a number with the counted noun for "hoeveel bedrijven", else a number that is no year?"""
    noun = counted_noun(question) if question else None
    if question and money_question(question):
        return bool(_MONEY.search(folded))
    if noun in _RATE_NOUNS:
        return bool(_PERCENT.search(folded))
    if noun:
        stem = (analyze(noun) or [noun])[0]
        written = sentence.replace(":", " ").split()
        words = [fold_spaces(w) for w in written]
        for n, word in enumerate(words):
            if word.strip(".,;()") == "een" and noun not in _MEASURES and written[n].strip(".,;()").lower() not in ("één", "eén"):
                continue  # "een gemeente" is no count of "gemeenten" ("één gemeente" is); "een uur" is one hour
            if _COUNT_WORD.match(word.strip(".,;()")) and not _YEAR.fullmatch(word.strip(".,;()")):
                following = [w.strip(".,;()") for w in words[n + 1 : n + 4]]
                if noun in _PEOPLE and following and len(following[0]) >= 4 and _plural(following[0]):
                    return True
                if any(a.startswith(stem[: max(4, len(stem) - 1)]) for a in analyze(" ".join(following))):
                    return True
                # a compound's head: "90.000 plekken" counts "asielopvangplekken", "12 hubs" counts "techhubs"
                if any(len(w) >= 4 and (noun.endswith(w) or w.endswith(noun)) for w in following):
                    return True
        return False
    bare = _SECTION_NUMBER.sub(" ", _YEAR.sub("", sentence))
    return bool(re.search(r"\d", bare)) or bool(_NUMBER_WORDS.search(folded))


def counts_noun(question: str, text: str, folded: str) -> bool:
    """Does the text give a number of what a "Hoeveel X ..." question counts ("4 gemeenten", "een viertal pijlers")?"""
    return counted_noun(question) is not None and _amount(question, text, folded)


def _spelled_out(name: str, text: str) -> bool:
    """Is an abbreviation written out in the text: "ocw" in "de minister van Onderwijs, Cultuur en Wetenschap"?"""
    letters = name.replace("-", "")
    if not 2 <= len(letters) <= 6 or not letters.isalpha():
        return False
    words = re.findall(r"[\w'’-]+", text)
    capitals = [(n, w) for n, w in enumerate(words) if w[:1].isupper()]
    for start in range(len(capitals) - len(letters) + 1):
        run = capitals[start : start + len(letters)]
        if run[-1][0] - run[0][0] <= 2 * len(letters) and "".join(w[0] for _, w in run).lower() == letters:
            return True
    return False


def _names_party(sentence: str, folded: str) -> bool:
    """Does the sentence name a political party or a council group ("de fractie van de VVD")?"""
    return bool(_PARTY_NAME.search(sentence) or _PARTY_WORD.search(folded))


def _has_type(kind: str, sentence: str, folded: str, question: str = "") -> bool:
    if kind == "amount":
        return _amount(question, sentence, folded)
    if kind == "date":
        return bool(_DATE.search(folded))
    if kind == "frequency":
        return bool(_FREQUENCY.search(folded))
    if kind == "person":
        return bool(_PERSON_NAME.search(sentence)) or bool(_ROLE.search(folded))
    if kind == "party":
        return _names_party(sentence, folded)
    if kind == "opinion":
        return bool(_OPINION.search(folded))
    if kind == "decision":
        return bool(_DECISION.search(folded))
    return True


def judge(stored: StoredIndex, question: str, candidates: list[int], coverage_of: object, terms: Sequence[Term] = ()) -> Verdict:
    """Do the best passages (indexes ``candidates``, best first) answer the question?

    ``coverage_of(sentence_terms) -> float`` gives the IDF-weighted share of the question's terms
    in a set of analysed terms (from :mod:`index.search`).
    """
    if not candidates:
        return Verdict(False, "no passages")
    common = common_names(stored, question)
    subject = common & SUBJECT_NAMES
    pinned = pinned_names(question, subject)
    asked = pinned_names(question, common)
    if is_english(question):  # "Amsterdam"; not "State", nor a name in English words ("Logistics Knowledge Centre")
        english = _english_names(question)
        asked = [name for name in asked if name not in english]
    if asked:
        sources = dict.fromkeys(stored.chunks[i].source for i in candidates[:5])
        haystack = " ".join(stored.folded_document(source) for source in sources)
        missing = [name for name in asked if not all(part in haystack for part in name.split("-") if part)]
        if missing:
            return Verdict(False, f"the documents of the best passages do not mention {', '.join(missing)}")
    kind = asked_kind(question)
    if kind == "person":
        return _person(stored, question, candidates, subject)
    if kind is None:
        return Verdict(True)
    from index.evidence import Matcher, sentence_tokens

    # the event a "wanneer" question asks the date of: its terms but the names ("opgericht" of "de gemeente Emmen")
    named = set(pinned) | subject | UNIVERSAL_NAMES | name_titles(question)
    event = [t for t in terms if t.word not in named]
    event_of = Matcher(stored, event).full_share if event else None

    years = _YEAR.findall(question)
    # "het meest", "de hoogste": the amounts compare, the word itself stands in no sentence
    compared = set(analyze(" ".join(_SUPERLATIVE.findall(fold_spaces(to_dutch(question)))))) if kind == "amount" else set()
    names = [n for n in pinned if not _YEAR.fullmatch(n)] if not is_english(question) else []
    # the names an English question shares with the documents ("Emmen", not "State")
    event_names = names or [n for n in pinned if not _YEAR.fullmatch(n) and all(a in stored.doc_freq for a in analyze(n))]
    topic = topic_words(question, subject) if kind in ("decision", "opinion") else []
    purpose = purpose_words(question, subject) if kind == "amount" and money_question(question) else []
    # for a sum of money, the share of the question's other words ("Hoeveel betaalt Hoogeveen per jaar?": Hoogeveen,
    # jaar): its money words are answered by the sum, however rare the form ("betaalt") is in the documents
    rest = [t for t in terms if not money_word(t.word)]
    money: Callable[[set[str]], float] | None = None
    if kind == "amount" and money_question(question):  # "Hoeveel geld kost het?": nothing but money words, all answered
        money = Matcher(stored, rest).share if rest else (lambda _present: 1.0)
    for i in candidates[:3]:
        chunk = stored.chunks[i]
        if years and not any(y in chunk.text or y in chunk.title or chunk.date.startswith(y) for y in years):
            continue  # "Hoeveel fte in 2025?": a number of another year's document is no answer
        # where the passage stands: its document (title, file name: "onze gemeente" in Coevorden's letter) and section
        where = fold_spaces(f"{chunk.title} {chunk.section or ''} {chunk.source.replace('-', ' ').replace('_', ' ')}")
        context = set(analyze(chunk.title))  # "in het jaarplan 2022": the document, not the sentence
        sentences = split_sentences(chunk.lexical_text())  # the section heading is the first of them
        tokens = sentence_tokens(stored, i)  # analysed once per passage, cached on the index
        for n in range(len(sentences)):
            window = " ".join(sentences[max(0, n - 1) : n + 2])  # the answer may stand in the next sentence
            folded_window = fold_spaces(window)
            if not _has_type(kind, window, folded_window, question):
                continue
            if not _about(topic, f"{folded_window} {fold_spaces(chunk.title)}"):
                continue  # a decision on something else ("besloten om de samenwerking te continueren")
            if not _about(purpose, f"{folded_window} {where}"):
                continue  # a sum for something else: the partners' contribution is no membership fee
            if any(name not in folded_window and name not in where and not _spelled_out(name, window) for name in names):
                continue  # "Hoeveel ondernemers uit Emmen ...": two from another municipality are no answer
            present = context.union(*tokens[max(0, n - 1) : n + 2], *tokens[:1]) | compared
            own = coverage_of(present)  # type: ignore[operator]
            if money is not None and money(present) >= MIN_OWN_COVERAGE:
                # the sum given answers "betaalt", "kost", "bijdrage"; the rest of the question must be there too
                own = coverage_of(present | set(analyze(" ".join(_MONEY_Q.findall(fold_spaces(to_dutch(question)))))))  # type: ignore[operator]
            if (
                kind == "date"
                and event_of is not None
                and not _event_of_name(event_of, event_names, sentences, tokens, n, context, where)
            ):
                continue  # "Wanneer is de gemeente Emmen opgericht?": the letter's date, or another thing set up
            if own >= MIN_COVERAGE:
                return Verdict(True)
    return Verdict(False, f"no sentence of the best passages gives the {kind} asked for")


_NAME_TITLES = words("name-titles.txt")


def name_titles(question: str) -> set[str]:
    """The words that title a name in the question ("gemeente" in "de gemeente Emmen", "municipality" in
    "the municipality of Emmen"), folded."""
    found = re.findall(r"[\w'’-]+", question)
    names = set(pinned_names(question))
    out = set()
    for n, word in enumerate(found):
        w = fold_spaces(word)
        if w not in _NAME_TITLES:
            continue
        nxt = [fold_spaces(x) for x in found[n + 1 : n + 3]]
        if nxt[:1] and (nxt[0] in names or (nxt[0] == "of" and nxt[1:] and nxt[1] in names)):
            out.add(w)
            out.update(GLOSSARY.get(w, "").split())  # "municipality": the question is searched as "gemeente"
    return out


def _event_of_name(
    event_of: object, names: list[str], sentences: list[str], tokens: list[set[str]], n: int, context: set[str], where: str
) -> bool:
    """Does one sentence around sentence ``n`` tell the asked event ("opgericht", "toegetreden") of what the
    question names (or is the name the passage's document or section)?"""
    for m in range(max(0, n - 1), min(len(sentences), n + 2)):
        folded = fold_spaces(sentences[m])
        if any(name not in folded and name not in where and not _spelled_out(name, sentences[m]) for name in names):
            continue
        if event_of(tokens[m] | context) >= MIN_EVENT_COVERAGE:  # type: ignore[operator]
            return True
    return False


_AGENT = re.compile(r"\bdoor\s+(?:de\s+|het\s+)?[A-Z][\w-]+")  # "opgesteld door ERAC impact": who did it


def answers_who(question: str, text: str) -> bool:
    """Does the text answer a "wie" question by its form: a name beside the role asked for ("Wie is de
    voorzitter?": "Peter Cool, voorzitter Program Board"), else a name as the one who acted ("door ERAC")?"""
    asked_role = _asked_role(question)
    if asked_role:
        stem, word = asked_role
        asked = fold_spaces(question)
        return any(stem in analyze(s) and _named_beside(s, word, asked) for s in split_sentences(text))
    return bool(_AGENT.search(text))


@lru_cache(maxsize=256)
def _asked_role(question: str) -> tuple[str, str] | None:
    """The role a "Wie is de voorzitter ...?" question asks for: its stem and its word (once per question)."""
    m = _WHO_IS_ROLE.match(fold_spaces(to_dutch(question)).replace("|", " "))
    role = analyze(m.group(1)) if m else []
    return (role[0], fold_spaces(m.group(1))) if m and role else None


# "Welke gemeenten ...", "In welke landen ...": several are asked for, a list answers.
_WHICH = re.compile(r"^(?:en\s+)?(?:(?:in|aan|bij|met|op|van|voor|uit|naar)\s+)?(?:welke|which)\s+([\w'’]+)(?:\s+([\w'’]+))?")
_PLURAL = re.compile(r"\w{2,}(?:en|s|'s|’s)$")
_LIST_MODIFIERS = frozenset(
    "twee drie vier vijf zes zeven acht negen tien andere verschillende politieke grote kleine belangrijkste".split()
)
_ITEM = r"[\w()’'-]+(?:\s+[\w()’'-]+){0,3}"  # up to four words
_SHORT = r"[\w()’'-]+(?:\s+[\w()’'-]+)?"  # up to two
_LONG_LIST = re.compile(
    rf"{_ITEM}\s*,\s+(?:{_ITEM}\s*,\s+)+{_ITEM}\s+(?:en|of)\s+{_ITEM}"
)  # "Coevorden, Emmen, Hardenberg en Hoogeveen"
_SHORT_LIST = re.compile(  # "HTSM, logistiek en chemie", where the list ends
    rf"(?<![\w,] ){_SHORT}\s*,\s+{_SHORT}\s+(?:en|of)\s+{_SHORT}(?=\s*[.,;:)]|\s+(?:met|als|in|voor|zijn)\b)"
)


def asks_list(question: str) -> bool:
    """Does the question ask for several things ("Welke gemeenten doen mee?", "In welke landen ...?")?"""
    m = _WHICH.match(fold_spaces(to_dutch(question)).replace("|", " "))
    if not m:
        return False
    first, second = m.group(1), m.group(2) or ""

    def plural(word: str) -> bool:
        return bool(_PLURAL.fullmatch(word)) and word not in _STOPWORDS

    # the noun itself, or after a number or an adjective: "welke drie partijen", "welke politieke partijen"
    return plural(first) or (first.endswith("e") and not plural(first) and plural(second) and first in _LIST_MODIFIERS)


_NOT_IN_LIST = re.compile(r"[^\w()’'\-\s,]")


@lru_cache(maxsize=16384)  # the same passages come back for many questions
def gives_list(text: str) -> float:
    """How clearly the text enumerates: 1 for four or more short items ("Coevorden, Emmen, Hardenberg en
    Hoogeveen"), 0.5 for three very short ones ("HTSM, logistiek en chemie"), else 0."""
    text = " ".join(text.split())
    # A list holds only word characters, spaces and commas: each stretch of those (with the character that
    # ends it, which the short form looks at) is searched on its own, which gives the same answer sooner.
    ends = [m.start() for m in _NOT_IN_LIST.finditer(text)] + [len(text)]
    stretches = [text[a + 1 : b + 1] for a, b in zip([-1, *ends[:-1]], ends, strict=True) if "," in text[a + 1 : b]]
    if any(_LONG_LIST.search(s) for s in stretches):
        return 1.0
    return 0.5 if any(_SHORT_LIST.search(s) for s in stretches) else 0.0


_WHO_IS_ROLE = re.compile(  # "Wie is de voorzitter", "Wie was in 2015 de griffier", "Who was in 2020 the mayor"
    r"^(?:wie|who)\s+(?:is|was|zijn|waren|are|were)\s+(?:(?:in|op|per|sinds|tot|nu|toen|momenteel)\s+(?:\S+\s+)?)?"
    r"(?:de|het|the)\s+([\w-]+)"
)


def _person(stored: StoredIndex, question: str, candidates: list[int], subject: frozenset[str]) -> Verdict:
    """ "Wie is de voorzitter van ...?": a passage must name a person beside that role, with the names the question
    pins down ("van Groningen") in that sentence, the ones around it or the passage's document. Other "wie" questions
    (who signed, who takes part) are answered by bodies as often as by names: not checked by their form."""
    m = _WHO_IS_ROLE.match(fold_spaces(to_dutch(question)).replace("|", " "))
    role = analyze(m.group(1)) if m else []
    if not role:
        return Verdict(True)
    asked = fold_spaces(question)
    word = fold_spaces(m.group(1)) if m else ""
    # "Wie is de burgemeester van Groningen?": the name must be that place's, not the signing mayor's of another
    names = [n for n in pinned_names(question, subject) if n != word and not _YEAR.fullmatch(n)]
    for i in candidates[:3]:
        chunk = stored.chunks[i]
        where = fold_spaces(f"{chunk.title} {chunk.section or ''} {chunk.source.replace('-', ' ').replace('_', ' ')}")
        sentences = split_sentences(chunk.text)
        for n, sentence in enumerate(sentences):
            if role[0] in analyze(sentence) and _named_beside(sentence, word, asked):
                window = fold_spaces(" ".join(sentences[max(0, n - 1) : n + 2]))
                if all(any(part in window or part in where for part in name.split("-") if part) for name in names):
                    return Verdict(True)
    return Verdict(False, f"no passage names the {m.group(1) if m else 'person'} asked for")


NAME_DISTANCE = 8  # words between a role and the name of who holds it, at most


def _named_beside(sentence: str, role: str, asked: str) -> bool:
    """Does the sentence name someone beside the role as the question asks it ("de wethouder", one person;
    "burgemeester en wethouders" is the college), with no other person's role in between? The name is one
    the question does not already hold ("Program Board" in "voorzitter van de Program Board")."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    words = [fold_spaces(sentence[a:b]).strip(".,;:()'\"’") for a, b in spans]
    at = [n for n, w in enumerate(words) if w == role]

    def held(w: str) -> bool:  # another person's role
        return w != role and any(w.endswith(r) for r in _PERSON_ROLES)

    for name in _PERSON_NAME.finditer(sentence):
        if fold_spaces(name.group()) in asked:
            continue
        # the words the name stands in (it may start inside one: "Willem" of "Jan-Willem")
        first = next(n for n, (a, b) in enumerate(spans) if b > name.start())
        last = next(n for n, (a, b) in reversed(list(enumerate(spans))) if a < name.end())
        if words[first] == role:
            return True  # "Wethouder Jan Jansen": the role is part of the name as written
        if any(held(w) for w in words[max(0, first - 2) : first + 1]):
            continue  # "Burgemeester Jan Jansen", "de gemeentesecretaris, Marie Jansen": that role's name
        for n in at:
            lo, hi = (n, first) if n < first else (last, n)
            if 0 < hi - lo <= NAME_DISTANCE and not any(held(w) for w in words[lo + 1 : hi]):
                return True
    return False


def highlight(
    stored: StoredIndex, question: str, i: int, coverage_of: object, subject: frozenset[str] | None = None
) -> str | None:
    """The sentence or table row of passage ``i`` that answers best, chosen with the answer's own signals.

    Its share of the question's terms, plus the kind of answer the question asks for (for "Hoeveel
    betaalt Emmen?" the row with an amount, for "Wie is de voorzitter?" the name beside the role, for
    "Welke gemeenten ...?" the enumeration) and the names it pins down (the row that says "Emmen").
    None when no sentence shares anything with the question. ``subject``: :func:`subject_names` of the
    question, when the caller has it already.
    """
    from index.evidence import sentence_tokens

    kind = asked_kind(question)
    names = pinned_names(question, subject_names(stored, question) if subject is None else subject)
    several = asks_list(question)
    sentences = split_sentences(stored.chunks[i].text)
    # The analysed sentences are cached per passage for the lexical text (section heading, then the text).
    lexical = split_sentences(stored.chunks[i].lexical_text())
    cached = sentence_tokens(stored, i)
    aligned = len(lexical) >= len(sentences) and lexical[len(lexical) - len(sentences) :] == sentences
    tokens = cached[len(cached) - len(sentences) :] if aligned else []
    best, best_score = None, 0.0
    for n, sentence in enumerate(sentences):
        folded = fold_spaces(sentence)
        terms = tokens[n] if tokens else set(analyze(sentence))
        score = float(coverage_of(terms))  # type: ignore[operator]
        if score <= 0:
            continue
        if kind is not None and kind != "person" and _has_type(kind, sentence, folded, question):
            score += 0.5
        if kind == "person" and answers_who(question, sentence):
            score += 0.5  # "Peter Cool, voorzitter Program Board", "opgesteld door ERAC impact"
        if several:
            score += gives_list(sentence)  # "Welke gemeenten ...": the enumeration is the answer
        if names:
            score += 0.5 * sum(name in folded for name in names) / len(names)
        if score > best_score:
            best, best_score = sentence, score
    return best
