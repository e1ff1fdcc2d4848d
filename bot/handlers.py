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
from typing import Any

from telegram import Bot, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import __version__, logs
from bot.context import BotContext
from bot.delivery import deliver, send_html
from bot.formatting import render_answer, render_glossary, render_sources, split_blocks
from bot.smalltalk import small_talk
from bot.state import BotState
from bot.texts import t
from index import DTZError, Library
from index.citation import cite, describe, display_time
from index.config import contact_for
from index.errors import StoreUnavailableError
from index.filters import Filter, matching, parse_type, parse_year
from index.models import Answer, BuildReport
from index.pages import page_picture
from index.translate import is_english

log = logging.getLogger(__name__)


async def send(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None, reply_to: int | None = None
) -> Message:
    """Send one HTML message (see :mod:`bot.delivery` for retries and the plain-text fallback)."""
    return await send_html(bot, chat_id, text, markup, reply_to)


async def send_parts(
    bot: Bot, chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None = None, reply_to: int | None = None
) -> list[Message]:
    """Send a reply in parts; the buttons go under the last part, the first part replies to the question."""
    sent = []
    for n, part in enumerate(parts):
        sent.append(await send(bot, chat_id, part, markup if n == len(parts) - 1 else None, reply_to if n == 0 else None))
    return sent


# -- access ------------------------------------------------------------------------------


async def gatekeeper(update: Update, context: BotContext) -> None:
    """Runs before every handler: refuses users outside the allowlist."""
    state = context.state
    user_id = context.user_id
    chat_id = update.effective_chat.id if update.effective_chat else None
    if state.policy.allowed(user_id, chat_id):
        return
    message = update.effective_message
    private = update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
    if private and message and message.text and re.match(r"^/start(?:@\w+)?\s+\S", message.text):
        return  # an invitation code: /start lets them in, or says why not
    log.info("refused user %s", state.feedback.user_hash(user_id))
    text = t(context.language, "no_access" if private else "no_access_group", user_id=user_id)  # no ids posted in a group
    if update.callback_query:
        await update.callback_query.answer(re.sub(r"<[^>]+>", "", text), show_alert=True)
    elif (
        update.effective_message
        and update.effective_chat
        and (update.effective_chat.type == ChatType.PRIVATE or _addressed(update, context))
    ):
        await send(context.bot, update.effective_chat.id, text)
    raise ApplicationHandlerStop


def _addressed(update: Update, context: BotContext) -> bool:
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
        if meta and meta.url:  # the published document itself, at the cited page of a PDF
            page = f"#page={chunk.page}" if chunk.page and chunk.source.lower().endswith(".pdf") else ""
            sources.append(InlineKeyboardButton(label, url=meta.url + page))
        else:
            sources.append(InlineKeyboardButton(label, callback_data=f"src:{chunk.id}"))
    rows.append(sources)
    pages = [
        InlineKeyboardButton(t(lang, "page_button", page=p.chunk.page), callback_data=f"pg:{p.chunk.id}")
        for p in answer.passages
        if p.chunk.page and p.chunk.source.lower().endswith(".pdf")
    ]
    if pages:
        rows.append(pages[:4])
    rows.append(
        [
            InlineKeyboardButton(t(lang, "up"), callback_data=f"fb:{qid}:up"),
            InlineKeyboardButton(t(lang, "down"), callback_data=f"fb:{qid}:down"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def answer_question(update: Update, context: BotContext, question: str) -> None:
    """Answer a question in the chat it came from."""
    state = context.state
    chat = update.effective_chat
    user_id = context.user_id
    question = " ".join(question.split())
    lang = "en" if is_english(question) else context.language  # the interface follows a clearly English question
    if chat is None:
        return
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
    # The state below may live in the database (replicas): read and written off the event loop.
    wait = await state.off_loop(state.limiter.check, user_id or chat.id)
    if wait:
        await send(context.bot, chat.id, t(lang, "rate_limited", seconds=int(wait)))
        return
    log.info("update %s: question from %s", update.update_id, state.feedback.user_hash(user_id))
    if logs.questions_logged():
        log.debug("question text: %r", question)
    conversation = await state.off_loop(state.conversation, chat.id, user_id)
    previous = conversation.last
    chosen = await state.off_loop(state.filters.get, (chat.id, user_id))
    answer = await asyncio.to_thread(state.library.ask, question, state.config.search.top_k, 0, previous, chosen)
    if answer.filter_empty:
        await send(context.bot, chat.id, _nothing_matches(state, answer.filtered, lang))
        return
    searched = answer.understood or question
    await state.off_loop(conversation.record, question, searched, [p.chunk.source for p in answer.passages])
    await asyncio.to_thread(state.feedback.asked, searched, answer.answered, [p.chunk.source for p in answer.passages])
    qid = await state.off_loop(state.remember, searched, [p.chunk.id for p in answer.passages], 0, user_id)
    glossary = await state.off_loop(state.library.glossary)
    parts = render_answer(answer, lang, contact_for(state.config.telegram, lang), glossary=glossary)
    message = update.effective_message
    message_id = message.message_id if message else None
    reply_to = message_id if chat.type != ChatType.PRIVATE else None
    markup = await state.off_loop(answer_keyboard, state, qid, answer, lang)
    try:
        edited = message_id and update.edited_message
        earlier = await state.off_loop(state.answers.get, (chat.id, message_id)) if edited else None
        if earlier is not None and message_id and len(parts) == 1:  # an edited question: its answer is edited, not sent again
            answer_id = earlier[0]
            await deliver(
                lambda: context.bot.edit_message_text(parts[0], chat.id, answer_id, reply_markup=markup),
                "editMessageText",
            )
            await state.off_loop(state.answered, chat.id, message_id, answer_id, question)
        else:
            sent = await send_parts(context.bot, chat.id, parts, markup, reply_to if earlier is None else message_id)
            if message_id and sent:
                await state.off_loop(state.answered, chat.id, message_id, sent[0].message_id, question)
    except TelegramError as exc:
        log.error("update %s: answer lost: %s", update.update_id, exc)
        return
    log.info(
        "update %s: answered (%s, %d passages)",
        update.update_id,
        "found" if answer.answered else "not found",
        len(answer.passages),
    )


async def on_private_text(update: Update, context: BotContext) -> None:
    """Any text in a private chat is a question, except a reply to "Wat miste je?" (feedback)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    state = context.state
    reply = message.reply_to_message
    answer_id = await state.off_loop(state.prompts.pop, (message.chat_id, reply.message_id)) if reply else None
    if answer_id is not None:
        await state.off_loop(state.comments.__setitem__, (message.chat_id, message.message_id), True)
        stored = await asyncio.to_thread(state.feedback.comment, context.user_id, answer_id, message.text)
        await send(context.bot, message.chat_id, t(context.language, "missed_thanks" if stored else "expired"))
        return
    await answer_question(update, context, message.text)


async def on_edited_text(update: Update, context: BotContext) -> None:
    """An edited question in a private chat: answered once more by editing the earlier answer (or
    replying to the question when the new answer needs more than one message); an edit that leaves
    the text as it was is ignored."""
    message = update.edited_message
    chat = update.effective_chat
    if message is None or not message.text or chat is None:
        return
    state = context.state
    if await state.off_loop(state.comments.__contains__, (chat.id, message.message_id)):  # an edited "Wat miste je?" reply
        return
    earlier = await state.off_loop(state.answers.get, (chat.id, message.message_id))
    if earlier is not None and " ".join(message.text.split()) == earlier[1]:
        return
    await answer_question(update, context, message.text)


async def on_group_text(update: Update, context: BotContext) -> None:
    """In groups: answer mentions of the bot and replies to it; ignore other chatter."""
    message = update.effective_message
    if message is None or not message.text or not _addressed(update, context):
        return
    username = context.bot.username or ""
    question = re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.IGNORECASE) if username else message.text
    await answer_question(update, context, question)


async def on_unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have: say so and point to /help (in groups only when addressed)."""
    chat = update.effective_chat
    if chat is None or (chat.type != ChatType.PRIVATE and not _addressed(update, context)):
        return
    await send(context.bot, chat.id, t(context.language, "unknown_command"))


async def on_media(update: Update, context: BotContext) -> None:
    """A sticker, photo, voice message ... in a private chat: the bot reads text only."""
    if update.effective_chat is not None:
        await send(context.bot, update.effective_chat.id, t(context.language, "text_only"))


async def cmd_opnieuw(update: Update, context: BotContext) -> None:
    """/opnieuw: forget the conversation so far; the next question stands on its own."""
    chat = update.effective_chat
    if chat is not None:
        conversation = await context.state.off_loop(context.state.conversation, chat.id, context.user_id)
        await context.state.off_loop(conversation.forget)
        await send(context.bot, chat.id, t(context.language, "forgotten"))


def _nothing_matches(state: BotState, described: str, lang: str) -> str:
    years, types = state.library.filter_choices()
    return t(
        lang,
        "filter_empty",
        filter=html.escape(described),
        years=", ".join(years) or "-",
        types=", ".join(types) or "-",
    )


async def _set_filter(update: Update, context: BotContext, change: Filter | None, usage: str) -> None:
    """Set (or with ``change`` None show) the chat's filter, and say what it is now."""
    chat = update.effective_chat
    if chat is None:
        return
    state = context.state
    lang = context.language
    key = (chat.id, context.user_id)
    if change is None:
        if context.args:  # given, but not a year or a type the bot knows
            years, types = state.library.filter_choices()
            await send(context.bot, chat.id, t(lang, usage, years=", ".join(years) or "-", types=", ".join(types) or "-"))
            return
        current = await state.off_loop(state.filters.get, key)
        await send(
            context.bot,
            chat.id,
            t(lang, "filter_now", filter=html.escape(current.describe(lang))) if current else t(lang, "filter_none"),
        )
        return
    wanted = (await state.off_loop(state.filters.get, key, Filter())).merged(change)
    if not matching(state.library.documents(), wanted):
        await send(context.bot, chat.id, _nothing_matches(state, wanted.describe(lang), lang))
        return
    await state.off_loop(state.filters.__setitem__, key, wanted)
    count = len(matching(state.library.documents(), wanted))
    await send(context.bot, chat.id, t(lang, "filter_set", filter=html.escape(wanted.describe(lang)), count=count))


async def cmd_jaar(update: Update, context: BotContext) -> None:
    """/jaar 2024: answer only from documents of (or about) that year."""
    year = parse_year(" ".join(context.args or []))
    await _set_filter(update, context, Filter(year=year) if year else None, "filter_year_usage")


async def cmd_type(update: Update, context: BotContext) -> None:
    """/type jaarplan: answer only from documents of that type."""
    kind = parse_type(" ".join(context.args or [])) if context.args else None
    await _set_filter(update, context, Filter(type=kind) if kind else None, "filter_type_usage")


async def cmd_bron(update: Update, context: BotContext) -> None:
    """/bron NAAM: answer only from documents whose title or file name holds these words."""
    name = " ".join(context.args or []).strip()[:100]
    await _set_filter(update, context, Filter(source=name) if name else None, "filter_source_usage")


async def cmd_alles(update: Update, context: BotContext) -> None:
    """/alles: clear the filter; answers come from all documents again."""
    chat = update.effective_chat
    if chat is not None:
        await context.state.off_loop(context.state.filters.pop, (chat.id, context.user_id))
        await send(context.bot, chat.id, t(context.language, "filter_cleared"))


async def cmd_vraag(update: Update, context: BotContext) -> None:
    """/vraag <question>."""
    await answer_question(update, context, " ".join(context.args or []))


# -- buttons -----------------------------------------------------------------------------
# Callback data is "kind:..." with a fixed shape per kind; app.py routes each kind by its
# pattern, and anything else (forged, or from an older version) gets on_unknown_button.

EXAMPLE_PATTERN = r"^ex:[0-9]{1,2}$"
SOURCE_PATTERN = r"^src:[0-9a-f]{6,64}$"
MORE_PATTERN = r"^more:[0-9a-f]{8}$"
PAGE_PATTERN = r"^pg:[0-9a-f]{6,64}$"
VOTE_PATTERN = r"^fb:[0-9a-f]{8}:(?:up|down)$"


async def on_example_button(update: Update, context: BotContext) -> None:
    """An example question under the welcome."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    examples = context.state.config.telegram.examples
    n = int(query.data.split(":")[1])
    if n < len(examples):
        await answer_question(update, context, examples[n])


async def on_source_button(update: Update, context: BotContext) -> None:
    """📄 Source: send the cited document."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    await query.answer()
    await _send_source(context, update.effective_chat.id, query.data.split(":")[1], context.language)


async def on_page_button(update: Update, context: BotContext) -> None:
    """🖼 Page N: a picture of the cited PDF page with the passage marked on it."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    await query.answer()
    state = context.state
    lang = context.language
    chat_id = update.effective_chat.id
    wait = await state.off_loop(state.limiter.check, context.user_id or chat_id)  # a rendering costs more than a question
    if wait:
        await send(context.bot, chat_id, t(lang, "rate_limited", seconds=int(wait)))
        return
    chunk = state.library.chunk(query.data.split(":")[1])
    if chunk is None or not chunk.page:
        await send(context.bot, chat_id, t(lang, "source_missing"))
        return
    try:
        path = state.library.source_path(chunk.source)
        picture = await asyncio.to_thread(page_picture, path, chunk.page, chunk.text)
    except DTZError as exc:
        log.warning("page picture of %s p. %s: %s", chunk.source, chunk.page, exc)
        await send(context.bot, chat_id, t(lang, "page_missing"))
        return
    caption = html.escape(cite(chunk, lang)) + ("" if picture.marked else "\n" + t(lang, "page_not_marked"))

    async def upload() -> Message:
        return await context.bot.send_photo(chat_id, picture.png, caption=caption)

    await deliver(upload, "sendPhoto")


async def on_more_button(update: Update, context: BotContext) -> None:
    """➕ More results: the next passages for the same question."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    state = context.state
    lang = context.language
    asked = await state.off_loop(state.asked.get, query.data.split(":")[1])
    if asked is None:
        await query.answer(t(lang, "expired"), show_alert=True)
        return
    lang = "en" if is_english(asked.question) else lang
    await query.answer()
    offset = asked.offset + len(asked.passage_ids)
    chosen = await state.off_loop(state.filters.get, (update.effective_chat.id, context.user_id))
    answer = await asyncio.to_thread(state.library.ask, asked.question, state.config.search.top_k, offset, None, chosen)
    page_id = await state.off_loop(state.remember, asked.question, [p.chunk.id for p in answer.passages], offset, asked.owner)
    markup = await state.off_loop(answer_keyboard, state, page_id, answer, lang) if answer.passages else None
    glossary = await state.off_loop(state.library.glossary)
    parts = render_answer(answer, lang, contact_for(state.config.telegram, lang), offset, glossary=glossary)
    await send_parts(context.bot, update.effective_chat.id, parts, markup)


async def on_vote_button(update: Update, context: BotContext) -> None:
    """👍/👎: one vote per user per answer, which they may change; only the one who asked votes."""
    query = update.callback_query
    assert query is not None and query.data is not None
    state = context.state
    lang = context.language
    _, qid, vote = query.data.split(":")
    asked = await state.off_loop(state.asked.get, qid)
    if asked is None:
        await query.answer(t(lang, "expired"), show_alert=True)
        return
    user_id = context.user_id
    if asked.owner is not None and user_id != asked.owner:
        await query.answer(t(lang, "vote_not_yours"), show_alert=True)
        return
    outcome = await asyncio.to_thread(state.feedback.record, user_id, asked.question, list(asked.passage_ids), vote, qid)
    await query.answer(t(lang, {"new": "thanks", "changed": "vote_changed", "same": "vote_same"}[outcome]))
    if vote == "down" and outcome != "same" and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        prompt = await send_html(
            context.bot,
            update.effective_chat.id,
            t(lang, "what_missed"),
            ForceReply(input_field_placeholder=t(lang, "missed_hint")),
        )
        await state.off_loop(state.prompt, update.effective_chat.id, prompt.message_id, qid)


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """Callback data of no known shape: answer it (so the button stops spinning) and do nothing."""
    query = update.callback_query
    if query is not None:
        log.info("update %s: callback data of unknown shape ignored", update.update_id)
        await query.answer(t(context.language, "expired"), show_alert=True)


async def _send_source(context: BotContext, chat_id: int, chunk_id: str, lang: str) -> None:
    state = context.state
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
            return await context.bot.send_document(chat_id, fh, filename=path.name, caption=caption)

    await deliver(upload, "sendDocument")


# -- commands ----------------------------------------------------------------------------


async def cmd_start(update: Update, context: BotContext) -> None:
    """/start: the tour, with example questions as buttons; /start CODE redeems an invitation first."""
    chat = update.effective_chat
    if chat is None:
        return
    state = context.state
    lang = context.language
    user = update.effective_user
    if context.args and user is not None and chat.type == ChatType.PRIVATE:
        outcome = await asyncio.to_thread(state.members.redeem, context.args[0], user.id, user.full_name or "")
        if outcome not in ("joined", "member") and not state.policy.allowed(user.id, chat.id):
            await send(context.bot, chat.id, t(lang, f"invite_{outcome}"))
            return
        if outcome == "joined":
            log.info("user %s joined by invitation", state.feedback.user_hash(user.id))
            await send(context.bot, chat.id, t(lang, "invite_joined"))
    await send_welcome(context.bot, chat.id, state, lang)


async def send_welcome(bot: Bot, chat_id: int, state: BotState, lang: str) -> None:
    """The welcome text with the example questions as buttons (for /start and a plain "hallo")."""
    buttons = [[InlineKeyboardButton(q, callback_data=f"ex:{n}")] for n, q in enumerate(state.config.telegram.examples)]
    await send(bot, chat_id, t(lang, "welcome"), InlineKeyboardMarkup(buttons) if buttons else None)


async def cmd_help(update: Update, context: BotContext) -> None:
    """/help."""
    state = context.state
    lang = context.language
    if update.effective_chat:
        extra = t(lang, "admin_help") if state.policy.is_admin(context.user_id) else ""
        await send(context.bot, update.effective_chat.id, t(lang, "help") + extra)


async def cmd_bronnen(update: Update, context: BotContext) -> None:
    """/bronnen: the documents in the index."""
    state = context.state
    if update.effective_chat:
        await send_parts(context.bot, update.effective_chat.id, render_sources(state.library.documents(), context.language))


async def cmd_begrippen(update: Update, context: BotContext) -> None:
    """/begrippen: the glossary."""
    if update.effective_chat:
        entries = await asyncio.to_thread(context.state.library.glossary)
        await send_parts(context.bot, update.effective_chat.id, render_glossary(entries, context.language))


async def cmd_begrip(update: Update, context: BotContext) -> None:
    """/begrip HTSM: one term of the glossary, answered with the passage that spells it out."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = context.language
    term = " ".join(context.args or []).strip()[:100]
    if not term:
        await send(context.bot, chat.id, t(lang, "glossary_usage"))
        return
    entry = await asyncio.to_thread(context.state.library.define, term)
    if entry is None:
        await send(context.bot, chat.id, t(lang, "glossary_unknown", term=html.escape(term)))
        return
    await answer_question(
        update, context, f"Waar staat {entry.term} voor?" if lang == "nl" else f"What does {entry.term} stand for?"
    )


async def cmd_nieuw(update: Update, context: BotContext) -> None:
    """/nieuw: the documents most recently added or changed."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = context.language
    recent = await asyncio.to_thread(context.state.library.recent, 10)
    if not recent:
        await send(context.bot, chat.id, t(lang, "empty_index"))
        return
    lines = [t(lang, "new_header")]
    for meta, entry in recent:
        when = display_time(entry.changed_at or entry.added_at, lang) if (entry.changed_at or entry.added_at) else "?"
        how = t(lang, "new_changed" if entry.changed_at and entry.changed_at != entry.added_at else "new_added", when=when)
        lines.append(f"• {html.escape(describe(meta, lang))} – <i>{how}</i>")
    lines.append(t(lang, "new_subscribe_hint"))
    await send_parts(context.bot, chat.id, split_blocks(["\n".join(lines)]))


async def cmd_abonneer(update: Update, context: BotContext) -> None:
    """/abonneer: a short message in this chat whenever the bureau adds or changes a document."""
    chat = update.effective_chat
    if chat is not None:
        lang = context.language
        new = await asyncio.to_thread(context.state.feedback.subscribe, chat.id, lang)
        await send(context.bot, chat.id, t(lang, "subscribed" if new else "already_subscribed"))


async def cmd_opzeggen(update: Update, context: BotContext) -> None:
    """/opzeggen: no more messages about new documents."""
    chat = update.effective_chat
    if chat is not None:
        lang = context.language
        gone = await asyncio.to_thread(context.state.feedback.unsubscribe, chat.id)
        await send(context.bot, chat.id, t(lang, "unsubscribed" if gone else "not_subscribed"))


def announcement(library: Library, report: BuildReport, lang: str) -> str:
    """The message for subscribed chats: the documents an update added or changed."""
    lines = [t(lang, "new_documents")]
    for source in [*report.added, *report.changed][:10]:
        meta = library.document(source)
        if meta is not None:
            lines.append("• " + html.escape(describe(meta, lang)))
    return "\n".join(lines)


async def cmd_privacy(update: Update, context: BotContext) -> None:
    """/privacy: what the bot keeps, and for how long."""
    if update.effective_chat:
        days = context.state.config.privacy.retention_days
        await send(context.bot, update.effective_chat.id, t(context.language, "privacy", days=days))


async def cmd_over(update: Update, context: BotContext) -> None:
    """/over: version, build time, documents and passages."""
    state = context.state
    status = state.library.status()
    if update.effective_chat:
        text = t(
            context.language,
            "about",
            version=__version__,
            built_at=display_time(status.built_at, context.language),
            documents=status.documents,
            passages=status.passages,
        )
        await send(context.bot, update.effective_chat.id, text)


# -- errors ------------------------------------------------------------------------------


async def on_error(update: object, context: BotContext) -> None:
    """Log the traceback; tell the user briefly when there is one to tell."""
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, TelegramError):  # sending failed after its retries: telling the user would fail too
        log.error("update %s: reply lost: %s", update_id, context.error)
        return
    unavailable = isinstance(context.error, StoreUnavailableError)
    if unavailable:  # the database is down or restarting: expected to pass, no traceback
        log.error("update %s: %s", update_id, context.error)
    else:
        log.error("update %s: error while handling it", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat and update.effective_message:
        try:
            await send(context.bot, update.effective_chat.id, t(context.language, "unavailable" if unavailable else "error"))
        except TelegramError:  # the error may be the network itself; nothing more to do
            log.warning("update %s: could not tell the user about the error", update_id)


Handler = Callable[[Update, BotContext], Awaitable[Any]]
