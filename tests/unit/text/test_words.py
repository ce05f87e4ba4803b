"""Amounts in words and in figures, as Vietnamese reports write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.formatting import format_money
from bot.text.money import MAX_AMOUNT, AmountResult, parse_amount
from bot.text.words import amount_in_words, tokenize


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không đồng"),
        (1, "một đồng"),
        (5, "năm đồng"),
        (10, "mười đồng"),
        (11, "mười một đồng"),
        (14, "mười bốn đồng"),
        (15, "mười lăm đồng"),
        (20, "hai mươi đồng"),
        (21, "hai mươi mốt đồng"),
        (24, "hai mươi tư đồng"),
        (25, "hai mươi lăm đồng"),
        (99, "chín mươi chín đồng"),
        (100, "một trăm đồng"),
        (101, "một trăm linh một đồng"),
        (105, "một trăm linh năm đồng"),
        (110, "một trăm mười đồng"),
        (115, "một trăm mười lăm đồng"),
        (1000, "một nghìn đồng"),
        (1005, "một nghìn không trăm linh năm đồng"),
        (1055, "một nghìn không trăm năm mươi lăm đồng"),
        (1_050_000, "một triệu không trăm năm mươi nghìn đồng"),
        (1_000_005, "một triệu không trăm linh năm đồng"),
        (2_514_000_000, "hai tỷ năm trăm mười bốn triệu đồng"),
        (2_014_000_000, "hai tỷ không trăm mười bốn triệu đồng"),
        (2_522_500_000, "hai tỷ năm trăm hai mươi hai triệu năm trăm nghìn đồng"),
        (1_701_500_000, "một tỷ bảy trăm linh một triệu năm trăm nghìn đồng"),
        (3_383_000_000, "ba tỷ ba trăm tám mươi ba triệu đồng"),
        (512_300_000, "năm trăm mười hai triệu ba trăm nghìn đồng"),
        (815_000_000, "tám trăm mười lăm triệu đồng"),
        (1_000_000_001, "một tỷ không trăm linh một đồng"),
        (10**12, "một nghìn tỷ đồng"),
        (1_005_000_000_000, "một nghìn không trăm linh năm tỷ đồng"),
        (MAX_AMOUNT, "một triệu tỷ đồng"),
    ],
)
def test_amount_in_words(n: int, words: str) -> None:
    assert amount_in_words(n) == words


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)


VOCABULARY = {
    *("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"),
    *("mười", "mươi", "mốt", "tư", "lăm", "linh", "trăm", "nghìn", "triệu", "tỷ", "đồng"),
}


@given(st.integers(0, 10**15))
def test_words_are_always_well_formed(n: int) -> None:
    words = amount_in_words(n).split(" ")
    assert set(words) <= VOCABULARY
    assert words[-1] == "đồng"
    assert words[0] != "không" or n == 0
    assert "mươi một" not in amount_in_words(n) and "mươi bốn" not in amount_in_words(n)


@given(st.sets(st.integers(0, 10**15), min_size=2, max_size=50))
def test_different_amounts_read_differently(amounts: set[int]) -> None:
    assert len({amount_in_words(n) for n in amounts}) == len(amounts)


def test_every_amount_below_a_hundred_thousand_reads_differently() -> None:
    assert len({amount_in_words(n) for n in range(100_000)}) == 100_000


def test_format_vnd_vietnamese() -> None:
    # Babel's no-break space is kept so the sign stays on the line
    assert format_money(2_522_500_000) == "2.522.500.000\u00a0₫"
    assert format_money(2_522_500_000, "vi") == "2.522.500.000\u00a0₫"
    assert format_money(0) == "0\u00a0₫"


def test_format_vnd_english() -> None:
    assert format_money(2_522_500_000, "en") == "₫2,522,500,000"


@given(st.integers(0, MAX_AMOUNT))
def test_formatted_amount_reads_back(n: int) -> None:
    assert parse_amount(format_money(n)) == AmountResult(n)


def test_tokenize_keeps_numbers_whole() -> None:
    tokens = tokenize("tang 1.250,5 trieu,3 nha")
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "tang"),
        ("num", "1.250,5"),
        ("word", "trieu"),
        ("sym", ","),
        ("num", "3"),
        ("word", "nha"),
    ]
    assert [t.spaced for t in tokens] == [True, True, True, False, False, True]
