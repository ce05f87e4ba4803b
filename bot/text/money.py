"""Read money amounts (in đồng) and counts as Vietnamese reports and phone users type them.

In Vietnamese the dot groups thousands and the comma is the decimal mark: `1.250` is one
thousand two hundred and fifty, `2,5 tỷ` is two and a half billion. Anything that another
convention could read differently (`1.5`, `1,250`, `1,250.5`) is reported with the readings
to offer back, never guessed. Arithmetic is exact (`Decimal`, then `int`).

A bare amount without any unit is taken as đồng only from `MIN_BARE_AMOUNT` up (`1055`);
below that (`815`, `2,5`) nobody means đồng, so the result asks which unit was meant.

`read_quantity`, `amount_of` and `count_of` are the building blocks that `bot.figures.sentences`
reuses to find several figures in one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, Inexact, localcontext
from enum import Enum

from bot.text.folding import fold
from bot.text.words import Token, tokenize

# A million tỷ / a billion items: far beyond any association's figures, so only a typo or a
# pasted ID gets there, and it is asked back instead of summed into a report.
MAX_AMOUNT = 10**15
MAX_COUNT = 10**9
MIN_BARE_AMOUNT = 1000
_MAX_DIGITS = 40  # keeps int()/Decimal work bounded on hostile input

_SCALES = {"k": 3, "nghin": 3, "ngan": 3, "tr": 6, "trieu": 6, "ty": 9, "ti": 9}
_CURRENCIES = ("dong", "vnd", "d")
# Words that only look like units: "3 đồng chí" (comrades), "5 ti vi", "3 đ/c" (comrades).
_FALSE_UNITS = tuple(f"dong {w} " for w in ("chi", "bao", "doi", "y", "nghiep", "thoi", "ho"))
_FALSE_UNITS += ("ti vi ", "d / c ")
_MINUS = ("-", "\u2212")


class Problem(Enum):
    """Why a number was not accepted as it stands."""

    NOT_A_NUMBER = "not_a_number"
    AMBIGUOUS_SEPARATOR = "ambiguous_separator"  # `1.5`, `1,250`, `1,250.5`
    AMBIGUOUS_SHORTHAND = "ambiguous_shorthand"  # `2tr50`: 2.500.000 or 2.050.000
    MISSING_UNIT = "missing_unit"  # `815` or `2,5` where money is expected
    NEGATIVE = "negative"
    FRACTIONAL_COUNT = "fractional_count"
    FRACTIONAL_AMOUNT = "fractional_amount"  # finer than one đồng
    MONEY_AS_COUNT = "money_as_count"  # `5 đ` given for a count
    TOO_LARGE = "too_large"


@dataclass(frozen=True, slots=True)
class NumberResult:
    """`value` when accepted; otherwise `problem` and the `candidates` to ask back about."""

    value: int | None
    problem: Problem | None = None
    candidates: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class AmountResult(NumberResult):
    """An amount of money in đồng."""


@dataclass(frozen=True, slots=True)
class CountResult(NumberResult):
    """A count of houses, gift packages, blankets …"""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its units as written, e.g. `2 tỷ 514 triệu`, `2tr5`, `152.000.000đ`."""

    start: int  # token indices [start, end)
    end: int
    number: str  # the leading number, separators kept, space groups joined
    negative: bool = False
    scale: int = 0  # power of ten of the first unit word
    rest: int = 0  # exact đồng of further parts: the `514 triệu` of `2 tỷ 514 triệu`
    tail: str = ""  # digits after the last unit: the `5` of `2tr5`
    tail_scale: int = 0
    currency: bool = False

    @property
    def has_unit(self) -> bool:
        return self.currency or self.scale > 0


def _unit(tokens: list[Token], i: int) -> tuple[int | None, bool, int]:
    """(scale exponent or None, currency seen, next index) for a unit word at `i`."""
    word = _text(tokens, i)
    if _false_unit(tokens, i):
        return None, False, i
    if word in _SCALES:
        if word in ("nghin", "ngan") and _text(tokens, i + 1) in ("ty", "ti"):
            return 12, False, i + 2
        if _text(tokens, i + 1) == "." and _currency_at(tokens, i + 2):  # `815 tr.đ`
            return _SCALES[word], True, i + 3
        return _SCALES[word], False, i + 1
    if _currency_at(tokens, i):
        return None, True, i + 1
    glued = [_SCALES.get(word.removesuffix(c)) for c in _CURRENCIES if word.endswith(c)]
    scale = next((s for s in glued if s is not None), None)  # `2tỷđ`, `500kđ`
    return (scale, True, i + 1) if scale is not None else (None, False, i)


def _text(tokens: list[Token], i: int) -> str:
    return tokens[i].text if i < len(tokens) else ""


def _false_unit(tokens: list[Token], i: int) -> bool:
    ahead = " ".join(_text(tokens, j) for j in range(i, i + 3)) + " "
    return ahead.startswith(_FALSE_UNITS)


def _currency_at(tokens: list[Token], i: int) -> bool:
    return _text(tokens, i) in _CURRENCIES and not _false_unit(tokens, i)


def read_quantity(tokens: list[Token], i: int, *, whole: bool) -> Quantity | None:
    """Read the quantity starting at token `i`, or None if no number starts there.

    `whole` says the text is one value (a reply to "how much?"), so `512 300 000` and `2 tr 5`
    are safe to join; inside a sentence spaces may separate figures, so only space groups
    followed by a unit and only glued tails (`2tr5`) are joined.
    """
    start, negative = i, False
    if tokens[i].text in _MINUS and re.match(r"\d", _text(tokens, i + 1)):
        negative = whole or (tokens[i].spaced and not tokens[i + 1].spaced)
        i += negative
    if tokens[i].kind != "num":
        return None
    number, i = tokens[i].text, i + 1
    if re.fullmatch(r"\d{1,3}", number):
        j = i
        while re.fullmatch(r"\d{3}", _text(tokens, j)) and tokens[j].spaced:
            j += 1
        if j > i and (whole or _unit(tokens, j)[2] > j):
            number, i = number + "".join(t.text for t in tokens[i:j]), j
    scale, currency, i = _unit(tokens, i)
    q = Quantity(start, i, number, negative, scale or 0, currency=currency)
    if scale is None or currency:
        return q
    last, rest = scale, 0
    while re.fullmatch(r"\d{1,3}", _text(tokens, i)):
        sub, currency, after = _unit(tokens, i + 1)
        if sub is None or sub >= last:
            break
        rest, last, i = rest + int(tokens[i].text) * 10**sub, sub, after
        if currency:
            return replace(q, end=i, rest=rest, currency=True)
    tail = "5" if _text(tokens, i) == "ruoi" else ""  # "2 triệu rưỡi"
    if re.fullmatch(r"\d+", _text(tokens, i)) and (whole or not tokens[i].spaced):
        tail = tokens[i].text if _unit(tokens, i + 1)[0] is None else ""
    i += bool(tail)
    currency = _currency_at(tokens, i)
    return replace(q, end=i + currency, rest=rest, tail=tail, tail_scale=last, currency=currency)


def _readings(number: str) -> tuple[Problem | None, tuple[Decimal, ...]]:
    """The value(s) a number can mean; more than one, or an odd form, is a problem."""
    if re.fullmatch(r"\d+", number):
        return None, (Decimal(number),)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        return None, (Decimal(number.replace(".", "")),)
    if match := re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)", number):
        whole, fraction = match[1].replace(".", ""), match[2]
        decimal = Decimal(f"{whole}.{fraction}")
        if len(fraction) == 3 and whole == match[1] and len(whole) <= 3:
            return Problem.AMBIGUOUS_SEPARATOR, (decimal, Decimal(whole + fraction))
        return None, (decimal,)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+", number):
        return Problem.AMBIGUOUS_SEPARATOR, (Decimal(number.replace(",", "")),)
    return Problem.NOT_A_NUMBER, ()


def _evaluate(
    q: Quantity | None, *, money: bool
) -> tuple[int | None, Problem | None, tuple[int, ...]]:
    limit = MAX_AMOUNT if money else MAX_COUNT
    if q is None:
        return None, Problem.NOT_A_NUMBER, ()
    if sum(c.isdigit() for c in q.number + q.tail) > _MAX_DIGITS:
        return None, Problem.TOO_LARGE, ()
    problem, heads = _readings(q.number)
    if q.tail or q.rest:
        if problem or "," in q.number or len(q.tail) > 3:
            return None, Problem.NOT_A_NUMBER, ()
        # `2tr5` is 2,5 triệu; `2tr50` might also be 2 triệu 50 nghìn
        tails = [Decimal(f"0.{q.tail or 0}")]
        if len(q.tail) == 2:
            problem = Problem.AMBIGUOUS_SHORTHAND
            tails.append(Decimal(q.tail) / 1000)
    else:
        tails = [Decimal(0)]
    if problem is Problem.NOT_A_NUMBER:
        return None, problem, ()
    if q.negative:
        return None, Problem.NEGATIVE, ()
    with localcontext() as ctx:
        ctx.prec, ctx.traps[Inexact] = 100, True
        values = list(
            dict.fromkeys(
                h * 10**q.scale + q.rest + t * 10**q.tail_scale for h in heads for t in tails
            )
        )
        bare = problem is None and money and not q.has_unit and values[0] != 0
        if bare and (values[0] < MIN_BARE_AMOUNT or values[0] != int(values[0])):
            problem = Problem.MISSING_UNIT
            values = [values[0] * 10**e for e in (3, 6, 9)]
    whole = tuple(int(v) for v in values if v == int(v) and v <= limit)
    if problem:
        return None, problem, whole
    if not whole:
        if values[0] > limit:
            return None, Problem.TOO_LARGE, ()
        return None, Problem.FRACTIONAL_AMOUNT if money else Problem.FRACTIONAL_COUNT, ()
    if q.currency and not money:
        return None, Problem.MONEY_AS_COUNT, whole
    return whole[0], None, ()


def amount_of(q: Quantity | None) -> AmountResult:
    return AmountResult(*_evaluate(q, money=True))


def count_of(q: Quantity | None) -> CountResult:
    return CountResult(*_evaluate(q, money=False))


def _whole(text: str, *, money: bool) -> Quantity | None:
    tokens = tokenize(fold(text))
    if tokens and tokens[-1].text == "." and not tokens[-1].spaced:
        tokens.pop()  # a full stop after the amount
    lead_scale, lead_currency, i = _unit(tokens, 0) if money else (None, False, 0)
    q = read_quantity(tokens, i, whole=True) if i < len(tokens) else None
    if lead_scale is not None or q is None or q.end != len(tokens):
        return None
    return replace(q, currency=q.currency or lead_currency)  # `₫2.500.000`, `VND 500.000`


def parse_amount(text: str) -> AmountResult:
    """`2tr5` → 2_500_000, `3.383 triệu` → 3_383_000_000, `1.5 tỷ` → ambiguous."""
    return amount_of(_whole(text, money=True))


def parse_count(text: str) -> CountResult:
    """`1.250` → 1250, `1,5` → fractional, `1,250` → ambiguous (1250?)."""
    return count_of(_whole(text, money=False))
