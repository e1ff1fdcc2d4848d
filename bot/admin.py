"""Admin-only handlers: /status, /reindex and document upload. Others get a polite refusal and nothing changes."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import math
import time

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.delivery import deliver
from bot.feedback import Digest
from bot.formatting import split_blocks
from bot.handlers import send, send_parts
from bot.texts import t
from bot.uploads import TooLarge, commit_upload, download_capped, plan_upload
from bot.watch import reindex
from index.citation import display_time

log = logging.getLogger(__name__)


async def _require_admin(update: Update, context: BotContext) -> bool:
    state = context.state
    if state.policy.is_admin(context.user_id):
        return True
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, t(context.language, "admin_only", user_id=context.user_id))
    return False


async def cmd_uitnodiging(update: Update, context: BotContext) -> None:
    """/uitnodiging [uren] (admin): a one-time invitation code and its t.me link."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    hours = state.config.telegram.invite_hours
    if context.args:
        try:
            hours = float(context.args[0])
        except ValueError:
            hours = math.nan
        if not math.isfinite(hours):
            await send(context.bot, update.effective_chat.id, t(lang, "invite_usage"))
            return
        hours = min(max(hours, 0.1), 24 * 365)
    invitation = await asyncio.to_thread(state.members.invite, context.user_id or 0, hours)
    link = f"https://t.me/{context.bot.username}?start={invitation.code}" if context.bot.username else ""
    until = display_time(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(invitation.expires_at)), lang)
    await send(context.bot, update.effective_chat.id, t(lang, "invite_made", code=invitation.code, link=link, until=until))


async def cmd_gebruikers(update: Update, context: BotContext) -> None:
    """/gebruikers (admin): who may use the bot."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    members = await asyncio.to_thread(state.members.members)
    lines = [t(lang, "users_header", mode=state.policy.mode, config=len(state.policy.users), members=len(members))]
    for m in members:
        lines.append(f"• <code>{m.user_id}</code> {html.escape(m.name)} – {display_time(m.added_at, lang)}")
    open_codes = await asyncio.to_thread(state.members.open_invitations)
    lines.append(t(lang, "users_open_invitations", count=open_codes))
    await send_parts(context.bot, update.effective_chat.id, split_blocks(["\n".join(lines)]))


async def cmd_verwijder(update: Update, context: BotContext) -> None:
    """/verwijder ID (admin): take a member's access away."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    chat_id = update.effective_chat.id
    if not context.args or not context.args[0].lstrip("-").isdigit():
        await send(context.bot, chat_id, t(lang, "remove_usage"))
        return
    user_id = int(context.args[0])
    if await asyncio.to_thread(state.members.remove, user_id):
        await asyncio.to_thread(state.feedback.unsubscribe, user_id)  # their private chat: no more announcements
        await send(context.bot, chat_id, t(lang, "removed", user_id=user_id))
    elif user_id in state.policy.users:
        await send(context.bot, chat_id, t(lang, "remove_in_config", user_id=user_id))
    else:
        await send(context.bot, chat_id, t(lang, "remove_unknown", user_id=user_id))


def render_digest(digest: Digest, days: float, lang: str) -> list[str]:
    """The feedback digest as messages: no user identities, only what was asked and how it went."""
    lines = [
        t(
            lang,
            "digest_header",
            days=f"{days:g}",
            asked=digest.asked,
            answered=digest.answered,
            up=digest.up,
            down=len(digest.down),
        )
    ]
    if digest.topics:
        lines.append(t(lang, "digest_topics"))
        lines += [f"• {html.escape(source)} ({n}×)" for source, n in digest.topics]
    if digest.refused:
        lines.append(t(lang, "digest_refused"))
        lines += [f"• {html.escape(q)}" + (f" ({n}×)" if n > 1 else "") for q, n in digest.refused]
    if digest.down:
        lines.append(t(lang, "digest_down"))
        lines += [f"• {html.escape(q)}" + (f" – <i>{html.escape(c)}</i>" if c else "") for q, c in digest.down]
    if not (digest.topics or digest.refused or digest.down):
        lines.append(t(lang, "digest_quiet"))
    return split_blocks(lines)


async def cmd_overzicht(update: Update, context: BotContext) -> None:
    """/overzicht [dagen] (admin): the feedback digest of the last days (7 by default)."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    days = 7.0
    if context.args:
        with contextlib.suppress(ValueError):
            given = float(context.args[0])
            days = min(max(given, 1), 3650) if math.isfinite(given) else days
    digest = await asyncio.to_thread(context.state.feedback.digest, days)
    await send_parts(context.bot, update.effective_chat.id, render_digest(digest, days, context.language))


async def digest_job(context: BotContext) -> None:
    """The JobQueue's regular digest for every admin."""
    state = context.state
    days = state.config.telegram.digest_days
    digest = await asyncio.to_thread(state.feedback.digest, days)
    for admin_id in state.config.telegram.admins:
        try:
            await send_parts(context.bot, admin_id, render_digest(digest, days, "nl"))
        except TelegramError as exc:
            log.warning("digest not delivered to an admin: %s", exc)


async def purge_job(context: BotContext) -> None:
    """The JobQueue's daily retention: questions and feedback older than privacy.retention_days go."""
    n = await asyncio.to_thread(context.state.feedback.purge)
    if n:
        log.info("retention: %d question/feedback row(s) older than the retention period deleted", n)


async def cmd_status(update: Update, context: BotContext) -> None:
    """/status (admin): documents, passages, last build, skipped files, engine and model."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    s = state.library.status()
    blocks = [
        t(
            lang,
            "status",
            documents=s.documents,
            passages=s.passages,
            built_at=display_time(s.built_at, lang),
            seconds=s.build_seconds,
            engine=html.escape(s.engine),
            model=html.escape(s.model),
        )
    ]
    blocks += [html.escape(t(lang, "skipped_line", source=k.source, reason=k.reason)) for k in s.skipped]
    await send_parts(context.bot, update.effective_chat.id, split_blocks(blocks))


async def cmd_reindex(update: Update, context: BotContext) -> None:
    """/reindex (admin): update the index in the background and report the summary."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    chat_id = update.effective_chat.id
    if state.reindexing:
        await send(context.bot, chat_id, t(lang, "reindex_busy"))
        return
    await send(context.bot, chat_id, t(lang, "reindex_started"))
    context.application.create_task(_reindex(context, chat_id, lang), update=update)


async def _reindex(context: BotContext, chat_id: int, lang: str) -> None:
    report, error = await reindex(context.state)
    if report is None:
        key = "reindex_busy" if error == "busy" else "reindex_failed"
        await send(context.bot, chat_id, t(lang, key, error=html.escape(str(error))))
        return
    await send_parts(context.bot, chat_id, split_blocks([t(lang, "reindex_done", summary=html.escape(report.summary()))]))


# -- uploads -----------------------------------------------------------------------------


async def on_document(update: Update, context: BotContext) -> None:
    """An admin sends a document: save it safely in knowledge/, index it, report what was added."""
    if not await _require_admin(update, context):
        return
    message = update.effective_message
    if message is None or message.document is None or update.effective_chat is None:
        return
    state = context.state
    lang = context.language
    chat_id = update.effective_chat.id
    doc = message.document
    tg = state.config.telegram
    replace = bool(message.caption and message.caption.strip().lower() in {"vervang", "replace"})
    plan = plan_upload(state.config.knowledge_dir, doc.file_name or "document", doc.file_size or 0, tg, replace)
    if plan.error:
        await send(context.bot, chat_id, t(lang, plan.error, **plan.values))
        return
    cap = tg.max_upload_mb * 1024 * 1024
    file = await deliver(lambda: context.bot.get_file(doc.file_id), "getFile")
    try:
        if (file.file_size or 0) > cap:
            raise TooLarge
        await deliver(lambda: download_capped(str(file.file_path), plan.temp, cap), "download")
    except TooLarge:
        await send(context.bot, chat_id, t(lang, "upload_too_large", max_mb=tg.max_upload_mb))
        return
    commit_upload(plan)
    notes = [t(lang, plan.message, **plan.values)]
    report, error = await reindex(state)
    if report is not None:
        notes.append(html.escape(report.summary()))
    elif error == "busy":
        notes.append(t(lang, "upload_queued"))
    else:
        notes.append(t(lang, "reindex_failed", error=html.escape(str(error))))
    await send_parts(context.bot, chat_id, split_blocks(notes))
