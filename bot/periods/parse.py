"""From period text to a `Period`: the markers around a period, then its one form.

"dự kiến" (tentative) and "ngày, giờ cụ thể sẽ thông báo sau" (date to be announced) qualify a
period rather than name one, so they are peeled off first and the rest must be exactly one form.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.periods.forms import parse_core
from bot.periods.model import Period, Precision
from bot.periods.text import normalize

# Longer text is prose, not a period; the cap also bounds the regex work on hostile input.
_MAX_CHARS = 300
# A cell holds at most a few periods; longer runs of words are never one period.
_MAX_WORDS = 30
# A leading bullet or dash is layout; a trailing dash may be a range cut short, so it stays.
_LEAD = " -*+\u2022.,;:"
_TRAIL = " .,;:"

_TO_BE_ANNOUNCED = re.compile(
    r"(?:^|(?<=[\s,;(]))(?P<open>\()?\s*"
    r"(?:(?:ngay|gio|thoi gian|dia diem)(?:\s*,\s*|\s+va\s+|\s+))*"
    r"(?:cu the\s*,?\s*)?(?:se\s+)?(?:co\s+)?(?:dien\s+)?(?:thong\s+)?bao\s+sau\s*(?P<close>\))?$"
)
_TENTATIVE_BEFORE = re.compile(r"(?:\(du kien\)|du kien)(?:\s*[,:]\s*|\s+|$)")
_TENTATIVE_AFTER = re.compile(r"(?:^|[\s,]+)(?:\(du kien\)|du kien)$")
_DURING = re.compile(r"(?:trong|vao|dip)\s+(?!tet\b)")


def _strip_markers(text: str) -> tuple[str, bool, bool]:
    """Text left after the markers, whether it is tentative, whether it is to be announced."""
    tentative = announced = False
    while True:
        match = _TO_BE_ANNOUNCED.search(text)
        if match and (match["open"] is None) != (match["close"] is None):
            return text, tentative, announced  # an unbalanced bracket: something was cut off
        if match:
            announced, text = True, text[: match.start()].rstrip(" ,;:-(")
        elif match := _TENTATIVE_BEFORE.match(text):
            tentative, text = True, text[match.end() :]
        elif match := _TENTATIVE_AFTER.search(text):
            tentative, text = True, text[: match.start()]
        elif match := _DURING.match(text):
            text = text[match.end() :]
        else:
            return text, tentative, announced


def _unparsed(text: str) -> Period:
    return Period(Precision.UNKNOWN, text=text, unparsed=True)


def parse_period(text: str, *, default_year: int) -> Period:
    """Parse one period; `default_year` (the document's, else the current one) fills a missing
    year. Never raises: text that is not exactly one period comes back with `unparsed` set.
    """
    if len(text) > _MAX_CHARS:
        return _unparsed(text)
    rest, tentative, announced = _strip_markers(normalize(text).lstrip(_LEAD).rstrip(_TRAIL))
    if not rest:
        if not (tentative or announced):
            return _unparsed(text)
        # "dự kiến" alone still promises a date later, which is what the calendar must show.
        return Period(Precision.UNKNOWN, tentative=tentative, to_be_announced=True, text=text)
    core = parse_core(rest, default_year)
    if core is None:
        return _unparsed(text)
    announced = announced or core.to_be_announced
    return replace(core, tentative=tentative, to_be_announced=announced, text=text)


def parse_periods(cell: str, default_year: int) -> list[Period]:
    """Parse a table cell holding one or more periods side by side ("T3,4/2024 T5/2024").

    The cell is cut between words into the fewest pieces that each parse; a cell that cannot be
    cut that way is returned whole as a single unparsed period. An empty cell gives [].
    """
    # A lone bullet or dash is not a word to cut at: it would cling to the piece before it.
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", cell) if m[0].strip(_LEAD)]
    if not words:
        return []
    count = len(words)
    # best[i]: (pieces, period, next i) for the cheapest parse of words[i:], if any.
    best: list[tuple[int, Period | None, int] | None] = [None] * count + [(0, None, count)]
    for i in reversed(range(count)):
        for j in range(min(count, i + _MAX_WORDS), i, -1):
            after = best[j]
            current = best[i]
            if after is None or (current is not None and current[0] <= after[0] + 1):
                continue
            period = parse_period(cell[words[i][0] : words[j - 1][1]], default_year=default_year)
            if not period.unparsed:
                best[i] = (after[0] + 1, period, j)
    if best[0] is None:
        return [_unparsed(cell.strip())]
    periods: list[Period] = []
    step: tuple[int, Period | None, int] | None = best[0]
    while step is not None and step[1] is not None:
        periods.append(step[1])
        step = best[step[2]]
    return periods
