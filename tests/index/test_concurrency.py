"""Questions during an update are answered from one complete generation, never a mixed state."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from index import Library
from tests.conftest import FakeEmbedder


class SlowEmbedder(FakeEmbedder):
    def embed_passages(self, texts):
        time.sleep(0.05)
        return super().embed_passages(texts)


def test_fifty_questions_during_an_update(config, knowledge) -> None:
    lib = Library(config, SlowEmbedder())
    lib.build()
    old_ids = {c.id for c in lib.stored.chunks}
    for n in range(60):
        (knowledge / f"nieuw-{n}.txt").write_text(f"Nieuw document {n} over de samenwerking en het programmabureau in de regio.")
    done = threading.Event()

    def update() -> None:
        lib.update()
        done.set()

    updater = threading.Thread(target=update)
    updater.start()
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda n: lib.ask(f"samenwerking programmabureau regio {n % 5}"), range(50)))
    updater.join(timeout=60)
    assert done.is_set()
    new_ids = {c.id for c in lib.stored.chunks}
    assert len(answers) == 50 and all(a.passages for a in answers)
    for answer in answers:
        ids = {p.chunk.id for p in answer.passages}
        assert ids <= old_ids or ids <= new_ids  # one generation per answer
    assert any(c.source.startswith("nieuw-") for c in lib.stored.chunks)
