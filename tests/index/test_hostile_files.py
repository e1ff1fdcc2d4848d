"""Hostile knowledge folders: every bad file is skipped with its reason, the rest is indexed, nothing hangs.

Each case asserts the exact outcome (which file is skipped, and why) and that the good
documents are still searchable afterwards.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from index import ConfigError, Library, load_config
from index.config import config_from_dict
from tests.conftest import DATA, ROOT, make_config

pytestmark = pytest.mark.unit

# 9 levels of 9 aliases: 1.2 KB that safe_load expands to 9**9 strings.
YAML_BOMB = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    + ["title: *a8"]
)


def _build(cfg, fake, timeout: float = 60.0):
    """Run a build in a thread and fail (instead of hanging the suite) if it does not finish."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["report"] = Library(cfg, fake).build()
        except BaseException as exc:  # pragma: no cover - reported below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"build did not finish within {timeout} s"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["report"]


def _skipped(report) -> dict[str, str]:
    return {s.source: s.reason for s in report.skipped}


def _good_docs_answer(cfg, fake) -> None:
    lib = Library(cfg, fake)
    lib.load()
    assert lib.ask("Tot wanneer loopt de samenwerkingsovereenkomst?").passages[0].chunk.source == "2025-coevorden-verlenging.txt"


def test_symlink_loop_is_skipped_and_status_works(tmp_path, knowledge, fake) -> None:
    os.symlink("loop.txt", knowledge / "loop.txt")
    os.symlink("b.txt", knowledge / "a.txt")
    os.symlink("a.txt", knowledge / "b.txt")
    cfg = make_config(tmp_path, knowledge)
    report = _build(cfg, fake)
    skipped = _skipped(report)
    assert skipped == {name: "symbolic link loop (not followed)" for name in ("a.txt", "b.txt", "loop.txt")}
    assert report.files_read == 3
    lib = Library(cfg, fake)
    lib.load()
    assert lib.stale() == [] and lib.status().passages > 0  # status and the staleness check do not raise
    _good_docs_answer(cfg, fake)


def test_fifo_is_skipped_and_update_does_not_hang(tmp_path, knowledge, fake) -> None:
    os.mkfifo(knowledge / "pipe.txt")
    os.mkfifo(knowledge / "2025-coevorden-verlenging.txt.meta.yaml")  # a sidecar that is a FIFO
    cfg = make_config(tmp_path, knowledge)
    report = _build(cfg, fake, timeout=30)
    assert _skipped(report)["pipe.txt"] == "not a regular file (FIFO (named pipe)); only files are read"
    assert "2025-coevorden-verlenging.txt" in _skipped(report)  # its sidecar cannot be read: skipped, not hung
    lib = Library(cfg, fake)
    report = lib.update()
    assert "pipe.txt" in _skipped(report) and report.files_read + report.files_reused == 2


def _zip_with(sample: str, member: str, data: bytes) -> bytes:
    """A copy of a sample zip container (DOCX, ODT) with one of its members replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(DATA / sample) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == member else src.read(item))
    return out.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    """A DOCX made from the sample, with its word/document.xml replaced."""
    return _zip_with("verbindingsplan.docx", "word/document.xml", document_xml)


def test_malformed_docx_is_skipped_with_reason(tmp_path, knowledge, fake) -> None:
    (knowledge / "kapot.docx").write_bytes(_docx_with(b"<w:document><w:body><w:p>niet afgesloten"))
    (knowledge / "geen-zip.docx").write_bytes(b"PK\x03\x04 dit is geen zip")
    report = _build(make_config(tmp_path, knowledge), fake)
    skipped = _skipped(report)
    assert skipped["kapot.docx"].startswith("corrupt or unreadable DOCX (XMLSyntaxError)")
    assert skipped["geen-zip.docx"].startswith("corrupt or unreadable zip container")
    assert report.files_read == 3
    _good_docs_answer(make_config(tmp_path, knowledge), fake)


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path, knowledge, fake) -> None:
    body = b"<w:p><w:r><w:t>" + b"a" * (8 * 1024 * 1024) + b"</w:t></w:r></w:p>"  # 8 MB of XML in ~10 KB of zip
    bomb = _docx_with(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + body + b"</w:body></w:document>")
    assert len(bomb) < 100_000
    (knowledge / "bom.docx").write_bytes(bomb)
    cfg = make_config(tmp_path, knowledge, reading={"max_unzipped_mb": 2})
    started = time.monotonic()
    report = _build(cfg, fake)
    assert time.monotonic() - started < 20
    assert _skipped(report)["bom.docx"].startswith("unpacks to more than reading.max_unzipped_mb = 2 MB")


def test_yaml_bomb_in_front_matter_and_sidecar(tmp_path, knowledge, fake) -> None:
    (knowledge / "bom.md").write_text(
        f"---\n{YAML_BOMB}\n---\n# Bom\n\nDe tekst van dit document wordt gewoon gelezen en doorzocht.\n"
    )
    (knowledge / "2025-coevorden-verlenging.txt.meta.yaml").write_text(YAML_BOMB)
    started = time.monotonic()
    report = _build(make_config(tmp_path, knowledge), fake)
    assert time.monotonic() - started < 20
    assert report.skipped == [] and report.files_read == 4
    notes = "\n".join(report.warnings)
    assert "bom.md: front matter is not valid YAML (more than 64 aliases (*name): refused)" in notes
    assert "2025-coevorden-verlenging.txt.meta.yaml is not valid YAML (more than 64 aliases (*name): refused)" in notes
    lib = Library(make_config(tmp_path, knowledge), fake)
    lib.load()
    meta = lib.document("bom.md")
    assert meta is not None and meta.title == "Bom"


def test_yaml_bomb_config_is_refused_quickly(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(YAML_BOMB.replace("title: *a8", "telegram:\n  contact: *a8"))
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"not valid YAML: more than 64 aliases"):
        load_config(path)
    assert time.monotonic() - started < 2


def test_expanded_values_are_bounded_even_with_few_aliases(tmp_path) -> None:
    # 30 aliases, each doubling: 2**30 values after expansion.
    lines = ["l0: &l0 [x, x]"] + [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, 16)]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines))
    with pytest.raises(ConfigError, match="values after expanding aliases"):
        load_config(path)


def test_config_error_does_not_print_a_huge_value(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("search:\n  top_k: '" + "9" * 100_000 + "'\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert len(str(info.value)) < 300 and "search.top_k must be an integer" in str(info.value)


def test_utf16_text_is_read(tmp_path, knowledge, fake) -> None:
    text = "Waterstof\n\nDe regio investeert in waterstof voor de maakindustrie in Zuidoost-Drenthe, aldus de gedeputeerde.\n"
    (knowledge / "utf16-bom.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (knowledge / "utf16-le.txt").write_bytes(text.replace("Waterstof", "Zonne-energie").encode("utf-16-le"))
    report = _build(make_config(tmp_path, knowledge), fake)
    assert report.skipped == [] and report.files_read == 5
    lib = Library(make_config(tmp_path, knowledge), fake)
    lib.load()
    chunks = {c.source: c for c in lib.stored.chunks}
    assert "investeert in waterstof voor de maakindustrie" in chunks["utf16-bom.txt"].text
    assert "investeert in waterstof" in chunks["utf16-le.txt"].text and chunks["utf16-le.txt"].section == "Zonne-energie"


def test_newline_in_a_file_name_does_not_break_the_summary(tmp_path, knowledge, fake) -> None:
    (knowledge / "twee\nregels.txt").write_text(
        "Een document met een rare naam.\n\nDe inhoud wordt gewoon gelezen door de bot.\n"
    )
    (knowledge / "leeg\rbestand.txt").write_bytes(b"")
    report = _build(make_config(tmp_path, knowledge), fake)
    lines = report.summary().splitlines()
    assert "added: " in report.summary()
    assert any(line.startswith("skipped leeg\\x0dbestand.txt: empty file") for line in lines)
    assert all("\r" not in line for line in lines)
    assert any("twee\\x0aregels.txt" in line for line in lines)
    assert not any(line.startswith("regels.txt") for line in lines)


def test_unreadable_folder_is_reported(tmp_path) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"dtz-unreadable-{os.getpid()}"
    (folder / "geheim").mkdir(parents=True)
    try:
        (folder / "geheim" / "a.txt").write_text("Geheime tekst die niet gelezen kan worden door de bot.\n")
        (folder / "open.txt").write_text("Open tekst.\n")
        os.chmod(folder / "geheim", 0)
        os.chmod(folder, 0o755)
        code = (
            "from pathlib import Path; from index.build import scan; "
            f"files, skipped = scan(Path({str(folder)!r})); "
            "print([f.source for f in files]); print([(s.source, s.reason) for s in skipped])"
        )
        # root reads every folder: then check without the capabilities that let it (util-linux setpriv).
        prefix = ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all"] if os.geteuid() == 0 else []
        if prefix and shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot make a folder unreadable")
        out = subprocess.run(
            [*prefix, sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
        ).stdout.splitlines()
        assert out[0] == "['open.txt']"
        assert out[1] == "[('geheim/', 'folder cannot be read: Permission denied')]"
    finally:
        os.chmod(folder / "geheim", 0o755)
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_reading_time_budget_skips_a_slow_file(tmp_path, knowledge, fake) -> None:
    words = " ".join(f"woord{i % 5000}" for i in range(40_000))
    (knowledge / "groot.txt").write_text("\n\n".join(f"Alinea {n}. {words}." for n in range(60)))  # ~15 MB of text to clean
    cfg = make_config(tmp_path, knowledge, reading={"max_seconds": 1.5, "max_text_mb": 100})
    report = _build(cfg, fake, timeout=60)
    assert _skipped(report) == {"groot.txt": "reading took longer than reading.max_seconds = 1.5 s"}
    assert report.files_read == 3  # the reader is restarted for the files after it
    _good_docs_answer(cfg, fake)


def test_reading_memory_budget_skips_a_greedy_file(tmp_path, knowledge, fake) -> None:
    (knowledge / "groot.txt").write_text(("Dit is een zin over de regio. " * 20 + "\n\n") * 20_000)  # 12 MB
    cfg = make_config(tmp_path, knowledge, reading={"max_memory_mb": 64, "max_text_mb": 100, "max_seconds": 120})
    report = _build(cfg, fake, timeout=120)
    assert _skipped(report) == {"groot.txt": "needs more than reading.max_memory_mb = 64 MB to read"}
    assert report.files_read == 3
    _good_docs_answer(cfg, fake)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"search": {"min_evidence": float("nan")}}, "search.min_evidence must be a finite number, got nan"),
        ({"search": {"dense_weight": float("inf")}}, "search.dense_weight must be a finite number, got inf"),
        ({"data_dir": "/"}, "data_dir must not be the file-system root or a system folder, got '/'"),
        ({"knowledge_dir": "/etc"}, "knowledge_dir must not be the file-system root or a system folder, got '/etc'"),
        ({"data_dir": "/usr/share/dtz"}, "data_dir must not be the file-system root or a system folder"),
        ({"telegram": {"feedback_db": "/feedback.sqlite3"}}, "telegram.feedback_db must not be the file-system root"),
    ],
)
def test_config_refuses_nan_and_system_paths(raw: dict, message: str, tmp_path) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        config_from_dict(raw, base=tmp_path)


def test_nan_written_in_yaml_is_refused(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("search:\n  min_evidence: .nan\n")
    with pytest.raises(ConfigError, match="search.min_evidence must be a finite number"):
        load_config(path)


def test_a_script_read_from_stdin_can_build(tmp_path, knowledge) -> None:
    # The reader worker re-imports the main module; "<stdin>" is no file, so it must not try.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from pathlib import Path\n"
        "from tests.conftest import FakeEmbedder, make_config\n"
        "from index import Library\n"
        f"report = Library(make_config(Path({str(tmp_path)!r}), Path({str(knowledge)!r})), FakeEmbedder()).build()\n"
        "print(report.files_read, len(report.skipped))\n"
    )
    done = subprocess.run(
        [sys.executable, "-", str(ROOT)], input=script, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["3", "0"], done.stderr


def _odt_with(content_xml: bytes) -> bytes:
    """An ODT made from the sample, with its content.xml replaced."""
    return _zip_with("raadsvoorstel.odt", "content.xml", content_xml)


def test_malformed_and_zip_bomb_odt_are_skipped_with_reason(tmp_path, knowledge, fake) -> None:
    (knowledge / "kapot.odt").write_bytes(_odt_with(b"<office:document-content><office:body>niet afgesloten"))
    entity = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>'
    (knowledge / "entiteit.odt").write_bytes(_odt_with(entity))  # no file is read through an entity
    (knowledge / "bom.odt").write_bytes(_odt_with(b"<d>" + b"a" * (8 * 1024 * 1024) + b"</d>"))
    report = _build(make_config(tmp_path, knowledge, reading={"max_unzipped_mb": 2}), fake)
    skipped = _skipped(report)
    assert skipped["kapot.odt"].startswith("corrupt or unreadable ODT (XMLSyntaxError)")
    assert skipped["entiteit.odt"] == "not an OpenDocument text (no office:text body)"
    assert skipped["bom.odt"].startswith("unpacks to more than reading.max_unzipped_mb = 2 MB")
    assert report.files_read == 3  # the good documents
    _good_docs_answer(make_config(tmp_path, knowledge), fake)
