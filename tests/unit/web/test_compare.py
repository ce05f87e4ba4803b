"""Which period a comparison takes by default: the same span a year earlier."""

from __future__ import annotations

from datetime import date

from bot.web.pages.compare import year_before
from storage.models import ReportingPeriod


def period(code: str, precision: str, starts: date) -> ReportingPeriod:
    return ReportingPeriod(code=code, precision=precision, starts_on=starts, ends_on=starts)


def test_the_same_quarter_a_year_earlier_else_the_latest_before() -> None:
    q1_2020 = period("2020-Q1", "quarter", date(2020, 1, 1))
    q4_2019 = period("2019-Q4", "quarter", date(2019, 10, 1))
    q1_2019 = period("2019-Q1", "quarter", date(2019, 1, 1))
    newest_first = [q1_2020, q4_2019, q1_2019]
    assert year_before(q1_2020, newest_first) is q1_2019
    assert year_before(q4_2019, newest_first) is q1_2019  # no Q4/2018: the latest before
    assert year_before(q1_2019, newest_first) is None
