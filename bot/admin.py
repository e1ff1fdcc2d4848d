"""Admin-only handlers: /status, /reindex and document upload. Others get a polite refusal and nothing changes."""

from __future__ import annotations

import asyncio
import html

from telegram import Update
from telegram.ext import ContextTypes

from bot.formatting import split_blocks
from bot.handlers import _lang, _state, _uid, send, send_parts, with_retries
from bot.texts import t
from bot.uploads import commit_upload, plan_upload
from index import DTZError
from index.citation import display_time


async def _require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    state = _state(context)
    if state.policy.is_admin(_uid(update)):
        return True
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, t(_lang(update), "admin_only", user_id=_uid(update)))
    return False


async def cmd_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status (admin): documents, passages, last build, skipped files, engine and model."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = _state(context)
    lang = _lang(update)
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


async def cmd_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex (admin): update the index in the background and report the summary."""
    if not await _require_admin(update, context) or update.effective_chat is None:
        return
    state = _state(context)
    lang = _lang(update)
    chat_id = update.effective_chat.id
    if state.reindexing:
        await send(context.bot, chat_id, t(lang, "reindex_busy"))
        return
    await send(context.bot, chat_id, t(lang, "reindex_started"))
    context.application.create_task(_reindex(context, chat_id, lang), update=update)


async def _reindex(context: ContextTypes.DEFAULT_TYPE, chat_id: int, lang: str) -> None:
    state = _state(context)
    state.reindexing = True
    try:
        report = await asyncio.to_thread(state.library.update)
    except DTZError as exc:
        await send(context.bot, chat_id, t(lang, "reindex_failed", error=html.escape(str(exc))))
        return
    finally:
        state.reindexing = False
    await send_parts(context.bot, chat_id, split_blocks([t(lang, "reindex_done", summary=html.escape(report.summary()))]))


# -- uploads -----------------------------------------------------------------------------


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin sends a document: save it safely in knowledge/, index it, report what was added."""
    if not await _require_admin(update, context):
        return
    message = update.effective_message
    if message is None or message.document is None or update.effective_chat is None:
        return
    state = _state(context)
    lang = _lang(update)
    chat_id = update.effective_chat.id
    doc = message.document
    tg = state.config.telegram
    replace = bool(message.caption and message.caption.strip().lower() in {"vervang", "replace"})
    plan = plan_upload(state.config.knowledge_dir, doc.file_name or "document", doc.file_size or 0, tg, replace)
    if plan.error:
        await send(context.bot, chat_id, t(lang, plan.error, **plan.values))
        return
    file = await with_retries(lambda: context.bot.get_file(doc.file_id))
    await with_retries(lambda: file.download_to_drive(plan.temp))
    commit_upload(plan)
    notes = [t(lang, plan.message, **plan.values)]
    try:
        report = await asyncio.to_thread(state.library.update)
        notes.append(html.escape(report.summary()))
    except DTZError as exc:
        notes.append(t(lang, "reindex_failed", error=html.escape(str(exc))))
    await send_parts(context.bot, chat_id, split_blocks(notes))
