"""An admin imports a key-task table through the bot: /nhaplich, then a file or pasted text.

The bot shows what it understood and what it could not, and saves only when the admin taps
the button; the document's text waits in the draft meanwhile. A document is taken only
after /nhaplich: any other document from an admin is a directive (a guidance often ends with
its key-task table). Pasted text that starts with the table's header line is recognised on
its own.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.directives.text import UnsupportedDocument, load_text
from bot.people.access import Principal, require_role
from bot.periods.text import normalize
from bot.schedule.importing import ImportPlan, apply_import, preview, read_document
from bot.text.i18n import N_, _
from handlers.schedule.drafts import drop_draft, save_draft, start_draft
from handlers.schedule.flow import abandon_row, button
from handlers.schedule.view import require_member, today_in
from storage.models import DraftKind, Role, ScheduleDraft
from storage.people.units import get_unit
from storage.schedule import draft_payload, get_draft

SUFFIXES = (".txt", ".docx", ".pdf", ".csv")
MAX_BYTES = 5 * 1024 * 1024
PREVIEW_CHARS = 3500


async def ask_document(update: Update, context: HoiContext) -> None:
    """/nhaplich: wait for a document or pasted text holding a key-task table."""
    message = update.effective_message
    assert message is not None
    principal = require_role(context.principal, Role.ADMIN)
    await start_draft(context, principal.member.id, DraftKind.IMPORT, "wait", {})
    await message.reply_text(
        _(
            "Send the document (.docx, .pdf, .txt or .csv), or paste its text. I will read "
            "the key-task table (TT | Nội dung | Thời gian | Phụ trách), or the tasks listed "
            "under a heading such as “PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II”, and show you what I "
            "understood before saving anything."
        ),
        reply_markup=InlineKeyboardMarkup([abandon_row()]),
    )


def _starts_with_header(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    folded = normalize(first)
    return "noi dung" in folded and "thoi gian" in folded


async def _offer(
    update: Update, context: HoiContext, principal: Principal, text: str, filename: str | None
) -> None:
    message = update.effective_message
    assert message is not None
    owner = await _owner(context, principal)
    plan = read_document(text, filename=filename, default_year=today_in(context).year)
    if not plan.table.found or not (plan.table.rows or plan.table.problems):
        raise UserError(
            N_(
                "I found nothing to put in the calendar: no key-task table (columns TT, Nội "
                "dung, Thời gian, Phụ trách) and no tasks under a heading such as "
                "“PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II”."
            )
        )
    result = await apply_import(context.session, plan, owner, actor_id=None, dry_run=True)
    payload = {"text": text, "filename": filename}
    await start_draft(context, principal.member.id, DraftKind.IMPORT, "confirm", payload)
    body = html.escape(_clip("\n".join(preview(result, dry_run=True))))
    source = (
        _("From: {source}\n").format(source=html.escape(plan.source_ref)) if plan.source_ref else ""
    )
    rows = []
    if result.rows:
        label = _("✅ Save {count} item(s)").format(count=len(result.rows))
        rows.append([button(label, "lim", "ok")])
    rows.append(abandon_row())
    await message.reply_text(
        _("<b>Calendar import</b> (nothing saved yet)\n{source}<pre>{body}</pre>").format(
            source=source, body=body
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _clip(text: str) -> str:
    if len(text) <= PREVIEW_CHARS:
        return text
    return text[: PREVIEW_CHARS - 1].rsplit("\n", 1)[0] + "\n…"


async def _owner(context: HoiContext, principal: Principal):  # type: ignore[no-untyped-def]
    unit_id = principal.units_with_role(Role.ADMIN)[0]
    unit = await get_unit(context.session, unit_id)
    assert unit is not None
    return unit


async def offer_pasted(update: Update, context: HoiContext, draft: ScheduleDraft | None) -> bool:
    """Take pasted text as a table after /nhaplich, or when it starts with the header."""
    message = update.effective_message
    principal = context.principal
    if message is None or message.text is None or principal is None:
        return False
    waiting = draft is not None and draft.kind is DraftKind.IMPORT and draft.step == "wait"
    if not waiting and not (principal.has_role(Role.ADMIN) and _starts_with_header(message.text)):
        return False
    require_role(principal, Role.ADMIN)
    await _offer(update, context, principal, message.text, None)
    return True


async def take_document(update: Update, context: HoiContext) -> bool:
    """A document after /nhaplich; other documents pass on (to the directives)."""
    message = update.effective_message
    principal = context.principal
    if message is None or message.document is None or principal is None:
        return False
    draft = await get_draft(context.session, principal.member.id)
    if draft is None or draft.kind is not DraftKind.IMPORT or draft.step != "wait":
        return False
    require_role(principal, Role.ADMIN)
    document = message.document
    name = document.file_name or "tai-lieu"
    if PurePosixPath(name).suffix.lower() not in SUFFIXES:
        raise UserError(N_("Please send a .docx, .pdf, .txt or .csv file, or paste the text."))
    if (document.file_size or 0) > MAX_BYTES:
        raise UserError(N_("The file is too large (5 MB at most)."))
    file = await context.bot.get_file(document.file_id)
    content = bytes(await file.download_as_bytearray())
    try:
        text = load_text(name if not name.lower().endswith(".csv") else name[:-4] + ".txt", content)
    except UnsupportedDocument as exc:
        raise UserError(N_("I could not read this file: {reason}"), reason=str(exc)) from exc
    await _offer(update, context, principal, text, name)
    return True


async def confirm_import(update: Update, context: HoiContext) -> None:
    """Save what the preview showed."""
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    callbacks.unpack(query.data, "lim", 1)
    draft = await get_draft(context.session, principal.member.id)
    if draft is None or draft.kind is not DraftKind.IMPORT or draft.step != "confirm":
        raise callbacks.StaleButton(query.data)
    require_role(principal, Role.ADMIN)
    data = draft_payload(draft)
    await save_draft(context, draft, "saving", data)
    plan: ImportPlan = read_document(
        data["text"], filename=data.get("filename"), default_year=today_in(context).year
    )
    owner = await _owner(context, principal)
    result = await apply_import(
        context.session, plan, owner, actor_id=principal.member.id, dry_run=False
    )
    await drop_draft(context, principal.member.id)
    await query.answer(_("Saved."))
    await query.edit_message_text(
        "<pre>" + html.escape(_clip("\n".join(preview(result, dry_run=False)))) + "</pre>"
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("nhaplich", ask_document),
        CallbackQueryHandler(confirm_import, pattern=callbacks.pattern("lim")),
    ]
