"""Period forms of plans and reports (issue 10): "tuần đầu tháng 5", "tuần cuối tháng 5",
"cuối quý II", "đầu quý III/2024", and "trước Tết" / "dịp Tết Nguyên đán", which no calendar
day pins down and so stay in words with their day to be announced. Every form is shown back
in words that read back to the same period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.periods import Period, Precision, format_period, parse_period

YEAR = 2024
CASES = [
    ("tuần đầu tháng 5", date(2024, 5, 1), date(2024, 5, 7), "tuần đầu tháng 5/2024"),
    ("Tuần cuối tháng 2/2023", date(2023, 2, 22), date(2023, 2, 28), "tuần cuối tháng 2/2023"),
    ("cuối quý II", date(2024, 6, 1), date(2024, 6, 30), "cuối quý II/2024"),
    ("đầu quý III/2024", date(2024, 7, 1), date(2024, 7, 31), "đầu quý III/2024"),
    ("giữa Quý 4 năm 2025", date(2025, 11, 1), date(2025, 11, 30), "giữa quý IV/2025"),
    ("dịp 22/12", date(2024, 12, 22), date(2024, 12, 22), "22/12/2024"),
    ("thượng tuần tháng 5", date(2024, 5, 1), date(2024, 5, 10), "đầu tháng 5/2024"),
    ("Trung tuần tháng 6/2025", date(2025, 6, 11), date(2025, 6, 20), "giữa tháng 6/2025"),
    ("hạ tuần tháng 12", date(2024, 12, 21), date(2024, 12, 31), "cuối tháng 12/2024"),
]


def same(one: Period, other: Period) -> bool:
    keys = ("spans", "at", "phase", "part_of_day", "occasion", "to_be_announced", "precision")
    return all(getattr(one, k) == getattr(other, k) for k in keys)


@pytest.mark.parametrize(("text", "start", "end", "words"), CASES)
def test_a_week_or_a_part_of_a_quarter_is_read(
    text: str, start: date, end: date, words: str
) -> None:
    period = parse_period(text, default_year=YEAR)
    assert (period.start, period.end) == (start, end)
    assert format_period(period) == words
    assert same(parse_period(words, default_year=1999), period)


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("trước Tết", "trước Tết Nguyên đán", "before Tết (Lunar New Year)"),
        ("dịp Tết Nguyên đán", "dịp Tết Nguyên đán", "at Tết (Lunar New Year)"),
        ("sau Tết", "sau Tết Nguyên đán", "after Tết (Lunar New Year)"),
    ],
)
def test_tet_is_kept_in_words_and_its_day_announced_later(text: str, vi: str, en: str) -> None:
    period = parse_period(text, default_year=YEAR)
    assert not period.unparsed and period.to_be_announced and period.start is None
    assert format_period(period) == f"{vi}, ngày sẽ báo sau"
    assert format_period(period, "en") == f"{en}, date to be announced"
    assert same(parse_period(format_period(period), default_year=YEAR), period)


def test_a_quarters_part_and_a_week_say_so_in_english() -> None:
    assert format_period(parse_period("cuối quý II/2024", default_year=YEAR), "en") == (
        "late Q2 2024"
    )
    assert format_period(parse_period("tuần đầu tháng 5/2024", default_year=YEAR), "en") == (
        "first week of May 2024"
    )


FORMS = st.one_of(
    st.builds(
        lambda w, m, y: f"tuần {w} tháng {m}" + (f"/{y}" if y else ""),
        st.sampled_from(["đầu", "cuối", "Đầu", "CUỐI"]),
        st.integers(1, 12),
        st.none() | st.integers(1950, 2090),
    ),
    st.builds(
        lambda p, q, y: f"{p} quý {q}" + (f"/{y}" if y else ""),
        st.sampled_from(["đầu", "giữa", "cuối"]),
        st.sampled_from(["I", "II", "III", "IV", "1", "2", "3", "4"]),
        st.none() | st.integers(1950, 2090),
    ),
    st.builds(
        lambda t, m: f"{t} tuần tháng {m}",
        st.sampled_from(["thượng", "trung", "hạ", "Hạ"]),
        st.integers(1, 12),
    ),
    st.builds(
        lambda w, n: f"{w}Tết{n}",
        st.sampled_from(["", "trước ", "dịp ", "sau ", "Trước "]),
        st.sampled_from(["", " Nguyên đán", " nguyên đán"]),
    ),
)


@given(FORMS)
def test_every_form_reads_back_from_its_words(text: str) -> None:
    period = parse_period(text, default_year=YEAR)
    assert not period.unparsed, text
    if period.precision is not Precision.UNKNOWN:
        assert period.start is not None and period.end is not None
        assert period.start <= period.end
    words = format_period(period)
    assert same(parse_period(words, default_year=1999), period), (text, words)
