"""Vietnamese words: split into tokens, and amounts read out in words.

`tokenize` splits text folded by bot.text.folding into numbers (`1.250,5`), words and single other
characters.

`amount_in_words(2514000000)` is "hai tỷ năm trăm mười bốn triệu đồng". Reports repeat the
total in words so a reader can catch a mistyped figure; the reading follows the usual rules:
"mười" for 10-19 and "mươi" from 20, "mốt"/"tư"/"lăm" for 1/4/5 after a tens word, "linh"
for a zero tens digit, "không trăm" for a zero hundreds digit after the first group, empty
groups left out. Amounts of a thousand tỷ and more are read as a number of tỷ ("một nghìn
không trăm linh năm tỷ"), which is how large budgets are read aloud.

`format_vnd` writes `2.522.500.000 ₫`. Babel separates number and sign with a no-break
space (U+00A0 today, U+202F in some CLDR versions); the output always uses U+00A0, so the
sign never wraps onto its own line on a narrow phone screen and the text is stable across
Babel upgrades. Callers comparing with typed text should expect "\\u00a0", not " ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_AFTER_TENS = {1: "mốt", 4: "tư", 5: "lăm"}
_TY = 10**9
_GROUPS = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))
_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)|([a-z]+)|(\S)")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num" | "word" | "sym"
    text: str
    start: int
    end: int
    spaced: bool  # blank or start of text before it


def tokenize(folded: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(folded):
        kind = "num" if match[1] else "word" if match[2] else "sym"
        spaced = match.start() == 0 or folded[match.start() - 1].isspace()
        tokens.append(Token(kind, match[0], match.start(), match.end(), spaced))
    return tokens


def _hundreds(n: int, leading: bool) -> list[str]:
    """Words for 0 < n < 1000; a `leading` group drops "không trăm" and "linh"."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [] if leading and hundreds == 0 else [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append(_AFTER_TENS.get(units, _DIGITS[units]))
    return words


def _below_ty(n: int, leading: bool) -> list[str]:
    words: list[str] = []
    for size, name in _GROUPS:
        group = n // size % 1000
        if group:
            words += _hundreds(group, leading and not words)
            words += [name] if name else []
    return words


def _read(n: int, leading: bool) -> list[str]:
    if n >= _TY:
        high, low = divmod(n, _TY)
        return [*_read(high, leading), "tỷ", *_below_ty(low, leading=False)]
    return _below_ty(n, leading)


def amount_in_words(n: int) -> str:
    """2514000000 → "hai tỷ năm trăm mười bốn triệu đồng"; 0 → "không đồng"."""
    if n < 0:
        raise ValueError(f"an amount cannot be negative: {n}")
    words = _read(n, leading=True) or ["không"]
    return " ".join([*words, "đồng"])
