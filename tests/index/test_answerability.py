"""Answerability: a passage on the topic is not an answer unless it holds what the question pins down."""

from __future__ import annotations

import pytest

from index import Library
from index.answerability import (
    _amount,
    answer_type,
    asked_kind,
    counted_noun,
    money_question,
    pinned_names,
    purpose_words,
    topic_words,
)
from tests.conftest import built_library, make_config

pytestmark = pytest.mark.unit

TEXT = (
    "Financiering\n\nDe gemeenten Emmen, Coevorden en Hoogeveen betalen samen 1,00 euro per inwoner per jaar aan het "
    "programmabureau van Dutch TechZone.\n\n"
    "Campus\n\nIn Emmen ontwikkelen onderwijs en bedrijven samen de Greenwise-campus voor de maakindustrie.\n\n"
    "Overleg\n\nHet programmateam overlegt elke maand met de partners over de voortgang van de projecten."
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel betalen de gemeenten?", "amount"),
        ("Wat kost de campus?", "amount"),
        ("Met hoeveel stemmen is de motie aangenomen?", "amount"),
        ("Wat was de begroting van DTZ in 2019?", "amount"),
        ("How much do the municipalities pay?", "amount"),
        ("Wanneer gaat de campus open?", "date"),
        ("En sinds wanneer doet Emmen mee?", "date"),
        ("When was the agreement signed?", "date"),
        # "wanneer" with "ik", "je", "u" asks in which case, not on which date
        ("Wanneer heb ik recht op een uitkering?", None),
        ("Wanneer moet je een vergunning aanvragen?", None),
        ("When do I need a permit?", None),
        ("Hoe vaak overlegt het programmateam?", "frequency"),
        ("Wie is de voorzitter?", "person"),
        ("Wat vond de gemeenteraad van Coevorden van het jaarplan?", "opinion"),
        ("What do the parties think of the plan?", "opinion"),
        ("Wat heeft de raad besloten over de verlenging?", "decision"),
        ("Welke politieke partijen steunen DTZ?", "party"),
        ("Welke fracties dienden de motie in?", "party"),
        ("Which political parties support the plan?", "party"),
        # the parties to a cooperation or an agreement are its partners, not political parties
        ("Welke partijen werken samen in DTZ?", None),
        ("Wat is Dutch TechZone?", None),
    ],
)
def test_answer_types(question: str, kind: str | None) -> None:
    assert answer_type(question) == kind


def test_an_english_questions_names_are_not_its_english_words() -> None:
    from index.answerability import _english_names

    assert _english_names("What share of residents in Amsterdam feels lonely?") == set()  # a name to check
    assert _english_names("What is the Logistics Knowledge Centre?") == {"logistics", "knowledge", "centre"}
    assert _english_names("When do Ukrainian refugees pay?") == {"ukrainian"}  # the documents say "Oekraïense"


def test_pinned_names_are_names_and_years_not_question_words() -> None:
    assert pinned_names("Waarom doet de gemeente Aa en Hunze niet mee met DTZ?") == ["aa", "hunze", "dtz"]
    # what the knowledge base is about (common_names) is no name of another subject
    assert pinned_names("Waarom doet de gemeente Aa en Hunze niet mee met DTZ?", frozenset({"dtz"})) == ["aa", "hunze"]
    assert pinned_names("Wat vindt het CDA van de begroting 2026?") == ["cda", "2026"]
    assert pinned_names("Hoe ziet een objectID in het Zeeuwse systeem eruit?") == []  # an adjective, not a name


def judged(tmp_path, fake, name: str, text: str) -> Library:
    """A library on one document with the evidence threshold off: only the answerability judgement decides."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / name).write_text(text, encoding="utf-8")
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    return lib


def test_near_misses_are_refused_and_answers_kept(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "document.txt").write_text(TEXT, encoding="utf-8")
    # The evidence threshold off, so that only the answerability judgement decides (the fake embedder is weak).
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    assert lib.ask("Hoeveel betalen de gemeenten per inwoner?").answered
    assert lib.ask("Hoe vaak overlegt het programmateam met de partners?").answered
    refused = {
        "Wanneer gaat de Greenwise-campus in Emmen open?": "no date",  # on topic, but no date is given
        "Hoeveel kost de Greenwise-campus in Emmen?": "no amount",
        "Hoeveel betaalt de gemeente Aa en Hunze per inwoner?": "a municipality the document never names",
        "Wat betalen de gemeenten in 2019 per inwoner?": "a year the document never names",
    }
    for question, why in refused.items():
        answer = lib.ask(question)
        assert not answer.answered, (question, why)
        assert answer.passages  # the closest text is still there, to show as such


def test_the_highlight_is_the_line_that_answers(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "begroting.md",
        (
            "# Begroting 2024\n\nDe gemeenten betalen samen aan het programmabureau van Dutch TechZone.\n\n"
            "De bijdragen van de gemeenten zijn samen 261.050 euro. Hoogeveen betaalt 55.889 euro. "
            "Emmen betaalt 107.863 euro. Coevorden betaalt 35.769 euro.\n"
        ),
    )
    top = lib.ask("Hoeveel betaalt de gemeente Emmen aan DTZ?").passages[0]
    assert top.highlight == "Emmen betaalt 107.863 euro."  # the amount for the asked municipality, not the first amount
    assert lib.ask("Wie betaalt er aan het programmabureau?").passages[0].highlight == (
        "De gemeenten betalen samen aan het programmabureau van Dutch TechZone."
    )


def test_the_highlight_names_who_and_enumerates_what_is_asked(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "organisatie.md",
        (
            "# Organisatie\n\nDe Program Board van DTZ komt vier keer per jaar bijeen. Peter Cool, voorzitter Program Board. "
            "De Program Board bespreekt de voortgang van DTZ.\n\n"
            "# Gemeenten\n\nDe gemeenten van DTZ werken nauw samen. In DTZ werken Coevorden, Emmen, Hardenberg en "
            "Hoogeveen samen. De gemeenten van DTZ delen de kosten.\n"
        ),
    )
    chair = lib.ask("Wie is de voorzitter van de Program Board?").passages[0]
    assert chair.highlight == "Peter Cool, voorzitter Program Board."
    members = next(p for p in lib.ask("Welke gemeenten werken samen in DTZ?").passages if "Hardenberg" in p.chunk.text)
    assert members.highlight == "In DTZ werken Coevorden, Emmen, Hardenberg en Hoogeveen samen."


@pytest.mark.parametrize(
    ("question", "noun", "money"),
    [
        ("Hoeveel bedrijven doen mee aan de hub?", "bedrijven", False),
        ("Hoeveel betaalt Emmen aan DTZ?", None, True),
        ("Hoeveel geld draagt het Rijk bij?", None, True),  # a quantity, not things to count
        ("Hoeveel subsidie krijgt de hub?", None, True),
        ("Hoeveel windenergie wordt er in 2030 opgewekt?", None, False),
        ("Hoeveel ingevulde vragenlijsten zijn nodig?", "vragenlijsten", False),  # past the adjective
        ("Hoeveel ruimte is er op het terrein?", None, False),
        ("Hoeveel jaar loopt het programma?", "jaar", False),
        ("What does a monthly subscription cost?", None, True),  # English: "kosten"
        ("Wat kost een lidmaatschap?", None, True),
        ("Hoeveel procent van de banen zit in de industrie?", "procent", False),
        ("Hoeveel fte heeft het bureau?", "fte", False),
        ("Hoeveel is er in 2021 uitgegeven?", None, True),
        ("Hoeveel gemeenten doen mee?", "gemeenten", False),
    ],
)
def test_what_an_amount_question_counts(question: str, noun: str | None, money: bool) -> None:
    assert counted_noun(question) == noun
    assert money_question(question) is money


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("Hoeveel bedrijven doen mee aan de hub?", "Aan de hub doen 35 bedrijven mee.", True),
        ("Hoeveel bedrijven doen mee aan de hub?", "De hub opende in 2024 met vier partners.", False),  # no count of bedrijven
        ("Hoeveel gemeenten doen mee?", "Vijf gemeenten werken samen.", True),
        ("Hoeveel pijlers had DTZ?", "De focus lag op een viertal pijlers.", True),  # "viertal" is a count
        ("Hoeveel betaalt Emmen?", "Bijdragen gemeenten: Emmen 107.863", True),
        ("Hoeveel betaalt Emmen?", "4. HOE GAAN WE HET BETALEN?", False),  # a section number is no sum
        ("Wat kost de campus?", "De campus telt 3 gebouwen.", False),  # a count is no price
        ("Hoeveel procent van de banen zit in de industrie?", "De industrie telt 12.000 banen.", False),
        ("Hoeveel procent van de banen zit in de industrie?", "Ruim 20% van de banen is in de industrie.", True),
        ("Hoeveel rente rekenen gemeenten?", "Het rentepercentage is 2%.", True),
        ("Hoeveel jaar loopt het programma?", "Het programma loopt vier jaar.", True),
        ("Voor hoeveel asielopvangplekken zijn plannen ingediend?", "Er zijn plannen voor ca. 90.000 plekken.", True),
        ("Met hoeveel stemmen is de motie aangenomen?", "De motie is aangenomen.", False),
        ("Hoeveel gemeenten doen mee?", "De indicatoren worden per gemeente vastgesteld voor een gemeente.", False),
        ("Hoeveel gemeenten doen mee?", "Eén gemeente doet mee.", True),
        ("Hoeveel uur duurt het overleg?", "Het overleg duurt een uur.", True),  # a measure: "een uur" is one
        ("Hoeveel ingevulde vragenlijsten zijn nodig?", "De ondergrens is 475 volledige afgeronde vragenlijsten.", True),
        ("Hoeveel windenergie wordt er in 2030 opgewekt?", "Het doel is 400 GWh in 2030.", True),
        ("Hoeveel mensen kwamen hun zienswijze toelichten?", "Ongeveer vijftig indieners kwamen.", True),  # people
        ("Hoeveel mensen kwamen hun zienswijze toelichten?", "Dat was op 22 maart.", False),
    ],
)
def test_an_amount_answers_only_when_it_is_the_amount_asked_for(question: str, text: str, answers: bool) -> None:
    from index.analysis import fold_spaces

    assert _amount(question, text, fold_spaces(text)) is answers


def test_a_name_no_document_holds_is_another_subject_unless_most_documents_hold_it(tmp_path, fake) -> None:
    files = {
        "windbeleid.txt": "Windbeleid\n\nIn Overijssel staan 120 windturbines in de voorkeursgebieden van de provincie. "
        "Er doen 25 gemeenten mee aan het windbeleid.\n",
        "zon.txt": "Zon op land\n\nDe provincie Overijssel wil geen zonnepanelen op landbouwgrond.\n",
    }
    lib = built_library(tmp_path, fake, files, search={"min_evidence": 0.0})
    assert lib.ask("Hoeveel windturbines staan er in de voorkeursgebieden van Overijssel?").answered
    assert lib.ask("How many municipalities are there in Overijssel?").answered
    # Drenthe, the bundled knowledge base's province, is a name like any other where no document holds it
    for other in (
        "Hoeveel windturbines staan er in de voorkeursgebieden van Drenthe?",
        "How many municipalities are there in Amsterdam?",
    ):
        answer = lib.ask(other)
        assert not answer.answered and answer.passages, other


def test_a_number_of_another_year_does_not_answer_a_question_about_this_year(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "jaarverslag.txt",
        (
            "Bureau\n\nIn 2022 werkten er 3 fte op het programmabureau van Dutch TechZone.\n\n"
            "Vooruitblik\n\nIn 2025 wordt de samenwerking van de gemeenten verlengd.\n"
        ),
    )
    assert lib.ask("Hoeveel fte werkten er in 2022 op het programmabureau?").answered
    later = lib.ask("Hoeveel fte werken er in 2025 op het programmabureau?")
    assert not later.answered and later.passages  # 2025 is in the document, but the 3 fte are of 2022


def test_who_is_the_role_needs_a_name_beside_that_role(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "verslag.txt",
        (
            "Program Board\n\nDe Program Board wordt voorgezeten door Peter Cool, voorzitter van de Program Board.\n\n"
            "Campus\n\nDe wethouder van Emmen opende in 2024 de nieuwe campus voor de regio.\n"
        ),
    )
    assert lib.ask("Wie is de voorzitter van de Program Board?").answered
    assert lib.ask("Who is the chairman of the Program Board?").answered  # the role in English
    named_nobody = lib.ask("Wie is de wethouder van Emmen?")
    assert not named_nobody.answered and named_nobody.passages  # the role is there, no name beside it
    then = lib.ask("Wie was in 2024 de wethouder van Emmen?")  # a year between: the same role asked
    assert not then.answered and then.passages


def test_the_name_must_belong_to_the_role_asked(tmp_path, fake) -> None:
    letter = (
        "Brief\n\nWij sturen u het jaarverslag van de samenwerking in de regio.\n\n"
        "Hoogachtend, burgemeester en wethouders van Emmen, de gemeentesecretaris, M. Jansen, de burgemeester, "
        "P. de Vries\n"
    )
    lib = judged(tmp_path, fake, "brief.txt", letter)
    # "burgemeester en wethouders" is the college, and the names after it are the secretary's and the mayor's
    assert not lib.ask("Wie is de wethouder van Emmen?").answered
    assert lib.ask("Wie is de gemeentesecretaris van Emmen?").answered
    assert lib.ask("Wie is de burgemeester van Emmen?").answered
    for other in ("Wie is de burgemeester van Groningen?", "Who is the mayor of Groningen?"):
        elsewhere = lib.ask(other)
        assert not elsewhere.answered and elsewhere.passages  # Emmen's mayor is not Groningen's
    (tmp_path / "b").mkdir()
    opened = judged(tmp_path / "b", fake, "campus.txt", "Campus\n\nJan de Boer, wethouder van Emmen, opende de campus.\n")
    assert opened.ask("Wie is de wethouder van Emmen?").answered  # the name before the role counts as well


def test_a_count_for_another_municipality_does_not_answer(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "2025-coevorden-raadsbrief.txt",
        (
            "Program Board\n\nTwee ondernemers uit onze gemeente hebben zitting in de Program Board van DTZ.\n\n"
            "Partners\n\nDe gemeenten Coevorden, Emmen, Hardenberg en Hoogeveen werken samen in DTZ, met steun van OCW.\n\n"
            "Brief\n\nDe vragen zijn op 6 november 2024 aan de minister van Onderwijs, Cultuur en Wetenschap gestuurd.\n"
        ),
    )
    # "onze gemeente" in Coevorden's letter: the document says whose
    assert lib.ask("Hoeveel ondernemers uit Coevorden zitten in de Program Board?").answered
    emmen = lib.ask("Hoeveel ondernemers uit Emmen zitten in de Program Board?")
    assert not emmen.answered and emmen.passages  # Emmen is in the letter, but the two are Coevorden's
    assert lib.ask("Wanneer zijn de vragen aan de minister van OCW gestuurd?").answered  # OCW written out


def test_a_decision_or_a_view_must_be_stated_as_one(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "verslag.txt",
        (
            "Campus\n\nDe gemeenteraad van Emmen besprak in juni de nieuwe campus voor techniek en onderwijs.\n\n"
            "Verlenging\n\nDe gemeenteraad van Hoogeveen heeft besloten de samenwerking met DTZ te verlengen.\n"
        ),
    )
    assert lib.ask("Wat heeft de gemeenteraad van Hoogeveen besloten over de samenwerking?").answered
    discussed = lib.ask("Wat heeft de gemeenteraad van Emmen besloten over de campus?")
    assert not discussed.answered and discussed.passages  # discussed is not decided
    assert not lib.ask("Wat vond de gemeenteraad van Emmen van de campus?").answered  # nor a view


def test_a_question_for_political_parties_needs_a_party_named(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "verslag.txt",
        (
            "Samenwerking\n\nAlle betrokken partijen in Hoogeveen steunen de samenwerking in Dutch TechZone.\n\n"
            "Motie\n\nDe motie over de campus in Emmen is ingediend door de fracties van VVD en D66 en kreeg steun.\n"
        ),
    )
    partners = lib.ask("Welke politieke partijen in Hoogeveen steunen de samenwerking?")
    assert not partners.answered and partners.passages  # the partners of a cooperation are no political parties
    assert lib.ask("Welke politieke partijen steunen de motie over de campus?").answered


def test_a_decision_must_be_about_what_the_question_asks(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "raadsbrief.txt",
        (
            "Raadsbrief DTZ\n\nRekenkameronderzoek\n\nDe rekenkamer van Emmen heeft onderzoek gedaan naar DTZ. De resultaten worden "
            "later aan de gemeenteraad aangeboden. Het onderzoek keek naar de sturing.\n\n"
            "Verlenging\n\nDe gemeenteraad van Emmen heeft besloten de samenwerking in DTZ te verlengen. De nieuwe "
            "overeenkomst loopt tot 2025. Alle partners tekenden de overeenkomst in juni.\n"
        ),
    )
    assert topic_words("Wat heeft de raad besloten over de toetreding van Borger-Odoorn?") == ["toetreed", "borger", "odoorn"]
    assert topic_words("Wat vond de gemeenteraad van Coevorden van het jaarplan 2025?") == ["jaarplan"]
    assert lib.ask("Wat heeft de gemeenteraad van Emmen besloten over de samenwerking?").answered
    other = lib.ask("Wat heeft de gemeenteraad van Emmen besloten over het rekenkameronderzoek?")
    assert not other.answered and other.passages  # a decision on the cooperation is none on the research


def test_a_sum_must_be_for_what_the_question_asks_it_for(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "begroting.txt",
        (
            "Financiering\n\nHet programma voor bedrijven wordt betaald door de overheid. De gemeenten dragen 1,00 euro per "
            "inwoner bij.\n\n"
            "Marketing\n\nVoor marketing en communicatie is in de begroting 66.690 euro opgenomen.\n"
        ),
    )
    dtz = frozenset({"dtz", "dutch", "techzone"})
    assert purpose_words("Wat kost het een bedrijf om lid te worden van Dutch TechZone?", dtz) == ["lid"]
    assert purpose_words("Hoeveel geld gaat er naar branding en marketing?") == ["branding", "marketing"]
    assert purpose_words("Hoeveel betaalt de gemeente Emmen aan DTZ?", dtz) == []  # the cooperation itself pins nothing
    assert lib.ask("Hoeveel geld gaat er naar marketing?").answered
    fee = lib.ask("Wat kost het een bedrijf om lid te worden van het programma?")
    assert not fee.answered and fee.passages  # the municipalities' contribution is no membership fee


def test_who_pays_most_is_read_from_the_amounts(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "begroting-2022.txt",
        (
            "Samenwerking\n\nDe gemeenten Emmen, Hoogeveen en Coevorden betalen ook in 2024 mee aan het programma van DTZ.\n\n"
            "Begroting 2022\n\nBijdragen gemeenten 2022: Emmen 107.863 euro, Hoogeveen 55.889 euro, Coevorden 35.505 euro.\n"
        ),
    )
    assert asked_kind("Welke gemeente betaalt het meest aan DTZ?") == "amount"
    assert asked_kind("Welke gemeente doet het meest aan techniekonderwijs?") is None  # no sum of money
    most = lib.ask("Welke gemeente betaalt in 2022 het meest aan DTZ?")
    assert most.answered and "107.863" in (most.passages[0].highlight or "")
    other = lib.ask("Welke gemeente betaalt in 2024 het meest aan DTZ?")
    assert not other.answered and other.passages  # the sums of 2022 say nothing about 2024


def test_a_sum_answers_the_money_words_of_the_question_however_they_are_written(tmp_path, fake) -> None:
    # "betaalt" is no word of the documents (they have "betalen", "bijdragen") and so weighs as a rare one;
    # the sum answers it, and the rest of the question ("Hoogeveen", "jaar") decides
    lib = judged(
        tmp_path,
        fake,
        "jaarplan.txt",
        (
            "Begroting\n\nDe lasten worden evenredig verdeeld over de partners van het programma.\n"
            "Bijdragen gemeenten 261.050 Hoogeveen 55.889\nEmmen 107.863\nCoevorden 35.505\n\n"
            "Jaarplan\n\nElk jaar maakt het programmabureau een jaarplan; ieder jaar volgt een jaarverslag.\n\n"
            "Campus\n\nIn Emmen ontwikkelen onderwijs en bedrijven samen de Greenwise-campus voor de maakindustrie.\n"
        ),
    )
    answer = lib.ask("Hoeveel betaalt Hoogeveen per jaar?")
    assert answer.answered and any("55.889" in (p.highlight or "") for p in answer.passages)
    other = lib.ask("Hoeveel betaalt Hardenberg per jaar?")
    assert not other.answered  # a municipality the document never names
    assert lib.ask("Hoeveel geld kost het?").answered  # nothing but money words: the sum answers all of them


def test_a_name_belongs_to_the_role_next_to_it() -> None:
    from index.answerability import _named_beside

    asked = "wie is de wethouder van emmen?"
    assert _named_beside("Wethouder Jan de Boer opende de campus.", "wethouder", asked)
    assert _named_beside("De wethouder, Jan de Boer, opende de campus.", "wethouder", asked)
    assert not _named_beside("Burgemeester Jan Jansen en de wethouder tekenden het plan.", "wethouder", asked)
    assert not _named_beside("De gemeentesecretaris, Marie Jansen, en de wethouder tekenden.", "wethouder", asked)
    # a name that starts inside a word ("Willem" of "Jan-Willem") is counted from that word
    assert not _named_beside("Jan-Willem de Vries (gedeputeerde) en de wethouder openden de campus.", "wethouder", asked)


def test_a_date_must_be_of_the_event_asked_for(tmp_path, fake) -> None:
    lib = judged(
        tmp_path,
        fake,
        "2021-emmen-raadsbrief.txt",
        (
            "Gemeente Emmen\n\nAan de raad van de gemeente Emmen ons kenmerk 21.000626 datum telefoon 19 mei 2021 "
            "onderwerp Jaarverslag 2020 DTZ\n\n"
            "Samenwerking\n\nSinds 2018 werken de gemeenten Emmen, Hardenberg, Hoogeveen en Coevorden samen in DTZ. "
            "Het samenwerkingsverband is destijds opgezet om de werkgelegenheid te stimuleren. DTZ richt zich op "
            "de maakindustrie.\n\n"
            "Toetreding\n\nBorger-Odoorn is op 1 januari 2023 toegetreden tot DTZ.\n"
        ),
    )
    assert lib.ask("Wanneer is Borger-Odoorn toegetreden?").answered
    assert lib.ask("Wanneer is het samenwerkingsverband opgezet?").answered
    # the letter's date, a year beside "Emmen" with another thing set up, "richt zich op": none says when Emmen was
    answer = lib.ask("Wanneer is de gemeente Emmen opgericht?")
    assert not answer.answered
    assert answer.passages
