"""Compact, versioned, typed callback data for inline buttons: `1|action|arg|arg`.

Every kind of button declares its fields here, in `KINDS`, and nowhere else: a whole number
within a range, one of a set, or a short code. `pack` refuses to build a button that does
not fit its kind, and `check` refuses, before any handler runs, data that does not parse:
a button from an older version, or one forged by hand, gets a polite answer and never
reaches a handler. Handlers still check the member's rights and that the record exists,
because callback data comes from the client and proves nothing. Telegram allows 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
_SEP = "|"
_ARG = re.compile(r"^[A-Za-z0-9_.:-]{0,40}$")
_DIGITS = re.compile(r"^[0-9]{1,10}$")


class StaleButton(Exception):
    """The button's data is not ours, not from this version, or not of its kind."""


@dataclass(frozen=True)
class Int:
    """A whole number from `low` to `high`, written in ASCII digits."""

    low: int
    high: int

    def accepts(self, value: str) -> bool:
        return bool(_DIGITS.match(value)) and self.low <= int(value) <= self.high


@dataclass(frozen=True)
class OneOf:
    """One of a few fixed words."""

    values: frozenset[str]

    def accepts(self, value: str) -> bool:
        return value in self.values


@dataclass(frozen=True)
class Code:
    """A short code (a reporting period "2020-Q1", a day "20200410", a step "save")."""

    pattern: re.Pattern[str]

    def accepts(self, value: str) -> bool:
        return bool(self.pattern.match(value))


@dataclass(frozen=True)
class Either:
    """A value that one of two fields accepts (a number, or the word "skip")."""

    first: Field
    second: Field

    def accepts(self, value: str) -> bool:
        return self.first.accepts(value) or self.second.accepts(value)


Field = Int | OneOf | Code | Either


def one_of(*values: str) -> OneOf:
    return OneOf(frozenset(values))


ID = Int(0, 2**31 - 1)  # a row's id (the database's integer), 0 where "none" is meant
REV = Int(0, 2**31 - 1)  # a draft's revision
PAGE = Int(0, 100_000)
INDEX = Int(0, 999)  # a position in a short list, a number of days
FLAG = one_of("0", "1")
MASK = Int(0, 2**20)  # a set of unit kinds, one bit each
ORDINAL = Int(1, 3_652_059)  # a day as date.toordinal()
YEAR = Int(1900, 2200)
DAY = Code(re.compile(r"^[0-9]{8}$"))  # YYYYMMDD
PERIOD = Code(re.compile(r"^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}))?$"))
WORD = Code(re.compile(r"^[a-z]{1,12}$"))


@dataclass(frozen=True)
class Kind:
    """The fields of one kind of button; the last `optional` of them may be left out."""

    fields: tuple[Field, ...]
    optional: int = 0


KINDS: dict[str, Kind] = {
    # people
    "lang": Kind((one_of("vi", "en"),)),
    # the calendar
    "lv": Kind((one_of("u", "w", "m", "q", "d"), Int(0, ORDINAL.high), Int(0, ORDINAL.high), PAGE)),
    "lm": Kind((YEAR,)),
    "lics": Kind(()),
    "li": Kind((ID,)),
    "le": Kind((ID, one_of("p", "t", "l", "d", "c"))),
    "lc": Kind((ID,)),
    "lp": Kind((ID, one_of("ok", "re"))),
    "ld": Kind((WORD, Either(ID, WORD)), optional=1),
    "lim": Kind((one_of("ok"),)),
    # charity figures: submitting (the draft's revision first)
    "fn": Kind((ID,)),
    "fp": Kind((REV, ID)),
    "fu": Kind((REV, ID)),
    "fz": Kind((REV,)),
    "fk": Kind((REV,)),
    "fb": Kind((REV,)),
    "fx": Kind((REV,)),
    "fs": Kind((REV,)),
    "fe": Kind((REV, ID)),
    "fq": Kind((REV, Either(ID, one_of("skip")))),
    # charity figures: reviewing, reports and periods
    "fr": Kind((ID, ID)),
    "fa": Kind((ID, ID)),
    "fw": Kind((ID, ID)),
    "fh": Kind((ID, ID)),
    "rr": Kind((ID, ID, FLAG)),
    "rx": Kind((ID, ID, FLAG)),
    "rc": Kind((ID, ID, FLAG)),
    "rp": Kind((ID, ID, PAGE)),
    "po": Kind(()),
    "pd": Kind((PERIOD,)),
    "pg": Kind((PERIOD, DAY)),
    "pk": Kind((PERIOD, DAY, INDEX, MASK)),
    "pok": Kind((PERIOD, DAY, INDEX, MASK)),
    "pc": Kind((ID,)),
    "pr": Kind((ID,)),
    # directives: reading and confirming
    "dv": Kind((ID,)),
    "dn": Kind((ID,)),
    "dt": Kind((ID,)),
    "df": Kind((ID,)),
    "dl": Kind((PAGE,)),
    "dg": Kind((ID, ID, PAGE)),
    "dm": Kind((ID, ID, PAGE, ID)),
    # directives: the draft card and its recipients
    "dd": Kind((ID, WORD)),
    "dk": Kind((ID, INDEX)),
    "dx": Kind((ID, ID)),
    "dr": Kind((ID, WORD)),
    "dra": Kind((ID, INDEX)),
    "dru": Kind((ID, ID, PAGE)),
    "drp": Kind((ID, ID)),
    "drn": Kind((ID, ID, one_of("u", "s"))),
    "drr": Kind((ID, ID)),
    "drs": Kind((ID, ID, WORD)),
    # announcements
    "an": Kind((ID, WORD)),
    "ank": Kind((ID, INDEX)),
    "anb": Kind((ID, ID, PAGE)),
    "anp": Kind((ID, ID)),
}


def _fits(action: str, args: list[str]) -> bool:
    kind = KINDS.get(action)
    if kind is None:
        return False
    if not len(kind.fields) - kind.optional <= len(args) <= len(kind.fields):
        return False
    return all(field.accepts(arg) for field, arg in zip(kind.fields, args, strict=False))


def pack(action: str, *args: object) -> str:
    """The data of a button of `action`; ValueError when it does not fit its kind."""
    values = [str(a) for a in args]
    if not _fits(action, values):
        raise ValueError(f"callback data does not fit its kind: {action!r} {values!r}")
    data = _SEP.join([VERSION, action, *values])
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return data


def check(data: str | None) -> tuple[str, list[str]]:
    """The action and arguments of any button of ours, or StaleButton (run before handlers)."""
    parts = (data or "").split(_SEP)
    if len((data or "").encode()) > 64 or len(parts) < 2 or parts[0] != VERSION:
        raise StaleButton(data)
    action, args = parts[1], parts[2:]
    if not _fits(action, args):
        raise StaleButton(data)
    return action, args


def unpack(data: str | None, action: str, arity: int) -> list[str]:
    """Arguments of a button of `action`, or StaleButton."""
    parts = (data or "").split(_SEP)
    if len(parts) != arity + 2 or parts[0] != VERSION or parts[1] != action:
        raise StaleButton(data)
    if not all(_ARG.match(p) for p in parts):
        raise StaleButton(data)
    return parts[2:]


def number(value: str, data: str | None) -> int:
    """A button argument that must be a whole number (an id, a page), or StaleButton."""
    if not _DIGITS.match(value):
        raise StaleButton(data)
    return int(value)


def unpack_ids(data: str | None, action: str, arity: int) -> list[int]:
    """Arguments of a button of `action` that are all whole numbers, or StaleButton."""
    return [number(value, data) for value in unpack(data, action, arity)]


def pattern(action: str) -> str:
    """The regex a CallbackQueryHandler uses to route `action` buttons."""
    return rf"^{VERSION}\|{re.escape(action)}(\||$)"
