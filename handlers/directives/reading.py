"""One directive as a member sees it: its details and file, the "Received" and "Carried
out" buttons (checked against who presses them), and its full text."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.errors import NotJoined, UserError
from bot.app.scope import HoiContext
from bot.directives.publishing import keyboard
from bot.directives.render import heading, reference
from bot.people.access import Principal
from bot.text.formatting import format_moment
from bot.text.i18n import N_, _, gettext
from handlers.buttons import button
from storage.directives import (
    get_directive,
    get_receipt,
    list_files,
    record_received,
)
from storage.models import Directive, DirectiveReceipt, DirectiveState, Purpose, Role

_CHUNK = 3500


def require_member(context: HoiContext) -> Principal:
    if context.principal is None:
        raise NotJoined()
    return context.principal


async def reply_or_edit(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
        return
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


async def _visible(
    context: HoiContext, principal: Principal, directive_id: int
) -> tuple[Directive, DirectiveReceipt | None]:
    directive = await get_directive(context.session, directive_id)
    receipt = await get_receipt(context.session, directive_id, principal.member.id)
    if directive is None or directive.state is not DirectiveState.PUBLISHED:
        raise UserError(N_("This directive no longer exists."))
    if receipt is None and not principal.has_role(Role.ADMIN):
        raise UserError(N_("This directive was not sent to you."))
    return directive, receipt


def _state_keyboard(
    directive: Directive, receipt: DirectiveReceipt | None, admin: bool
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if receipt is not None:
        markup = keyboard(directive.id, receipt.purpose is Purpose.ACT)
        rows = [[InlineKeyboardButton(**b) for b in row] for row in markup["inline_keyboard"]]
        if receipt.received_at is not None:
            rows[0][0] = button(gettext("✅ Received ✓"), "dn", directive.id)
        if receipt.carried_out_at is not None and len(rows[0]) > 1:
            rows[0][1] = button(gettext("🛠 Carried out ✓"), "dt", directive.id)
    else:
        rows.append([button(gettext("📖 Full text"), "df", directive.id)])
    if admin:
        rows.append([button(gettext("📊 Progress"), "dg", directive.id, 0, 0)])
    return InlineKeyboardMarkup(rows)


async def show_directive(
    update: Update, context: HoiContext, principal: Principal, directive: Directive
) -> None:
    directive, receipt = await _visible(context, principal, directive.id)
    tz = context.settings.tz
    lines = [heading(directive)]
    if directive.summary:
        lines += ["", html.escape(directive.summary)]
    if directive.signer_name:
        signer = " — ".join(p for p in (directive.signer_title, directive.signer_name) if p)
        lines += ["", html.escape(gettext("Signed: {signer}").format(signer=signer))]
    if receipt is not None:
        why = (
            gettext("To act on.")
            if receipt.purpose is Purpose.ACT
            else gettext("For your information.")
        )
        lines.append("👉 " + html.escape(why))
        if receipt.received_at is not None:
            lines.append(
                "✅ "
                + html.escape(
                    gettext("You confirmed receiving it at {time}.").format(
                        time=format_moment(receipt.received_at, tz)
                    )
                )
            )
        if receipt.carried_out_at is not None:
            lines.append(
                "🛠 "
                + html.escape(
                    gettext("Carried out at {time}.").format(
                        time=format_moment(receipt.carried_out_at, tz)
                    )
                )
            )
    await reply_or_edit(
        update,
        "\n".join(lines),
        _state_keyboard(directive, receipt, principal.has_role(Role.ADMIN)),
    )
    for file in await list_files(context.session, directive.id):
        message = update.effective_message
        assert message is not None
        if file.is_photo:
            await message.reply_photo(file.file_id)
        else:
            await message.reply_document(file.file_id)


async def open_directive(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (directive_id,) = callbacks.unpack_ids(query.data, "dv", 1)
    directive, _receipt = await _visible(context, principal, directive_id)
    await show_directive(update, context, principal, directive)


async def received(update: Update, context: HoiContext) -> None:
    """Record that the member who pressed "Received" has the directive."""
    await _confirm(update, context, carried=False)


async def carried_out(update: Update, context: HoiContext) -> None:
    """Record that the member's unit carried the directive out."""
    await _confirm(update, context, carried=True)


async def _confirm(update: Update, context: HoiContext, *, carried: bool) -> None:
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (directive_id,) = callbacks.unpack_ids(query.data, "dt" if carried else "dn", 1)
    receipt = await get_receipt(context.session, directive_id, principal.member.id)
    if receipt is None:
        raise UserError(N_("This directive was not sent to you, so there is nothing to confirm."))
    if carried and receipt.purpose is not Purpose.ACT:
        raise UserError(N_("This directive is for information only: “Received” is enough."))
    new = await record_received(context.session, receipt, datetime.now(UTC), carried_out=carried)
    if carried:
        text = (
            _("Recorded: your unit has carried it out. Thank you!")
            if new
            else _("Already recorded as carried out.")
        )
    else:
        text = (
            _("Recorded: you have received it. Thank you!")
            if new
            else _("You had already confirmed receiving it.")
        )
    await query.answer(text)
    directive = await get_directive(context.session, receipt.directive_id)
    if new and directive is not None and query.message is not None:
        await query.edit_message_reply_markup(_state_keyboard(directive, receipt, False))


async def full_text(update: Update, context: HoiContext) -> None:
    """Send the body of a directive, in as many messages as it needs."""
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (directive_id,) = callbacks.unpack_ids(query.data, "df", 1)
    directive, _receipt = await _visible(context, principal, directive_id)
    await query.answer()
    message = update.effective_message
    assert message is not None
    body = directive.body or gettext("(The document has no text, only its file.)")
    chunks = _chunks(body)
    for number, chunk in enumerate(chunks, 1):
        head = f"<b>{html.escape(reference(directive))}</b> ({number}/{len(chunks)})\n\n"
        await message.reply_text(head + html.escape(chunk))


def _chunks(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n"):
        while len(paragraph) > _CHUNK:
            cut = paragraph.rfind(" ", 0, _CHUNK)
            cut = cut if cut > 0 else _CHUNK
            if current:
                parts.append(current)
                current = ""
            parts.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        if current and len(current) + 1 + len(paragraph) > _CHUNK:
            parts.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
    if current:
        parts.append(current)
    return parts


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CallbackQueryHandler(open_directive, pattern=callbacks.pattern("dv")),
        CallbackQueryHandler(received, pattern=callbacks.pattern("dn")),
        CallbackQueryHandler(carried_out, pattern=callbacks.pattern("dt")),
        CallbackQueryHandler(full_text, pattern=callbacks.pattern("df")),
    ]
