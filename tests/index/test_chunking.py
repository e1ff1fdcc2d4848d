from __future__ import annotations

import itertools

from index.chunking import chunk_document, split_sentences
from index.cleaning import clean_pages
from index.config import ChunkingConfig
from index.models import DocumentMeta

META = DocumentMeta(source="a.txt", title="Jaarplan", date="2022", type="jaarplan")


def _long_paragraph(n: int) -> str:
    return " ".join(f"Zin nummer {i} gaat over het programma en de regio." for i in range(n))


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Dit is o.a. een test van dhr. Jansen. H.F. van Oosterhout tekende. Daarna volgde 2023."
    assert split_sentences(text) == [
        "Dit is o.a. een test van dhr. Jansen.",
        "H.F. van Oosterhout tekende.",
        "Daarna volgde 2023.",
    ]


def test_chunks_fit_the_size_overlap_and_keep_sections() -> None:
    text = f"INLEIDING\n\nKorte inleiding over het programma met genoeg woorden om mee te tellen hier.\n\nFINANCIEN\n\n{_long_paragraph(40)}"
    cfg = ChunkingConfig(max_words=60, min_words=10, overlap_sentences=1)
    chunks = chunk_document(META, clean_pages([(None, text)]), cfg)
    assert chunks[0].section == "INLEIDING"
    money = [c for c in chunks if c.section == "FINANCIEN"]
    assert len(money) >= 5
    assert all(len(c.text.split()) <= 60 for c in chunks)
    # consecutive passages of a section share one sentence
    for a, b in itertools.pairwise(money):
        assert split_sentences(a.text)[-1] == split_sentences(b.text)[0]
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_a_short_section_leads_the_next_unless_its_long_heading_makes_it_a_decision_of_its_own() -> None:
    item = "## 11. Regeling nadere eisen identificatiemiddelen, authenticatiediensten en machtigingsdiensten (Staatssecretaris van BZK)"
    text = f"## b. Woontop d.d. 11 december 2024\n\n{item}\n\nAangehouden tot een volgende vergadering.\n\n## 12. Gaswinning\n\n{_long_paragraph(3)}"
    chunks = chunk_document(META, clean_pages([(None, text)]), ChunkingConfig(max_words=60, min_words=10, overlap_sentences=1))
    assert [c.section for c in chunks] == [item[3:], "12. Gaswinning"]
    assert chunks[0].text.startswith("b. Woontop")  # a heading with nothing under it leads the next section
    assert "Aangehouden tot een volgende vergadering." in chunks[0].text


def test_a_section_is_named_with_the_part_it_stands_in() -> None:
    # A written consultation: the parties' headings stand over their questions (part I) and again over
    # the minister's answers (part II). The answer must not be cited as the party's contribution.
    party = "Inbreng van de leden van de D66-fractie"

    def body(topic: str, n: int) -> str:
        return " ".join(f"Zin {i} van dit deel gaat over {topic} in de regio." for i in range(n))

    pages = [
        f"# Verslag van een schriftelijk overleg\n\n## Samenvatting\n\n{body('de samenvatting', 3)}",
        f"# I Vragen en opmerkingen uit de fracties\n\n## {party}\n\n{body('de vragen', 3)}",
        f"## Grondslagen\n\n{body('de grondslagen', 3)}",
        f"# II Reactie van de minister\n\n## {party}\n\n{body('de antwoorden', 12)}",
        f"BIJLAGE CIJFERS\n\n{body('de cijfers', 3)}",
    ]
    blocks = clean_pages(list(enumerate(pages, start=1)))
    chunks = chunk_document(META, blocks, ChunkingConfig(max_words=60, min_words=10, overlap_sentences=1))
    sections = list(dict.fromkeys(c.section for c in chunks))
    assert sections == [
        "Samenvatting",  # the document's first heading (its title) is no part
        f"I Vragen en opmerkingen uit de fracties › {party}",
        "I Vragen en opmerkingen uit de fracties › Grondslagen",
        f"II Reactie van de minister › {party}",
        # a heading guessed from its text alone stands under the last marked one, and holds none itself
        f"{party} › BIJLAGE CIJFERS",
    ]
    answers = [c for c in chunks if c.section == f"II Reactie van de minister › {party}"]
    assert answers[0].text.startswith("II Reactie van de minister\n" + party)  # the part's heading has no text of its own
    # the passages after the first carry their own heading to the model and the keyword index, not the part's:
    # "minister" in every answer would outrank the one that answers a question about the minister
    assert len(answers) >= 2
    assert answers[1].lexical_text().startswith(party + "\n") and "Reactie" not in answers[1].embed_text()


def test_the_headings_over_a_documents_first_text_are_its_title_block_not_its_parts() -> None:
    # Kamervragen on a web page: two h1 (the questions, the answer) stand at the top, then "Vraag 1",
    # "Antwoord 1", ...: a question is not part of the minister's answer.
    text = (
        "# Vragen van de leden Van Weyenberg en Kat aan de minister over de Tozo\n\n"
        "# Antwoord van minister Koolmees (ontvangen 21 juni 2021)\n\n"
        f"## Vraag 1\n\n{_long_paragraph(2)}\n\n## Antwoord 1\n\n{_long_paragraph(2)}"
    )
    chunks = chunk_document(META, clean_pages([(None, text)]), ChunkingConfig(max_words=60, min_words=10, overlap_sentences=1))
    assert [c.section for c in chunks] == ["Vraag 1", "Antwoord 1"]


def test_ids_are_stable_and_unique() -> None:
    blocks = clean_pages([(None, _long_paragraph(30))])
    first = chunk_document(META, blocks, ChunkingConfig(max_words=50))
    again = chunk_document(META, blocks, ChunkingConfig(max_words=50))
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)


def test_letterhead_and_signature_are_passages_of_their_own() -> None:
    text = (
        "Postbus 30001\n7800 RA Emmen\n\nGeachte leden,\n\nDe inhoud van de brief gaat over DTZ en de regio.\n\n"
        "Hoogachtend,\nde burgemeester\n\nP.S. De bijlage volgt later deze week, samen met de begroting voor 2025."
    )
    chunks = chunk_document(META, clean_pages([(None, text)]), ChunkingConfig(min_words=1))
    assert [(c.kind, c.text) for c in chunks] == [
        ("letterhead", "Geachte leden,"),  # the address itself is not content
        ("text", "De inhoud van de brief gaat over DTZ en de regio."),
        ("signature", "Hoogachtend, de burgemeester"),
        ("text", "P.S. De bijlage volgt later deze week, samen met de begroting voor 2025."),  # after the signature: content
    ]


def test_pages_are_carried_to_chunks() -> None:
    chunks = chunk_document(
        META,
        clean_pages([(1, "Eerste pagina tekst over de regio."), (2, "Tweede pagina over geld.")]),
        ChunkingConfig(max_words=8, min_words=1),
    )
    assert [c.page for c in chunks] == [1, 2]


def test_closing_signature_is_its_own_passage() -> None:
    from index.chunking import is_signature

    assert is_signature("Peter Cool, voorzitter Program Board Dutch TechZone")
    assert is_signature("Jan de Vries, wethouder Economische Zaken")
    assert not is_signature("Emmen, 19 mei 2021")
    assert not is_signature("In 2022 gaan we verder, samen met de partners.")
    text = "VOORWOORD\n\nEen lang verhaal over wandelen in het dorp en over contact met elkaar.\n\nPeter Cool, voorzitter Program Board"
    chunks = chunk_document(META, clean_pages([(None, text)]), ChunkingConfig())
    assert [c.text for c in chunks][-1] == "Peter Cool, voorzitter Program Board"
    assert chunks[-1].section == "VOORWOORD"
