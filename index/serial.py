"""All calls into the embedding engine from one thread, with waiting questions batched.

The bundled engine runs each call on every core (OpenMP). Called from several threads, each
thread gets its own team of OpenMP workers, and an idle team keeps spinning for a while
after its call: ten questions at once then ran slower in parallel than one after another.
Here one thread owns the engine. Questions that wait together are embedded in one batch
call, and they go before passage batches, so a re-index never holds up an answer for more
than one batch. The thread exits when idle and starts again on the next call.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

import numpy as np

from index.embedders import Embedder

MAX_QUERY_BATCH = 32
IDLE_SECONDS = 30.0


class SerialEmbedder:
    """An :class:`Embedder` whose calls all run in one worker thread."""

    def __init__(self, inner: Embedder, idle_seconds: float = IDLE_SECONDS) -> None:
        self._inner = inner
        self.engine, self.model, self.dim = inner.engine, inner.model, inner.dim
        self._idle = idle_seconds
        self._cond = threading.Condition()
        self._queries: list[tuple[str, Future[np.ndarray]]] = []
        self._jobs: deque[tuple[Callable[[Sequence[str]], list[np.ndarray]], Sequence[str], Future[np.ndarray]]] = deque()
        self._worker: threading.Thread | None = None

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one question (batched with others that wait at the same time)."""
        done: Future[np.ndarray] = Future()
        with self._cond:
            self._queries.append((text, done))
            self._wake()
        return done.result()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed several questions in one batch call (as one job, like a passage batch)."""
        return self._submit(lambda t: [np.stack(self._embed_queries(list(t)))], texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages; waiting questions go first."""
        return self._submit(self._embed_passages, texts)

    def _submit(self, compute: Callable[[Sequence[str]], list[np.ndarray]], texts: Sequence[str]) -> np.ndarray:
        done: Future[np.ndarray] = Future()
        with self._cond:
            self._jobs.append((compute, texts, done))
            self._wake()
        return done.result()

    def _wake(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="embedder", daemon=True)
            self._worker.start()
        self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._queries and not self._jobs:
                    self._cond.wait(self._idle)
                    if not self._queries and not self._jobs:
                        self._worker = None
                        return
                queries, self._queries = self._queries[:MAX_QUERY_BATCH], self._queries[MAX_QUERY_BATCH:]
                job = self._jobs.popleft() if not queries else None
            if queries:
                self._answer([f for _, f in queries], self._embed_queries, [t for t, _ in queries])
            elif job is not None:
                compute, texts, done = job
                self._answer([done], compute, texts)

    def _embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        batch = getattr(self._inner, "embed_queries", None)
        if batch is not None and len(texts) > 1:
            return list(batch(texts))
        return [self._inner.embed_query(t) for t in texts]

    def _embed_passages(self, texts: Sequence[str]) -> list[np.ndarray]:
        return [self._inner.embed_passages(texts)]

    @staticmethod
    def _answer(futures: list[Future[Any]], compute: Callable[[Any], list[Any]], arg: Any) -> None:
        try:
            results = compute(arg)
        except BaseException as exc:  # the caller gets the engine's error, the worker goes on
            for f in futures:
                f.set_exception(exc)
            return
        for f, r in zip(futures, results, strict=True):
            f.set_result(r)
