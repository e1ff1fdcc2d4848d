from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import BuildError, IndexMismatchError, IndexMissingError, Library, store
from tests.conftest import DATA, FakeEmbedder, make_config


def test_build_writes_plain_files_and_a_manifest(config, fake) -> None:
    lib = Library(config, fake)
    report = lib.build()
    assert report.files_read == 3 and report.skipped == [] and report.chunks == lib.stored.size > 0
    gen = store.current_path(config.index_dir)
    assert gen is not None
    names = {p.relative_to(gen).as_posix() for p in gen.rglob("*") if p.is_file()}
    assert {"manifest.json", "chunks.jsonl", "vectors.npy"} <= names
    assert not any(n.endswith((".pkl", ".pickle")) for n in names)
    manifest = json.loads((gen / "manifest.json").read_text())
    assert manifest["engine"] == "fake" and manifest["model"] == "hash-64" and manifest["dim"] == 64
    assert manifest["chunking"]["max_words"] == config.chunking.max_words
    assert set(manifest["files"]) == {
        "2021-05-19-emmen-raadsbrief.txt",
        "2023-07-11-statenbrief-borger-odoorn.md",
        "2025-coevorden-verlenging.txt",
    }
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert manifest["built_at"].endswith("Z")


def test_chunks_carry_citation_data(config, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    chunk = next(c for c in lib.stored.chunks if "1,00 euro per inwoner" in c.text)
    assert chunk.title == "Toetreding Borger-Odoorn"
    assert chunk.date == "2023-07-11" and chunk.type == "statenbrief"
    assert chunk.section == "Financiering"
    assert chunk.source == "2023-07-11-statenbrief-borger-odoorn.md"


def test_update_reembeds_only_changed_files(config, knowledge, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    first = fake.passages_embedded
    report = lib.update()
    assert report.files_read == 0 and report.files_reused == 3 and report.chunks_embedded == 0
    assert fake.passages_embedded == first

    path = knowledge / "2025-coevorden-verlenging.txt"
    path.write_text(path.read_text() + "\nNieuw\n\nDe raad besluit in het derde kwartaal over de verlenging van DTZ.\n")
    report = lib.update()
    assert report.changed == ["2025-coevorden-verlenging.txt"] and report.files_read == 1
    # only the new passage is embedded; unchanged passages of the changed file come from the cache
    assert 1 <= report.chunks_embedded <= 2
    assert any("derde kwartaal" in c.text for c in lib.stored.chunks)


def test_vectors_made_from_another_form_of_the_passage_text_are_not_reused(config, fake, monkeypatch) -> None:
    # A new version gives the model the passages differently (e.g. with another section prefix): the
    # cache key is the text as it is made now, so an old vector would match a text it was not made from.
    import index.build

    lib = Library(config, fake)
    lib.build()
    embedded = lib.stored.size
    monkeypatch.setattr(index.build, "EMBED_TEXT_VERSION", index.build.EMBED_TEXT_VERSION + 1)
    report = lib.build()
    assert report.chunks_embedded == embedded
    assert any("another form" in w for w in report.warnings)
    assert lib.build().chunks_embedded == 0  # from then on the vectors are reused again


def test_deleted_and_renamed_files_are_dropped(config, knowledge, fake) -> None:
    lib = Library(config, fake)
    lib.build()
    (knowledge / "2021-05-19-emmen-raadsbrief.txt").unlink()
    (knowledge / "2025-coevorden-verlenging.txt").rename(knowledge / "2025-verlenging.txt")
    before = fake.passages_embedded
    report = lib.update()
    assert report.removed == ["2021-05-19-emmen-raadsbrief.txt", "2025-coevorden-verlenging.txt"]
    assert report.added == ["2025-verlenging.txt"]
    assert fake.passages_embedded == before  # a renamed file's passages are embedded already
    sources = {c.source for c in lib.stored.chunks}
    assert sources == {"2023-07-11-statenbrief-borger-odoorn.md", "2025-verlenging.txt"}


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(tmp_path, knowledge, fake) -> None:
    for name in ("corrupt.pdf", "binary.txt", "versleuteld.pdf", "scan-zonder-tekst.pdf", "jaarverslag-2023.pdf", "cp1252.txt"):
        (knowledge / name).write_bytes((DATA / name).read_bytes())
    (knowledge / "leeg.md").write_text("")
    (knowledge / "tabel.xlsx").write_bytes(b"PK")
    outside = tmp_path / "geheim.txt"
    outside.write_text("Dit staat buiten de kennismap.")
    (knowledge / "link.txt").symlink_to(outside)
    report = Library(make_config(tmp_path, knowledge), fake).build()
    reasons = {s.source: s.reason for s in report.skipped}
    assert set(reasons) == {
        "corrupt.pdf",
        "binary.txt",
        "versleuteld.pdf",
        "scan-zonder-tekst.pdf",
        "leeg.md",
        "tabel.xlsx",
        "link.txt",
    }
    assert "outside the knowledge folder" in reasons["link.txt"]
    assert "encrypted" in reasons["versleuteld.pdf"] and "no text layer" in reasons["scan-zonder-tekst.pdf"]
    assert report.files_read == 5  # three text documents, the PDF and the cp1252 text
    assert "skipped corrupt.pdf: corrupt" in report.summary()


def test_more_bad_files_zero_pages_huge_text_unicode_name(tmp_path, knowledge, fake) -> None:
    from pypdf import PdfWriter

    with (knowledge / "leeg.pdf").open("wb") as fh:
        PdfWriter().write(fh)  # a valid PDF with 0 pages
    with (knowledge / "dump.txt").open("w", encoding="utf-8") as fh:
        line = "Een regel tekst over de regio en de maakindustrie in Zuidoost-Drenthe.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))  # 50 MB
    (knowledge / "Coördinatie overleg – verslag 2024.txt").write_text("Het coördinatieteam vergadert elke maand in Emmen.")
    (knowledge / "oud.txt").write_bytes("De coördinatie van het programma kost € 25.000.".encode("cp1252"))
    report = Library(make_config(tmp_path, knowledge), fake).build()
    reasons = {s.source: s.reason for s in report.skipped}
    assert reasons["leeg.pdf"] == "PDF has no pages"
    assert reasons["dump.txt"].startswith("text file too large (50.0 MB; limit reading.max_text_mb = 10 MB)")
    assert set(reasons) == {"leeg.pdf", "dump.txt"}
    lib = Library(make_config(tmp_path, knowledge), fake)
    lib.load()
    sources = {c.source for c in lib.stored.chunks}
    assert {"Coördinatie overleg – verslag 2024.txt", "oud.txt"} <= sources
    assert any("€ 25.000" in c.text for c in lib.stored.chunks)


def test_read_only_index_directory_keeps_old_index(config, knowledge, fake, monkeypatch) -> None:
    import errno

    lib = Library(config, fake)
    lib.build()
    old = store.current_path(config.index_dir)
    (knowledge / "nieuw.txt").write_text("Een nieuw document over waterstof in de regio Emmen.")
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.name.startswith(".tmp-gen-"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(BuildError, match="Read-only file system; the previous index is still in use"):
        lib.update()
    monkeypatch.undo()
    assert store.current_path(config.index_dir) == old
    assert lib.ask("branding van het merk").passages  # still serving the old index


def test_pdf_passages_keep_their_page(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "jaarverslag.pdf").write_bytes((DATA / "jaarverslag-2023.pdf").read_bytes())
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    answer = lib.ask("Hoeveel betalen de gemeenten per inwoner?", k=1)
    assert answer.passages[0].chunk.page == 2
    assert answer.passages[0].chunk.title == "Jaarverslag 2023 Dutch TechZone"


def test_missing_index_and_mismatch_are_clear_errors(config, fake) -> None:
    lib = Library(config, fake)
    with pytest.raises(IndexMissingError, match="dtzbot index build"):
        lib.load()
    lib.build()

    class Other(FakeEmbedder):
        model = "hash-other"

    with pytest.raises(IndexMismatchError, match="dtzbot index build"):
        Library(config, Other()).load()


@pytest.fixture
def small_fs(tmp_path):
    """A real 1 MB tmpfs (root only): the kernel itself reports a full or read-only file system."""
    mount = tmp_path / "fs"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True).returncode
    ):
        pytest.skip("mounting a tmpfs needs root (the monkeypatched variants above still run)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _index_on(tmp_path: Path, knowledge: Path, mount: Path):
    raw = {"knowledge_dir": str(knowledge), "data_dir": str(mount / "data")}
    from index.config import config_from_dict

    return config_from_dict(raw, base=tmp_path)


def test_read_only_file_system_fails_cleanly_and_keeps_old_index(tmp_path, knowledge, fake, small_fs) -> None:
    config = _index_on(tmp_path, knowledge, small_fs)
    lib = Library(config, fake)
    lib.build()
    old = store.current_path(config.index_dir)
    (knowledge / "nieuw.txt").write_text("Een nieuw document over waterstof in de regio Emmen.")
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    with pytest.raises(BuildError, match="Read-only file system.*previous index is still in use"):
        lib.update()
    assert store.current_path(config.index_dir) == old
    assert lib.ask("branding van het merk").passages  # the loaded index keeps serving
    assert Library(config, fake).ask("branding van het merk").passages  # and a fresh process loads it


def test_full_disk_fails_cleanly_and_keeps_old_index(tmp_path, knowledge, fake, small_fs) -> None:
    config = _index_on(tmp_path, knowledge, small_fs)
    lib = Library(config, fake)
    lib.build()
    old = store.current_path(config.index_dir)
    words = " ".join(f"woord{i}" for i in range(2000))
    (knowledge / "groot.txt").write_text("\n\n".join(f"Alinea {n} over de maakindustrie: {words}." for n in range(80)))
    with pytest.raises(BuildError, match="No space left on device.*previous index is still in use"):
        lib.update()
    assert store.current_path(config.index_dir) == old
    assert not list(config.index_dir.glob(".tmp-*"))  # the half-written generation is cleaned up
    fresh = Library(config, fake)
    assert fresh.ask("branding van het merk").passages
    assert all(c.source != "groot.txt" for c in fresh.stored.chunks)
    (knowledge / "groot.txt").unlink()
    (knowledge / "nieuw.txt").write_text("Een nieuw document over waterstof in de regio Emmen.")
    assert fresh.update().files_read == 1  # with space again, the next update completes


def test_write_failure_keeps_old_index(config, knowledge, fake, monkeypatch) -> None:
    lib = Library(config, fake)
    lib.build()
    old = store.current_path(config.index_dir)
    (knowledge / "nieuw.txt").write_text("Een nieuw document over waterstof in de regio Emmen.")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.np, "save", disk_full)
    with pytest.raises(BuildError, match="No space left on device"):
        lib.update()
    monkeypatch.undo()
    assert store.current_path(config.index_dir) == old
    assert not list(config.index_dir.glob(".tmp-*"))
    fresh = Library(config, fake)
    fresh.load()
    assert all(c.source != "nieuw.txt" for c in fresh.stored.chunks)


KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from tests.conftest import FakeEmbedder, make_config
    from index import Library
    from pathlib import Path

    point = {point!r}

    def pause(fn, label):
        def wrapper(*args, **kwargs):
            print(label, flush=True)
            time.sleep(60)
            return fn(*args, **kwargs)
        return wrapper

    class Embedder(FakeEmbedder):
        def embed_passages(self, texts):
            if point == "embed":
                pause(lambda: None, "embed")()
            return super().embed_passages(texts)

    if point == "rename":
        os.rename = pause(os.rename, "rename")  # generation written, not yet renamed
    if point == "swap":
        os.replace = pause(os.replace, "swap")  # generation renamed, "current" not yet swapped
    cfg = make_config(Path({tmp!r}), Path({kb!r}))
    Library(cfg, Embedder()).build()
    """
)


@pytest.mark.parametrize("point", ["embed", "rename", "swap"])
def test_kill_during_build_leaves_previous_index_loadable(tmp_path, config, knowledge, fake, point) -> None:
    lib = Library(config, fake)
    lib.build()
    old = store.current_path(config.index_dir)
    before = lib.stored.size  # read now: ``lib.stored`` loads a newer generation once one is current
    for n in range(20):
        (knowledge / f"extra-{n}.txt").write_text(f"Document {n} over project {n} in Hoogeveen en de maakindustrie.")
    script = KILL_SCRIPT.format(root=str(Path(__file__).resolve().parents[2]), tmp=str(tmp_path), kb=str(knowledge), point=point)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == point  # the child is paused exactly there
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert store.current_path(config.index_dir) == old
    reloaded = Library(config, FakeEmbedder())
    assert reloaded.ask("branding van het merk DTZ").passages
    report = reloaded.update()  # the next update completes
    assert report.chunks > before
    assert store.current_path(config.index_dir) != old
    assert not list(config.index_dir.glob(".tmp-*"))
