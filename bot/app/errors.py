"""Errors meant for the person talking to the bot, translated at the edge."""

from __future__ import annotations

import html
from typing import Any

from bot.text.i18n import gettext

# How much of what a person wrote is quoted back in an answer.
QUOTE_LIMIT = 80


def quote(value: object) -> str:
    """Something a person wrote, fit to put in an HTML answer: escaped and, when long,
    shortened with …."""
    text = " ".join(str(value).split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return html.escape(text)


class UserError(Exception):
    """Bad input or a refused action: the global error handler answers it, translated.

    `message` is a gettext msgid (marked with N_) and `params` fill its placeholders,
    so the text is rendered in the member's language only when it is shown.
    """

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def shown(self) -> str:
        """The answer in the current language, as HTML: its fields (often what the person
        typed) escaped and shortened."""
        return gettext(self.message).format(**{k: quote(v) for k, v in self.params.items()})

    def plain(self) -> str:
        """The answer in the current language as plain text (the operator's terminal)."""
        return gettext(self.message).format(**self.params)


class NotAllowed(UserError):
    """The member's role or unit scope does not allow this."""


class NotJoined(UserError):
    """A stranger used a member's command: they are told how to join instead."""

    def __init__(self) -> None:
        super().__init__("")
