"""Titles a person would write: parliamentary papers, printed spreadsheets, Word title blocks and cover pages."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from index import load_config
from index.metadata import looks_like_title
from index.reading import read_document
from tests.conftest import DATA, ROOT

CONFIG = load_config(ROOT / "config.yaml")


def read(path: Path):  # -> DocumentRead
    return read_document(path.name, path, CONFIG)


def _docx(path: Path, paragraphs: list[str], author: str = "") -> Path:
    """A Word document made by python-docx: these paragraphs, and the author in its properties."""
    document = docx.Document()
    document.core_properties.author = author
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_kamerstuk_is_titled_by_its_dossier_kind_and_number() -> None:
    doc = read(DATA / "kamerstuk-verslag.pdf")
    assert doc.meta.title == "Regionale economie. Verslag van een schriftelijk overleg (Kamerstuk 36 410, nr. 12)"
    assert dict(doc.derived_from)["title"] == "the Kamerstuk heading"
    assert doc.meta.date == "2025-03-14" and doc.meta.type == "verslag"


def test_a_motion_is_titled_by_its_movers_and_html_comments_are_not_text(tmp_path: Path) -> None:
    page = tmp_path / "kst-36100-7.html"
    page.write_text(
        "<html><head><meta name='DC.title' content='Motie van het lid Jansen over de regio'/></head><body>"
        "<div id='kopregel'><!--EINDE kopregel--></div><div id='broodtekst'>"
        "<h1 class='dossiertitel'>36 100 Regionale ontwikkeling</h1>"
        "<h1 class='stuktitel'>Nr. 7 MOTIE VAN HET LID JANSEN</h1>"
        "<p>Voorgesteld 3 april 2025</p><p>De Kamer, gehoord de beraadslaging, verzoekt de regering de regio te steunen.</p>"
        "<p>Jansen</p></div></body></html>",
        encoding="utf-8",
    )
    doc = read(page)
    assert doc.meta.title == "Motie van het lid Jansen (Kamerstuk 36 100, nr. 7)"  # the case the text writes names in
    assert doc.meta.date == "2025-04-03"
    assert not any("EINDE" in c.text for c in doc.chunks)


def test_a_printed_spreadsheet_is_titled_by_its_workbook_name() -> None:
    doc = read(DATA / "prijzenlijst.pdf")
    assert doc.meta.title == "Bijlage 2 Prijzenlijst onderhoud"


def test_a_word_title_block_at_the_top_is_the_title(tmp_path: Path) -> None:
    document = docx.Document()
    box = document.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.paragraphs[0].add_run("Licentie voor het gebruik van").bold = True
    for line in ("de Zoekapplicatie", "versie 2.1"):
        para = cell.add_paragraph()
        para.add_run(line).bold = True
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading("Definities", level=1)
    document.add_paragraph("In deze licentie wordt verstaan onder het Werk: de applicatie en de documentatie.")
    path = tmp_path / "licentie.docx"
    document.save(str(path))
    assert read(path).meta.title == "Licentie voor het gebruik van de Zoekapplicatie versie 2.1"


def test_a_cover_title_takes_its_subtitle_in_large_type(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Burgerpeiling"  # a shorter file-property title loses to the page
    document.add_heading("Burgerpeiling ‘Waar staat je gemeente’", level=1)
    document.add_paragraph().add_run("Richtlijnen voor de afname van de vragenlijst").font.size = Pt(18)
    document.add_paragraph("©Vereniging van Nederlandse Gemeenten, Den Haag, 11/08/2022")
    document.add_heading("Inleiding", level=1)
    document.add_paragraph("Dit protocol bevat de richtlijnen voor het afnemen van de vragenlijst.")
    path = tmp_path / "protocol.docx"
    document.save(str(path))
    doc = read(path)
    assert doc.meta.title == "Burgerpeiling 'Waar staat je gemeente'. Richtlijnen voor de afname van de vragenlijst"
    assert doc.meta.date == "2022-08-11"


def test_a_plain_heading_is_not_joined_with_body_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Netwerkplan 2025", level=1)
    document.add_paragraph("Het netwerkplan beschrijft de verbindingen tussen de partners in de regio.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert read(path).meta.title == "Netwerkplan 2025"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Bijlage 3 Conformiteitenlijst Programma van Eisen", True),
        ("Bijlage 3", False),
        ("Bijlagen: 2", False),
        ("Bijlagen", False),
        ("Inhoudsopgave", False),
        ("Aan Provinciale Staten", False),  # the addressee of a proposal
        ("Aan de leden van de gemeenteraad", False),
        ("Aanpassing van de verordening windenergie", True),
        ("ID: EAPK_85A44C13_58A2_4367_9A13_821BDB12E3B5", False),  # an object's identifier
        ("Leeswijzer", False),
    ],
)
def test_an_annex_with_a_name_is_a_title_a_bare_label_is_not(text: str, title: bool) -> None:
    assert looks_like_title(text) is title


@pytest.mark.parametrize(
    ("prop_title", "date"),
    [
        ("Jaarstukken 2023 concept 22022024", "2024-02-22"),  # DDMMYYYY: the only reading that is a date
        ("Verslag 20240315 definitief", "2024-03-15"),  # YYYYMMDD
        ("Notitie van 3 april 2023", "2023-04-03"),
        ("Begroting 12345678", ""),  # eight digits that are no date
        ("Kenmerk 2024.0011223", ""),
    ],
)
def test_a_date_in_the_files_title_property_is_the_date_when_the_text_has_none(prop_title: str, date: str) -> None:
    from index.metadata import resolve
    from index.models import Block

    blocks = [Block("Jaarstukken 2023", "heading", page=1), Block("Een jaar waarin veel gebeurde in de provincie.", page=1)]
    meta, _, derived_from = resolve("jaarstukken.pdf", Path("jaarstukken.pdf"), {}, {"title": prop_title}, blocks)
    assert meta.date == date
    if date:  # read off the property, directly or as the title it gave the document
        assert dict(derived_from)["date"] in ("the title in the file properties", "title")


def test_a_month_on_the_title_page_wins_over_a_date_in_the_title_property() -> None:
    from index.metadata import resolve
    from index.models import Block

    blocks = [Block("Jaarverslag 2024", "heading", page=1), Block("maart 2025", page=1)]
    props = {"title": "Jaarverslag concept 22022024"}  # left over from an earlier draft
    meta, _, derived_from = resolve("jaarverslag.pdf", Path("jaarverslag.pdf"), {}, props, blocks)
    assert meta.date == "2025-03" and dict(derived_from)["date"] == "month on the first page"


@pytest.mark.parametrize(
    ("closing", "sender"),
    [
        ("Namens het bestuur van de Nederlandse Vereniging voor Burgerzaken,", "Nederlandse Vereniging voor Burgerzaken"),
        (
            "Met vriendelijke groet, namens het college van burgemeester en wethouders van Emmen,",
            "college van burgemeester en wethouders van Emmen",
        ),
        ("namens mij,", ""),  # no name
        ("Namens de gemeente <GEMEENTE>,", ""),  # a template
    ],
)
def test_who_a_letter_is_signed_for_is_its_sender(tmp_path: Path, closing: str, sender: str) -> None:
    lines = [
        "Evaluatie van de verkiezingen",
        "Geachte minister,",
        "Met deze brief geven wij u onze evaluatie van de verkiezingen van dit voorjaar.",
        "De software werkte goed; de ondersteuning van de gemeenten kan beter.",
        "Met vriendelijke groet,",
        closing,
        "S.A.J. Rijsdijk",
        "Voorzitter",
    ]
    doc = read(_docx(tmp_path / "brief.docx", lines, "srijsdijk"))
    assert doc.meta.sender == sender
    assert dict(doc.derived_from).get("sender", "") == ("signature" if sender else "")


@pytest.mark.parametrize(
    ("author", "sender"),
    [
        ("peykelen", ""),  # a login name
        ("Manna, N.S.K. (Naween)", ""),  # the person who saved the file
        ("a.p.jansen@zeeland.nl", ""),
        ("Gemeente Emmen", "Gemeente Emmen"),
        ("Provincie Drenthe, afdeling Economie", "Provincie Drenthe, afdeling Economie"),
        ("Adviescollege ICT-toetsing", "Adviescollege ICT-toetsing"),  # a body by the head of its name
        ("Kiesraad", "Kiesraad"),
    ],
)
def test_a_files_author_is_the_sender_only_when_it_names_a_body(tmp_path: Path, author: str, sender: str) -> None:
    lines = [
        "Notitie over de regionale samenwerking in de maakindustrie.",
        "De partners werken samen aan onderwijs en innovatie.",
    ]
    doc = read(_docx(tmp_path / "notitie.docx", lines, author))
    assert doc.meta.sender == sender
    assert ("sender" in dict(doc.derived_from)) == bool(sender)


def test_a_body_named_on_the_first_page_is_the_sender(tmp_path: Path) -> None:
    lines = [
        "Directoraat-Generaal Migratie",
        "Contourennota opvang",
        "Het kabinet werkt aan een nieuw stelsel voor de opvang van asielzoekers in gemeenten.",
    ]
    doc = read(_docx(tmp_path / "nota.docx", lines, "jdevries"))
    assert doc.meta.sender == "Directoraat-Generaal Migratie"
    assert dict(doc.derived_from)["sender"] == "first page"


@pytest.mark.parametrize(
    ("lines", "sender", "how"),
    [
        pytest.param(
            [
                "Richtlijnen voor de afname van de vragenlijst onder inwoners",
                "De vragenlijst wordt afgenomen onder een steekproef van inwoners van de gemeente.",
                "©Vereniging van Nederlandse Gemeenten, Den Haag, 11/08/2022",
            ],
            "Vereniging van Nederlandse Gemeenten",
            "copyright line",
            id="the rights holder",
        ),
        pytest.param(
            [
                "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                "Onderwerp: Wetenschapsbudget",
                "Hierbij stuur ik u de antwoorden op de vragen over het wetenschapsbudget van de universiteiten.",
                "De bekostiging van kleine opleidingen blijft een taak van de instellingen zelf.",
                "De Minister van Onderwijs, Cultuur en Wetenschap,",
                "E.E.W. Bruins",
            ],
            "Ministerie van Onderwijs, Cultuur en Wetenschap",
            "signature",
            id="a minister who signs names the ministry",
        ),
    ],
)
def test_the_rights_holder_or_a_signing_minister_is_the_sender(tmp_path: Path, lines: list[str], sender: str, how: str) -> None:
    doc = read(_docx(tmp_path / "document.docx", lines, "jdevries"))
    assert (doc.meta.sender, dict(doc.derived_from)["sender"]) == (sender, how)


def test_minutes_are_dated_by_their_meeting_day_and_a_type_word_in_a_sentence_names_nothing(tmp_path: Path) -> None:
    lines = [
        "Verslag bestuurlijk overleg windenergie",
        "Woensdag 20 maart 2024 09:00 – 10:30 uur",
        "Aanwezig: de gedeputeerde en de wethouders van de gemeenten in het zoekgebied.",
        "Samenvatting voor de openbare besluitenlijst: de afspraken over de zoekgebieden zijn vastgesteld.",
    ]
    doc = read(_docx(tmp_path / "overleg.docx", lines))
    assert (doc.meta.date, dict(doc.derived_from)["date"]) == ("2024-03-20", "date line")
    assert doc.meta.type == "verslag"  # from its title; the sentence about the besluitenlijst does not make it one
    note = read(_docx(tmp_path / "mandaat.docx", ["Mandaat voor de beantwoording van brieven", *lines[2:]]))
    assert note.meta.type == "other"


def test_the_letterhead_and_the_signing_body_name_the_sender_not_the_addressee(tmp_path: Path) -> None:
    letterhead = "Provincie Overijssel Luttenbergstraat 2 Postbus 10078 8000 GB Zwolle Telefoon 038 499 88 99 www.overijssel.nl"
    body = [
        "Onderwerp: Windbeleid",
        "Hierbij informeren wij u over het windbeleid van de provincie en de zienswijzen die zijn ingediend.",
        "In het eerste kwartaal informeren wij u over de voortgang van de regionale energiestrategie.",
    ]
    # The addressee stands first, then the sender's letterhead with its address and how to reach it.
    doc = read(_docx(tmp_path / "brief.docx", ["Provinciale Staten van Overijssel", letterhead, *body], "jdevries"))
    assert (doc.meta.sender, dict(doc.derived_from)["sender"]) == ("Provincie Overijssel", "letterhead")
    # No letterhead: the body that signs, before its officers.
    signed = ["Provinciale Staten van Overijssel", *body, "Gedeputeerde Staten van Overijssel, voorzitter, A.P. Heidema"]
    doc = read(_docx(tmp_path / "brief2.docx", signed, "jdevries"))
    assert (doc.meta.sender, dict(doc.derived_from)["sender"]) == ("Gedeputeerde Staten van Overijssel", "signature")


@pytest.mark.parametrize(
    ("lines", "title", "date", "derived"),  # title: "*" leaves a word open; derived: where each field was read
    [
        pytest.param(  # under the masthead and the session year
            [
                "Tweede Kamer der Staten-Generaal",
                "Vergaderjaar 2020–2021 32 545 Wet- en regelgeving financiële markten",
                "Nr. 143 MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS",
                "Voorgesteld 6 juli 2021",
                "De Kamer, gehoord de beraadslaging, verzoekt de regering een grens te stellen.",
                "Inge van Dijk",
                "Grinwis",
            ],
            "Motie van de leden Inge van Dijk en Grinwis (Kamerstuk 32 545, nr. 143)",
            "2021-07-06",
            {"title": "the Kamerstuk heading", "date": "date line", "type": "no type word found", "sender": "first page"},
            id="kamerstuk",
        ),
        pytest.param(  # the paper number and the date on one line
            [
                "35851-71 16 januari 2025",
                "Wijziging van de Wet Huis voor klokkenluiders",
                "MOTIE VAN DE LEDEN CHAKOR EN VAN NISPEN",
                "De Kamer, gehoord de beraadslaging, verzoekt de regering een centrale autoriteit aan te wijzen.",
                "Chakor",
            ],
            "Motie van de leden Chakor en * (Kamerstuk 35 851, nr. 71)",
            "2025-01-16",
            {"title": "the Kamerstuk heading", "date": "date on the first page", "type": "no type word found"},
            id="motion",
        ),
        pytest.param(  # questions with their answers: titled by the questions, dated by the answer
            [
                "Tweede Kamer der Staten-Generaal",
                "Vergaderjaar 2020–2021 Aanhangsel van de Handelingen",
                "Vragen van de leden Van Weyenberg en Kat (allen D66) aan de Minister over de TOZO (ingezonden 3 juni 2021).",
                "Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) (ontvangen 21 juni 2021).",
                "Vraag 1 Klopt het dat de rente 2% is?",
                "Antwoord 1 Ja.",
            ],
            "Vragen van de leden Van Weyenberg en Kat (allen D66) aan de Minister over de TOZO",
            "2021-06-21",
            {
                "title": "the questions' heading",
                "date": "date the answer was received",
                "type": "no type word found",
                "sender": "first page",
            },
            id="questions",
        ),
    ],
)
def test_parliamentary_papers_are_titled_and_dated_as_the_kamer_prints_them(
    tmp_path: Path, lines: list[str], title: str, date: str, derived: dict[str, str]
) -> None:
    doc = read(_docx(tmp_path / "paper.docx", lines))
    assert fnmatch.fnmatchcase(doc.meta.title, title), doc.meta.title
    assert doc.meta.date == date
    assert dict(doc.derived_from) == derived


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Tweede Kamer der Staten-Generaal", False),  # a masthead
        ("Gemeente Emmen", False),
        ("Ministerie van Volksgezondheid, Welzijn en Sport", False),
        ("nota a | 3879362-1068315-Z", False),  # a reference number
        ("fi Ey&", False),  # OCR debris from handwriting
        ("Jaarverslag 2023 gemeente Emmen", True),
        ("Gemeente Emmen Jaarverslag 2023", True),
    ],
)
def test_a_masthead_or_a_reference_is_not_a_title(text: str, title: bool) -> None:
    assert looks_like_title(text) is title


def test_a_ministerial_note_is_titled_by_the_line_under_the_word_nota(tmp_path: Path) -> None:
    doc = read(
        _docx(
            tmp_path / "beslisnota.docx",
            [
                "Ministerie van Onderwijs, Cultuur en Wetenschap",
                "TER BESLUITVORMING",
                "Aan: MPVO",
                "Via MOCW",
                "Datum 22 juni 2022",
                "nota",
                "Wetsvoorstel terugdringen verzuim",
                "Aanleiding De minister heeft toegezegd voor de zomer een wetsvoorstel te sturen.",
            ],
        )
    )
    assert (doc.meta.title, doc.meta.date) == ("Wetsvoorstel terugdringen verzuim", "2022-06-22")
    assert looks_like_title("Aan: MPVO") is False and looks_like_title("Via MOCW") is False


def test_a_legend_of_document_kinds_on_a_web_page_gives_no_title(tmp_path: Path) -> None:
    kinds = "".join(f"<h3>{k}</h3>" for k in ("Aangeboden", "Agenda", "Amendement", "Brief", "Besluit", "Memo", "Motie"))
    page = (
        "<html><head><title>Gemeenteraad 31 augustus 2015 19:30:00</title></head><body>"
        "<h1>Gemeenteraad 31 augustus 2015 19:30:00</h1><p>U bent hier: Vergaderingen » Gemeenteraad » 2015</p>"
        "<h2>Kijk of luister mee</h2><h2>Gemeenteraad 31 augustus 2015 19:30 uur</h2><h2>Legenda</h2>"
        f"{kinds}<h2>Agenda</h2><p>De raad vergadert over de jaarrekening en de kadernota van de gemeente.</p></body></html>"
    )
    path = tmp_path / "agenda.html"
    path.write_text(page, encoding="utf-8")
    # "Memo" over "Motie" in the legend is no note's kind over its subject: the page's own title is the title
    assert read(path).meta.title == "Gemeenteraad 31 augustus 2015 19:30:00"
