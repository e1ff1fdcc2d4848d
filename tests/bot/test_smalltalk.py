from __future__ import annotations

import pytest

from bot.smalltalk import small_talk


@pytest.mark.parametrize("text", ["Hallo!", "hoi", "Goedemorgen allemaal", "Goede morgen", "hey bot 👋", "Hi there", "Dag!"])
def test_greetings(text: str) -> None:
    assert small_talk(text) == "greeting"


@pytest.mark.parametrize(
    "text", ["Bedankt!", "dank je wel", "Dank u wel!", "Top, bedankt 👍", "thanks", "Thank you so much", "ok"]
)
def test_thanks(text: str) -> None:
    assert small_talk(text) == "thanks"


@pytest.mark.parametrize(
    "text",
    ["Hoi, wat is DTZ?", "Wat is Dutch TechZone?", "dag van de techniek", "bedankt voor de uitleg, maar wie betaalt?", "", "👍"],
)
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None
