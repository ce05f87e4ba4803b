"""/baocao tiendo: who has reported for a period (expected, sent, on time, late, approved),
by kind of unit and by unit, with buttons down the tree and back up to the person's view."""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.figures.report import build_progress
from bot.figures.service import label
from bot.people.roles import kind_name
from bot.text.formatting import format_day
from bot.text.i18n import _
from handlers.figures.buttons import button
from handlers.figures.view import home, pressed
from storage.models import ReportingPeriod, Unit, UnitKind

PAGE = 20  # units listed per message, with a button each to go down


async def progress_message(
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
                rows.append([button(text, "rp", period.id, child.id, 0)])
        pager = []
        if page > 0:
            pager.append(button(_("◀️ Previous"), "rp", period.id, node.id, page - 1))
        if (page + 1) * PAGE < len(children):
            pager.append(button(_("Next ▶️"), "rp", period.id, node.id, page + 1))
        if pager:
            rows.append(pager)
    if progress.missing:
        lines += ["", _("<b>Not sent yet</b>")]
        lines += [f"• {html.escape(u.name)}" for u in progress.missing]
    # No way up past where the person's view starts.
    if node.id != (await home(context)).id and node.parent_id is not None:
        rows.append([button(_("⬆️ Up"), "rp", period.id, node.parent_id, 0)])
    rows.append([button(_("📊 Report"), "rr", period.id, node.id, 0)])
    return "\n".join(lines)[:4096], InlineKeyboardMarkup(rows)


async def press_progress(update: Update, context: HoiContext) -> None:
    """Drill down (or up) the tree in the progress view."""
    query, period, node, page = await pressed(update, context, "rp")
    text, markup = await progress_message(context, period, node, max(0, int(page)))
    await query.answer()
    if query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await context.bot.send_message(query.from_user.id, text, reply_markup=markup)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [CallbackQueryHandler(press_progress, pattern=callbacks.pattern("rp"))]
