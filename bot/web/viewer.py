"""Who is looking at the dashboard, checked against the database on every request.

The session cookie names a member; here the member's roles are read afresh with
`load_principal`, the same as for a chat update, so a lead whose role is removed, or a member
who left, sees nothing from their next click on. Only leads and admins get a Viewer; the rest
get a Refusal that says why, in their language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed
from bot.people.access import Post, Principal, load_principal, require_scope
from bot.text.i18n import N_
from bot.web import sessions
from storage.models import Role, Unit
from storage.people.units import get_root
from storage.web import get_member

NOT_LOGGED_IN = N_(
    "Please open this page from Telegram: send /bangtin to the bot. On a computer, "
    "/bangtin link gives you a link that works once, for 10 minutes."
)
NOT_A_MEMBER = N_(
    "The bot does not know you as a member of the association. Open the bot in Telegram "
    "and join with your invite code first."
)
NOT_A_LEAD = N_(
    "This dashboard is for chapter leads and the central office. Your account is a "
    "member's, so there is nothing here for you; the bot in Telegram has all you need."
)


OUTSIDE = N_("Sorry, that unit is outside the units you look after.")


@dataclass(frozen=True)
class Viewer:
    """A lead or an admin, with where their view of the tree starts."""

    principal: Principal
    home: Unit

    @property
    def is_admin(self) -> bool:
        return self.principal.has_role(Role.ADMIN)

    @property
    def led_units(self) -> list[Post]:
        """The units the viewer leads, once each: a lead of several may start at any."""
        led = [p for p in self.principal.posts if p.role is not Role.MEMBER]
        return list({p.unit_id: p for p in led}.values())

    @property
    def locale(self) -> str | None:
        return self.principal.member.language


@dataclass(frozen=True)
class Refusal:
    """Why nothing is shown: a msgid, and whether logging in again could help."""

    reason: str
    log_in: bool = False
    params: Mapping[str, object] = field(default_factory=dict)
    status: int = 403
    locale: str | None = None  # the person's language, when they are known


def locale_for(member_language: str | None, telegram_language: str | None) -> str | None:
    """The language chosen in the bot, else English for an English Telegram app, as in the
    chat (bot/app/processor.py); None leaves the default."""
    if member_language:
        return member_language
    if telegram_language and telegram_language.startswith("en"):
        return "en"
    return None


async def find_viewer(
    session: AsyncSession, cookie: str | None, token: str, now: datetime
) -> Viewer | Refusal:
    member_id = sessions.member_of(cookie, token, now) if cookie else None
    if member_id is None:
        return Refusal(NOT_LOGGED_IN, log_in=True)
    member = await get_member(session, member_id)
    if member is None:
        return Refusal(NOT_A_MEMBER)
    if member.telegram_user_id is None:
        return Refusal(NOT_A_MEMBER, locale=member.language)
    principal = await load_principal(session, member.telegram_user_id)
    if principal is None:
        return Refusal(NOT_A_MEMBER, locale=member.language)
    if not principal.has_role(Role.LEAD):
        return Refusal(NOT_A_LEAD, locale=member.language)
    return Viewer(principal, await home_of(session, principal))


async def home_of(session: AsyncSession, principal: Principal) -> Unit:
    """Where the view starts: the whole association for an admin, else the first unit led
    (the same rule as the chat's /baocao, handlers/figures/view.py)."""
    if principal.has_role(Role.ADMIN):
        root = await get_root(session)
        if root is not None:
            return root
    unit_id = principal.units_with_role(Role.LEAD)[0]
    unit = await session.get(Unit, unit_id)
    assert unit is not None  # a membership's unit exists (foreign key)
    return unit


def unit_in(request: web.Request, viewer: Viewer, name: str = "dv") -> int:
    """The unit a URL's query names (`?dv=12`), else where the viewer's view starts."""
    given = request.query.get(name)
    return viewer.home.id if given is None else number_in(given)


def number_in(text: str) -> int:
    """A unit id from a URL or a form; anything else names no unit the viewer may see."""
    if not text.isdigit():
        raise NotAllowed(OUTSIDE)
    return int(text)


async def require_unit(session: AsyncSession, viewer: Viewer, unit_id: int) -> Unit:
    """The unit a URL names, if the viewer may see it; NotAllowed (a 403 page) if not."""
    await require_scope(session, viewer.principal, unit_id)
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise NotAllowed(N_("Unknown unit {code}."), code=unit_id)
    return unit
