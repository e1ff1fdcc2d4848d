"""Background duties while the bot runs: pick up knowledge/ changes, and write a heartbeat.

Changes are found by a periodic scan (names, sizes, modification times), and at start
against the index itself (so that what changed while the bot was down is not missed), and
applied once the folder has been quiet for ``watch.debounce_seconds``: the update runs in a
worker thread, writes a new index generation and swaps it in, so questions asked
meanwhile are answered from the old index. Admins are told what changed.

The heartbeat file (``<data_dir>/health.json``) is written while the library is loaded
and the bot takes updates; ``dtzbot health`` (the Docker HEALTHCHECK) checks it is fresh.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.state import BotState
from bot.texts import t
from index import DTZError
from index.build import scan

log = logging.getLogger(__name__)
HEARTBEAT = "health.json"
Notify = Callable[[str], Awaitable[None]]
Alive = Callable[[], bool]


def signature(knowledge_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap fingerprint of the knowledge folder (documents and sidecars)."""
    try:
        files, _ = scan(knowledge_dir)
    except DTZError:
        return ()
    out = []
    for f in files:
        out.append((f.source, f.size, f.mtime_ns))
        side = f.path.with_name(f.path.name + ".meta.yaml")
        if side.exists():
            st = side.stat()
            out.append((f.source + ".meta.yaml", st.st_size, st.st_mtime_ns))
    return tuple(out)


def write_heartbeat(state: BotState) -> None:
    """Record that the bot is alive with a loaded index."""
    path = state.config.data_dir / HEARTBEAT
    status = state.library.status()
    data = {"time": time.time(), "pid": os.getpid(), "index_built_at": status.built_at, "passages": status.passages}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def check_heartbeat(data_dir: Path, max_age: float) -> str | None:
    """None when the heartbeat is fresh, else why not."""
    path = data_dir / HEARTBEAT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"no heartbeat at {path}"
    age = time.time() - float(data.get("time", 0))
    if age > max_age:
        return f"heartbeat is {age:.0f} s old"
    return None


async def run(state: BotState, notify: Notify, alive: Alive) -> None:
    """Loop forever: heartbeat, and apply knowledge/ changes after the debounce."""
    cfg = state.config.watch
    last = await asyncio.to_thread(signature, state.config.knowledge_dir)
    # Changes made while the bot was down, or while it started, are applied like any other.
    stale = cfg.enabled and bool(await asyncio.to_thread(state.library.stale))
    changed_at: float | None = time.monotonic() if stale else None
    while True:
        await asyncio.sleep(cfg.interval_seconds)
        if alive():
            await asyncio.to_thread(write_heartbeat, state)
        if not cfg.enabled:
            continue
        current = await asyncio.to_thread(signature, state.config.knowledge_dir)
        if current != last:
            last, changed_at = current, time.monotonic()
            continue
        if changed_at is None or time.monotonic() - changed_at < cfg.debounce_seconds or state.reindexing:
            continue
        changed_at = None
        await apply_changes(state, notify)


async def apply_changes(state: BotState, notify: Notify) -> None:
    """Update the index in a worker thread and tell the admins."""
    state.reindexing = True
    try:
        report = await asyncio.to_thread(state.library.update)
    except DTZError as exc:
        log.error("automatic update failed: %s", exc)
        await notify(t("nl", "reindex_failed", error=html.escape(str(exc))))
        return
    finally:
        state.reindexing = False
    log.info("knowledge folder changed: %s", report.summary().replace("\n", "; "))
    if report.changed_anything or report.skipped:
        await notify(t("nl", "watch_changes", summary=html.escape(report.summary())))
