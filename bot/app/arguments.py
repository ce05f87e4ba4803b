"""Typed reading of what a person types after a command, by the same rules as the buttons'
fields (bot.app.callbacks): a record number is ASCII digits within the database's integer."""

from __future__ import annotations

from bot.app.callbacks import ID


def record_number(text: str) -> int | None:
    """The record a person named as "12" or "#12", or None when it is not such a number
    (other digits such as "²" or "١٢", a sign, or a number past any record's id)."""
    value = text.strip().removeprefix("#")
    return int(value) if ID.accepts(value) else None
