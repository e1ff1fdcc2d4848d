"""Build and run the Telegram application.

The token comes only from ``TELEGRAM_BOT_TOKEN``. ``telegram.base_url`` points the bot
at another Bot API server: calls go to ``{base_url}/bot{token}/{method}``. The library
and model are loaded in ``post_init``, before the first update is taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import admin, handlers, watch
from bot.access import AccessPolicy, RateLimiter
from bot.feedback import FeedbackStore
from bot.state import STATE_KEY, BotState, get_state
from index import Config, ConfigError, Library

log = logging.getLogger(__name__)
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (python-telegram-bot logs its API URL at DEBUG)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


def read_token() -> str:
    """The bot token from the environment; a clear error when missing or malformed."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ConfigError(f"{TOKEN_ENV} is not set: export the token that @BotFather gave you")
    if not _TOKEN.match(token):
        raise ConfigError(f"{TOKEN_ENV} does not look like a bot token (expected digits, a colon and 30+ characters)")
    return token


def build_application(cfg: Config, token: str, library: Library | None = None, *, read_timeout: float = 10.0) -> Application:
    """A configured PTB Application; the library is loaded in post_init when not given."""
    for noisy in ("httpx", "httpcore"):  # their request logs contain Telegram URLs, and so the token
        logging.getLogger(noisy).setLevel(logging.WARNING)
    base = cfg.telegram.base_url.rstrip("/")

    async def post_init(app: Application) -> None:
        lib = library or Library(cfg)
        await asyncio.to_thread(lib.ensure_built)
        state = BotState(
            config=cfg,
            library=lib,
            policy=AccessPolicy(cfg.telegram),
            limiter=RateLimiter(cfg.telegram.questions_per_minute),
            feedback=FeedbackStore(cfg.telegram.feedback_db),
        )
        app.bot_data[STATE_KEY] = state
        state.ready = True
        await asyncio.to_thread(watch.write_heartbeat, state)

        async def notify(text: str) -> None:
            if not cfg.telegram.notify_admins:
                return
            for admin_id in cfg.telegram.admins:
                with contextlib.suppress(Exception):
                    await handlers.send_parts(app.bot, admin_id, [text])

        def alive() -> bool:
            return bool(app.running and (app.updater is None or app.updater.running or cfg.telegram.mode == "webhook"))

        app.bot_data["watch_task"] = asyncio.create_task(watch.run(state, notify, alive))
        log.info("ready: %d passages", state.library.status().passages)

    async def post_shutdown(app: Application) -> None:
        task = app.bot_data.get("watch_task")
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if STATE_KEY in app.bot_data:
            get_state(app.bot_data).feedback.close()

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .read_timeout(read_timeout)
        .write_timeout(read_timeout)
        .get_updates_read_timeout(read_timeout + 30)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    """Register the handlers: access check first, then commands, buttons, documents, questions."""
    app.add_handler(TypeHandler(Update, handlers.gatekeeper), group=-1)
    app.add_handler(CommandHandler("start", handlers.cmd_start))
    app.add_handler(CommandHandler(["help", "hulp"], handlers.cmd_help))
    app.add_handler(CommandHandler("bronnen", handlers.cmd_bronnen))
    app.add_handler(CommandHandler("over", handlers.cmd_over))
    app.add_handler(CommandHandler("vraag", handlers.cmd_vraag))
    app.add_handler(CommandHandler("status", admin.cmd_status))
    app.add_handler(CommandHandler("reindex", admin.cmd_reindex))
    app.add_handler(CallbackQueryHandler(handlers.on_button))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, admin.on_document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, handlers.on_private_text))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS, handlers.on_group_text))
    app.add_error_handler(handlers.on_error)


def webhook_settings(cfg: Config) -> dict[str, Any]:
    """Arguments for PTB's run_webhook/start_webhook from the config."""
    wh = cfg.telegram.webhook
    return {
        "listen": wh.listen,
        "port": wh.port,
        "url_path": wh.path,
        "webhook_url": f"{wh.url.rstrip('/')}/{wh.path}",
        "secret_token": wh.secret_token or None,
        "allowed_updates": Update.ALL_TYPES,
    }


def serve(cfg: Config) -> int:
    """Run the bot until interrupted: long polling, or a webhook when configured."""
    token = read_token()
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))
    app = build_application(cfg, token)
    tg = cfg.telegram
    if tg.mode == "webhook":
        app.run_webhook(**webhook_settings(cfg))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
