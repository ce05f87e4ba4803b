"""/nop: a lead reports their unit's figures, step by step or by pasting a sentence.

period → unit (if they lead several) → one prompt per indicator → a confirmation card →
save. The draft is stored at every step, so a restart loses nothing; buttons carry the
draft's revision, so a button from an earlier step cannot act on a newer draft.

`start` begins and picks the period and unit, `prompts` asks one indicator at a time,
`sentence` reads a pasted sentence and asks about what is unclear, `card` confirms and
saves, `typed` routes what the lead types; `flow` is the draft they all work on.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.scope import HoiContext
from handlers.figures.submit.card import press_send
from handlers.figures.submit.flow import press_cancel
from handlers.figures.submit.prompts import press_back, press_edit, press_keep, press_zero
from handlers.figures.submit.sentence import press_question
from handlers.figures.submit.start import (
    pick_period,
    pick_unit,
    start_from_reminder,
    start_submission,
)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("nop", start_submission),
        CallbackQueryHandler(start_from_reminder, pattern=callbacks.pattern("fn")),
        CallbackQueryHandler(pick_period, pattern=callbacks.pattern("fp")),
        CallbackQueryHandler(pick_unit, pattern=callbacks.pattern("fu")),
        CallbackQueryHandler(press_zero, pattern=callbacks.pattern("fz")),
        CallbackQueryHandler(press_keep, pattern=callbacks.pattern("fk")),
        CallbackQueryHandler(press_back, pattern=callbacks.pattern("fb")),
        CallbackQueryHandler(press_cancel, pattern=callbacks.pattern("fx")),
        CallbackQueryHandler(press_question, pattern=callbacks.pattern("fq")),
        CallbackQueryHandler(press_edit, pattern=callbacks.pattern("fe")),
        CallbackQueryHandler(press_send, pattern=callbacks.pattern("fs")),
    ]
