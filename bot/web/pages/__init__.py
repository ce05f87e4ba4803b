"""The dashboard's pages: one module each in this package, found at start-up.

How to add a page:

1. Write `bot/web/pages/<name>.py` with a module docstring and one or more views::

       @page("/app/van-ban", N_("Directives"), nav=30)
       async def directives(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
           unit = await require_unit(session, viewer, unit_in(request, viewer))
           ...
           return Rendered("pages/directives.html", {"unit": unit, ...})

   The server has already refused anyone who is not a lead or an admin (bot/web/viewer.py)
   before the view runs. A unit, period or record named by the URL must be checked: a unit
   with `require_unit` (bot/web/viewer.py; `unit_in` reads `?dv=`), which reuses the chat's
   `require_scope`, so a lead sees their subtree, an admin everything; it raises
   NotAllowed, shown as the 403 page (any other UserError, say a bad value in the URL, is
   shown the same way with 400, in the viewer's language). A record (a directive, an
   announcement) is checked through the unit it belongs to, the same way the chat does.
   `nav` places the page in the menu (lower first; None: not in the menu, as for a
   drill-down, a download or a JSON endpoint). `method="POST"` for an action: the session
   cookie is SameSite=Lax, so another site cannot post with it. The view's changes are
   committed after it returns.
2. Write its template `bot/web/templates/pages/<name>.html`, extending "base.html" and filling
   `{% block content %}`. Every visible string through `{{ _("...") }}` (with
   `.format(name=...)` for fields, as in Python); then run the pybabel steps of the README.
3. Test it in `tests/e2e/web/` with the `dashboard` fixture (tests/fakes/dashboard.py): open
   it as an admin, a lead and a member, and ask for another province's URL as a lead.

A view returns `Rendered` (a template and its fields) or an aiohttp response (a file, JSON
with `web.json_response`); after an action it raises `web.HTTPSeeOther(url)`, and its
changes are committed first. `request.app[SETTINGS]` gives the settings (time zone, default
language). The layout adds the viewer, the menu and the title; the template filters
`number`, `money`, `day` and `fold` format as the chat does.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.settings import Settings
from bot.web.viewer import Viewer

# The process's settings, for the views (time zone, default language, public address).
SETTINGS = web.AppKey("hoibot_settings", Settings)


@dataclass(frozen=True)
class Rendered:
    """A template to render with these fields (the layout adds the viewer and the menu)."""

    template: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200


Shown = Rendered | web.StreamResponse
View = Callable[[web.Request, Viewer, AsyncSession], Awaitable[Shown]]


@dataclass(frozen=True)
class Page:
    path: str
    title: str  # msgid
    view: View
    nav: int | None
    method: str


PAGES: list[Page] = []


def page(
    path: str, title: str = "", *, nav: int | None = None, method: str = "GET"
) -> Callable[[View], View]:
    """Register a view at `path` (see this module's docstring)."""

    def add(view: View) -> View:
        if all((p.path, p.method) != (path, method) for p in PAGES):
            PAGES.append(Page(path, title, view, nav, method))
        return view

    return add


def discover() -> list[Page]:
    """Import every module of this package (each registers its pages); the menu's order."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return PAGES


def menu() -> list[Page]:
    return sorted((p for p in PAGES if p.nav is not None), key=lambda p: p.nav or 0)
