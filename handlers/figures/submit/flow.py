"""The submission being worked on: its draft row and data, loaded and saved at every step,
and the check that a pressed button belongs to the current step."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.draft import Draft
from bot.figures.service import title, unit_names
from bot.text.i18n import N_, _
from handlers.conversation.waiting import expect, stop
from handlers.figures.buttons import button
from storage.figures import drop_draft, get_draft, get_period, list_indicators, put_draft
from storage.models import FigureDraft, Indicator, IndicatorKind, ReportingPeriod

Markup = InlineKeyboardMarkup | None


def now() -> datetime:
    return datetime.now(UTC)


def example(indicator: Indicator) -> str:
    """A figure to show in "e.g. …", in the indicator's own kind."""
    return "512.300.000" if indicator.kind is IndicatorKind.MONEY else "842"


async def show(update: Update, text: str, markup: Markup = None) -> None:
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


# The name of this feature in what the bot waits for (bot.conversation).
FEATURE = "figures"


class Flow:
    """One step of one lead's submission: the draft row, its data and what it is about."""

    def __init__(self, context: HoiContext, row: FigureDraft, draft: Draft) -> None:
        self.context, self.row, self.draft = context, row, draft
        self.indicators: list[Indicator] = []
        self.period: ReportingPeriod | None = None

    @classmethod
    async def new(cls, context: HoiContext, member_id: int, sentence: str = "") -> Flow:
        """A fresh submission that asks every active indicator; stored at its first save."""
        row = FigureDraft(member_id=member_id, step="period", data="{}")
        flow = await cls(context, row, Draft(sentence=sentence)).load()
        flow.draft.order = [i.id for i in flow.indicators if i.active]
        return flow

    @property
    def by_id(self) -> dict[int, Indicator]:
        return {i.id: i for i in self.indicators}

    @property
    def indicator(self) -> Indicator:
        """The indicator being asked."""
        current = self.draft.current
        assert current is not None
        return self.by_id[current]

    @property
    def known(self) -> int | None:
        """The value of the indicator being asked: given in this draft, or stored before."""
        indicator_id = self.indicator.id
        return self.draft.values.get(indicator_id, self.draft.previous.get(indicator_id))

    async def load(self) -> Flow:
        # Retired indicators too: a draft started before they were retired still asks them.
        self.indicators = await list_indicators(self.context.session, active_only=False)
        if self.row.period_id is not None:
            self.period = await get_period(self.context.session, self.row.period_id)
        return self

    async def save(self, step: str) -> None:
        # A new revision makes the buttons shown at earlier steps stale (see `pressed`).
        self.draft.rev += 1
        self.row = await put_draft(
            self.context.session,
            self.row.member_id,
            step=step,
            data=self.draft.dump(),
            now=now(),
            period_id=self.row.period_id,
            unit_id=self.row.unit_id,
        )
        # Every step takes typed text: an answer, a pasted sentence, or a hint to tap.
        await expect(self.context, self.row.member_id, FEATURE, step, self.row.id)

    async def drop(self) -> None:
        await drop_draft(self.context.session, self.row.member_id)
        await stop(self.context, self.row.member_id, FEATURE)

    async def heading(self) -> str:
        """ "Quý I/2020 — Hội Trường Sơn TP Hà Nội", in bold, atop the prompts and the card."""
        assert self.period is not None
        names = await unit_names(self.context.session, [self.row.unit_id or 0])
        unit = names.get(self.row.unit_id or 0)
        return _("<b>{period} — {unit}</b>").format(
            period=title(self.period), unit=html.escape(unit.name if unit else "")
        )

    def cancel_button(self) -> InlineKeyboardButton:
        return button(_("✖️ Cancel"), "fx", self.draft.rev)


async def current_flow(context: HoiContext) -> Flow | None:
    """The person's open submission, if any."""
    principal = context.principal
    if principal is None:
        return None
    row = await get_draft(context.session, principal.member.id)
    if row is None:
        return None
    return await Flow(context, row, Draft.load(row.data)).load()


async def pressed(
    update: Update, context: HoiContext, action: str, arity: int
) -> tuple[Flow, list[str]]:
    """The flow a button belongs to, and the button's arguments after the revision."""
    query = update.callback_query
    assert query is not None
    args = callbacks.unpack(query.data, action, arity + 1)
    flow = await current_flow(context)
    if flow is None or str(flow.draft.rev) != args[0]:
        raise UserError(N_("This button is from an earlier step. Please send /nop to start again."))
    return flow, args[1:]


async def press_cancel(update: Update, context: HoiContext) -> None:
    """Drop the draft; nothing was sent."""
    flow, _args = await pressed(update, context, "fx", 0)
    await flow.drop()
    await show(update, _("Cancelled. Nothing was sent. Send /nop when you are ready."))
