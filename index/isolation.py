"""Reading documents in a child process, with a time and a memory budget per file.

A document is data from outside: a PDF that sends the parser into a loop, a DOCX whose
XML is far larger than its zip, a file that turned into a FIFO. None of that may stop the
build or take the bot down. Each file is read in a worker process (started from a fork
server, so it is cheap); the worker's address space is capped at what it had at start
plus ``reading.max_memory_mb``, and the parent waits at most ``reading.max_seconds`` for
a result. A file that exceeds either, crashes the worker or raises anything at all is
skipped with its reason; the worker is restarted for the next file.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from index.readers import Unreadable

log = logging.getLogger(__name__)

# Imported once in the fork server, so each worker starts with them loaded.
_PRELOAD = ["index.reading", "pypdf", "docx", "bs4"]


@dataclass(frozen=True)
class Budget:
    """Limits for reading one file."""

    seconds: float
    memory_mb: float


def _vm_bytes() -> int:
    """This process's current virtual memory size (Linux), or 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _call(func: Callable[..., Any], args: Any, memory_mb: float) -> tuple[str, Any]:
    """Run one job: ("ok", result) or ("unreadable", reason); never raises."""
    try:
        return ("ok", func(*args))
    except Unreadable as exc:
        return ("unreadable", str(exc))
    except MemoryError:
        return ("unreadable", f"needs more than reading.max_memory_mb = {memory_mb:g} MB to read")
    except RecursionError:
        return ("unreadable", "nested too deeply to read")
    except Exception as exc:  # a reader bug or a parser error: this file only
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" in {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        return ("unreadable", f"could not be read ({exc.__class__.__name__}: {str(exc)[:200]}{where})")


def _in_process(func: Callable[..., Any], args: Any, memory_mb: float) -> Any:
    status, value = _call(func, args, memory_mb)
    if status == "ok":
        return value
    raise Unreadable(str(value))


def _worker(conn: Connection, memory_mb: float) -> None:
    """The child: read files sent over ``conn`` until it is closed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = _vm_bytes() + int(memory_mb * 1024 * 1024)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        func, args = job
        reply = _call(func, args, memory_mb)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("unreadable", f"needs more than reading.max_memory_mb = {memory_mb:g} MB to read"))


class IsolatedReader:
    """Runs one function per file in a worker process; use as a context manager."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(_PRELOAD)
        self._proc: Any = None
        self._conn: Connection | None = None
        self._in_process = False  # no worker can run here: read in this process, exceptions still caught

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection | None:
        """The connection to a running worker, started when needed; None when no worker can run here."""
        if self._conn is None and not self._in_process:
            parent, child = self._ctx.Pipe()
            self._proc = self._ctx.Process(target=_worker, args=(child, self.budget.memory_mb), daemon=True)
            main: Any = sys.modules.get("__main__")
            hidden = getattr(main, "__file__", None)
            if hidden is not None and not os.path.isfile(hidden):  # "<stdin>": a worker cannot re-import it
                del main.__file__
            try:
                self._proc.start()
            except (OSError, RuntimeError) as exc:  # RuntimeError: started while the main module is still importing
                log.warning("cannot start a reader process (%s); reading in this process, without its budgets", exc)
                self._in_process, self._proc = True, None
                return None
            finally:
                if hidden is not None and not hasattr(main, "__file__"):
                    main.__file__ = hidden
            child.close()
            self._conn = parent
            if not self._alive():
                log.warning("the reader process does not answer; reading in this process, without its budgets")
                self._kill()
                self._in_process = True
                return None
        return self._conn

    def _alive(self) -> bool:
        """Does a new worker answer a trivial job (it may fail to start where the main module cannot be re-imported)?"""
        assert self._conn is not None
        try:
            self._conn.send((len, ((),)))
            return bool(self._conn.poll(60)) and self._conn.recv() == ("ok", 0)
        except (EOFError, OSError):
            return False

    def _kill(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(Exception):
                self._proc.kill()
            self._proc.join(5)
            with contextlib.suppress(Exception):
                self._proc.close()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def run(self, func: Callable[..., Any], *args: Any) -> Any:
        """``func(*args)`` in the worker; raises :class:`Unreadable` with the reason on any failure."""
        conn = self._start()
        if conn is None:
            return _in_process(func, args, self.budget.memory_mb)
        try:
            conn.send((func, args))
            if not conn.poll(self.budget.seconds):
                self._kill()
                raise Unreadable(f"reading took longer than reading.max_seconds = {self.budget.seconds:g} s")
            status, value = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = None
            if self._proc is not None:
                self._proc.join(1)
                code = self._proc.exitcode
            self._kill()
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            hint = " (out of memory?)" if code in (-signal.SIGSEGV, -signal.SIGKILL, -signal.SIGABRT) else ""
            raise Unreadable(f"the reader process died ({how}){hint}") from None
        if status == "ok":
            return value
        raise Unreadable(str(value))

    def close(self) -> None:
        """Stop the worker."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        if self._proc is not None:
            self._proc.join(2)
        self._kill()
