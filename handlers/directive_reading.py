"""Directives as members see them: /chidao lists, searches and opens them; the buttons of a
push record "Received" and "Carried out" and show the full text."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.access import Principal
from bot.directives.drafting import number_key, search_words
from bot.directives.publishing import keyboard
from bot.directives.render import button_label, heading, list_line, reference
from bot.errors import NotJoined, UserError
from bot.formatting import format_moment
from bot.i18n import N_, _, gettext, ngettext
from bot.scope import HoiContext
from bot.words import fold_text
from handlers.buttons import button
from handlers.directive_progress import open_progress
from storage.directives import (
    find_published,
    get_directive,
    get_receipt,
    list_files,
    list_published,
    record_received,
    search_published,
)
from storage.models import Directive, DirectiveReceipt, DirectiveState, Purpose, Role

PAGE = 5
SEARCH_LIMIT = 10
_CHUNK = 3500

USAGE = N_(
    "How to use /chidao:\n"
    "/chidao — the directives sent to you, newest first\n"
    "/chidao tìm thi đua — search by number, title or text (accents optional)\n"
    "/chidao 72/HTS — open one directive\n"
    "/chidao 72/HTS tiendo — who received it and carried it out (leads and office)"
)


def require_member(context: HoiContext) -> Principal:
    if context.principal is None:
        raise NotJoined()
    return context.principal


def _viewer(principal: Principal) -> int | None:
    """Whose directives a person sees: all of them for the office, else their own."""
    return None if principal.has_role(Role.ADMIN) else principal.member.id


async def find_directive(context: HoiContext, reference_text: str) -> Directive:
    """The published directive a person named by number ("72/HTS") or by id ("#12")."""
    text = reference_text.strip()
    if re.fullmatch(r"#\d{1,9}", text):
        found = await get_directive(context.session, int(text[1:]))
        if found is not None and found.state is DirectiveState.PUBLISHED:
            return found
    else:
        matches = await find_published(context.session, number_key(text))
        if matches:
            return matches[0]
    raise UserError(N_("I found no directive numbered {number}."), number=text[:40])


async def list_directives(update: Update, context: HoiContext) -> None:
    """/chidao: list, search, open one, or show its progress."""
    message = update.effective_message
    assert message is not None
    principal = require_member(context)
    args = context.args or []
    words = [fold_text(a)[0] for a in args]
    if not args:
        await _send_page(update, context, principal, 0)
    elif words[0] in ("tim", "timkiem", "search"):
        await _search(update, context, principal, args[1:])
    elif words[-1] in ("tiendo", "tien-do", "progress") or words[-2:] == ["tien", "do"]:
        drop = 2 if words[-2:] == ["tien", "do"] else 1
        if len(args) <= drop:
            raise UserError(USAGE)
        directive = await find_directive(context, " ".join(args[:-drop]))
        await open_progress(update, context, directive)
    elif words[0] in ("help", "huongdan", "?"):
        await message.reply_text(html.escape(gettext(USAGE)))
    else:
        directive = await find_directive(context, " ".join(args))
        await _show(update, context, principal, directive)


async def _send_page(update: Update, context: HoiContext, principal: Principal, page: int) -> None:
    directives, total = await list_published(context.session, _viewer(principal), page * PAGE, PAGE)
    if total == 0:
        text = _("No directive has been sent to you yet.")
        await _answer(update, text, None)
        return
    pages = (total + PAGE - 1) // PAGE
    page = min(page, pages - 1)
    lines = [
        "📚 <b>"
        + html.escape(
            gettext("Directives for you (page {page} of {pages}):").format(
                page=page + 1, pages=pages
            )
        )
        + "</b>",
        "",
    ]
    lines += [list_line(page * PAGE + n, d) for n, d in enumerate(directives, 1)]
    lines += ["", html.escape(gettext("Tap one to open it. To search: /chidao tìm <words>"))]
    rows = [[button(button_label(d), "dv", d.id)] for d in directives]
    nav = []
    if page > 0:
        nav.append(button(gettext("◀ Newer"), "dl", page - 1))
    if page + 1 < pages:
        nav.append(button(gettext("Older ▶"), "dl", page + 1))
    if nav:
        rows.append(nav)
    await _answer(update, "\n".join(lines), InlineKeyboardMarkup(rows))


async def _answer(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
        return
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


async def turn_page(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (page,) = callbacks.unpack_ids(query.data, "dl", 1)
    await _send_page(update, context, principal, page)


async def _search(
    update: Update, context: HoiContext, principal: Principal, args: list[str]
) -> None:
    message = update.effective_message
    assert message is not None
    words = search_words(" ".join(args))
    if not words:
        raise UserError(N_("Type the words to look for, for example: /chidao tìm thi đua"))
    found, total = await search_published(context.session, _viewer(principal), words, SEARCH_LIMIT)
    shown = html.escape(" ".join(args))
    if not found:
        await message.reply_text(
            _("No directive matches “{words}”. Try fewer or other words.").format(words=shown)
        )
        return
    lines = [
        "🔎 "
        + ngettext(
            "{count} directive matches “{words}”:", "{count} directives match “{words}”:", total
        ).format(count=total, words=shown),
        "",
    ]
    lines += [list_line(n, d) for n, d in enumerate(found, 1)]
    if total > len(found):
        lines += [
            "",
            html.escape(
                gettext(
                    "Only the newest {shown} are listed; add words to narrow the search."
                ).format(shown=len(found))
            ),
        ]
    rows = [[button(button_label(d), "dv", d.id)] for d in found]
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


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


async def _show(
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
    await _answer(
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
    await _show(update, context, principal, directive)


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
        CommandHandler("chidao", list_directives),
        CallbackQueryHandler(turn_page, pattern=callbacks.pattern("dl")),
        CallbackQueryHandler(open_directive, pattern=callbacks.pattern("dv")),
        CallbackQueryHandler(received, pattern=callbacks.pattern("dn")),
        CallbackQueryHandler(carried_out, pattern=callbacks.pattern("dt")),
        CallbackQueryHandler(full_text, pattern=callbacks.pattern("df")),
    ]
