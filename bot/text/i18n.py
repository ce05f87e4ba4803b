"""Gettext for every user-visible string, in the member's language (a context variable).

Catalogs are read from the shipped `.po` files, compiled in memory when no fresher `.mo`
sits beside them, so an installed build works without a manual compile step.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("hoibot_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    folder = resources.files("locales") / locale / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po.is_file():
        return _gettext.NullTranslations()
    if mo.is_file():
        return _gettext.GNUTranslations(BytesIO(mo.read_bytes()))
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current_locale() -> str:
    return _current.get()


def set_locale(locale: str | None) -> None:
    """Set the language for the rest of this task (one update is one task)."""
    _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


@contextmanager
def use_locale(locale: str | None) -> Iterator[None]:
    token = _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


_ = gettext
