from __future__ import annotations

import io
from pathlib import Path

from bot.access import AccessPolicy, RateLimiter, user_hash
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


def test_user_hash_is_stable_and_not_the_id() -> None:
    assert user_hash(12345, "s") == user_hash(12345, "s") != user_hash(12345, "t")
    assert "12345" not in user_hash(12345, "s")


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
    store.record(8, "Wie betaalt?", ["c3"], "down")
    out = io.StringIO()
    assert store.export_csv(out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0] == "created_at,user_hash,question,passage_ids,vote"
    assert lines[1].endswith(",Wat is DTZ?,c1 c2,up") and ",7," not in lines[1]
    salt = store.salt
    store.close()
    assert FeedbackStore(tmp_path / "fb.sqlite3").salt == salt  # hashes stay comparable across restarts
