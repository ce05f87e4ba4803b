"""/baocao: the period's report (text, .xlsx, chart) for the person's view, or with
"tiendo" the progress of reporting. Admins see everything, leads their subtree."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.exports import chart, workbook_of
from bot.figures.periods import split_period
from bot.figures.report import ReportData, build_report, chart_bars
from bot.figures.report_text import report_text
from bot.figures.service import label
from bot.text.i18n import N_, _
from handlers.figures.buttons import button
from handlers.figures.progress import progress_message
from handlers.figures.view import home, pressed
from storage.figures import get_period_by_code, list_periods

_PROGRESS_WORDS = ("tiendo", "tiến độ", "tiếnđộ", "progress")
_APPROVED_WORDS = {"duyet", "daduyet", "duyệt", "đãduyệt", "approved"}


async def show_reports(update: Update, context: HoiContext) -> None:
    """/baocao [tiendo] [PERIOD] [duyet]: the report, or the progress of reporting."""
    message = update.effective_message
    assert message is not None
    root = await home(context)
    words = list(context.args or [])
    progress = bool(words) and words[0].lower() in _PROGRESS_WORDS
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
            rows = [[button(label(p), "rr", p.id, root.id, 0)] for p in periods[:6]]
            await message.reply_text(
                _("Which period? (You can also type /baocao Q1/2020 or /baocao tiendo.)"),
                reply_markup=InlineKeyboardMarkup(rows),
            )
            return
        # Progress matters while units still report: the latest open period, else the latest.
        open_ones = [p for p in periods if p.closed_at is None]
        period = (open_ones or periods)[0]
    if progress:
        text, markup = await progress_message(context, period, root, 0)
    else:
        data = await build_report(
            context.session, period, root, approved_only=approved, tz=context.settings.tz
        )
        text, markup = _report_message(data)
    await message.reply_text(text, reply_markup=markup)


def _report_message(data: ReportData) -> tuple[str, InlineKeyboardMarkup]:
    period, root, approved = data.period, data.root, data.approved_only
    flag = int(approved)
    other = _("Only approved figures") if not approved else _("All figures sent")
    rows = [
        [
            button(_("📥 Excel file"), "rx", period.id, root.id, flag),
            button(_("📈 Chart"), "rc", period.id, root.id, flag),
        ],
        [button(other, "rr", period.id, root.id, 1 - flag)],
        [button(_("📋 Progress of reporting"), "rp", period.id, root.id, 0)],
    ]
    return report_text(data)[:4096], InlineKeyboardMarkup(rows)


async def _target(
    update: Update, context: HoiContext, action: str
) -> tuple[CallbackQuery, ReportData]:
    """The report a button is about: its period, subtree and scope, checked against the person."""
    query, period, root, flag = await pressed(update, context, action)
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


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("baocao", show_reports),
        CallbackQueryHandler(press_report, pattern=callbacks.pattern("rr")),
        CallbackQueryHandler(press_excel, pattern=callbacks.pattern("rx")),
        CallbackQueryHandler(press_chart, pattern=callbacks.pattern("rc")),
    ]
