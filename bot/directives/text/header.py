"""The top of a document: issuer, number, place and date, kind heading and title.

Layout of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP): the
issuing organisation and "Số: 72/HTS" on the left, the national motto and
"Hà Nội, ngày 8 tháng 9 năm 2020" on the right, then the kind in capitals
("KẾ HOẠCH") with the title under it. Copies from the web may carry a page
title and "Ngày đăng: …" above all that, which must not be taken for the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.directives.text._lines import (
    LEFT,
    Cell,
    Line,
    has_letters,
    is_upper,
    starts_list_item,
    starts_lower,
    tidy,
)
from bot.directives.text.drafts import draft_marks, is_draft_mark, without_draft_mark
from bot.directives.text.model import DirectiveKind
from bot.directives.text.numbering import (
    BLANK_NUMBER,
    NUMBER,
    find_number,
    find_place_date,
    place_date,
)

# How far down the header may reach; past this a "Số:" or a date is body text.
_HEADER_LIMIT = 40
_TITLE_MAX_LINES = 4
_TITLE_MAX_CHARS = 160
# Longer than any line of a header: the organisation's name is at most ~50.
_BODY_LINE = 80

_KINDS_BY_HEADING = {kind.heading: kind for kind in DirectiveKind}
_HEADING = re.compile(
    r"^(?P<kind>"
    + "|".join(map(re.escape, _KINDS_BY_HEADING))
    + r")(?=$|[\s:.])[\s:.]*(?P<rest>.*)$"
)
_MOTTO = re.compile(r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI|Độc\s+lập\s*[-–—]\s*Tự\s+do", re.IGNORECASE)
_SUBJECT = re.compile(r"^V/v\b\s*[:.]?\s*(?P<subject>.*)$", re.IGNORECASE)
# A single capital glued to "HỘI" ("THỘI TRUYỀN THỐNG…") is debris from a drop
# cap or a hidden field on the web copy: "thội" is not a Vietnamese word.
_STRAY_CAPITAL = re.compile(r"^[A-Z](?=HỘI\b)")
_KIND_CODES = {
    "BC": DirectiveKind.BAO_CAO,
    "KH": DirectiveKind.KE_HOACH,
    "HD": DirectiveKind.HUONG_DAN,
    "CV": DirectiveKind.CONG_VAN,
    "QĐ": DirectiveKind.QUYET_DINH,
    "TB": DirectiveKind.THONG_BAO,
}


@dataclass(frozen=True, slots=True)
class Header:
    """The header fields and where the body begins."""

    kind: DirectiveKind | None
    number: str | None
    place: str | None
    issued_on: date | None
    title: str | None
    issuer: str | None
    body_start: int
    # What marks the document as a draft: "mark" (the words "Dự thảo"), "number" (left
    # blank), "day" (left blank).
    draft_marks: tuple[str, ...] = ()


def parse_header(lines: list[Line]) -> Header:
    """Read the header fields from the top of ``lines``."""
    heading, anchors = _find_heading(lines)
    if heading is not None:
        kind, title, title_end = _read_heading(lines, heading)
        region = lines[:heading]
        body_start = title_end
    else:
        kind, title = None, None
        region = lines[: anchors[-1] + 1] if anchors else []
        body_start = len(region)
    number = find_number(region)
    place, issued_on = find_place_date(region)
    if place is None and heading is not None:
        # "Thanh Oai, ngày   tháng 7 năm 2024" may stand under the title, above the body.
        place, issued_on, body_start = _place_date_below(lines, body_start)
    subject, subject_end = _find_subject(region, lines)
    if title is None:
        title = subject
        body_start = max(body_start, subject_end)
    if kind is None:
        # A "V/v" subject line is what marks a công văn, which has no heading.
        kind = DirectiveKind.CONG_VAN if subject else _kind_from_number(number)
    issuer = _find_issuer(region)
    # A mark may also stand under the title, anywhere before the first section.
    marks = draft_marks(
        lines[: max(_sections_start(lines, body_start), len(region))], number, issued_on
    )
    return Header(kind, number, place, issued_on, title, issuer, body_start, marks)


# "I. KẾT QUẢ", "A- …", "1. …", "Phần thứ nhất": where the body's sections begin.
_SECTION_START = re.compile(r"^\s*(?:(?:[IVX]{1,4}|[A-ZĐ]|\d{1,2})\s*[.)\-–]\s*\S|Phần\s+thứ\b)")
# How far below the title the header block may run (a subtitle, a date, a mark).
_HEADER_TAIL = 12
# A line this long is prose: the body has begun.
_PROSE_CHARS = 120


def _place_date_below(lines: list[Line], body_start: int) -> tuple[str | None, date | None, int]:
    """The place and date line between the title and the first section, and where the body
    then begins (after it)."""
    for index in range(body_start, _sections_start(lines, body_start)):
        found = place_date(lines[index].raw)
        if found is not None:
            return found[0], found[1], index + 1
    return None, None, body_start


def _sections_start(lines: list[Line], body_start: int) -> int:
    """The first line of the body's first section (or its first prose), below the title."""
    end = min(len(lines), body_start + _HEADER_TAIL)
    for index in range(body_start, end):
        text = lines[index].text
        if _SECTION_START.match(text) or len(text) > _PROSE_CHARS:
            return index
    return end


def _find_heading(lines: list[Line]) -> tuple[int | None, list[int]]:
    """Index of the kind heading, and of the header lines seen before it.

    A heading that comes before any header line is a web page's title; it is
    used only when no heading follows the header.
    """
    anchors: list[int] = []
    early: int | None = None
    seen = 0
    for index, line in enumerate(lines):
        if line.blank:
            continue
        seen += 1
        if seen > _HEADER_LIMIT:
            break
        if _HEADING.match(line.text):
            if anchors:
                return index, anchors
            if early is None:
                early = index
        elif _is_anchor(line):
            anchors.append(index)
        elif anchors and _is_body_text(line.text):
            # The header is over and no heading came: a công văn, or a paste
            # without one. Anything further down is body, not header.
            break
    return early, anchors


def _is_body_text(text: str) -> bool:
    # Between header lines there is only the organisation's name (in capitals,
    # sometimes not), rules ("-----") and the wrapped tail of a "V/v" subject;
    # a sentence or a long line means the body has begun.
    if not has_letters(text) or is_upper(text) or starts_lower(text):
        return False
    return len(text) > _BODY_LINE or text.endswith((".", ":", ";", "!", "?"))


def _is_anchor(line: Line) -> bool:
    return (
        NUMBER.search(line.raw) is not None
        or _MOTTO.search(line.text) is not None
        or _SUBJECT.match(line.text) is not None
        or place_date(line.raw) is not None
        or BLANK_NUMBER.search(line.raw) is not None
        or is_draft_mark(line.text)
    )


def _read_heading(lines: list[Line], index: int) -> tuple[DirectiveKind, str | None, int]:
    """The kind, the title (joined when it wraps) and the first line after it."""
    match = _HEADING.match(lines[index].text)
    assert match is not None  # _find_heading only returns matching lines
    kind = _KINDS_BY_HEADING[match["kind"]]
    rest = without_draft_mark(match["rest"])
    parts = [rest] if rest else []
    end = index + 1
    while end < len(lines) and is_draft_mark(lines[end].text):
        end += 1
    if not parts:
        # A heading standing alone may have a blank line before its title.
        if end + 1 < len(lines) and lines[end].blank:
            end += 1
        if end < len(lines) and _may_be_title(lines[end].text):
            parts.append(lines[end].text)
            end += 1
        else:
            end = index + 1
    while end < len(lines) and parts and len(parts) < _TITLE_MAX_LINES:
        following = lines[end + 1].text if end + 1 < len(lines) else ""
        if not _continues_title(parts[-1], lines[end].text, following):
            break
        parts.append(lines[end].text)
        end += 1
    title = tidy(without_draft_mark(" ".join(parts))) or None
    return kind, title, end


def _may_be_title(text: str) -> bool:
    return (
        has_letters(text)
        and len(text) <= _TITLE_MAX_CHARS
        and not starts_list_item(text)
        and not text.lower().startswith(("căn cứ", "kính gửi"))
    )


def _continues_title(previous: str, text: str, following: str) -> bool:
    """Whether ``text`` is the title wrapping onto another line.

    Word wraps a title mid-phrase ("… công tác Thi đua" / "khen thưởng năm
    2020"), so a lower-case start continues it, as does a capitalised line
    under a capitalised title. A last short line without a full stop, before
    the blank line that ends the title block, is taken as well.
    """
    if not _may_be_title(text) or previous.endswith((".", ":", ";")):
        return False
    if starts_lower(text):
        return True
    if is_upper(text):
        # Under a mixed-case title a capitalised line is the next block (the
        # authority line of a Quyết định), not more title.
        return is_upper(previous)
    return not following and not text.endswith((".", ":", ";", "!", "?"))


def _find_subject(region: list[Line], lines: list[Line]) -> tuple[str | None, int]:
    """The "V/v …" subject of a công văn and the index of the line after it.

    The subject may wrap onto a second line, which then starts in lower case.
    """
    for index, line in enumerate(region):
        for cell in line.cells():
            match = _SUBJECT.match(cell.text)
            if match and match["subject"]:
                subject = match["subject"]
                following = lines[index + 1].cells() if index + 1 < len(lines) else []
                if following and following[0].column == LEFT and starts_lower(following[0].text):
                    return f"{subject} {following[0].text}", index + 2
                return subject, index + 1
    return None, 0


def _find_issuer(region: list[Line]) -> str | None:
    """The capitalised organisation name of the header, over one or more lines."""
    block: list[str] = []
    for line in region:
        names = [
            text
            for text in map(_before_motto, line.cells())
            if is_upper(text) and not NUMBER.search(text) and not _HEADING.match(text)
        ]
        if names:
            block.extend(names)
        elif block and not line.blank and has_letters(line.text):
            break
    if not block:
        return None
    return _STRAY_CAPITAL.sub("", " ".join(block))


def _before_motto(cell: Cell) -> str:
    # When the column gap was lost in copying, the motto follows the name in
    # the same cell: "HỘI … TRƯỜNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    motto = _MOTTO.search(cell.text)
    return cell.text[: motto.start()].strip() if motto else cell.text


def _kind_from_number(number: str | None) -> DirectiveKind | None:
    """The kind from the type code in the number ("09/KH-HTS"), when only one fits."""
    if number is None:
        return None
    kinds = {_KIND_CODES[code] for code in re.split(r"[-/]", number) if code in _KIND_CODES}
    return kinds.pop() if len(kinds) == 1 else None
