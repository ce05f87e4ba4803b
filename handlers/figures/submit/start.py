"""Starting a submission: /nop (with a period, and even the whole sentence, if typed), or
"Report now" under a reminder; then the period and the unit, asked only when there is a
choice, and the lock check before anything is asked."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.periods import period_label, split_period
from bot.figures.service import label, lead_units, lock_reason, unit_names
from bot.people.access import require_role, require_scope
from bot.text.formatting import format_moment
from bot.text.i18n import N_, _, current_locale
from handlers.figures.buttons import button
from handlers.figures.submit.flow import Flow, now, pressed, show
from handlers.figures.submit.prompts import ask
from handlers.figures.submit.sentence import read_sentence
from storage.figures import current_values, get_period, get_period_by_code, get_report, list_periods
from storage.models import Role


async def start_submission(update: Update, context: HoiContext) -> None:
    """Start a report: /nop, /nop Q1/2020, or /nop Q1/2020 <the sentence of the report>."""
    message = update.effective_message
    assert message is not None
    principal = require_role(context.principal, Role.LEAD)
    words = list(context.args or [])
    span, rest = split_period(words, now().astimezone(context.settings.tz).date())
    flow = await Flow.new(context, principal.member.id, " ".join(rest))
    if span is not None:
        period = await get_period_by_code(context.session, span.code)
        if period is None:
            await message.reply_text(
                _(
                    "The reporting period {period} has not been opened. "
                    "Send /nop to see the open ones."
                ).format(
                    period=period_label(
                        span.precision, span.starts_on, span.ends_on, current_locale()
                    )
                )
            )
            return
        await _for_period(update, flow, period.id)
        return
    periods = await list_periods(context.session, open_only=True)
    if not periods:
        await message.reply_text(
            _(
                "No reporting period is open right now. I will tell you when the central office "
                "opens one."
            )
        )
        return
    if len(periods) == 1:
        await _for_period(update, flow, periods[0].id)
        return
    await flow.save("period")
    buttons = [[button(label(p), "fp", flow.draft.rev, p.id)] for p in periods[:8]]
    buttons.append([flow.cancel_button()])
    await show(update, _("Which period are you reporting for?"), InlineKeyboardMarkup(buttons))


async def start_from_reminder(update: Update, context: HoiContext) -> None:
    """ "Report now" under a reminder: start the flow for that period."""
    query = update.callback_query
    assert query is not None
    (period_id,) = callbacks.unpack(query.data, "fn", 1)
    principal = require_role(context.principal, Role.LEAD)
    period = await get_period(context.session, int(period_id))
    if period is None:
        raise callbacks.StaleButton(query.data)
    flow = await Flow.new(context, principal.member.id)
    await query.answer()
    await _for_period(update, flow, period.id)


async def pick_period(update: Update, context: HoiContext) -> None:
    """Take the period chosen with a button."""
    flow, (period_id,) = await pressed(update, context, "fp", 1)
    await _for_period(update, flow, int(period_id))


async def _for_period(update: Update, flow: Flow, period_id: int) -> None:
    flow.row.period_id = period_id
    context = flow.context
    principal = context.principal
    assert principal is not None
    units = lead_units(principal)
    if len(units) == 1:
        await _for_unit(update, flow, units[0])
        return
    await flow.save("unit")
    names = await unit_names(context.session, units)
    buttons = [[button(names[u].name, "fu", flow.draft.rev, u)] for u in units if u in names]
    buttons.append([flow.cancel_button()])
    await show(update, _("Which unit are you reporting for?"), InlineKeyboardMarkup(buttons))


async def pick_unit(update: Update, context: HoiContext) -> None:
    """Take the unit chosen with a button."""
    flow, (unit_id,) = await pressed(update, context, "fu", 1)
    await _for_unit(update, flow, int(unit_id))


async def _for_unit(update: Update, flow: Flow, unit_id: int) -> None:
    flow.row.unit_id = unit_id
    context = flow.context
    assert flow.row.period_id is not None
    # The unit may come from a button, and button data proves nothing: check the scope.
    await require_scope(context.session, context.principal, unit_id)
    await flow.load()
    period = flow.period
    if period is None:
        raise UserError(N_("This reporting period no longer exists. Please send /nop again."))
    report = await get_report(context.session, period.id, unit_id)
    locked = await lock_reason(context.session, period, report, context.settings.tz)
    if locked is not None:
        await flow.drop()
        raise locked
    # Figures already sent make this a correction: each prompt offers to keep the old value.
    flow.draft.previous = await current_values(context.session, period.id, unit_id)
    intro = ""
    if report is not None and report.submitted_at is not None:
        intro = (
            _(
                "You sent these figures on {when}; you can correct them now. "
                "Tap “Keep” for what has not changed."
            ).format(when=format_moment(report.submitted_at, context.settings.tz))
            + "\n\n"
        )
    if flow.draft.sentence:
        await read_sentence(update, flow, flow.draft.sentence)
        return
    flow.draft.index = 0
    await ask(update, flow, intro=intro, first=True)
