from __future__ import annotations

import pytest

from index.analysis import analyze, fold, tokenize


def test_accent_and_ocr_folding() -> None:
    assert analyze("industriële") == analyze("industriéle") == analyze("industriele")
    assert analyze("financiën") == analyze("financién")
    assert fold("Coördinatie") == "coordinatie"


def test_dutch_stemming_conflates_forms() -> None:
    assert analyze("gemeenten") == analyze("gemeente")
    assert analyze("geëvalueerd") == analyze("evaluatie")
    assert analyze("toegetreden") == analyze("toetreding")


def test_stop_words_removed_in_dutch_and_english() -> None:
    assert analyze("Wat is de rol van het programmabureau?") == analyze("rol programmabureau")
    assert analyze("What are the plans for 2022?") == analyze("plans 2022")


def test_numbers_are_normalised() -> None:
    assert tokenize("115.000,00") == tokenize("115000") == ["115000"]
    assert tokenize("1,00 per inwoner")[0] == "1"
    assert tokenize("1,50")[0] == "1,50"


def test_question_verbs_carry_no_subject() -> None:
    assert analyze("Wat gebeurt er met waterstof?") == analyze("waterstof")
    assert analyze("Welke rol speelt het onderwijs?") == analyze("rol onderwijs")
    assert analyze("Hoeveel ondernemers zitten in de Program Board?") == analyze("ondernemers zitten program board")


def test_pronominal_adverbs_name_nothing() -> None:
    assert analyze("Wat kwam daaruit?") == [] and analyze("Wat staat erover in het jaarplan?") == analyze("jaarplan")


def test_the_analyser_can_be_switched_for_a_benchmark() -> None:
    from index import analysis

    assert analysis.ANALYSER == "dutch" and analyze("gemeenten") == ["meen"]  # Kraaij-Pohlmann strips "ge-"
    try:
        analysis.use_analyser("dutch_porter")
        assert analyze("gemeenten gebied") == ["gemeent", "gebied"]
        with pytest.raises(ValueError, match="dutch_porter"):
            analysis.use_analyser("english")
    finally:
        analysis.use_analyser("dutch")
    assert analyze("gebied") == ["bied"]


def test_the_compass_nouns_match_the_prefixes_of_names() -> None:
    assert analyze("het zuidoosten van Drenthe") == analyze("Zuidoost-Drenthe")
    assert analyze("het noorden van het land")[0] == analyze("Noord-Nederland")[0]
    assert analyze("oosten westen zuiden") == analyze("oost west zuid")
