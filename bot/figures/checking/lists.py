"""Totals written after their parts, and parts in brackets, as reports also write them.

"… chi hội Vinh 120 suất, chi hội Cửa Lò 90 suất, tổng cộng 210 suất." and "xây mới 4 nhà,
sửa chữa 7 nhà; cộng: 11 nhà": the parts run back from "tổng cộng" / "cộng" to the colon
before them (or the sentence's start). In a table-like layout, a "Cộng:" or "Tổng cộng:"
line closes the lines above it up to the line that ends with a colon. "1.055 suất (TW 120,
Hội Nữ 35, các địa phương 900)": the number right before the bracket is the total, and a
bare number in the bracket is a part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.figures.checking.paragraphs import Paragraph
from bot.figures.checking.statements import (
    Part,
    Reading,
    Statement,
    part_values,
    sentence_end,
    sentence_start,
    total_of,
)
from bot.figures.sentences import IssueKind, Vocabulary, extract_figures
from bot.text.folding import fold, fold_with_origin

_CLOSING = re.compile(r"(?:^|[,;]\s*)(?:tong cong|tong so|cong)\s*[:=]?[\s.…:]*(?=\d)")
_BRACKETS = re.compile(r"\(([^()]*)\)")


def _split(region: str) -> list[str]:
    """Parts at semicolons, else at commas (never the decimal comma of "1,5 tỷ"); words
    with no number join the part after them."""
    pieces: list[str] = []
    carried = ""
    for piece in re.split(r";" if ";" in region else r",(?!\d)", region):
        if re.search(r"\d", piece):
            pieces.append(carried + piece)
            carried = ""
        else:
            carried += piece + ","
    return [p for p in pieces if p.strip()]


def _parts(pieces: list[str], vocabulary: Vocabulary, totals: dict[str, int]) -> list[Part]:
    parts = []
    for piece in pieces:
        values = part_values(piece, vocabulary, totals)
        if values:
            parts.append(Part(" ".join(piece.split()).strip(" ,;:.-"), values))
    return parts


def find_closing(items: list[Paragraph], vocabulary: Vocabulary) -> Iterator[Statement]:
    """Each "tổng cộng …" / "cộng: …" with the parts written before it."""
    for index, paragraph in enumerate(items):
        text = paragraph.text
        folded, origin = fold_with_origin(text)
        for match in _CLOSING.finditer(folded):
            at, after = origin[match.start()], origin[match.end() - 1] + 1
            totals, written = total_of(text[after : sentence_end(text, after)], vocabulary)
            if not totals:
                continue
            if match.start() == 0:
                pieces = _lines_above(items[:index])
            else:
                start = sentence_start(text, at)
                colon = text.rfind(":", start, at)
                pieces = _split(text[(colon + 1 if colon >= 0 else start) : at])
            parts = _parts(pieces, vocabulary, totals)
            if len(parts) > 1:
                quote = " ".join(text[at : sentence_end(text, after)].split()).strip(" ,;.")
                yield Statement(
                    quote, paragraph.line_at(at), totals, written, parts, reading=Reading.AFTER
                )


def _lines_above(above: list[Paragraph]) -> list[str]:
    """The lines of a table-like list above its "Cộng:" line, up to the line that opens it."""
    pieces: list[str] = []
    for paragraph in reversed(above):
        if paragraph.text.rstrip().endswith(":") or not re.search(r"\d", paragraph.text):
            break
        pieces.insert(0, paragraph.text)
    return pieces


def find_bracketed(items: list[Paragraph], vocabulary: Vocabulary) -> Iterator[Statement]:
    """Each "N … (A a, B b, …)" whose bracket holds two parts or more."""
    for paragraph in items:
        text = paragraph.text
        for match in _BRACKETS.finditer(text):
            pieces = _split(match.group(1))
            if len(pieces) < 2:
                continue
            start = sentence_start(text, match.start())
            read = extract_figures(text[start : match.start()], vocabulary)
            last = max(read.figures, key=lambda f: f.span[1], default=None)
            if last is None or read.text[last.span[1] :].strip():
                continue
            totals, written = {last.code: last.value}, {last.code: last.text}
            parts = [_bare(piece, vocabulary, last.code) for piece in pieces]
            found = [p for p in parts if p is not None]
            if len(found) > 1:
                quote = " ".join(text[start : match.end()].split())
                line = paragraph.line_at(match.start())
                yield Statement(quote, line, totals, written, found, reading=Reading.BRACKETS)


def _bare(piece: str, vocabulary: Vocabulary, code: str) -> Part | None:
    """A part in brackets: its figure of the total's indicator, or its bare number."""
    words = " ".join(piece.split()).strip(" ,;:.-")
    values = part_values(piece, vocabulary, {code: 0})
    if code in values:
        return Part(words, {code: values[code]})
    read = extract_figures(piece, vocabulary)
    bare = [i.values[0] for i in read.issues if i.kind is IssueKind.UNRECOGNISED and i.values]
    if len(bare) == 1 and not read.figures:
        return Part(words, {code: bare[0]})
    return None if fold(words) == "" else Part(words, {})
