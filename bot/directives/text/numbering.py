"""The document number ("Số: 72/HTS") and the place and date of issue.

Both sit in the header, often on one line split into two columns by spaces:
"Số: 72 /HTS            Hà Nội, ngày 8 tháng 9 năm 2020".
"""

from __future__ import annotations

import re
from datetime import date

from bot.directives.text._lines import Line

NUMBER = re.compile(
    r"(?:^|(?<=\s))(?:Số|SỐ)\s*[:.]?\s*"
    r"(?P<num>\d+[\w.]*(?:[-–—]\w+)*(?:\s*/\s*\w+(?:\s*[-–—/]\s*\w+)*)?)"
)
# "Số:      / BC-HTS": the number is left blank until the document is signed.
BLANK_NUMBER = re.compile(r"(?:^|(?<=\s))(?:Số|SỐ)\s*[:.]?[\s_.…]*/\s*[^\W\d_]")
# "ngày   tháng 3 năm 2022", "ngày ... tháng ...": the day is left to be written by hand.
BLANK_DAY = re.compile(r"\bngày[\s_.…]+tháng\b", re.IGNORECASE)
_DASHES = re.compile(r"\s*[-–—]\s*")
_DATE_TAIL = re.compile(
    r",\s*(?:ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
    r"|(?:ngày\s*)?(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})"
    r"|ngày\b)",
    re.IGNORECASE,
)
_PLACE_WINDOW = 120
_PLACE_GAP = re.compile(r"\s{2,}|\t")
_PLACE_WORD = re.compile(r"^[^\W\d_][\w.]*$")
# "Thành phố Hồ Chí Minh", "Thị xã Sơn Tây", "Thị trấn …", "Phan Rang - Tháp Chàm".
_PLACE_LOWER = frozenset({"phố", "xã", "trấn"})
_PLACE_DASHES = frozenset({"-", "–"})


def find_number(region: list[Line]) -> str | None:
    """The first "Số: …" of the header, normalised; None when there is none."""
    for line in region:
        match = NUMBER.search(line.raw)
        if match:
            return normalise_number(match["num"])
    return None


def normalise_number(raw: str) -> str:
    """Drop the blanks around "/" and dashes: "36/HD – HTS" -> "36/HD-HTS"."""
    number = re.sub(r"\s*/\s*", "/", raw.strip())
    return _DASHES.sub("-", number)


def find_place_date(region: list[Line]) -> tuple[str | None, date | None]:
    """Place and date from the first "<place>, ngày …" line of the header."""
    for line in region:
        found = place_date(line.raw)
        if found is not None:
            return found
    return None, None


def place_date(raw: str) -> tuple[str, date | None] | None:
    """("Hà Nội", 2020-09-08) from "…   Hà Nội, ngày 8 tháng 9 năm 2020".

    The date is None when it is left blank for signing by hand ("ngày   tháng
    năm 2024") or impossible; the line still counts as the place-date line.
    """
    for match in _DATE_TAIL.finditer(raw):
        start = match.start()
        # Only the few words before the comma can be the place; looking no
        # further keeps a long line from costing quadratic time.
        window = raw[max(0, start - _PLACE_WINDOW) : start]
        if start > _PLACE_WINDOW and not _PLACE_GAP.search(window):
            continue
        place = _place_before(window)
        if place is None:
            continue
        day, month, year = (match["d"], match["m"], match["y"])
        if day is None:
            day, month, year = (match["d2"], match["m2"], match["y2"])
        return place, _safe_date(year, month, day)
    return None


def _place_before(prefix: str) -> str | None:
    # The place is what follows the last column gap, or a number on its left.
    segment = _PLACE_GAP.split(prefix)[-1]
    number = NUMBER.search(segment)
    if number:
        segment = segment[number.end() :]
    words = segment.split()
    if not 1 <= len(words) <= 6:
        return None
    for word in words:
        if word in _PLACE_DASHES:
            continue
        if not _PLACE_WORD.match(word):
            return None
        # Place names are capitalised word by word; this keeps a sentence such
        # as "Hội nghị tổ chức tại Hà Nội, ngày …" from passing for a place.
        if not word[0].isupper() and word not in _PLACE_LOWER:
            return None
    return " ".join(words)


def _safe_date(year: str | None, month: str | None, day: str | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
