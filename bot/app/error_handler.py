"""The one error handler: translate what the user got wrong, apologise for what we did."""

from __future__ import annotations

import html
import logging
import re
import traceback

from telegram import Update
from telegram._utils.types import ReplyMarkup
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.app.callbacks import StaleButton
from bot.app.error_reports import kind_of
from bot.app.errors import NotJoined, UserError
from bot.app.interaction_log import describe_update
from bot.app.logsafe import redact
from bot.app.scope import HoiContext, current_scope
from bot.people.joining import (
    join_keyboard,
    private_chat_keyboard,
    stranger_text,
    write_privately_text,
)
from bot.text.i18n import N_, _

log = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Pop-up answers take no HTML."""
    return html.unescape(_TAG.sub("", text))


async def handle_error(update: object, context: HoiContext) -> None:
    """Answer a user error in the member's language; log and report anything else.

    Raises ApplicationHandlerStop so that no later handler group answers the same update.
    """
    await _answer(update, context)
    raise ApplicationHandlerStop


async def _answer(update: object, context: HoiContext) -> None:
    scope = current_scope()
    if scope is not None:
        scope.failed = True
    error = context.error
    if isinstance(error, StaleButton):
        log.info("refused a stale or foreign button: %r", str(error)[:80])
        error = UserError(N_("This button is no longer valid. Please send the command again."))
    if isinstance(error, NotJoined):
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type != chat.PRIVATE:
            # A phone-sharing keyboard works in a private chat only: point there.
            username = context.settings.bot_username or context.bot.username
            await _tell(update, write_privately_text(True), private_chat_keyboard(username))
            return
        await _tell(update, stranger_text(), join_keyboard())
        return
    if isinstance(error, UserError):
        await _tell(update, error.shown())
        return
    summary = describe_update(update) if isinstance(update, Update) else {"update": repr(update)}
    log.error("unexpected error while handling %s", summary, exc_info=error)
    await _report(context, error, summary)
    await _tell(
        update,
        _(
            "Sorry, something went wrong on our side. It has been recorded; "
            "please try again in a moment."
        ),
    )


async def _tell(update: object, text: str, markup: ReplyMarkup | None = None) -> None:
    if not isinstance(update, Update):
        return
    scope = current_scope()
    answered = scope is not None and scope.answered
    try:
        query = update.callback_query
        if query is not None and answered and query.message is not None:
            # A press is answered once; after that, the chat hears it.
            await query.message.chat.send_message(text, reply_markup=markup)
        elif query is not None and not answered:
            await query.answer(plain(text)[:200], show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text, reply_markup=markup)
    except TelegramError:
        log.warning("could not tell the user about an error", exc_info=True)


async def _report(context: HoiContext, error: BaseException | None, summary: object) -> None:
    """Tell the admins' chat, once per kind of error per ten minutes, with no token, secret
    or phone number in it."""
    settings = context.bot_data.settings
    if settings.admin_chat_id is None or error is None:
        return
    kind = kind_of(error)
    held = context.bot_data.reports.admit(kind)
    if held is None:
        return
    secrets = (settings.token, settings.webhook_secret)
    trace = redact("".join(traceback.format_exception(error)), secrets)[-3000:]
    text = (
        f"⚠️ <b>{html.escape(type(error).__name__)}</b>\n"
        f"<pre>{html.escape(redact(str(summary), secrets)[:500])}</pre>\n"
        f"<pre>{html.escape(trace)}</pre>"
    )
    if held:
        text += "\n" + html.escape(
            _("{count} more of this kind in the last 10 minutes were not reported.").format(
                count=held
            )
        )
    try:
        await context.bot.send_message(settings.admin_chat_id, text)
    except TelegramError:
        log.warning("could not report an error to the admins' chat", exc_info=True)
