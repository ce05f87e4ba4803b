"""What marks a document as a draft: the words "Dự thảo", a blank number, a blank day.

Reports are circulated for comment before they are signed: "(Dự thảo)" stands in the header
or after the kind ("BÁO CÁO (DỰ THẢO)"), the number is left blank ("Số:      / BC-HTS") and
so is the day ("ngày   tháng 3 năm 2022"), to be filled in when signed.
"""

from __future__ import annotations

import re
from datetime import date

from bot.directives.text._lines import Line
from bot.directives.text.numbering import BLANK_DAY, BLANK_NUMBER
from bot.text.folding import fold

# "(Dự thảo)", "DỰ THẢO", "[Dự thảo lần 2]" standing alone in a cell of the header (folded).
_DRAFT_MARK = re.compile(r"^[(\[]?\s*du thao\b[^()\[\]]{0,20}[)\]]?$")
# The same mark written into the title line ("BÁO CÁO (Dự thảo)").
_DRAFT_IN_TITLE = re.compile(r"\s*[(\[]\s*(?i:dự\s+thảo)[^()\[\]]{0,20}[)\]]\s*")


def is_draft_mark(text: str) -> bool:
    """Whether ``text`` is a draft mark such as "(Dự thảo)" standing alone."""
    return _DRAFT_MARK.match(fold(text).strip()) is not None


def without_draft_mark(text: str) -> str:
    """``text`` (a heading or title line) without a "(Dự thảo)" in it."""
    return _DRAFT_IN_TITLE.sub(" ", text).strip()


def _titled(text: str) -> bool:
    """ "BÁO CÁO (Dự thảo)": the mark opens or closes a title line; in the middle of a
    sentence ("gửi kèm bản (dự thảo) kế hoạch") it names another document."""
    match = _DRAFT_IN_TITLE.search(text)
    return match is not None and (match.start() == 0 or match.end() == len(text))


def draft_marks(head: list[Line], number: str | None, issued_on: date | None) -> tuple[str, ...]:
    """What in the header ``head`` marks a draft: "mark", "number", "day" (in that order).

    A blank number or day counts only when none was found filled in.
    """
    marks: list[str] = []
    if any(
        is_draft_mark(cell.text) or _titled(cell.text) for line in head for cell in line.cells()
    ):
        marks.append("mark")
    if number is None and any(BLANK_NUMBER.search(line.raw) for line in head):
        marks.append("number")
    if issued_on is None and any(BLANK_DAY.search(line.raw) for line in head):
        marks.append("day")
    return tuple(marks)
