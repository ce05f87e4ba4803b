"""Splitting a long HTML text into parts Telegram accepts (4,096 characters, 1,024 in captions).

Lengths are counted as Telegram counts them: UTF-16 code units of the text after parsing,
so tags count nothing and `&amp;` counts one. A cut falls at a paragraph break if one is in
the second half of the part, else at a line break, else between words, else wherever the
text must be cut, but never inside a tag or an entity. Tags open at a cut are closed at the
end of the part and opened again at the start of the next, so every part is valid HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_TEXT = 4096
MAX_CAPTION = 1024

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]{1,16});")
OpenTags = tuple[tuple[str, str], ...]  # (name, opening tag) of each tag open, outermost first
_NO_TAGS: OpenTags = ()
# Kinds of places to cut, best first.
_PARAGRAPH, _LINE, _WORD = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Cut:
    end: int  # the part ends here (exclusive)
    resume: int  # the next part starts here
    length: int  # rendered length of the part up to `end`
    open_tags: OpenTags  # open at `end`


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def rendered_len(text: str) -> int:
    """The length Telegram counts for an HTML text."""
    plain = html.unescape(_TAG.sub("", text))
    return utf16_len(plain.strip())


def split_html(text: str, limit: int = MAX_TEXT, later_limit: int | None = None) -> list[str]:
    """Parts of at most `limit` characters (the first) and `later_limit` (the others)."""
    later = limit if later_limit is None else later_limit
    if rendered_len(text) <= limit:
        return [text]
    parts: list[str] = []
    position, open_tags = 0, _NO_TAGS
    while True:
        budget = later if parts else limit
        cut = _next_cut(text, position, open_tags, budget)
        reopen = "".join(tag for _, tag in open_tags)
        if cut is None:
            rest = reopen + text[position:]
            if rendered_len(rest):
                parts.append(rest)
            return parts
        close = "".join(f"</{name}>" for name, _ in reversed(cut.open_tags))
        parts.append(reopen + text[position : cut.end] + close)
        position, open_tags = cut.resume, cut.open_tags


def _next_cut(text: str, start: int, open_tags: OpenTags, limit: int) -> _Cut | None:
    """Where the part starting at `start` must end, or None if the rest fits."""
    stack = list(open_tags)
    best: list[_Cut | None] = [None, None, None]
    length, i, size = 0, start, len(text)
    while i < size:
        char = text[i]
        tag = _TAG.match(text, i) if char == "<" else None
        if tag is not None:
            closing, name = tag.group(1), tag.group(2).lower()
            if not closing:
                stack.append((name, tag.group(0)))
            elif any(open_name == name for open_name, _ in stack):
                while stack and stack.pop()[0] != name:
                    pass
            i = tag.end()
            continue
        if char == "&" and (entity := _ENTITY.match(text, i)):
            token, width = entity.group(0), utf16_len(html.unescape(entity.group(0)))
        else:
            token, width = char, utf16_len(char)
        if char in " \n\t" and length:
            kind = _PARAGRAPH if text.startswith("\n\n", i) else _LINE if char == "\n" else _WORD
            resume = i
            while resume < size and text[resume] in " \n\t":
                resume += 1
            best[kind] = _Cut(i, resume, length, tuple(stack))
        if length + width > limit:
            return _choose(best, limit) or _Cut(i, i, length, tuple(stack))
        length += width
        i += len(token)
    return None


def _choose(best: list[_Cut | None], limit: int) -> _Cut | None:
    for cut in best:
        if cut is not None and cut.length >= limit // 2:
            return cut
    found = [cut for cut in best if cut is not None]
    return max(found, key=lambda cut: cut.length) if found else None
