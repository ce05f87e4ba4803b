"""Answers to what the bot asked: the next message of a person the bot is waiting on.

A feature that needs typed input (a document number, an announcement's text, a calendar
item's title, a figure) records a wait (`handlers.conversation.waiting.expect`) and says,
when it is set up, which function takes the answers (`on_answer`). This handler runs in an
early group: it routes the person's next text, file or photo to that feature, and when the
feature took it, stops there; otherwise the message goes on to the features and the
fallback as usual. A few messages are taken without being asked for (`on_unprompted`: an
admin's pasted key-task table, an admin's document). A command means the person moved on,
so the wait ends (what was drafted stays). A wait older than HOIBOT_DRAFT_DAYS is given up:
its draft is discarded and the person told, once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, MessageHandler, filters

from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.conversation.features import discard_draft, leave, stale_notice
from handlers.conversation.waiting import stop

GROUP = -5

Answer = Callable[[Update, HoiContext, Waiting], Awaitable[bool]]
Offer = Callable[[Update, HoiContext], Awaitable[bool]]

_ANSWERS: dict[str, Answer] = {}
_OFFERS: list[Offer] = []


def on_answer(feature: str, answer: Answer) -> None:
    """`answer` takes the messages that answer `feature`'s questions (True: it took it)."""
    _ANSWERS[feature] = answer


def on_unprompted(offer: Offer) -> None:
    """`offer` may take a message nothing asked for, after the answers (True: it took it)."""
    if offer not in _OFFERS:
        _OFFERS.append(offer)


async def take_reply(update: Update, context: HoiContext) -> None:
    """Route a message to the question the bot is waiting on, if any."""
    message = update.effective_message
    principal = context.principal
    if message is None or principal is None:
        return
    waiting = principal.waiting
    try:
        if waiting is not None and waiting.is_stale(datetime.now(UTC)):
            await _give_up(update, context, waiting)
            waiting = None
        answer = _ANSWERS.get(waiting.feature) if waiting is not None else None
        taken = await answer(update, context, waiting) if answer and waiting else False
        for offer in _OFFERS:
            if taken:
                break
            taken = await offer(update, context)
    except UserError as error:
        # Answered here, not by the error handler, so the fallback does not answer too.
        context.scope.failed = True
        await message.reply_text(error.shown())
        raise ApplicationHandlerStop from None
    if taken:
        raise ApplicationHandlerStop


async def _give_up(update: Update, context: HoiContext, waiting: Waiting) -> None:
    """The person comes back after the wait went stale: say so, and discard the draft."""
    await stop(context, waiting.member_id)
    await discard_draft(context.session, waiting)
    message = update.effective_message
    assert message is not None
    await message.reply_text(stale_notice(waiting.feature, context.settings.draft_days))


async def stop_waiting(update: Update, context: HoiContext) -> None:
    """A new command means the person moved on: stop waiting for an answer (drafts stay,
    unless the feature drops them when another feature's command comes)."""
    principal, message = context.principal, update.effective_message
    if principal is None or principal.waiting is None or message is None or not message.text:
        return
    await stop(context, principal.member.id)
    command = message.text.split(maxsplit=1)[0].lstrip("/").split("@")[0].lower()
    await leave(context.session, principal.waiting, command)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    accepted = (filters.TEXT & ~filters.COMMAND) | filters.Document.ALL | filters.PHOTO
    return [
        MessageHandler(filters.ChatType.PRIVATE & accepted, take_reply),
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, stop_waiting),
    ]
