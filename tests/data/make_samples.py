"""Regenerate the sample documents in tests/data (committed; run by hand when they change).

    python tests/data/make_samples.py      # needs fpdf2 and odfpy (pip install fpdf2 odfpy)

PDFs are written by fpdf2, DOCX by python-docx, ODT by odfpy, so readers are tested on files made by real tools.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent


def multipage_pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 3, 1, tzinfo=UTC))
    pdf.set_title("Jaarverslag 2023 Dutch TechZone")
    pdf.set_author("Programmabureau Dutch TechZone")
    pages = [
        (
            "Inleiding",
            "Het programmabureau van Dutch TechZone ondersteunt de samenwerking tussen onderwijs, "
            "bedrijfsleven en overheden. In 2023 is het ecosysteem verder versterkt en zijn nieuwe partners "
            "aangesloten bij de maakindustrie in Zuidoost-Drenthe.",
        ),
        (
            "Financien",
            "De gemeenten betalen een bijdrage van EUR 1,50 per inwoner. De provincie Drenthe draagt "
            "het bedrag van 95.000 euro bij aan het programma. Het totale budget voor 2023 bedroeg 410.000 euro "
            "en is volledig besteed aan projecten en communicatie.",
        ),
        (
            "Vooruitblik",
            "In 2024 richt het programmabureau zich op de waterstofeconomie en op de "
            "arbeidsmarkt. Er worden drie nieuwe bedrijvenbijeenkomsten georganiseerd in Hoogeveen.",
        ),
    ]
    for n, (heading, body) in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 8, "Dutch TechZone - Jaarverslag 2023", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.cell(0, 10, heading.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 8, f"Pagina {n} van {len(pages)}")
    pdf.output(str(path))


def no_text_pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 150, 200, style="F")  # a "scan": graphics only, no text layer
    pdf.output(str(path))


def encrypted_pdf(source: Path, path: Path) -> None:
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="geheimer", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)


def sample_docx(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Netwerk- en verbindingsplan DTZ"
    document.core_properties.author = "Programmabureau Dutch TechZone"
    document.core_properties.created = datetime(2025, 2, 14, tzinfo=UTC)
    document.add_heading("Netwerk- en verbindingsplan", level=1)
    document.add_paragraph("Dit plan verbindt de hubs in de regio, zoals de IT-hub in Hoogeveen en de Greenwise-campus in Emmen.")
    document.add_heading("Doelgroepen", level=2)
    document.add_paragraph(
        "De communicatieboodschap richt zich op studenten, werkzoekenden en ondernemers die willen investeren in de regio."
    )
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Hub"
    table.cell(0, 1).text = "Plaats"
    table.cell(1, 0).text = "Logistiek Kenniscentrum"
    table.cell(1, 1).text = "Coevorden"
    document.save(str(path))


def letter_pdf(path: Path) -> None:
    """A council letter: letterhead and reference block, salutation, body, a table, closing, signature, P.S."""
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_creation_date(datetime(2019, 1, 1, tzinfo=UTC))
    pdf.set_title("Microsoft Word - brief_def_v3.docx")  # a stale file-property title, as converters leave them
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(0, 9, "Gemeente Emmen", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for line in ("Raadhuisplein 1", "7811 AP Emmen", "Postbus 30001", "t. 14 0591"):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", size=10)
    for line in (
        "Raadsinformatiebrief",
        "Datum: 7 mei 2024",
        "Onderwerp: Jaarverslag 2023 en jaarplan 2024 Dutch TechZone",
        "Ons kenmerk: Z2024-0457",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "Geachte leden van de raad,", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for body in (
        "Met deze brief informeren wij u over het jaarverslag 2023 en het jaarplan 2024 van Dutch TechZone. "
        "In 2023 is de samenwerking tussen onderwijs, bedrijfsleven en overheden verder versterkt.",
        "Het programmabureau heeft in 2023 twaalf bijeenkomsten georganiseerd voor ondernemers in de maakindustrie "
        "en drie nieuwe partners verwelkomd in de regio.",
        "De gemeenten dragen samen bij aan het programmabureau; de bijdragen per gemeente staan in de tabel hieronder.",
    ):
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(60, 7, "Gemeente")
    pdf.cell(40, 7, "Jaar")
    pdf.cell(40, 7, "Bijdrage", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    people = {"Emmen": 107863, "Coevorden": 35769, "Hardenberg": 61992, "Hoogeveen": 55889, "Borger-Odoorn": 25758}
    for year in range(2019, 2025):
        for name, inhabitants in people.items():
            pdf.cell(60, 7, name)
            pdf.cell(40, 7, str(year))
            pdf.cell(40, 7, f"{inhabitants * (year - 2018) // 6:,}".replace(",", ".") + ",00", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Wij vertrouwen erop u hiermee voldoende te hebben geinformeerd.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for line in ("Met vriendelijke groet,", "burgemeester en wethouders van Emmen,", "J. Jansen, burgemeester"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0, 6, "P.S. De presentatie van het jaarplan volgt op 12 juni 2024 in het raadhuis.", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.output(str(path))


def report_pdf(path: Path) -> None:
    """A report: title page, table of contents, numbered headings, running header and footer, a paragraph over a page break."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pages: list[list[tuple[str, str]]] = [
        [("title", "Jaarplan 2025 Dutch TechZone"), ("text", "Programmabureau Dutch TechZone, januari 2025")],
        [("h1", "Inhoud"), ("toc", "1. Inleiding"), ("toc", "2. Financien"), ("toc", "2.1 Bijdragen van de gemeenten")],
        [
            ("h1", "1. Inleiding"),
            (
                "text",
                "Dutch TechZone is de samenwerking voor de maakindustrie in Zuidoost-Drenthe. Dit jaarplan beschrijft "
                "wat het programmabureau in 2025 doet en waarom.",
            ),
            ("h1", "2. Financien"),
            (
                "text",
                "Het programma wordt betaald door de gemeenten en de provincie. De begroting voor 2025 is "
                "sluitend en bevat een post voor onvoorziene uitgaven van tien procent van het totaal, zoals in de",
            ),
        ],
        [
            ("text", "samenwerkingsovereenkomst is afgesproken tussen alle partners van de regio."),
            ("h2", "2.1 Bijdragen van de gemeenten"),
            ("text", "De gemeenten betalen samen 1,00 euro per inwoner per jaar aan het programmabureau."),
        ],
    ]
    for n, page in enumerate(pages, start=1):
        pdf.add_page()
        if n > 1:
            pdf.set_font("Helvetica", size=8)
            pdf.cell(0, 6, "Jaarplan 2025 Dutch TechZone", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        for kind, text in page:
            if kind == "title":
                pdf.ln(60)
                pdf.set_font("Helvetica", style="B", size=26)
                pdf.multi_cell(0, 12, text, new_x="LMARGIN", new_y="NEXT")
            elif kind in ("h1", "h2"):
                pdf.set_font("Helvetica", style="B", size=14 if kind == "h1" else 12)
                pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
            elif kind == "toc":
                pdf.set_font("Helvetica", size=10)
                pdf.cell(
                    0,
                    6,
                    f"{text} {'.' * 40} {3 if text.startswith('1') else 3 if text == '2. Financien' else 4}",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
            else:
                pdf.set_font("Helvetica", size=10)
                pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
        if n > 1:
            pdf.set_y(-20)
            pdf.set_font("Helvetica", size=8)
            pdf.cell(0, 6, f"- {n} -")
    pdf.output(str(path))


def agreement_docx(path: Path) -> None:
    """An agreement: an article typed in a heading style, and a table between paragraphs."""
    document = docx.Document()
    document.add_heading("Samenwerkingsovereenkomst Dutch TechZone 2022-2025", level=1)
    document.add_paragraph("De partijen komen het volgende overeen.")
    document.add_heading(
        "Artikel 1. De partijen werken samen aan de economische structuurversterking van Zuidoost-Drenthe en "
        "dragen daartoe elk jaar bij aan het programmabureau volgens de verdeling in de tabel hieronder.",
        level=2,
    )
    table = document.add_table(rows=3, cols=2)
    for r, (name, share) in enumerate(
        [("Partij", "Bijdrage"), ("Gemeente Emmen", "107.863 euro"), ("Provincie Drenthe", "95.000 euro")]
    ):
        table.cell(r, 0).text = name
        table.cell(r, 1).text = share
    document.add_paragraph("Artikel 2. De overeenkomst loopt tot en met 31 december 2025.")
    document.save(str(path))


def spreadsheet_pdf(path: Path) -> None:
    """A workbook printed to PDF: the header carries the workbook's file name, the body is a grid."""
    pdf = FPDF(orientation="L")
    pdf.set_producer("Microsoft® Excel® 2016")
    pdf.set_creator("Microsoft® Excel® 2016")
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 6, "Bijlage 2 Prijzenlijst onderhoud.xlsx", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(0, 8, "Onderhoud en beheer van de systemen", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for row in (
        ("Nr", "Omschrijving", "Prijs per jaar"),
        ("1", "Beheer van de servers", "12.000"),
        ("2", "Ondersteuning gebruikers", "8.500"),
    ):
        pdf.cell(30, 7, row[0])
        pdf.cell(120, 7, row[1])
        pdf.cell(40, 7, row[2], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def kamerstuk_pdf(path: Path) -> None:
    """The first page of a parliamentary paper: dossier, number and kind, then the text."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(0, 7, "36 410 Regionale economie", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, "Nr. 12 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 7, "Vastgesteld 14 maart 2025", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6,
        "De vaste commissie voor Economische Zaken heeft vragen voorgelegd aan de minister over de regionale "
        "samenwerking van bedrijven, onderwijs en overheden in de maakindustrie. Het verslag van een schriftelijk "
        "overleg geeft de vragen en de antwoorden weer.",
    )
    # The parties' headings come back under the minister's reply (part II): the same heading, another speaker.
    pdf.add_page()
    parts = [
        (
            "I Vragen en opmerkingen uit de fracties",
            "De leden van de D66-fractie vragen of de regionale hubs ook na 2026 geld krijgen.",
        ),
        ("II Reactie van de minister van Economische Zaken", "De hubs krijgen tot en met 2027 een bijdrage uit het Regiofonds."),
    ]
    for part, text in parts:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(0, 8, part, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.cell(0, 8, "Inbreng van de leden van de D66-fractie", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, text + " Dit is het antwoord op de vraag over de regionale samenwerking in de maakindustrie.")
        pdf.ln(6)
    pdf.output(str(path))


def two_column_pdf(path: Path) -> None:
    """A newsletter page in two text columns, written line by line across both (as some layout programs do)."""
    import textwrap

    left = (
        "Dutch TechZone is de samenwerking van bedrijven, onderwijs en overheden in Zuidoost-Drenthe. "
        "In 2024 zijn er drie nieuwe hubs geopend in de regio. De hubs brengen studenten en bedrijven samen. "
        "Elke hub heeft een eigen thema, zoals logistiek of duurzame energie."
    )
    right = (
        "De financiering komt van de vijf gemeenten en de provincie. Elke gemeente betaalt een euro per inwoner. "
        "Het programmabureau verdeelt het geld over de projecten. Over de besteding verschijnt elk jaar een verslag."
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.text(20, 20, "Nieuwsbrief regio")
    pdf.set_font("Helvetica", size=10)
    lines_left, lines_right = textwrap.wrap(left, 42), textwrap.wrap(right, 42)
    for n in range(max(len(lines_left), len(lines_right))):
        if n < len(lines_left):
            pdf.text(20, 35 + n * 6, lines_left[n])
        if n < len(lines_right):
            pdf.text(110, 35 + n * 6, lines_right[n])
    pdf.output(str(path))


def _lines(pdf: FPDF, lines: tuple[str, ...], size: float, height: float, style: str = "") -> None:
    """Short lines, one cell each, in one font."""
    pdf.set_font("Helvetica", style=style, size=size)
    for line in lines:
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _paragraphs(pdf: FPDF, texts: tuple[str, ...], after: float = 2) -> None:
    """Body paragraphs in 10 pt, wrapped, with space after each."""
    pdf.set_font("Helvetica", size=10)
    for text in texts:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)


def two_page_letter_pdf(path: Path) -> None:
    """A letter scanned and read back by OCR: its header labels and values in one run, page 2 headed by the
    sender and the reference with "blad 2-2"."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2019, 1, 1, tzinfo=UTC))
    pdf.add_page()
    _lines(pdf, ("Raadhuisplein 1 Postbus 30001 7811 AP Emmen",), 9, 5)
    pdf.ln(20)
    _paragraphs(
        pdf,
        (
            "ons kenmerk zaaknummer behandeld door 361437-2024:912495 J. Pieters datum telefoon 10 december 2024 "
            "14 0591 onderwerp 'Toezeggingen commissie Bestuur en Middelen'",
        ),
        after=6,
    )
    _lines(pdf, ("Geachte commissieleden,",), 10, 6)
    pdf.ln(3)
    _paragraphs(
        pdf,
        (
            "In de commissievergadering van woensdag 4 december 2024 heb ik u een aantal toezeggingen gedaan. "
            "Drie toezeggingen doe ik graag af met de informatie in deze brief.",
            "De rapportagegrens in de financiele verordening betreft 400.000 euro. Om verwarring te voorkomen passen "
            "wij de verordening aan.",
        ),
    )
    pdf.add_page()
    _lines(pdf, ("Gemeente Emmen,", "361437-2024:912495", "blad 2-2"), 9, 5)
    pdf.ln(20)
    _paragraphs(
        pdf,
        (
            "De legesverordening is inmiddels gewijzigd en naar u verzonden. Voor 28 februari 2025 kom ik terug op "
            "de moederbepalingen.",
        ),
        after=3,
    )
    _lines(pdf, ("Hoogachtend,", "wethouder Financien,", "J. Bos"), 10, 6)
    pdf.output(str(path))


def motion_pdf(path: Path) -> None:
    """A motion as the Kamer prints it: masthead, dossier and number, the text running onto page 2, the movers'
    names in bold, the paper's identifier, ISSN and foot line on each page."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2019, 1, 1, tzinfo=UTC))

    def foot(lines: tuple[str, ...]) -> None:
        pdf.set_y(-30)
        _lines(pdf, lines, 7, 4)

    pdf.add_page()
    _lines(pdf, ("Tweede Kamer der Staten-Generaal",), 16, 10, "B")
    _lines(pdf, ("Vergaderjaar 2024-2025 28 286 Dierenwelzijn",), 10, 6)
    _lines(pdf, ("Nr. 1366 MOTIE VAN DE LEDEN HOLMAN EN VAN CAMPEN",), 12, 8, "B")
    _lines(pdf, ("Voorgesteld 5 december 2024",), 10, 6)
    pdf.ln(4)
    _paragraphs(
        pdf,
        (
            "De Kamer, gehoord de beraadslaging, constaterende dat er een tekort aan dierenartsen is;",
            "overwegende dat een hbo-opleiding tot paraveterinair kan bijdragen aan een betere taakverdeling;",
            "verzoekt de regering de benodigde wetswijzigingen te verkennen om paraveterinairen toe te staan "
            "specifieke handelingen zelfstandig uit te voeren,",
        ),
    )
    foot(("kst-28286-1366", "ISSN 0921 - 7371", "'s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2024-2025, 28 286, nr. 1366 1"))
    pdf.add_page()
    _lines(pdf, ("en gaat over tot de orde van de dag.",), 10, 6)
    pdf.ln(6)
    _lines(pdf, ("Holman", "Van Campen"), 12, 7, "B")
    foot(("Tweede Kamer, vergaderjaar 2024-2025, 28 286, nr. 1366 2",))
    pdf.output(str(path))


def margin_letter_pdf(path: Path) -> None:
    """An advice letter with its date and reference in a column in the right margin of every page, the text
    running on over the page breaks mid-sentence, as ministries and advisory boards print them."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2019, 1, 1, tzinfo=UTC))
    pdf.set_author("Adviescollege ICT-toetsing")
    body = (
        "Het project werkt met een functionaliteitenlijst, use cases, schermontwerpen, epics en verschillende "
        "software-architectuurdocumenten die samen de basis voor de bouw vormen.",
        "Het is niet inzichtelijk hoeveel tijd er nodig is voor het realiseren van het resterende werk, en daarmee "
        "is onzeker of de planning haalbaar is.",
        "Wij adviseren de minister om vast te leggen wanneer de nieuwe programmatuur goed genoeg is voor gebruik "
        "bij de verkiezingen.",
    )

    def margin() -> None:
        pdf.set_font("Helvetica", size=8)
        for y, text in ((30, "Datum"), (34, "8 december 2025"), (42, "Kenmerk"), (46, "2025-0000688710")):
            pdf.set_xy(160, y)
            pdf.cell(40, 4, text)
        pdf.set_xy(20, 30)

    pdf.set_left_margin(20)
    pdf.set_right_margin(60)
    for n in range(3):
        pdf.add_page()
        margin()
        if n == 0:
            _lines(pdf, ("Aan de minister van Binnenlandse Zaken", "Onderwerp Advies project Abacus"), 10, 6)
            pdf.ln(4)
            _lines(pdf, ("Geachte minister,",), 10, 6)
        else:
            _lines(pdf, ("resterende werk een vaste planning vraagt, zo stelt het college.",), 10, 6)
        _paragraphs(pdf, body)
        _lines(pdf, ("Het advies over de planning en de sturing van het project luidt dat het realiseren van het",), 10, 6)
    _lines(pdf, ("resterende werk een vaste planning vraagt.",), 10, 6)
    _lines(pdf, ("Met de meeste hoogachting,", "namens het Adviescollege ICT-toetsing,", "A. de Bruijn"), 10, 6)
    pdf.output(str(path))


def odt_document(path: Path) -> None:
    """An OpenDocument text made by odfpy: title in the file's metadata, a heading, a list, a table with a header
    row, a long paragraph in a heading style and text after the table."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Style
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, S, Span

    doc = OpenDocumentText()
    doc.meta.addElement(__import__("odf.dc", fromlist=["Title"]).Title(text="Raadsvoorstel bijdrage Dutch TechZone 2026"))
    doc.meta.addElement(__import__("odf.meta", fromlist=["InitialCreator"]).InitialCreator(text="jdevries"))
    heading_style = Style(name="P9", family="paragraph", parentstylename="Heading_20_2")
    doc.automaticstyles.addElement(heading_style)
    body = doc.text
    body.addElement(H(outlinelevel=1, text="Raadsvoorstel bijdrage Dutch TechZone 2026"))
    intro = P(text="Het college stelt de raad voor de bijdrage aan Dutch TechZone voor 2026 vast te stellen.")
    intro.addElement(S(c=2))
    intro.addElement(Span(text="De bijdrage volgt het aantal inwoners."))
    body.addElement(intro)
    body.addElement(H(outlinelevel=2, text="Beslispunten"))
    points = List()
    for text in ("de bijdrage voor 2026 vast te stellen op 112.000 euro;", "het college te vragen jaarlijks te rapporteren."):
        item = ListItem()
        item.addElement(P(text=text))
        points.addElement(item)
    body.addElement(points)
    body.addElement(P(stylename=heading_style, text="Financiën"))
    table = Table(name="Bijdragen")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    for cells in (("Gemeente", "Inwoners", "Bijdrage"), ("Emmen", "107.863", "112.000"), ("Coevorden", "35.769", "37.100")):
        row = TableRow()
        for value in cells:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    body.addElement(table)
    body.addElement(
        P(
            stylename=heading_style,
            text="De bijdrage wordt betaald uit de algemene reserve; het college informeert de raad in het jaarverslag "
            "over de besteding ervan en over de resultaten van de samenwerking in de regio.",
        )
    )
    body.addElement(P(text="Wij stellen u voor het bijgevoegde besluit te nemen."))
    doc.save(str(path))


def main() -> None:
    multipage_pdf(HERE / "jaarverslag-2023.pdf")
    no_text_pdf(HERE / "scan-zonder-tekst.pdf")
    encrypted_pdf(HERE / "jaarverslag-2023.pdf", HERE / "versleuteld.pdf")
    sample_docx(HERE / "verbindingsplan.docx")
    letter_pdf(HERE / "brief-met-briefhoofd.pdf")
    report_pdf(HERE / "jaarplan-met-inhoud.pdf")
    agreement_docx(HERE / "overeenkomst.docx")
    spreadsheet_pdf(HERE / "prijzenlijst.pdf")
    kamerstuk_pdf(HERE / "kamerstuk-verslag.pdf")
    two_column_pdf(HERE / "twee-kolommen.pdf")
    two_page_letter_pdf(HERE / "brief-twee-paginas.pdf")
    motion_pdf(HERE / "motie-twee-paginas.pdf")
    odt_document(HERE / "raadsvoorstel.odt")
    margin_letter_pdf(HERE / "brief-kantlijn.pdf")
    (HERE / "divs.html").write_text(
        "<!doctype html><html><head><title>Agenda | Gemeente Emmen</title></head><body><header>Menu</header>"
        "<div class='content'><h1>Agenda gemeenteraad 12 juni 2024</h1>"
        "<div class='item'>De raad bespreekt het jaarplan 2024 van Dutch TechZone.<span> Aanvang 19.30 uur.</span></div>"
        "<div class='item'><div>Locatie: raadzaal, Raadhuisplein 1 in Emmen.</div></div></div>"
        "<footer>Contact</footer></body></html>",
        encoding="utf-8",
    )
    (HERE / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis is not a pdf\n")
    (HERE / "cp1252.txt").write_bytes(
        "Financiële bijdrage\n\nDe coördinatie van het programma kost € 25.000 per jaar; "
        "de ‘Program Board’ keurt de begroting goed – ook voor de industriële projecten.\n".encode("cp1252")
    )
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (HERE / "pagina.html").write_text(
        "<!doctype html><html><head><title>Over Dutch TechZone</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> | <a href='/nieuws'>Nieuws</a></nav>"
        "<main><h1>Over Dutch TechZone</h1><p>Dutch TechZone is een samenwerking in de regio Zuidoost-Drenthe "
        "voor de maakindustrie en het technisch onderwijs.</p><h2>Partners</h2><p>De partners zijn de gemeenten "
        "Emmen, Coevorden, Hardenberg, Hoogeveen en Borger-Odoorn.</p></main>"
        "<footer>Copyright 2024 Dutch TechZone - privacyverklaring</footer></body></html>",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
