"""Amounts written in Vietnamese words, read back to a number: the reverse of
`bot.text.words.amount_in_words`.

Reports repeat a total in words ("= 2.522.500.000 đ (Hai tỷ năm trăm hai mươi hai triệu
năm trăm nghìn đồng)"), so a digit typed wrong shows; the office's own error is often in the
words. `read_words("hai tỷ năm trăm mười ba triệu, năm trăm ngàn đồng")` is 2513500000.
Read on folded text, so diacritics and capitals do not matter. The forms people write:
"nghìn"/"ngàn", "linh"/"lẻ" for a zero tens digit, "mốt"/"tư"/"lăm"/"nhăm" after a tens word,
"mười"/"mươi", "tỷ"/"tỉ", "rưỡi" for a half of the unit before it ("hai triệu rưỡi"),
"không trăm" for a zero hundreds digit, commas between groups, "đồng" and "chẵn" at the end.

A word one letter away from "triệu" or "nghìn" ("trieuu", "nghìm") is read as that word
(one letter away from "mươi", "trăm" or "ngàn" are real words: "buổi", "trận", "ngày");
anything else unknown ends the run. What could mean two things ("một trăm năm": 105 or 150;
"hai trăm mốt": 201 or 210, as "mốt" and "một" fold alike) is not read: `read_words` gives
None, and the checker says it could not read it.

`find_amounts_in_words(text)` finds each run of number words with a scale word in it (a run
that is just "một" or "năm" is ordinary prose) and gives its span in `text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.folding import fold_with_origin

_DIGITS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
# Only after a tens word: "hai mươi mốt", "ba mươi tư", "mười lăm".
_AFTER_TENS = {"mot": 1, "tu": 4, "lam": 5, "nham": 5}
_TENS = "muoi"
_ZERO_TENS = ("linh", "le")
_HUNDRED = "tram"
_SCALES = {"nghin": 10**3, "ngan": 10**3, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
_HALF = "ruoi"
_END = ("dong", "chan", "vnd")
_WORDS = {*_DIGITS, *_AFTER_TENS, _TENS, *_ZERO_TENS, _HUNDRED, *_SCALES, _HALF, *_END}
# Typos are mended only towards these: one letter off them is no other Vietnamese word
# (one letter off "muoi", "tram" or "ngan" is "buoi", "tran", "ngay": real words).
_MENDABLE = ("nghin", "trieu")
_TOKEN = re.compile(r"[a-z]+|[,.;:()/\-]|\d+|\S")


@dataclass(frozen=True, slots=True)
class WordsAmount:
    """A run of number words in a text, where it stands, and its value (None: unreadable)."""

    span: tuple[int, int]
    text: str
    value: int | None


def _one_off(word: str, target: str) -> bool:
    """`word` is `target` with one letter changed, added or dropped."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    if len(word) == len(target):
        return sum(a != b for a, b in zip(word, target, strict=True)) == 1
    short, long = sorted((word, target), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _mend(word: str) -> str | None:
    """The number word `word` is, or is one typo away from (only one candidate), or None."""
    if word in _WORDS:
        return word
    near = [target for target in _MENDABLE if _one_off(word, target)]
    return near[0] if len(near) == 1 and len(word) >= 4 else None


def _below_thousand(words: list[str], *, leading: bool) -> int | None:
    """0 < value < 1000 from "ba trăm linh năm", "hai mươi mốt", "mười lăm", "năm"."""
    if not words:
        return None
    value, rest = 0, words
    if len(rest) >= 2 and rest[1] == _HUNDRED and rest[0] in _DIGITS:
        value, rest = _DIGITS[rest[0]] * 100, rest[2:]
        if value == 0 and leading:
            return None
        if rest == [_HALF]:
            return value + 50
    elif rest[0] == _HUNDRED:
        return None
    tens = _tens_and_units(rest, after_hundreds=bool(value) or not leading)
    if tens is None:
        return None
    total = value + tens
    return total if total or not leading else None


def _tens_and_units(words: list[str], *, after_hundreds: bool) -> int | None:
    if not words:
        return 0
    if words[0] in _ZERO_TENS:
        return _DIGITS.get(words[1]) if len(words) == 2 and after_hundreds else None
    if words[0] == _TENS:  # mười, mười một … mười chín, mười lăm, mười tư
        return _unit_after_tens(words[1:], 10)
    if len(words) >= 2 and words[1] == _TENS and words[0] in _DIGITS and words[0] != "khong":
        if words[0] == "mot":
            return None
        return _unit_after_tens(words[2:], _DIGITS[words[0]] * 10)
    if len(words) == 1 and words[0] in _DIGITS:
        # "một trăm năm" is 105 or 150 (spoken for "năm mươi"): read only without hundreds.
        return None if after_hundreds and words[0] != "khong" else _DIGITS[words[0]]
    return None


def _unit_after_tens(words: list[str], tens: int) -> int | None:
    if not words:
        return tens
    if len(words) != 1:
        return None
    word = words[0]
    if word in _AFTER_TENS:
        return tens + _AFTER_TENS[word]
    digit = _DIGITS.get(word)
    return None if digit is None or digit == 0 else tens + digit


def _value(words: list[str], *, leading: bool = True) -> int | None:
    """The value of number words without "đồng": split at the largest scale word."""
    if not words:
        return None
    for scale in ("ty", "ti", "trieu", "nghin", "ngan"):
        if scale not in words:
            continue
        at = len(words) - 1 - words[::-1].index(scale)
        size = _SCALES[scale]
        high = _value(words[:at], leading=leading)
        after = words[at + 1 :]
        if high is None:
            return None
        if after == [_HALF]:
            return high * size + size // 2
        low = _value(after, leading=False) if after else 0
        if low is None or low >= size:
            return None
        return high * size + low
    return _below_thousand(words, leading=leading)


def read_words(text: str) -> int | None:
    """The amount `text` spells out in words ("Hai tỷ năm trăm … đồng chẵn./."), or None
    when it is not all number words or reads two ways."""
    folded, _origin = fold_with_origin(text)
    words = []
    for token in _TOKEN.findall(folded):
        if token.isdigit():
            return None
        if not token.isalpha():
            continue
        mended = _mend(token)
        if mended is None:
            return None
        words.append(mended)
    while words and words[-1] in _END:
        words.pop()
    if any(w in _END for w in words):
        return None
    return 0 if words == ["khong"] else _value(words)


def find_amounts_in_words(text: str) -> list[WordsAmount]:
    """Each run of number words in `text` that holds a scale word (trăm, nghìn, triệu, tỷ)
    or ends with "đồng", with its span in `text` and its value. Words before the amount
    that happen to be number words ("Việt Nam một tỷ đồng") are left off its start, unless
    the run follows "(" or ":" ("bằng chữ:"), where all of it is the amount."""
    folded, origin = fold_with_origin(text)
    found: list[WordsAmount] = []
    run: list[tuple[str, int, int]] = []  # (word, start, end) in folded

    def close() -> None:
        # After "(" or "bằng chữ:" the whole run is the amount, read or not.
        opened = folded[: run[0][1]].rstrip().endswith(("(", ":")) if run else False
        candidates = [run[k:] for k in range(1 if opened else len(run))]
        candidates = [c for c in candidates if _is_amount([w for w, _a, _b in c])]
        if candidates:
            best = next((c for c in candidates if _read(c) is not None), candidates[0])
            a, b = origin[best[0][1]], origin[best[-1][2] - 1] + 1
            found.append(WordsAmount((a, b), text[a:b], _read(best)))
        run.clear()

    def _read(words: list[tuple[str, int, int]]) -> int | None:
        return read_words(" ".join(w for w, _a, _b in words))

    for match in re.finditer(r"[a-z]+|\S", folded):
        word = match.group()
        mended = _mend(word) if word.isalpha() else None
        if mended is not None and (run or mended not in _END):
            run.append((mended, match.start(), match.end()))
            if mended == "dong":
                close()
        elif not (word == "," and run):
            close()
    close()
    return found


def _is_amount(words: list[str]) -> bool:
    """Two words or more, starting with a number, with a scale word or ending in "đồng"."""
    scaled = any(w in _SCALES or w == _HUNDRED for w in words)
    first_ok = bool(words) and (words[0] in _DIGITS or words[0] == _TENS)
    return len(words) >= 2 and first_ok and (scaled or words[-1] == "dong")
