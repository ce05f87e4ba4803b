"""Telegram's HTML parse mode: the tags it accepts, the entities it decodes, the errors it gives.

Follows TDLib's parser (tag and attribute syntax, error wording with UTF-8 byte offsets) with
one deliberate difference: a bare `&` that starts no entity is refused. Telegram keeps it as
text, but a bot that forgets to escape `&` in user input also forgets `<`, which Telegram
refuses, so the fake reports the mistake at the first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.fakeapi.common import utf16_len

_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));?")
_SPECIAL = re.compile(r"[<&]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")


class HtmlError(ValueError):
    """The text after "can't parse entities: " in Telegram's answer."""


@dataclass(slots=True)
class _Open:
    tag: str
    start: int
    order: int
    attrs: dict[str, str] = field(default_factory=dict)


def _offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


def _entity(src: str, i: int, strict: bool) -> tuple[str, int]:
    match = _ENTITY.match(src, i)
    if match:
        decimal, hexa, name = match.groups()
        if name is None:
            code = int(decimal) if decimal else int(hexa, 16)
            if 0xD800 <= code <= 0xDFFF:
                raise HtmlError(
                    "Text contains invalid Unicode characters after decoding HTML entities, "
                    "check for unmatched surrogate code units"
                )
            if 0 < code <= 0x10FFFF:
                return chr(code), match.end()
        elif name.lower() in _NAMED:
            return _NAMED[name.lower()], match.end()
    if strict:
        raise HtmlError(
            f'Unescaped "&" at byte offset {_offset(src, i)}; write &amp; '
            "(the fake is stricter than Telegram here)"
        )
    return "&", i + 1


def _unescape(value: str) -> str:
    out, i = [], 0
    while (j := value.find("&", i)) >= 0:
        out.append(value[i:j])
        char, i = _entity(value, j, strict=False)
        out.append(char)
    out.append(value[i:])
    return "".join(out)


def _skip_spaces(src: str, i: int) -> int:
    while i < len(src) and src[i].isspace():
        i += 1
    return i


def _attributes(src: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Attributes of a start tag from just after its name; returns them and the index past >."""
    attrs: dict[str, str] = {}
    n = len(src)
    while True:
        i = _skip_spaces(src, i)
        if i >= n:
            raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {_offset(src, begin)}')
        if src[i] == ">":
            return attrs, i + 1
        j = i
        while j < n and not src[j].isspace() and src[j] not in "=>":
            j += 1
        if j == i:
            raise HtmlError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_offset(src, begin)}'
            )
        name = src[i:j].lower()
        i = _skip_spaces(src, j)
        if i >= n or src[i] != "=":
            attrs[name] = ""
            continue
        i = _skip_spaces(src, i + 1)
        if i >= n:
            raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {_offset(src, begin)}')
        if src[i] in "\"'":
            end = src.find(src[i], i + 1)
            if end < 0:
                raise HtmlError(f"Unclosed start tag at byte offset {_offset(src, begin)}")
            attrs[name] = _unescape(src[i + 1 : end])
            i = end + 1
            continue
        token = _NAME_TOKEN.match(src, i)
        end = token.end() if token else i
        if end >= n or not (src[end].isspace() or src[end] == ">"):
            raise HtmlError(f"Unexpected end of name token at byte offset {_offset(src, i)}")
        attrs[name] = src[i:end]
        i = end


def _start_tag(src: str, i: int, stack: list[_Open], position: int, order: int) -> int:
    n, begin, j = len(src), i, i + 1
    while j < n and not src[j].isspace() and src[j] != ">":
        j += 1
    if j >= n:
        raise HtmlError(f"Unclosed start tag at byte offset {_offset(src, begin)}")
    tag = src[i + 1 : j].lower()
    if tag not in _KINDS:
        raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {_offset(src, begin)}')
    attrs, i = _attributes(src, j, tag, begin)
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_offset(src, begin)}'
        )
    stack.append(_Open(tag, position, order, attrs))
    return i


def _entity_for(opened: _Open, length: int) -> dict[str, Any] | None:
    kind, attrs = _KINDS[opened.tag], opened.attrs
    entity: dict[str, Any] = {"type": kind, "offset": opened.start, "length": length}
    if kind == "text_link":
        if not attrs.get("href"):
            return None
        entity["url"] = attrs["href"]
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif kind == "date_time":
        entity["unix_time"] = int(attrs.get("unix", "0") or 0)
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and attrs.get("class", "").startswith("language-"):
        entity["language"] = attrs["class"].removeprefix("language-")
    return entity


def _end_tag(src: str, i: int, stack: list[_Open], position: int) -> tuple[int, _Open]:
    n, begin = len(src), i
    if not stack:
        raise HtmlError(f"Unexpected end tag at byte offset {_offset(src, begin)}")
    j = i + 2
    while j < n and not src[j].isspace() and src[j] != ">":
        j += 1
    name = src[i + 2 : j].lower()
    j = _skip_spaces(src, j)
    if j >= n or src[j] != ">":
        raise HtmlError(f"Unclosed end tag at byte offset {_offset(src, begin)}")
    opened = stack[-1]
    if name and name != opened.tag:
        raise HtmlError(
            f"Unmatched end tag at byte offset {_offset(src, begin)}, "
            f'expected "</{opened.tag}>", found "</{name}>"'
        )
    return j + 1, stack.pop()


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and MessageEntity list Telegram makes of an HTML-formatted text."""
    out: list[str] = []
    entities: list[tuple[int, dict[str, Any]]] = []
    stack: list[_Open] = []
    position, i, n, opened_count = 0, 0, len(src), 0
    while i < n:
        special = _SPECIAL.search(src, i)
        stop = special.start() if special else n
        if stop > i:
            chunk = src[i:stop]
            out.append(chunk)
            position += utf16_len(chunk)
            i = stop
            continue
        if src[i] == "&":
            char, i = _entity(src, i, strict=True)
            out.append(char)
            position += utf16_len(char)
        elif src.startswith("</", i):
            i, opened = _end_tag(src, i, stack, position)
            entity = _entity_for(opened, position - opened.start)
            if entity is not None and entity["length"] > 0:
                entities.append((opened.order, entity))
        else:
            i = _start_tag(src, i, stack, position, opened_count)
            opened_count += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    # Outer entities first, as Telegram lists them; the opening order breaks ties.
    entities.sort(key=lambda item: (item[1]["offset"], -item[1]["length"], item[0]))
    return "".join(out), [entity for _, entity in entities]


def strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram drops leading and trailing whitespace of a message; entities move with it."""
    stripped = text.strip()
    if stripped == text or not entities:
        return stripped, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    moved = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved
