"""Errors meant for the person talking to the bot, translated at the edge."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input or a refused action: the global error handler answers it, translated.

    `message` is a gettext msgid (marked with N_) and `params` fill its placeholders,
    so the text is rendered in the member's language only when it is shown.
    """

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotAllowed(UserError):
    """The member's role or unit scope does not allow this."""


class NotJoined(UserError):
    """A stranger used a member's command: they are told how to join instead."""

    def __init__(self) -> None:
        super().__init__("")
