"""Folding Vietnamese text for matching: what people type on a phone, often without accents.

`fold("Thái Bình, Đồng")` is "thai binh, dong": case folded, diacritics dropped, and "đ" (a
letter of its own, which decomposition alone would keep) read as "d", like the đồng sign
"₫". Compatibility forms fold too (full-width digits, ligatures, a no-break space).
`fold_with_origin` also gives, for each folded character, its index in the original text, so
that what was found can be quoted back exactly as written. Every search and parser of the
bot folds through here, so "dan van", "dân vận" and "DÂN VẬN" always meet.
"""

from __future__ import annotations

import unicodedata

_D = str.maketrans(dict.fromkeys("đĐ₫", "d"))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_D)).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and the index in `text` of each character of it."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin
