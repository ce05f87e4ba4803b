"""Amounts in Vietnamese words read back to numbers, and digits checked against words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.amount_pairs import amount_pairs, disagreements
from bot.text.folding import fold
from bot.text.number_words import find_amounts_in_words, read_words
from bot.text.words import amount_in_words


@given(st.integers(0, 10**15 - 1))
def test_round_trip_with_the_writer(n: int) -> None:
    words = amount_in_words(n)
    assert read_words(words) == n
    assert read_words(fold(words)) == n, "without diacritics"
    assert read_words(words.upper()) == n


@given(st.integers(1, 10**15 - 1))
def test_the_writer_in_a_sentence_is_found(n: int) -> None:
    words = amount_in_words(n)
    text = f"Tổng giá trị ({words[:1].upper()}{words[1:]}). Trong đó"
    (found,) = find_amounts_in_words(text)
    assert found.value == n
    assert text[found.span[0] : found.span[1]].lower() == words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hai tỷ năm trăm mười ba triệu, năm trăm ngàn đồng", 2_513_500_000),
        ("Hai tỷ năm trăm hai mươi hai triệu năm trăm nghìn đồng chẵn./.", 2_522_500_000),
        ("một trăm lẻ năm nghìn đồng", 105_000),
        ("một trăm linh năm nghìn", 105_000),
        ("hai mươi mốt triệu", 21_000_000),
        ("ba mươi tư nghìn", 34_000),
        ("mười lăm triệu", 15_000_000),
        ("hai mươi nhăm nghìn", 25_000),
        ("hai triệu rưỡi", 2_500_000),
        ("ba tỷ rưỡi", 3_500_000_000),
        ("một trăm rưỡi nghìn", 150_000),
        ("hai tỉ không trăm linh năm triệu", 2_005_000_000),
        ("HAI TY NAM TRAM MUOI BA TRIEU DONG", 2_513_000_000),
        ("bảy trăm năm mươi triệu đồng", 750_000_000),
        # one letter off "triệu" or "nghìn": mended
        ("hai tỷ năm trăm mười ba triệuu", 2_513_000_000),
        ("năm trăm nghìm đồng", 500_000),
        ("ba triêu", 3_000_000),
    ],
)
def test_forms_people_write(text: str, value: int) -> None:
    assert read_words(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "một trăm năm",  # 105 or 150 (spoken short for "năm mươi"): not guessed
        "hai mươi rưỡi",
        "năm 2022",
        "hai tỷ và một ít",
        "triệu",
        "mốt mươi",
        "",
    ],
)
def test_what_is_not_read(text: str) -> None:
    assert read_words(text) is None


def test_prose_is_not_an_amount() -> None:
    text = (
        "Năm qua, một số đơn vị không báo cáo; kỷ niệm 63 năm Ngày mở đường, hai buổi nói "
        "chuyện; Hội Cựu chiến binh Việt Nam một tỷ đồng"
    )
    assert [(f.text, f.value) for f in find_amounts_in_words(text)] == [
        ("một tỷ đồng", 1_000_000_000)
    ]


def test_digits_and_words_that_agree_and_disagree() -> None:
    text = (
        "tổng giá trị = 2.522.500.000 đ (Hai tỷ năm trăm hai mươi hai triệu năm trăm nghìn "
        "đồng); Hội Nữ 87.500.000 đồng, bằng chữ: tám mươi bảy triệu đồng."
    )
    pairs = amount_pairs(text)
    assert [(p.digits, p.digits_value, p.words_value) for p in pairs] == [
        ("2.522.500.000 đ", 2_522_500_000, 2_522_500_000),
        ("87.500.000 đồng", 87_500_000, 87_000_000),
    ]
    (wrong,) = disagreements(text)
    assert text[wrong.span[0] : wrong.span[1]].startswith("87.500.000 đồng, bằng chữ")


@given(st.integers(1000, 10**13), st.integers(1000, 10**13))
def test_a_pair_disagrees_exactly_when_the_amounts_differ(digits: int, words: int) -> None:
    shown = f"{digits:,}".replace(",", ".")
    text = f"với tổng giá trị {shown} đ ({amount_in_words(words)})"
    (pair,) = amount_pairs(text)
    assert pair.agree is (digits == words)


def test_a_count_repeated_in_words() -> None:
    (pair,) = amount_pairs("tặng 842 (tám trăm bốn mươi ba) suất quà")
    assert (pair.digits_value, pair.words_value) == (842, 843)
