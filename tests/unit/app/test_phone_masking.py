"""Phone numbers in the log's text are masked before the dashboard shows or exports them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.app.interaction_log import mask_phones


def test_phones_as_people_type_them_keep_their_last_three_digits() -> None:
    assert mask_phones("gọi 0912 000 003 nhé") == "gọi *******003 nhé"
    assert mask_phones("+84 961.071.956") == "********956"
    assert mask_phones("số 0961071956, hoặc 84961071957") == "số *******956, hoặc ********957"


def test_dates_amounts_and_document_numbers_are_left_alone() -> None:
    for text in ("Hà Nội, ngày 19/5/2020", "1.701.500.000 đ", "Số: 72/HTS", "quý 1, 2024"):
        assert mask_phones(text) == text


@given(
    st.sampled_from(["0", "+84", "84"]),
    st.lists(st.integers(0, 9), min_size=9, max_size=9),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_no_phone_keeps_more_than_three_digits(
    prefix: str, digits: list[int], separator: str
) -> None:
    number = prefix + "".join(
        (separator if i and i % 3 == 0 else "") + str(d) for i, d in enumerate(digits)
    )
    masked = mask_phones(f"liên hệ {number}.")
    assert sum(c.isdigit() for c in masked) == 3
