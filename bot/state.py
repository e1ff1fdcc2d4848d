"""What the bot keeps while it runs, behind one typed accessor."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.access import AccessPolicy, RateLimiter
from bot.feedback import FeedbackStore
from bot.members import MemberStore
from index import Config, Library
from index.conversation import Conversation
from index.filters import Filter
from index.models import BuildReport

STATE_KEY = "dtz_state"
MAX_REMEMBERED = 2000


@dataclass(frozen=True)
class Asked:
    """One answer message, so that its buttons still work."""

    question: str
    passage_ids: tuple[str, ...]  # the passages in this message
    offset: int  # how many passages came before them
    owner: int | None = None  # the user who asked: only they may vote on it


@dataclass
class BotState:
    """Everything the handlers share; created before the first update is taken."""

    config: Config
    library: Library
    policy: AccessPolicy
    limiter: RateLimiter
    feedback: FeedbackStore
    members: MemberStore
    asked: OrderedDict[str, Asked] = field(default_factory=OrderedDict)
    conversations: OrderedDict[tuple[int, int | None], Conversation] = field(default_factory=OrderedDict)
    filters: dict[tuple[int, int | None], Filter] = field(default_factory=dict)  # /jaar, /type, /bron per user and chat
    # (chat, question message) -> (the bot's answer message, the question as asked): an edited question edits its answer
    answers: OrderedDict[tuple[int, int], tuple[int, str]] = field(default_factory=OrderedDict)
    reindexing: bool = False
    prompts: OrderedDict[tuple[int, int], str] = field(default_factory=OrderedDict)  # "Wat miste je?" -> answer id
    comments: set[tuple[int, int]] = field(default_factory=set)  # replies to it (an edit of one is no question)
    announce: Callable[[BuildReport], Awaitable[None]] | None = None  # tells subscribed chats about new documents
    ready: bool = False

    def remember(self, question: str, passage_ids: list[str], offset: int = 0, owner: int | None = None) -> str:
        """Keep an answer message for its buttons; returns its short id (8 hex digits)."""
        qid = secrets.token_hex(4)
        self.asked[qid] = Asked(question, tuple(passage_ids), offset, owner)
        while len(self.asked) > MAX_REMEMBERED:
            self.asked.popitem(last=False)
        return qid

    def prompt(self, chat_id: int, prompt_id: int, answer_id: str) -> None:
        """Remember a "Wat miste je?" message, so that a reply to it is taken as feedback on that answer."""
        self.prompts[(chat_id, prompt_id)] = answer_id
        while len(self.prompts) > MAX_REMEMBERED:
            self.prompts.popitem(last=False)

    def answered(self, chat_id: int, question_id: int, answer_id: int, question: str) -> None:
        """Remember which message answered which question (for edits of the question)."""
        self.answers[(chat_id, question_id)] = (answer_id, question)
        while len(self.answers) > MAX_REMEMBERED:
            self.answers.popitem(last=False)

    def conversation(self, chat_id: int, user_id: int | None) -> Conversation:
        """The recent turns of one user in one chat (in a group each member has their own)."""
        key = (chat_id, user_id)
        conv = self.conversations.pop(key, None)
        if conv is None:
            cfg = self.config.conversation
            conv = Conversation(cfg.turns, cfg.minutes * 60)
        self.conversations[key] = conv  # most recently used last
        while len(self.conversations) > MAX_REMEMBERED:
            self.conversations.popitem(last=False)
        return conv


def get_state(bot_data: dict[str, Any]) -> BotState:
    """The bot's state from PTB's ``bot_data``."""
    state = bot_data[STATE_KEY]
    assert isinstance(state, BotState)
    return state
