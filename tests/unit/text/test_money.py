"""Money and counts as Vietnamese reports and phone users write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.money import (
    MAX_AMOUNT,
    MAX_COUNT,
    AmountResult,
    CountResult,
    Problem,
    parse_amount,
    parse_count,
)


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the forms of the product issue and DOMAIN.md
        ("660.500.000 đ", 660_500_000),
        ("152.000.000đ", 152_000_000),
        ("3.383 triệu", 3_383_000_000),
        ("3.383 triệu đồng", 3_383_000_000),
        ("2,5 tỷ", 2_500_000_000),
        ("2tr5", 2_500_000),
        ("1.200.000 đồng", 1_200_000),
        ("1.701.500.000 đ", 1_701_500_000),
        ("512.300.000 đ", 512_300_000),
        ("815 triệu đồng", 815_000_000),
        ("1055", 1055),
        ("1tỷ2", 1_200_000_000),
        ("2.522.500.000 ₫", 2_522_500_000),
        ("2.522.500.000\u00a0₫", 2_522_500_000),
        # every unit spelling
        ("500 nghìn", 500_000),
        ("500 ngàn đồng", 500_000),
        ("500k", 500_000),
        ("2k5", 2_500),
        ("2 tr", 2_000_000),
        ("3 tỉ", 3_000_000_000),
        ("1.000.000 VNĐ", 1_000_000),
        ("1.000.000 vnd", 1_000_000),
        ("1.000.000₫", 1_000_000),
        ("VNĐ 500.000", 500_000),
        ("₫500.000", 500_000),
        ("1 nghìn tỷ", 10**12),
        ("815 tr.đ", 815_000_000),
        ("2tỷđ", 2_000_000_000),
        ("500kđ", 500_000),
        # typed on a phone: spaces, capitals, no diacritics
        ("2 tr 5", 2_500_000),
        ("2 TR 5", 2_500_000),
        ("512 300 000", 512_300_000),
        ("512 300 000 đ", 512_300_000),
        ("  2,5   TỶ  ", 2_500_000_000),
        ("2,5 ty", 2_500_000_000),
        ("3.383 trieu dong", 3_383_000_000),
        ("1.200.000 dong", 1_200_000),
        ("1.200.000 d", 1_200_000),
        ("1.200.000 DONG", 1_200_000),
        # compound and spoken forms
        ("2 tỷ 514 triệu đồng", 2_514_000_000),
        ("2 tỷ 514 triệu 300 nghìn đồng", 2_514_300_000),
        ("2 tỷ 514 triệu 3", 2_514_300_000),
        ("1.200 tỷ 500 triệu", 1_200_500_000_000),
        ("2 triệu rưỡi", 2_500_000),
        ("1tỷ250", 1_250_000_000),
        ("1tỷ050", 1_050_000_000),
        # decimals: the comma is the decimal mark
        ("0,5 triệu", 500_000),
        ("12,75 triệu", 12_750_000),
        ("1.250,5 triệu", 1_250_500_000),
        ("1,2345 triệu", 1_234_500),
        ("1234,567 triệu", 1_234_567_000),
        ("2,0 tỷ", 2_000_000_000),
        # edges
        ("0", 0),
        ("0 đ", 0),
        ("5 đồng", 5),
        ("1000", 1000),
        ("500.000 đ.", 500_000),
        (vn(MAX_AMOUNT) + " đ", MAX_AMOUNT),
    ],
)
def test_amount_is_read(text: str, expected: int) -> None:
    assert parse_amount(text) == AmountResult(expected)


@pytest.mark.parametrize(
    ("text", "problem", "candidates"),
    [
        # a dot not followed by exactly three digits is an English decimal point, perhaps
        ("1.5 tỷ", Problem.AMBIGUOUS_SEPARATOR, (1_500_000_000,)),
        ("2.50 triệu", Problem.AMBIGUOUS_SEPARATOR, (2_500_000,)),
        ("1.5", Problem.AMBIGUOUS_SEPARATOR, ()),
        ("2.50", Problem.AMBIGUOUS_SEPARATOR, ()),
        ("1234.567 đ", Problem.AMBIGUOUS_SEPARATOR, ()),
        # a comma before exactly three digits may be an English thousands separator
        ("1,250 triệu", Problem.AMBIGUOUS_SEPARATOR, (1_250_000, 1_250_000_000)),
        ("3,383 tỷ", Problem.AMBIGUOUS_SEPARATOR, (3_383_000_000, 3_383_000_000_000)),
        ("1,250", Problem.AMBIGUOUS_SEPARATOR, (1250,)),
        ("2,522,500,000 đ", Problem.AMBIGUOUS_SEPARATOR, (2_522_500_000,)),
        ("₫2,522,500,000", Problem.AMBIGUOUS_SEPARATOR, (2_522_500_000,)),
        # separators in the English order
        ("1,250.5 triệu", Problem.AMBIGUOUS_SEPARATOR, (1_250_500_000,)),
        ("1,250.25 đ", Problem.AMBIGUOUS_SEPARATOR, ()),
        # two digits after the unit: 2,50 triệu or 2 triệu 50 nghìn
        ("2tr50", Problem.AMBIGUOUS_SHORTHAND, (2_500_000, 2_050_000)),
        ("1tỷ25", Problem.AMBIGUOUS_SHORTHAND, (1_250_000_000, 1_025_000_000)),
        # a bare number too small to be đồng: ask for the unit
        ("815", Problem.MISSING_UNIT, (815_000, 815_000_000, 815_000_000_000)),
        ("2,5", Problem.MISSING_UNIT, (2_500, 2_500_000, 2_500_000_000)),
        ("999", Problem.MISSING_UNIT, (999_000, 999_000_000, 999_000_000_000)),
        ("1000,5", Problem.MISSING_UNIT, (1_000_500, 1_000_500_000, 1_000_500_000_000)),
        ("-5 đ", Problem.NEGATIVE, ()),
        ("- 2,5 tỷ", Problem.NEGATIVE, ()),
        ("\u22125 triệu", Problem.NEGATIVE, ()),
        ("1,5 đ", Problem.FRACTIONAL_AMOUNT, ()),
        ("1,2345678 triệu", Problem.FRACTIONAL_AMOUNT, ()),
        (vn(MAX_AMOUNT + 1) + " đ", Problem.TOO_LARGE, ()),
        ("2.000 nghìn tỷ", Problem.TOO_LARGE, ()),
        ("9" * 60, Problem.TOO_LARGE, ()),
        ("", Problem.NOT_A_NUMBER, ()),
        ("   ", Problem.NOT_A_NUMBER, ()),
        ("đ", Problem.NOT_A_NUMBER, ()),
        ("triệu", Problem.NOT_A_NUMBER, ()),
        ("abc", Problem.NOT_A_NUMBER, ()),
        ("1.25.000 đ", Problem.NOT_A_NUMBER, ()),
        ("1,2,3", Problem.NOT_A_NUMBER, ()),
        ("5 nhà", Problem.NOT_A_NUMBER, ()),
        ("2 triệu 5 tỷ", Problem.NOT_A_NUMBER, ()),
        ("2,5tr5", Problem.NOT_A_NUMBER, ()),
        ("2tr5000", Problem.NOT_A_NUMBER, ()),
        ("3 đồng chí", Problem.NOT_A_NUMBER, ()),
    ],
)
def test_amount_problem_is_reported_not_guessed(
    text: str, problem: Problem, candidates: tuple[int, ...]
) -> None:
    result = parse_amount(text)
    assert (result.value, result.problem, result.candidates) == (None, problem, candidates)
    assert not result.ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("0", 0),
        ("842", 842),
        ("1.250", 1250),
        ("1055", 1055),
        ("1.055", 1055),
        ("1 250", 1250),
        ("12.345.678", 12_345_678),
        ("1,2 nghìn", 1200),
        ("5 nghìn", 5000),
        ("2,0", 2),
    ],
)
def test_count_is_read(text: str, expected: int) -> None:
    assert parse_count(text) == CountResult(expected)


@pytest.mark.parametrize(
    ("text", "problem", "candidates"),
    [
        ("1,5", Problem.FRACTIONAL_COUNT, ()),
        ("0,25", Problem.FRACTIONAL_COUNT, ()),
        ("1,250", Problem.AMBIGUOUS_SEPARATOR, (1250,)),
        ("1.5", Problem.AMBIGUOUS_SEPARATOR, ()),
        ("1,250,000", Problem.AMBIGUOUS_SEPARATOR, (1_250_000,)),
        ("-3", Problem.NEGATIVE, ()),
        ("5 đ", Problem.MONEY_AS_COUNT, (5,)),
        ("5 tỷ", Problem.TOO_LARGE, ()),
        ("", Problem.NOT_A_NUMBER, ()),
        ("ba", Problem.NOT_A_NUMBER, ()),
        ("đ 5", Problem.NOT_A_NUMBER, ()),
    ],
)
def test_count_problem_is_reported(
    text: str, problem: Problem, candidates: tuple[int, ...]
) -> None:
    assert parse_count(text) == CountResult(None, problem, candidates)


amounts = st.integers(min_value=0, max_value=MAX_AMOUNT)


@given(amounts, st.sampled_from(["đ", " đ", " đồng", " dong", " VNĐ", " ₫", "\u00a0₫"]))
def test_vietnamese_thousands_dots_with_a_unit_read_back(n: int, unit: str) -> None:
    assert parse_amount(vn(n) + unit) == AmountResult(n)


@given(amounts)
def test_issue_roundtrip_property(n: int) -> None:
    assert parse_amount(f"{n:,}".replace(",", ".") + " đồng").value == n


@given(st.integers(min_value=1000, max_value=MAX_AMOUNT))
def test_digits_grouped_by_spaces_read_back(n: int) -> None:
    assert parse_amount(f"{n:,}".replace(",", " ")) == AmountResult(n)


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_counts_with_thousands_dots_read_back(n: int) -> None:
    assert parse_count(vn(n)) == CountResult(n)


scales = st.sampled_from([("nghìn", 3), ("triệu", 6), ("trieu", 6), ("tr", 6), ("tỷ", 9)])


@given(
    st.integers(0, 999_999),
    st.integers(1, 6).flatmap(lambda k: st.text("0123456789", min_size=k, max_size=k)),
    scales,
)
def test_scaled_decimals_are_exact(whole: int, fraction: str, scale: tuple[str, int]) -> None:
    word, exponent = scale
    result = parse_amount(f"{vn(whole)},{fraction} {word}")
    exact = whole * 10**exponent + int(fraction) * 10 ** (exponent - len(fraction))
    fine_enough = len(fraction) <= exponent
    if len(fraction) == 3 and whole < 1000:
        # could be an English thousands separator: asked back, the decimal reading offered
        assert result.problem is Problem.AMBIGUOUS_SEPARATOR
        assert result.candidates[0] == exact
    elif fine_enough:
        assert result == AmountResult(exact)
    else:
        assert result.problem in (None, Problem.FRACTIONAL_AMOUNT)
        assert result.value in (None, exact)


@given(st.integers(0, 999), st.integers(0, 9), st.sampled_from([("tr", 6), ("tỷ", 9), ("k", 3)]))
def test_shorthand_with_one_digit_after_the_unit(
    whole: int, digit: int, scale: tuple[str, int]
) -> None:
    word, exponent = scale
    expected = whole * 10**exponent + digit * 10 ** (exponent - 1)
    assert parse_amount(f"{whole}{word}{digit}") == AmountResult(expected)


@given(st.text())
def test_any_text_gives_a_result_never_an_exception(text: str) -> None:
    for result in (parse_amount(text), parse_count(text)):
        assert (result.value is None) == (result.problem is not None)
        assert result.candidates == () or result.problem is not None
        if result.value is not None:
            assert 0 <= result.value <= MAX_AMOUNT


@given(st.text(alphabet="0123456789.,- đtrkỷyi", max_size=20))
def test_number_like_text_gives_a_result(text: str) -> None:
    result = parse_amount(text)
    assert result.ok or result.value is None
    assert all(0 <= c <= MAX_AMOUNT for c in result.candidates)
