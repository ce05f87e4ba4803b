"""/nop: a lead reports their unit's figures, step by step or by pasting a sentence.

period → unit (if they lead several) → one prompt per indicator → a confirmation card →
save. The draft is stored at every step, so a restart loses nothing; buttons carry the
draft's revision, so a button from an earlier step cannot act on a newer draft.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import callbacks
from bot.access import require_role, require_scope
from bot.errors import UserError
from bot.figures.draft import (
    Draft,
    answered,
    apply_extraction,
    question_for,
    read_value,
    sentence_worth_reading,
)
from bot.figures.indicators import indicator_name, indicator_unit, vocabulary
from bot.figures.notify import tell_approvers
from bot.figures.periods import period_label, split_period
from bot.figures.service import label, lead_units, lock_reason, submit, title, unit_names
from bot.figures.validation import Finding, check_figures, show_value
from bot.figures_text import extract_figures
from bot.formatting import format_moment
from bot.i18n import N_, _, current_locale
from bot.money import Problem
from bot.scope import HoiContext
from bot.words import amount_in_words
from storage.figures import (
    current_values,
    drop_draft,
    get_draft,
    get_period,
    get_period_by_code,
    get_report,
    history_bounds,
    list_indicators,
    list_periods,
    put_draft,
)
from storage.models import FigureDraft, Indicator, IndicatorKind, ReportingPeriod, Role

Markup = InlineKeyboardMarkup | None
DRAFT_LIFETIME = timedelta(days=1)

_PROBLEMS = {
    Problem.NOT_A_NUMBER: N_(
        "I could not read a number in “{text}”. Please type a number, e.g. {example}."
    ),
    Problem.NEGATIVE: N_("Figures cannot be negative. Please type the number again."),
    Problem.FRACTIONAL_COUNT: N_(
        "“{text}” is not a whole number. Please type a whole number, e.g. {example}."
    ),
    Problem.FRACTIONAL_AMOUNT: N_(
        "“{text}” has a fraction of a đồng. Please type the amount again."
    ),
    Problem.MONEY_AS_COUNT: N_(
        "“{text}” is an amount of money; here I need how many. Please type a number, e.g. "
        "{example}."
    ),
    Problem.TOO_LARGE: N_(
        "“{text}” is far too large for a report. Please check it and type it again."
    ),
    Problem.AMBIGUOUS_SEPARATOR: N_(
        "“{text}” can be read in more than one way. Please type it again, e.g. {example}."
    ),
    Problem.AMBIGUOUS_SHORTHAND: N_(
        "“{text}” can be read in more than one way. Please type it again, e.g. {example}."
    ),
    Problem.MISSING_UNIT: N_(
        "Is “{text}” in đồng, thousands, millions or billions? Please type it with its unit, e.g. "
        "{example}."
    ),
}


def _now() -> datetime:
    return datetime.now(UTC)


def _button(label_text: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label_text, callback_data=callbacks.pack(action, *args))


def _example(indicator: Indicator) -> str:
    return "512.300.000" if indicator.kind is IndicatorKind.MONEY else "842"


async def _show(update: Update, text: str, markup: Markup = None) -> None:
    """Answer in place when a button was pressed, else with a new message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        if query.message is not None:
            await query.edit_message_text(text, reply_markup=markup)
            return
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


class Flow:
    """One step of one lead's submission: the draft row, its data and what it is about."""

    def __init__(self, context: HoiContext, row: FigureDraft, draft: Draft) -> None:
        self.context, self.row, self.draft = context, row, draft
        self.indicators: list[Indicator] = []
        self.period: ReportingPeriod | None = None

    @property
    def by_id(self) -> dict[int, Indicator]:
        return {i.id: i for i in self.indicators}

    async def load(self) -> Flow:
        self.indicators = await list_indicators(self.context.session, active_only=False)
        if self.row.period_id is not None:
            self.period = await get_period(self.context.session, self.row.period_id)
        return self

    async def save(self, step: str) -> None:
        self.draft.rev += 1
        member_id = self.context.principal.member.id if self.context.principal else 0
        self.row = await put_draft(
            self.context.session,
            member_id,
            step=step,
            data=self.draft.dump(),
            now=_now(),
            period_id=self.row.period_id,
            unit_id=self.row.unit_id,
        )


async def _flow(context: HoiContext) -> Flow | None:
    principal = context.principal
    if principal is None:
        return None
    row = await get_draft(context.session, principal.member.id)
    if row is None:
        return None
    return await Flow(context, row, Draft.load(row.data)).load()


async def _pressed(
    update: Update, context: HoiContext, action: str, arity: int
) -> tuple[Flow, list[str]]:
    """The flow a button belongs to, and the button's arguments after the revision."""
    query = update.callback_query
    assert query is not None
    args = callbacks.unpack(query.data, action, arity + 1)
    flow = await _flow(context)
    if flow is None or str(flow.draft.rev) != args[0]:
        raise UserError(N_("This button is from an earlier step. Please send /nop to start again."))
    return flow, args[1:]


# Starting ---------------------------------------------------------------------------------


async def start_submission(update: Update, context: HoiContext) -> None:
    """Start a report: /nop, /nop Q1/2020, or /nop Q1/2020 <the sentence of the report>."""
    message = update.effective_message
    assert message is not None
    principal = require_role(context.principal, Role.LEAD)
    words = list(context.args or [])
    span, rest = split_period(words, _now().astimezone(context.settings.tz).date())
    sentence = " ".join(rest)
    row = FigureDraft(member_id=principal.member.id, step="period", data="{}")
    flow = Flow(context, row, Draft(sentence=sentence))
    await flow.load()
    flow.draft.order = [i.id for i in flow.indicators if i.active]
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
        flow.row.period_id = period.id
        await _after_period(update, flow)
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
        flow.row.period_id = periods[0].id
        await _after_period(update, flow)
        return
    await flow.save("period")
    buttons = [[_button(label(p), "fp", flow.draft.rev, p.id)] for p in periods[:8]]
    buttons.append([_button(_("✖️ Cancel"), "fx", flow.draft.rev)])
    await _show(update, _("Which period are you reporting for?"), InlineKeyboardMarkup(buttons))


async def start_from_reminder(update: Update, context: HoiContext) -> None:
    """ "Report now" under a reminder: start the flow for that period."""
    query = update.callback_query
    assert query is not None
    (period_id,) = callbacks.unpack(query.data, "fn", 1)
    principal = require_role(context.principal, Role.LEAD)
    period = await get_period(context.session, int(period_id))
    if period is None:
        raise callbacks.StaleButton(query.data)
    flow = Flow(context, FigureDraft(member_id=principal.member.id, step="period"), Draft())
    await flow.load()
    flow.draft.order = [i.id for i in flow.indicators if i.active]
    flow.row.period_id = period.id
    await query.answer()
    await _after_period(update, flow)


async def pick_period(update: Update, context: HoiContext) -> None:
    """Take the period chosen with a button."""
    flow, (period_id,) = await _pressed(update, context, "fp", 1)
    flow.row.period_id = int(period_id)
    await _after_period(update, flow)


async def _after_period(update: Update, flow: Flow) -> None:
    context = flow.context
    principal = context.principal
    assert principal is not None
    units = lead_units(principal)
    if len(units) == 1:
        flow.row.unit_id = units[0]
        await _after_unit(update, flow)
        return
    await flow.save("unit")
    names = await unit_names(context.session, units)
    buttons = [[_button(names[u].name, "fu", flow.draft.rev, u)] for u in units if u in names]
    buttons.append([_button(_("✖️ Cancel"), "fx", flow.draft.rev)])
    await _show(update, _("Which unit are you reporting for?"), InlineKeyboardMarkup(buttons))


async def pick_unit(update: Update, context: HoiContext) -> None:
    """Take the unit chosen with a button."""
    flow, (unit_id,) = await _pressed(update, context, "fu", 1)
    flow.row.unit_id = int(unit_id)
    await _after_unit(update, flow)


async def _after_unit(update: Update, flow: Flow) -> None:
    context = flow.context
    assert flow.row.period_id is not None and flow.row.unit_id is not None
    await require_scope(context.session, context.principal, flow.row.unit_id)
    await flow.load()
    period = flow.period
    if period is None:
        raise UserError(N_("This reporting period no longer exists. Please send /nop again."))
    report = await get_report(context.session, period.id, flow.row.unit_id)
    locked = await lock_reason(context.session, period, report, context.settings.tz)
    if locked is not None:
        await drop_draft(context.session, context.principal.member.id if context.principal else 0)
        raise locked
    flow.draft.previous = await current_values(context.session, period.id, flow.row.unit_id)
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
        await _read_sentence(update, flow, flow.draft.sentence)
        return
    flow.draft.index = 0
    await flow.save("ask")
    await _show(update, intro + await _prompt(flow, first=True), _ask_keyboard(flow))


# Asking one indicator at a time ------------------------------------------------------------


async def _prompt(flow: Flow, *, first: bool = False) -> str:
    indicator = flow.by_id[flow.draft.order[flow.draft.index]]
    assert flow.period is not None
    names = await unit_names(flow.context.session, [flow.row.unit_id or 0])
    unit = names.get(flow.row.unit_id or 0)
    head = _("<b>{period} — {unit}</b>").format(
        period=title(flow.period), unit=html.escape(unit.name if unit else "")
    )
    step = _("<b>{number}/{count}. {name}</b> ({unit})").format(
        number=flow.draft.index + 1,
        count=len(flow.draft.order),
        name=html.escape(indicator_name(indicator)),
        unit=html.escape(indicator_unit(indicator)),
    )
    if indicator.kind is IndicatorKind.MONEY:
        how = _("Type the amount in đồng, e.g. 512.300.000 or 512 triệu or 2,5 tỷ.")
    else:
        how = _("Type how many, e.g. {example}.").format(example=_example(indicator))
    lines = [head, "", step, how, _("None? Tap “None (0)”.")]
    if first:
        lines += [
            "",
            _(
                "Or paste the sentence of your report, e.g. “vận động 3 nhà, 842 suất quà = "
                "512.300.000 đ”, and I will read the figures from it."
            ),
        ]
    return "\n".join(lines)


def _ask_keyboard(flow: Flow) -> InlineKeyboardMarkup:
    draft = flow.draft
    indicator = flow.by_id[draft.order[draft.index]]
    rev = draft.rev
    rows = [[_button(_("None (0)"), "fz", rev)]]
    known = draft.values.get(indicator.id, draft.previous.get(indicator.id))
    if known is not None:
        rows[0].append(
            _button(_("Keep: {value}").format(value=show_value(indicator, known)), "fk", rev)
        )
    nav = []
    if draft.index > 0 and not draft.editing_one:
        nav.append(_button(_("⬅️ Back"), "fb", rev))
    nav.append(_button(_("✖️ Cancel"), "fx", rev))
    rows.append(nav)
    return InlineKeyboardMarkup(rows)


async def _answer(update: Update, flow: Flow, value: int) -> None:
    indicator = flow.by_id[flow.draft.order[flow.draft.index]]
    refusal = _range_refusal(indicator, value)
    if refusal is not None:
        await _show(update, refusal, _ask_keyboard(flow))
        return
    flow.draft.values[indicator.id] = value
    if indicator.id in flow.draft.unstated:
        flow.draft.unstated.remove(indicator.id)
    await _next(update, flow)


def _range_refusal(indicator: Indicator, value: int) -> str | None:
    found = [f for f in check_figures([indicator], {indicator.id: value}, {}) if f.blocking]
    return (found[0].text() + " " + _("Please type it again.")) if found else None


async def _next(update: Update, flow: Flow) -> None:
    draft = flow.draft
    if draft.editing_one or draft.index + 1 >= len(draft.order):
        draft.editing_one = False
        await _show_card(update, flow)
        return
    draft.index += 1
    await flow.save("ask")
    await _show(update, await _prompt(flow), _ask_keyboard(flow))


async def press_zero(update: Update, context: HoiContext) -> None:
    """None of this indicator: 0."""
    flow, _args = await _pressed(update, context, "fz", 0)
    await _answer(update, flow, 0)


async def press_keep(update: Update, context: HoiContext) -> None:
    """Keep the value already given."""
    flow, _args = await _pressed(update, context, "fk", 0)
    indicator_id = flow.draft.order[flow.draft.index]
    value = flow.draft.values.get(indicator_id, flow.draft.previous.get(indicator_id, 0))
    await _answer(update, flow, value)


async def press_back(update: Update, context: HoiContext) -> None:
    """Go back to the previous indicator."""
    flow, _args = await _pressed(update, context, "fb", 0)
    flow.draft.index = max(0, flow.draft.index - 1)
    await flow.save("ask")
    await _show(update, await _prompt(flow), _ask_keyboard(flow))


async def press_cancel(update: Update, context: HoiContext) -> None:
    """Drop the draft; nothing was sent."""
    flow, _args = await _pressed(update, context, "fx", 0)
    await drop_draft(context.session, flow.row.member_id)
    await _show(update, _("Cancelled. Nothing was sent. Send /nop when you are ready."))


# Text while a submission is open ----------------------------------------------------------


async def take_text(update: Update, context: HoiContext) -> None:
    """A typed answer or a pasted sentence for the open submission (else let others handle it)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    flow = await _flow(context)
    if flow is None:
        return
    updated = flow.row.updated_at
    if updated.tzinfo is None:  # SQLite gives back naive UTC
        updated = updated.replace(tzinfo=UTC)
    if _now() - updated > DRAFT_LIFETIME:
        # Left days ago: this text is about something else; the draft is not worth keeping.
        await drop_draft(context.session, flow.row.member_id)
        return
    text = message.text.strip()
    step = flow.row.step
    if step == "ask":
        await _typed_value(update, flow, text)
    elif step == "question":
        await _typed_answer(update, flow, text)
    elif step == "confirm" and flow.period is not None:
        await _read_sentence(update, flow, text, fallback=True)
    else:
        await message.reply_text(
            _("Please choose with the buttons above, or send /nop to start again.")
        )
    raise ApplicationHandlerStop


async def _typed_value(update: Update, flow: Flow, text: str) -> None:
    indicator = flow.by_id[flow.draft.order[flow.draft.index]]
    result = read_value(indicator, text)
    if result.ok and result.value is not None:
        await _answer(update, flow, result.value)
        return
    if result.problem is Problem.NOT_A_NUMBER:
        extraction = extract_figures(text, vocabulary(flow.indicators))
        if sentence_worth_reading(extraction):
            await _read_sentence(update, flow, text)
            return
    question = question_for(indicator, text, result)
    if question is not None:
        flow.draft.questions = [question]
        await _ask_question(update, flow)
        return
    problem = result.problem or Problem.NOT_A_NUMBER
    await _show(
        update,
        _(_PROBLEMS[problem]).format(text=html.escape(text[:60]), example=_example(indicator)),
        _ask_keyboard(flow),
    )


async def _read_sentence(update: Update, flow: Flow, text: str, *, fallback: bool = False) -> None:
    extraction = extract_figures(text, vocabulary(flow.indicators))
    if not sentence_worth_reading(extraction):
        message = update.effective_message
        assert message is not None
        if fallback:
            await message.reply_text(
                _(
                    "I found no figures in that. Tap a button on the card above, or paste the "
                    "sentence of your report."
                )
            )
        else:
            await message.reply_text(
                _(
                    "I found no figures in that sentence. Please type the figures one by one: "
                    "send /nop."
                )
            )
        return
    by_code = {i.code: i for i in flow.indicators}
    flow.draft.sentence = text
    apply_extraction(flow.draft, extraction, by_code)
    if flow.draft.questions:
        await _ask_question(update, flow)
        return
    await _show_card(update, flow)


# Questions with buttons -------------------------------------------------------------------


async def _ask_question(update: Update, flow: Flow) -> None:
    await flow.save("question")
    question = flow.draft.questions[0]
    rev = flow.draft.rev
    rows = []
    if question.indicator is not None:
        indicator = flow.by_id[question.indicator]
        text = _("In “{text}”, what is the {name}?").format(
            text=html.escape(question.text), name=html.escape(indicator_name(indicator).lower())
        )
        if not question.candidates:
            text += "\n" + _("Please type it, e.g. {example}.").format(example=_example(indicator))
        for index, candidate in enumerate(question.candidates[:4]):
            rows.append([_button(show_value(indicator, candidate), "fq", rev, index)])
        if question.candidates:
            text += "\n" + _("Tap the right one, or type the figure again.")
    else:
        text = _("What is the number “{text}” in your sentence?").format(
            text=html.escape(question.text)
        )
        for indicator_id in flow.draft.order:
            indicator = flow.by_id[indicator_id]
            rows.append([_button(indicator_name(indicator), "fq", rev, indicator_id)])
        rows.append([_button(_("Not a figure: skip it"), "fq", rev, "skip")])
    rows.append([_button(_("✖️ Cancel"), "fx", rev)])
    await _show(update, text, InlineKeyboardMarkup(rows))


async def press_question(update: Update, context: HoiContext) -> None:
    """A reading, or an indicator, chosen for the first open question."""
    flow, (choice,) = await _pressed(update, context, "fq", 1)
    if not flow.draft.questions:
        raise callbacks.StaleButton(choice)
    question = flow.draft.questions[0]
    if choice == "skip":
        flow.draft.questions.remove(question)
    elif question.indicator is not None:
        index = int(choice)
        if not 0 <= index < len(question.candidates):
            raise callbacks.StaleButton(choice)
        answered(flow.draft, question, value=question.candidates[index], indicator=None)
    else:
        indicator_id = int(choice)
        if indicator_id not in flow.by_id:
            raise callbacks.StaleButton(choice)
        answered(flow.draft, question, value=None, indicator=indicator_id)
    await _after_question(update, flow)


async def _typed_answer(update: Update, flow: Flow, text: str) -> None:
    question = flow.draft.questions[0]
    if question.indicator is None:
        await _show(update, _("Please tap the indicator this number belongs to."))
        return
    indicator = flow.by_id[question.indicator]
    result = read_value(indicator, text)
    if not result.ok or result.value is None:
        problem = result.problem or Problem.NOT_A_NUMBER
        message = update.effective_message
        assert message is not None
        await message.reply_text(
            _(_PROBLEMS[problem]).format(text=html.escape(text[:60]), example=_example(indicator))
        )
        return
    answered(flow.draft, question, value=result.value, indicator=None)
    await _after_question(update, flow)


async def _after_question(update: Update, flow: Flow) -> None:
    if flow.draft.questions:
        await _ask_question(update, flow)
        return
    if not flow.draft.sentence:
        await _next(update, flow)
        return
    await _show_card(update, flow)


# The confirmation card ----------------------------------------------------------------------


async def _findings(flow: Flow) -> list[Finding]:
    assert flow.row.unit_id is not None and flow.period is not None
    history = await history_bounds(flow.context.session, flow.row.unit_id, flow.period.id)
    indicators = [flow.by_id[i] for i in flow.draft.order]
    return check_figures(indicators, flow.draft.complete(), history)


async def _show_card(update: Update, flow: Flow) -> None:
    await flow.save("confirm")
    draft = flow.draft
    assert flow.period is not None
    names = await unit_names(flow.context.session, [flow.row.unit_id or 0])
    unit = names.get(flow.row.unit_id or 0)
    lines = [
        _("<b>{period} — {unit}</b>").format(
            period=title(flow.period), unit=html.escape(unit.name if unit else "")
        ),
        _("Please check the figures before sending:"),
        "",
    ]
    values = draft.complete()
    for indicator_id in draft.order:
        indicator = flow.by_id[indicator_id]
        value = values[indicator_id]
        line = f"• {html.escape(indicator_name(indicator))}: <b>{show_value(indicator, value)}</b>"
        if indicator.kind is not IndicatorKind.MONEY:
            line += f" {html.escape(indicator_unit(indicator))}"
        old = draft.previous.get(indicator_id)
        if old is not None and old != value:
            line += " " + _("(was {old})").format(old=show_value(indicator, old))
        if indicator_id in draft.unstated:
            line += " " + _("(not in the sentence)")
        lines.append(line)
        if indicator.kind is IndicatorKind.MONEY and current_locale() == "vi" and value:
            lines.append(f"   <i>{amount_in_words(value)}</i>")
    findings = await _findings(flow)
    blocking = [f for f in findings if f.blocking]
    rev = draft.rev
    rows = []
    if findings:
        lines += ["", _("⚠️ <b>Please look again:</b>")]
        lines += [f"• {html.escape(f.text())}" for f in findings]
    if blocking:
        lines += ["", _("Please correct the figure marked above before sending.")]
    elif findings:
        rows.append([_button(_("✅ It is right, send"), "fs", rev)])
    else:
        rows.append([_button(_("✅ Send the report"), "fs", rev)])
    for indicator_id in draft.order:
        indicator = flow.by_id[indicator_id]
        rows.append(
            [
                _button(
                    _("✏️ Change: {name}").format(name=indicator_name(indicator)),
                    "fe",
                    rev,
                    indicator_id,
                )
            ]
        )
    rows.append([_button(_("✖️ Cancel"), "fx", rev)])
    await _show(update, "\n".join(lines), InlineKeyboardMarkup(rows))


async def press_edit(update: Update, context: HoiContext) -> None:
    """Change one indicator from the card."""
    flow, (indicator_id,) = await _pressed(update, context, "fe", 1)
    if int(indicator_id) not in flow.draft.order:
        raise callbacks.StaleButton(indicator_id)
    flow.draft.index = flow.draft.order.index(int(indicator_id))
    flow.draft.editing_one = True
    await flow.save("ask")
    await _show(update, await _prompt(flow), _ask_keyboard(flow))


async def press_send(update: Update, context: HoiContext) -> None:
    """Save the figures shown on the card."""
    flow, _args = await _pressed(update, context, "fs", 0)
    assert flow.period is not None and flow.row.unit_id is not None
    await require_scope(context.session, context.principal, flow.row.unit_id)
    findings = await _findings(flow)
    if any(f.blocking for f in findings):
        await _show_card(update, flow)
        return
    note = "; ".join(f.text() for f in findings)[:255] or None
    member = context.principal.member if context.principal else None
    changed = await submit(
        context.session,
        flow.period,
        flow.row.unit_id,
        flow.draft.complete(),
        member_id=member.id if member else None,
        now=_now(),
        tz=context.settings.tz,
        note=_("confirmed: {reason}").format(reason=note) if note else None,
    )
    await drop_draft(context.session, flow.row.member_id)
    names = await unit_names(context.session, [flow.row.unit_id])
    unit = names[flow.row.unit_id]
    if flow.draft.previous:
        text = _("✅ Correction saved for {unit}, {period}: {count} figure(s) changed. Thank you!")
    else:
        text = _("✅ Received the figures of {unit} for {period}. Thank you!")
    text = text.format(unit=html.escape(unit.name), period=label(flow.period), count=changed)
    markup = InlineKeyboardMarkup(
        [[_button(_("📜 History of changes"), "fh", flow.period.id, unit.id)]]
    )
    await _show(update, text, markup)
    await tell_approvers(context.session, flow.period, unit, corrected=bool(flow.draft.previous))


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("nop", start_submission),
        CallbackQueryHandler(start_from_reminder, pattern=callbacks.pattern("fn")),
        CallbackQueryHandler(pick_period, pattern=callbacks.pattern("fp")),
        CallbackQueryHandler(pick_unit, pattern=callbacks.pattern("fu")),
        CallbackQueryHandler(press_zero, pattern=callbacks.pattern("fz")),
        CallbackQueryHandler(press_keep, pattern=callbacks.pattern("fk")),
        CallbackQueryHandler(press_back, pattern=callbacks.pattern("fb")),
        CallbackQueryHandler(press_cancel, pattern=callbacks.pattern("fx")),
        CallbackQueryHandler(press_question, pattern=callbacks.pattern("fq")),
        CallbackQueryHandler(press_edit, pattern=callbacks.pattern("fe")),
        CallbackQueryHandler(press_send, pattern=callbacks.pattern("fs")),
    ]


def text_handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    """Run before the features' own text handlers: they see text only when no draft is open."""
    return [MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, take_text)]
