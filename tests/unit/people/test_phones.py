"""Vietnamese phone numbers take one form, so a shared contact finds its member."""

from __future__ import annotations

import pytest

from bot.people.phones import normalize_phone


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("+84961071956", "0961071956"),
        ("84961071956", "0961071956"),
        ("0961 071 956", "0961071956"),
        ("961071956", "0961071956"),
        ("+1 202 555 0147", "+12025550147"),
        ("12", None),
    ],
)
def test_phone_numbers_take_one_form(raw: str, phone: str | None) -> None:
    assert normalize_phone(raw) == phone
