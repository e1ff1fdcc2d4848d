"""English questions over Dutch documents: map the question's words to Dutch for keyword search.

Council members sometimes ask in English; the documents are Dutch. The multilingual
embedding model handles that for dense search, but keyword search and the evidence for
abstention need the question's words as the documents write them. This module detects an
English question (English function words outnumber Dutch ones) and replaces English words
and phrases with their Dutch equivalents from a glossary of general council, policy and
economy vocabulary. Words it does not know are kept (names and many terms are the same
in both languages). The dense search always embeds the original question.
"""

from __future__ import annotations

import re

from index.analysis import fold, fold_spaces

_EN_MARKERS = frozenset(
    "the of what which who whom whose how does do did are were when where why and to for with much many "
    "there this that these those has have an a its it by from about can will would should".split()
)
_NL_MARKERS = frozenset(
    "de het een van wat welke wie hoe waar wanneer hoeveel waarom zijn en naar voor met heeft hebben er "
    "dit dat deze die wordt worden door over kan bij ook nog".split()
)

# Phrases first (longest match wins), then single words. Values are Dutch words as the documents write them.
GLOSSARY: dict[str, str] = {
    # general words of policy texts (British and American spellings)
    "programme": "programma",
    "program": "programma",
    "digitalisation": "digitalisering",
    "digitalization": "digitalisering",
    "digitisation": "digitalisering",
    "take part": "doen mee|deelnemen",
    "business clubs": "ondernemersverenigingen|ondernemersvereniging",
    "clubs": "verenigingen|vereniging",
    "work": "werken|werkzaam",
    "works": "werkt|werken",
    "local": "lokale|plaatselijke",
    "regularly": "regelmatig|periodiek",
    "often": "vaak|keer",
    "current": "huidige",
    "meet": "vergadert|overleg|bijeen",
    "meets": "vergadert|overleg|bijeen",
    "follow": "volgen|volgt",
    "share": "verdeeld|verdeling|aandeel",
    "shared": "verdeeld|verdeling",
    "products": "producten",
    "send": "verstuurd|gestuurd|toegezonden",
    "sent": "verstuurd|gestuurd|toegezonden",
    "talk": "overleg|gesprek|gesprekken",
    "talks": "overleg|gesprek|gesprekken",
    "same": "dezelfde|gelijk",
    "equal": "gelijk|gelijkwaardig",
    "standing": "status|positie",
    "changing": "verandert|veranderen|verandering",
    "aircraft": "vliegtuigen|luchtvaart",
    "planes": "vliegtuigen|luchtvaart",
    "space": "ruimtevaart|ruimte",
    # organisations and people
    "programme bureau": "programmabureau",
    "program bureau": "programmabureau",
    "programme office": "programmabureau",
    "program office": "programmabureau",
    "programme board": "program board",
    "board of mayor and aldermen": "burgemeester en wethouders college",
    "provincial executive": "gedeputeerde staten",
    "provincial council": "provinciale staten",
    "municipal council": "gemeenteraad",
    "city council": "gemeenteraad",
    "court of audit": "rekenkamer",
    "audit office": "rekenkamer",
    "ministry of economic affairs": "ministerie van economische zaken",
    "economic affairs": "economische zaken",
    "coordination team": "coordinatieteam",
    "municipality": "gemeente",
    "municipalities": "gemeenten",
    "municipal": "gemeentelijke",
    "province": "provincie",
    "provincial": "provinciale",
    "council": "raad",
    "councillor": "raadslid",
    "councillors": "raadsleden",
    "alderman": "wethouder",
    "aldermen": "wethouders",
    "mayor": "burgemeester",
    "chair": "voorzitter",
    "chairs": "voorzitter",
    "chairman": "voorzitter",
    "chairwoman": "voorzitter",
    "chairperson": "voorzitter",
    "president": "voorzitter",
    "secretary": "secretaris",
    "ministry": "ministerie",
    "government": "overheid",
    "governments": "overheden",
    "partner": "partner",
    "partners": "partners",
    "member": "lid",
    "members": "leden",
    "organisation": "organisatie",
    "organization": "organisatie",
    "organised": "georganiseerd",
    "organized": "georganiseerd",
    "structure": "structuur",
    "team": "team",
    "office": "bureau",
    "bureau": "bureau",
    "companies": "bedrijven",
    "company": "bedrijf",
    "businesses": "bedrijfsleven bedrijven",
    "business": "bedrijfsleven",
    "entrepreneurs": "ondernemers",
    "entrepreneur": "ondernemer",
    "students": "studenten",
    "schools": "scholen",
    "education": "onderwijs",
    "educational": "onderwijs",
    "university": "universiteit",
    "inhabitant": "inwoner",
    "inhabitants": "inwoners",
    "resident": "inwoner",
    "residents": "inwoners",
    "citizens": "inwoners",
    # cooperation, agreements, decisions
    "cooperation agreement": "samenwerkingsovereenkomst",
    "collaboration agreement": "samenwerkingsovereenkomst",
    "cooperation": "samenwerking",
    "collaboration": "samenwerking",
    "partnership": "samenwerkingsverband",
    "cooperate": "samenwerken",
    "agreement": "overeenkomst",
    "agreements": "afspraken overeenkomst",
    "participate": "deelnemen deelnemende doen mee",
    "participating": "deelnemende",
    "participates": "deelnemen",
    "involved": "betrokken",
    "join": "toetreden",
    "joined": "toegetreden toetreding",
    "joining": "toetreding",
    "accession": "toetreding",
    "extension": "verlenging",
    "extend": "verlengen verlenging",
    "extended": "verlengd verlenging",
    "end": "loopt af",
    "ends": "loopt af",
    "expire": "loopt af",
    "expires": "loopt af",
    "signed": "ondertekend ondertekening",
    "sign": "ondertekenen",
    "decided": "besloten",
    "decision": "besluit",
    "decide": "besluiten",
    "evaluated": "geevalueerd evaluatie",
    "evaluation": "evaluatie",
    "evaluate": "evaluatie",
    "research": "onderzoek",
    "study": "onderzoek",
    "investigation": "onderzoek",
    "investigate": "onderzoeken onderzoek",
    "investigated": "onderzocht onderzoek",
    "examined": "onderzocht onderzoek",
    "people": "mensen personen",
    "employees": "medewerkers personeel",
    "audit": "rekenkamer onderzoek",
    "letter": "brief",
    "report": "verslag rapport",
    "annual report": "jaarverslag",
    "annual plan": "jaarplan",
    "annual": "jaarlijks",
    "plan": "plan",
    "plans": "plannen",
    "strategy": "strategie koers",
    "strategic": "strategische",
    "course": "koers",
    "goal": "doel",
    "goals": "doelen doelstellingen",
    "aim": "doel",
    "aims": "doelen",
    "objective": "doelstelling",
    "objectives": "doelstellingen",
    "ambition": "ambitie",
    "ambitions": "ambities",
    "role": "rol",
    "task": "taak",
    "tasks": "taken",
    "activities": "activiteiten",
    "activity": "activiteit",
    "results": "resultaten",
    "result": "resultaat",
    "meeting": "bijeenkomst overleg",
    "meetings": "bijeenkomsten",
    "information evening": "informatieavond",
    "presented": "gepresenteerd presentatie",
    "presentation": "presentatie",
    "present": "presenteren",
    "founded": "opgericht opgezet",
    "established": "opgericht opgezet",
    "started": "gestart",
    # money
    "money": "geld middelen",
    "pay": "betalen",
    "pays": "betaalt",
    "paid": "betaald",
    "cost": "kosten",
    "costs": "kosten",
    "budget": "begroting budget",
    "budgets": "begroting",
    "contribution": "bijdrage",
    "contributions": "bijdragen",
    "contribute": "bijdragen",
    "contributes": "bijdraagt",
    "funding": "financiering gefinancierd",
    "funded": "gefinancierd",
    "financed": "gefinancierd",
    "finance": "financien",
    "finances": "financien",
    "financial": "financiele",
    "spent": "besteed",
    "spend": "besteden",
    "per": "per",
    # economy and region
    "region": "regio",
    "regional": "regionale",
    "area": "gebied regio",
    "economy": "economie",
    "economic": "economische",
    "industry": "industrie maakindustrie",
    "manufacturing": "maakindustrie",
    "manufacturing industry": "maakindustrie",
    "sector": "sector",
    "sectors": "sectoren",
    "employment": "werkgelegenheid",
    "jobs": "banen werkgelegenheid",
    "labour market": "arbeidsmarkt",
    "labor market": "arbeidsmarkt",
    "workers": "werknemers personeel",
    "staff": "personeel",
    "knowledge": "kennis",
    "knowledge centre": "kenniscentrum",
    "knowledge center": "kenniscentrum",
    "logistics": "logistiek",
    "logistic": "logistiek",
    "chemistry": "chemie",
    "chemical": "chemie",
    "green": "groene",
    "energy": "energie",
    "sustainable": "duurzame",
    "hydrogen": "waterstof",
    "innovation": "innovatie",
    "innovative": "innovatieve",
    "network": "netwerk",
    "networking": "netwerk",
    "connection": "verbinding",
    "communication": "communicatie",
    "branding": "branding",
    "marketing": "marketing",
    "website": "website",
    "year": "jaar",
    "years": "jaren",
    "new": "nieuwe",
    "important": "belangrijk belangrijke",
    "main": "belangrijkste",
}

_PHRASES = sorted((k for k in GLOSSARY if " " in k), key=len, reverse=True)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def is_english(question: str) -> bool:
    """Does the question read as English rather than Dutch?"""
    words = _WORD.findall(fold(question))
    en = sum(w in _EN_MARKERS for w in words)
    nl = sum(w in _NL_MARKERS for w in words)
    return en >= 1 and en > nl


def to_dutch(question: str) -> str:
    """The question with known English words and phrases replaced by Dutch ones (unchanged if not English).

    Where the glossary gives several Dutch words they are joined by "|": alternatives, of which
    the documents need to hold only one (:func:`index.analysis.query_terms`).
    """
    if not is_english(question):
        return question
    text = fold_spaces(question)
    for phrase in _PHRASES:
        text = re.sub(rf"\b{re.escape(phrase)}\b", _alternatives(GLOSSARY[phrase]), text)
    return _WORD.sub(lambda m: _alternatives(GLOSSARY.get(m.group(0), m.group(0))), text)


def _alternatives(dutch: str) -> str:
    """Several Dutch words for one English word are alternatives: "geld middelen" -> "geld|middelen"."""
    return "|".join(dutch.split())
