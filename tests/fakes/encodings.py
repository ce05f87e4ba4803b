"""Bytes as offices' machines write them: Windows-1258, the old Vietnamese code page."""

from __future__ import annotations

import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes of `text`, as Windows writes them: a letter the code page holds
    precomposed is one byte; any other is its base letter followed by its tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        shape = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += shape.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)
