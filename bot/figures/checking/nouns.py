"""Counts of things no indicator names ("1.065 cụ", "2.300 hội viên", "95 sổ tiết kiệm"), so
a total and its parts can be added up whatever they count.

Only used by the checker when the indicators read nothing: a count here is a number followed
by a word that is not a unit of time, age, money or a conjunction, and two counts are of the
same thing when that word is the same. The code of such a count is "#" and the word
("#cụ", "#hội viên"), shown with the number.
"""

from __future__ import annotations

import re

from bot.text.folding import fold

_COUNT = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/]|[.,]\d)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?"
)
# Words after a number that do not name what is counted.
_NOT_THING_WORDS = (
    "nam thang ngay tuan quy gio phut tuoi lan dong d trieu ty nghin ngan tram muoi"
    " va hoac la voi o tai den toi tu trong cua cho the co duoc da dat se con"
)
_NOT_THINGS = frozenset(_NOT_THING_WORDS.split())
# Things named with two words: the second one belongs to the name.
_TWO_WORDS = frozenset(
    {"hoi vien", "gia dinh", "dong chi", "hoc sinh", "thuong binh", "liet si", "chi hoi"}
)
PREFIX = "#"
# "năm 2023 có …", "nhiệm kỳ 2023 …": a year, not a count.
_YEAR_BEFORE = re.compile(r"\b(?:nam|nhiem ky|khoa)\s*:?\s*$")


def _year(before: str, number: str) -> bool:
    """A year after its word: "năm 2023" (folded, so "nam 700" is not one: 700 is no year)."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", number)) and bool(_YEAR_BEFORE.search(fold(before)))


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def counts(text: str) -> dict[str, int]:
    """The first count of each thing in `text`, by code."""
    found: dict[str, int] = {}
    for match in _COUNT.finditer(text):
        first, second = match.group(2), match.group(3)
        if fold(first) in _NOT_THINGS or _year(text[: match.start()], match.group(1)):
            continue
        name = first.lower()
        if second and f"{fold(first)} {fold(second)}" in _TWO_WORDS:
            name = f"{name} {second.lower()}"
        found.setdefault(PREFIX + name, _number(match.group(1)))
    return found


def first_count(text: str) -> dict[str, int]:
    """The first count in `text` only: the total a sentence states."""
    for code, value in counts(text).items():
        return {code: value}
    return {}
