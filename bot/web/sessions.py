"""The dashboard's session cookie: a member id and an expiry, signed with a key derived from
the bot token. It only says who logged in; what they may see is read from the database on
every request (bot/web/viewer.py), so a role taken away counts at once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

COOKIE = "hoibot_dashboard"
# Short, because a phone left open on a table is the likeliest thief; Telegram logs in again
# without a word each time the app is opened.
LIFETIME = timedelta(hours=2)


def _key(token: str) -> bytes:
    # Derived, so that the cookie's key is not the token itself nor initData's secret.
    return hmac.new(b"hoibot dashboard session", token.encode(), hashlib.sha256).digest()


def _signature(body: str, token: str) -> str:
    return hmac.new(_key(token), body.encode(), hashlib.sha256).hexdigest()


def issue(member_id: int, token: str, now: datetime) -> str:
    body = f"{member_id}.{int((now + LIFETIME).timestamp())}"
    return f"{body}.{_signature(body, token)}"


def member_of(cookie: str, token: str, now: datetime) -> int | None:
    """The member a cookie names, if it is ours and has not expired."""
    body, _dot, signature = cookie.rpartition(".")
    if not hmac.compare_digest(signature.encode(), _signature(body, token).encode()):
        return None
    member, _dot, expires = body.partition(".")
    try:
        if int(expires) <= now.timestamp():
            return None
        return int(member)
    except ValueError:
        return None
