"""Vietnamese phone numbers in one form, so a shared contact matches a pre-registered member."""

from __future__ import annotations


def normalize_phone(raw: str) -> str | None:
    """`+84 961 071 956`, `84961071956` and `0961071956` all become `0961071956`.

    A foreign number keeps its `+` and country code. Returns None for text that is not a
    plausible phone number.
    """
    text = raw.strip()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+") and not digits.startswith("84"):
        return "+" + digits if 8 <= len(digits) <= 15 else None
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0"):
        digits = "0" + digits
    return digits if 10 <= len(digits) <= 11 else None
