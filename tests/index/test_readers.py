from __future__ import annotations

from pathlib import Path

import pytest

from index.metadata import resolve, sidecar_path
from index.readers import Unreadable, read_file
from index.readers.text import decode, split_front_matter
from tests.handmade_pdf import text_pdf

DATA = Path(__file__).resolve().parents[1] / "data"


def test_multipage_pdf_keeps_page_numbers_and_drops_running_header() -> None:
    result = read_file(DATA / "jaarverslag-2023.pdf")
    pages = {b.page for b in result.blocks if b.kind == "text"}
    assert pages == {1, 2, 3}
    finance = next(b for b in result.blocks if "per inwoner" in b.text)
    assert finance.page == 2
    assert not any("Jaarverslag 2023" in b.text and b.kind != "boilerplate" for b in result.blocks if "Pagina" in b.text)
    assert all("Pagina" not in b.text for b in result.blocks)
    assert result.properties["title"] == "Jaarverslag 2023 Dutch TechZone"
    assert {reason for _, reason, _ in result.dropped} <= {"running header", "running footer", "page number"}


def test_docx_headings_become_sections_and_tables_are_read() -> None:
    result = read_file(DATA / "verbindingsplan.docx")
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert headings == ["Netwerk- en verbindingsplan", "Doelgroepen"]
    rows = [b.text for b in result.blocks if b.kind == "table"]
    assert rows == ["Hub | Plaats", "Hub: Logistiek Kenniscentrum; Plaats: Coevorden"]  # each row names its columns
    assert result.properties["sender"] == "Programmabureau Dutch TechZone"


def test_odt_headings_lists_and_tables_in_document_order(tmp_path: Path) -> None:
    from index import load_config
    from index.reading import read_document

    result = read_file(DATA / "raadsvoorstel.odt")
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert headings == ["Raadsvoorstel bijdrage Dutch TechZone 2026", "Beslispunten", "Financiën"]  # text:h and a heading style
    texts = [b.text for b in result.blocks]
    assert "de bijdrage voor 2026 vast te stellen op 112.000 euro;" in texts  # a list item
    assert "Het college stelt de raad voor de bijdrage aan Dutch TechZone voor 2026 vast te stellen. De bijdrage" in " ".join(
        texts
    )
    rows = [b.text for b in result.blocks if b.kind == "table"]
    assert rows[1] == "Gemeente: Emmen; Inwoners: 107.863; Bijdrage: 112.000"  # each row names its columns
    table_at = texts.index(rows[0])
    assert texts[table_at - 1] == "Financiën" and texts[-1] == "Wij stellen u voor het bijgevoegde besluit te nemen."
    long = next(b for b in result.blocks if b.text.startswith("De bijdrage wordt betaald"))
    assert long.kind == "text"  # a long paragraph in a heading style stays text
    assert result.properties == {"title": "Raadsvoorstel bijdrage Dutch TechZone 2026", "sender": "jdevries"}
    doc = read_document("raadsvoorstel.odt", DATA / "raadsvoorstel.odt", load_config(DATA.parents[1] / "config.yaml"))
    assert (doc.meta.title, doc.meta.type, doc.meta.sender) == ("Raadsvoorstel bijdrage Dutch TechZone 2026", "raadsvoorstel", "")
    broken = tmp_path / "kapot.odt"
    broken.write_bytes((DATA / "raadsvoorstel.odt").read_bytes()[:900])
    with pytest.raises(Unreadable, match="corrupt"):
        read_file(broken)


def test_html_main_text_only() -> None:
    result = read_file(DATA / "pagina.html")
    text = " ".join(b.text for b in result.blocks)
    assert "samenwerking in de regio" in text
    assert "Nieuws" not in text and "privacyverklaring" not in text and "var x" not in text
    assert result.properties["title"] == "Over Dutch TechZone"


def test_windows_1252_is_detected() -> None:
    result = read_file(DATA / "cp1252.txt")
    text = " ".join(b.text for b in result.blocks)
    assert "Financiële" in text and "coördinatie" in text and "€ 25.000" in text and "‘Program Board’" in text
    assert result.warnings == ["read as windows-1252"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("corrupt.pdf", "corrupt"),
        ("versleuteld.pdf", "encrypted"),
        ("scan-zonder-tekst.pdf", "no text layer"),
        ("binary.txt", "binary"),
    ],
)
def test_unreadable_files_give_a_reason(name: str, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        read_file(DATA / name)


def test_empty_and_unsupported_files(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("")
    with pytest.raises(Unreadable, match="empty"):
        read_file(empty)
    other = tmp_path / "tabel.xlsx"
    other.write_bytes(b"PK\x03\x04")
    with pytest.raises(Unreadable, match="unsupported file type '.xlsx'"):
        read_file(other)


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(Unreadable, match="encoding"):
        decode("Ελληνικά κείμενα εδώ".encode("iso-8859-7") * 5)


def test_front_matter_is_split_and_bad_front_matter_is_reported() -> None:
    meta, body, warnings = split_front_matter("---\ntitle: Jaarplan\ndate: 2022-01-01\n---\nTekst")
    assert meta == {"title": "Jaarplan", "date": "2022-01-01"}
    assert body == "Tekst"
    assert warnings == []
    meta, body, warnings = split_front_matter("---\ntitle: [kapot\n---\nTekst")
    assert meta == {} and body == "Tekst" and "not valid YAML" in warnings[0]


def test_missing_metadata_is_derived_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-jaarplan-dtz.txt"
    path.write_text("Het jaarplan beschrijft de activiteiten van het programmabureau.", encoding="utf-8")
    result = read_file(path)
    meta, warnings, _how = resolve(path.name, path, result.given, result.properties, result.blocks)
    assert meta.title == "Jaarplan dtz"
    assert meta.date == "2024-03"
    assert meta.type == "jaarplan"
    assert set(meta.derived) == {"title", "date", "type"}
    assert "metadata derived" in warnings[0]


def test_sidecar_overrides_file_properties(tmp_path: Path) -> None:
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes((DATA / "jaarverslag-2023.pdf").read_bytes())
    sidecar_path(pdf).write_text("title: Jaarverslag 2023\ndate: 2024-05-07\ntype: jaarverslag\nkleur: rood\n")
    from index.metadata import read_sidecar

    given, _ = read_sidecar(pdf)
    result = read_file(pdf)
    meta, warnings, _how = resolve(pdf.name, pdf, given, result.properties, result.blocks)
    assert (meta.title, meta.date, meta.type) == ("Jaarverslag 2023", "2024-05-07", "jaarverslag")
    assert meta.sender == "Programmabureau Dutch TechZone"  # derived from the PDF's author
    assert any("unknown metadata key(s) ignored: kleur" in w for w in warnings)


def test_private_use_ligature_glyphs_are_read_as_the_letters_the_document_writes_elsewhere() -> None:
    from index.readers.pdf import ligature_letters

    # as pypdf gives it for a report whose font maps its "f" and "fi" glyphs to private-use code points
    lines = [
        "De steekproe\ue01e bestaat uit twintig pagina's o\ue01e meer; de in\ue01eormatie staat in bijlage 2.",
        "Voor elke steekproef is de informatie van de website gebruikt.",
        "Het resultaat is \ue035jn, de\ue035nitief en definitief vastgesteld; een fijn resultaat.",
        "\uf0b7 een opsomming met een symbool als opsommingsteken \uf0b7en geen letter",  # a bullet stays a bullet
        "U+E099 komt \ue099 maar eenmaal voor, in woo\ue099d",  # no evidence: not guessed
    ]
    assert ligature_letters(lines) == {"\ue01e": "f", "\ue035": "fi"}
    assert ligature_letters(["Gewone tekst zonder bijzondere tekens."]) == {}
    # an icon before a word is no letter, whatever stop word it would make ("te")
    assert ligature_letters(["\ue900E-mail: info@dtz.nl", "\ue900E-mail: secretariaat@dtz.nl", "\ue900Telefoon 0591"]) == {}
    assert ligature_letters(["o\ue050", "o\ue050"]) == {}  # one word, a stop word, twice: no evidence
    assert ligature_letters(["De informa\ue050e over de organisa\ue050e.", "organisatie, informatie"]) == {"\ue050": "ti"}


def test_a_drop_cap_begins_the_line_after_it() -> None:
    from index.layout import Line
    from index.readers.pdf import join_drop_caps

    lines = [
        Line("Jaarverslag 2024", 0.95, 8.5, False),
        Line("H", 0.85, 68.8, False, (), 56.7),  # the large initial of an interview, as pypdf gives it
        Line("ans Sijtsma is cliënt bij UWV en verbonden aan de cliëntenraad.", 0.85, 10.0, False, (), 95.0),
        Line("U", 0.5, 10.0, False, (), 56.7),  # a letter in body type is no drop cap
        Line("ontvangt deze brief omdat u lid bent.", 0.49, 10.0, False, (), 56.7),
        Line("A", 0.3, 24.0, False, (), 56.7),  # a glossary's letter above its entries, not beside them
        Line("aanbesteding: de procedure waarin een opdracht wordt gegund.", 0.28, 10.0, False, (), 56.7),
    ]
    assert [line.text for line in join_drop_caps(lines)] == [
        "Jaarverslag 2024",
        "Hans Sijtsma is cliënt bij UWV en verbonden aan de cliëntenraad.",
        "U",
        "ontvangt deze brief omdat u lid bent.",
        "A",
        "aanbesteding: de procedure waarin een opdracht wordt gegund.",
    ]


def test_a_table_of_contents_in_columns_without_dot_leaders_is_one() -> None:
    from index.layout import Line, toc_lines

    def row(y: float, number: str, title: str, page: str) -> Line:
        return Line(f"{number} {title} {page}", y, 12.0, False, ((70.8, number), (113.3, title), (397.1, page)), 70.8)

    lines = [
        row(0.72, "1.", "Samenvatting", "3"),
        row(0.67, "2.", "Inleiding", "5"),
        row(0.63, "2.1", "Achtergrond", "5"),
        row(0.60, "3.", "Taken CSB", "7"),
        Line("Inhoudsopgave", 0.80, 24.0, False, (), 70.8),  # the heading comes last in the page's text
    ]
    assert toc_lines(lines) == {0, 1, 2, 3, 4}
    budget = [row(0.7 - n / 20, f"{n}.", "Programmakosten", "190.453") for n in range(1, 5)]
    assert toc_lines(budget) == set()  # amounts, no page numbers
    heading = Line("Inhoud", 0.80, 24.0, False, (), 70.8)
    votes = [row(0.7 - n / 20, f"{n}.", "Motie", str(20 - n)) for n in range(1, 5)]
    assert toc_lines([*votes, heading]) == set()  # numbers not in page order
    years = [row(0.7 - n / 20, f"{n}.", "Invoering bij gemeenten", str(2023 + n)) for n in range(1, 5)]
    assert toc_lines([*years, heading]) == set()  # years, no page numbers
    plan = [row(0.7 - n / 20, f"{n}.", "Meldingen openbare ruimte", str(10 + n)) for n in range(1, 5)]
    assert toc_lines(plan) == set()  # a numbered table with counts: no contents without its heading


def test_a_margin_line_stands_once_on_its_page_labels_of_records_stay() -> None:
    from index.layout import Line, running_lines

    def page(n: int) -> list[Line]:
        return [
            Line("Kenmerk 2025-0000688710", 0.83, 8.5, False, (), 465.0),  # beside the text, on every page
            Line("Advies", 0.70, 10.0, False, (), 70.0),  # a record's label, at one place on every page ...
            Line(f"Start een analyse naar de lonen in regio {n}, zo adviseert de raad de directie.", 0.68, 10.0, False, (), 70.0),
            Line("Advies", 0.50, 10.0, False, (), 70.0),  # ... and again further down: the page's own
            Line(f"Betrek de cliënten bij het verbeteren van de brieven in regio {n} van het land.", 0.48, 10.0, False, (), 70.0),
        ]

    pages = [[Line("Aan de raad van bestuur", 0.9, 10.0, False, (), 70.0)], *(page(n) for n in range(1, 5))]
    found = running_lines(pages)
    assert all(found.get((p, 0)) == "running header" for p in range(1, 5))
    assert not any((p, i) in found for p in range(1, 5) for i in (1, 2, 3, 4))


def test_a_heading_the_text_layer_gives_last_goes_before_the_text_it_stands_above() -> None:
    from index.layout import Line
    from index.readers.pdf import headings_in_place

    page = [
        Line("3", 0.045, 19.9, False, (), 787.4),  # the page number, at the foot
        Line("Het onderzoek", 0.739, 10.6, True, (), 70.8),
        Line("Het doel van dit onderzoek is om in beeld te brengen wat de gemeenten ervaren.", 0.714, 10.6, False, (), 70.8),
        Line("De focusgroepen zijn in het voorjaar gehouden met medewerkers van gemeenten.", 0.69, 10.6, False, (), 70.8),
        Line("1. Samenvatting", 0.801, 24.0, False, (), 70.8),  # above the text, but last in the text layer
    ]
    assert [line.text for line in headings_in_place(page)] == [
        "3",
        "1. Samenvatting",
        "Het onderzoek",
        "Het doel van dit onderzoek is om in beeld te brengen wat de gemeenten ervaren.",
        "De focusgroepen zijn in het voorjaar gehouden met medewerkers van gemeenten.",
    ]
    quote = [*page[:4], Line("“Samen kom je verder”", 0.3, 24.0, False, (), 70.8)]  # large, but below the text
    assert headings_in_place(quote) == quote


def test_a_word_in_two_text_runs_on_one_baseline_is_one_word(tmp_path: Path) -> None:
    # Word's PDF export can set a word's second run from a new text matrix a line up, moved one line
    # down ("(Bij) Tj ... Tm ... Td (lage I) Tj"); pypdf then reports a line break inside "Bijlage".
    from pypdf import PdfReader

    stream = (
        b"BT /F1 11 Tf 1 0 0 1 72 720 Tm (Hierbij ontvangt u de stukken voor de vergadering van de raad.) Tj ET "
        b"BT /F2 11 Tf 1 0 0 1 72 700 Tm (Bij) Tj 1 0 0 1 72 715 Tm 12.2 -15 Td (lage I) Tj ET "
        b"BT /F1 11 Tf 1 0 0 1 72 680 Tm (Het jaarverslag van de gemeente over het afgelopen jaar.) Tj ET"
    )
    path = tmp_path / "bijlagen.pdf"
    path.write_bytes(text_pdf(stream))
    assert "Bij\nlage I" in PdfReader(path).pages[0].extract_text()  # the reader's own text
    text = "\n".join(b.text for b in read_file(path).blocks)
    assert "Bijlage I" in text and "Bij lage" not in text


def test_carriage_returns_between_the_words_of_a_pdf_line_are_spaces(tmp_path: Path) -> None:
    # some writers set tab, carriage return and no-break space between the words of a line
    sep = b"\\t\\r \\240"
    heading = sep.join(b"Beschrijving van de indicator".split())
    body = sep.join(b"Zodra een burger verhuist, wordt het adres in de registratie van de gemeente aangepast.".split())
    stream = (
        b"BT /F2 13 Tf 1 0 0 1 72 740 Tm ("
        + heading
        + b") Tj ET "
        + b" ".join(b"BT /F1 10 Tf 1 0 0 1 72 %d Tm (" % y + body + b") Tj ET" for y in (720, 708, 696))
    )
    path = tmp_path / "handleiding.pdf"
    path.write_bytes(text_pdf(stream))
    blocks = read_file(path).blocks
    assert (blocks[0].kind, blocks[0].text) == ("heading", "Beschrijving van de indicator")
    assert all("\n" not in b.text for b in blocks)


def test_a_footnote_mark_set_small_and_raised_is_no_digit_of_the_number_before_it(tmp_path: Path) -> None:
    stream = (
        b"BT /F1 11 Tf 1 0 0 1 72 720 Tm (Tot het begin van de pandemie bleef dit percentage stabiel op 18%) Tj ET "
        b"BT /F1 7 Tf 1 0 0 1 420 724 Tm (3) Tj ET "
        b"BT /F1 11 Tf 1 0 0 1 426 720 Tm (. Daarna steeg het.) Tj ET "
        b"BT /F1 11 Tf 1 0 0 1 72 706 Tm (In 2023 lag het aandeel weer op 21 procent van de inwoners.) Tj ET"
    )
    path = tmp_path / "peiling.pdf"
    path.write_bytes(text_pdf(stream))
    text = " ".join(b.text for b in read_file(path).blocks)
    assert "stabiel op 18%³" in text and "18%3" not in text and "18% 3" not in text
    assert "In 2023 lag het aandeel weer op 21 procent" in text  # digits on the line itself stay digits


def test_pages_without_text_are_named_in_a_warning(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    text = tmp_path / "tekst.pdf"
    text.write_bytes(text_pdf(b"BT /F1 11 Tf 1 0 0 1 72 720 Tm (Het jaarverslag van de gemeente over het afgelopen jaar.) Tj ET"))
    writer = PdfWriter()
    writer.add_page(PdfReader(text).pages[0])
    writer.add_blank_page(595, 842)  # a chart or a scan: no text layer
    writer.add_blank_page(595, 842)
    writer.add_page(PdfReader(text).pages[0])
    path = tmp_path / "bijlage.pdf"
    with path.open("wb") as out:
        writer.write(out)
    result = read_file(path)
    assert result.warnings == ["pages 2-3: no text (blank, images or a scan), what they show is not in the index"]
    assert read_file(text).warnings == []


def test_a_page_drawn_twice_keeps_all_its_words_once(tmp_path: Path) -> None:
    # a text layer that holds the page's paragraphs twice in a row: the copy is left out, and it is no
    # loss in the share of words kept (the build warns below 97%)
    from index.config import config_from_dict
    from index.reading import read_document

    paragraphs = [
        b"Scenario 1: Faciliterende overheid",
        b"Als overheid beoordeel je hier pas een initiatief zodra er een aanvraag wordt ingediend bij de provincie.",
        b"Scenario 2: Stimulerende overheid",
        b"In dit scenario neem je als overheid een meer intensieve regierol en stel je vooraf de kaders vast.",
    ]
    lines = [*paragraphs, *paragraphs]
    stream = b" ".join(
        b"BT /F%d %d Tf 1 0 0 1 72 %d Tm (%s) Tj ET"
        % ((*((2, 13) if text.startswith(b"Scenario") else (1, 10)), 760 - 40 * n, text))
        for n, text in enumerate(lines)
    )
    path = tmp_path / "scenarios.pdf"
    path.write_bytes(text_pdf(stream))
    doc = read_document(path.name, path, config_from_dict({}))
    text = "\n".join(c.text for c in doc.chunks)
    assert text.count("zodra er een aanvraag wordt ingediend") == 1
    assert dict(doc.dropped).get("repeated on the page") == 4
    assert doc.kept_words == doc.words  # nothing of the page is lost
