"""Telegram handlers. Each one extracts what it needs, calls the library, and replies.

Searches and index updates run in worker threads (``asyncio.to_thread``), so one slow
question never stalls other users.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import __version__
from bot.access import user_hash
from bot.formatting import render_answer, render_sources
from bot.smalltalk import small_talk
from bot.state import BotState, get_state
from bot.texts import language, t
from index import DTZError
from index.citation import display_time
from index.models import Answer

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRIES = 3


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return get_state(context.bot_data)


def _lang(update: Update) -> str:
    user = update.effective_user
    return language(user.language_code if user else None)


def _uid(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Retry a Bot API call on server errors and time-outs (429s are retried by the rate limiter)."""
    for attempt in range(RETRIES):
        try:
            return await call()
        except (BadRequest, Forbidden):
            raise
        except NetworkError as exc:
            if attempt == RETRIES - 1:
                raise
            log.warning("Bot API call failed (%s); retrying", exc.__class__.__name__)
            await asyncio.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


async def send(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send one HTML message, with retries."""
    return await with_retries(
        lambda: bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True)
    )


async def send_parts(bot: Bot, chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None = None) -> None:
    """Send a reply in parts; the buttons go under the last part."""
    for n, part in enumerate(parts):
        await send(bot, chat_id, part, markup if n == len(parts) - 1 else None)


# -- access ------------------------------------------------------------------------------


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: refuses users outside the allowlist."""
    state = _state(context)
    user_id = _uid(update)
    chat_id = update.effective_chat.id if update.effective_chat else None
    if state.policy.allowed(user_id, chat_id):
        return
    log.info("refused user %s", user_hash(user_id, state.feedback.salt))
    text = t(_lang(update), "no_access", user_id=user_id)
    if update.callback_query:
        await update.callback_query.answer(re.sub(r"<[^>]+>", "", text), show_alert=True)
    elif (
        update.effective_message
        and update.effective_chat
        and (update.effective_chat.type == ChatType.PRIVATE or _addressed(update, context))
    ):
        await send(context.bot, update.effective_chat.id, text)
    raise ApplicationHandlerStop


def _addressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In a group: is this message a command, a mention of the bot, or a reply to it?"""
    message = update.effective_message
    if message is None or not message.text:
        return False
    if message.text.startswith("/"):
        return True
    username = (context.bot.username or "").lower()
    mentions = message.parse_entities(["mention"]).values()
    if username and any(m.lower() == f"@{username}" for m in mentions):
        return True
    reply = message.reply_to_message
    return bool(reply and reply.from_user and reply.from_user.id == context.bot.id)


# -- questions ---------------------------------------------------------------------------


def answer_keyboard(state: BotState, qid: str, answer: Answer, lang: str) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: more results, the sources, feedback."""
    if not answer.passages:
        return None
    rows: list[list[InlineKeyboardButton]] = [[InlineKeyboardButton(t(lang, "more_button"), callback_data=f"more:{qid}")]]
    sources: list[InlineKeyboardButton] = []
    seen: set[str] = set()
    for n, passage in enumerate(answer.passages, start=1):
        chunk = passage.chunk
        if chunk.source in seen:
            continue
        seen.add(chunk.source)
        meta = state.library.document(chunk.source)
        label = t(lang, "source_button", n=n)
        if meta and meta.url:
            sources.append(InlineKeyboardButton(label, url=meta.url))
        else:
            sources.append(InlineKeyboardButton(label, callback_data=f"src:{chunk.id}"))
    rows.append(sources)
    rows.append(
        [
            InlineKeyboardButton(t(lang, "up"), callback_data=f"fb:{qid}:up"),
            InlineKeyboardButton(t(lang, "down"), callback_data=f"fb:{qid}:down"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Answer a question in the chat it came from."""
    state = _state(context)
    chat = update.effective_chat
    user_id = _uid(update)
    lang = _lang(update)
    if chat is None:
        return
    question = " ".join(question.split())
    if not re.search(r"\w", question):  # empty, or only emoji and punctuation
        await send(context.bot, chat.id, t(lang, "ask_what"))
        return
    talk = small_talk(question)
    if talk == "greeting":
        await send_welcome(context.bot, chat.id, state, lang)
        return
    if talk == "thanks":
        await send(context.bot, chat.id, t(lang, "you_are_welcome"))
        return
    wait = state.limiter.check(user_id or chat.id)
    if wait:
        await send(context.bot, chat.id, t(lang, "rate_limited", seconds=int(wait)))
        return
    log.info("question from %s", user_hash(user_id, state.feedback.salt))
    log.debug("question text: %r", question)
    answer = await asyncio.to_thread(state.library.ask, question, state.config.search.top_k)
    qid = state.remember(question, [p.chunk.id for p in answer.passages])
    parts = render_answer(answer, lang, state.config.telegram.contact)
    await send_parts(context.bot, chat.id, parts, answer_keyboard(state, qid, answer, lang))


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question."""
    if update.effective_message and update.effective_message.text:
        await answer_question(update, context, update.effective_message.text)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups: answer mentions of the bot and replies to it; ignore other chatter."""
    message = update.effective_message
    if message is None or not message.text or not _addressed(update, context):
        return
    username = context.bot.username or ""
    question = re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.IGNORECASE) if username else message.text
    await answer_question(update, context, question)


async def cmd_vraag(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/vraag <question>."""
    await answer_question(update, context, " ".join(context.args or []))


# -- buttons -----------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """More results, a source document, feedback, or an example question."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_chat is None:
        return
    state = _state(context)
    lang = _lang(update)
    kind, _, rest = query.data.partition(":")
    chat_id = update.effective_chat.id
    if kind == "ex":
        await query.answer()
        examples = state.config.telegram.examples
        if rest.isdigit() and int(rest) < len(examples):
            await answer_question(update, context, examples[int(rest)])
        return
    if kind == "src":
        await query.answer()
        await _send_source(context, chat_id, rest, lang)
        return
    qid, _, vote = rest.partition(":")
    asked = state.asked.get(qid)
    if asked is None:
        await query.answer(t(lang, "expired"), show_alert=True)
        return
    if kind == "fb" and vote in ("up", "down"):
        await asyncio.to_thread(state.feedback.record, _uid(update), asked.question, list(asked.passage_ids), vote)
        await query.answer(t(lang, "thanks"))
        return
    if kind == "more":
        await query.answer()
        offset = asked.offset + len(asked.passage_ids)
        answer = await asyncio.to_thread(state.library.ask, asked.question, state.config.search.top_k, offset)
        page_id = state.remember(asked.question, [p.chunk.id for p in answer.passages], offset)
        markup = answer_keyboard(state, page_id, answer, lang) if answer.passages else None
        await send_parts(context.bot, chat_id, render_answer(answer, lang, state.config.telegram.contact, offset), markup)
        return
    await query.answer()


async def _send_source(context: ContextTypes.DEFAULT_TYPE, chat_id: int, chunk_id: str, lang: str) -> None:
    state = _state(context)
    chunk = state.library.chunk(chunk_id)
    if chunk is None:
        await send(context.bot, chat_id, t(lang, "source_missing"))
        return
    try:
        path = state.library.source_path(chunk.source)
    except DTZError:
        path = None
    if path is None or not path.is_file():
        await send(context.bot, chat_id, t(lang, "source_missing"))
        return
    meta = state.library.document(chunk.source)
    caption = html.escape(meta.title if meta else chunk.title)

    async def upload() -> Message:
        with path.open("rb") as fh:
            return await context.bot.send_document(chat_id, fh, filename=path.name, caption=caption, parse_mode=ParseMode.HTML)

    await with_retries(upload)


# -- commands ----------------------------------------------------------------------------


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: welcome with example questions as buttons."""
    if update.effective_chat is not None:
        await send_welcome(context.bot, update.effective_chat.id, _state(context), _lang(update))


async def send_welcome(bot: Bot, chat_id: int, state: BotState, lang: str) -> None:
    """The welcome text with the example questions as buttons (for /start and a plain "hallo")."""
    buttons = [[InlineKeyboardButton(q, callback_data=f"ex:{n}")] for n, q in enumerate(state.config.telegram.examples)]
    await send(bot, chat_id, t(lang, "welcome"), InlineKeyboardMarkup(buttons) if buttons else None)


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help."""
    state = _state(context)
    lang = _lang(update)
    if update.effective_chat:
        extra = t(lang, "admin_help") if state.policy.is_admin(_uid(update)) else ""
        await send(context.bot, update.effective_chat.id, t(lang, "help") + extra)


async def cmd_bronnen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bronnen: the documents in the index."""
    state = _state(context)
    if update.effective_chat:
        await send_parts(context.bot, update.effective_chat.id, render_sources(state.library.documents(), _lang(update)))


async def cmd_over(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/over: version, build time, documents and passages."""
    state = _state(context)
    status = state.library.status()
    if update.effective_chat:
        text = t(
            _lang(update),
            "about",
            version=__version__,
            built_at=display_time(status.built_at, _lang(update)),
            documents=status.documents,
            passages=status.passages,
        )
        await send(context.bot, update.effective_chat.id, text)


# -- errors ------------------------------------------------------------------------------


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user briefly when there is one to tell."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat and update.effective_message:
        try:
            await context.bot.send_message(update.effective_chat.id, t(_lang(update), "error"))
        except Exception:  # the error may be the network itself; nothing more to do
            log.warning("could not tell the user about the error")


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Any]]
