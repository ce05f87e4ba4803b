"""Text folding shared by the period parser and by search (which must ignore diacritics)."""

from __future__ import annotations

import unicodedata

# Dashes people type (or word processors substitute) between the two ends of a range.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def fold_diacritics(text: str) -> str:
    """Remove diacritics, keeping case: "Thái Bình, Đồng" → "Thai Binh, Dong".

    "đ" is a letter of its own, not "d" with a mark, so NFD alone would keep it.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", bare)


def normalize(text: str) -> str:
    """The form the grammar matches: folded, lower case, one space between words, ASCII dashes."""
    return " ".join(fold_diacritics(text).lower().translate(_DASHES).split())
