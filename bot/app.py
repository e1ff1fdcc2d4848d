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
import secrets
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import admin, delivery, handlers, logs, watch
from bot.access import AccessPolicy, RateLimiter
from bot.context import CONTEXT_TYPES
from bot.db import Database
from bot.feedback import KEY_ENV as feedback_key_env
from bot.feedback import FeedbackStore
from bot.members import MemberStore
from bot.shared import open_memory
from bot.state import STATE_KEY, BotState, get_state
from index import Config, ConfigError, DTZError, Library
from index.models import BuildReport

log = logging.getLogger(__name__)
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


def read_token() -> str:
    """The bot token from the environment; a clear error when missing or malformed."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ConfigError(f"{TOKEN_ENV} is not set: export the token that @BotFather gave you")
    if not _TOKEN.match(token):
        raise ConfigError(f"{TOKEN_ENV} does not look like a bot token (expected digits, a colon and 30+ characters)")
    return token


def build_application(
    cfg: Config, token: str, library: Library | None = None, *, read_timeout: float = 10.0, log_questions: bool = False
) -> Application:
    """A configured PTB Application; the library is loaded in post_init when not given."""
    logs.set_privacy(log_questions)  # also keeps httpx's request lines (URLs with the token) out
    base = cfg.telegram.base_url.rstrip("/")
    delivery.retry_seconds = cfg.telegram.send_retry_seconds

    async def post_init(app: Application) -> None:
        lib = library or Library(cfg)
        await asyncio.to_thread(lib.ensure_built)
        db = await asyncio.to_thread(Database.open, cfg)  # SQLite beside the index, or the index's PostgreSQL
        if db.engine == "postgres" and not os.environ.get(feedback_key_env):
            log.warning(
                "%s is not set: each replica makes its own key for the user hashes, so a vote sent to two replicas "
                "counts twice; give every replica the same %s",
                feedback_key_env,
                feedback_key_env,
            )
        members = MemberStore(db)
        memory = open_memory(db)
        state = BotState(
            config=cfg,
            library=lib,
            policy=AccessPolicy(cfg.telegram, members),
            limiter=RateLimiter(cfg.telegram.questions_per_minute, memory=memory),
            feedback=FeedbackStore(db, cfg.privacy.retention_days, key_folder=cfg.telegram.feedback_db.parent),
            members=members,
            memory=memory,
        )
        app.bot_data[STATE_KEY] = state
        state.ready = True
        await asyncio.to_thread(watch.write_heartbeat, state, "running" if cfg.watch.enabled else "disabled")

        async def notify(text: str) -> None:
            if not cfg.telegram.notify_admins:
                return
            for admin_id in cfg.telegram.admins:
                with contextlib.suppress(Exception):
                    await handlers.send_parts(app.bot, admin_id, [text])

        async def announce(report: BuildReport) -> None:
            for chat_id, lang in await asyncio.to_thread(state.feedback.subscribers):
                if not state.policy.allowed(chat_id if chat_id > 0 else None, chat_id):  # access taken away since
                    continue
                try:
                    await handlers.send(app.bot, chat_id, handlers.announcement(state.library, report, lang))
                except TelegramError as exc:  # one chat that blocked the bot does not stop the others
                    log.warning("could not tell subscribed chat %s about new documents: %s", chat_id, exc)

        state.announce = announce
        if app.job_queue is not None:
            app.job_queue.run_repeating(admin.purge_job, interval=86400, first=5, name="retention")
            if cfg.telegram.digest_days > 0 and cfg.telegram.admins:
                every = cfg.telegram.digest_days * 86400
                app.job_queue.run_repeating(admin.digest_job, interval=every, first=every, name="digest")

        def alive() -> bool:
            return bool(app.running and (app.updater is None or app.updater.running or cfg.telegram.mode == "webhook"))

        watcher = asyncio.create_task(watch.run(state, notify)) if cfg.watch.enabled else None
        app.bot_data["tasks"] = [t for t in (watcher, asyncio.create_task(watch.heartbeat(state, alive, watcher))) if t]
        log.info("ready: %d passages", state.library.status().passages)

    async def post_shutdown(app: Application) -> None:
        for task in app.bot_data.get("tasks", []):
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:  # it died earlier; the health check has been saying so
                log.exception("a background task had stopped with an error")
        if STATE_KEY in app.bot_data:
            get_state(app.bot_data).feedback.close()
            get_state(app.bot_data).members.close()

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=0))  # 429s are retried by bot.delivery, with the rest
        .concurrent_updates(True)
        .read_timeout(read_timeout)
        .write_timeout(read_timeout)
        .get_updates_read_timeout(read_timeout + 30)
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
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
    app.add_handler(CommandHandler(["opnieuw", "reset"], handlers.cmd_opnieuw))
    app.add_handler(CommandHandler(["jaar", "year"], handlers.cmd_jaar))
    app.add_handler(CommandHandler("type", handlers.cmd_type))
    app.add_handler(CommandHandler(["bron", "source"], handlers.cmd_bron))
    app.add_handler(CommandHandler(["alles", "all"], handlers.cmd_alles))
    app.add_handler(CommandHandler(["begrippen", "glossary"], handlers.cmd_begrippen))
    app.add_handler(CommandHandler(["begrip", "term"], handlers.cmd_begrip))
    app.add_handler(CommandHandler(["nieuw", "new"], handlers.cmd_nieuw))
    app.add_handler(CommandHandler(["abonneer", "subscribe"], handlers.cmd_abonneer))
    app.add_handler(CommandHandler(["opzeggen", "unsubscribe"], handlers.cmd_opzeggen))
    app.add_handler(CommandHandler("status", admin.cmd_status))
    app.add_handler(CommandHandler("reindex", admin.cmd_reindex))
    app.add_handler(CommandHandler(["uitnodiging", "invite"], admin.cmd_uitnodiging))
    app.add_handler(CommandHandler(["gebruikers", "users"], admin.cmd_gebruikers))
    app.add_handler(CommandHandler(["verwijder", "remove"], admin.cmd_verwijder))
    app.add_handler(CommandHandler(["overzicht", "digest"], admin.cmd_overzicht))
    app.add_handler(CommandHandler("privacy", handlers.cmd_privacy))
    app.add_handler(CallbackQueryHandler(handlers.on_example_button, pattern=handlers.EXAMPLE_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.on_source_button, pattern=handlers.SOURCE_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.on_more_button, pattern=handlers.MORE_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.on_page_button, pattern=handlers.PAGE_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.on_vote_button, pattern=handlers.VOTE_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.on_unknown_button))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, admin.on_document))
    new = filters.UpdateType.MESSAGE  # an edited message is an edit, not a new question
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, handlers.on_private_text))
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS, handlers.on_group_text))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
            handlers.on_edited_text,
        )
    )
    # Anything else gets a short hint instead of silence: a command the bot does not know, or (in a
    # private chat) a sticker, photo, voice message or other media.
    app.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, handlers.on_unknown_command))
    app.add_handler(
        MessageHandler(
            ~filters.TEXT & ~filters.Document.ALL & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, handlers.on_media
        )
    )
    app.add_error_handler(handlers.on_error)


def webhook_secret(cfg: Config) -> tuple[str, bool]:
    """The secret Telegram sends with every webhook update: (secret, generated?).

    From ``TELEGRAM_WEBHOOK_SECRET``, else ``telegram.webhook.secret_token``, else a new
    random one for this run (fine for one process; several replicas need the same one).
    """
    secret = os.environ.get(SECRET_ENV, "").strip() or cfg.telegram.webhook.secret_token
    if not secret:
        return secrets.token_urlsafe(32), True
    if not _SECRET.match(secret):
        raise ConfigError(f"{SECRET_ENV} / telegram.webhook.secret_token: 1-256 characters A-Z, a-z, 0-9, _ and - only")
    return secret, False


def webhook_settings(cfg: Config, secret: str) -> dict[str, Any]:
    """Arguments for PTB's run_webhook/start_webhook; updates without the secret get 403."""
    wh = cfg.telegram.webhook
    return {
        "listen": wh.listen,
        "port": wh.port,
        "url_path": wh.path,
        "webhook_url": f"{wh.url.rstrip('/')}/{wh.path}",
        "secret_token": secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def serve(cfg: Config, log_questions: bool = False) -> int:
    """Run the bot until interrupted: long polling, or a webhook when configured."""
    token = read_token()
    logs.protect(token)
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))
    app = build_application(cfg, token, log_questions=log_questions)
    try:
        if cfg.telegram.mode == "webhook":
            secret, generated = webhook_secret(cfg)
            if generated:
                log.warning("no webhook secret configured: generated one for this run (set %s for several replicas)", SECRET_ENV)
            log.info(
                "webhook: listening on %s:%d, public URL %s",
                cfg.telegram.webhook.listen,
                cfg.telegram.webhook.port,
                cfg.telegram.webhook.url,
            )
            app.run_webhook(**webhook_settings(cfg, secret))
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise ConfigError(
            f"Telegram rejected the token in {TOKEN_ENV} (401 Unauthorized): ask @BotFather for the current one"
        ) from None
    except TelegramError as exc:
        raise DTZError(f"could not start the bot: {exc.__class__.__name__}: {logs.Redact(token).redact(str(exc))}") from None
    return 0
