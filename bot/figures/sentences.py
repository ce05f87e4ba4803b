"""Find charity figures in a sentence written as reports write it.

"tặng 3 nhà tình nghĩa, 120 chăn ấm, 1.250 suất quà, tổng 815 triệu đồng" gives houses 3,
blankets 120, gifts 1250 and money 815.000.000. Every number in the sentence ends up
somewhere: a figure, an issue (ambiguous, conflicting, unrecognised) or an ignored date, so
the bot can show what it read and ask before anything is stored.

How a number finds its indicator, first rule that applies:
1. a vocabulary phrase right after it ("842 suất quà");
2. a money unit on it ("512.300.000 đ", "2,5 tỷ", "2tr5"): the money indicator, or the money
   indicator whose phrase stands right before it;
3. a vocabulary phrase right before it, optionally followed by ":" or "là" ("tổng: 815").
A phrase already used by one number is not used again by the next.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from bot.text.folding import fold, fold_with_origin
from bot.text.money import NumberResult, Problem, amount_of, count_of, read_quantity
from bot.text.words import Token, tokenize

Kind = Literal["count", "money"]
# indicator code -> (kind, phrases people use); plain data so a config file can supply it
Vocabulary = Mapping[str, tuple[Kind, Sequence[str]]]

DEFAULT_VOCABULARY: Vocabulary = {
    "houses": ("count", ("nhà tình nghĩa", "nhà đại đoàn kết", "nhà", "căn nhà", "ngôi nhà")),
    "gifts": ("count", ("suất quà", "phần quà", "quà", "suất")),
    "blankets": ("count", ("chăn", "chăn ấm", "tấm chăn")),
    "money": (
        "money",
        ("tiền", "số tiền", "tổng", "tổng cộng", "tổng số tiền", "trị giá", "=", "tương đương"),
    ),
}

# Dates and times are not figures: 19/5/2020, 19/5, 6/2024, 19.5.2020, ngày 19 tháng 5 năm
# 2020, tháng 10, năm 2024, quý I/2024, 8h30, 10:26. A lone "ngày 19" is left alone: folded,
# it cannot be told from "ngay" (at once) in "tặng ngay 5 suất quà".
_DATES = re.compile(
    r"(?<![\d.,/])(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}/\d{4}|\d{1,2}([-.])\d{1,2}\1\d{4})"
    r"(?![\d/])"
    r"|\bngay\s+\d{1,2}(?:\s*/\s*\d{1,2}(?:/\d{2,4})?|\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?)\b"
    r"|\bthang\s+\d{1,2}(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?\b"
    r"|\bnam\s+\d{4}\b"
    r"|\bquy\s+[ivx]+\b(?:\s*/\s*\d{4})?"
    r"|\b\d{1,2}(?::|h)\d{2}\b"
)
_FILLERS = (":", "la")


@dataclass(frozen=True, slots=True)
class Figure:
    """A value read for an indicator, with where it came from in the sentence."""

    code: str
    value: int
    span: tuple[int, int]
    text: str


class IssueKind(Enum):
    BAD_NUMBER = "bad_number"  # for a known indicator, but ambiguous, negative, …
    CONFLICT = "conflict"  # one indicator given different values
    UNRECOGNISED = "unrecognised"  # a number no vocabulary phrase or unit claims


@dataclass(frozen=True, slots=True)
class Issue:
    """Something to ask the user about; `values` holds the readings in play."""

    kind: IssueKind
    span: tuple[int, int]
    text: str
    code: str | None = None
    problem: Problem | None = None
    candidates: tuple[int, ...] = ()
    values: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    figures: tuple[Figure, ...]
    issues: tuple[Issue, ...]
    ignored: tuple[tuple[int, int], ...] = ()  # spans of dates and times

    @property
    def values(self) -> dict[str, int]:
        """One value per indicator, leaving out indicators in conflict."""
        conflicted = {i.code for i in self.issues if i.kind is IssueKind.CONFLICT}
        return {f.code: f.value for f in self.figures if f.code not in conflicted}

    @property
    def spans(self) -> dict[str, tuple[int, int]]:
        values = self.values
        return {f.code: f.span for f in self.figures if f.code in values}

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]
    code: str
    kind: Kind


def _compile(vocabulary: Vocabulary) -> list[_Phrase]:
    phrases = []
    for code, (kind, words) in vocabulary.items():
        if kind not in ("count", "money"):
            raise ValueError(f"indicator {code!r}: kind must be 'count' or 'money', not {kind!r}")
        for phrase in words:
            folded = tuple(t.text for t in tokenize(fold(phrase)))
            if folded:
                phrases.append(_Phrase(folded, code, kind))
    return sorted(phrases, key=lambda p: -len(p.words))  # longest match wins


def _texts(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(t.text for t in tokens[max(start, 0) : end])


def _after(phrases: list[_Phrase], tokens: list[Token], i: int) -> _Phrase | None:
    return next((p for p in phrases if _texts(tokens, i, i + len(p.words)) == p.words), None)


def _before(
    phrases: list[_Phrase], tokens: list[Token], i: int, floor: int
) -> tuple[_Phrase, int] | None:
    if i > floor and tokens[i - 1].text in _FILLERS:
        i -= 1
    for p in phrases:
        start = i - len(p.words)
        if start >= floor and _texts(tokens, start, i) == p.words:
            return p, start
    return None


def extract_figures(sentence: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Extraction:
    """Read every number of `sentence` as a figure, an issue or an ignored date."""
    phrases = _compile(vocabulary)
    default_money = next((code for code, (kind, _) in vocabulary.items() if kind == "money"), None)
    folded, origin = fold_with_origin(sentence)
    ignored = [m.span() for m in _DATES.finditer(folded)]
    for a, b in ignored:
        folded = folded[:a] + " " * (b - a) + folded[b:]
    tokens = tokenize(folded)

    def span(first: int, end: int) -> tuple[int, int]:
        return origin[tokens[first].start], origin[tokens[end - 1].end - 1] + 1

    figures: list[Figure] = []
    issues: list[Issue] = []
    used, i = 0, 0  # tokens before `used` belong to earlier figures
    while i < len(tokens):
        q = read_quantity(tokens, i, whole=False)
        if q is None:
            i += 1
            continue
        first, end, code = q.start, q.end, None
        after = _after(phrases, tokens, q.end)
        before = _before(phrases, tokens, q.start, used)
        if after and not (after.kind == "count" and q.currency):
            code, end = after.code, q.end + len(after.words)
        elif q.has_unit:
            code = default_money
            if before and before[0].kind == "money":
                code, first = before[0].code, before[1]
        elif before:
            code, first = before[0].code, before[1]
        kind = vocabulary[code][0] if code else ("money" if q.has_unit else "count")
        result = amount_of(q) if kind == "money" else count_of(q)
        where = span(first, end)
        found = _found(code, result, where, sentence[where[0] : where[1]])
        if isinstance(found, Figure):
            figures.append(found)
        else:
            issues.append(found)
        used = i = end
    ignored_spans = tuple((origin[a], origin[b - 1] + 1) for a, b in ignored)
    return Extraction(tuple(figures), tuple(issues + _conflicts(figures)), ignored_spans)


def _found(
    code: str | None, result: NumberResult, where: tuple[int, int], text: str
) -> Figure | Issue:
    if code is None:
        values = () if result.value is None else (result.value,)
        kind = IssueKind.UNRECOGNISED
        return Issue(kind, where, text, None, result.problem, result.candidates, values)
    if result.value is None:
        kind = IssueKind.BAD_NUMBER
        return Issue(kind, where, text, code, result.problem, result.candidates)
    return Figure(code, result.value, where, text)


def _conflicts(figures: list[Figure]) -> list[Issue]:
    issues = []
    for code in dict.fromkeys(f.code for f in figures):
        same = [f for f in figures if f.code == code]
        values = tuple(dict.fromkeys(f.value for f in same))
        if len(values) > 1:
            where = (same[0].span[0], same[-1].span[1])
            text = ", ".join(f.text for f in same)
            issues.append(Issue(IssueKind.CONFLICT, where, text, code, values=values))
    return issues
