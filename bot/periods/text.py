"""The form of text the period grammar matches."""

from __future__ import annotations

from bot.text.folding import fold

# Dashes people type (or word processors substitute) between the two ends of a range.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def normalize(text: str) -> str:
    """The form the grammar matches: folded, lower case, one space between words, ASCII dashes."""
    return " ".join(fold(text).translate(_DASHES).split())
