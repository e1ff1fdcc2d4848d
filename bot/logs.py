"""Logging without secrets and, by default, without who asked what.

* The bot token is replaced by ``<token>`` in every record: its message, its arguments,
  the formatted traceback and the stack (python-telegram-bot puts the token in API URLs
  and in ``InvalidToken``). The filter sits on the handlers, so records of every logger
  pass it.
* Questions: user ids, names and message texts are not logged, at any level, unless the
  admin asks for it with ``dtzbot serve --log-questions``. python-telegram-bot logs whole
  updates and API parameters at DEBUG, so its loggers stay at INFO without that flag.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

_log_questions = False
_FORMATTER = logging.Formatter()


def questions_logged() -> bool:
    """May question texts and user details go to the log?"""
    return _log_questions


class Redact(logging.Filter):
    """Replace secrets in a record, including its traceback."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and record.exc_info[1].__class__.__name__ == "InvalidToken":
            # Telegram refused the token: the traceback says nothing more than the one line the CLI prints.
            record.msg, record.args = f"{record.getMessage()}: Telegram rejected the token", None
            record.exc_info, record.exc_text = None, None
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def set_privacy(log_questions: bool) -> None:
    """Without ``log_questions``: no question texts from the bot, and Telegram's loggers at INFO (no updates)."""
    global _log_questions
    _log_questions = log_questions
    # index.library logs each question with its evidence at DEBUG; telegram logs whole updates at DEBUG.
    levels = {"telegram": logging.INFO, "index.library": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}
    for name, level in levels.items():
        logger = logging.getLogger(name)
        if log_questions:
            logger.setLevel(level if name.startswith("http") else logging.NOTSET)
        elif logger.getEffectiveLevel() < level:
            logger.setLevel(level)


def protect(token: str) -> Redact:
    """Install the token filter on every root handler and on uncaught exceptions."""
    redact = Redact(token)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        handler.addFilter(redact)

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("dtzbot").critical("uncaught exception", exc_info=(kind, exc, tb))

    sys.excepthook = excepthook
    return redact
