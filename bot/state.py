"""What the bot keeps while it runs, behind one typed accessor."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bot.access import AccessPolicy, RateLimiter
from bot.feedback import FeedbackStore
from bot.members import MemberStore
from bot.shared import LocalMemory, Memory
from index import Config, Library
from index.conversation import Conversation, Turn
from index.filters import Filter
from index.models import BuildReport

STATE_KEY = "dtz_state"
T = TypeVar("T")


@dataclass(frozen=True)
class Asked:
    """One answer message, so that its buttons still work."""

    question: str
    passage_ids: tuple[str, ...]  # the passages in this message
    offset: int  # how many passages came before them
    owner: int | None = None  # the user who asked: only they may vote on it


def _key(key: object) -> str:
    return ":".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


class _Kind:
    """One kind of remembered value, with the dict methods the handlers use."""

    def __init__(self, memory: Memory, kind: str, load: Callable[[Any], Any], dump: Callable[[Any], Any]) -> None:
        self._memory, self._kind, self._load, self._dump = memory, kind, load, dump

    def get(self, key: object, default: Any = None) -> Any:
        raw = self._memory.get(self._kind, _key(key))
        return default if raw is None else self._load(raw)

    def pop(self, key: object, default: Any = None) -> Any:
        raw = self._memory.pop(self._kind, _key(key))
        return default if raw is None else self._load(raw)

    def __setitem__(self, key: object, value: Any) -> None:
        self._memory.put(self._kind, _key(key), self._dump(value))

    def __contains__(self, key: object) -> bool:
        return self._memory.get(self._kind, _key(key)) is not None


class _Remembered(Conversation):
    """A conversation whose turns are read from and written back to the memory.

    A turn is recorded on the turns as they are then (not as they were when the question came
    in): a /opnieuw or another question answered meanwhile, here or on another replica, counts.
    """

    def __init__(self, load: Callable[[], list[Turn]], save: Callable[[list[Turn]], None], turns: int, seconds: float) -> None:
        super().__init__(turns, seconds, clock=time.time)  # wall-clock time: replicas share the turns
        self._load, self._save = load, save
        self._turns.extend(load())

    def record(self, question: str, understood: str, sources: Sequence[str]) -> Turn:
        self._turns.clear()
        self._turns.extend(self._load())
        turn = super().record(question, understood, sources)
        self._save(list(self._turns))
        return turn

    def forget(self) -> None:
        super().forget()
        self._save([])


@dataclass
class BotState:
    """Everything the handlers share; created before the first update is taken.

    What must survive from one update to the next (buttons, edits, follow-ups, filters, rate
    limits) is in ``memory``: this process's, or the database's when replicas share the work.
    """

    config: Config
    library: Library
    policy: AccessPolicy
    limiter: RateLimiter
    feedback: FeedbackStore
    members: MemberStore
    memory: Memory = field(default_factory=LocalMemory)
    reindexing: bool = False
    announce: Callable[[BuildReport], Awaitable[None]] | None = None  # tells subscribed chats about new documents
    ready: bool = False

    def __post_init__(self) -> None:
        m = self.memory
        self.asked = _Kind(
            m, "asked", lambda d: Asked(d[0], tuple(d[1]), int(d[2]), d[3]), lambda a: list(dataclasses.astuple(a))
        )
        # (chat, question message) -> (the bot's answer message, the question as asked): an edited question edits its answer
        self.answers = _Kind(m, "answer", lambda d: (int(d[0]), str(d[1])), list)
        self.prompts = _Kind(m, "prompt", str, str)  # "Wat miste je?" message -> answer id
        self.comments = _Kind(m, "comment", bool, bool)  # replies to it (an edit of one is no question)
        self.filters = _Kind(m, "filter", lambda d: Filter(**d), dataclasses.asdict)  # /jaar, /type, /bron per user and chat

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """Call ``fn``: in a worker thread when the state is in the database (a round trip), else directly."""
        if isinstance(self.memory, LocalMemory):
            return fn(*args)
        return await asyncio.to_thread(fn, *args)

    def remember(self, question: str, passage_ids: list[str], offset: int = 0, owner: int | None = None) -> str:
        """Keep an answer message for its buttons; returns its short id (8 hex digits)."""
        qid = secrets.token_hex(4)
        self.asked[qid] = Asked(question, tuple(passage_ids), offset, owner)
        return qid

    def prompt(self, chat_id: int, prompt_id: int, answer_id: str) -> None:
        """Remember a "Wat miste je?" message, so that a reply to it is taken as feedback on that answer."""
        self.prompts[(chat_id, prompt_id)] = answer_id

    def answered(self, chat_id: int, question_id: int, answer_id: int, question: str) -> None:
        """Remember which message answered which question (for edits of the question)."""
        self.answers[(chat_id, question_id)] = (answer_id, question)

    def conversation(self, chat_id: int, user_id: int | None) -> Conversation:
        """The recent turns of one user in one chat (in a group each member has their own)."""
        key = _key((chat_id, user_id))

        def load() -> list[Turn]:
            raw = self.memory.get("conversation", key) or []
            return [Turn(t["question"], t["understood"], tuple(t["sources"]), float(t["at"])) for t in raw]

        def save(turns: list[Turn]) -> None:
            self.memory.put("conversation", key, [dataclasses.asdict(t) for t in turns])

        cfg = self.config.conversation
        return _Remembered(load, save, cfg.turns, cfg.minutes * 60)


def get_state(bot_data: dict[str, Any]) -> BotState:
    """The bot's state from PTB's ``bot_data``."""
    state = bot_data[STATE_KEY]
    assert isinstance(state, BotState)
    return state
