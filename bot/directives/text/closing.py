"""The end of a document: "Nơi nhận", the signature block and any appendix.

On paper the recipients sit on the left and the signature on the right, so a
text copy either interleaves them on the same lines (two columns kept as runs
of spaces) or lists one block after the other. Cells are therefore classified
by what they look like, and their column is only a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.directives.text._lines import (
    LEFT,
    RIGHT,
    Cell,
    Line,
    has_bullet,
    has_letters,
    is_upper,
    starts_lower,
    strip_bullet,
    tidy,
)
from bot.directives.text.model import Recipient, RecipientPurpose
from bot.text.folding import fold

# The heading's first two words, before any ":" or "." (the rest may be an entry).
_HEADING_WORDS = re.compile(
    r"^\s*(?P<words>[^\W\d_]+\s*[^\W\d_]*)\s*(?P<sep>[:.]?)\s*(?P<rest>.*)$"
)
_RECIPIENTS_FOLDED = "noi nhan"
_RECIPIENTS_WORDS = ("noi", "nhan")
# "Nơ nhận", "Noi nhan", "Nơi nhậ", "Nới nhân": one letter off still reads as the heading;
# "Nội dung", "Nơi ở" do not.
_HEADING_LIKENESS = 0.85
# "TM- BAN CHẤP HÀNH", "KT/CHỦ TỊCH", "T/M …", "TL. …", "Q. …": signing on behalf.
# The word after the prefix keeps an address such as "Q. 1" from matching.
_SIGN_FOR = re.compile(r"^(?:T\.?/?M|K\.?/?T|T\.?/?L|TUQ|Q)[\s.\-–/:]+[^\W\d_]{2}")
_ROLE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|TRƯỞNG\s+BAN(?:\s+LIÊN\s+LẠC)?|TRƯỞNG\s+BLL|CHÁNH\s+VĂN\s+PHÒNG"
    r"|GIÁM\s+ĐỐC|TỔNG\s+THƯ\s+KÝ|BÍ\s+THƯ)$"
)
# Office words, as phrases so that a name in capitals ("NGUYỄN VĂN AN") is not
# mistaken for one ("VĂN PHÒNG").
_ROLE_WORDS = re.compile(
    r"\b(?:CHỦ\s+TỊCH|TRƯỞNG|PHÓ|BAN|THƯ\s+KÝ|GIÁM\s+ĐỐC|VĂN\s+PHÒNG|HỘI|ĐẠI\s+DIỆN"
    r"|THƯỜNG\s+TRỰC|THƯỜNG\s+VỤ|ỦY\s+VIÊN|BLL|CHẤP\s+HÀNH|LIÊN\s+LẠC|TRUNG\s+ƯƠNG"
    r"|CHỈ\s+HUY|BÍ\s+THƯ|TỔNG\s+THƯ\s+KÝ)\b"
    r"|^(?:T\.?/?M|K\.?/?T|T\.?/?L|TUQ|Q)\b"
)
_SIGNED_MARK = re.compile(
    r"^[(\[]?\s*(?:đã\s+ký|ký|ký\s+tên|ký\s+và\s+đóng\s+dấu|ký,?\s+(?:ghi\s+rõ\s+họ\s+tên|đóng\s+dấu)"
    r"[^)\]]*|đã\s+ký\s+và\s+đóng\s+dấu|chữ\s+ký)\s*[)\]]?\s*[.]?$",
    re.IGNORECASE,
)
_APPENDIX = re.compile(r"^(?:PHỤ\s+LỤC|LỊCH|DANH\s+SÁCH|DANH\s+MỤC|BẢNG|BIỂU)\b")
# "Lưu" (or "Luu", typed without accents) is also a surname, so it means the file copy
# only when followed by a colon, nothing, or a filing office ("Lưu VT", "Lưu hồ sơ").
_ARCHIVE = re.compile(
    r"^L[ưu]u\s*(?:[:.\-–]\s*|$|(?=(?:VT|VP|HS|TH|hồ\s+sơ|văn\s+thư)\b))(?P<rest>.*)$",
    re.IGNORECASE,
)
_PURPOSE_SUFFIX = re.compile(
    r"(?:\(\s*(?P<paren>[^()]*?)\s*\)|(?:^|[\s,:\-–])(?P<tail>để\s+[^()]*?)"
    r"|\s*[,:\-–]\s*(?P<bare>b/c|báo\s+cáo|t/h|thực\s+hiện))\s*[;,.]*$",
    re.IGNORECASE,
)
_GROUP = re.compile(r"^(?P<phrase>(?:để\s+)?[^:()]{1,20}):$", re.IGNORECASE)
_ACT_WORDS = re.compile(
    r"thực\s+hiện|t/h|\bth\b|t/hiện|thi\s+hành|triển\s+khai|phối\s+hợp|p/h", re.IGNORECASE
)
_INFORM_WORDS = re.compile(
    r"b/c|báo\s+cáo|b/cáo|\bbiết\b|theo\s+dõi|t/d|chỉ\s+đạo|c/đ", re.IGNORECASE
)
_GLUE_POINT = re.compile(r"[;:.,)]\s+")
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*,?$")


def recipients_heading(text: str) -> str | None:
    """What follows a "Nơi nhận" heading (maybe ""), or None when ``text`` is not one.

    The heading is matched on its folded first two words, so typos and missing accents
    ("Nơ nhận:", "Noi nhan", "NƠI NHẬN:") still count; a long line without ":" after
    those words is a sentence, not the heading.
    """
    match = _HEADING_WORDS.match(text)
    if match is None:
        return None
    folded = fold(match["words"]).split()
    words = " ".join(folded)
    if SequenceMatcher(None, words, _RECIPIENTS_FOLDED).ratio() < _HEADING_LIKENESS:
        return None
    # Each word must be one letter off at most: "Người nhận" (an addressee) is not the list.
    if len(folded) != len(_RECIPIENTS_WORDS) or any(
        _edits(word, want) > 1 for word, want in zip(folded, _RECIPIENTS_WORDS, strict=True)
    ):
        return None
    rest = match["rest"]
    if rest and not match["sep"] and not rest.startswith(("-", "–", "+", "•")):
        return None
    return rest


def _edits(word: str, want: str) -> int:
    """Letters to add, drop or change to turn ``word`` into ``want`` (Levenshtein)."""
    row = list(range(len(want) + 1))
    for i, letter in enumerate(word, start=1):
        previous, row[0] = row[0], i
        for j, other in enumerate(want, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (letter != other))
    return row[-1]


@dataclass(frozen=True, slots=True)
class Closing:
    """What follows the body."""

    recipients: tuple[Recipient, ...]
    signer_title: str | None
    signer_name: str | None
    appendix: str | None


def starts_closing(line: Line) -> bool:
    """True for the "Nơi nhận" line or a line carrying a "TM. …"/"KT. …" title."""
    for cell in line.cells():
        if recipients_heading(cell.text) is not None:
            return True
        if is_upper(cell.text) and (_SIGN_FOR.match(cell.text) or _ROLE.match(cell.text)):
            return True
    return False


def parse_closing(lines: list[Line]) -> Closing:
    """Read recipients, signature and appendix from the lines after the body."""
    entries: list[str] = []
    titles: list[str] = []
    name: str | None = None
    in_recipients = False
    appendix_from: int | None = None
    for index, line in enumerate(lines):
        if _starts_appendix(line) or (name is not None and _is_stray(line, in_recipients)):
            appendix_from = index
            break
        for cell in _cells(line):
            text = cell.text
            heading = recipients_heading(text)
            if heading is not None:
                in_recipients = True
                if heading:
                    entries.append(heading)
            elif _SIGNED_MARK.match(text) or not has_letters(text):
                continue
            elif in_recipients and has_bullet(text):
                entries.append(text)
            elif in_recipients and entries and cell.column == LEFT and _continues(text):
                entries[-1] = f"{entries[-1]} {text}"
            elif name is None and _is_title(cell, titles, in_recipients):
                titles.append(text)
            elif name is None and titles and _looks_like_name(text):
                name = text
            elif in_recipients and cell.column == LEFT:
                entries.append(text)
    appendix = _tidy_appendix(lines[appendix_from:]) if appendix_from is not None else None
    return Closing(
        recipients=parse_recipients(entries),
        signer_title=" / ".join(titles) or None,
        signer_name=name,
        appendix=appendix,
    )


def _cells(line: Line) -> list[Cell]:
    """The line's cells, with a signature title glued onto a left cell split off.

    Pasting can squeeze the column gap to one space: "Nơi nhận: TM. BAN CHẤP
    HÀNH", "- Các Hội có tên trên; CHỦ TỊCH".
    """
    out: list[Cell] = []
    for cell in line.cells():
        out.extend(_unglue(cell))
    return out


def _unglue(cell: Cell) -> list[Cell]:
    if cell.column != LEFT or is_upper(cell.text):
        return [cell]
    for point in _GLUE_POINT.finditer(cell.text):
        tail = cell.text[point.end() :]
        if is_upper(tail) and (_SIGN_FOR.match(tail) or _ROLE.match(tail)):
            return [Cell(LEFT, cell.text[: point.end()].strip()), Cell(RIGHT, tail)]
    return [cell]


def _starts_appendix(line: Line) -> bool:
    # A table row copied from Word: three or more tab-separated cells. Fewer
    # tabs are just how someone lined up the two columns of the closing.
    if sum(1 for part in line.raw.split("\t") if part.strip()) >= 3:
        return True
    first = line.cells()[:1]
    return bool(first) and is_upper(first[0].text) and bool(_APPENDIX.match(first[0].text))


def _is_stray(line: Line, in_recipients: bool) -> bool:
    """After the signer's name, anything but more recipients is an appendix."""
    if line.blank or not has_letters(line.text) or _SIGNED_MARK.match(line.text):
        return False
    text = line.cells()[0].text
    if recipients_heading(text) is not None:
        return False
    recipient_like = (
        has_bullet(text) or _ARCHIVE.match(text) or _continues(text) or text.endswith(";")
    )
    return not (in_recipients and recipient_like)


def _continues(text: str) -> bool:
    return starts_lower(text) or text.startswith("(")


def _is_title(cell: Cell, titles: list[str], in_recipients: bool) -> bool:
    text = cell.text
    if not is_upper(text):
        return False
    if _SIGN_FOR.match(text) or _ROLE.match(text):
        return True
    if not _ROLE_WORDS.search(text):
        # A capitalised line with no office word is a name in capitals.
        return False
    # "CHỦ TỊCH HỘI" may open the block where it cannot be a recipient; under a
    # first title line any office line is more title.
    return bool(titles) or cell.column != LEFT or not in_recipients


def _looks_like_name(text: str) -> bool:
    """Whether ``text`` reads as a person's name: "Thiếu tướng Võ Sở", "NGUYỄN VĂN A"."""
    words = text.split()
    if not 2 <= len(words) <= 7 or not all(_NAME_WORD.match(word) for word in words):
        return False
    return words[0][0].isupper() and words[-1][0].isupper() and words[-2][0].isupper()


def parse_recipients(entries: list[str]) -> tuple[Recipient, ...]:
    """Turn raw "Nơi nhận" entries into recipients with their purpose."""
    out: list[Recipient] = []
    group: RecipientPurpose | None = None
    for entry in entries:
        text = tidy(strip_bullet(entry))
        grouped = _GROUP.match(text)
        if grouped and (purpose := _classify(grouped["phrase"])) is not None:
            # "- Để báo cáo:" heads a sub-list whose items inherit the purpose.
            group = purpose
            continue
        recipient = parse_recipient(text, group)
        if recipient is not None:
            out.append(recipient)
    return tuple(out)


def parse_recipient(text: str, default: RecipientPurpose | None = None) -> Recipient | None:
    """One entry: "63 tỉnh, thành (để thực hiện)" -> ("63 tỉnh, thành", ACT)."""
    text = tidy(strip_bullet(text))
    archive = _ARCHIVE.match(text)
    if archive:
        name = _strip_end(archive["rest"]) or "Lưu"
        return Recipient(name, RecipientPurpose.ARCHIVE)
    purpose = default
    match = _PURPOSE_SUFFIX.search(text)
    if match:
        phrase = match["paren"] or match["tail"] or match["bare"] or ""
        found = _classify(phrase)
        if found is not None:
            purpose = found
            text = text[: match.start()]
    name = _strip_end(text)
    return Recipient(name, purpose) if name else None


def _classify(phrase: str) -> RecipientPurpose | None:
    # A unit asked both to know and to act must act, so acting wins.
    if _ACT_WORDS.search(phrase):
        return RecipientPurpose.ACT
    if _INFORM_WORDS.search(phrase):
        return RecipientPurpose.INFORM
    return None


def _strip_end(text: str) -> str:
    return tidy(text).rstrip(" ;,.:-–").strip()


def _tidy_appendix(lines: list[Line]) -> str | None:
    # Tabs separate table cells, so they are kept; other blanks are tidied.
    rows = ["\t".join(tidy(part) for part in line.raw.split("\t")) for line in lines]
    text = "\n".join(row for row in rows if has_letters(row))
    return text or None
