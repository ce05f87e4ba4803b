"""/kybaocao: an admin opens a reporting period (which, until when, how many days of grace,
which units report), closes it, or reopens it, with buttons at every step.

The choices made so far travel in the buttons themselves (period code, deadline, grace,
kinds), so there is nothing to lose between steps; nothing is stored until "Open".
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.access import require_role
from bot.errors import UserError
from bot.figures.notify import announce_period
from bot.figures.periods import (
    PeriodSpan,
    default_deadline,
    parse_day,
    recent_periods,
    reporting_period,
    split_period,
)
from bot.figures.service import close_period, label, open_period
from bot.formatting import format_day
from bot.i18n import N_, _
from bot.roles import kind_name
from bot.scope import HoiContext
from storage.figures import count_expected, get_period, list_periods
from storage.models import Role, UnitKind

KINDS = [k for k in UnitKind if k is not UnitKind.CENTRAL]
GRACES = (0, 3, 5, 7)


def _button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(action, *args))


def _today(context: HoiContext) -> date:
    return datetime.now(UTC).astimezone(context.settings.tz).date()


def _span(context: HoiContext, code: str) -> PeriodSpan:
    span = reporting_period(code, _today(context))
    if span is None:
        raise callbacks.StaleButton(code)
    return span


def _kinds(mask: int) -> list[UnitKind]:
    return [k for i, k in enumerate(KINDS) if mask & (1 << i)]


async def manage_periods(update: Update, context: HoiContext) -> None:
    """/kybaocao [PERIOD [DEADLINE]]: the periods, with buttons to open, close, reopen."""
    message = update.effective_message
    assert message is not None
    require_role(context.principal, Role.ADMIN)
    words = list(context.args or [])
    if words:
        span, rest = split_period(words, _today(context))
        deadline = parse_day(rest[0], _today(context)) if len(rest) == 1 else None
        if span is None or len(rest) > 1 or (rest and deadline is None):
            raise UserError(
                N_(
                    "Please write the period and, if you wish, the deadline, e.g. "
                    "/kybaocao Q1/2020 10/4/2020"
                )
            )
        deadline = deadline or default_deadline(span.ends_on)
        text, markup = _grace_step(span.code, deadline)
        await message.reply_text(text, reply_markup=markup)
        return
    periods = await list_periods(context.session, open_only=False)
    lines = [_("<b>Reporting periods</b>")]
    rows = [[_button(_("➕ Open a reporting period"), "po")]]
    for period in periods[:8]:
        if period.closed_at is None:
            state = _("open, due {deadline}").format(deadline=format_day(period.deadline))
            rows.append(
                [_button(_("🔒 Close {period}").format(period=label(period)), "pc", period.id)]
            )
        else:
            state = _("closed")
            rows.append(
                [_button(_("🔓 Reopen {period}").format(period=label(period)), "pr", period.id)]
            )
        lines.append(f"• {label(period)}: {state}")
    if not periods:
        lines.append(_("None yet."))
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def choose_period(update: Update, context: HoiContext) -> None:
    """Step 1: which period."""
    query = update.callback_query
    assert query is not None
    require_role(context.principal, Role.ADMIN)
    callbacks.unpack(query.data, "po", 0)
    rows = [[_button(span.label(), "pd", span.code)] for span in recent_periods(_today(context))]
    await query.answer()
    await query.edit_message_text(
        _("Which period? (Or type it: /kybaocao Q1/2020 10/4/2020)"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def choose_deadline(update: Update, context: HoiContext) -> None:
    """Step 2: the deadline."""
    query = update.callback_query
    assert query is not None
    require_role(context.principal, Role.ADMIN)
    (code,) = callbacks.unpack(query.data, "pd", 1)
    span = _span(context, code)
    rows = []
    for days in (10, 15, 20, 30):
        day = span.ends_on + timedelta(days=days)
        rows.append([_button(format_day(day), "pg", code, day.strftime("%Y%m%d"))])
    await query.answer()
    await query.edit_message_text(
        _("{period}: until when must units report?").format(period=span.label()),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _grace_step(code: str, deadline: date) -> tuple[str, InlineKeyboardMarkup]:
    day = deadline.strftime("%Y%m%d")
    rows = [[_button(_("{days} day(s)").format(days=g), "pk", code, day, g, 0) for g in GRACES]]
    text = _(
        "Deadline {deadline}. How many days after it does a report still count as on time?"
    ).format(deadline=format_day(deadline))
    return text, InlineKeyboardMarkup(rows)


async def choose_grace(update: Update, context: HoiContext) -> None:
    """Step 3: grace days."""
    query = update.callback_query
    assert query is not None
    require_role(context.principal, Role.ADMIN)
    code, day = callbacks.unpack(query.data, "pg", 2)
    _span(context, code)
    text, markup = _grace_step(code, datetime.strptime(day, "%Y%m%d").date())
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def choose_kinds(update: Update, context: HoiContext) -> None:
    """Step 4: which kinds of unit report (toggles); none chosen means all but the centre."""
    query = update.callback_query
    assert query is not None
    require_role(context.principal, Role.ADMIN)
    code, day, grace, mask = callbacks.unpack(query.data, "pk", 4)
    span = _span(context, code)
    chosen = int(mask)
    rows = []
    for index, kind in enumerate(KINDS):
        mark = "☑️" if chosen & (1 << index) else "⬜"
        toggled = chosen ^ (1 << index)
        rows.append([_button(f"{mark} {kind_name(kind)}", "pk", code, day, grace, toggled)])
    rows.append([_button(_("✅ Open the period"), "pok", code, day, grace, chosen)])
    who = ", ".join(kind_name(k) for k in _kinds(chosen)) or _("every unit")
    await query.answer()
    await query.edit_message_text(
        _(
            "{period}, due {deadline}, {grace} day(s) of grace.\n"
            "Which units must report? Now: {who}.\n"
            "Tap kinds to choose them (none chosen: every unit)."
        ).format(
            period=span.label(),
            deadline=format_day(datetime.strptime(day, "%Y%m%d").date()),
            grace=grace,
            who=who,
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def confirm_open(update: Update, context: HoiContext) -> None:
    """Open the period as chosen, and tell the leads who must report."""
    query = update.callback_query
    assert query is not None
    principal = require_role(context.principal, Role.ADMIN)
    code, day, grace, mask = callbacks.unpack(query.data, "pok", 4)
    span = _span(context, code)
    period, created = await open_period(
        context.session,
        span,
        deadline=datetime.strptime(day, "%Y%m%d").date(),
        grace_days=int(grace),
        now=datetime.now(UTC),
        kinds=_kinds(int(mask)),
        member_id=principal.member.id,
    )
    expected = await count_expected(context.session, period.id)
    await announce_period(context.session, period)
    text = (
        _(
            "✅ Opened {period}: due {deadline}, on time until {grace} day(s) after. {count} units "
            "must report; their leads have been told."
        )
        if created
        else _(
            "✅ {period} updated: due {deadline}, on time until {grace} day(s) after. {count} "
            "units must report."
        )
    ).format(
        period=label(period),
        deadline=format_day(period.deadline),
        grace=period.grace_days,
        count=expected,
    )
    await query.answer()
    await query.edit_message_text(text)


async def press_close(update: Update, context: HoiContext) -> None:
    """Close a period: its figures are locked."""
    await _close_or_reopen(update, context, "pc", close=True)


async def press_reopen(update: Update, context: HoiContext) -> None:
    """Reopen a closed period: leads can correct again."""
    await _close_or_reopen(update, context, "pr", close=False)


async def _close_or_reopen(
    update: Update, context: HoiContext, action: str, *, close: bool
) -> None:
    query = update.callback_query
    assert query is not None
    principal = require_role(context.principal, Role.ADMIN)
    (period_id,) = callbacks.unpack(query.data, action, 1)
    period = await get_period(context.session, int(period_id))
    if period is None:
        raise callbacks.StaleButton(period_id)
    if close:
        await close_period(
            context.session, period, member_id=principal.member.id, now=datetime.now(UTC)
        )
        text = _("🔒 {period} is closed: its figures are locked.")
    else:
        period.closed_at = period.closed_by = None
        text = _("🔓 {period} is open again, due {deadline}.")
    await query.answer()
    await query.edit_message_text(
        text.format(period=html.escape(label(period)), deadline=format_day(period.deadline))
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("kybaocao", manage_periods),
        CallbackQueryHandler(choose_period, pattern=callbacks.pattern("po")),
        CallbackQueryHandler(choose_deadline, pattern=callbacks.pattern("pd")),
        CallbackQueryHandler(choose_grace, pattern=callbacks.pattern("pg")),
        CallbackQueryHandler(choose_kinds, pattern=callbacks.pattern("pk")),
        CallbackQueryHandler(confirm_open, pattern=callbacks.pattern("pok")),
        CallbackQueryHandler(press_close, pattern=callbacks.pattern("pc")),
        CallbackQueryHandler(press_reopen, pattern=callbacks.pattern("pr")),
    ]
