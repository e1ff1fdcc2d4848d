"""The bot's own PTB context: every handler gets the shared state, the user and their language typed.

    async def cmd_x(update: Update, context: BotContext) -> None:
        context.state.library.ask(...)
        t(context.language, "help")

The language is the user's Telegram language (Dutch unless it is English); a handler that
reads a question may switch to English for a clearly English question.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.state import BotState, get_state
from bot.texts import language


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's CallbackContext with the bot's state, the user's id and language."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.user_id: int | None = user_id
        self.language = "nl"

    @classmethod
    def from_update(cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]) -> BotContext:
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user is not None:
            context.user_id = update.effective_user.id
            context.language = language(update.effective_user.language_code)
        return context

    @property
    def state(self) -> BotState:
        """Everything the handlers share (library, access, stores)."""
        return get_state(self.bot_data)


CONTEXT_TYPES = ContextTypes(context=BotContext)
