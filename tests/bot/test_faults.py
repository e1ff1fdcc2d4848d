"""The fault suite: a flaky or hostile Bot API, forged updates and callbacks, lying uploads.

A real PTB Application talks to the fake Bot API server; the library uses the fake
embedder (these tests are about delivery, not retrieval). Each case asserts the exact
outcome: answered once, refused, or logged as lost with its update id.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import logs
from bot.app import build_application, webhook_secret, webhook_settings
from bot.watch import check_heartbeat
from index import Library
from index.config import Config
from tests.bot import harness
from tests.bot.fake_telegram import FakeTelegram, Sent
from tests.conftest import ROOT, FakeEmbedder, make_config

pytestmark = pytest.mark.integration
TOKEN = "123456:" + "B" * 35
ADMIN = 42
QUESTION = "Tot wanneer loopt de samenwerkingsovereenkomst?"


@pytest.fixture
def server() -> Any:
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture
def root(tmp_path: Path, knowledge: Path) -> Path:
    """A folder holding knowledge/ with the three small documents of tests/conftest.py."""
    return tmp_path


@asynccontextmanager
async def bot(server: FakeTelegram, root: Path, watch: dict[str, Any] | None = None, **telegram: Any) -> AsyncIterator[Config]:
    tg = {"base_url": server.url, "admins": [ADMIN], "send_retry_seconds": 10, **telegram}
    cfg = make_config(root, root / "knowledge", telegram=tg, watch=watch or {"enabled": False})
    app = build_application(cfg, TOKEN, Library(cfg, FakeEmbedder()), read_timeout=1.0)
    await harness.start(app)
    try:
        yield cfg
    finally:
        await harness.stop(app)


async def until(server: FakeTelegram, predicate: Any, after: int, timeout: float = 30) -> list[Sent]:
    return await asyncio.to_thread(server.wait_for, predicate, timeout, after)


def answers(server: FakeTelegram, after: int = 0) -> list[Sent]:
    return [m for m in server.messages(after) if "31 december 2025" in m.text]


async def ask_and_settle(server: FakeTelegram, text: str = QUESTION, settle: float = 1.5, **kw: Any) -> int:
    mark = server.mark()
    server.message(text, **kw)
    await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark)
    await asyncio.sleep(settle)  # time for a wrong second copy to show up
    return mark


# -- sending -------------------------------------------------------------------------------


async def test_timeout_after_delivery_is_not_sent_twice(server, root, caplog) -> None:
    caplog.set_level(logging.INFO)
    async with bot(server, root):
        server.inject("sendMessage", "slow", 2.5)  # delivered, but the reply comes after the 1 s read time-out
        mark = await ask_and_settle(server, settle=3.5)
        assert len(answers(server, mark)) == 1
        assert server.requests.count("sendMessage") == 1
    assert any("answer lost" in r.getMessage() and "may have arrived" in r.getMessage() for r in caplog.records)


async def test_429_five_times_waits_and_answers_once(server, root) -> None:
    async with bot(server, root):
        for _ in range(5):
            server.inject("sendMessage", "429", 1)
        started = time.monotonic()
        mark = await ask_and_settle(server, settle=0.5)
        assert len(answers(server, mark)) == 1
        assert server.requests.count("sendMessage") == 6
        assert time.monotonic() - started >= 5  # retry_after was honoured each time


async def test_500_a_few_times_is_retried_and_answered_once(server, root) -> None:
    async with bot(server, root):
        for _ in range(3):
            server.inject("sendMessage", "500")
        mark = await ask_and_settle(server)
        assert len(answers(server, mark)) == 1 and server.requests.count("sendMessage") == 4


async def test_closed_connections_are_retried_and_answered_once(server, root) -> None:
    async with bot(server, root):
        server.inject("sendMessage", "close")
        server.inject("sendMessage", "close")
        mark = await ask_and_settle(server)
        assert len(answers(server, mark)) == 1


async def test_persistent_500_is_logged_as_lost_with_the_update_id_and_the_bot_goes_on(server, root, caplog) -> None:
    caplog.set_level(logging.INFO)
    async with bot(server, root, send_retry_seconds=2):
        for _ in range(50):
            server.inject("sendMessage", "500")
        mark = server.mark()
        update_id = server.message(QUESTION)
        deadline = time.monotonic() + 20
        while not any(f"update {update_id}: answer lost" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, "the lost answer was never logged"
            await asyncio.sleep(0.2)
        assert answers(server, mark) == []
        server.faults["sendMessage"].clear()
        mark = await ask_and_settle(server, settle=0.5)
        assert len(answers(server, mark)) == 1  # the next question is answered


async def test_html_the_server_cannot_parse_falls_back_to_plain_text_once(server, root) -> None:
    async with bot(server, root):
        server.inject("sendMessage", "entities")
        mark = await ask_and_settle(server)
        sent = answers(server, mark)
        assert len(sent) == 1
        assert "parse_mode" not in sent[0].params and "<b>" not in sent[0].params["text"]
        assert "De huidige samenwerkingsovereenkomst loopt per 31 december 2025 af." in sent[0].text


# -- webhook -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _update(user_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 5,
            "date": 0,
            "chat": {"id": chat_id or user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Aanvaller"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else [],
        },
    }


def test_shipped_config_listens_on_localhost_and_gets_a_generated_secret(monkeypatch) -> None:
    from index import load_config

    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    cfg = load_config(ROOT / "config.yaml")
    assert cfg.telegram.webhook.listen == "127.0.0.1"
    secret, generated = webhook_secret(cfg)
    assert generated and len(secret) >= 32
    assert webhook_secret(cfg)[0] != secret  # a new one per run, never a fixed default
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "from-the-environment")
    assert webhook_secret(cfg) == ("from-the-environment", False)


async def test_forged_webhook_updates_are_refused(server, root, monkeypatch) -> None:
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    port = _free_port()
    tg = {
        "base_url": server.url,
        "admins": [ADMIN],
        "access": "allowlist",
        "allow_users": [5],
        "mode": "webhook",
        "webhook": {"port": port, "url": "https://bot.example.org"},  # no secret configured, as shipped
    }
    cfg = make_config(root, root / "knowledge", telegram=tg, watch={"enabled": False})
    secret, generated = webhook_secret(cfg)
    assert generated
    app = build_application(cfg, TOKEN, Library(cfg, FakeEmbedder()), read_timeout=1.0)
    await harness.start(app, webhook=webhook_settings(cfg, secret))
    try:
        hook = next(c for c in server.sent if c.method == "setWebhook")
        assert hook.params["secret_token"] == secret
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            forged_admin = await client.post(url, json=_update(ADMIN, "/status", chat_id=666))
            forged_user = await client.post(url, json=_update(5, QUESTION), headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
            assert forged_admin.status_code == 403 and forged_user.status_code == 403
            await asyncio.sleep(1.0)
            assert server.messages() == []  # nothing was sent anywhere
            mark = server.mark()
            real = await client.post(url, json=_update(5, QUESTION), headers={"X-Telegram-Bot-Api-Secret-Token": secret})
            assert real.status_code == 200
        calls = await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark)
        assert "31 december 2025" in next(c for c in calls if c.method == "sendMessage").text
    finally:
        await harness.stop(app)


def test_webhook_secret_with_bad_characters_is_refused(tmp_path) -> None:
    from index import ConfigError
    from index.config import config_from_dict

    with pytest.raises(ConfigError, match="telegram.webhook.secret_token may hold only"):
        config_from_dict({"telegram": {"webhook": {"secret_token": "met spatie"}}}, base=tmp_path)


# -- callbacks and votes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", ["ex:²", "ex:99999999999999999999", "fb:zzzz:up", "more:../../x", "src:", "nonsense", "fb:1234abcd:maybe"]
)
async def test_forged_callback_data_is_answered_and_ignored(server, root, caplog, data) -> None:
    async with bot(server, root):
        welcome = await ask_and_settle(server, "/start", settle=0)
        sent = server.messages(welcome)[0]
        mark = server.mark()
        server.press(sent, data)
        calls = await until(server, lambda cs: any(c.method == "answerCallbackQuery" for c in cs), mark)
        await asyncio.sleep(0.5)
        alert = next(c for c in calls if c.method == "answerCallbackQuery")
        assert "verlopen" in str(alert.params.get("text", ""))
        assert server.messages(mark) == []  # no answer, no error message
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# -- uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [100, None])
async def test_upload_cap_holds_whatever_the_size_telegram_declares(server, root, declared) -> None:
    async with bot(server, root, max_upload_mb=1):
        before = sorted(p.name for p in (root / "knowledge").iterdir())
        mark = server.mark()
        server.upload("groot.txt", b"Tekst over de regio. " * 150_000, user_id=ADMIN, declared=declared)  # 3 MB
        calls = await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark)
        reply = next(c for c in calls if c.method == "sendMessage")
        assert "groter dan 1 MB" in reply.text
        assert sorted(p.name for p in (root / "knowledge").iterdir()) == before  # nothing saved, no temp file left


async def test_upload_within_the_cap_is_saved_and_indexed(server, root) -> None:
    async with bot(server, root, max_upload_mb=1):
        mark = server.mark()
        server.upload(
            "waterstof.md", b"# Waterstof\n\nEmmen bouwt een waterstoffabriek op Emmtec.\n", user_id=ADMIN, declared=None
        )
        await until(server, lambda cs: any("1 file(s) read" in c.text for c in cs), mark)
        assert (root / "knowledge" / "waterstof.md").read_bytes().startswith(b"# Waterstof")


# -- watcher and health ----------------------------------------------------------------------


async def test_watcher_survives_errors_tells_admins_once_and_goes_on(server, root, monkeypatch) -> None:
    from bot import watch

    real = watch.signature
    failures = {"left": 3}

    def flaky(folder: Path) -> Any:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("Symlink loop from '/kb/loop.txt'")
        return real(folder)

    monkeypatch.setattr(watch, "signature", flaky)
    settings = {"enabled": True, "interval_seconds": 0.5, "debounce_seconds": 0.2}
    async with bot(server, root, watch=settings) as cfg:
        await asyncio.sleep(3.0)
        told = [m for m in server.messages() if "Fout bij het bijhouden" in m.text]
        assert len(told) == 1 and int(told[0].params["chat_id"]) == ADMIN
        assert check_heartbeat(cfg.data_dir) is None  # the watcher is alive, the heartbeat fresh
        mark = server.mark()
        (root / "knowledge" / "nieuw.md").write_text("# Waterstof\n\nEmmen bouwt een waterstoffabriek op Emmtec.\n")
        await until(server, lambda cs: any("added: nieuw.md" in c.text for c in cs), mark)


def _beat(data_dir: Path, **fields: Any) -> None:
    data = {"time": time.time(), "pid": os.getpid(), "interval": 1.0, "index_loaded": True, "watcher": "running", **fields}
    (data_dir / "health.json").write_text(json.dumps(data))


def test_health_reports_stale_heartbeat_dead_watcher_index_and_process(tmp_path) -> None:
    _beat(tmp_path)
    assert check_heartbeat(tmp_path) is None
    _beat(tmp_path, time=time.time() - 4.5)  # older than 2 beats + 2 s slack
    assert "heartbeat is 4 s old" in str(check_heartbeat(tmp_path)) or "heartbeat is 5 s old" in str(check_heartbeat(tmp_path))
    _beat(tmp_path, watcher="dead")
    assert check_heartbeat(tmp_path) == "the knowledge-folder watcher has stopped"
    _beat(tmp_path, index_loaded=False)
    assert check_heartbeat(tmp_path) == "the index is not loaded"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    _beat(tmp_path, pid=int(gone.stdout))
    assert check_heartbeat(tmp_path) == f"the bot process {int(gone.stdout)} is gone"


async def test_dead_watcher_makes_the_bot_unhealthy(server, root, monkeypatch) -> None:
    from bot import watch

    async def dies(state: Any, notify: Any) -> None:
        raise RuntimeError("watcher killed")

    monkeypatch.setattr(watch, "run", dies)
    async with bot(server, root, watch={"enabled": True, "interval_seconds": 0.5}) as cfg:
        await asyncio.sleep(1.5)
        assert check_heartbeat(cfg.data_dir) == "the knowledge-folder watcher has stopped"


def test_health_takes_index_and_config_like_serve(tmp_path) -> None:
    data = tmp_path / "elders"
    data.mkdir()
    _beat(data)
    cli = [sys.executable, "-m", "bot.cli", "--config", str(ROOT / "config.yaml"), "health"]
    elsewhere = subprocess.run([*cli, "--index", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert elsewhere.returncode == 0 and elsewhere.stdout.strip() == "healthy"
    _beat(data, watcher="dead")
    dead = subprocess.run([*cli, "--index", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dead.returncode == 1 and dead.stderr.strip() == "unhealthy: the knowledge-folder watcher has stopped"


# -- secrets and privacy ---------------------------------------------------------------------


def test_rejected_token_is_one_line_without_the_token(server, root) -> None:
    server.inject("getMe", "401")
    config = root / "config.yaml"
    config.write_text(f"telegram:\n  base_url: {server.url}\nwatch:\n  enabled: false\n")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "serve"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert TOKEN not in done.stderr and TOKEN.split(":")[1] not in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "dtzbot: error: Telegram rejected the token in TELEGRAM_BOT_TOKEN (401 Unauthorized): ask @BotFather for the current one"
    )


def test_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    from telegram.error import InvalidToken, NetworkError

    redact = logs.Redact(TOKEN)
    record = logging.LogRecord("telegram.ext", logging.DEBUG, __file__, 1, "Set Bot API URL: %s", (f"http://x/bot{TOKEN}",), None)
    assert redact.filter(record) and record.getMessage() == "Set Bot API URL: http://x/bot<token>"
    try:
        raise NetworkError(f"httpx.ConnectError: http://api/bot{TOKEN}/getMe")
    except NetworkError:
        record = logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    redact.filter(record)
    text = logging.Formatter().format(record)
    assert "Traceback" in text and "NetworkError" in text and "/bot<token>/getMe" in text and TOKEN not in text
    try:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
    except InvalidToken:
        record = logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, "Error while getting Updates", (), sys.exc_info())
    redact.filter(record)
    assert logging.Formatter().format(record) == "Error while getting Updates: Telegram rejected the token"


async def test_logs_hold_no_user_ids_names_or_texts_unless_asked(server, root, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    async with bot(server, root):
        await ask_and_settle(server, "Hoeveel betalen de gemeenten per inwoner?", settle=0, user_id=987654)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "question from" in everything  # questions are logged, by hash
    assert "Hoeveel betalen" not in everything and "987654" not in everything and "Lid987654" not in everything
    assert TOKEN not in everything
    caplog.clear()
    try:
        cfg_root = root
        tg = {"base_url": server.url, "admins": [ADMIN]}
        cfg = make_config(cfg_root, cfg_root / "knowledge", telegram=tg, watch={"enabled": False})
        app = build_application(cfg, TOKEN, Library(cfg, FakeEmbedder()), read_timeout=1.0, log_questions=True)
        await harness.start(app)
        try:
            await ask_and_settle(server, "Hoeveel betalen de gemeenten per inwoner?", settle=0, user_id=987654)
        finally:
            await harness.stop(app)
        asked = "\n".join(r.getMessage() for r in caplog.records)
        assert "Hoeveel betalen" in asked  # with --log-questions they are there
    finally:
        logs.set_privacy(False)


# -- what the bot cannot handle gets a hint, not silence -------------------------------------


async def test_unknown_commands_and_media_get_a_hint(server, root) -> None:
    async with bot(server, root):
        mark = server.mark()
        server.message("/nieuwsbrief")
        reply = (await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark))[-1]
        assert "Dat commando ken ik niet" in reply.text and "/help" in reply.text
        mark = server.mark()
        sticker = {"file_id": "s1", "file_unique_id": "us1", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "type": "regular"}  # fmt: skip
        server.push(
            {"message": {"message_id": 77, "date": 0, "chat": server.chat(1), "from": server.user(1), "sticker": sticker}}
        )
        reply = (await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark))[-1]
        assert "Ik lees alleen tekst" in reply.text
        mark = server.mark()
        server.message("/unknown", lang="en")
        reply = (await until(server, lambda cs: any(c.method == "sendMessage" for c in cs), mark))[-1]
        assert "I don't know that command" in reply.text
        mark = await ask_and_settle(server, "/help", settle=0.5)
        assert len(server.messages(mark)) == 1 and "Dat commando ken ik niet" not in server.messages(mark)[0].text
