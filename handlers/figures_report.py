"""/baocao: the period's report (text, .xlsx, chart) and /baocao tiendo, the progress view
with drill-down buttons down the tree. Admins see everything, leads their subtree.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.access import require_role, require_scope
from bot.errors import UserError
from bot.figures.exports import chart, workbook_of
from bot.figures.periods import split_period
from bot.figures.report import (
    ReportData,
    build_progress,
    build_report,
    chart_bars,
    report_text,
)
from bot.figures.service import label, unit_names
from bot.formatting import format_day
from bot.i18n import N_, _
from bot.roles import kind_name
from bot.scope import HoiContext
from storage.figures import (
    get_period,
    get_period_by_code,
    list_periods,
)
from storage.models import ReportingPeriod, Role, Unit, UnitKind
from storage.units import get_root

PAGE = 20
_APPROVED_WORDS = {"duyet", "daduyet", "duyệt", "đãduyệt", "approved"}


def _button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(action, *args))


async def _home(context: HoiContext) -> Unit:
    """Where the person's view starts: the whole association for an admin, else their unit."""
    principal = require_role(context.principal, Role.LEAD)
    if principal.has_role(Role.ADMIN):
        root = await get_root(context.session)
        if root is not None:
            return root
    unit_id = principal.units_with_role(Role.LEAD)[0]
    return (await unit_names(context.session, [unit_id]))[unit_id]


async def _unit(context: HoiContext, unit_id: int) -> Unit:
    await require_scope(context.session, context.principal, unit_id)
    unit = (await unit_names(context.session, [unit_id])).get(unit_id)
    if unit is None:
        raise UserError(N_("Unknown unit {code}."), code=unit_id)
    return unit


async def _period(context: HoiContext, period_id: int) -> ReportingPeriod:
    period = await get_period(context.session, period_id)
    if period is None:
        raise UserError(N_("This reporting period no longer exists."))
    return period


async def show_reports(update: Update, context: HoiContext) -> None:
    """/baocao [tiendo] [PERIOD] [duyet]: the report, or the progress of reporting."""
    message = update.effective_message
    assert message is not None
    home = await _home(context)
    words = list(context.args or [])
    progress = bool(words) and words[0].lower() in ("tiendo", "tiến độ", "tiếnđộ", "progress")
    if progress:
        words = words[1:]
    approved = bool(words) and words[-1].lower() in _APPROVED_WORDS
    if approved:
        words = words[:-1]
    today = datetime.now(UTC).astimezone(context.settings.tz).date()
    span, rest = split_period(words, today)
    if rest:
        raise UserError(
            N_(
                "I did not understand “{text}”. Examples: /baocao Q1/2020, "
                "/baocao tiendo, /baocao Q1/2020 duyet (approved figures only)."
            ),
            text=html.escape(" ".join(rest)),
        )
    if span is not None:
        period = await get_period_by_code(context.session, span.code)
        if period is None:
            raise UserError(
                N_("No reporting period {period} has been opened."), period=span.label()
            )
    else:
        periods = await list_periods(context.session, open_only=False)
        if not periods:
            await message.reply_text(_("No reporting period has been opened yet."))
            return
        if not progress:
            rows = [[_button(label(p), "rr", p.id, home.id, 0)] for p in periods[:6]]
            await message.reply_text(
                _("Which period? (You can also type /baocao Q1/2020 or /baocao tiendo.)"),
                reply_markup=InlineKeyboardMarkup(rows),
            )
            return
        open_ones = [p for p in periods if p.closed_at is None]
        period = (open_ones or periods)[0]
    if progress:
        text, markup = await _progress(context, period, home, 0)
    else:
        text, markup = await _report(context, period, home, approved)
    await message.reply_text(text, reply_markup=markup)


async def _report(
    context: HoiContext, period: ReportingPeriod, root: Unit, approved: bool
) -> tuple[str, InlineKeyboardMarkup]:
    data = await build_report(
        context.session, period, root, approved_only=approved, tz=context.settings.tz
    )
    return _report_message(data)


def _report_message(data: ReportData) -> tuple[str, InlineKeyboardMarkup]:
    period, root, approved = data.period, data.root, data.approved_only
    flag = int(approved)
    other = _("Only approved figures") if not approved else _("All figures sent")
    rows = [
        [
            _button(_("📥 Excel file"), "rx", period.id, root.id, flag),
            _button(_("📈 Chart"), "rc", period.id, root.id, flag),
        ],
        [_button(other, "rr", period.id, root.id, 1 - flag)],
        [_button(_("📋 Progress of reporting"), "rp", period.id, root.id, 0)],
    ]
    return report_text(data)[:4096], InlineKeyboardMarkup(rows)


async def _target(
    update: Update, context: HoiContext, action: str
) -> tuple[CallbackQuery, ReportData]:
    """The report a button is about: its period, subtree and scope, checked against the person."""
    query = update.callback_query
    assert query is not None
    period_id, root_id, flag = callbacks.unpack(query.data, action, 3)
    root = await _unit(context, int(root_id))
    period = await _period(context, int(period_id))
    data = await build_report(
        context.session, period, root, approved_only=flag == "1", tz=context.settings.tz
    )
    await query.answer()
    return query, data


def _caption(data: ReportData) -> str:
    return _("Figures for {period} — {unit}").format(period=label(data.period), unit=data.root.name)


async def press_report(update: Update, context: HoiContext) -> None:
    """Show the report for a period chosen with a button."""
    query, data = await _target(update, context, "rr")
    text, markup = _report_message(data)
    await context.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def press_excel(update: Update, context: HoiContext) -> None:
    """Send the report as an .xlsx file: totals, and every unit with its figures."""
    query, data = await _target(update, context, "rx")
    content = await workbook_of(context.session, data, context.settings.tz)
    await context.bot.send_document(
        query.from_user.id,
        content,
        filename=f"so-lieu-{data.period.code}-{data.root.code}.xlsx",
        caption=_caption(data),
    )


async def press_chart(update: Update, context: HoiContext) -> None:
    """Send a chart of the figures by province as a PNG file."""
    query, data = await _target(update, context, "rc")
    bars, kind = await chart_bars(context.session, data)
    await context.bot.send_document(
        query.from_user.id,
        chart(data, bars, kind),
        filename=f"bieu-do-{data.period.code}-{data.root.code}.png",
        caption=_caption(data),
    )


async def _progress(
    context: HoiContext, period: ReportingPeriod, node: Unit, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    progress = await build_progress(context.session, period, node, context.settings.tz)
    whole, by_kind = progress.whole, progress.by_kind
    lines = [
        _("<b>Progress of reporting, {period}</b> — {unit}").format(
            period=label(period), unit=html.escape(node.name)
        ),
        _("Deadline {deadline}; on time until the end of {grace}.").format(
            deadline=format_day(period.deadline),
            grace=format_day(period.deadline + timedelta(days=period.grace_days)),
        ),
    ]
    if period.closed_at is not None:
        lines.append(_("🔒 This period is closed."))
    lines += [
        "",
        _(
            "Expected: {expected} · sent: {reported} ({percent}%) · on time: {on_time} · "
            "late: {late} · not sent: {missing} · approved: {approved}"
        ).format(
            expected=whole.expected,
            reported=whole.reported,
            percent=whole.percent,
            on_time=whole.on_time,
            late=whole.late,
            missing=whole.missing,
            approved=whole.approved,
        ),
    ]
    if by_kind:
        lines += ["", _("<b>By kind of unit</b>")]
        for kind in UnitKind:
            tally = by_kind.get(str(kind))
            if tally is not None:
                lines.append(
                    _("• {name}: {reported}/{expected} ({percent}%)").format(
                        name=kind_name(kind).capitalize(),
                        reported=tally.reported,
                        expected=tally.expected,
                        percent=tally.percent,
                    )
                )
    children = [child for child, _tally in progress.children]
    by_child = {child.id: tally for child, tally in progress.children}
    rows: list[list[InlineKeyboardButton]] = []
    if children:
        lines += ["", _("<b>By unit</b>")]
        shown = children[page * PAGE : (page + 1) * PAGE]
        for child in shown:
            tally = by_child[child.id]
            lines.append(
                _("• {name}: {reported}/{expected} ({percent}%), not sent {missing}").format(
                    name=html.escape(child.name),
                    reported=tally.reported,
                    expected=tally.expected,
                    percent=tally.percent,
                    missing=tally.missing,
                )
            )
        for child in shown:
            tally = by_child[child.id]
            if tally.expected > 1 or tally.missing:
                text = f"{child.name} {tally.reported}/{tally.expected} ▸"
                rows.append([_button(text, "rp", period.id, child.id, 0)])
        pager = []
        if page > 0:
            pager.append(_button(_("◀️ Previous"), "rp", period.id, node.id, page - 1))
        if (page + 1) * PAGE < len(children):
            pager.append(_button(_("Next ▶️"), "rp", period.id, node.id, page + 1))
        if pager:
            rows.append(pager)
    if progress.missing:
        lines += ["", _("<b>Not sent yet</b>")]
        lines += [f"• {html.escape(u.name)}" for u in progress.missing]
    home = await _home(context)
    if node.id != home.id and node.parent_id is not None:
        rows.append([_button(_("⬆️ Up"), "rp", period.id, node.parent_id, 0)])
    rows.append([_button(_("📊 Report"), "rr", period.id, node.id, 0)])
    return "\n".join(lines)[:4096], InlineKeyboardMarkup(rows)


async def press_progress(update: Update, context: HoiContext) -> None:
    """Drill down (or up) the tree in the progress view."""
    query = update.callback_query
    assert query is not None
    period_id, node_id, page = callbacks.unpack(query.data, "rp", 3)
    node = await _unit(context, int(node_id))
    period = await _period(context, int(period_id))
    text, markup = await _progress(context, period, node, max(0, int(page)))
    await query.answer()
    if query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await context.bot.send_message(query.from_user.id, text, reply_markup=markup)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("baocao", show_reports),
        CallbackQueryHandler(press_report, pattern=callbacks.pattern("rr")),
        CallbackQueryHandler(press_excel, pattern=callbacks.pattern("rx")),
        CallbackQueryHandler(press_chart, pattern=callbacks.pattern("rc")),
        CallbackQueryHandler(press_progress, pattern=callbacks.pattern("rp")),
    ]
