"""One-time login links for a desktop browser without Telegram's app (`/bangtin link`).

The link carries a random secret; the table keeps only its SHA-256, the member and the
expiry. Opening it once logs the member in and spends it; a second opening, or one after
ten minutes, logs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.web import add_login_link, forget_old_links, use_login_link

LINK_LIFETIME = timedelta(minutes=10)
LINK_PATH = "/app/vao/"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def new_link(session: AsyncSession, base_url: str, member_id: int, now: datetime) -> str:
    """A fresh link for `member_id` (old spent or expired links are swept on the way)."""
    await forget_old_links(session, now - timedelta(days=1))
    secret = secrets.token_urlsafe(24)
    await add_login_link(session, _digest(secret), member_id, now + LINK_LIFETIME)
    return f"{base_url}{LINK_PATH}{secret}"


async def spend_link(session: AsyncSession, secret: str, now: datetime) -> int | None:
    """The member the link logs in, once; None when it is unknown, used or expired."""
    return await use_login_link(session, _digest(secret), now)
