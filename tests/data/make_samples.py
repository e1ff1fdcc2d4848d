"""Regenerate the sample documents in tests/data (committed; run by hand when they change).

    python tests/data/make_samples.py

PDFs are written by fpdf2, DOCX by python-docx, so readers are tested on files made by real tools.
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
        pdf.multi_cell(0, 6, body)
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


def main() -> None:
    multipage_pdf(HERE / "jaarverslag-2023.pdf")
    no_text_pdf(HERE / "scan-zonder-tekst.pdf")
    encrypted_pdf(HERE / "jaarverslag-2023.pdf", HERE / "versleuteld.pdf")
    sample_docx(HERE / "verbindingsplan.docx")
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
