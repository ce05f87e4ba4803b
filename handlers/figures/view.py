"""Whose figures a person sees: their view starts at the whole association for an admin,
else at their own unit; a button's period and unit are checked against it."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.service import unit_names
from bot.people.access import require_role, require_scope
from bot.text.i18n import N_
from storage.figures import get_period
from storage.models import ReportingPeriod, Role, Unit
from storage.people.units import get_root


async def home(context: HoiContext) -> Unit:
    """Where the person's view starts: the whole association for an admin, else their unit."""
    principal = require_role(context.principal, Role.LEAD)
    if principal.has_role(Role.ADMIN):
        root = await get_root(context.session)
        if root is not None:
            return root
    unit_id = principal.units_with_role(Role.LEAD)[0]
    return (await unit_names(context.session, [unit_id]))[unit_id]


async def pressed(
    update: Update, context: HoiContext, action: str
) -> tuple[CallbackQuery, ReportingPeriod, Unit, str]:
    """A report or progress button's query, period and unit, and its third argument."""
    query = update.callback_query
    assert query is not None
    period_id, unit_id, argument = callbacks.unpack(query.data, action, 3)
    # Button data comes from the client: the unit must be within the person's scope.
    await require_scope(context.session, context.principal, int(unit_id))
    unit = (await unit_names(context.session, [int(unit_id)])).get(int(unit_id))
    if unit is None:
        raise UserError(N_("Unknown unit {code}."), code=int(unit_id))
    period = await get_period(context.session, int(period_id))
    if period is None:
        raise UserError(N_("This reporting period no longer exists."))
    return query, period, unit, argument
