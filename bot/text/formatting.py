"""Numbers, money and dates in the member's language, through Babel."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_currency, format_decimal

from bot.text.i18n import current_locale

_BABEL_LOCALE = {"vi": "vi_VN", "en": "en_US"}


def _babel_locale(locale: str | None) -> str:
    return _BABEL_LOCALE.get(locale or current_locale(), "vi_VN")


def format_number(value: int, locale: str | None = None) -> str:
    """`2522500000` → `2.522.500.000` in Vietnamese, `2,522,500,000` in English."""
    return format_decimal(value, locale=_babel_locale(locale))


def format_money(value: int, locale: str | None = None) -> str:
    """An amount in đồng: `2.522.500.000 ₫` (a no-break space keeps the sign on the line)."""
    return format_currency(value, "VND", locale=_babel_locale(locale))


def format_day(value: date, locale: str | None = None) -> str:
    """`19/5/2020` in Vietnamese, `May 19, 2020` in English."""
    loc = locale or current_locale()
    pattern = "d/M/y" if loc == "vi" else "medium"
    return _format_date(value, pattern, locale=_babel_locale(loc))


def format_moment(value: datetime, tz: ZoneInfo, locale: str | None = None) -> str:
    """A stored UTC instant shown in the association's time zone: `08:00 19/5/2020`."""
    loc = locale or current_locale()
    pattern = "HH:mm d/M/y" if loc == "vi" else "MMM d, y HH:mm"
    return _format_datetime(value, pattern, tzinfo=tz, locale=_babel_locale(loc))
