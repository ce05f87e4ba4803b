"""The dashboard's routes, mounted on the process's one aiohttp application.

`Dashboard(db, settings).mount(app)` adds: the login from Telegram's initData
(`POST /app/login`), the one-time link (`GET /app/vao/<secret>`), logging out, and every page
registered in bot/web/pages/. Each page request opens one session, finds the viewer
(bot/web/viewer.py), refuses with a page that says why, or runs the view in the viewer's
language and commits what it changed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from aiohttp import web

from bot.app.errors import NotAllowed, UserError
from bot.app.settings import Settings
from bot.people.access import load_principal
from bot.text.i18n import N_, current_locale, gettext, use_locale
from bot.web import sessions
from bot.web.initdata import InitDataRefused, validate
from bot.web.links import LINK_PATH, spend_link
from bot.web.pages import SETTINGS, Page, Rendered, discover, menu
from bot.web.render import render
from bot.web.viewer import NOT_A_MEMBER, Refusal, Viewer, find_viewer, locale_for
from storage.db import Database

log = logging.getLogger(__name__)
R = TypeVar("R", bound=web.StreamResponse)

HOME = "/app/"
LOGIN_REFUSED = N_(
    "This login is not valid or has expired. Close this page and open it again from Telegram."
)


# Pages load nothing from elsewhere and post only to themselves; the one small script and
# the styles are inline (no build chain), and Jinja2 escapes every field.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'"
)


class Dashboard:
    """The office's dashboard over `db`, signed with the bot token of `settings`."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db, self.settings = db, settings
        self.token = settings.require_token()
        self.secure = settings.web_url.startswith("https://")

    def mount(self, app: web.Application) -> None:
        app[SETTINGS] = self.settings
        app.router.add_get(HOME, self.home)
        app.router.add_post("/app/login", self.log_in)
        app.router.add_get(LINK_PATH + "{secret}", self.follow_link)
        app.router.add_post("/app/logout", self.log_out)
        for page in discover():
            app.router.add_route(page.method, page.path, self._handler(page))

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def home(self, request: web.Request) -> web.StreamResponse:
        pages = menu()
        if not pages:
            return await self._page(request, None)
        raise web.HTTPFound(pages[0].path)

    def _handler(self, page: Page) -> Any:
        async def handle(request: web.Request) -> web.StreamResponse:
            return await self._page(request, page)

        return handle

    async def _page(self, request: web.Request, page: Page | None) -> web.StreamResponse:
        async with self.db.session() as session:
            found = await find_viewer(
                session, request.cookies.get(sessions.COOKIE), self.token, self.now()
            )
            if isinstance(found, Refusal):
                return self.refuse(found, None)
            with use_locale(found.locale or self.settings.default_locale):
                if page is None:
                    return self.html(Rendered("base.html"), found, None)
                try:
                    shown = await page.view(request, found, session)
                except UserError as error:  # refused (403), or a bad value in the URL (400)
                    status = 403 if isinstance(error, NotAllowed) else 400
                    refusal = Refusal(error.message, params=error.params, status=status)
                    return self.refuse(refusal, found)
                except web.HTTPRedirection:  # an action done: keep it, then go where it says
                    await session.commit()
                    raise
                await session.commit()
                if isinstance(shown, Rendered):
                    return self.html(shown, found, page)
                return shown

    def html(self, shown: Rendered, viewer: Viewer | None, page: Page | None) -> web.Response:
        fields = {
            "viewer": viewer,
            "menu": menu() if viewer is not None else [],
            "current": page.path if page is not None else "",
            "page_title": gettext(page.title) if page is not None else "",
            "lang": current_locale(),
            "relogin": False,
            **shown.fields,
        }
        response = web.Response(
            text=render(shown.template, fields), status=shown.status, content_type="text/html"
        )
        # Never cached: a page is one person's view at one moment.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = CSP
        return response

    def refuse(self, refusal: Refusal, viewer: Viewer | None) -> web.Response:
        """403 with the reason in words (401 when logging in from Telegram could help)."""
        locale = (viewer.locale if viewer else None) or refusal.locale
        with use_locale(locale or self.settings.default_locale):
            reason = gettext(refusal.reason).format(**refusal.params)
            shown = Rendered(
                "refused.html",
                {"reason": reason, "relogin": refusal.log_in},
                status=401 if refusal.log_in else refusal.status,
            )
            return self.html(shown, viewer, None)

    async def log_in(self, request: web.Request) -> web.Response:
        """Telegram's initData (the raw string, as the body) in, a session cookie out."""
        raw = (await request.read())[:8192].decode("utf-8", "replace")
        max_age = timedelta(hours=self.settings.web_auth_max_age_hours)
        try:
            login = validate(raw, self.token, now=self.now(), max_age=max_age)
        except InitDataRefused as error:
            # The reason helps the operator; the data itself is a credential and never logged.
            log.info("dashboard login refused: %s", error)
            return self.refuse(Refusal(LOGIN_REFUSED), None)
        async with self.db.session() as session:
            principal = await load_principal(session, login.user_id)
        if principal is None:  # a stranger: their Telegram app's language is all we know
            return self.refuse(Refusal(NOT_A_MEMBER, locale=locale_for(None, login.language)), None)
        return self.with_session(web.Response(status=204), principal.member.id)

    async def follow_link(self, request: web.Request) -> web.StreamResponse:
        async with self.db.session() as session:
            member_id = await spend_link(session, request.match_info["secret"], self.now())
            await session.commit()
        if member_id is None:
            return self.refuse(Refusal(LOGIN_REFUSED), None)
        raise self.with_session(web.HTTPFound(HOME), member_id)

    async def log_out(self, request: web.Request) -> web.Response:
        response = web.HTTPFound(HOME)
        response.del_cookie(sessions.COOKIE, path="/app/")
        raise response

    def with_session(self, response: R, member_id: int) -> R:
        response.set_cookie(
            sessions.COOKIE,
            sessions.issue(member_id, self.token, self.now()),
            max_age=int(sessions.LIFETIME.total_seconds()),
            path="/app/",
            httponly=True,
            samesite="Lax",
            secure=self.secure,
        )
        return response
