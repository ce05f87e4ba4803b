"""The report checker: every total with its parts summed again, every amount in digits
compared with its words, and the totals of the whole association compared with the figures
the units sent through the bot for the same period.

Pure: it gets the report's text (and, when there are any, the bot's figures) and gives
findings (something is wrong: where, what is written, what is right) and notes (something
it could not read or check). bot.figures.checking.render writes them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bot.figures.checking.lists import find_bracketed, find_closing
from bot.figures.checking.paragraphs import paragraphs
from bot.figures.checking.statements import Reading, Statement, find_statements
from bot.figures.sentences import DEFAULT_VOCABULARY, Vocabulary
from bot.text.amount_pairs import amount_pairs

_QUOTE = 60
# The `code` of a finding about a count repeated in words, not an indicator's.
COUNT = "#count"


class Kind(Enum):
    SUM = "sum"  # the parts do not add up to the total
    WORDS = "words"  # digits and words disagree
    BOT = "bot"  # the total differs from the units' figures in the bot


class NoteKind(Enum):
    WORDS_UNREAD = "words_unread"  # an amount in words that cannot be read
    NO_PARTS = "no_parts"  # "Trong đó" with no figures after it
    PARTIAL = "partial"  # some parts do not give the indicator: the sum cannot be checked
    SOME = "some"  # the list names some units only ("trong đó có", "riêng"): not a sum


@dataclass(frozen=True, slots=True)
class Finding:
    """`written` is in the report; `right` is the sum of the parts, the digits, or the bot.
    `code`: the indicator; for words against digits, None (money) or COUNT."""

    kind: Kind
    line: int
    quote: str
    code: str | None
    written: int
    right: int
    reading: Reading | None = None  # how the parts were read, for a sum


@dataclass(frozen=True, slots=True)
class Note:
    kind: NoteKind
    line: int
    quote: str
    code: str | None = None
    given: int = 0
    count: int = 0
    value: int = 0
    reading: Reading | None = None


@dataclass(frozen=True, slots=True)
class Known:
    """The bot's figures of the report's period for the whole association."""

    period: str  # its name, as shown
    values: dict[str, int]
    reported: int
    expected: int


@dataclass
class Check:
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sums: int = 0  # totals whose parts were added up
    pairs: int = 0  # amounts in digits repeated in words

    @property
    def ok(self) -> bool:
        return not self.findings


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1].rstrip() + "…"


def check_report(
    text: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY, known: Known | None = None
) -> Check:
    """Everything the checker finds in the text of a report."""
    check = Check()
    items = paragraphs(text)
    statements = list(find_statements(items, vocabulary))
    statements += find_closing(items, vocabulary)
    statements += find_bracketed(items, vocabulary)
    for statement in statements:
        _check_sums(check, statement)
    if known is not None:
        _check_against(check, [s for s in statements if s.whole], known)
    for paragraph in items:
        for pair in amount_pairs(paragraph.text):
            line = paragraph.line_at(pair.span[0])
            quote = short(f"{pair.digits} ({pair.words})")
            check.pairs += 1
            if pair.words_value is None:
                check.notes.append(Note(NoteKind.WORDS_UNREAD, line, short(pair.words)))
            elif pair.digits_value is not None and not pair.agree:
                code = None if pair.money else COUNT
                words, digits = pair.words_value, pair.digits_value
                check.findings.append(Finding(Kind.WORDS, line, quote, code, words, digits))
    check.findings.sort(key=lambda f: f.line)
    check.notes.sort(key=lambda n: n.line)
    return check


def _check_sums(check: Check, statement: Statement) -> None:
    reading = statement.reading
    if not statement.parts:
        check.notes.append(Note(NoteKind.NO_PARTS, statement.line, short(statement.quote)))
        return
    for code, total in statement.totals.items():
        giving = [p.values[code] for p in statement.parts if code in p.values]
        if not giving:
            continue
        added = sum(giving)
        quote = short(statement.written[code])
        check.sums += 1
        if added == total:
            continue
        every = len(giving) == len(statement.parts)
        if added > total or (every and reading.complete):
            finding = Finding(Kind.SUM, statement.line, quote, code, total, added, reading)
            check.findings.append(finding)
            continue
        kind = NoteKind.SOME if every else NoteKind.PARTIAL
        count = len(statement.parts)
        note = Note(kind, statement.line, quote, code, len(giving), count, added, reading)
        check.notes.append(note)


def _check_against(check: Check, wholes: list[Statement], known: Known) -> None:
    """A total of the whole association against the bot's, for each indicator that one
    statement alone gives: two (gifts at Tết, gifts on 27/7) are each a part of the period."""
    for code, value in known.values.items():
        giving = [s for s in wholes if code in s.totals]
        if len(giving) != 1 or giving[0].totals[code] == value:
            continue
        statement = giving[0]
        quote = short(statement.written[code])
        written = statement.totals[code]
        check.findings.append(Finding(Kind.BOT, statement.line, quote, code, written, value))
