"""Compact, versioned callback data for inline buttons: `1|action|arg|arg`.

Telegram allows 64 bytes. A button from an older version, or one forged by hand, fails
to unpack and gets a polite answer; handlers still check the member's rights, because
callback data comes from the client and proves nothing.
"""

from __future__ import annotations

import re

VERSION = "1"
_SEP = "|"
_ARG = re.compile(r"^[A-Za-z0-9_.:-]{0,40}$")


class StaleButton(Exception):
    """The button's data is not ours, or not from this version."""


def pack(action: str, *args: object) -> str:
    parts = [VERSION, action, *(str(a) for a in args)]
    if not all(_ARG.match(p) for p in parts):
        raise ValueError(f"callback argument not allowed: {parts!r}")
    data = _SEP.join(parts)
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return data


def unpack(data: str | None, action: str, arity: int) -> list[str]:
    """Arguments of a button of `action`, or StaleButton."""
    parts = (data or "").split(_SEP)
    if len(parts) != arity + 2 or parts[0] != VERSION or parts[1] != action:
        raise StaleButton(data)
    if not all(_ARG.match(p) for p in parts):
        raise StaleButton(data)
    return parts[2:]


def number(value: str, data: str | None) -> int:
    """A button argument that must be a whole number (an id, a page), or StaleButton."""
    if not value.isdigit():
        raise StaleButton(data)
    return int(value)


def unpack_ids(data: str | None, action: str, arity: int) -> list[int]:
    """Arguments of a button of `action` that are all whole numbers, or StaleButton."""
    return [number(value, data) for value in unpack(data, action, arity)]


def pattern(action: str) -> str:
    """The regex a CallbackQueryHandler uses to route `action` buttons."""
    return rf"^{VERSION}\|{re.escape(action)}(\||$)"
