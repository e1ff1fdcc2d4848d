from __future__ import annotations

import pytest

from index import Library
from index.analysis import fold_spaces, query_terms
from tests.conftest import make_config


def one_document_library(tmp_path, fake, text: str, name: str = "document.txt") -> Library:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / name).write_text(text, encoding="utf-8")
    lib = Library(make_config(tmp_path, kb), fake)
    lib.build()
    return lib


def test_hybrid_search_finds_the_passage_with_citation(config, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    answer = lib.ask("Tot wanneer loopt de samenwerkingsovereenkomst?")
    top = answer.passages[0]
    assert "31 december 2025" in top.chunk.text
    assert top.chunk.source == "2025-coevorden-verlenging.txt"
    assert answer.answered
    data = answer.as_dict()
    assert set(data) == {"question", "answered", "passages"}
    assert set(data["passages"][0]) >= {"text", "title", "date", "type", "source", "page", "section", "score"}


def test_unanswerable_question_abstains_and_lists_sources(config, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    answer = lib.ask("Wat is de hoofdstad van Frankrijk?")
    assert not answer.answered
    assert answer.passages  # the nearest sources are still listed


def test_at_most_n_passages_per_document(tmp_path, knowledge, fake) -> None:
    long_doc = "\n\n".join(f"Onderdeel {n}\n\nHet programmabureau organiseert bijeenkomst {n} over de regio." for n in range(10))
    (knowledge / "lang.txt").write_text(long_doc)
    lib = Library(make_config(tmp_path, knowledge, search={"max_per_document": 1, "top_k": 3}), fake)
    lib.build()
    answer = lib.ask("bijeenkomst programmabureau regio")
    sources = [p.chunk.source for p in answer.passages]
    assert len(sources) == len(set(sources)) == 3


def test_offset_gives_the_next_passages(config, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    first = lib.ask("DTZ regio samenwerking", k=2)
    more = lib.ask("DTZ regio samenwerking", k=2, offset=2)
    assert {p.chunk.id for p in first.passages}.isdisjoint({p.chunk.id for p in more.passages})


def test_empty_question_and_empty_index(tmp_path, fake) -> None:
    kb = tmp_path / "leeg"
    kb.mkdir()
    lib = Library(make_config(tmp_path, kb), fake)
    report = lib.build()
    assert report.chunks == 0
    assert lib.ask("Wat is DTZ?").passages == ()
    assert not lib.ask("   ").answered


def test_compound_parts_match_dutch_compounds(tmp_path, fake) -> None:
    from index.search import COMPOUND_EVIDENCE, compound_expansions, coverage, lexical_terms

    lib = one_document_library(
        tmp_path,
        fake,
        "Rekenkameronderzoek\n\nHet rekenkameronderzoek naar DTZ is uitgevoerd door drie gemeenten samen.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en aan de maakindustrie in Emmen en Coevorden.",
    )
    (rekenkamer,) = query_terms("rekenkamer")
    assert compound_expansions(lib.stored, rekenkamer) == ["rekenkameronderzoek"]
    assert compound_expansions(lib.stored, query_terms("regio")[0]) == []  # no compound holds it
    # A term the index lacks is replaced by its compounds at full weight.
    assert lexical_terms(lib.stored, [rekenkamer]) == (["rekenkameronderzoek"], [])
    answer = lib.ask("Wat deed de rekenkamer?")
    assert "rekenkameronderzoek naar DTZ" in answer.passages[0].chunk.text
    ids = [i for i, c in enumerate(lib.stored.chunks) if "rekenkameronderzoek" in c.text]
    # ... but as evidence for an answer a compound counts for less than the word itself.
    assert coverage(lib.stored, (rekenkamer,), ids) == COMPOUND_EVIDENCE
    (onderzoek,) = query_terms("onderzoek")
    assert coverage(lib.stored, (rekenkamer, onderzoek), ids) < 1.0


def test_compounds_of_a_known_word_match_at_part_weight(tmp_path, fake) -> None:
    from index.search import lexical_scores, lexical_terms

    lib = one_document_library(
        tmp_path,
        fake,
        "Rapport\n\nHet evaluatierapport is opgesteld door ERAC impact en bespreekt de resultaten.\n\n"
        "Vervolg\n\nEen evaluatie van de koers volgt later, zeggen de bestuurders in de regio.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en aan de maakindustrie in Emmen en Coevorden.",
    )
    terms = query_terms("evaluatie")
    assert terms[0].stem != "evaluatie"  # the stemmer cuts the word, the compound holds the word
    full, part = lexical_terms(lib.stored, terms)
    assert full == [terms[0].stem] and part == ["evaluatierapport"]
    scores = lexical_scores(lib.stored, (full, part))
    by_text = {c.text.split()[2]: float(scores[i]) for i, c in enumerate(lib.stored.chunks)}  # after the heading
    assert by_text["evaluatie"] > by_text["evaluatierapport"] > 0 == by_text["regio"]


def test_a_verb_with_a_prefix_is_another_verb_not_a_compound(tmp_path, fake) -> None:
    from index.search import compound_expansions

    lib = one_document_library(
        tmp_path,
        fake,
        "Bureau\n\nHet programmabureau verleidt en bundelt krachten in de regio en herstelt het vertrouwen.\n\n"
        "Leiding\n\nDe directeur leidt het programmabureau sinds 2020, en stelt elk jaar een jaarplan op.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en de kosten worden gemaakt door de gemeenten samen.",
    )
    assert "verleidt" not in compound_expansions(lib.stored, query_terms("leidt")[0])  # to tempt is not to lead
    assert "herstelt" not in compound_expansions(lib.stored, query_terms("stelt")[0])
    assert "programmabureau" in compound_expansions(lib.stored, query_terms("bureau")[0])  # a compound still is one
    (best,) = lib.rank_ids("Wie leidt het programmabureau?", 1, "lexical")
    assert "De directeur leidt" in next(c for c in lib.stored.chunks if c.id == best).text


def test_a_compound_the_documents_lack_matches_its_parts(tmp_path, fake) -> None:
    from index.lexical import compound_parts
    from index.search import COMPOUND_EVIDENCE, compound_expansions, coverage

    lib = one_document_library(
        tmp_path,
        fake,
        "Thema's\n\nDTZ werkt aan vier thema's: groene chemie, HTSM, logistiek en duurzame energie.\n\n"
        "Bureau\n\nHet programmabureau bestaat uit een programmamanager en een secretaris.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en aan de maakindustrie in Emmen en Coevorden.",
    )
    # "hoofdthema" is nowhere, its head "thema" is; the part before it ("hoofd") is not, so only the head counts
    (hoofdthema,) = query_terms("hoofdthema")
    thema = query_terms("thema")[0].stem
    assert compound_expansions(lib.stored, hoofdthema) == [thema]
    assert compound_parts(lib.stored, "energiethema") == [thema, query_terms("energie")[0].stem]  # both parts
    answer = lib.ask("Wat zijn de hoofdthema's van DTZ?")
    assert "vier thema's" in answer.passages[0].chunk.text
    ids = [i for i, c in enumerate(lib.stored.chunks) if "vier thema's" in c.text]
    assert coverage(lib.stored, (hoofdthema,), ids) == COMPOUND_EVIDENCE  # a part is weaker evidence than the word
    assert compound_parts(lib.stored, "energiethema's") == compound_parts(lib.stored, "energiethema")  # the plural
    assert compound_parts(lib.stored, "wetsthema")[1:] == []  # "wet" is nowhere
    assert compound_parts(lib.stored, "secretarisfunctie") == []  # "functie" is not in the documents: no head
    assert compound_parts(lib.stored, "thema" * 20) == []  # no compound: not split at all
    # a stem cut short ("kering" -> "eer") or a word with digits is no compound
    assert compound_parts(lib.stored, "waterstofkering") == [] and compound_parts(lib.stored, "regio2024") == []


def test_ocr_damaged_words_are_found(tmp_path, fake) -> None:
    from index.search import compound_expansions, coverage, one_edit

    assert one_edit("coordinatieteam", "codrdinatieteam") and one_edit("abcdefg", "abcdefgh") and one_edit("abcdefg", "bcdefg")
    assert not one_edit("coordinatie", "coordinatie") and not one_edit("programma", "prograamma x")
    lib = one_document_library(
        tmp_path,
        fake,
        "Organisatie\n\nVanuit de Program Board is het Codrdinatieteam ingesteld dat elke maand vergadert.\n\n"
        "Geld\n\nDe gemeenten betalen samen het programmabureau en de projecten in de regio.",
    )
    (coordinatieteam,) = query_terms("coördinatieteam")
    assert compound_expansions(lib.stored, coordinatieteam) == ["codrdinatieteam"]
    (best,) = lib.rank_ids("Wat doet het coördinatieteam?", 1, "lexical")
    chunk = next(c for c in lib.stored.chunks if c.id == best)
    assert "Codrdinatieteam" in chunk.text
    assert coverage(lib.stored, (coordinatieteam,), [chunk.position]) == 1.0


def test_a_common_word_one_letter_off_is_not_ocr_damage(tmp_path, fake) -> None:
    from index.search import compound_expansions

    # "overlegd" (submitted) is one letter from "overleed" (the stem of "overleden") and about as common:
    # a word of its own, not a damaged "overleden". A rare one-letter-off form ("ovcrleden") still is.
    kb = tmp_path / "kb"
    kb.mkdir()
    texts = ["Het paspoort van een burger die overleden is, wordt ingeleverd bij de gemeente."] * 10
    texts += ["Bij de aanvraag wordt een uittreksel overlegd aan de balie."] * 3
    texts += ["Het register van ovcrleden burgers wordt bewaard."]
    for n, text in enumerate(texts):
        (kb / f"pagina-{n}.txt").write_text(text, encoding="utf-8")
    lib = Library(make_config(tmp_path, kb), fake)
    lib.build()
    (overleden,) = query_terms("overleden")
    expansions = compound_expansions(lib.stored, overleden)
    assert "ovcrleed" in expansions and "overlegd" not in expansions


def test_one_of_several_translations_is_enough_evidence(tmp_path, fake) -> None:
    from index.search import coverage
    from index.translate import to_dutch

    lib = one_document_library(
        tmp_path,
        fake,
        "Marketing\n\nVoor marketing zijn aanvullende middelen nodig buiten het programmabudget.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en aan de maakindustrie in Emmen en Coevorden.",
    )
    terms = tuple(query_terms(to_dutch("How much money goes to marketing?")))  # money: geld|middelen
    ids = [i for i, c in enumerate(lib.stored.chunks) if "middelen" in c.text]
    assert coverage(lib.stored, terms, ids) == 1.0  # "geld" is absent, "middelen" is there
    assert coverage(lib.stored, tuple(query_terms("geld middelen marketing")), ids) < 1.0  # plain words: all count


def test_recency_questions_prefer_newer_documents(tmp_path, fake) -> None:
    from index.signals import date_value, recency, wants_recent

    assert wants_recent("Hoeveel gemeenten doen nu mee?") and wants_recent("Wat staat er in het laatste jaarplan?")
    assert wants_recent("Which municipalities currently take part?") and not wants_recent("Hoeveel gemeenten doen mee?")
    assert date_value("2025") == 2025.0 and date_value("2022-07") == 2022.5 and date_value("onbekend") is None
    assert list(recency(["2021-05-19", "2025", "", "2023-01"])) == [0.0, 1.0, 0.0, pytest.approx(0.4473, abs=1e-3)]

    kb = tmp_path / "kb"
    kb.mkdir()
    old = "Aan DTZ doen vier gemeenten mee. Deze gemeenten dragen samen de kosten van DTZ.\n"
    (kb / "oud.txt").write_text(f"---\ntitle: Oud\ndate: 2021\n---\n{old}", encoding="utf-8")
    (kb / "nieuw.txt").write_text("---\ntitle: Nieuw\ndate: 2025\n---\nAan DTZ doen vijf gemeenten mee.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")
    question = "Hoeveel gemeenten doen mee aan DTZ?"
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    assert lib.ask(question).passages[0].chunk.title == "Oud"  # the better match, without a wish for the latest
    assert lib.ask(question.replace("doen", "doen nu")).passages[0].chunk.title == "Nieuw"
    plain = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0, "recency_bonus": 0.0}), fake)
    assert plain.ask(question.replace("doen", "doen nu")).passages[0].chunk.title == "Oud"  # the bonus made the difference


def _scores(tmp_path, kb, fake, question: str, **bonus: float) -> dict[str, float]:
    """Score per document; an even fusion of the fake embedder's cosine and BM25, so that passages are close without a bonus."""
    search = {"min_evidence": 0.0, "dense_weight": 0.5, **bonus}
    lib = Library(make_config(tmp_path, kb, search=search), fake)
    lib.ensure_built()
    return {p.chunk.source: p.score for p in lib.ask(question).passages}


def test_quantity_questions_prefer_passages_with_amounts(tmp_path, fake) -> None:
    from index.signals import asks_quantity, has_quantity

    assert asks_quantity("Hoeveel betaalt Emmen?") and asks_quantity("Wat kost het programmabureau?")
    assert asks_quantity("How much do the municipalities pay?") and not asks_quantity("Wie betaalt het programmabureau?")
    assert has_quantity(fold_spaces("Emmen 107.863")) and has_quantity(fold_spaces("Aan DTZ doen vier gemeenten mee."))
    assert not has_quantity(fold_spaces("In 2022 en 2023 werkte de regio samen."))  # years are no amounts
    assert has_quantity(fold_spaces("Het programma rust op een viertal pijlers."))

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "wie.txt").write_text("De gemeente Emmen betaalt mee aan DTZ en het programmabureau.\n", encoding="utf-8")
    (kb / "bedrag.txt").write_text("De gemeente Emmen betaalt 107.863 euro per jaar aan DTZ.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")

    def scores(question: str, bonus: float) -> dict[str, float]:
        return _scores(tmp_path, kb, fake, question, quantity_bonus=bonus)

    question = "Hoeveel betaalt de gemeente Emmen aan DTZ?"
    plain, bonus = scores(question, 0.0), scores(question, 0.2)
    assert bonus["bedrag.txt"] == pytest.approx(plain["bedrag.txt"] + 0.2) and bonus["wie.txt"] == pytest.approx(plain["wie.txt"])
    assert max(plain, key=plain.__getitem__) == "wie.txt" and max(bonus, key=bonus.__getitem__) == "bedrag.txt"
    other = "Wie betaalt er mee aan DTZ in de gemeente Emmen?"  # not a quantity question: no bonus
    assert scores(other, 0.2) == scores(other, 0.0)


def test_a_count_of_what_is_counted_beats_any_number(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "telling.txt").write_text("Bijdrage 4 gemeenten aan DTZ in 2021.\n", encoding="utf-8")
    (kb / "getal.txt").write_text("De gemeenten van DTZ betaalden samen 286.412 euro in 2021.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")
    question = "Hoeveel gemeenten betaalden in 2021 mee aan DTZ?"
    plain = _scores(tmp_path, kb, fake, question, quantity_bonus=0.0)
    bonus = _scores(tmp_path, kb, fake, question, quantity_bonus=0.3)
    assert max(plain, key=plain.__getitem__) == "getal.txt"  # more of the question's words
    # both state a number (0.3 each); only one counts the municipalities (twice that again)
    assert bonus["getal.txt"] == pytest.approx(plain["getal.txt"] + 0.3)
    assert bonus["telling.txt"] == pytest.approx(plain["telling.txt"] + 0.3 * 3)
    assert max(bonus, key=bonus.__getitem__) == "telling.txt"


def test_date_questions_prefer_passages_with_a_date(tmp_path, fake) -> None:
    from index.signals import asks_date, has_date

    assert asks_date("Wanneer is de overeenkomst getekend?") and asks_date("In welk jaar trad Borger-Odoorn toe?")
    assert asks_date("When was the agreement signed?") and not asks_date("Hoeveel gemeenten doen mee?")
    assert has_date(fold_spaces("Dat is op 6 november 2024 gebeurd.")) and has_date(fold_spaces("Datum: 7-5-2024"))
    assert has_date(fold_spaces("Sinds maart werkt het bureau zo.")) and not has_date(fold_spaces("Het bureau telt 4 mensen."))

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "zonder.txt").write_text("De vragen over het budget zijn aan de minister voorgelegd.\n", encoding="utf-8")
    (kb / "datum.txt").write_text("De vragen zijn op 6 november aan de minister voorgelegd.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")

    def scores(question: str, bonus: float) -> dict[str, float]:
        return _scores(tmp_path, kb, fake, question, date_bonus=bonus)

    question = "Wanneer zijn de vragen over het budget aan de minister voorgelegd?"
    plain, bonus = scores(question, 0.0), scores(question, 1.0)
    assert bonus["datum.txt"] == pytest.approx(plain["datum.txt"] + 1.0) and bonus["zonder.txt"] == pytest.approx(
        plain["zonder.txt"]
    )
    assert max(plain, key=plain.__getitem__) == "zonder.txt" and max(bonus, key=bonus.__getitem__) == "datum.txt"
    other = "Welke vragen zijn over het budget aan de minister voorgelegd?"  # not a date question: no bonus
    assert scores(other, 1.0) == scores(other, 0.0)


def test_who_questions_prefer_passages_that_name_who(tmp_path, fake) -> None:
    from index.answerability import answers_who

    assert answers_who("Wie is de voorzitter van de Program Board?", "Peter Cool, voorzitter Program Board Dutch TechZone")
    assert not answers_who("Wie is de voorzitter van de Program Board?", "De voorzitter van de Program Board leidt het overleg.")
    assert answers_who("Wie heeft DTZ geëvalueerd?", "In 2020 verscheen het evaluatierapport opgesteld door ERAC impact.")
    assert not answers_who("Wie heeft DTZ geëvalueerd?", "Momenteel loopt er een evaluatie van de samenwerking.")

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "rol.txt").write_text("De voorzitter van de Program Board leidt het overleg van de Program Board.\n", encoding="utf-8")
    (kb / "naam.txt").write_text("Peter Cool, voorzitter Program Board.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")

    def scores(question: str, bonus: float) -> dict[str, float]:
        return _scores(tmp_path, kb, fake, question, person_bonus=bonus)

    question = "Wie is de voorzitter van de Program Board?"
    plain, bonus = scores(question, 0.0), scores(question, 1.0)
    assert bonus["naam.txt"] == pytest.approx(plain["naam.txt"] + 1.0) and bonus["rol.txt"] == pytest.approx(plain["rol.txt"])
    assert max(plain, key=plain.__getitem__) == "rol.txt" and max(bonus, key=bonus.__getitem__) == "naam.txt"
    other = "Wat doet de voorzitter van de Program Board?"  # not a "wie" question: no bonus
    assert scores(other, 1.0) == scores(other, 0.0)


def test_questions_for_several_prefer_passages_that_enumerate(tmp_path, fake) -> None:
    from index.answerability import asks_list, gives_list

    assert asks_list("Welke gemeenten doen mee aan DTZ?") and asks_list("In welke landen zoeken wensouders een draagmoeder?")
    assert asks_list("Welke drie partijen vormen de Triple Helix?") and asks_list("Which municipalities take part?")
    assert not asks_list("Welke gemeente is in 2023 toegetreden?") and not asks_list("Van welke datum is het plan?")
    assert gives_list("de regio Coevorden, Emmen, Hardenberg en Hoogeveen met steun van de provincie")
    assert not gives_list("Als een kind in het buitenland wordt geboren, dan is de vraag of dat mag.")

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "een.txt").write_text("De gemeente Emmen doet mee aan DTZ.\n", encoding="utf-8")
    (kb / "lijst.txt").write_text("Aan DTZ doen Coevorden, Emmen, Hardenberg en Hoogeveen mee.\n", encoding="utf-8")
    (kb / "ander.txt").write_text("De provincie investeert in waterstof en in wegen rond Assen.\n", encoding="utf-8")

    def scores(question: str, bonus: float) -> dict[str, float]:
        return _scores(tmp_path, kb, fake, question, list_bonus=bonus)

    question = "Welke gemeenten doen mee aan DTZ?"
    plain, bonus = scores(question, 0.0), scores(question, 2.0)
    assert bonus["lijst.txt"] == pytest.approx(plain["lijst.txt"] + 2.0) and bonus["een.txt"] == pytest.approx(plain["een.txt"])
    assert max(plain, key=plain.__getitem__) == "een.txt" and max(bonus, key=bonus.__getitem__) == "lijst.txt"
    other = "Doet de gemeente Emmen mee aan DTZ?"  # asks for no list: no bonus
    assert scores(other, 2.0) == scores(other, 0.0)


def test_strict_evaluation_needs_the_phrase_in_a_passage_of_the_source() -> None:
    from index.evaluate import Case, is_hit
    from index.models import Chunk, Passage

    def passage(source: str, text: str) -> Passage:
        return Passage(Chunk("x", source, "T", "", "", None, None, 0, text), 1.0)

    case = Case("Wanneer?", ("31 december 2025",), ("a.txt",), False)
    assert is_hit(case, passage("a.txt", "De overeenkomst loopt tot 31 december 2025."))
    assert not is_hit(case, passage("a.txt", "Een ander stuk van hetzelfde document."))  # right file, no answer
    assert not is_hit(case, passage("b.txt", "Ook in b.txt staat 31 december 2025."))  # the phrase, wrong file
    assert is_hit(case, passage("a.txt", "Een ander stuk van hetzelfde document."), strict=False)  # the older rule
    only_source = Case("Wat staat in a?", (), ("a.txt",), False)
    assert is_hit(only_source, passage("a.txt", "Iets."))


def test_a_year_in_the_question_favours_passages_and_documents_of_that_year(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    for name, year in (("plan-a.md", 2022), ("plan-b.md", 2024)):
        # The same title and text: only the document's date says which year it is about.
        (kb / name).write_text(
            f"---\ntitle: Jaarplan\ndate: {year}-01-15\n---\n# Activiteiten\n\n"
            "Het programmabureau organiseert bijeenkomsten voor ondernemers en onderwijs in de regio.\n",
            encoding="utf-8",
        )

    def top(bonus: float, year: int) -> str:
        lib = Library(make_config(tmp_path, kb, search={"year_bonus": bonus}), fake)
        lib.ensure_built()
        return lib.ask(f"Welke bijeenkomsten organiseert het programmabureau in {year}?").passages[0].chunk.source

    assert [top(0.15, 2022), top(0.15, 2024)] == ["plan-a.md", "plan-b.md"]
    assert top(0.0, 2022) == top(0.0, 2024)  # without the bonus nothing tells them apart


def test_a_letters_date_question_finds_its_letterhead(tmp_path, fake) -> None:
    from index import Library
    from tests.conftest import make_config

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "raadsbrief.txt").write_text(
        "Gemeente Emmen\nDatum: 7 mei 2024\nKenmerk: 24/1234\nOnderwerp: Jaarverslag 2023 Dutch TechZone\n\n"
        "Geachte leden van de raad,\n\n"
        "Hierbij ontvangt u het jaarverslag 2023 van Dutch TechZone. Het verslag beschrijft de projecten van de "
        "partners in de regio en de resultaten van het programmabureau in het afgelopen jaar.\n\n"
        "Met vriendelijke groet,\n\nburgemeester en wethouders van Emmen\n",
        encoding="utf-8",
    )
    lib = Library(make_config(tmp_path, kb), fake)
    lib.build()
    kinds = {c.kind for c in lib.passages()}
    assert "letterhead" in kinds
    dated = lib.ask("Op welke datum is de raadsbrief over het jaarverslag 2023 verstuurd?", k=3)
    assert dated.passages[0].chunk.kind == "letterhead" and "7 mei 2024" in dated.passages[0].chunk.text
    about = lib.ask("Wat beschrijft het jaarverslag 2023 van Dutch TechZone?", k=3)
    assert about.passages[0].chunk.kind == "text"  # for other questions the letterhead still ranks low


def test_english_words_the_translation_does_not_know_are_not_missing_evidence(tmp_path, fake) -> None:
    from index.search import coverage, known_terms, rank

    lib = one_document_library(
        tmp_path,
        fake,
        "Financien\n\nDe kosten van het programma worden evenredig verdeeld over de partners.\n\n"
        "Overig\n\nDe regio werkt aan waterstof en aan de maakindustrie in Emmen en Coevorden.",
    )
    stored = lib.stored
    asked = "How are the costs of the programme shared between the partners nowadays?"
    ranking = rank(stored, None, asked, lib.config.search, "lexical")
    assert "nowadays" not in {t.word for t in ranking.query_terms}  # unknown to the translation and to the documents
    ids = [i for i, c in enumerate(stored.chunks) if "evenredig verdeeld" in c.text]
    assert coverage(stored, ranking.query_terms, ids) == 1.0
    # a question of which too few words are known keeps its unknown ones: it is not understood
    weather = rank(stored, None, "What is the weather in Emmen tomorrow?", lib.config.search, "lexical")
    assert {"weather", "tomorrow"} <= {t.word for t in weather.query_terms}
    assert coverage(stored, weather.query_terms, list(range(stored.size))) < 0.5
    dutch = query_terms("Hoe worden de kosten tegenwoordig verdeeld?")  # a Dutch question keeps every word
    assert known_terms(stored, dutch, "Hoe worden de kosten tegenwoordig verdeeld?") == dutch


def test_a_question_posed_in_a_document_brings_its_answer_above_it(tmp_path, fake) -> None:
    text = (
        "---\ntitle: Antwoorden op Kamervragen over het Bbz-krediet\n---\n"
        "## Vraag 1\n\nKent u het bericht over de rente op het Bbz-krediet voor zelfstandigen?\n\n"
        "## Antwoord 1\n\nJa.\n\n"
        "## Vraag 2\n\nKlopt het dat gemeenten verplicht zijn om acht procent rente te rekenen bij het verstrekken van een Bbz-krediet?\n\n"
        "## Antwoord 2\n\nJa. De hoogte van de rente op leningen op grond van het Bbz bedraagt in alle gevallen acht procent.\n\n"
        "## Vraag 3\n\nBent u bereid de rente te verlagen?\n\n"
        "## Antwoord 3\n\nNee, een marktconforme rente blijft nodig.\n"
    )
    lib = one_document_library(tmp_path, fake, text, "kamervragen.md")
    kb = tmp_path / "kb"
    question = "Moeten gemeenten acht procent rente rekenen bij het verstrekken van een Bbz-krediet?"
    passages = lib.passages()
    # A short answer stays with its question; it does not lead the next question's passage.
    assert [p.section for p in passages[:2]] == ["Vraag 1", "Vraag 2"] and passages[0].text.endswith("Antwoord 1\nJa.")
    sections = [p.chunk.section for p in lib.ask(question, k=3).passages]
    assert sections[:2] == ["Antwoord 2", "Vraag 2"]  # the answer first, the question it answers after it
    # Without an answer label the next passage is not taken for the answer.
    (kb / "kamervragen.md").write_text(
        (kb / "kamervragen.md").read_text(encoding="utf-8").replace("## Antwoord", "## Toelichting"), encoding="utf-8"
    )
    lib.update()
    assert lib.ask(question, k=3).passages[0].chunk.section == "Vraag 2"
