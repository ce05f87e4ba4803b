"""The first look at every button press: data that does not fit its kind never reaches a
handler. The person gets one polite answer; the log gets a line at info level."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.text.i18n import _

log = logging.getLogger(__name__)

# Before every other group (the answers' is -5).
GROUP = -20


async def check_button(update: Update, context: HoiContext) -> None:
    """Refuse a forged, stale or foreign button; let a well-formed one go on."""
    query = update.callback_query
    assert query is not None
    try:
        callbacks.check(query.data)
    except callbacks.StaleButton:
        log.info("refused a button that fits no kind: %r", (query.data or "")[:80])
        scope = context.scope
        scope.failed = True
        await query.answer(
            _("This button is no longer valid. Please send the command again."), show_alert=True
        )
        raise ApplicationHandlerStop from None


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [CallbackQueryHandler(check_button)]
