from __future__ import annotations

from index.analysis import fold_spaces
from index.signals import defines, definition_target


def test_definition_questions() -> None:
    assert definition_target("Wat is Dutch TechZone?") == "dutch techzone"
    assert definition_target("What is the Program Board?") == "program board"
    assert definition_target("Hoeveel kost het?") is None
    for question in (
        "Wat houdt Dutch TechZone in?",
        "Waar staat Dutch TechZone voor?",
        "Wat wordt bedoeld met Dutch TechZone?",
        "Leg uit wat Dutch TechZone is",
        "Kun je me uitleggen wat Dutch TechZone is?",
        "Wat is Dutch TechZone precies?",
        "What does Dutch TechZone mean?",
        "Explain Dutch TechZone",
    ):
        assert definition_target(question) == "dutch techzone", question
    assert definition_target("Wat doet Dutch TechZone voor de regio?") is None
    assert defines(fold_spaces("Dutch TechZone (DTZ) is een samenwerking"), "dutch techzone") == 1.0
    assert defines(fold_spaces("Daarom: Dutch TechZone is een regio die groeit."), "dutch techzone") == 1.0
    # "X is de regio van ..." describes X; it counts for less than saying what kind of thing X is.
    assert defines(fold_spaces("Dutch TechZone is de regio van de maakindustrie"), "dutch techzone") == 0.5
    assert defines(fold_spaces("In Dutch TechZone werken we samen"), "dutch techzone") == 0.0
