"""One prompt per indicator: what to type, with buttons for none, keep the value already
given, back and cancel; after the last one, or after a change made from the card, the card."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.figures.indicators import indicator_name, indicator_unit
from bot.figures.validation import check_figures, show_value
from bot.text.i18n import _
from handlers.figures.buttons import button
from handlers.figures.submit.card import show_card
from handlers.figures.submit.flow import Flow, example, pressed, show
from storage.models import IndicatorKind


async def _prompt(flow: Flow, *, first: bool) -> str:
    indicator = flow.indicator
    step = _("<b>{number}/{count}. {name}</b> ({unit})").format(
        number=flow.draft.index + 1,
        count=len(flow.draft.order),
        name=html.escape(indicator_name(indicator)),
        unit=html.escape(indicator_unit(indicator)),
    )
    if indicator.kind is IndicatorKind.MONEY:
        how = _("Type the amount in đồng, e.g. 512.300.000 or 512 triệu or 2,5 tỷ.")
    else:
        how = _("Type how many, e.g. {example}.").format(example=example(indicator))
    lines = [await flow.heading(), "", step, how, _("None? Tap “None (0)”.")]
    if first:
        lines += [
            "",
            _(
                "Or paste the sentence of your report, e.g. “vận động 3 nhà, 842 suất quà = "
                "512.300.000 đ”, and I will read the figures from it."
            ),
        ]
    return "\n".join(lines)


def keyboard(flow: Flow) -> InlineKeyboardMarkup:
    """The prompt's buttons, shown again under an answer that could not be taken."""
    rev = flow.draft.rev
    rows = [[button(_("None (0)"), "fz", rev)]]
    known = flow.known
    if known is not None:
        keep = _("Keep: {value}").format(value=show_value(flow.indicator, known))
        rows[0].append(button(keep, "fk", rev))
    nav = []
    # From the card one figure is changed, and the answer goes back to the card: no "back".
    if flow.draft.index > 0 and not flow.draft.editing_one:
        nav.append(button(_("⬅️ Back"), "fb", rev))
    nav.append(flow.cancel_button())
    rows.append(nav)
    return InlineKeyboardMarkup(rows)


async def ask(update: Update, flow: Flow, *, intro: str = "", first: bool = False) -> None:
    """Ask the indicator at `flow.draft.index`; `first` adds the hint about pasting."""
    await flow.save("ask")
    await show(update, intro + await _prompt(flow, first=first), keyboard(flow))


async def answer(update: Update, flow: Flow, value: int) -> None:
    """Take a value for the indicator being asked, unless it is out of its allowed range."""
    indicator = flow.indicator
    found = [f for f in check_figures([indicator], {indicator.id: value}, {}) if f.blocking]
    if found:
        await show(update, found[0].text() + " " + _("Please type it again."), keyboard(flow))
        return
    flow.draft.values[indicator.id] = value
    if indicator.id in flow.draft.unstated:
        flow.draft.unstated.remove(indicator.id)
    await next_step(update, flow)


async def next_step(update: Update, flow: Flow) -> None:
    """The next indicator, or the card after the last one or a change made from the card."""
    draft = flow.draft
    if draft.editing_one or draft.index + 1 >= len(draft.order):
        draft.editing_one = False
        await show_card(update, flow)
        return
    draft.index += 1
    await ask(update, flow)


async def press_zero(update: Update, context: HoiContext) -> None:
    """None of this indicator: 0."""
    flow, _args = await pressed(update, context, "fz", 0)
    await answer(update, flow, 0)


async def press_keep(update: Update, context: HoiContext) -> None:
    """Keep the value already given."""
    flow, _args = await pressed(update, context, "fk", 0)
    await answer(update, flow, flow.known or 0)


async def press_back(update: Update, context: HoiContext) -> None:
    """Go back to the previous indicator."""
    flow, _args = await pressed(update, context, "fb", 0)
    flow.draft.index = max(0, flow.draft.index - 1)
    await ask(update, flow)


async def press_edit(update: Update, context: HoiContext) -> None:
    """Change one indicator from the card."""
    flow, (indicator_id,) = await pressed(update, context, "fe", 1)
    if int(indicator_id) not in flow.draft.order:
        raise callbacks.StaleButton(indicator_id)
    flow.draft.index = flow.draft.order.index(int(indicator_id))
    flow.draft.editing_one = True
    await ask(update, flow)
