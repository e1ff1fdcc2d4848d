"""Who may use the bot, who is admin, and how many questions a user may ask per minute."""

from __future__ import annotations

import time
from collections.abc import Callable, Container

from bot.shared import LocalMemory, Memory
from index.config import TelegramConfig


class AccessPolicy:
    """Open access or an allowlist of users and chats (config.yaml, plus members admitted by
    invitation); admins always have access."""

    def __init__(self, cfg: TelegramConfig, members: Container[int] = frozenset()) -> None:
        self.mode = cfg.access
        self.users = frozenset(cfg.allow_users)
        self.chats = frozenset(cfg.allow_chats)
        self.admins = frozenset(cfg.admins)
        self.members = members

    def allowed(self, user_id: int | None, chat_id: int | None) -> bool:
        """May this user ask questions in this chat?"""
        if self.mode == "open" or (user_id is not None and user_id in self.admins):
            return True
        if user_id is not None and (user_id in self.users or user_id in self.members):
            return True
        return chat_id is not None and chat_id in self.chats

    def is_admin(self, user_id: int | None) -> bool:
        """Is this user an admin?"""
        return user_id is not None and user_id in self.admins


class RateLimiter:
    """A sliding window of questions per user per minute (in this process, or shared by replicas: :mod:`bot.shared`)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, memory: Memory | None = None) -> None:
        self.per_minute = per_minute
        self._memory = memory or LocalMemory(clock)

    def check(self, user_id: int) -> float:
        """Record a question; returns 0 when allowed, else the seconds until the next is allowed."""
        return self._memory.hit(str(user_id), self.per_minute, 60.0)
