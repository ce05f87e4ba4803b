"""Reading next period's tasks written as prose: a heading, then numbered or bulleted items.

Most reports do not put their coming tasks in a table: "II- TRỌNG TÂM CÔNG TÁC QUÝ II. 2022",
"PHƯƠNG HƯỚNG CÔNG TÁC QUÝ IV", "Nhiệm vụ trọng tâm 6 tháng cuối năm", then `1.`, `A.`,
`a)`, `-`, `+` or `•` items. Each item becomes one calendar item with the heading's period,
unless the item names its own ("trong tháng 4", "xong trước ngày 30/3/2022", "tuần đầu tháng
9", "trước Tết", or a bare day: "gặp mặt truyền thống 6/12"), and with the in-charge where the
text names one ("Ban Tổ chức chủ trì"). Tasks under a group line ("1. Công tác tư tưởng:")
keep the group's name in their title. In a schedule notice ("THÔNG BÁO / Lịch …"), each
line that opens with its day ("Chiều 10/11, 14h00: gặp mặt …") is an item. Pure: text in,
rows out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.directives.text.closing import recipients_heading
from bot.periods import Period, parse_period
from bot.periods.text import normalize
from bot.schedule.table import TaskRow, TaskTable
from bot.text.emphasis import strip_emphasis

# A heading opens with its task word, after an optional section marker ("II-", "2.", "B.").
_MARKER = r"(?:(?:[ivx]+|\d{1,2}|[a-z])\s*[-.):/]\s*)?"
_TASK_HEADING = re.compile(
    rf"^{_MARKER}(?:phuong huong|nhiem vu|trong tam|ke hoach|chuong trinh)\b"
)
# A line that starts another section: "III- …", "Phần thứ hai", "B- KIẾN NGHỊ".
_SECTION = re.compile(r"^(?:[ivx]+\s*[-.)/]\s|phan thu\s)")
# The signature block: "TM. BAN CHẤP HÀNH", "KT. CHỦ TỊCH", "TL. …".
_SIGNATURE = re.compile(r"^(?:t\.?/?m|k\.?/?t|t\.?/?l)[\s./-]")
# "1.", "2)", "3-", "A.", "a)", "b-", or a bullet; a dash after a number needs a blank after it
# ("1-2 ngày" is no item).
_ITEM = re.compile(r"^\s*(?:(?:\d{1,2}|[A-ZĐ]|[a-zđ])\s*(?:[.)]\s*|[-–]\s+)|[-–+•*·●▪]\s*)(?=\S)")
_SENTENCE_END = (".", ";", "!", "?", ":")
# How the paragraph after a list opens ("Trên đây là …", "Đề nghị các Hội …"): never a task's tail.
_AFTER_LIST = re.compile(r"^(?:tren day|de nghi|kinh de nghi|vay xin|xin bao cao)\b")
_HEADING_CHARS = 140
# The cues of a period, most telling first; a task names its own time only in these words.
_CUES = {
    "deadline": r"(?:(?:xong|hoan thanh)\s+)?truoc\s+(?:ngay\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?",
    "range": r"tu\s+(?:ngay\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?\s+den\s+(?:ngay\s+)?"
    r"\d{1,2}/\d{1,2}(?:/\d{4})?",
    "day": r"(?:sang|chieu|toi)\s+(?:ngay\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?",
    "week": r"tuan\s+(?:dau|cuoi)\s+thang\s+\d{1,2}(?:/\d{4})?",
    "phase": r"(?:dau|giua|cuoi|thuong tuan|trung tuan|ha tuan)\s+"
    r"(?:thang\s+\d{1,2}(?:/\d{4})?|nam(?:\s+\d{4})?"
    r"|quy\s+(?:iv|i{1,3}|[1-4])\b(?:\s*/\s*\d{4})?)",
    "tet": r"(?:truoc|sau|dip)\s+tet(?:\s+nguyen\s+dan)?",
    "date": r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])",
    "during": r"(?:trong|vao)\s+(?:thang\s+\d{1,2}(?:/\d{4})?|quy\s+(?:iv|i{1,3}|[1-4])\b"
    r"(?:\s*[./]\s*\d{4})?)",
    "quarter": r"quy\s+(?:iv|i{1,3}|[1-4])\b(?:\s*[./]\s*\d{4}|\s+nam\s+\d{4})?",
    "half": r"6\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+\d{4})?",
    "month": r"thang\s+\d{1,2}(?:/\d{4}|\s+nam\s+\d{4})?",
    "year": r"nam\s+\d{4}",
}
_HEADING_CUES = ("quarter", "half", "week", "phase", "during", "month", "range", "year")
# A bare day ("6/12") is the task's only when it names no other time.
_TASK_CUES = ("deadline", "range", "day", "week", "phase", "during", "tet", "date")
# A notice's schedule line: its day (and hour), a colon or dash, then what happens.
_DATED_LINE = re.compile(
    r"^\s*(?:[-+•*]\s*)?(?P<when>(?:\d{1,2}\s*h\s*\d{0,2}\s*,?\s*)?"
    r"(?:(?:sang|chieu|toi|ngay)\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?"
    r"(?:\s*,?\s*(?:luc\s+)?\d{1,2}\s*(?:h|gio)\s*\d{0,2})?)\s*[:–-]\s*(?=\S)(?!\d{1,2}/)"
)
# "…; Ban Tổ chức chủ trì", "do Văn phòng phụ trách": who is in charge, as written.
_IN_CHARGE = re.compile(
    r"(?:^|[;,.:(]\s*|\bdo\s+)(?P<who>[^\W\d_][^;,.:()]{1,70}?)\s+(?:chủ trì|phụ trách)\b"
    r"[^;.]*[;.]?\s*$"
)
_IN_CHARGE_WORDS = 9


@dataclass(frozen=True, slots=True)
class _Section:
    period: Period
    line: int


def find_period(text: str, year: int, cues: tuple[str, ...] = _HEADING_CUES) -> Period | None:
    """The first period ``text`` names in words of ``cues`` (in that order of preference)."""
    folded = normalize(text)
    for cue in cues:
        for match in re.finditer(_CUES[cue], folded):
            period = parse_period(match[0], default_year=year)
            if not period.unparsed:
                return period
    return None


def in_charge(text: str) -> tuple[str, str | None]:
    """The task without its in-charge clause, and who is in charge ("Ban Tổ chức")."""
    match = _IN_CHARGE.search(text)
    if (
        match is None
        or not match["who"][0].isupper()
        or len(match["who"].split()) > _IN_CHARGE_WORDS
    ):
        return text, None
    head = text[: match.start("who")].rstrip(" ;,.:(")
    head = re.sub(r"\s+do$", "", head)
    return (head or text), match["who"].strip()


def read_prose_tasks(
    text: str,
    *,
    year: int,
    body_start: int = 0,
    issued_on: date | None = None,
    schedule_notice: bool = False,
) -> TaskTable:
    """One row per task under each heading that names a coming period and tasks.

    ``body_start`` is the first line after the document's header (its title may well say
    "phương hướng nhiệm vụ quý II" without being a heading); a heading whose period ended
    before ``issued_on`` is a look back, not a plan. In a ``schedule_notice`` the dated
    lines of the body are items too.
    """
    table = TaskTable()
    section: _Section | None = None
    pending: tuple[int, str] | None = None
    group: tuple[str, str] | None = None  # the group line's marker kind and its name
    items: list[tuple[int, str, Period, str | None]] = []

    def flush() -> None:
        nonlocal pending
        if pending is not None and section is not None and not pending[1].endswith(":"):
            items.append((pending[0], pending[1], section.period, group[1] if group else None))
        pending = None

    lines = strip_emphasis(text).splitlines()
    for index, raw in enumerate(lines[body_start:], start=body_start + 1):
        line = " ".join(raw.split())
        if not line:
            continue
        folded = normalize(line)
        heading = _heading_period(line, folded, year, issued_on)
        if heading is not None:
            flush()
            section = _Section(heading, index)
            table.found = True
            continue
        closing = recipients_heading(line) is not None or _SIGNATURE.match(folded)
        item = _ITEM.match(line)
        if closing or _SECTION.match(folded) or (item is None and _is_caps_heading(line)):
            flush()
            section = None
            continue
        if section is None:
            if schedule_notice and (dated := _dated(line, folded, year)) is not None:
                table.found = True
                what = line[dated[0] :]
                items.append((index, what[:1].upper() + what[1:], dated[1], None))
            continue
        if item is not None:
            flush()
            kind, rest = _marker_kind(item[0]), line[item.end() :]
            if group is not None and group[0] == kind:
                group = None  # the next group, or a task of the same level as the group
            if _is_caps_heading(line) or (rest.endswith(":") and len(rest) < _GROUP_CHARS):
                # "1. Công tác tư tưởng:", "A. CÔNG TÁC TỔ CHỨC" group the tasks under them.
                group, pending = (kind, _group_name(rest)), None
            else:
                pending = (index, rest)
        elif pending is not None and _continues(pending[1], line, folded):
            # A task wrapped onto the next line; a new sentence after a finished task is
            # prose ("Trên đây là …"), not more of it.
            pending = (pending[0], f"{pending[1]} {line}")
        else:
            flush()
    flush()
    for number, (line_no, task, period, named) in enumerate(items, start=1):
        title, who = in_charge(task.rstrip(" ."))
        own = find_period(title, period.start.year if period.start else year, _TASK_CUES)
        title = title.rstrip(" .;")
        table.rows.append(
            TaskRow(
                number=str(number),
                title=f"{named}: {title}" if named else title,
                period=own or period,
                line=line_no,
                responsible=who,
                source=" ".join(lines[line_no - 1].split()),
            )
        )
    return table


_GROUP_CHARS = 80


def _marker_kind(marker: str) -> str:
    """What kind of list marker opens an item: a number, a capital, a small letter, a bullet."""
    first = marker.strip()[:1]
    if first.isdigit():
        return "number"
    if first.isalpha():
        return "capital" if first.isupper() else "letter"
    return "bullet"


def _group_name(rest: str) -> str:
    name = rest.rstrip(" :")
    return name.capitalize() if _is_caps_heading(name) else name


def _dated(line: str, folded: str, year: int) -> tuple[int, Period] | None:
    """Where the content of a notice's dated line starts, and its day."""
    match = _DATED_LINE.match(folded)
    if match is None:
        return None
    period = parse_period(match["when"], default_year=year)
    return None if period.unparsed else (match.end(), period)


def _heading_period(line: str, folded: str, year: int, issued_on: date | None) -> Period | None:
    if len(line) > _HEADING_CHARS or not _TASK_HEADING.match(folded):
        return None
    period = find_period(line, year)
    if period is None or (issued_on is not None and period.end and period.end < issued_on):
        return None
    return period


def _continues(task: str, line: str, folded: str) -> bool:
    if _AFTER_LIST.match(folded):
        return False
    return line[0].islower() or not task.endswith(_SENTENCE_END)


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 2 and bool(letters) and all(c.isupper() for c in letters)
