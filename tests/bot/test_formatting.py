"""Turning answers into Telegram HTML, with hostile document text; checked with the fake server's HTML validator."""

from __future__ import annotations

import pytest

from bot.formatting import MAX_MESSAGE, highlight, render_answer, render_sources, split_blocks, utf16_len
from index.models import Answer, Chunk, DocumentMeta, Passage
from tests.bot.fake_telegram import EntityError, visible_text

HOSTILE = [
    "Budget < 5 miljoen & kosten > baten; zie <b>vet zonder einde en </i> los.",
    "Emoji 🚀🏭 en ‘quotes’ “dubbel” & &amp; al ge-escaped &lt;tag&gt;.",
    "<script>alert('x')</script> <a href='javascript:x'>link</a>",
]


def chunk(text: str, title: str = "Jaarplan <2022> & co", page: int | None = 3, section: str | None = "Geld & <b>") -> Chunk:
    return Chunk("c1", "a.txt", title, "2022-06", "jaarplan", page, section, 0, text)


def answer(texts: list[str], answered: bool = True, question: str = "Hoeveel kost het programma?") -> Answer:
    return Answer(question, answered, tuple(Passage(chunk(t), 1.0) for t in texts))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_escaped_and_parses(text: str) -> None:
    for message in render_answer(answer([text]), "nl", "het <bureau>"):
        shown = visible_text(message)  # raises when Telegram would reject it
        assert "alert" not in message or "&lt;script&gt;" in message
        assert utf16_len(message) <= MAX_MESSAGE
    assert text.split()[0] in visible_text(render_answer(answer([text]), "nl", "x")[0])
    assert "Jaarplan <2022> & co" in shown or "Jaarplan <2022> & co" in visible_text(message)


def test_the_library_s_sentence_is_bold_and_escaped() -> None:
    out = highlight("De gemeenten betalen € 1 & meer.", "Inleiding <x>. De gemeenten betalen € 1 & meer. Slot.")
    assert out == "Inleiding &lt;x&gt;. <b>De gemeenten betalen € 1 &amp; meer.</b> Slot."
    assert highlight(None, "Geen overeenkomst hier.") == "Geen overeenkomst hier."
    assert highlight("Niet in deze tekst.", "Geen <overeenkomst>.") == "Geen &lt;overeenkomst&gt;."


def test_very_long_passages_are_split_and_shortened() -> None:
    long_text = " ".join(f"Woord{i} 🚀 & <tag>." for i in range(3000))
    messages = render_answer(answer([long_text, long_text, long_text]), "nl", "x")
    assert len(messages) >= 3
    for message in messages:
        assert utf16_len(message) <= MAX_MESSAGE
        visible_text(message)
    assert "blockquote expandable" in messages[1]
    assert messages[-1].rstrip().endswith("</i>")


def test_emoji_count_as_two_utf16_units() -> None:
    assert utf16_len("🚀") == 2
    parts = split_blocks(["🚀" * 1500, "🚀" * 1500])
    assert len(parts) == 2 and all(utf16_len(p) <= MAX_MESSAGE for p in parts)


def test_not_found_shows_the_closest_text_as_such_and_the_contact() -> None:
    (message,) = render_answer(answer(["Tekst over iets anders.", "Nog een stuk."], answered=False), "nl", "de griffie & co")
    shown = visible_text(message)
    assert "niet in de DTZ-documenten" in shown and "de griffie & co" in shown
    assert "Dit beantwoordt je vraag mogelijk niet; het dichtst in de buurt komt:" in shown
    assert shown.index("mogelijk niet") < shown.index("Tekst over iets anders.")  # the label comes before the quote
    assert "<b>" not in message.split("<blockquote")[1]  # no sentence in bold: it is not an answer
    assert "Nog een stuk" not in shown and "Jaarplan <2022> & co (jaarplan, juni 2022), blz. 3" in shown  # the rest by name
    (more,) = render_answer(answer(["Nog verder weg."], answered=False), "nl", "de griffie", offset=3)
    assert "geen antwoord op je vraag; resultaat 4–4" in visible_text(more) and "de griffie" in visible_text(more)


def test_english_and_more_pages() -> None:
    (message,) = render_answer(answer(["Some text."]), "en", "x", offset=3)
    assert "results 4–4" in visible_text(message)
    assert "p. 3, section “Geld & <b>”" in visible_text(message)
    (none,) = render_answer(Answer("q", True, ()), "en", "x", offset=3)
    assert none == "There are no further passages."


def test_sources_list() -> None:
    docs = [DocumentMeta("a.pdf", "Brief <1>", "2021-05-19", "raadsbrief"), DocumentMeta("b.txt", "Plan & co", "", "")]
    (message,) = render_sources(docs, "nl")
    assert visible_text(message).splitlines() == [
        "Documenten in de index (2)",
        "• Brief <1> (raadsbrief, 19 mei 2021)",
        "• Plan & co",
    ]


def test_validator_rejects_what_telegram_rejects() -> None:
    for bad in ("a < b", "<b>open", "x & y", "<script>x</script>", "<b><i>x</b></i>"):
        with pytest.raises(EntityError):
            visible_text(bad)
