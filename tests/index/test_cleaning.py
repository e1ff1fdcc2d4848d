from __future__ import annotations

from index.cleaning import clean_pages, dehyphenate, normalize, strip_repeated_lines, text_to_blocks


def test_hyphenation_at_line_end_is_joined() -> None:
    assert dehyphenate("het be-\nvorderen van") == "het bevorderen van"
    assert dehyphenate("IT-\ngerichte vragen") == "IT-gerichte vragen"
    assert dehyphenate("Zuidoost-\nDrenthe") == "Zuidoost-Drenthe"
    assert dehyphenate("Zuid- en Oost-Drenthe") == "Zuid- en Oost-Drenthe"


def test_a_word_cut_at_a_paragraph_or_page_break_is_one_word_again() -> None:
    # a converter's blank line, or a page break, after the hyphen of a word cut at the line end
    blocks = text_to_blocks("De gemeenten kiezen logischer-\n\nwijs voor een aanpak van Zuidoost-\n\nDrenthe.")
    assert [b.text for b in blocks] == ["De gemeenten kiezen logischerwijs voor een aanpak van Zuidoost-Drenthe."]
    spanning = clean_pages([(1, "Inleiding\n\nDe gemeenten in de regio kiezen daarom logischer-"), (2, "wijs voor een aanpak.")])
    assert [(b.kind, b.text) for b in spanning] == [
        ("heading", "Inleiding"),
        ("text", "De gemeenten in de regio kiezen daarom logischerwijs voor een aanpak."),
    ]  # the cut line is no heading
    assert spanning[1].page_at(spanning[1].text.index("voor")) == 2
    # "Zuid- en Oost-Drenthe": the hyphen stands for a word part, and stays with its space
    assert (
        dehyphenate("Zuid-\nen Oost-Drenthe, bedrijfs-\nof onderwijsleven")
        == "Zuid- en Oost-Drenthe, bedrijfs- of onderwijsleven"
    )
    assert [b.text for b in text_to_blocks("Samen met Zuid-\n\nen Oost-Drenthe.")] == ["Samen met Zuid- en Oost-Drenthe."]


def test_ligatures_soft_hyphens_and_spaces() -> None:
    assert normalize("de ﬁnanciële\u00a0situatie\u00ad") == "de financiële situatie"
    assert normalize("a\r\nb\tc") == "a\nb c"


def test_hard_line_breaks_inside_a_paragraph_are_joined() -> None:
    blocks = text_to_blocks("Het jaar 2022 staat in het teken\nvan het versterken van het\necosysteem.")
    assert [b.text for b in blocks] == ["Het jaar 2022 staat in het teken van het versterken van het ecosysteem."]


def test_paragraph_split_mid_sentence_is_glued() -> None:
    blocks = text_to_blocks("Dutch TechZone: De regio van technisch vakmanschap voor de\n\nmaakindustrie. Samen.")
    assert len(blocks) == 1
    assert "voor de maakindustrie." in blocks[0].text


def test_an_abbreviation_in_capitals_that_ends_a_cut_sentence_is_no_heading() -> None:
    # a PDF line break before the last word of the sentence, and a bracketed abbreviation on a line of its own
    text = "De kosten worden ingepast in de begroting van\n\nESMA.\n\nHet Verdrag betreffende de Werking van de Europese Unie\n\n(VWEU)"
    blocks = text_to_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("text", "De kosten worden ingepast in de begroting van ESMA."),
        ("text", "Het Verdrag betreffende de Werking van de Europese Unie (VWEU)"),
    ]
    assert [b.kind for b in text_to_blocks("INLEIDING\n\nDe tekst van de inleiding.")] == ["heading", "text"]


def test_list_items_keep_their_lines() -> None:
    blocks = text_to_blocks("Onze ambities:\n- een bloeiende\n  maakindustrie\n- een sterke regio")
    assert blocks[0].text == "Onze ambities:\n- een bloeiende maakindustrie\n- een sterke regio"


def test_headings_detected_and_amounts_are_not_headings() -> None:
    blocks = text_to_blocks("JAARPLAN 2022\n\nInleiding\n\nDe tekst van de inleiding is hier.\n\nEmmen 107.863")
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds[0] == ("heading", "JAARPLAN 2022")
    assert kinds[1] == ("heading", "Inleiding")
    assert kinds[-1][0] == "text"


def test_running_headers_and_page_numbers_are_removed() -> None:
    bodies = ["De inleiding van het plan.", "Het budget bedraagt 410.000 euro.", "Wat we in 2024 gaan doen."]
    pages = [f"Dutch TechZone - Jaarplan\n{body}\nPagina {n} van 3" for n, body in enumerate(bodies, start=1)]
    cleaned = strip_repeated_lines(pages)
    assert all("Jaarplan" not in p and "Pagina" not in p for p in cleaned)
    assert [p.strip() for p in cleaned] == bodies


def test_letterhead_and_signature_are_classified_and_addresses_dropped() -> None:
    text = (
        "Raadhuisplein 1\n7811 AP Emmen\n\nPostbus 30001\n\nons kenmerk 21.000626\n\nGeachte leden van de raad,\n\n"
        "Dutch TechZone is een samenwerking van onderwijs, bedrijfsleven en overheden in de regio.\n\n"
        "Hoogachtend,\nburgemeester en wethouders van Emmen,\n\nM. Jansen\n\nde burgemeester,\n\n"
        "BIJLAGE JAARPLAN\n\nDit jaarplan beschrijft wat het programmabureau in het komende jaar gaat doen en waarom."
    )
    blocks = clean_pages([(None, text)])
    content = [(b.reason, b.text) for b in blocks if b.kind == "text"]
    assert content == [
        ("letterhead", "Postbus 30001 ons kenmerk 21.000626"),  # a reference stays findable, in the letterhead
        ("letterhead", "Geachte leden van de raad,"),
        ("", "Dutch TechZone is een samenwerking van onderwijs, bedrijfsleven en overheden in de regio."),
        ("signature", "Hoogachtend, burgemeester en wethouders van Emmen,"),
        ("signature", "M. Jansen de burgemeester,"),
        ("", "Dit jaarplan beschrijft wat het programmabureau in het komende jaar gaat doen en waarom."),
    ]
    assert [b.reason for b in blocks if b.kind == "boilerplate"] == ["address"]  # where to write: dropped
    assert any(b.kind == "heading" and b.text == "BIJLAGE JAARPLAN" for b in blocks)


def test_numbered_headings_are_headings_and_infographic_counts_are_not() -> None:
    for heading in ("3. WAT ZIJN DE PLANNEN VOOR 2022?", "2.1 Kader en aanpak", "4 Financiën 2023-2025"):
        assert text_to_blocks(heading)[0].kind == "heading", heading
    for figures in (
        "70 Initiatieven gesproken 20 Stuur- en werkgroep lidmaatschappen",
        "250 Bedrijven bezocht",
        "3 Scholen 12 Bedrijven",
    ):
        assert text_to_blocks(figures)[0].kind == "text", figures


def test_a_footnote_in_small_type_is_no_section_heading() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = [
        Line("De minister heeft de vragen van de commissie beantwoord in een brief aan de Kamer.", 0.80, 12, False),
        Line("Zij verwijst daarbij naar de cijfers over de instroom van studenten.4", 0.77, 12, False),
        Line("Kleine opleidingen blijven bestaan wanneer de instelling dat wil.", 0.74, 12, False),
    ]
    page = [Line("Wetenschapsbudget", 0.85, 12, True), *body, Line("4 www.ocwincijfers.nl", 0.09, 9.8, False)]
    other = [Line("Instroom", 0.85, 12, True), *body]
    blocks, _title, _dropped = clean_layout_pages([(1, page), (2, other)])
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings == ["Wetenschapsbudget", "Instroom"]
    assert any(b.text == "4 www.ocwincijfers.nl" and b.kind == "text" for b in blocks)  # kept, as text


def test_a_heading_that_breaks_off_takes_its_next_line_and_a_bold_table_row_is_no_heading() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = "Het kabinet stemt in met de wijziging van het besluit over de gassen die de ozonlaag aantasten."
    page = [
        Line("a. Wijziging Besluit gefluoreerde broeikasgassen en", 0.90, 12, True),
        Line("ozonlaagafbrekende stoffen (Minister van KGG)", 0.88, 12, False),
        Line(body, 0.85, 12, False),
        Line("3. Kabinetsreactie Gezondheid IJmond (Staatssecretaris van", 0.80, 12, True),
        Line("I&W)", 0.78, 12, True),
        Line(body, 0.75, 12, False),
        Line("IV. Consolidatie van plekken uit de eerste cyclus", 0.73, 12, True),  # a part (IV.) that breaks
        Line("van de Spreidingswet", 0.72, 12, True),  # off: its rest is no heading of another rank
        Line(body, 0.71, 12, False),
        Line("Balans", 0.70, 12, True),
        Line(body, 0.67, 12, False),
        Line("Vaste Activa 530 569", 0.64, 12, True, ((50.0, "Vaste Activa"), (300.0, "530"), (400.0, "569"))),
        Line("Kenmerk Omschrijving", 0.61, 12, True, ((50.0, "Kenmerk"), (300.0, "Omschrijving"))),
        Line(body, 0.58, 12, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, page)])
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "a. Wijziging Besluit gefluoreerde broeikasgassen en ozonlaagafbrekende stoffen (Minister van KGG)",
        "3. Kabinetsreactie Gezondheid IJmond (Staatssecretaris van I&W)",
        "IV. Consolidatie van plekken uit de eerste cyclus van de Spreidingswet",
        "Balans",
    ]
    text = " ".join(b.text for b in blocks)
    assert "530" in text and "Omschrijving" in text  # the rows are kept, as text


def test_a_section_heading_that_comes_back_is_kept_and_a_running_title_is_not() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    def page(heading: str, n: int) -> list[Line]:
        return [
            Line(heading, 0.80, 12, True),
            Line(
                f"De leden van de fractie stellen op bladzijde {n} enkele vragen over het budget van de minister.",
                0.77,
                12,
                False,
            ),
            Line("De minister antwoordt dat het budget over de domeinen wordt verdeeld naar de afspraken.", 0.74, 12, False),
        ]

    # a written consultation: the parties' headings head the questions and again the answers (2 of 10 pages each)
    parties = ["Inbreng van de VVD-fractie", "Inbreng van de D66-fractie"]
    headings = [
        parties[0],
        parties[1],
        "Toelichting",
        "Overig",
        "Financien",
        parties[0],
        parties[1],
        "Slot",
        "Bronnen",
        "Bijlage",
    ]
    blocks, _title, _dropped = clean_layout_pages([(n + 1, page(h, n)) for n, h in enumerate(headings)])
    kept = [b.text for b in blocks if b.kind == "heading"]
    assert kept.count(parties[0]) == 2 and kept.count(parties[1]) == 2 and len(kept) == 10
    # a title over most pages of a report is a running title, not a section
    report = [(n + 1, page("Jaarverslag 2024" if n % 4 else f"Hoofdstuk {n}", n)) for n in range(10)]
    blocks, _title, _dropped = clean_layout_pages(report)
    assert "Jaarverslag 2024" not in [b.text for b in blocks if b.kind == "heading"]


def test_a_footnote_does_not_cut_the_sentence_that_runs_on_to_the_next_page() -> None:
    from index.chunking import chunk_document
    from index.cleaning import clean_layout_pages
    from index.config import ChunkingConfig
    from index.layout import Line
    from index.models import DocumentMeta

    first = [
        Line("Universiteiten en hogescholen ontvangen een lumpsum van het ministerie voor hun onderwijs.", 0.80, 12, False),
        Line("Veel studies zijn in grotere instituten georganiseerd en de kennis vindt", 0.14, 12, False),
        Line("7 Kamerstuk 36 600 VIII, nr. 61", 0.09, 9.9, False),
    ]
    second = [
        Line("een plek in deze bredere kennisstructuur, bijvoorbeeld via instituten voor taalkunde.", 0.90, 12, False),
        Line("Het initiatief tot het beëindigen van opleidingen behoort de instellingen toe.", 0.87, 12, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(16, first), (17, second)])
    text = " ".join(b.text for b in blocks)
    assert "de kennis vindt een plek in deze bredere kennisstructuur" in text  # the sentence is whole again
    notes = [b for b in blocks if b.reason == "footnote"]
    assert [(b.text, b.page) for b in notes] == [("7 Kamerstuk 36 600 VIII, nr. 61", 16)]  # kept, on its own page
    chunks = chunk_document(DocumentMeta("verslag.pdf", "Verslag"), blocks, ChunkingConfig())
    kinds = {c.kind for c in chunks if "Kamerstuk 36 600" in c.text}
    assert kinds == {"footnote"} and all("Kamerstuk" not in c.text for c in chunks if c.kind == "text")


def test_footnotes_are_no_signature_and_small_table_rows_no_footnotes() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = Line("Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd over het besluit van de raad.", 0.60, 12, False)
    last = [
        body,
        Line("Met vriendelijke groet,", 0.55, 12, False),
        Line("het college van burgemeester en wethouders", 0.52, 12, False),
        Line("1 Raadsbesluit van 12 maart 2024, nr. 45.", 0.08, 9, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, last)])
    note = next(b for b in blocks if "Raadsbesluit" in b.text)
    assert note.reason == "footnote"  # not taken into the signature above it
    rows = [
        Line(f"{n} {town} {amount}", y, 9, False, cells=((50.0, str(n)), (80.0, town), (200.0, amount)))
        for n, town, amount, y in (
            (1, "Emmen", "107.863", 0.20),
            (2, "Coevorden", "35.000", 0.17),
            (3, "Hoogeveen", "55.889", 0.14),
        )
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, [body, *rows])])
    assert not any(b.reason == "footnote" for b in blocks) and any(b.kind == "table" for b in blocks)


def test_a_short_document_keeps_a_section_heading_that_comes_back() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    def page(heading: str) -> list[Line]:
        return [
            Line(heading, 0.80, 12, True),
            Line("De leden van de fractie stellen enkele vragen over het budget van de minister van OCW.", 0.77, 12, False),
        ]

    pages = [
        (n + 1, page(h)) for n, h in enumerate(["Inbreng van de VVD-fractie", "Overig", "Inbreng van de VVD-fractie", "Slot"])
    ]
    blocks, _title, _dropped = clean_layout_pages(pages)
    assert [b.text for b in blocks if b.kind == "heading"].count("Inbreng van de VVD-fractie") == 2


def test_a_table_of_contents_without_page_numbers_is_one_and_may_run_onto_the_next_page() -> None:
    # A Kamerstuk's "Inhoud": the parts and parties, no page numbers; each entry comes back as a heading.
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = "De leden van de fractie hebben kennisgenomen van de brief en stellen de minister enkele vragen."
    first = [
        Line("Verslag van een schriftelijk overleg", 0.90, 12, True),
        Line(body, 0.85, 12, False),
        Line("Inhoud", 0.40, 12, True),
        Line("\ufffd I Vragen en opmerkingen uit de fracties", 0.37, 12, False),
        Line("\ufffd Inbreng van de leden van de VVD-fractie", 0.34, 12, False),
        Line("\ufffd Inbreng van de leden van de D66-fractie", 0.31, 12, False),
        Line("\ufffd II Reactie van de minister van Onderwijs, Cultuur en", 0.28, 12, False),
        Line("Wetenschap", 0.25, 12, False),  # an entry set over two lines: one heading further on
    ]
    second = [
        Line("\ufffd Bijlage: cijfers", 0.92, 12, False),  # the last entry, over the page break
        Line("I Vragen en opmerkingen uit de fracties", 0.85, 12, True),
        Line("Inbreng van de leden van de VVD-fractie", 0.80, 12, True),
        Line(body, 0.77, 12, False),
        Line("Inbreng van de leden van de D66-fractie", 0.70, 12, True),
        Line(body.replace("fractie", "D66-fractie"), 0.67, 12, False),
    ]
    third = [
        Line("II Reactie van de minister van Onderwijs, Cultuur en Wetenschap", 0.85, 12, True),
        Line("De minister antwoordt dat de middelen voor onderzoek dit jaar gelijk blijven.", 0.80, 12, False),
        Line("Bijlage: cijfers", 0.50, 12, True),
        Line("In 2024 kregen 120 onderzoekers een beurs van het fonds voor vrij onderzoek.", 0.47, 12, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, first), (2, second), (3, third)])
    tocs = [(b.page, b.text.splitlines()) for b in blocks if b.reason == "toc"]
    assert tocs == [
        (
            1,
            [
                "Inhoud",
                "I Vragen en opmerkingen uit de fracties",
                "Inbreng van de leden van de VVD-fractie",
                "Inbreng van de leden van de D66-fractie",
                "II Reactie van de minister van Onderwijs, Cultuur en",
                "Wetenschap",
            ],
        ),
        (2, ["Bijlage: cijfers"]),
    ]
    text = " ".join(b.text for b in blocks if b.reason != "toc")
    assert body in text and "120 onderzoekers" in text
    assert [b.text for b in blocks if b.kind == "heading"][1] == "I Vragen en opmerkingen uit de fracties"
    # lines that only look like entries (they do not come back further on) stay text
    plain = [Line("Inhoud", 0.90, 12, True), Line("Deze brief gaat over de begroting.", 0.85, 12, False)]
    assert not any(b.reason == "toc" for b in clean_layout_pages([(1, plain), (2, third)])[0])


def test_a_table_row_keeps_every_cell_also_one_that_repeats() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    values = [("Zoekgebied 34", "0,00%", "0", "0,00%", "0", "9.757"), ("Zoekgebied 35", "1,20%", "4", "0,00%", "0", "8.101")]
    rows = [
        Line(" ".join(row), y, 9, False, cells=tuple((50.0 + 60 * n, cell) for n, cell in enumerate(row)))
        for row, y in zip(values, (0.60, 0.57), strict=True)
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, rows)])
    table = [b.text for b in blocks if b.kind == "table"]
    assert table == ["Zoekgebied 34 | 0,00% | 0 | 0,00% | 0 | 9.757", "Zoekgebied 35 | 1,20% | 4 | 0,00% | 0 | 8.101"]


def test_a_numbered_heading_that_is_a_whole_statement_is_one_heading_over_its_two_lines() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = "Het programma geeft aan hoe de provincie haar verantwoordelijkheid neemt voor de uitvoering van de ambitie."
    lines = [
        Line(
            "1.3 Doel van het programma is realisering van de ambitie van de regio, schetsen van de ruimtelijke", 0.90, 10, True
        ),
        Line("afwegingscriteria voor windinitiatieven en kaders voor lokaal eigendom", 0.88, 10, True),
        Line(body, 0.86, 10, False),
        Line(body, 0.84, 10, False),
        Line(
            "1.3.1 Met deze aanpak houden we rekening met de vier punten van het afwegingskwadrant van de regio", 0.80, 10, True
        ),
        Line(body, 0.78, 10, False),
        Line("1 beoordeling vindt plaats op basis van de op dat moment beschikbare gegevens die relevant zijn", 0.10, 11, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, lines)])
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings == [
        "1.3 Doel van het programma is realisering van de ambitie van de regio, schetsen van de ruimtelijke "
        "afwegingscriteria voor windinitiatieven en kaders voor lokaal eigendom",
        "1.3.1 Met deze aanpak houden we rekening met de vier punten van het afwegingskwadrant van de regio",
    ]  # and a note that starts with its number is no heading


def test_a_chapter_title_over_an_introduction_in_large_type_stays_a_heading() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    intro = [
        "Gelet op de ruimtelijke inpassingsprincipes ligt het voor de hand",
        "dat windinitiatieven in meerdere grote clusters ontwikkeld",
        "worden. Dit betekent in gemeentegrensoverschrijdende",
        "zoekgebieden en daarvoor is subregionale samenwerking nodig.",
    ]
    lines = [
        Line("Hoofdstuk 2. Voorkeurslocaties", 0.90, 21, True),
        Line("en zoekgebieden", 0.87, 21, True),
        *(Line(text, 0.80 - 0.02 * n, 11, False) for n, text in enumerate(intro)),
        Line("2.1 Aanwijzen van zoekgebieden heeft prioriteit", 0.65, 11, True),
        *(
            Line("In RES-verband is afgesproken dat de zoekgebieden in de regio vastliggen.", 0.63 - 0.02 * n, 8, False)
            for n in range(6)
        ),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, lines)])
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "Hoofdstuk 2. Voorkeurslocaties en zoekgebieden",
        "2.1 Aanwijzen van zoekgebieden heeft prioriteit",
    ]  # the introduction set large is text, not a heading of its own
    assert any(b.kind == "text" and b.text.startswith("Gelet op de ruimtelijke") for b in blocks)


def test_a_subject_line_that_runs_on_to_the_next_line_is_whole() -> None:
    from index.layout import Line, subject_line

    page = [
        Line("Onderwerp: GS Mandaat beantwoording brieven gemeenten over voorgenomen", 0.70, 10, False),
        Line("windbeleid II", 0.68, 10, False),
        Line("Datum: 15 november 2023", 0.66, 10, False),
    ]
    assert subject_line(page) == "GS Mandaat beantwoording brieven gemeenten over voorgenomen windbeleid II"
    assert subject_line([page[0], page[2]]) == "GS Mandaat beantwoording brieven gemeenten over voorgenomen"


def test_geacht_college_ends_the_letterhead_like_geachte() -> None:
    from index.cleaning import mark_letter_frame
    from index.models import Block

    blocks = [
        Block("Gemeente Wierden Postbus 43", page=1),
        Block("Datum 21.11.2024 Kenmerk D2024-11-006312 Onderwerp: informatie over voorkeursgebieden", page=1),
        Block("Geacht college,", page=1),
        Block("In het bestuurlijk overleg van 8 november is het verzoek van de gemeente besproken.", page=1),
    ]
    assert [b.reason for b in mark_letter_frame(blocks)] == ["letterhead", "letterhead", "letterhead", ""]


def test_a_page_whose_text_layer_holds_its_text_twice_is_read_once() -> None:
    from index.cleaning import clean_pages

    once = "\n\n".join(
        [
            "Scenario 1: Faciliterende overheid",
            "Als overheid beoordeel je hier pas een initiatief wanneer het bij je op tafel komt.",
            "Scenario 2: Stimulerende overheid",
            "In dit scenario neem je als overheid een meer intensieve regierol op je en stel je kaders vooraf.",
        ]
    )
    decided = "Aangenomen. De minister zal de brief aan de Tweede Kamer sturen."
    blocks = clean_pages([(19, f"{once}\n\n{once}\n\n{once}"), (20, f"1. Wetsvoorstel\n\n{decided}\n\n2. Regeling\n\n{decided}")])
    kept = [b.text for b in blocks if b.kind != "boilerplate"]
    assert kept.count("Als overheid beoordeel je hier pas een initiatief wanneer het bij je op tafel komt.") == 1
    assert {b.reason for b in blocks if b.kind == "boilerplate"} == {"repeated on the page"}
    assert kept.count(decided) == 2  # one paragraph that stands twice is the document's own


def test_a_paragraph_of_small_type_lines_is_no_heading() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    body = "Tijs de Bree opent de vergadering en heet de wethouders van de gemeenten in het zoekgebied welkom."
    lines = [
        Line("Verslag bestuurlijk overleg", 0.90, 12, True),
        *(Line(body, 0.85 - 0.02 * n, 11, False) for n in range(3)),
        Line("Ter vaststelling", 0.70, 9, False),  # the agenda table's last column, line by line in small type
        Line("Ter vaststelling", 0.69, 9, False),
        *(Line(body, 0.60 - 0.02 * n, 11, False) for n in range(3)),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, lines)])
    assert [b.text for b in blocks if b.kind == "heading"] == ["Verslag bestuurlijk overleg"]


def test_a_table_of_contents_whose_entries_are_one_run_of_text_is_one() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    entries = [
        ("Hoofdstuk 1  Context, doel van het programma en rollen provincie 4", True),
        (" 1.1  Inleiding 4", False),
        (" 1.2  Context 5", False),
        (" 1.5   We gaan onze afgesproken ambitie voor 2030 in het 9", False),
        ("huidige tempo en inzet niet halen", False),  # an entry set over two lines
        ("Hoofdstuk 2  Voorkeurslocaties en zoekgebieden 10", True),
        (" 2.1  Aanwijzen van zoekgebieden heeft prioriteit 10", False),
    ]
    toc = [Line("Inhoudsopgave", 0.81, 11, True)] + [Line(t, 0.78 - 0.015 * n, 8, b) for n, (t, b) in enumerate(entries)]
    body = Line("Het programma beschrijft hoe de provincie de ambitie voor wind op land wil halen in de regio.", 0.80, 8, False)
    pages = [(3, toc), (4, [Line("Hoofdstuk 1. Context", 0.85, 21, True), body, body, body])]
    blocks, _title, _dropped = clean_layout_pages(pages)
    assert [b.kind for b in blocks if b.page == 3] == ["text"] and blocks[0].reason == "toc"
    assert "huidige tempo en inzet niet halen" in blocks[0].text
    assert [b.text for b in blocks if b.kind == "heading"] == ["Hoofdstuk 1. Context"]


def test_a_heading_that_comes_back_mid_page_is_a_part_not_a_running_title() -> None:
    from index.chunking import chunk_document
    from index.cleaning import clean_layout_pages
    from index.config import ChunkingConfig
    from index.layout import Line
    from index.models import DocumentMeta

    body = "Zodra een burger verhuist, wordt het adres in de registratie van de gemeente aangepast en gecontroleerd."
    pages = []
    for n, topic in enumerate(("Verhuizing", "Burgerlijke staat", "Kwijtschelding", "Overlijden"), start=1):
        pages.append(
            (
                n,
                [
                    Line(f"3.{n}. {topic}", 0.90, 12, True),
                    Line(body, 0.87, 10, False),
                    Line(body, 0.85, 10, False),
                    Line("Beschrijving van de indicator", 0.80, 10, True),  # on every page, in the middle
                    Line(body, 0.77, 10, False),
                    Line(body, 0.75, 10, False),
                    Line(f"Rapport van de gemeente, pagina {n}", 0.05, 8, False),
                ],
            )
        )
    blocks, _title, _dropped = clean_layout_pages(pages)
    assert sum(b.kind == "heading" and b.text == "Beschrijving van de indicator" for b in blocks) == 4
    meta = DocumentMeta(source="handleiding.pdf", title="Handleiding", date="", type="other")
    sections = {c.section for c in chunk_document(meta, blocks, ChunkingConfig())}
    assert "3.2. Burgerlijke staat › Beschrijving van de indicator" in sections  # a part of the numbered section above it


def test_carriage_returns_inside_a_pdf_line_and_doubled_hyphens_are_no_breaks() -> None:
    from index.cleaning import normalize

    assert normalize("WWB-\u00ad\u2010uitkering op www.i-\u2010spiegel.nl") == "WWB-uitkering op www.i-spiegel.nl"


def test_a_bullet_list_set_with_tabs_is_a_list_not_a_table() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    items = ["Is het resultaat acceptabel of niet?", "Welke verklaringen bestaan er?", "Wegen de kosten op tegen de baten?"]
    lines = [Line("Tijdens de diagnose stelt u zichzelf de volgende vragen:", 0.80, 10, False)] + [
        Line(f"•   {item}", 0.78 - 0.02 * n, 10, False, cells=((72.0, "•"), (90.0, item))) for n, item in enumerate(items)
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, lines)])
    assert not any(b.kind == "table" for b in blocks)
    assert "• Wegen de kosten op tegen de baten?" in "\n".join(b.text for b in blocks)


def test_a_short_title_a_little_larger_than_the_text_below_it_is_a_heading() -> None:
    from index.cleaning import clean_layout_pages
    from index.layout import Line

    text = "Gemiddeld gezien worden mantelzorgers ouder en behoren ze steeds vaker tot de groep ouderen zelf"
    lines = [
        Line("naaste terwijl ze zelf kampen met twee of meer gezondheids- of sociale problemen.", 0.854, 11, False),
        Line("Leeftijd", 0.820, 12, False),  # space above it, 12 pt over 11 pt
        Line(text, 0.802, 11, False),
        Line("en dat vraagt om ondersteuning door de gemeente en de huisarts in de wijk.", 0.784, 11, False),
        Line("Gezondheid speelt tevens een belangrijke rol in dit scenario van de zorg.", 0.750, 11, False),
    ]
    blocks, _title, _dropped = clean_layout_pages([(1, lines)])
    assert [b.text for b in blocks if b.kind == "heading"] == ["Leeftijd"]


def test_a_signers_initial_is_no_fax_number_and_an_endnote_no_part_of_the_name() -> None:
    note = (
        "i Snelstudies zijn kortlopende onderzoeken binnen de Toekomstagenda naar mobiliteit en ruimte, die de "
        "provincie laat uitvoeren om snel te leren wat werkt."
    )
    text = (
        "Geachte Statenleden,\n\nHierbij bied ik u de snelstudie over deelfietsen en deelscooters in de provincie aan.\n\n"
        f"Hoogachtend,\n\nF. (Floor) Vermeulen\n\n{note}\n\nT. (070) 441 66 11"
    )
    blocks = clean_pages([(2, text)])
    content = [(b.reason, b.text) for b in blocks if b.kind == "text"]
    assert ("signature", "F. (Floor) Vermeulen") in content  # the name signs: "F." is no fax number
    assert ("", note) in content  # a note marked "i" does not run on from the name above it
    assert [b.text for b in blocks if b.reason == "address"] == ["T. (070) 441 66 11"]  # a telephone number is
