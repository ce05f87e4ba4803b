"""An amount given twice, in digits and then in words, and whether the two agree.

Reports write "= 2.522.500.000 đ (Hai tỷ năm trăm hai mươi hai triệu năm trăm nghìn đồng)"
or "2.522.500.000 đồng, bằng chữ: hai tỷ …": the words right after the digits, in brackets
or after "bằng chữ". When they disagree one of them is wrong, and only a person can say
which: the chat asks, the report checker prints both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.folding import fold_with_origin
from bot.text.money import parse_amount, parse_count
from bot.text.number_words import find_amounts_in_words

# The digits, their unit, and what may stand between them and the words, at the end of the
# folded text before the words.
_DIGITS_BEFORE = re.compile(
    r"(\d[\d.,]*(?:\s*(?:ty|ti|trieu|nghin|ngan))?(?:\s*(?:dong|vnd|d))?)"
    r"[\s,;:=-]*(?:[(\[]\s*)?(?:\(?\s*(?:bang chu|viet bang chu|tuc la|la)\s*[:,]?\s*)?$"
)
_LOOK_BACK = 80


@dataclass(frozen=True, slots=True)
class AmountPair:
    """Digits and words for one amount: `digits_value` and `words_value` (None: unreadable)."""

    digits: str
    words: str
    span: tuple[int, int]  # from the first digit to the last word
    digits_value: int | None
    words_value: int | None
    money: bool = True  # False: the digits are a count ("842 (tám trăm bốn mươi hai) suất")

    @property
    def agree(self) -> bool:
        return self.digits_value == self.words_value


def amount_pairs(text: str) -> list[AmountPair]:
    """Each amount of `text` written in digits and repeated in words right after them."""
    pairs = []
    for words in find_amounts_in_words(text):
        start = max(words.span[0] - _LOOK_BACK, 0)
        before = text[start : words.span[0]]
        folded, origin = fold_with_origin(before)
        match = _DIGITS_BEFORE.search(folded)
        if match is None:
            continue
        a, b = origin[match.start(1)], origin[match.end(1) - 1] + 1
        digits = before[a:b]
        pairs.append(
            AmountPair(
                digits,
                words.text,
                (start + a, words.span[1]),
                _value(digits),
                words.value,
                parse_amount(digits).value is not None,
            )
        )
    return pairs


def _value(digits: str) -> int | None:
    """The amount, or a count repeated in words ("842 (tám trăm bốn mươi hai) suất")."""
    amount = parse_amount(digits).value
    return amount if amount is not None else parse_count(digits).value


def disagreements(text: str) -> list[AmountPair]:
    """The pairs whose digits and words give different amounts (or words nobody can read)."""
    return [pair for pair in amount_pairs(text) if not pair.agree]
