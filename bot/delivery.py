"""Sending to Telegram so that an answer arrives once: not twice, not never.

What each failure means, and what is done about it:

* ``RetryAfter`` (429): Telegram asks to wait; wait ``retry_after`` and send again.
* A server error (5xx) or a connection that failed or closed before the answer: the
  message was not taken; send again with backoff (0.5 s, 1 s, 2 s, ... at most 8 s).
* ``TimedOut`` after the request went out (a read or write time-out): Telegram may have
  delivered it. Sending again could show the answer twice, so it is not retried; the log
  says it may be lost. A time-out before anything was sent (connect, pool) is retried.
* ``BadRequest`` "can't parse entities": the HTML is sent once more as plain text.
* Other ``BadRequest`` and ``Forbidden`` (the user blocked the bot): not retried.

Retrying stops after ``telegram.send_retry_seconds``; then the error is raised and the
caller logs the message as lost, with the update id.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import warnings
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BACKOFF = 8.0

# Seconds to keep retrying one call; the bot sets it from telegram.send_retry_seconds.
retry_seconds = 60.0


class Ambiguous(NetworkError):
    """A send timed out after it went out: it may or may not have been delivered."""


def _not_sent(exc: TimedOut) -> bool:
    """Did this time-out happen before the request reached Telegram?"""
    cause = exc.__cause__
    return isinstance(cause, (httpx.ConnectTimeout, httpx.PoolTimeout)) or "not* sent" in str(exc)


async def deliver(call: Callable[[], Awaitable[T]], what: str = "call") -> T:
    """Run a Bot API call with the retry rules above; raises when it finally fails."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + retry_seconds
    backoff = 0.5
    while True:
        try:
            return await call()
        except RetryAfter as exc:
            with warnings.catch_warnings():  # an int today, a timedelta in a later PTB: both are read
                warnings.simplefilter("ignore")
                retry_after = exc.retry_after
            wait = float(retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else retry_after)
            reason = f"429, retry after {wait:g} s"
        except TimedOut as exc:
            if not _not_sent(exc):
                raise Ambiguous(f"{what} timed out after it was sent; not repeated (it may have arrived)") from exc
            wait, reason = backoff, "time-out before sending"
        except (BadRequest, Forbidden):
            raise
        except NetworkError as exc:  # 5xx, a refused or closed connection
            wait, reason = backoff, str(exc)[:120]
        if loop.time() + wait > deadline:
            raise NetworkError(f"{what} failed for {retry_seconds:g} s ({reason}); giving up")
        log.warning("%s failed (%s); again in %.1f s", what, reason, wait)
        await asyncio.sleep(wait)
        backoff = min(backoff * 2, MAX_BACKOFF)


def plain(text: str) -> str:
    """Telegram HTML as the text a reader would see (for the plain-text fallback)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def send_html(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | ForceReply | None = None, reply_to: int | None = None
) -> Message:
    """Send one HTML message; when Telegram cannot parse it, once more as plain text."""

    def attempt(body: str, html_mode: bool) -> Callable[[], Awaitable[Message]]:
        # HTML and no link previews come from the Application's Defaults; the fallback says "no parse mode" outright
        extra = {} if html_mode else {"parse_mode": None}
        return lambda: bot.send_message(
            chat_id, body, reply_markup=markup, reply_to_message_id=reply_to, allow_sending_without_reply=True, **extra
        )

    try:
        return await deliver(attempt(text, True), "sendMessage")
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        log.warning("Telegram could not parse the HTML (%s); sent as plain text", exc)
        return await deliver(attempt(plain(text), False), "sendMessage (plain text)")
