"""Folding: typed without accents, in capitals or with decomposed marks, it still matches."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.folding import fold, fold_with_origin

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
LETTERS = VIETNAMESE + VIETNAMESE.upper() + "0123456789 ,./-₫"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thái Bình", "thai binh"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Trường Sơn", "truong son"),
        ("2.522.500.000 ₫", "2.522.500.000 d"),
        ("Tra\u0301i", "trai"),  # a decomposed accent, as some phone keyboards send
        ("１２/５", "12/5"),  # full-width digits
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(alphabet=LETTERS))
def test_vietnamese_folds_to_plain_lower_case_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    assert fold(text.upper()) == folded
    assert fold(folded) == folded


@given(st.text())
def test_each_folded_character_points_back_to_where_it_came_from(text: str) -> None:
    folded, origin = fold_with_origin(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin) and all(0 <= i < len(text) for i in origin)
    for index, char in zip(origin, folded, strict=True):
        assert char in fold(text[index])
