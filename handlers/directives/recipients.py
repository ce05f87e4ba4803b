"""Choosing who receives a directive, with buttons: units (one, with the units beneath
it, or every unit of a kind), everyone or leads only, to act on or for information."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.directives.publishing import rule_from_scope
from bot.directives.render import describe_rule, reference
from bot.people.roles import kind_name
from bot.text.formatting import format_number
from bot.text.i18n import N_, _, gettext
from handlers.buttons import button
from handlers.buttons.unit_picker import Picker, show_units
from handlers.directives.card import card_parts, own_draft
from storage.directives import get_rule
from storage.models import Directive, Purpose, RecipientScope, UnitKind
from storage.people.units import get_unit

KINDS = list(UnitKind)


async def _show_list(update: Update, context: HoiContext, directive: Directive) -> None:
    query = update.callback_query
    assert query is not None
    parts = await card_parts(context, directive)
    lines = [
        "👥 <b>"
        + html.escape(gettext("Recipients of {ref}").format(ref=reference(directive)))
        + "</b>",
        "",
    ]
    rows = []
    for number, rule in enumerate(parts.rules, 1):
        lines.append(f"{number}. {describe_rule(rule, parts.unit_names)}")
        label = gettext("✏️ Change line {number}").format(number=number)
        rows.append([button(label, "drr", directive.id, rule.id)])
    if not parts.rules:
        lines.append(html.escape(gettext("Nobody yet. Add units with the buttons below.")))
    total, reachable = parts.recipients
    lines += [
        "",
        html.escape(
            gettext("{total} people ({reachable} can be reached on Telegram)").format(
                total=format_number(total), reachable=format_number(reachable)
            )
        ),
    ]
    rows.append(
        [
            button(gettext("➕ A unit"), "dru", directive.id, 0, 0),
            button(gettext("➕ Every unit of a kind"), "dr", directive.id, "kinds"),
        ]
    )
    rows.append([button(gettext("↩️ Back to the draft"), "dd", directive.id, "card")])
    await query.answer()
    await query.edit_message_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def show_recipients(update: Update, context: HoiContext) -> None:
    """The recipients of a draft, or the list of kinds to add."""
    query = update.callback_query
    assert query is not None
    raw_id, op = callbacks.unpack(query.data, "dr", 2)
    directive = await own_draft(context, callbacks.number(raw_id, query.data))
    if op == "kinds":
        rows = [[button(kind_name(kind), "dra", directive.id, i)] for i, kind in enumerate(KINDS)]
        rows.append([button(gettext("↩️ Back"), "dr", directive.id, "list")])
        await query.answer()
        await query.edit_message_text(
            _("Send it to every unit of which kind?"), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    await _show_list(update, context, directive)


async def add_kind(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    directive_id, index = callbacks.unpack_ids(query.data, "dra", 2)
    directive = await own_draft(context, directive_id)
    if index >= len(KINDS):
        raise callbacks.StaleButton(query.data)
    context.session.add(rule_from_scope(directive.id, RecipientScope.KIND, None, KINDS[index]))
    await context.session.flush()
    await _show_list(update, context, directive)


async def browse_units(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    directive_id, node, page = callbacks.unpack_ids(query.data, "dru", 3)
    directive = await own_draft(context, directive_id)
    picker = Picker(directive.id, "dru", "drp", None)
    back = button(gettext("↩️ Back"), "dr", directive.id, "list")
    await show_units(update, context.session, picker, node, page, back)


async def pick_unit(update: Update, context: HoiContext) -> None:
    """A unit was chosen: only this unit, or with everything beneath it?"""
    query = update.callback_query
    assert query is not None
    directive_id, unit_id = callbacks.unpack_ids(query.data, "drp", 2)
    directive = await own_draft(context, directive_id)
    unit = await get_unit(context.session, unit_id)
    if unit is None:
        raise callbacks.StaleButton(query.data)
    rows = [
        [button(gettext("Only this unit"), "drn", directive.id, unit.id, "u")],
        [button(gettext("This unit and all units beneath it"), "drn", directive.id, unit.id, "s")],
        [button(gettext("↩️ Back"), "dr", directive.id, "list")],
    ]
    await query.answer()
    await query.edit_message_text(
        html.escape(gettext("{unit}: which members?").format(unit=unit.name)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def add_unit(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    raw_id, raw_unit, scope = callbacks.unpack(query.data, "drn", 3)
    directive = await own_draft(context, callbacks.number(raw_id, query.data))
    unit = await get_unit(context.session, callbacks.number(raw_unit, query.data))
    if unit is None or scope not in ("u", "s"):
        raise callbacks.StaleButton(query.data)
    chosen = RecipientScope.UNIT if scope == "u" else RecipientScope.SUBTREE
    context.session.add(rule_from_scope(directive.id, chosen, unit.id, None))
    await context.session.flush()
    await _show_list(update, context, directive)


async def show_rule(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    directive_id, rule_id = callbacks.unpack_ids(query.data, "drr", 2)
    directive = await own_draft(context, directive_id)
    await _show_rule(update, context, directive, rule_id)


async def _show_rule(
    update: Update, context: HoiContext, directive: Directive, rule_id: int
) -> None:
    query = update.callback_query
    assert query is not None
    rule = await get_rule(context.session, directive.id, rule_id)
    if rule is None:
        raise callbacks.StaleButton(query.data)
    parts = await card_parts(context, directive)

    def mark(on: bool, label: str) -> str:
        return ("🔘 " if on else "⚪ ") + gettext(label)

    rows = []
    if rule.scope is not RecipientScope.KIND:
        rows.append(
            [
                button(
                    mark(rule.scope is RecipientScope.UNIT, N_("Only this unit")),
                    "drs",
                    directive.id,
                    rule.id,
                    "u",
                ),
                button(
                    mark(rule.scope is RecipientScope.SUBTREE, N_("With the units beneath")),
                    "drs",
                    directive.id,
                    rule.id,
                    "s",
                ),
            ]
        )
    rows.append(
        [
            button(
                mark(not rule.leads_only, N_("All members")), "drs", directive.id, rule.id, "all"
            ),
            button(mark(rule.leads_only, N_("Leads only")), "drs", directive.id, rule.id, "leads"),
        ]
    )
    rows.append(
        [
            button(
                mark(rule.purpose is Purpose.ACT, N_("To act on")),
                "drs",
                directive.id,
                rule.id,
                "act",
            ),
            button(
                mark(rule.purpose is Purpose.INFORM, N_("For information")),
                "drs",
                directive.id,
                rule.id,
                "info",
            ),
        ]
    )
    rows.append([button(gettext("🗑 Remove this line"), "drs", directive.id, rule.id, "del")])
    rows.append([button(gettext("↩️ Back"), "dr", directive.id, "list")])
    text = describe_rule(rule, parts.unit_names)
    if rule.label:
        text += "\n" + html.escape(gettext("(from the document: {label})").format(label=rule.label))
    await query.answer()
    await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def change_rule(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    raw_id, raw_rule, op = callbacks.unpack(query.data, "drs", 3)
    directive = await own_draft(context, callbacks.number(raw_id, query.data))
    rule = await get_rule(context.session, directive.id, callbacks.number(raw_rule, query.data))
    if rule is None:
        raise callbacks.StaleButton(query.data)
    if op == "del":
        await context.session.delete(rule)
        await context.session.flush()
        await _show_list(update, context, directive)
        return
    if op in ("u", "s") and rule.scope is not RecipientScope.KIND:
        rule.scope = RecipientScope.UNIT if op == "u" else RecipientScope.SUBTREE
    elif op in ("all", "leads"):
        rule.leads_only = op == "leads"
    elif op in ("act", "info"):
        rule.purpose = Purpose.ACT if op == "act" else Purpose.INFORM
    else:
        raise callbacks.StaleButton(query.data)
    await context.session.flush()
    await _show_rule(update, context, directive, rule.id)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CallbackQueryHandler(show_recipients, pattern=callbacks.pattern("dr")),
        CallbackQueryHandler(add_kind, pattern=callbacks.pattern("dra")),
        CallbackQueryHandler(browse_units, pattern=callbacks.pattern("dru")),
        CallbackQueryHandler(pick_unit, pattern=callbacks.pattern("drp")),
        CallbackQueryHandler(add_unit, pattern=callbacks.pattern("drn")),
        CallbackQueryHandler(show_rule, pattern=callbacks.pattern("drr")),
        CallbackQueryHandler(change_rule, pattern=callbacks.pattern("drs")),
    ]
