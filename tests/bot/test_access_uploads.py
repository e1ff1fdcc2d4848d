from __future__ import annotations

import io
from pathlib import Path

from bot.access import AccessPolicy, RateLimiter
from bot.feedback import FeedbackStore
from bot.uploads import commit_upload, plan_upload, safe_name
from index.config import TelegramConfig


def test_access_policy() -> None:
    open_policy = AccessPolicy(TelegramConfig())
    assert open_policy.allowed(5, 5) and not open_policy.is_admin(5)
    policy = AccessPolicy(TelegramConfig(access="allowlist", allow_users=(1,), allow_chats=(-100,), admins=(9,)))
    assert policy.allowed(1, 1) and policy.allowed(2, -100) and policy.allowed(9, 9)
    assert not policy.allowed(2, 2) and not policy.allowed(None, None)
    assert policy.is_admin(9) and not policy.is_admin(1)


def test_rate_limiter_sliding_window() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.check(1) == 0 and limiter.check(1) == 0
    assert limiter.check(1) == 60
    assert limiter.check(2) == 0  # per user
    now[0] = 30
    assert limiter.check(1) == 30
    now[0] = 60.5
    assert limiter.check(1) == 0


def test_user_hash_is_keyed_stable_and_not_the_id(tmp_path: Path) -> None:
    one = FeedbackStore(tmp_path / "a.sqlite3", key=b"k1")
    assert one.user_hash(12345) == one.user_hash(12345) != FeedbackStore(tmp_path / "b.sqlite3", key=b"k2").user_hash(12345)
    assert "12345" not in one.user_hash(12345)


def test_safe_names() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_name("Jaarplan 2024 (def).PDF") == "Jaarplan 2024 (def).pdf"
    assert safe_name(".verborgen.pdf") == "verborgen.pdf"
    assert safe_name("rapport<>|*?.docx") == "rapport.docx"
    assert safe_name("Overzicht coördinatie.md") == "Overzicht coördinatie.md"
    assert len(safe_name("x" * 500 + ".pdf")) <= 120


def test_upload_plans(tmp_path: Path) -> None:
    tg = TelegramConfig(max_upload_mb=1)
    assert plan_upload(tmp_path, "a.exe", 10, tg, False).error == "upload_type"
    assert plan_upload(tmp_path, "raadsvoorstel.odt", 10, tg, False).error is None  # OpenDocument is read too
    assert plan_upload(tmp_path, "a.pdf", 2 * 1024 * 1024, tg, False).error == "upload_size"
    plan = plan_upload(tmp_path, "../a.pdf", 10, tg, False)
    assert plan.error is None and plan.final == tmp_path.resolve() / "a.pdf" and plan.temp.name.startswith(".upload-")
    plan.temp.write_bytes(b"one")
    commit_upload(plan)
    again = plan_upload(tmp_path, "a.pdf", 10, tg, False)
    assert again.message == "upload_renamed" and again.final.name == "a-2.pdf"
    replace = plan_upload(tmp_path, "a.pdf", 10, tg, True)
    assert replace.message == "upload_replaced" and replace.final.name == "a.pdf"


def test_feedback_export(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.record(7, "Wat is DTZ?", ["c1", "c2"], "up")
    store.record(8, "Wie betaalt?", ["c3"], "down", "a1")
    assert store.comment(8, "a1", "Het bedrag  per gemeente")
    out = io.StringIO()
    assert store.export_csv(out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0] == "created_at,user_hash,question,passage_ids,vote,comment"
    assert lines[1].endswith(",Wat is DTZ?,c1 c2,up,") and ",7," not in lines[1]
    assert lines[2].endswith(",down,Het bedrag per gemeente")
    key = (tmp_path / "user-hash.key").read_text()
    assert (tmp_path / "user-hash.key").stat().st_mode & 0o077 == 0  # readable by the owner only
    assert key not in (tmp_path / "fb.sqlite3").read_bytes().decode("latin-1")  # the key is not in the database
    assert FeedbackStore(tmp_path / "fb.sqlite3").user_hash(7) == store.user_hash(7)  # stable across restarts


def test_digest_and_retention_with_a_clock_the_test_sets(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    store = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=90, key=b"k", clock=lambda: now[0])
    store.asked("Wat is DTZ?", True, ["a.pdf", "a.pdf", "b.pdf"])
    store.asked("Wat kost parkeren?", False, ["c.pdf"])
    store.asked("Wat kost  parkeren?", False, [])
    store.record(1, "Wie betaalt?", ["c3"], "down", "q1")
    store.comment(1, "q1", "het bedrag voor Emmen")
    store.record(2, "Wat is DTZ?", ["c1"], "up", "q2")
    digest = store.digest(days=7)
    assert (digest.asked, digest.answered, digest.up) == (3, 1, 1)
    assert digest.topics == [("a.pdf", 1), ("b.pdf", 1)]
    assert digest.refused == [("Wat kost parkeren?", 2)]
    assert digest.down == [("Wie betaalt?", "het bedrag voor Emmen")]
    now[0] += 8 * 86400
    assert store.digest(days=7).asked == 0  # last week's digest no longer holds them
    assert store.purge() == 0  # within 90 days: kept
    now[0] += 83 * 86400
    assert store.purge() == 5  # three questions and two votes, 91 days old
    assert store.digest(days=365).asked == 0 and store.rows() == []
