"""/chidao: the directives that concern a member, newest first in pages; a search by
number, title and text that ignores accents and case; one directive by its number."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.arguments import record_number
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.directives.drafting import number_key, search_words
from bot.directives.render import button_label, list_line
from bot.people.access import Principal
from bot.text.folding import fold
from bot.text.i18n import N_, _, gettext, ngettext
from handlers.buttons import button
from handlers.directives.progress import open_progress
from handlers.directives.reading import reply_or_edit, require_member, show_directive
from storage.directives import (
    find_published,
    get_directive,
    list_published,
    search_published,
)
from storage.models import Directive, DirectiveState, Role

PAGE = 5

SEARCH_LIMIT = 10

USAGE = N_(
    "How to use /chidao:\n"
    "/chidao — the directives sent to you, newest first\n"
    "/chidao tìm thi đua — search by number, title or text (accents optional)\n"
    "/chidao 72/HTS — open one directive\n"
    "/chidao 72/HTS tiendo — who received it and carried it out (leads and office)"
)


def _viewer(principal: Principal) -> int | None:
    """Whose directives a person sees: all of them for the office, else their own."""
    return None if principal.has_role(Role.ADMIN) else principal.member.id


async def find_directive(context: HoiContext, reference_text: str) -> Directive:
    """The published directive a person named by number ("72/HTS") or by id ("#12")."""
    text = reference_text.strip()
    number = record_number(text) if text.startswith("#") else None
    if number is not None:
        found = await get_directive(context.session, number)
        if found is not None and found.state is DirectiveState.PUBLISHED:
            return found
    else:
        matches = await find_published(context.session, number_key(text))
        if matches:
            return matches[0]
    raise UserError(N_("I found no directive numbered {number}."), number=text)


async def list_directives(update: Update, context: HoiContext) -> None:
    """/chidao: list, search, open one, or show its progress."""
    message = update.effective_message
    assert message is not None
    principal = require_member(context)
    args = context.args or []
    words = [fold(a) for a in args]
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
        await show_directive(update, context, principal, directive)


async def _send_page(update: Update, context: HoiContext, principal: Principal, page: int) -> None:
    directives, total = await list_published(context.session, _viewer(principal), page * PAGE, PAGE)
    if total == 0:
        text = _("No directive has been sent to you yet.")
        await reply_or_edit(update, text, None)
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
    await reply_or_edit(update, "\n".join(lines), InlineKeyboardMarkup(rows))


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


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("chidao", list_directives),
        CallbackQueryHandler(turn_page, pattern=callbacks.pattern("dl")),
    ]
