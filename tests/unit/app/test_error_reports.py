"""The error report's limiter: once per kind per window, then a count of what was held."""

from __future__ import annotations

from bot.app.error_reports import ReportLimiter, kind_of


def test_one_report_per_kind_per_window_with_the_count_held_back() -> None:
    now = [0.0]
    limiter = ReportLimiter(window=600, clock=lambda: now[0])
    assert limiter.admit("A") == 0
    assert limiter.admit("A") is None and limiter.admit("A") is None
    assert limiter.admit("B") == 0, "another kind is reported at once"
    now[0] = 599
    assert limiter.admit("A") is None
    now[0] = 601
    assert limiter.admit("A") == 3
    assert limiter.admit("A") is None


def test_a_kind_is_the_type_and_where_it_was_raised() -> None:
    def fail(value: str) -> int:
        return int(value)

    kinds = set()
    for value in ("x", "y"):
        try:
            fail(value)
        except ValueError as error:
            kinds.add(kind_of(error))
    assert len(kinds) == 1, "the same line raising twice is one kind"
    (kind,) = kinds
    assert kind.startswith("ValueError at ")
