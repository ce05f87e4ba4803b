"""The confirmation card: every figure of the draft, what changed since the last report and
what looks wrong, with a button to send; and saving what the card shows."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.app.scope import HoiContext
from bot.figures.indicators import indicator_name, indicator_unit
from bot.figures.left_out import LABELS, Reason
from bot.figures.notify import tell_approvers
from bot.figures.service import label, submit, unit_names
from bot.figures.validation import Finding, check_figures, show_value
from bot.people.access import require_scope
from bot.text.i18n import _, current_locale, gettext
from bot.text.words import amount_in_words
from handlers.figures.buttons import button
from handlers.figures.submit.flow import Flow, now, pressed, show
from storage.figures import history_bounds
from storage.models import IndicatorKind


async def _findings(flow: Flow) -> list[Finding]:
    assert flow.row.unit_id is not None and flow.period is not None
    history = await history_bounds(flow.context.session, flow.row.unit_id, flow.period.id)
    indicators = [flow.by_id[i] for i in flow.draft.order]
    return check_figures(indicators, flow.draft.complete(), history)


def _left_out_lines(left_out: list[list[str]]) -> list[str]:
    """ "không tính: 35 đơn vị (số đơn vị)": each number of the sentence that is no figure."""
    if not left_out:
        return []
    lines = [""]
    for text, reason in left_out:
        why = gettext(LABELS[Reason(reason)])
        line = _("not counted: {text} ({reason})").format(text=html.escape(text), reason=why)
        lines.append(f"• <i>{line}</i>")
    return lines


async def show_card(update: Update, flow: Flow) -> None:
    await flow.save("confirm")
    draft = flow.draft
    lines = [await flow.heading(), _("Please check the figures before sending:"), ""]
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
        # In words too (Vietnamese only), so a digit too many or too few shows at a glance.
        if indicator.kind is IndicatorKind.MONEY and current_locale() == "vi" and value:
            lines.append(f"   <i>{amount_in_words(value)}</i>")
    lines += _left_out_lines(draft.left_out)
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
        rows.append([button(_("✅ It is right, send"), "fs", rev)])
    else:
        rows.append([button(_("✅ Send the report"), "fs", rev)])
    for indicator_id in draft.order:
        name = indicator_name(flow.by_id[indicator_id])
        rows.append([button(_("✏️ Change: {name}").format(name=name), "fe", rev, indicator_id)])
    rows.append([flow.cancel_button()])
    await show(update, "\n".join(lines), InlineKeyboardMarkup(rows))


async def press_send(update: Update, context: HoiContext) -> None:
    """Save the figures shown on the card."""
    flow, _args = await pressed(update, context, "fs", 0)
    assert flow.period is not None and flow.row.unit_id is not None
    await require_scope(context.session, context.principal, flow.row.unit_id)
    # Checked again rather than trusted: button data comes from the client.
    findings = await _findings(flow)
    if any(f.blocking for f in findings):
        await show_card(update, flow)
        return
    # What the lead confirmed in spite of the warnings goes with each change, for review.
    note = "; ".join(f.text() for f in findings)[:255] or None
    member = context.principal.member if context.principal else None
    changed = await submit(
        context.session,
        flow.period,
        flow.row.unit_id,
        flow.draft.complete(),
        member_id=member.id if member else None,
        now=now(),
        tz=context.settings.tz,
        note=_("confirmed: {reason}").format(reason=note) if note else None,
    )
    await flow.drop()
    names = await unit_names(context.session, [flow.row.unit_id])
    unit = names[flow.row.unit_id]
    if flow.draft.previous:
        text = _("✅ Correction saved for {unit}, {period}: {count} figure(s) changed. Thank you!")
    else:
        text = _("✅ Received the figures of {unit} for {period}. Thank you!")
    text = text.format(unit=html.escape(unit.name), period=label(flow.period), count=changed)
    markup = InlineKeyboardMarkup(
        [[button(_("📜 History of changes"), "fh", flow.period.id, unit.id)]]
    )
    await show(update, text, markup)
    await tell_approvers(context.session, flow.period, unit, corrected=bool(flow.draft.previous))
