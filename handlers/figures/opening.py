"""/kybaocao, opening a reporting period: which period, until when, how many days of grace,
which kinds of unit report, then "Open"; with buttons at every step, or typed in one line.

The choices made so far travel in the buttons themselves (period code, deadline, grace,
kinds), so there is nothing to lose between steps; nothing is stored until "Open".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.notify import announce_period
from bot.figures.periods import (
    PeriodSpan,
    default_deadline,
    parse_day,
    recent_periods,
    reporting_period,
    split_period,
)
from bot.figures.service import label, open_period
from bot.people.access import Principal, require_role
from bot.people.roles import kind_name
from bot.text.formatting import format_day
from bot.text.i18n import N_, _
from handlers.figures.buttons import button
from storage.figures import count_expected
from storage.models import Role, UnitKind

KINDS = [k for k in UnitKind if k is not UnitKind.CENTRAL]
GRACES = (0, 3, 5, 7)


def _today(context: HoiContext) -> date:
    return datetime.now(UTC).astimezone(context.settings.tz).date()


# Days go in buttons as 20200410: callback arguments allow no "/".
def _pack(day: date) -> str:
    return day.strftime("%Y%m%d")


def _unpack(packed: str) -> date:
    return datetime.strptime(packed, "%Y%m%d").date()


def _span(context: HoiContext, code: str) -> PeriodSpan:
    span = reporting_period(code, _today(context))
    if span is None:
        raise callbacks.StaleButton(code)
    return span


def _kinds(mask: int) -> list[UnitKind]:
    """The kinds chosen: bit i of `mask` stands for KINDS[i]."""
    return [k for i, k in enumerate(KINDS) if mask & (1 << i)]


async def _pressed(
    update: Update, context: HoiContext, action: str, arity: int
) -> tuple[CallbackQuery, Principal, list[str]]:
    """An admin's button of this wizard, and its arguments."""
    query = update.callback_query
    assert query is not None
    principal = require_role(context.principal, Role.ADMIN)
    return query, principal, callbacks.unpack(query.data, action, arity)


async def open_typed(message: Message, context: HoiContext, words: list[str]) -> None:
    """/kybaocao PERIOD [DEADLINE]: straight to the grace step."""
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


async def choose_period(update: Update, context: HoiContext) -> None:
    """Step 1: which period."""
    query, _principal, _args = await _pressed(update, context, "po", 0)
    rows = [[button(span.label(), "pd", span.code)] for span in recent_periods(_today(context))]
    await query.answer()
    await query.edit_message_text(
        _("Which period? (Or type it: /kybaocao Q1/2020 10/4/2020)"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def choose_deadline(update: Update, context: HoiContext) -> None:
    """Step 2: the deadline."""
    query, _principal, (code,) = await _pressed(update, context, "pd", 1)
    span = _span(context, code)
    rows = []
    for days in (10, 15, 20, 30):
        day = span.ends_on + timedelta(days=days)
        rows.append([button(format_day(day), "pg", code, _pack(day))])
    await query.answer()
    await query.edit_message_text(
        _("{period}: until when must units report?").format(period=span.label()),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _grace_step(code: str, deadline: date) -> tuple[str, InlineKeyboardMarkup]:
    day = _pack(deadline)
    rows = [[button(_("{days} day(s)").format(days=g), "pk", code, day, g, 0) for g in GRACES]]
    text = _(
        "Deadline {deadline}. How many days after it does a report still count as on time?"
    ).format(deadline=format_day(deadline))
    return text, InlineKeyboardMarkup(rows)


async def choose_grace(update: Update, context: HoiContext) -> None:
    """Step 3: grace days."""
    query, _principal, (code, day) = await _pressed(update, context, "pg", 2)
    _span(context, code)
    text, markup = _grace_step(code, _unpack(day))
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def choose_kinds(update: Update, context: HoiContext) -> None:
    """Step 4: which kinds of unit report (toggles); none chosen means all but the centre."""
    query, _principal, (code, day, grace, mask) = await _pressed(update, context, "pk", 4)
    span = _span(context, code)
    chosen = int(mask)
    rows = []
    for index, kind in enumerate(KINDS):
        mark = "☑️" if chosen & (1 << index) else "⬜"
        toggled = chosen ^ (1 << index)
        rows.append([button(f"{mark} {kind_name(kind)}", "pk", code, day, grace, toggled)])
    rows.append([button(_("✅ Open the period"), "pok", code, day, grace, chosen)])
    who = ", ".join(kind_name(k) for k in _kinds(chosen)) or _("every unit")
    await query.answer()
    await query.edit_message_text(
        _(
            "{period}, due {deadline}, {grace} day(s) of grace.\n"
            "Which units must report? Now: {who}.\n"
            "Tap kinds to choose them (none chosen: every unit)."
        ).format(
            period=span.label(),
            deadline=format_day(_unpack(day)),
            grace=grace,
            who=who,
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def confirm_open(update: Update, context: HoiContext) -> None:
    """Open the period as chosen, and tell the leads who must report."""
    query, principal, (code, day, grace, mask) = await _pressed(update, context, "pok", 4)
    span = _span(context, code)
    period, created = await open_period(
        context.session,
        span,
        deadline=_unpack(day),
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


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CallbackQueryHandler(choose_period, pattern=callbacks.pattern("po")),
        CallbackQueryHandler(choose_deadline, pattern=callbacks.pattern("pd")),
        CallbackQueryHandler(choose_grace, pattern=callbacks.pattern("pg")),
        CallbackQueryHandler(choose_kinds, pattern=callbacks.pattern("pk")),
        CallbackQueryHandler(confirm_open, pattern=callbacks.pattern("pok")),
    ]
