"""A report's text as paragraphs, its wrapped lines joined again, each place traced back to
its line, so a finding can say where it stands.

Text from a PDF or copied from an e-mail breaks sentences over lines. A line is joined to
the one before unless that one ends a sentence (`.`, `:`, `;`) or is blank, or the line
starts an item of its own: a bullet (`-`, `+`, `•`), a number or letter of a list (`1.`,
`a)`, `II-`), or the line before is short and this one starts with a capital (a heading).
Copied emphasis is taken off first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.emphasis import strip_emphasis

_ITEM = re.compile(r"\s*(?:[-+•*–]\s|\d{1,2}\s*[.)/-]\s|[a-zđ]\)\s|[IVX]{1,4}\s*[.-])")
_ENDS = (".", ":", ";", "./.")
_SHORT = 70


@dataclass(frozen=True, slots=True)
class Paragraph:
    """The joined text and, for each character, the number of its line (from 1)."""

    text: str
    lines: tuple[int, ...]

    def line_at(self, index: int) -> int:
        return self.lines[min(index, len(self.lines) - 1)] if self.lines else 0


def _heading(before: str, line: str) -> bool:
    """A short line before a line that starts with a capital: a heading, not a wrapped line."""
    return len(before) < _SHORT and line[:1].isupper()


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of `text`, blank ones left out."""
    found: list[Paragraph] = []
    parts: list[str] = []
    lines: list[int] = []

    def close() -> None:
        if parts and "".join(parts).strip():
            found.append(Paragraph("".join(parts), tuple(lines)))
        parts.clear()
        lines.clear()

    for number, raw in enumerate(strip_emphasis(text).splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            close()
            continue
        if parts and (
            _ITEM.match(line) or parts[-1].rstrip().endswith(_ENDS) or _heading(parts[-1], line)
        ):
            close()
        if parts:
            parts.append(" ")
            lines.append(number)
        parts.append(line)
        lines.extend([number] * len(line))
    close()
    return found
