"""Find charity figures in a sentence written as reports write it.

"tặng 3 nhà tình nghĩa, 120 chăn ấm, 1.250 suất quà, tổng 815 triệu đồng" gives houses 3,
blankets 120, gifts 1250 and money 815.000.000. Every number of the sentence gets exactly one
fate (bot.figures.fates checks it): a figure, an issue to ask about (ambiguous, conflicting,
unclaimed), or left out with its reason (bot.figures.left_out: dates, percentages, counts of
units …), so the bot can show all it read and ask before anything is stored. Copied emphasis
(`**5.531**`) is taken off first; spans point into `Extraction.text`, the sentence without it.

How a number finds its fate, first rule that applies:
1. a shape that is no figure, wherever it stands: a date, a year, a percentage, a document
   number, list numbering (`left_out.masks`);
2. a vocabulary phrase right after it ("842 suất quà");
3. a noun right after it that no indicator claims ("35 đơn vị", "2 triệu lượt truy cập"):
   left out, so a count of visits is never money;
4. a money unit on it ("512.300.000 đ", "2,5 tỷ", "2tr5"): the money indicator, or the money
   indicator whose phrase stands right before it;
5. a vocabulary phrase or a money cue ("với tổng giá trị", "kinh phí") right before it,
   optionally followed by ":", "là", "=", "khoảng" …: "tổng giá trị 2.522.500.000" is money;
6. anything else is asked about ("2.522.500.000 là số tiền?"), or left out as unreadable.
A phrase already used by one number is not used again by the next. After "Trong đó" a figure
of an indicator already given is a part of that total, left out as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from bot.figures.left_out import (
    LeftOut,
    Reason,
    bracketed_parts,
    closing_totals,
    masks,
    noun_after,
    parts_start,
    per_item,
)
from bot.text.emphasis import strip_emphasis
from bot.text.folding import fold, fold_with_origin
from bot.text.money import NumberResult, Problem, Quantity, amount_of, count_of, read_quantity
from bot.text.words import Token, tokenize

Kind = Literal["count", "money"]
# indicator code -> (kind, phrases people use); plain data so a config file can supply it
Vocabulary = Mapping[str, tuple[Kind, Sequence[str]]]

DEFAULT_VOCABULARY: Vocabulary = {
    "houses": ("count", ("nhà tình nghĩa", "nhà đại đoàn kết", "nhà", "căn nhà", "ngôi nhà")),
    "gifts": ("count", ("suất quà", "phần quà", "quà", "suất")),
    "blankets": ("count", ("chăn", "chăn ấm", "tấm chăn", "chiếc chăn", "cái chăn")),
    "money": (
        "money",
        ("tiền", "số tiền", "tổng", "tổng cộng", "tổng số tiền", "trị giá", "=", "tương đương"),
    ),
}

# Words before an amount that make it money even without "đ": they point at the first money
# indicator, whatever phrases the indicator file gives it.
MONEY_CUES = (
    "giá trị",
    "tổng giá trị",
    "trị giá",
    "tổng trị giá",
    "kinh phí",
    "tổng kinh phí",
    "số tiền",
    "tổng số tiền",
    "thành tiền",
    "tương đương",
    "quy ra tiền",
    "tổng",
    "tổng cộng",
    "=",
)
# Words that may stand between a phrase and its number: "trị giá là hơn 2 tỷ".
_FILLERS = (":", "la", "=", "khoang", "gan", "hon", "tren", "dat", "len", "toi", "(")


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
    left_out: tuple[LeftOut, ...] = ()
    text: str = ""  # the sentence as read (emphasis taken off): what the spans point into

    @property
    def conflicted(self) -> set[str]:
        return {i.code for i in self.issues if i.kind is IssueKind.CONFLICT and i.code}

    @property
    def values(self) -> dict[str, int]:
        """One value per indicator, leaving out indicators in conflict."""
        conflicted = self.conflicted
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


def _compile(vocabulary: Vocabulary, money: str | None) -> list[_Phrase]:
    phrases = []
    for code, (kind, words) in vocabulary.items():
        if kind not in ("count", "money"):
            raise ValueError(f"indicator {code!r}: kind must be 'count' or 'money', not {kind!r}")
        for phrase in words:
            folded = tuple(t.text for t in tokenize(fold(phrase)))
            if folded:
                phrases.append(_Phrase(folded, code, kind))
    if money is not None:
        known = {p.words for p in phrases}
        cues = (tuple(t.text for t in tokenize(fold(cue))) for cue in MONEY_CUES)
        phrases += [_Phrase(cue, money, "money") for cue in cues if cue not in known]
    return sorted(phrases, key=lambda p: -len(p.words))  # longest match wins (stable sort)


def _texts(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(t.text for t in tokens[max(start, 0) : end])


def _after(phrases: list[_Phrase], tokens: list[Token], i: int) -> _Phrase | None:
    return next((p for p in phrases if _texts(tokens, i, i + len(p.words)) == p.words), None)


def _before(
    phrases: list[_Phrase], tokens: list[Token], i: int, floor: int
) -> tuple[_Phrase, int] | None:
    """The phrase ending at `i`, or before up to two fillers ("trị giá là hơn 2 tỷ")."""
    for _skip in range(3):
        for p in phrases:
            start = i - len(p.words)
            if start >= floor and _texts(tokens, start, i) == p.words:
                return p, start
        if i <= floor or tokens[i - 1].text not in _FILLERS:
            return None
        i -= 1
    return None


class _Reader:
    """One sentence being read: its folded tokens and what each number became."""

    def __init__(self, sentence: str, vocabulary: Vocabulary) -> None:
        self.text = strip_emphasis(sentence)
        self.vocabulary = vocabulary
        self.money = next((c for c, (kind, _) in vocabulary.items() if kind == "money"), None)
        self.phrases = _compile(vocabulary, self.money)
        folded, self.origin = fold_with_origin(self.text)
        self.numbers = [t for t in tokenize(folded) if t.kind == "num"]
        self.figures: list[Figure] = []
        self.issues: list[Issue] = []
        self.left_out: list[LeftOut] = []
        self.folded = blanked = folded
        for reason, a, b in masks(self.text, folded, self.origin):
            self._leave(reason, a, b)
            # A bar where it stood: no quantity, phrase or noun reaches across it, so no quote
            # holds its numbers too.
            blanked = blanked[:a] + "|" + " " * (b - a - 1) + blanked[b:]
        self.tokens = tokenize(blanked)

    def _where(self, a: int, b: int) -> tuple[int, int]:
        """The span in `text` of the folded characters [a, b), blanks trimmed."""
        while a < b and self.folded[a].isspace():
            a += 1
        while b > a and self.folded[b - 1].isspace():
            b -= 1
        return self.origin[a], self.origin[b - 1] + 1

    def _leave(self, reason: Reason, a: int, b: int) -> None:
        where = self._where(a, b)
        self.left_out.append(LeftOut(reason, where, self.text[where[0] : where[1]]))

    def quote(self, first: int, end: int) -> tuple[tuple[int, int], str]:
        where = self._where(self.tokens[first].start, self.tokens[end - 1].end)
        return where, self.text[where[0] : where[1]]

    def read(self) -> Extraction:
        used, i = 0, 0  # tokens before `used` belong to earlier numbers
        while i < len(self.tokens):
            q = read_quantity(self.tokens, i, whole=False)
            if q is None:
                i += 1
                continue
            used = i = self._take(q, used)
        self._parts()
        self._unaccounted()
        return Extraction(
            tuple(self.figures),
            tuple(self.issues + _conflicts(self.figures)),
            tuple(sorted(self.left_out, key=lambda x: x.span)),
            self.text,
        )

    def _take(self, q: Quantity, used: int) -> int:
        """Give the quantity `q` its fate; the index after the words it took."""
        tokens, first, end, code = self.tokens, q.start, q.end, None
        after = _after(self.phrases, tokens, q.end)
        before = _before(self.phrases, tokens, q.start, used)
        # An amount with its unit takes no money phrase after it: "1 triệu đồng, trị giá 5 đ"
        # gives the phrase to the next amount.
        if after and after.kind == "money" and q.has_unit:
            after = None
        noun = None if q.currency else noun_after(tokens, q.end)
        if after and not (after.kind == "count" and q.currency):
            code, end = after.code, q.end + len(after.words)
        elif noun is not None:
            reason, end = noun
            self._leave(reason, tokens[first].start, tokens[end - 1].end)
            return end
        elif q.has_unit and per_item(tokens, q.start, q.end):
            end += 2 if _texts(tokens, end, end + 1) == ("/",) else 0
            self._leave(Reason.PRICE, tokens[first].start, tokens[end - 1].end)
            return end
        elif q.has_unit:
            code = self.money
            if before and before[0].kind == "money":
                code, first = before[0].code, before[1]
        elif before:
            code, first = before[0].code, before[1]
        where, text = self.quote(first, end)
        if code is None:
            self._unclaimed(q, where, text)
            return end
        result = amount_of(q) if self.vocabulary[code][0] == "money" else count_of(q)
        if result.value is None:
            self.issues.append(
                Issue(IssueKind.BAD_NUMBER, where, text, code, result.problem, result.candidates)
            )
        else:
            self.figures.append(Figure(code, result.value, where, text))
        return end

    def _unclaimed(self, q: Quantity, where: tuple[int, int], text: str) -> None:
        """A number nothing claims: asked about with its reading, else left out as unreadable.
        A count beyond any count (`2.522.500.000`) is read as the amount it must be."""
        result: NumberResult = amount_of(q) if q.has_unit else count_of(q)
        if result.value is None and not q.has_unit and amount_of(q).value is not None:
            result = amount_of(q)
        values = (result.value,) if result.value is not None else result.candidates[:1]
        if not values:
            self.left_out.append(LeftOut(Reason.UNREADABLE, where, text))
            return
        issue = Issue(IssueKind.UNRECOGNISED, where, text, None, result.problem, (), values)
        self.issues.append(issue)

    def _parts(self) -> None:
        """After "Trong đó", figures of an indicator given before are parts of its total;
        so are those before a total written after them ("…, tổng cộng 310 suất") and those
        in brackets after a total ("1.055 suất (TW 120, Hội Nữ 35, …)")."""
        start = parts_start(self.folded)
        if start is not None:
            cut = self.origin[start]
            given = {f.code for f in self.figures if f.span[1] <= cut}
            self._leave_parts([f for f in self.figures if f.span[0] >= cut and f.code in given])
        for first, marker, number in closing_totals(self.folded):
            low, high = self._at(first), self._at(marker)
            total = next((f for f in self.figures if f.span[1] > self._at(number)), None)
            if total is not None:
                code = total.code
                self._leave_parts(
                    [f for f in self.figures if f.code == code and low <= f.span[0] < high]
                )
        for opening, closing in bracketed_parts(self.folded):
            self._bracket(self._at(opening), self._at(closing - 1) + 1)

    def _at(self, index: int) -> int:
        return self.origin[min(index, len(self.origin) - 1)] if self.origin else 0

    def _bracket(self, opening: int, closing: int) -> None:
        """Figures of the total right before the bracket, and bare numbers, are its parts."""
        before = [f for f in self.figures if f.span[1] <= opening]
        total = max(before, key=lambda f: f.span[1], default=None)
        if total is None or self.text[total.span[1] : opening].strip():
            return
        inside = [f for f in self.figures if opening < f.span[0] and f.span[1] <= closing]
        bare = [
            i
            for i in self.issues
            if i.kind is IssueKind.UNRECOGNISED and opening < i.span[0] and i.span[1] <= closing
        ]
        if any(f.code != total.code for f in inside) or len(inside) + len(bare) < 2:
            return
        self._leave_parts(inside)
        for issue in bare:
            self.issues.remove(issue)
            self.left_out.append(LeftOut(Reason.PART, issue.span, issue.text))

    def _leave_parts(self, parts: list[Figure]) -> None:
        for part in parts:
            self.figures.remove(part)
            self.left_out.append(LeftOut(Reason.PART, part.span, part.text))

    def _unaccounted(self) -> None:
        """A number no rule above gave a fate is still shown: the guarantee does not rest on
        every rule being right."""
        spans = [f.span for f in self.figures] + [i.span for i in self.issues]
        spans += [x.span for x in self.left_out]
        for token in self.numbers:
            a, b = self.origin[token.start], self.origin[token.end - 1] + 1
            if not any(x < b and a < y for x, y in spans):
                self.left_out.append(LeftOut(Reason.UNREADABLE, (a, b), self.text[a:b]))


def extract_figures(sentence: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Extraction:
    """Read every number of `sentence` as a figure, an issue or a number left out."""
    return _Reader(sentence, vocabulary).read()


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
