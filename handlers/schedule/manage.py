"""Leads and admins keep the calendar: add (/lichmoi), change (`editing`: /lichsua), cancel
and mark done (`closing`: /lichhuy, /lichxong), and the item card every list number opens
(`card`); the answers typed to the calendar's questions are routed here.

Changing the time, the title or the place, and cancelling, tell the members concerned through
the outbox (see `bot.schedule.service`).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.people.access import require_role
from bot.periods.text import normalize
from bot.schedule.service import check_recurring
from bot.text.i18n import N_
from handlers.schedule import importing as schedule_import
from handlers.schedule.card import open_item
from handlers.schedule.closing import cancel_button, cancel_command, done_command
from handlers.schedule.editing import change_command, edit_button, period_button, take_edit
from handlers.schedule.flow import FIELD_LIMITS, read_period, start_add, start_confirm, take_text
from handlers.schedule.view import today_in
from storage.models import DraftKind, Role
from storage.schedule import get_draft

ONE_LINE_USAGE = N_(
    "Write it on one line: /lichmoi TIME | TITLE | PLACE | IN CHARGE (the last two may be left "
    "out), e.g.\n/lichmoi 19/5/2026 | Gặp mặt kỷ niệm ngày truyền thống | Hội trường tỉnh\n"
    "Start with “hằng năm” for an anniversary: /lichmoi hằng năm 19/5/2026 | Ngày truyền thống. "
    "Or send /lichmoi alone and I will ask step by step."
)


def _yearly(line: str) -> tuple[bool, str]:
    """Whether a one-line item starts with "hằng năm" (any spelling, "yearly"), and the rest."""
    words = line.split(maxsplit=2)
    if len(words) == 3 and normalize(" ".join(words[:2])) in ("hang nam", "moi nam"):
        return True, words[2]
    if len(words) > 1 and normalize(words[0]) == "yearly":
        return True, line.split(maxsplit=1)[1]
    return False, line


async def add_item(update: Update, context: HoiContext) -> None:
    """/lichmoi: the guided flow, or the one-line form."""
    message = update.effective_message
    assert message is not None and message.text is not None
    principal = require_role(context.principal, Role.LEAD)
    line = message.text.partition(" ")[2].strip()
    if not line:
        await start_add(context, message, principal)
        return
    yearly, line = _yearly(line)
    parts = [part.strip() for part in line.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 4:
        raise UserError(ONE_LINE_USAGE)
    data: dict[str, object] = {"period": parts[0], "title": parts[1][:1000], "yearly": yearly}
    if len(parts) > 2 and parts[2]:
        data["place"] = parts[2][: FIELD_LIMITS["place"]]
    if len(parts) > 3 and parts[3]:
        data["resp"] = parts[3][: FIELD_LIMITS["resp"]]
    check_recurring(read_period(parts[0], today_in(context)), yearly)
    await start_confirm(context, message, principal, data)


async def take_answer(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """Text (or, after /nhaplich, a document) that answers a step of a calendar flow."""
    message, principal = update.effective_message, context.principal
    if message is None or principal is None:
        return False
    if message.document is not None:
        return await schedule_import.take_document(update, context)
    if message.text is None:
        return False
    draft = await get_draft(context.session, principal.member.id)
    if draft is None:
        return False
    if draft.kind is DraftKind.ADD:
        return await take_text(update, context, draft)
    if draft.kind is DraftKind.EDIT:
        return await take_edit(update, context, draft)
    return await schedule_import.offer_pasted(update, context, draft)


async def take_pasted_table(update: Update, context: HoiContext) -> bool:
    """A key-task table an admin pasted without /nhaplich (it starts with the header)."""
    return await schedule_import.offer_pasted(update, context, None)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("lichmoi", add_item),
        CommandHandler("lichsua", change_command),
        CommandHandler("lichhuy", cancel_command),
        CommandHandler("lichxong", done_command),
        CallbackQueryHandler(open_item, pattern=callbacks.pattern("li")),
        CallbackQueryHandler(edit_button, pattern=callbacks.pattern("le")),
        CallbackQueryHandler(cancel_button, pattern=callbacks.pattern("lc")),
        CallbackQueryHandler(period_button, pattern=callbacks.pattern("lp")),
    ]
