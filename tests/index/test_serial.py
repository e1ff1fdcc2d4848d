"""The serial embedder: one thread owns the engine; waiting questions are embedded together."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.serial import SerialEmbedder
from tests.conftest import FakeEmbedder


class Recording(FakeEmbedder):
    """The fake embedder, slowed down, remembering which thread called it and the batch sizes."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()
        self.batches: list[int] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.threads.add(threading.get_ident())
        time.sleep(0.01)
        return super().embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.threads.add(threading.get_ident())
        self.batches.append(len(texts))
        time.sleep(0.01)
        return np.vstack([self._vector(t) for t in texts])


def test_many_threads_one_engine_thread_same_vectors_and_batches() -> None:
    inner = Recording()
    serial = SerialEmbedder(inner)
    questions = [f"vraag {n} over de gemeente Emmen" for n in range(40)]
    with ThreadPoolExecutor(10) as pool:
        vectors = list(pool.map(serial.embed_query, questions))
    for q, v in zip(questions, vectors, strict=True):
        assert np.array_equal(v, FakeEmbedder().embed_query(q))
    assert len(inner.threads) == 1  # every call ran in the one worker thread
    assert inner.batches and max(inner.batches) > 1  # questions that waited together went as one batch


def test_a_batch_of_questions_is_one_engine_call_with_the_same_vectors() -> None:
    inner = Recording()
    serial = SerialEmbedder(inner)
    questions = ["Wat is DTZ?", "Wie betaalt mee?", "Hoeveel kost het?"]
    vectors = serial.embed_queries(questions)
    assert vectors.shape == (3, inner.dim)
    for q, v in zip(questions, vectors, strict=True):
        assert np.array_equal(v, FakeEmbedder().embed_query(q))
    assert inner.batches == [3]


def test_questions_go_before_waiting_passage_batches() -> None:
    inner = Recording()
    serial = SerialEmbedder(inner)
    order: list[str] = []
    blocker = threading.Event()
    passages, query = inner.embed_passages, inner.embed_query

    def slow_passages(texts: Sequence[str]) -> np.ndarray:
        blocker.wait(2)
        order.append(f"passages {texts[0]}")
        return passages(texts)

    def recorded_query(text: str) -> np.ndarray:
        order.append("question")
        return query(text)

    inner.embed_passages = slow_passages  # type: ignore[method-assign]
    inner.embed_query = recorded_query  # type: ignore[method-assign]
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(serial.embed_passages, ["a"])
        time.sleep(0.05)  # the worker is busy with batch "a"
        later = pool.submit(serial.embed_passages, ["b"])
        time.sleep(0.05)  # batch "b" waits in line
        question = pool.submit(serial.embed_query, "Wat is DTZ?")
        time.sleep(0.05)
        blocker.set()
        first.result(), later.result(), question.result()
    assert order == ["passages a", "question", "passages b"]


def test_an_engine_error_reaches_the_caller_and_the_worker_goes_on() -> None:
    class Broken(FakeEmbedder):
        calls = 0

        def embed_query(self, text: str) -> np.ndarray:
            Broken.calls += 1
            if Broken.calls == 1:
                raise RuntimeError("engine hiccup")
            return super().embed_query(text)

    serial = SerialEmbedder(Broken())
    with pytest.raises(RuntimeError, match="engine hiccup"):
        serial.embed_query("eerste")
    assert serial.embed_query("tweede").shape == (64,)


def test_the_worker_thread_ends_when_idle() -> None:
    serial = SerialEmbedder(FakeEmbedder(), idle_seconds=0.1)
    serial.embed_query("vraag")
    assert any(t.name == "embedder" for t in threading.enumerate())
    deadline = time.monotonic() + 5
    while serial._worker is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert serial._worker is None
    assert serial.embed_query("weer een vraag").shape == (64,)  # and starts again
