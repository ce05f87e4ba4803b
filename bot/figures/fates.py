"""Where each number of a read sentence ended: the check that no number is lost in silence.

`account(extraction)` lists every number written in the sentence (each run of digits as
`tokenize` splits it: `2.522.500.000` is one, `2tr5` is two) with the fates that hold it: an
indicator's figure, a question, or a line "không tính" with its reason. Exactly one fate per
number is the rule; the reader keeps it, and the tests and the corpus check run this to see.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.figures.sentences import Extraction, IssueKind
from bot.text.folding import fold_with_origin
from bot.text.words import tokenize


@dataclass(frozen=True, slots=True)
class Fate:
    """`figure:<code>`, `question` or `left:<reason>`, and the words it quotes."""

    place: str
    span: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written, and every fate whose words hold it."""

    text: str
    span: tuple[int, int]
    fates: tuple[Fate, ...]


def fates(extraction: Extraction) -> list[Fate]:
    """Every fate, a figure of an indicator in conflict counting as its question."""
    conflicted = extraction.conflicted
    found = [
        Fate("question" if f.code in conflicted else f"figure:{f.code}", f.span, f.text)
        for f in extraction.figures
    ]
    found += [
        Fate("question", i.span, i.text)
        for i in extraction.issues
        if i.kind is not IssueKind.CONFLICT
    ]
    found += [Fate(f"left:{x.reason.value}", x.span, x.text) for x in extraction.left_out]
    return sorted(found, key=lambda fate: fate.span)


def account(extraction: Extraction) -> list[Number]:
    """Each number of the sentence with the fates that hold it (one, if all is well)."""
    text = extraction.text
    folded, origin = fold_with_origin(text)
    all_fates = fates(extraction)
    numbers = []
    for token in tokenize(folded):
        if token.kind != "num":
            continue
        a, b = origin[token.start], origin[token.end - 1] + 1
        held = tuple(f for f in all_fates if f.span[0] < b and a < f.span[1])
        numbers.append(Number(text[a:b], (a, b), held))
    return numbers


def misplaced(extraction: Extraction) -> list[Number]:
    """The numbers with no fate (lost in silence) or with more than one."""
    return [n for n in account(extraction) if len(n.fates) != 1]
