"""Statements of a total with its parts, as quarterly reports write them.

"Toàn Hội tặng 1.055 suất quà với tổng giá trị = 2.522.500.000 đ (…). Trong đó, Trung ương
Hội tặng 120 suất = 300.000.000 đ; Hội Nữ 35 suất = 87.500.000 đ; các địa phương 900 suất =
2.135.000.000 đ." The total is the sentence before "Trong đó" (or the words before it in
the same sentence); the parts run to the end of that sentence, split at ";", or are the
bulleted items under a "Trong đó:" line. Parts written with commas are split at commas,
a piece that starts with a number or a verb ("…, xây 12 nhà") staying with its part.
Each total and part is read by the figure reader (bot.figures.sentences), or, when it
reads nothing, as counts of a named thing (bot.figures.checking.nouns).

How the parts are read is the statement's `reading`: only "Trong đó" whose list closes with
the rest ("các địa phương", "còn lại", "các đơn vị khác"), or "gồm" ("made up of"), is a full
breakdown; "trong đó
có", "riêng", "nổi bật là" name some units only ("among which"), and so does a "Trong đó"
list that names no rest. Totals written after their parts and parts in brackets are read
in bot.figures.checking.lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from bot.figures.checking.nouns import counts, first_count
from bot.figures.checking.paragraphs import Paragraph
from bot.figures.sentences import Extraction, IssueKind, Vocabulary, extract_figures
from bot.text.folding import fold, fold_with_origin
from bot.text.formatting import format_number

_MARKER = re.compile(
    r"\b(?:trong do|trong so do|cu the)\b|\b(?P<all>bao gom|gom)\b"
    r"|(?:^|(?<=[,;:]\s))(?P<some>rieng|noi bat la)\b"
)
# After the marker, or as the marker: the list names some units only.
_AMONG = re.compile(r"\s*:?\s*(?:co\b|rieng\b|noi bat(?: nhat)?(?: la)?\b|dang chu y\b)")
# The last part is the rest of the units: the list is complete.
_REST = re.compile(r"^\W*cac\b|\bcon lai\b|\bkhac\b")
_SENTENCE_END = re.compile(r"(?:\./\.|[.!?])(?=\s+[^\W\d_])")
_ABBREVIATIONS = {"tp", "tx", "tt", "q", "p", "ths", "ts", "gs", "pgs", "ccb", "ubnd", "hts"}
_WHOLE = re.compile(r"\b(?:toan hoi|toan quoc|ca nuoc|toan he thong|tong hop chung)\b")
_BULLET = re.compile(r"\s*(?:[-+•*–]|[a-zđ]\)|\d{1,2}[.)])\s")
_CONTINUES = re.compile(
    r"\s*(?:\d|=|tang |xay |trao |ho tro |van dong |sua |voi |tri gia |tong |gom |kinh phi"
    r"|so tien |thanh tien |tuong duong |va )"
)
# A bare number this large in a part of a total that has money is its money.
_BARE_MONEY = 1_000_000


class Reading(Enum):
    """How the parts of a total were read; the checker says which in each finding."""

    BREAKDOWN = "breakdown"  # "Trong đó, …; các địa phương …": the parts make the total
    LISTED = "listed"  # "Trong đó, A …; B …" naming no rest: maybe only some units
    AMONG = "among"  # "trong đó có", "riêng", "nổi bật là": some units only
    AFTER = "after"  # "A …, B …, tổng cộng …" or a "Cộng:" line under the parts
    BRACKETS = "brackets"  # "1.055 suất (TW 120, Hội Nữ 35, các địa phương 900)"

    @property
    def complete(self) -> bool:
        """The parts are meant to add up to the total."""
        return self not in (Reading.LISTED, Reading.AMONG)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a total: its words and its value for each indicator it gives."""

    text: str
    values: dict[str, int]


@dataclass(frozen=True, slots=True)
class Statement:
    """A total (first value of each indicator, with the words that give it) and its parts."""

    quote: str
    line: int
    totals: dict[str, int]
    written: dict[str, str]  # the words of each total, as written
    parts: list[Part] = field(default_factory=list)
    whole: bool = False  # the total is of the whole association ("toàn Hội")
    reading: Reading = Reading.BREAKDOWN


def sentence_start(text: str, end: int) -> int:
    """Where the sentence holding the position `end - 1` starts."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, end):
        if match.end() >= end or _abbreviation(text, match.start()):
            continue
        start = match.end()
    return start


def sentence_end(text: str, start: int) -> int:
    for match in _SENTENCE_END.finditer(text, start):
        if not _abbreviation(text, match.start()):
            return match.start()
    return len(text)


def _abbreviation(text: str, dot: int) -> bool:
    word = fold(text[:dot].rsplit(" ", 1)[-1])
    return word in _ABBREVIATIONS


def total_of(text: str, vocabulary: Vocabulary) -> tuple[dict[str, int], dict[str, str]]:
    """The values a total's words give, and the words of each, indicators first."""
    read = extract_figures(text, vocabulary)
    totals = _values(read, money=None)
    if totals:
        return totals, {f.code: f.text for f in reversed(read.figures)}
    totals = first_count(text)
    return totals, {code: f"{format_number(value)} {code[1:]}" for code, value in totals.items()}


def part_values(text: str, vocabulary: Vocabulary, totals: dict[str, int]) -> dict[str, int]:
    """What a part gives of the total's indicators (or of its named thing)."""
    money = next((c for c, (kind, _w) in vocabulary.items() if kind == "money"), None)
    values = _values(extract_figures(text, vocabulary), money=money if money in totals else None)
    named = {c: v for c, v in counts(text).items() if c in totals}
    return values or named


def _values(extraction: Extraction, *, money: str | None) -> dict[str, int]:
    values: dict[str, int] = {}
    for figure in extraction.figures:
        values.setdefault(figure.code, figure.value)
    if money is not None and money not in values:
        bare = [
            i.values[0]
            for i in extraction.issues
            if i.kind is IssueKind.UNRECOGNISED and i.values and i.values[0] >= _BARE_MONEY
        ]
        if bare:
            values[money] = bare[0]
    return values


def _segments(region: str) -> list[str]:
    pieces = [p for p in re.split(r";", region) if p.strip(" .,:")]
    if len(pieces) > 1:
        return pieces
    merged: list[str] = []
    for piece in region.split(","):
        if merged and (_CONTINUES.match(fold(piece)) or not merged[-1].strip(" .:")):
            merged[-1] += "," + piece
        else:
            merged.append(piece)
    return [p for p in merged if p.strip(" .,:")]


def _cut_nested(part: str) -> str:
    """A part with a breakdown of its own ("…, trong đó Hà Nội 300 suất"): its head only."""
    folded, origin = fold_with_origin(part)
    match = _MARKER.search(folded)
    return part[: origin[match.start()]] if match else part


def find_statements(items: list[Paragraph], vocabulary: Vocabulary) -> Iterator[Statement]:
    """Each total with its parts in the report's paragraphs, in order."""
    for index, paragraph in enumerate(items):
        text = paragraph.text
        folded, origin = fold_with_origin(text)
        taken = 0  # a marker inside parts already read is a nested breakdown
        for match in _MARKER.finditer(folded):
            at = origin[match.start()]
            if at < taken:
                continue
            head = text[sentence_start(text, at) : at]
            line = paragraph.line_at(sentence_start(text, at))
            if not head.strip() and index > 0:
                # "Trong đó:" on a line of its own: the total is the sentence before it.
                before = items[index - 1]
                start = sentence_start(before.text, len(before.text.rstrip(" .")))
                head, line = before.text[start:], before.line_at(start)
            totals, written = total_of(head, vocabulary)
            if not totals:
                continue
            after = origin[match.end() - 1] + 1
            end = sentence_end(text, after)
            taken = end
            region = text[after:end]
            among = match.group("some") is not None or bool(_AMONG.match(folded, match.end()))
            segments = _segments(region)
            if not any(part_values(s, vocabulary, totals) for s in segments):
                segments = list(_bullets(items[index + 1 :]))
            parts = []
            for segment in segments:
                values = part_values(_cut_nested(segment), vocabulary, totals)
                if values:
                    parts.append(Part(" ".join(segment.split()).strip(" ,;:.-"), values))
            yield Statement(
                quote=" ".join(head.split()),
                line=line,
                totals=totals,
                written=written,
                parts=parts,
                whole=bool(_WHOLE.search(fold(head))),
                reading=Reading.BREAKDOWN if match.group("all") else _reading(among, parts, head),
            )


def _reading(among: bool, parts: list[Part], head: str) -> Reading:
    """A list is complete when it closes with the rest, or when the total's words name
    every part ("xây mới và sửa chữa 17 nhà. Trong đó: xây mới 9 nhà; sửa chữa 8 nhà")."""
    if among:
        return Reading.AMONG
    if parts and _REST.search(fold(parts[-1].text)):
        return Reading.BREAKDOWN
    labels = [fold(re.split(r"\d", p.text, maxsplit=1)[0]).strip(" ,:;=-") for p in parts]
    if parts and all(label and label in fold(head) for label in labels):
        return Reading.BREAKDOWN
    return Reading.LISTED


def _bullets(following: list[Paragraph]) -> Iterator[str]:
    """The bulleted items right after a "Trong đó:" line."""
    for paragraph in following:
        if not _BULLET.match(paragraph.text):
            return
        yield _BULLET.sub("", paragraph.text, count=1)
