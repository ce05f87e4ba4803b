"""Numbers, money and dates as each language writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.text.formatting import format_day, format_moment, format_money, format_number
from bot.text.i18n import use_locale
from bot.text.money import parse_amount


def test_money_in_vietnamese_and_english() -> None:
    assert format_money(2_522_500_000, "vi") == "2.522.500.000\u00a0₫"
    assert format_money(2_522_500_000, "en") == "₫2,522,500,000"
    assert format_number(1_250, "vi") == "1.250"
    assert format_number(1_250, "en") == "1,250"


def test_the_members_language_is_the_default() -> None:
    with use_locale("en"):
        assert format_day(date(2020, 5, 19)) == "May 19, 2020"
    with use_locale("vi"):
        assert format_day(date(2020, 5, 19)) == "19/5/2020"


def test_moments_are_shown_in_the_associations_time_zone() -> None:
    utc = datetime(2020, 5, 19, 1, 0, tzinfo=UTC)
    assert format_moment(utc, ZoneInfo("Asia/Ho_Chi_Minh"), "vi") == "08:00 19/5/2020"


@given(st.integers(min_value=0, max_value=10**14))
def test_formatted_money_reads_back(amount: int) -> None:
    assert parse_amount(format_money(amount, "vi")).value == amount
