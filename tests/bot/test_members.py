"""Invitations and members in a real SQLite file, with a clock the test sets."""

from __future__ import annotations

from pathlib import Path

from bot.access import AccessPolicy
from bot.members import MemberStore
from index.config import TelegramConfig


def test_an_invitation_admits_one_user_once_until_it_expires(tmp_path: Path) -> None:
    now = [1_000_000.0]
    store = MemberStore(tmp_path / "bot.sqlite3", clock=lambda: now[0])
    policy = AccessPolicy(TelegramConfig(access="allowlist", allow_users=(7,)), store)
    first = store.invite(admin_id=42, hours=24)
    assert first.expires_at == now[0] + 24 * 3600 and len(first.code) >= 12
    assert not policy.allowed(5, 5)
    assert store.redeem(first.code, 5, "Anna de Vries") == "joined"
    assert policy.allowed(5, 5) and 5 in store
    assert store.redeem(first.code, 5, "Anna de Vries") == "member"  # her own link again: fine
    assert store.redeem(first.code, 6, "Bert") == "used"
    spare = store.invite(admin_id=42, hours=24)
    assert store.redeem(spare.code, 5, "Anna de Vries") == "member"  # a member opening it does not use it up
    assert store.redeem(spare.code, 6, "Bert") == "joined"
    late = store.invite(admin_id=42, hours=1)
    now[0] += 3601
    assert store.redeem(late.code, 6, "Bert") == "expired"
    assert store.redeem("not-a-code-at-all", 6, "Bert") == "unknown" and store.redeem("x;drop", 6, "B") == "unknown"
    assert [m.user_id for m in store.members()] == [5, 6] and store.members()[0].invited_by == 42
    assert store.open_invitations() == 0
    assert store.remove(6) and store.redeem(spare.code, 6, "Bert") == "used"  # removed: their old link no longer admits
    store.close()
    again = MemberStore(tmp_path / "bot.sqlite3")  # kept across restarts
    assert 5 in again
    assert 6 not in again and again.remove(5) and not again.remove(5) and 5 not in again
    assert not AccessPolicy(TelegramConfig(access="allowlist"), again).allowed(5, 5)
    assert AccessPolicy(TelegramConfig(access="allowlist", allow_users=(7,)), again).allowed(7, 7)  # config still counts
