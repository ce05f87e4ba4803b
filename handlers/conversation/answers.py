"""Answers to what the bot asked: the next message of a person the bot is waiting on.

A flow that needs typed input (a document number, an announcement's text) stores a
`Prompt` and the person's next text, file or photo is routed back to it. This handler
runs in an early group: when it has taken a message it stops there; otherwise the
message goes on to the feature handlers and the fallback as usual. A command means the
person moved on, so the bot stops waiting (what was drafted stays).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, MessageHandler, filters

from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.text.i18n import gettext
from handlers.announcements import flow as announcement_flow
from handlers.directives import drafts as directive_drafts
from storage.conversation import forget, get_prompt
from storage.models import Prompt, Role

GROUP = -5

Answer = Callable[[Update, HoiContext, Prompt], Awaitable[bool]]
_ANSWERS: dict[str, Answer] = {
    "directive": directive_drafts.answer,
    "announce": announcement_flow.answer,
}


async def take_reply(update: Update, context: HoiContext) -> None:
    """Route a message to the question the bot is waiting on, if any."""
    message = update.effective_message
    principal = context.principal
    if message is None or principal is None:
        return
    try:
        prompt = (
            await get_prompt(context.session, principal.member.id)
            if principal.awaits_answer
            else None
        )
        answer = _ANSWERS.get(prompt.purpose.split(".")[0]) if prompt is not None else None
        taken = await answer(update, context, prompt) if answer and prompt else False
        if not taken and message.document is not None and principal.has_role(Role.ADMIN):
            taken = await directive_drafts.start_from_document(update, context)
    except UserError as error:
        # Answered here, not by the error handler, so the fallback does not answer too.
        context.scope.failed = True
        await message.reply_text(gettext(error.message).format(**error.params))
        raise ApplicationHandlerStop from None
    if taken:
        raise ApplicationHandlerStop


async def stop_waiting(update: Update, context: HoiContext) -> None:
    """A new command means the person moved on: stop waiting for an answer (drafts stay)."""
    if context.principal is not None and context.principal.awaits_answer:
        await forget(context.session, context.principal.member.id)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    accepted = (filters.TEXT & ~filters.COMMAND) | filters.Document.ALL | filters.PHOTO
    return [
        MessageHandler(filters.ChatType.PRIVATE & accepted, take_reply),
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, stop_waiting),
    ]
