"""Line and column helpers shared by the header and closing parsers.

Documents reach us as text copied out of Word, PDF or a web page, where a
two-column layout (organisation | national motto, Nơi nhận | signature) survives
only as long runs of spaces and no-break spaces. A run of three or more blanks,
or a tab, is therefore treated as a column gap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters and soft hyphens come along from Word and web pages and
# would otherwise split words invisibly.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Old Vietnamese fonts type "Đ" as the Icelandic eth, which looks the same.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})

_GAP = re.compile(r"[^\S\n\t]{3,}|\t+")
_BLANKS = re.compile(r"\s+")
_BULLET = re.compile(r"^[-–—+•*·●▪]\s*")
_LIST_MARKER = re.compile(r"^(?:[a-zđ]|[ivx]+|\d+)[-).]\s", re.IGNORECASE)

LEFT = 0
RIGHT = 1


@dataclass(frozen=True, slots=True)
class Cell:
    """A piece of a line between column gaps, whitespace tidied."""

    column: int
    text: str


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: the raw text and its tidied form."""

    raw: str
    text: str

    @property
    def blank(self) -> bool:
        return not self.text

    def cells(self) -> list[Cell]:
        """Split on column gaps; a line that starts with a gap has no left column."""
        parts = _GAP.split(self.raw)
        out: list[Cell] = []
        for index, part in enumerate(parts):
            text = tidy(part)
            if not text:
                continue
            # A leading gap leaves an empty first part, so anything at index 0 is
            # left-hand and everything after a gap is right-hand.
            out.append(Cell(LEFT if index == 0 else RIGHT, text))
        return out


def prepare(text: str) -> list[Line]:
    """Normalise ``text`` (NFC, no invisibles) and cut it into lines."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_LOOKALIKES)
    return [Line(raw, tidy(raw)) for raw in text.splitlines()]


def tidy(text: str) -> str:
    """Collapse every run of blanks (no-break spaces included) into one space."""
    return _BLANKS.sub(" ", text).strip()


def is_upper(text: str) -> bool:
    """True when ``text`` has letters and none of them is lower case."""
    return any(c.isalpha() for c in text) and text == text.upper()


def has_letters(text: str) -> bool:
    return any(c.isalnum() for c in text)


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


def has_bullet(text: str) -> bool:
    return _BULLET.match(text) is not None


def starts_list_item(text: str) -> bool:
    """Whether ``text`` opens a list item ("a- …", "2. …", "- …"), never a wrapped tail."""
    return _LIST_MARKER.match(text) is not None or has_bullet(text)


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def join_wrapped(texts: list[str]) -> list[str]:
    """Glue a line that starts in lower case onto the previous unfinished line.

    Copying from Word or PDF breaks long paragraphs where the page did; a
    paragraph never begins with a lower-case word unless it is a list item.
    """
    out: list[str] = []
    for text in texts:
        if (
            out
            and starts_lower(text)
            and not starts_list_item(text)
            and not out[-1].endswith((".", ";", ":", "!", "?"))
        ):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out
