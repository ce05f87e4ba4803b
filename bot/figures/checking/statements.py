"""Statements of a total with its parts, as quarterly reports write them.

"Toàn Hội tặng 1.055 suất quà với tổng giá trị = 2.522.500.000 đ (…). Trong đó, Trung ương
Hội tặng 120 suất = 300.000.000 đ; Hội Nữ 35 suất = 87.500.000 đ; các địa phương 900 suất =
2.135.000.000 đ." The total is the sentence before "Trong đó" (or the words before it in
the same sentence); the parts run to the end of that sentence, split at ";", or are the
bulleted items under a "Trong đó:" line. Parts written with commas are split at commas,
a piece that starts with a number or a verb ("…, xây 12 nhà") staying with its part.
Each total and part is read by the figure reader (bot.figures.sentences).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.figures.checking.paragraphs import Paragraph
from bot.figures.sentences import Extraction, IssueKind, Vocabulary, extract_figures
from bot.text.folding import fold, fold_with_origin

_MARKER = re.compile(r"\b(?:trong do|trong so do|bao gom|cu the)\b")
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


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence holding the position `end - 1` starts."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, end):
        if match.end() >= end or _abbreviation(text, match.start()):
            continue
        start = match.end()
    return start


def _sentence_end(text: str, start: int) -> int:
    for match in _SENTENCE_END.finditer(text, start):
        if not _abbreviation(text, match.start()):
            return match.start()
    return len(text)


def _abbreviation(text: str, dot: int) -> bool:
    word = fold(text[:dot].rsplit(" ", 1)[-1])
    return word in _ABBREVIATIONS


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
            head = text[_sentence_start(text, at) : at]
            line = paragraph.line_at(_sentence_start(text, at))
            if not head.strip() and index > 0:
                # "Trong đó:" on a line of its own: the total is the sentence before it.
                before = items[index - 1]
                start = _sentence_start(before.text, len(before.text.rstrip(" .")))
                head, line = before.text[start:], before.line_at(start)
            total = extract_figures(head, vocabulary)
            totals = _values(total, money=None)
            if not totals:
                continue
            after = origin[match.end() - 1] + 1
            end = _sentence_end(text, after)
            taken = end
            region = text[after:end]
            segments = _segments(region)
            if not any(extract_figures(s, vocabulary).figures for s in segments):
                segments = list(_bullets(items[index + 1 :]))
            money = next((c for c, (kind, _w) in vocabulary.items() if kind == "money"), None)
            money = money if money in totals else None
            parts = []
            for segment in segments:
                read = extract_figures(_cut_nested(segment), vocabulary)
                values = _values(read, money=money)
                if values:
                    parts.append(Part(" ".join(segment.split()).strip(" ,;:.-"), values))
            written = {f.code: f.text for f in reversed(total.figures)}
            yield Statement(
                quote=" ".join(head.split()),
                line=line,
                totals=totals,
                written=written,
                parts=parts,
                whole=bool(_WHOLE.search(fold(head))),
            )


def _bullets(following: list[Paragraph]) -> Iterator[str]:
    """The bulleted items right after a "Trong đó:" line."""
    for paragraph in following:
        if not _BULLET.match(paragraph.text):
            return
        yield _BULLET.sub("", paragraph.text, count=1)
