"""Reading files made by real tools (fpdf2, python-docx): what reaches the passages, with pages and metadata.

The samples (tests/data/make_samples.py) have what council documents have: a letterhead and
reference block, a signature with a P.S. after it, a table over two pages, a title page, a
table of contents, numbered headings, running headers and page numbers, a paragraph that runs
over a page break, an article typed in a Word heading style, a table between paragraphs, and
web-page text inside <div>s.
"""

from __future__ import annotations

import re
import shutil

import pytest

from index import Library
from index.citation import locator
from index.config import config_from_dict
from index.reading import read_document
from tests.conftest import DATA, make_config

pytestmark = pytest.mark.unit
CFG = config_from_dict({})


def read(name: str):
    return read_document(name, DATA / name, CFG)


def test_letter_pdf_letterhead_signature_and_ps() -> None:
    doc = read("brief-met-briefhoofd.pdf")
    assert (doc.meta.title, doc.meta.date, doc.meta.type) == (
        "Jaarverslag 2023 en jaarplan 2024 Dutch TechZone",
        "2024-05-07",
        "raadsinformatiebrief",
    )
    assert dict(doc.derived_from) == {"title": "subject line", "date": "date line", "type": "first lines", "sender": "first page"}
    assert doc.meta.sender == "Gemeente Emmen"  # the letterhead
    by_kind: dict[str, list[str]] = {}
    for c in doc.chunks:
        by_kind.setdefault(c.kind, []).append(c.text)
    assert any("Ons kenmerk: Z2024-0457" in t and "Geachte leden van de raad," in t for t in by_kind["letterhead"])
    assert by_kind["signature"] == ["Met vriendelijke groet, burgemeester en wethouders van Emmen, J. Jansen, burgemeester"]
    body = " ".join(by_kind["text"])
    assert "P.S. De presentatie van het jaarplan volgt op 12 juni 2024 in het raadhuis." in body  # after the signature: content
    assert "Geachte" not in body and "Met vriendelijke groet" not in body
    assert not any("7811 AP" in c.text or "Postbus 30001" in c.text for c in doc.chunks)  # the address is not content
    assert ("address", 1) in doc.dropped or any(reason == "address" for reason, _ in doc.dropped)
    rows = [c for c in doc.chunks if c.kind == "table"]
    assert {c.page for c in rows} == {1, 2}  # the table runs onto page 2 ...
    page2 = next(c for c in rows if c.page == 2)
    assert re.match(r"Gemeente: [A-Z][a-z-]+; Jaar: 20\d\d; Bijdrage: [\d.]+,00", page2.text)  # ... with its header


def test_report_pdf_headings_running_header_toc_and_page_break() -> None:
    doc = read("jaarplan-met-inhoud.pdf")
    assert (doc.meta.title, doc.meta.date, doc.meta.type) == ("Jaarplan 2025 Dutch TechZone", "2025-01", "jaarplan")
    texts = [c.text for c in doc.chunks]
    assert not any("- 3 -" in t for t in texts)
    assert [c.page for c in doc.chunks if "Jaarplan 2025 Dutch TechZone" in c.text] == [1]  # the title, not the running header
    assert dict(doc.dropped) == {"running header": 3, "page number": 3}
    toc = [c for c in doc.chunks if c.kind == "toc"]
    assert len(toc) == 1 and toc[0].page == 2 and toc[0].text.startswith("Inhoud\n1. Inleiding 3")
    sections = {c.section: c for c in doc.chunks if c.kind == "text"}
    # a numbered sub-section is named with its chapter; its text starts with its own heading
    assert {"1. Inleiding", "2. Financien", "2. Financien › 2.1 Bijdragen van de gemeenten"} <= set(sections)
    sub = sections["2. Financien › 2.1 Bijdragen van de gemeenten"]
    assert sub.text.startswith("2.1 Bijdragen van de gemeenten\nDe gemeenten betalen")
    spanning = sections["2. Financien"]
    assert (spanning.page, spanning.page_end) == (3, 4)
    assert "zoals in de samenwerkingsovereenkomst is afgesproken" in spanning.text  # joined over the page break
    assert locator(spanning) == "blz. 3-4, onderdeel “2. Financien”"
    assert doc.words == doc.kept_words + 3 * 4 + 3 * 3  # only the running header (4 words) and page numbers ("- 2 -") left out


def test_toc_does_not_outrank_the_answer(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(DATA / "jaarplan-met-inhoud.pdf", kb)
    lib = Library(make_config(tmp_path, kb), fake)
    lib.build()
    answer = lib.ask("Bijdragen van de gemeenten")
    assert answer.passages[0].chunk.section == "2. Financien › 2.1 Bijdragen van de gemeenten"
    assert answer.passages[0].chunk.kind == "text"


def test_docx_heading_styled_article_and_table_in_place() -> None:
    doc = read("overeenkomst.docx")
    text = "\n".join(c.text for c in doc.chunks)
    article = "Artikel 1. De partijen werken samen aan de economische structuurversterking van Zuidoost-Drenthe"
    assert article in text  # a long paragraph in a heading style is text, not only a section name
    assert text.index(article) < text.index("Partij: Gemeente Emmen; Bijdrage: 107.863 euro") < text.index("Artikel 2.")
    assert doc.meta.type == "overeenkomst"


def test_html_text_inside_divs() -> None:
    doc = read("divs.html")
    text = " ".join(c.text for c in doc.chunks)
    assert "De raad bespreekt het jaarplan 2024 van Dutch TechZone. Aanvang 19.30 uur." in text
    assert "Locatie: raadzaal, Raadhuisplein 1 in Emmen." in text
    assert "Menu" not in text and "Contact" not in text
    assert (doc.meta.title, doc.meta.date, doc.meta.type) == ("Agenda gemeenteraad 12 juni 2024", "2024-06-12", "webpagina")


def test_no_sentence_twice_in_a_passage() -> None:
    from index.chunking import split_sentences

    for name in ("brief-met-briefhoofd.pdf", "jaarplan-met-inhoud.pdf", "overeenkomst.docx", "divs.html"):
        for c in read(name).chunks:
            sentences = split_sentences(c.text)
            assert len(sentences) == len(set(sentences)), (name, c.text)


def test_two_text_columns_are_read_column_by_column() -> None:
    doc = read_document("twee-kolommen.pdf", DATA / "twee-kolommen.pdf", config_from_dict({}))
    text = "\n".join(c.text for c in doc.chunks)
    left = "Elke hub heeft een eigen thema, zoals logistiek of duurzame energie."
    right = "De financiering komt van de vijf gemeenten en de provincie."
    assert left in text and right in text  # whole sentences: the columns were not read across
    assert text.index(left) < text.index(right)  # the left column first
    assert all(c.kind == "text" for c in doc.chunks)  # prose columns are no table


def test_a_party_heading_under_the_ministers_reply_is_cited_with_that_part() -> None:
    # kamerstuk-verslag.pdf, page 2: bold "I Vragen ..." and "II Reactie van de minister ...", each with the
    # same bold party heading under it. A part numbered I, II ... ranks above the headings in its type.
    doc = read("kamerstuk-verslag.pdf")
    sections = {c.section: c for c in doc.chunks if c.page == 2}
    party = "Inbreng van de leden van de D66-fractie"
    assert set(sections) == {
        f"I Vragen en opmerkingen uit de fracties › {party}",
        f"II Reactie van de minister van Economische Zaken › {party}",
    }
    answer = sections[f"II Reactie van de minister van Economische Zaken › {party}"]
    assert "Regiofonds" in answer.text and answer.text.startswith("II Reactie van de minister")
    assert doc.meta.title == "Regionale economie. Verslag van een schriftelijk overleg (Kamerstuk 36 410, nr. 12)"


def test_a_letters_next_page_header_is_not_content_and_a_run_of_labels_gives_date_and_subject() -> None:
    doc = read("brief-twee-paginas.pdf")
    assert (doc.meta.title, doc.meta.date) == ("Toezeggingen commissie Bestuur en Middelen", "2024-12-10")
    assert dict(doc.derived_from)["date"] == "date line"
    page_two = [c for c in doc.chunks if c.page == 2]
    assert page_two and all("blad 2-2" not in c.text and "Gemeente Emmen," not in c.text for c in page_two)
    assert any(
        c.text.startswith("Om verwarring te voorkomen") and "De legesverordening is inmiddels gewijzigd" in c.text
        for c in page_two
    )
    assert dict(doc.dropped) == {"running header": 2, "page number": 1}  # "Gemeente Emmen,", the reference, "blad 2-2"


def test_a_margin_column_on_every_page_is_no_text_and_still_dates_the_letter() -> None:
    doc = read("brief-kantlijn.pdf")
    text = " ".join(c.text for c in doc.chunks if c.kind == "text")
    assert "Kenmerk" not in text and "8 december 2025" not in text  # it stood beside the text, on every page
    # the sentence that runs over each page break is whole again
    assert text.count("luidt dat het realiseren van het resterende werk een vaste planning vraagt, zo stelt het college.") == 2
    assert (doc.meta.date, dict(doc.derived_from)["date"]) == ("2025-12-08", "date line in the margin")
    assert doc.meta.sender == "Adviescollege ICT-toetsing"  # a body by the head of its name, in the file's properties
    # "Geachte minister, Het project ...": the salutation is the letter's frame, the paragraph after it is text
    assert any(c.kind == "text" and c.text.startswith("Het project werkt met een functionaliteitenlijst") for c in doc.chunks)
    frame = [c for c in doc.chunks if "Geachte" in c.text]
    assert [(c.kind, c.text.rsplit("\n", 1)[-1]) for c in frame] == [("letterhead", "Geachte minister,")]
    # the addressee and subject above it are the letterhead too, no section of the letter's text
    assert "Aan de minister van Binnenlandse Zaken" in frame[0].text and all(c.section is None for c in doc.chunks)


def test_a_motion_keeps_its_text_whole_over_the_page_and_its_movers_as_signature() -> None:
    doc = read("motie-twee-paginas.pdf")
    assert doc.meta.title == "Motie van de leden Holman en van Campen (Kamerstuk 28 286, nr. 1366)"
    assert doc.meta.date == "2024-12-05"
    text = " ".join(c.text for c in doc.chunks if c.kind == "text")
    assert "specifieke handelingen zelfstandig uit te voeren, en gaat over tot de orde van de dag." in text
    assert "ISSN" not in text and "kst-28286-1366" not in text and "nr. 1366 1" not in text
    assert [c.text for c in doc.chunks if c.kind == "signature"] == ["Holman Van Campen"]
    assert all(c.section != "Holman" for c in doc.chunks)  # the names in bold are no heading
    assert dict(doc.dropped) == {"running footer": 4}
