"""`/chidao <number> tiendo`: who received a directive, confirmed it, carried it out,
by unit with buttons to drill down to the people. The office sees the whole tree, a lead
their own units and what lies beneath them."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.error_handler import plain
from bot.app.errors import NotAllowed, NotJoined
from bot.app.scope import HoiContext
from bot.directives.notes import paper_line
from bot.directives.reach import units_confirmed, unreached_after
from bot.directives.render import reference
from bot.directives.tracking import Counts, people, totals, unit_lines
from bot.text.formatting import format_moment, format_number
from bot.text.i18n import N_, gettext
from handlers.buttons import button
from storage.directives import get_directive
from storage.models import Directive, DirectiveState, Role
from storage.people.units import get_root, get_unit, is_within

LINES = 12
PEOPLE = 20
_STATES = {
    "carried_out": N_("🛠 carried out {time}"),
    "received": N_("✅ received {time}"),
    "delivered": N_("📬 delivered {time}, not confirmed"),
    "waiting": N_("⏳ waiting to be sent"),
    "failed": N_("❌ could not be delivered"),
    "no_telegram": N_("📵 not on Telegram"),
}


async def _reach(context: HoiContext) -> tuple[list[int] | None, int]:
    """(the units a person may look into, None for all; where their view starts)."""
    principal = context.principal
    if principal is None:
        raise NotJoined()
    if principal.has_role(Role.ADMIN):
        root = await get_root(context.session)
        return None, root.id if root else 0
    leads = principal.units_with_role(Role.LEAD)
    if not leads:
        raise NotAllowed(N_("Sorry, this command is for a chapter lead or the central office."))
    return leads, leads[0]


def _summary(counts: Counts) -> list[str]:
    n = format_number
    lines = [
        gettext(
            "Sent to {total}: delivered {delivered}, waiting {waiting}, failed {failed}, "
            "not on Telegram {none}."
        ).format(
            total=n(counts.recipients),
            delivered=n(counts.delivered),
            waiting=n(counts.waiting),
            failed=n(counts.failed),
            none=n(counts.no_telegram),
        ),
        gettext("Received: {received} of {total}.").format(
            received=n(counts.received), total=n(counts.recipients)
        ),
    ]
    if counts.to_act:
        lines.append(
            gettext("Carried out: {done} of {total} who must act.").format(
                done=n(counts.carried_out), total=n(counts.to_act)
            )
        )
    return [html.escape(line) for line in lines]


def _short(counts: Counts) -> str:
    text = f"✅ {counts.received}/{counts.recipients}"
    if counts.to_act:
        text += f" · 🛠 {counts.carried_out}/{counts.to_act}"
    return text


async def open_progress(update: Update, context: HoiContext, directive: Directive) -> None:
    roots, start = await _reach(context)
    await _show_level(update, context, directive, start, 0, roots)


async def _published(context: HoiContext, directive_id: int) -> Directive:
    directive = await get_directive(context.session, directive_id)
    if directive is None or directive.state is not DirectiveState.PUBLISHED:
        raise NotAllowed(N_("This directive no longer exists."))
    return directive


async def _check(context: HoiContext, roots: Sequence[int] | None, unit_id: int) -> None:
    if roots is not None and not await is_within(context.session, unit_id, roots):
        raise NotAllowed(N_("Sorry, that unit is outside the units you look after."))


async def _show_level(
    update: Update,
    context: HoiContext,
    directive: Directive,
    node_id: int,
    page: int,
    roots: Sequence[int] | None,
) -> None:
    await _check(context, roots, node_id)
    node = await get_unit(context.session, node_id)
    if node is None:
        raise NotAllowed(N_("That unit no longer exists."))
    counts = await totals(context.session, directive.id, [node_id])
    lines = [
        "📊 <b>"
        + html.escape(gettext("Progress of {ref}").format(ref=reference(directive)))
        + "</b>",
        html.escape(node.name),
        "",
        *_summary(counts),
    ]
    confirmed, units = await units_confirmed(context.session, directive.id, [node_id])
    if units:
        lines.append(
            html.escape(
                gettext("Units that confirmed: {confirmed} of {units}.").format(
                    confirmed=format_number(confirmed), units=format_number(units)
                )
            )
        )
    unreached = await unreached_after(context.session, directive.id, [node_id])
    if unreached:
        lines.append("📵 " + html.escape(paper_line(unreached)))
    rows: list[list[InlineKeyboardButton]] = []
    level = await unit_lines(context.session, directive.id, node_id)
    if level:
        lines += ["", "<b>" + html.escape(gettext("By unit:")) + "</b>"]
    for line in level[page * LINES : (page + 1) * LINES]:
        lines.append(f"• {html.escape(line.name)}: {_short(line.counts)}")
        if line.has_more:
            rows.append([button(f"📂 {line.name}"[:60], "dg", directive.id, line.unit_id, 0)])
        else:
            label = f"👥 {line.name}"[:60]
            rows.append([button(label, "dm", directive.id, line.unit_id, 0, node_id)])
    nav = []
    if page > 0:
        nav.append(button(gettext("◀ Previous"), "dg", directive.id, node_id, page - 1))
    if (page + 1) * LINES < len(level):
        nav.append(button(gettext("Next ▶"), "dg", directive.id, node_id, page + 1))
    if nav:
        rows.append(nav)
    bottom = [button(gettext("🔄 Refresh"), "dg", directive.id, node_id, page)]
    up = node.parent_id
    if up is not None and (roots is None or node_id not in roots):
        bottom.append(button(gettext("⬆️ Up one level"), "dg", directive.id, up, 0))
    rows.append(bottom)
    await _reply(update, "\n".join(lines), InlineKeyboardMarkup(rows))


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    query = update.callback_query
    if query is None:
        message = update.effective_message
        assert message is not None
        await message.reply_text(text, reply_markup=markup)
        return
    await query.answer()
    shown = query.message
    if isinstance(shown, Message) and shown.text == plain(text) and shown.reply_markup == markup:
        # "Refresh" when nothing changed: Telegram refuses an identical edit.
        return
    await query.edit_message_text(text, reply_markup=markup)


async def drill_down(update: Update, context: HoiContext) -> None:
    """A unit line of the progress view: the units beneath it."""
    query = update.callback_query
    assert query is not None
    directive_id, unit_id, page = callbacks.unpack_ids(query.data, "dg", 3)
    roots, start = await _reach(context)
    directive = await _published(context, directive_id)
    await _show_level(update, context, directive, unit_id or start, page, roots)


async def show_people(update: Update, context: HoiContext) -> None:
    """The people of one unit, with what each has done."""
    query = update.callback_query
    assert query is not None
    directive_id, unit_id, page_number, back = callbacks.unpack_ids(query.data, "dm", 4)
    roots, _start = await _reach(context)
    directive = await _published(context, directive_id)
    await _check(context, roots, unit_id)
    unit = await get_unit(context.session, unit_id)
    if unit is None:
        raise NotAllowed(N_("That unit no longer exists."))
    found, total = await people(
        context.session, directive.id, unit.id, page_number * PEOPLE, PEOPLE
    )
    tz = context.settings.tz
    lines = [
        "👥 <b>" + html.escape(f"{reference(directive)} · {unit.name}") + "</b>",
        "",
    ]
    for person in found:
        when = format_moment(person.at, tz) if person.at else ""
        state = gettext(_STATES[person.state]).format(time=when).replace("  ", " ")
        lines.append(f"• {html.escape(person.name)}: {html.escape(state)}")
    rows = []
    nav = []
    if page_number > 0:
        nav.append(
            button(gettext("◀ Previous"), "dm", directive.id, unit.id, page_number - 1, back)
        )
    if (page_number + 1) * PEOPLE < total:
        nav.append(button(gettext("Next ▶"), "dm", directive.id, unit.id, page_number + 1, back))
    if nav:
        rows.append(nav)
    rows.append([button(gettext("↩️ Back"), "dg", directive.id, back, 0)])
    await _reply(update, "\n".join(lines), InlineKeyboardMarkup(rows))


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CallbackQueryHandler(drill_down, pattern=callbacks.pattern("dg")),
        CallbackQueryHandler(show_people, pattern=callbacks.pattern("dm")),
    ]
