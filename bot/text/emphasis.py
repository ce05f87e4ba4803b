"""Emphasis copied from web pages, Word or chat apps, taken out before any reading.

`**5.531**`, `__Nơi nhận:__` or `<b>12 tỷ</b>` cut a number from its indicator and a heading
from its name. What is taken out is markup only: the words and numbers inside stay where
they were, line breaks stay, and a row of underscores (a blank to fill in, as drafts have)
stays a row of underscores.
"""

from __future__ import annotations

import html
import re

__all__ = ["strip_emphasis"]

# Inline tags that only dress text; block tags become line breaks.
_INLINE_TAG = re.compile(
    r"</?(?:b|i|u|s|em|strong|strike|del|ins|mark|span|font|sup|sub|small|big|a)(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(r"<(?:br|/?p|/?div|/?li|/?tr|/?h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE)
# A doubled marker around text that neither starts nor ends with a space or a marker: it may
# span lines (a signature block in bold), but not a blank line.
_DOUBLE = re.compile(r"(\*\*|__)([^\s*_](?:(?:(?!\n\s*\n).)*?[^\s*_])?)\1", re.DOTALL)
_SINGLE_STAR = re.compile(r"(?<![\w*])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])")
_STRAY_STARS = re.compile(r"\*\*+")


def strip_emphasis(text: str) -> str:
    """`text` without emphasis markup (Markdown bold and italics, HTML inline tags)."""
    if "<" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _INLINE_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text).replace("\xa0", " ")
    # Taking out one marker can pair two others ("*1**1*" leaves "*11*"): repeat until
    # nothing is left to take, so that what comes out holds no markup to strip.
    while "*" in text or "__" in text:
        stripped = _DOUBLE.sub(r"\2", text)
        stripped = _SINGLE_STAR.sub(r"\1", stripped)
        stripped = _STRAY_STARS.sub("", stripped)
        if stripped == text:
            break
        text = stripped
    return text
