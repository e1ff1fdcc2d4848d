"""Background duties while the bot runs: pick up knowledge/ changes, and write a heartbeat.

Changes are found by a periodic scan (names, sizes, modification times), and at start
against the index itself (so that what changed while the bot was down is not missed), and
applied once the folder has been quiet for ``watch.debounce_seconds``: the update runs in a
worker thread, writes a new index generation and swaps it in, so questions asked
meanwhile are answered from the old index. Admins are told what changed.

The watcher is supervised: an error is logged with its traceback, admins are told once
per distinct error, and the loop goes on. The heartbeat file (``<data_dir>/health.json``)
is written every ``watch.interval_seconds`` by its own task while the bot takes updates;
``dtzbot health`` (the Docker HEALTHCHECK) checks that it is fresh (two beats), that the
process is there, the index is loaded and the watcher has not stopped.
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
from index.models import BuildReport

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


def write_heartbeat(state: BotState, watcher: str = "running") -> None:
    """Record that the bot is alive, whether its index is loaded and how the watcher is."""
    path = state.config.data_dir / HEARTBEAT
    status = state.library.status()
    data = {
        "time": time.time(),
        "pid": os.getpid(),
        "interval": state.config.watch.interval_seconds,
        "index_loaded": state.ready and status.passages >= 0,
        "watcher": watcher,
        "index_built_at": status.built_at,
        "passages": status.passages,
    }
    tmp = path.with_suffix(".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)  # with the postgres backend nothing else makes data_dir
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def default_max_age(interval: float) -> float:
    """How old a heartbeat may be: two beats and a little slack."""
    return 2 * interval + 2


def check_heartbeat(data_dir: Path, max_age: float | None = None) -> str | None:
    """None when the bot is healthy, else why not (no or stale heartbeat, process gone, index, watcher)."""
    path = data_dir / HEARTBEAT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        beat, interval, pid = float(data["time"]), float(data.get("interval", 10)), int(data.get("pid", 0))
    except (OSError, ValueError, KeyError, TypeError):
        return f"no heartbeat at {path}"
    age = time.time() - beat
    limit = max_age if max_age is not None else default_max_age(interval)
    if age > limit:
        return f"heartbeat is {age:.0f} s old (limit {limit:g} s)"
    if pid and not _running(pid):
        return f"the bot process {pid} is gone"
    if not data.get("index_loaded", False):
        return "the index is not loaded"
    if data.get("watcher") == "dead":
        return "the knowledge-folder watcher has stopped"
    return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


async def heartbeat(state: BotState, alive: Alive, watcher: asyncio.Task[None] | None) -> None:
    """Write the heartbeat every interval while the bot takes updates."""
    while True:
        if alive():
            how = "disabled" if watcher is None else "dead" if watcher.done() else "running"
            try:
                await asyncio.to_thread(write_heartbeat, state, how)
            except OSError as exc:
                log.error("cannot write the heartbeat: %s", exc)
        await asyncio.sleep(state.config.watch.interval_seconds)


async def run(state: BotState, notify: Notify) -> None:
    """Loop forever: apply knowledge/ changes after the debounce. An error is logged, told once, and the loop goes on."""
    cfg = state.config.watch
    told: set[str] = set()
    last: tuple[tuple[str, int, int], ...] = ()
    changed_at: float | None = time.monotonic()  # until the first look succeeds, assume a change
    try:
        last = await asyncio.to_thread(signature, state.config.knowledge_dir)
        # Changes made while the bot was down, or while it started, are applied like any other.
        changed_at = time.monotonic() if await asyncio.to_thread(state.library.stale) else None
    except Exception:
        log.exception("watcher: cannot compare the knowledge folder with the index at start; it goes on")
    while True:
        await asyncio.sleep(cfg.interval_seconds)
        try:
            current = await asyncio.to_thread(signature, state.config.knowledge_dir)
            if current != last:
                last, changed_at = current, time.monotonic()
                continue
            if changed_at is None or time.monotonic() - changed_at < cfg.debounce_seconds or state.reindexing:
                continue
            changed_at = None
            await apply_changes(state, notify)
        except Exception as exc:
            log.exception("watcher: error while checking the knowledge folder; it goes on")
            problem = f"{exc.__class__.__name__}: {exc}"
            if problem not in told:
                told.add(problem)
                await notify(t("nl", "watch_error", error=html.escape(problem[:300])))


async def reindex(state: BotState) -> tuple[BuildReport | None, str | None]:
    """The one re-index routine (/reindex, uploads, the watcher): (report, None) or (None, why it failed).

    Any error is caught and logged; the previous index keeps serving.
    """
    if state.reindexing:
        return None, "busy"
    state.reindexing = True
    try:
        report = await asyncio.to_thread(state.library.update)
    except DTZError as exc:
        log.error("update failed: %s", exc)
        return None, str(exc)
    except Exception as exc:
        log.exception("update failed unexpectedly")
        return None, f"{exc.__class__.__name__}: {exc}"
    finally:
        state.reindexing = False
    if state.announce is not None and (report.added or report.changed):
        try:
            await state.announce(report)
        except Exception:  # telling subscribers must never undo a good update
            log.exception("could not tell the subscribed chats about the new documents")
    return report, None


async def apply_changes(state: BotState, notify: Notify) -> None:
    """Update the index in a worker thread and tell the admins."""
    report, error = await reindex(state)
    if error == "busy":
        return
    if report is None:
        await notify(t("nl", "reindex_failed", error=html.escape(str(error))))
        return
    log.info("knowledge folder changed: %s", report.summary().replace("\n", "; "))
    if report.changed_anything or report.skipped:
        await notify(t("nl", "watch_changes", summary=html.escape(report.summary())))
