"""Telegram's proof of who opened the Mini App: `initData`, checked as Telegram documents it
(core.telegram.org/bots/webapps, "Validating data received via the Mini App").

The secret key is HMAC-SHA256 of the bot token with the key "WebAppData"; the hash is
HMAC-SHA256, under that secret, of every received field but `hash`, as `key=value` lines
sorted by key, with the values exactly as received (decoded once, never re-encoded). The
hashes are compared in constant time, and a login older than the allowed age is refused, so a
copied initData cannot be replayed for ever.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl


class InitDataRefused(Exception):
    """initData that proves nothing: the reason is for the log, never for the page."""


@dataclass(frozen=True)
class TelegramLogin:
    """Who Telegram says opened the app, and when."""

    user_id: int
    language: str | None
    auth_date: datetime


def secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign(fields: dict[str, str], token: str) -> str:
    """The hash Telegram puts beside `fields` (used by the tests and `hoibot try`)."""
    return hmac.new(
        secret_key(token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()


def validate(raw: str, token: str, *, now: datetime, max_age: timedelta) -> TelegramLogin:
    """The login `raw` proves, or InitDataRefused."""
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        raise InitDataRefused("not a query string") from error
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataRefused("a field given twice")
    given = fields.get("hash", "")
    if not hmac.compare_digest(given.encode(), sign(fields, token).encode()):
        raise InitDataRefused("wrong hash")
    try:
        auth_date = datetime.fromtimestamp(int(fields["auth_date"]), now.tzinfo)
        user = json.loads(fields["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError, OverflowError) as error:
        raise InitDataRefused("no auth_date or user") from error
    if not now - max_age <= auth_date <= now + timedelta(minutes=5):
        raise InitDataRefused("too old")
    language = user.get("language_code")
    return TelegramLogin(user_id, language if isinstance(language, str) else None, auth_date)
