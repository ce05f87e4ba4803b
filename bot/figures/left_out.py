"""Numbers of a report sentence that are not figures, and why: each is shown on the card as
"không tính: 35 đơn vị (số đơn vị)", never dropped in silence.

Two kinds of rule, both on folded text (bot.text.folding), so "35 don vi" is "35 đơn vị":
- `masks`: forms recognised by their shape wherever they stand: dates and times, years and
  terms (`nhiệm kỳ 2022-2027`), percentages, list numbering at the start of a line (`1.`),
  ordinals (`lần thứ 5`, `đợt 2`), document numbers (`Số: 72/HTS`, `09/KH-HTS`) and shares of
  units (`35/63 tỉnh`);
- `noun_after`: the noun right after a number says what it counts when no indicator does:
  units (`35 đơn vị`, `12 tỉnh`), people (`200 hội viên`, `3 đ/c`), page visits (`2 triệu
  lượt truy cập`, which is never money), other things that are not indicators (`5 hội nghị`).
The reader (bot.figures.sentences) tries the indicators first, so an association whose
indicator file names, say, "hội viên mới" still gets those as figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from bot.text.i18n import N_
from bot.text.words import Token, tokenize


class Reason(Enum):
    DATE = "date"
    TIME = "time"
    YEAR = "year"
    PERCENT = "percent"
    AGE = "age"  # "các cụ tuổi 70, 75, 80", "độ tuổi 90 trở lên"
    ORDINAL = "ordinal"
    DOCUMENT = "document"
    UNITS = "units"
    PEOPLE = "people"
    VISITS = "visits"
    OTHER = "other"
    PRICE = "price"  # an amount per item: "500.000 đ/suất", "mỗi suất 300.000 đ"
    PART = "part"  # a part of a total already read ("Trong đó, Hội Nữ 30 suất")
    UNREADABLE = "unreadable"  # no indicator claims it and it reads as no whole number
    SKIPPED = "skipped"  # the lead said it is not a figure


# What the card says after "không tính: …", translated where it is shown.
LABELS: dict[Reason, str] = {
    Reason.DATE: N_("a date"),
    Reason.TIME: N_("a time of day"),
    Reason.YEAR: N_("a year"),
    Reason.PERCENT: N_("a percentage"),
    Reason.AGE: N_("an age"),
    Reason.ORDINAL: N_("a list or ordinal number"),
    Reason.DOCUMENT: N_("a document number"),
    Reason.UNITS: N_("a count of units"),
    Reason.PEOPLE: N_("a count of people"),
    Reason.VISITS: N_("page visits, not money"),
    Reason.OTHER: N_("not a reported indicator"),
    Reason.PRICE: N_("a price per item, not the total"),
    Reason.PART: N_("a part of the total above"),
    Reason.UNREADABLE: N_("not readable as a number"),
    Reason.SKIPPED: N_("you said it is not a figure"),
}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A number left out of the figures, the words quoted with it, and why."""

    reason: Reason
    span: tuple[int, int]
    text: str


_UNIT_NOUNS = (
    "don vi|tinh|tinh thanh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|chi hoi|hoi|"
    "hoi co so|co so|co so hoi|ban lien lac|bll|dia phuong|cau lac bo|clb|to|to hoi|ban"
)
# No digit may stand right before a mask: it would cut a number in two.
_N = r"(?<![\d.,/])"
_CODE = re.compile(_N + r"\d+\s*[/-]\s*[a-z]{2,}(?:\s*[/-]\s*[a-z]{2,})*\b")
_AGE = r"(?:tren\s+|duoi\s+|tu\s+)?(?:[5-9]\d|1[01]\d)(?!\d|[.,]\d)"
_MASKS: tuple[tuple[Reason, re.Pattern[str]], ...] = (
    # Ages of the elderly after "tuổi" (50 to 119): "ở các tuổi 70, 75, 80 và trên 90".
    (Reason.AGE, re.compile(rf"\btuoi\s+{_AGE}(?:\s*(?:,|-|va|den)\s*{_AGE})*")),
    (Reason.DOCUMENT, re.compile(r"\bso\s*:\s*\d+(?:\s*/\s*[a-z0-9-]+)*")),
    (
        Reason.DOCUMENT,
        re.compile(
            r"\b(?:quyet dinh|chi thi|nghi quyet|ke hoach|cong van|thong bao|huong dan|"
            r"ket luan|bao cao|thong tu|nghi dinh|van ban)\s+so\s*:?\s*\d+(?:\s*/\s*[a-z0-9-]+)*"
        ),
    ),
    # `72/HTS`, `09/KH-HTS`, `15-KH/TW`: checked for capitals in `masks`, as "500.000đ/suất"
    # has the same shape in small letters.
    (Reason.DOCUMENT, _CODE),
    (Reason.UNITS, re.compile(_N + rf"\d+\s*/\s*\d+\s+(?:{_UNIT_NOUNS})\b")),
    (Reason.PERCENT, re.compile(_N + r"\d+(?:[.,]\d+)*\s*(?:%|phan tram\b)")),
    (Reason.ORDINAL, re.compile(r"(?:^|\n)[ \t>*-]*\d{1,2}\s*[.)](?=\s)")),
    (
        Reason.ORDINAL,
        re.compile(
            r"\b(?:lan thu|thu tu|so thu tu|stt|dieu|khoan|muc|dot|lan|phan thu)\s+\d+\b"
            r"(?![.,]\d|\s*(?:trieu|ty|ti|nghin|ngan|k|tr|dong|d)\b)"
        ),
    ),
    # Dates: 19/5/2020, 19/5, 6/2024, 19.5.2020, ngày 19 tháng 5 năm 2020, tháng 10, quý
    # I/2024. A lone "ngày 19" is left to the reader: folded, it cannot be told from "ngay"
    # (at once) in "tặng ngay 5 suất quà".
    (
        Reason.DATE,
        re.compile(
            _N + r"(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}/\d{4}|\d{1,2}([-.])\d{1,2}\1\d{4})"
            r"(?![\d/])"
            r"|\bngay\s+\d{1,2}(?:\s*/\s*\d{1,2}(?:/\d{2,4})?|\s+thang\s+\d{1,2}"
            r"(?:\s+nam\s+\d{4})?)\b"
            r"|\bthang\s+\d{1,2}(?:\s*[,+;-]\s*\d{1,2})*(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?\b"
            r"|\bquy\s+[ivx]+\b(?:\s*[/.]\s*\d{4})?"
        ),
    ),
    (Reason.TIME, re.compile(_N + r"\b\d{1,2}(?:(?::|h)\d{2}\b|\s*(?:h|gio)\b(?:\s+\d{1,2}\b)?)")),
    (
        Reason.YEAR,
        re.compile(
            _N + r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b(?![.,/]\d)"
            r"|\b(?:nam|nhiem ky|khoa|giai doan|nien khoa)\s+(?:19|20)\d{2}"
            r"(?:\s*[-–]\s*(?:19|20)\d{2})?\b(?![.,/]\d)"
        ),
    ),
)


def masks(text: str, folded: str, origin: list[int]) -> Iterator[tuple[Reason, int, int]]:
    """Spans of `folded` (and `origin`, from `fold_with_origin(text)`) holding numbers that
    are no figures, with the reason; spans never overlap, nor cut a number in two."""
    taken: list[tuple[int, int]] = []
    for reason, pattern in _MASKS:
        for match in pattern.finditer(folded):
            a, b = match.span()
            if any(a < end and start < b for start, end in taken) or _cuts(folded, b):
                continue
            if pattern is _CODE and not _in_capitals(text, origin, a, b):
                continue
            taken.append((a, b))
            yield reason, a, b


def _cuts(folded: str, b: int) -> bool:
    """A mask ending at `b` would cut a number in two ("0:00.0", "8h30,5")."""
    rest = folded[b : b + 2]
    return rest[:1].isdigit() or (rest[:1] in (".", ",") and rest[1:2].isdigit())


def _in_capitals(text: str, origin: list[int], a: int, b: int) -> bool:
    """The letters of `72/HTS` as typed are capitals; those of "500.000đ/suất" are not."""
    letters = [text[origin[k]] for k in range(a, b) if "a" <= text[origin[k]].casefold() <= "z"]
    return all(c.isupper() for c in letters)


_NOUNS: dict[Reason, tuple[str, ...]] = {
    Reason.UNITS: (*_UNIT_NOUNS.split("|"), "tinh, thanh", "huyen, thi", "chi hoi, to"),
    Reason.PEOPLE: (
        "hoi vien",
        "hoi vien moi",
        "nguoi",
        "luot nguoi",
        "luot hoi vien",
        "luot can bo",
        "dai bieu",
        "can bo",
        "dong chi",
        "d / c",
        "gia dinh",
        "ho",
        "ho gia dinh",
        "cuu chien binh",
        "ccb",
        "thuong binh",
        "benh binh",
        "than nhan",
        "liet si",
        "me",
        "cu",
        "chau",
        "em",
        "hoc sinh",
        "sinh vien",
        "doi tuong",
        "truong hop",
        "nan nhan",
        "chien si",
        "thanh vien",
        "cuu thanh nien xung phong",
        "ban doc",
        "khach",
    ),
    Reason.DATE: ("nam", "thang", "ngay", "tuan", "quy", "thang dau nam", "thang cuoi nam"),
    Reason.VISITS: (
        "luot truy cap",
        "luot xem",
        "luot tuong tac",
        "luot thich",
        "luot chia se",
        "luot theo doi",
        "luot nghe",
        "luot",
        "view",
        "luot view",
        "like",
        "truy cap",
    ),
    Reason.OTHER: (
        "tin",
        "tin bai",
        "bai",
        "bai viet",
        "video",
        "lan",
        "dot",
        "cuoc",
        "buoi",
        "hoi nghi",
        "lop",
        "chuyen",
        "doan",
        "km",
        "ha",
        "tan",
        "kg",
        "ky",
        "van ban",
        "cong van",
        "ke hoach",
        "bao cao",
        "so",
        "trang",
        "tap",
        "cuon",
    ),
}
_COMPILED = sorted(
    (
        (tuple(t.text for t in tokenize(noun)), reason)
        for reason, ns in _NOUNS.items()
        for noun in ns
    ),
    key=lambda pair: -len(pair[0]),
)


def noun_after(tokens: list[Token], i: int) -> tuple[Reason, int] | None:
    """The reason and the end index of a noun that is no indicator at token `i`."""
    for words, reason in _COMPILED:
        if tuple(t.text for t in tokens[i : i + len(words)]) == words:
            return reason, i + len(words)
    return None


def per_item(tokens: list[Token], start: int, end: int) -> bool:
    """An amount at tokens [start, end) given per item: "500.000đ/suất", "mỗi suất 300 nghìn"."""
    after = [t.text for t in tokens[end : end + 2]]
    before = tokens[max(start - 4, 0) : start]
    # Folded, "mỗi" (each) and "mới" (new) are both "moi": "mỗi" is followed by what it
    # counts ("mỗi suất"), "xây mới" by the number of what was built ("xây mới 9 nhà").
    each = any(
        t.text == "moi" and k + 1 < len(before) and before[k + 1].kind == "word"
        for k, t in enumerate(before)
    )
    return (after[:1] == ["/"] and len(after) == 2 and after[1].isalpha()) or each


_PARTS = re.compile(r"\b(?:trong do|trong so do|bao gom|gom co|gom|cu the)\b")


def parts_start(folded: str) -> int | None:
    """Where a breakdown of the totals begins ("Trong đó, Hội Nữ …"), if anywhere."""
    match = _PARTS.search(folded)
    return match.start() if match else None


# "…, tổng cộng 310 suất", "…; cộng: 12 nhà": a total written after its parts.
_CLOSING = re.compile(r"(?:^|[,;]\s*)(?:tong cong|tong so|cong)\s*[:=]?[\s.…:]*(?=\d)")
# "(TW 120, Hội Nữ 35, các địa phương 900)": parts in brackets, two or more.
_BRACKETED = re.compile(r"\(([^()]*\d[^()]*[,;][^()]*\d[^()]*)\)")


def closing_totals(folded: str) -> Iterator[tuple[int, int, int]]:
    """For each total written after its parts: where its parts may start (after the last
    colon before it, else 0), where its marker starts, where its number starts."""
    for match in _CLOSING.finditer(folded):
        colon = folded.rfind(":", 0, match.start())
        yield colon + 1, match.start(), match.end()


def bracketed_parts(folded: str) -> Iterator[tuple[int, int]]:
    """Where each bracket holding two parts or more opens and closes."""
    for match in _BRACKETED.finditer(folded):
        yield match.start(), match.end()
