"""A short preview of a directive for a chat message."""

from __future__ import annotations

import re

from bot.directives.text.model import DirectiveDraft

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_ELLIPSIS = "…"


def summary(draft: DirectiveDraft, max_chars: int = 300) -> str:
    """The first whole sentences of the body that fit in ``max_chars``.

    When even the first sentence is too long it is cut at a word boundary and
    ends with "…". An empty body falls back to the title.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    text = " ".join(draft.body.split()) or " ".join((draft.title or "").split())
    if len(text) <= max_chars:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}" if kept else sentence
        if len(candidate) > max_chars:
            break
        kept = candidate
    return kept or _cut(text, max_chars)


def _cut(text: str, max_chars: int) -> str:
    room = text[: max_chars - len(_ELLIPSIS)]
    if text[len(room)].isspace():
        cut = room
    else:
        head, space, _ = room.rpartition(" ")
        # With no space in reach (one very long word) a hard cut is all we can do.
        cut = head if space and head.strip() else room
    return cut.rstrip(" ,;:–-") + _ELLIPSIS
