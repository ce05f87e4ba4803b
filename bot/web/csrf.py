"""A token for the dashboard's forms that change something (resend, cancel).

The session cookie is SameSite=Lax already, so another site's form does not carry it; the
token is the second lock: an HMAC of the session cookie under a key derived from the bot
token, so it is different for every login, and a form that lacks it is refused.
"""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web

from bot.app.errors import NotAllowed
from bot.text.i18n import N_
from bot.web import sessions
from bot.web.pages import SETTINGS

FIELD = "csrf"
STALE = N_("This form has expired. Go back, reload the page and try again.")


def _key(token: str) -> bytes:
    return hmac.new(b"hoibot dashboard forms", token.encode(), hashlib.sha256).digest()


def form_token(request: web.Request) -> str:
    """The token the page puts in its forms, for the viewer's current session."""
    cookie = request.cookies.get(sessions.COOKIE, "")
    token = request.app[SETTINGS].token
    return hmac.new(_key(token), cookie.encode(), hashlib.sha256).hexdigest()


async def checked_form(request: web.Request) -> dict[str, str]:
    """The posted form's fields, once its token matches the session; NotAllowed if not."""
    form = await request.post()
    given = str(form.get(FIELD, ""))
    if not hmac.compare_digest(given.encode(), form_token(request).encode()):
        raise NotAllowed(STALE)
    return {key: str(value) for key, value in form.items()}
