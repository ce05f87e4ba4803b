"""The guided flow a lead uses to add an item: title → period (echoed back) → units → confirm.

Every step is a row in `schedule_drafts`, so a restart or a second bot process picks up where
the lead left off. Steps that wait for text ("title", "period", "place", "resp", "note", and
the edit steps) are fed by `take_text`, which the text interceptor calls first.
"""

from __future__ import annotations

import html
import math
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.people.access import Principal
from bot.periods import Period, parse_period
from bot.schedule.items import month_day
from bot.schedule.render import describe_period, shorten
from bot.schedule.service import ItemValues, check_audience, check_recurring, create_item
from bot.text.i18n import N_, _
from handlers.schedule.drafts import TEXT_STEPS, drop_draft, save_draft, start_draft
from handlers.schedule.view import require_member, today_in
from storage.models import DraftKind, ItemAudience, Role, ScheduleDraft, Unit
from storage.people.units import get_unit, list_children
from storage.schedule import draft_payload, get_draft

PICK_PAGE = 8
# What the columns hold: a place is a short name, notes may be a paragraph.
FIELD_LIMITS = {"place": 255, "resp": 500, "note": 2000}

PERIOD_EXAMPLES = N_(
    "I could not read “{text}” as a time. Write it as documents do, for example:\n"
    "19/5/2026 · 8h00 ngày 19/5/2026 · 10-15/5/2026 · tháng 6/2026 · T3,4/2026 · "
    "quý 3/2026 · 6 tháng cuối năm 2026 · trước 15/12/2026 · sẽ thông báo sau"
)


def read_period(text: str, today: date) -> Period:
    """A period typed by a lead, or a clear error with examples."""
    period = parse_period(text, default_year=today.year)
    if period.unparsed:
        raise UserError(PERIOD_EXAMPLES, text=shorten(text, 80))
    return period


def led_units(principal: Principal) -> list[int]:
    return principal.units_with_role(Role.LEAD)


def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.pack(action, *args))


def abandon_row() -> list[InlineKeyboardButton]:
    return [button(_("❌ Cancel"), "ld", "x")]


def period_echo(period: Period, today: date, recurring: bool) -> tuple[str, InlineKeyboardMarkup]:
    """Say back what was understood, so the lead confirms it before anything is saved."""
    lines = [
        _("I understood the time as: <b>{when}</b>. Is that right?").format(
            when=html.escape(describe_period(period))
        )
    ]
    if period.end is not None and period.end < today and not recurring:
        lines.append(_("⚠️ This date has already passed."))
    rows = [[button(_("✅ Yes"), "ld", "ok"), button(_("✏️ Type it again"), "ld", "re")]]
    if month_day(period) is not None:
        label = _("🔁 Every year: on") if recurring else _("🔁 Every year: off")
        rows.append([button(label, "ld", "yr")])
    rows.append(abandon_row())
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def _unit_names(context: HoiContext, ids: list[int]) -> list[str]:
    names = []
    for unit_id in ids:
        unit = await get_unit(context.session, unit_id)
        if unit is not None:
            names.append(unit.name)
    return names


async def audience_text(context: HoiContext, audience: str, ids: list[int]) -> str:
    if audience == ItemAudience.EVERYONE:
        return _("everyone in the association")
    names = ", ".join(await _unit_names(context, ids))
    if audience == ItemAudience.SUBTREE:
        return _("{unit} and the units beneath it").format(unit=names)
    return names


async def draft_card(context: HoiContext, data: dict[str, Any]) -> str:
    period = read_period(data["period"], today_in(context))
    yearly = _(" (every year)") if data.get("yearly") else ""
    lines = [
        _("<b>New calendar item</b> (not saved yet)"),
        _("Title: {title}").format(title=html.escape(data["title"])),
        _("When: {when}").format(when=html.escape(describe_period(period))) + yearly,
    ]
    if data.get("place"):
        lines.append(_("Where: {place}").format(place=html.escape(data["place"])))
    if data.get("resp"):
        lines.append(_("In charge: {who}").format(who=html.escape(data["resp"])))
    if data.get("note"):
        lines.append(_("Notes: {notes}").format(notes=html.escape(data["note"])))
    concerns = await audience_text(context, data.get("audience", ""), data.get("units", []))
    lines.append(_("Concerns: {units}").format(units=html.escape(concerns)))
    return "\n".join(lines)


def confirm_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(_("✅ Save"), "ld", "save")],
            [
                button(_("📍 Place"), "ld", "ask", "place"),
                button(_("👤 In charge"), "ld", "ask", "resp"),
                button(_("📝 Notes"), "ld", "ask", "note"),
            ],
            [button(_("👥 Change who it concerns"), "ld", "aud")],
            abandon_row(),
        ]
    )


def default_audience(principal: Principal) -> tuple[str, list[int]]:
    """The lead's own unit and everything beneath it."""
    return ItemAudience.SUBTREE, led_units(principal)[:1]


async def audience_step(
    context: HoiContext, principal: Principal
) -> tuple[str, InlineKeyboardMarkup]:
    rows = []
    for unit_id in led_units(principal):
        unit = await get_unit(context.session, unit_id)
        if unit is not None:
            label = _("👥 {unit} and below").format(unit=shorten(unit.name, 40))
            rows.append([button(label, "ld", "mine", unit_id)])
    if principal.has_role(Role.ADMIN):
        rows.append([button(_("🌐 Everyone in the association"), "ld", "all")])
    rows.append([button(_("☑️ Pick units…"), "ld", "pick", 0)])
    rows.append(abandon_row())
    return _("Whom does this item concern?"), InlineKeyboardMarkup(rows)


async def _pickable(context: HoiContext, principal: Principal) -> list[Unit]:
    units: dict[int, Unit] = {}
    for unit_id in led_units(principal):
        unit = await get_unit(context.session, unit_id)
        if unit is not None:
            units[unit.id] = unit
        for child in await list_children(context.session, unit_id):
            units.setdefault(child.id, child)
    return list(units.values())


async def pick_step(
    context: HoiContext, principal: Principal, data: dict[str, Any]
) -> tuple[str, InlineKeyboardMarkup]:
    units = await _pickable(context, principal)
    chosen = set(data.get("units", []))
    pages = max(1, math.ceil(len(units) / PICK_PAGE))
    page = min(max(int(data.get("page", 0)), 0), pages - 1)
    rows = [
        [
            button(
                ("✅ " if unit.id in chosen else "▫️ ") + shorten(unit.name, 40), "ld", "tg", unit.id
            )
        ]
        for unit in units[page * PICK_PAGE : (page + 1) * PICK_PAGE]
    ]
    nav = []
    if page > 0:
        nav.append(button(_("◀ Previous"), "ld", "pick", page - 1))
    if page + 1 < pages:
        nav.append(button(_("Next ▶"), "ld", "pick", page + 1))
    if nav:
        rows.append(nav)
    rows.append([button(_("✔️ Done ({count} chosen)").format(count=len(chosen)), "ld", "picked")])
    rows.append(abandon_row())
    text = _("Tap the units this item concerns (each with the units beneath it):")
    return text, InlineKeyboardMarkup(rows)


async def start_add(context: HoiContext, message: Message, principal: Principal) -> None:
    """Begin the guided flow: ask for the title."""
    await start_draft(context, principal.member.id, DraftKind.ADD, "title", {})
    await message.reply_text(
        _(
            "<b>New calendar item.</b> What is it? Send its title, e.g. “Gặp mặt kỷ niệm ngày "
            "truyền thống”."
        ),
        reply_markup=InlineKeyboardMarkup([abandon_row()]),
    )


async def start_confirm(
    context: HoiContext, message: Message, principal: Principal, data: dict[str, Any]
) -> None:
    """Put a complete draft (the one-line form) at its confirm step."""
    audience, units = default_audience(principal)
    data.setdefault("audience", audience)
    data.setdefault("units", units)
    await start_draft(context, principal.member.id, DraftKind.ADD, "confirm", data)
    await message.reply_text(await draft_card(context, data), reply_markup=confirm_markup())


async def take_text(update: Update, context: HoiContext, draft: ScheduleDraft) -> bool:
    """Feed a text answer to the step that waits for one; False if none does."""
    if draft.kind is not DraftKind.ADD or draft.step not in TEXT_STEPS:
        return False
    message = update.effective_message
    assert message is not None and message.text is not None
    text = " ".join(message.text.split())
    data = draft_payload(draft)
    if draft.step == "title":
        data["title"] = text[:1000]
        await save_draft(context, draft, "period", data)
        await message.reply_text(
            _(
                "When is it? Send the time, e.g. 19/5/2026, 8h00 ngày 19/5, tháng 6/2026, "
                "quý 3/2026, trước 15/12 — or tap the button if the date is not known yet."
            ),
            reply_markup=InlineKeyboardMarkup(
                [[button(_("📌 Date to be announced"), "ld", "tba")], abandon_row()]
            ),
        )
        return True
    if draft.step == "period":
        period = read_period(text, today_in(context))
        data["period"] = text
        await save_draft(context, draft, "period_ok", data)
        echo, markup = period_echo(period, today_in(context), bool(data.get("yearly")))
        await message.reply_text(echo, reply_markup=markup)
        return True
    data[draft.step] = text[: FIELD_LIMITS[draft.step]]
    await save_draft(context, draft, "confirm", data)
    await message.reply_text(await draft_card(context, data), reply_markup=confirm_markup())
    return True


async def flow_button(update: Update, context: HoiContext) -> None:
    """Any button of the add flow; the draft says where the lead is."""
    query = update.callback_query
    assert query is not None and query.data is not None
    principal = require_member(context)
    parts = callbacks.unpack(query.data, "ld", query.data.count("|") - 1)
    draft = await get_draft(context.session, principal.member.id)
    if parts == ["x"]:
        # Abandoning works for every flow, and twice in a row too.
        await drop_draft(context, principal.member.id)
        await query.answer()
        done = _("Cancelled: nothing was saved.") if draft else _("Nothing to cancel.")
        await query.edit_message_text(done)
        return
    if not parts or draft is None or draft.kind is not DraftKind.ADD:
        raise callbacks.StaleButton(query.data)
    action, args = parts[0], parts[1:]
    data = draft_payload(draft)
    today = today_in(context)
    text: str
    markup: InlineKeyboardMarkup | None
    if action == "tba" and draft.step == "period":
        data["period"] = "sẽ thông báo sau"
        await save_draft(context, draft, "units", data)
        text, markup = await audience_step(context, principal)
    elif action == "ok" and draft.step == "period_ok":
        await save_draft(context, draft, "units", data)
        text, markup = await audience_step(context, principal)
    elif action == "re" and draft.step == "period_ok":
        await save_draft(context, draft, "period", data)
        text, markup = _("Send the time again."), InlineKeyboardMarkup([abandon_row()])
    elif action == "yr" and draft.step == "period_ok":
        data["yearly"] = not data.get("yearly")
        period = read_period(data["period"], today)
        check_recurring(period, bool(data["yearly"]))
        await save_draft(context, draft, "period_ok", data)
        text, markup = period_echo(period, today, bool(data["yearly"]))
    elif action == "aud" and draft.step == "confirm":
        await save_draft(context, draft, "units", data)
        text, markup = await audience_step(context, principal)
    elif action in ("mine", "all") and draft.step == "units":
        audience = ItemAudience.EVERYONE if action == "all" else ItemAudience.SUBTREE
        units = [] if action == "all" else [int(args[0])] if args and args[0].isdigit() else []
        await check_audience(context.session, principal, audience, units)
        data.update(audience=audience, units=units)
        await save_draft(context, draft, "confirm", data)
        text, markup = await draft_card(context, data), confirm_markup()
    elif action == "pick" and draft.step in ("units", "pick") and args and args[0].isdigit():
        if draft.step == "units":
            data["units"] = []
        data["page"] = int(args[0])
        await save_draft(context, draft, "pick", data)
        text, markup = await pick_step(context, principal, data)
    elif action == "tg" and draft.step == "pick" and args and args[0].isdigit():
        unit_id = int(args[0])
        await check_audience(context.session, principal, ItemAudience.UNITS, [unit_id])
        chosen = list(data.get("units", []))
        data["units"] = (
            [u for u in chosen if u != unit_id] if unit_id in chosen else [*chosen, unit_id]
        )
        await save_draft(context, draft, "pick", data)
        text, markup = await pick_step(context, principal, data)
    elif action == "picked" and draft.step == "pick":
        units = list(data.get("units", []))
        await check_audience(context.session, principal, ItemAudience.UNITS, units)
        data["audience"] = ItemAudience.SUBTREE if len(units) == 1 else ItemAudience.UNITS
        await save_draft(context, draft, "confirm", data)
        text, markup = await draft_card(context, data), confirm_markup()
    elif action == "ask" and draft.step == "confirm" and args and args[0] in TEXT_STEPS[2:]:
        await save_draft(context, draft, args[0], data)
        prompts = {
            "place": _("Send the place, e.g. “Hội trường UBND tỉnh”."),
            "resp": _("Who is in charge? e.g. “Ban Tuyên giáo”."),
            "note": _("Send the notes members should read."),
        }
        text, markup = prompts[args[0]], InlineKeyboardMarkup([abandon_row()])
    elif action == "save" and draft.step == "confirm":
        card = await draft_card(context, data)
        item = await _save(context, principal, data)
        await drop_draft(context, principal.member.id)
        saved = _(
            "✅ Saved as item #{id}. Members see it with /lich; change it with /lichsua {id}."
        ).format(id=item.id)
        await query.answer(_("Saved."))
        await query.edit_message_text(saved + "\n\n" + card.split("\n", 1)[1])
        return
    else:
        raise callbacks.StaleButton(query.data)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def _save(context: HoiContext, principal: Principal, data: dict[str, Any]) -> Any:
    period = read_period(data["period"], today_in(context))
    audience = ItemAudience(data["audience"])
    units = [int(u) for u in data.get("units", [])]
    await check_audience(context.session, principal, audience, units)
    owner = units[0] if audience is not ItemAudience.EVERYONE and len(units) == 1 else None
    if owner is None:
        owner = led_units(principal)[0]
    values = ItemValues(
        title=data["title"],
        period=period,
        owner_unit_id=owner,
        audience=audience,
        unit_ids=units,
        place=data.get("place") or None,
        details=data.get("note") or None,
        responsible=data.get("resp") or None,
        recurring=bool(data.get("yearly")),
    )
    return await create_item(context.session, values, created_by=principal.member.id)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [CallbackQueryHandler(flow_button, pattern=callbacks.pattern("ld"))]
