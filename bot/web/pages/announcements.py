"""Page 4, Thông báo: each announcement to the viewer's units with its progress (sent,
waiting, failed with the reasons in words, unreachable); its author and the office may
resend what failed and cancel what has not gone.

The figures and the two actions are bot/web/data/announcements.py (the outbox's counts, the
delivery engine's `cancel` and `resend_failed`). The actions are POSTs with the form token
of bot/web/csrf.py, answered by a redirect back to the announcement.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed
from bot.text.formatting import format_moment
from bot.text.i18n import N_, gettext
from bot.web.csrf import checked_form, form_token
from bot.web.data.announcements import (
    Outcome,
    announcement_detail,
    cancel_announcement,
    list_announcements,
    resend_announcement,
)
from bot.web.data.scope import scope_of
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.pages.directives import NOT_YOURS, offset_in
from bot.web.viewer import Viewer
from storage.models import AnnouncementState

PATH = "/app/thong-bao"
PAGE_SIZE = 20
_TAG = re.compile(r"<[^>]+>")


def plain(text: str, limit: int = 160) -> str:
    """The announcement's text without its Telegram HTML, cut to a line or two."""
    words = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def state_words(state: AnnouncementState) -> str:
    words = {
        AnnouncementState.QUEUED: gettext("sending"),
        AnnouncementState.DONE: gettext("finished"),
        AnnouncementState.CANCELLED: gettext("stopped"),
    }
    return words.get(state, str(state))


def reason_words(reason: str) -> str:
    """A delivery's failure (Telegram's words, for the operator) said for the office."""
    lowered = reason.lower()
    if any(word in lowered for word in ("blocked", "deactivated", "unreachable", "forbidden")):
        return gettext("blocked the bot or closed their Telegram account")
    if "chat not found" in lowered:
        return gettext("has never opened the bot")
    if "attempts" in lowered:
        return gettext("Telegram could not be reached, even after several tries")
    return gettext("another error")


@page(PATH, N_("Announcements"), nav=40)
async def list_page(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The announcements to the viewer's units, newest first, with their progress."""
    offset = offset_in(request)
    rows, total = await list_announcements(session, scope_of(viewer.principal), offset, PAGE_SIZE)
    tz = request.app[SETTINGS].tz
    return Rendered(
        "pages/announcements.html",
        {
            "rows": rows,
            "total": total,
            "offset": offset,
            "size": PAGE_SIZE,
            "plain": plain,
            "state_words": state_words,
            "when": lambda at: format_moment(at, tz) if at else "",
        },
    )


@page(PATH + r"/{number:\d+}")
async def detail_page(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """One announcement: its progress, its failures by reason, and the two actions."""
    number = int(request.match_info["number"])
    detail = await announcement_detail(
        session, scope_of(viewer.principal), viewer.principal, number
    )
    if detail is None:
        raise NotAllowed(NOT_YOURS)
    tz = request.app[SETTINGS].tz
    eta = detail.progress.eta_seconds
    return Rendered(
        "pages/announcement.html",
        {
            "detail": detail,
            "row": detail.row,
            "queued": detail.row.state is AnnouncementState.QUEUED,
            "cancelled": detail.row.state is AnnouncementState.CANCELLED,
            "minutes": max(1, round(eta / 60)) if eta else 0,
            "plain": plain,
            "state_words": state_words,
            "reason_words": reason_words,
            "when": lambda at: format_moment(at, tz) if at else "",
            "csrf": form_token(request),
            "done": _done(request.query.get("xong", "")),
            "path": PATH,
        },
    )


def _done(given: str) -> tuple[str, int] | None:
    """What the action just done says back (`?xong=dung-12`), if the address says it."""
    what, _dash, count = given.rpartition("-")
    return (what, int(count)) if what in ("dung", "gui-lai") and count.isdigit() else None


async def _act(request: web.Request, viewer: Viewer, session: AsyncSession, resend: bool) -> Shown:
    await checked_form(request)
    number = int(request.match_info["number"])
    act = resend_announcement if resend else cancel_announcement
    outcome, count = await act(
        session, scope_of(viewer.principal), viewer.principal, number, datetime.now(UTC)
    )
    if outcome is Outcome.NOT_ALLOWED:
        raise NotAllowed(N_("Only its sender or the central office may change this announcement."))
    if outcome is Outcome.NOT_NOW:
        raise NotAllowed(N_("This announcement can no longer be changed."))
    what = "gui-lai" if resend else "dung"
    raise web.HTTPSeeOther(f"{PATH}/{number}?xong={what}-{count}")


@page(PATH + r"/{number:\d+}/dung", method="POST")
async def cancel(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """Stop what of the announcement has not gone yet."""
    return await _act(request, viewer, session, resend=False)


@page(PATH + r"/{number:\d+}/gui-lai", method="POST")
async def resend(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """Queue the messages that failed once more."""
    return await _act(request, viewer, session, resend=True)
