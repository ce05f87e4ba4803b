"""The checker's findings and notes as lines for the operator and the chat, in the current
language: where (line and a short quote), what is written, what is right."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.figures.checking.checker import COUNT, Check, Finding, Kind, Known, Note, NoteKind
from bot.figures.checking.nouns import PREFIX
from bot.figures.checking.statements import Reading
from bot.text.formatting import format_money, format_number
from bot.text.i18n import _, current_locale
from storage.models import IndicatorKind


class Described(Protocol):
    """An indicator as stored or as read from the indicator file."""

    @property
    def code(self) -> str: ...
    @property
    def kind(self) -> IndicatorKind: ...
    @property
    def unit_vi(self) -> str: ...
    @property
    def unit_en(self) -> str: ...


def _shown(indicators: Mapping[str, Described], code: str | None, value: int) -> str:
    if code == COUNT:
        return format_number(value)
    if code is not None and code.startswith(PREFIX):
        return f"{format_number(value)} {code[len(PREFIX) :]}"
    indicator = indicators.get(code or "")
    if indicator is None or indicator.kind is IndicatorKind.MONEY:
        return format_money(value)
    unit = indicator.unit_en if current_locale() == "en" else indicator.unit_vi
    return f"{format_number(value)} {unit}".rstrip()


def reading_words(reading: Reading | None) -> str:
    """How the checker read the parts of a total, in brackets after a line; "" for none."""
    if reading is None:
        return ""
    words = {
        Reading.BREAKDOWN: _("read as: “Trong đó” lists every part, closing with the rest"),
        Reading.LISTED: _("read as: “Trong đó” may list only some parts"),
        Reading.AMONG: _("read as: a list of some units only (“trong đó có”, “riêng”)"),
        Reading.AFTER: _("read as: the parts, then their total (“tổng cộng”, “cộng”)"),
        Reading.BRACKETS: _("read as: the total, then its parts in brackets"),
    }[reading]
    return f" ({words})"


def finding_line(finding: Finding, indicators: Mapping[str, Described], known: Known | None) -> str:
    written = _shown(indicators, finding.code, finding.written)
    right = _shown(indicators, finding.code, finding.right)
    where = _("line {line}, “{quote}”").format(line=finding.line, quote=finding.quote)
    if finding.kind is Kind.SUM:
        what = _("written {written}, but the parts add up to {right}")
    elif finding.kind is Kind.WORDS:
        what = _("in words {written}, but in digits {right}")
    else:
        assert known is not None
        what = _(
            "written {written}, but the units' figures in the bot for {period} add up to "
            "{right} ({reported} of {expected} units reported)"
        )
    details = what.format(
        written=written,
        right=right,
        period=known.period if known else "",
        reported=known.reported if known else 0,
        expected=known.expected if known else 0,
    )
    return f"{where}: {details}{reading_words(finding.reading)}"


def note_line(note: Note, indicators: Mapping[str, Described]) -> str:
    where = _("line {line}, “{quote}”").format(line=note.line, quote=note.quote)
    if note.kind is NoteKind.WORDS_UNREAD:
        what = _("I could not read this amount in words")
    elif note.kind is NoteKind.NO_PARTS:
        what = _("“Trong đó” is followed by no figures I could read")
    elif note.kind is NoteKind.SOME:
        what = _("a list of some units only ({given} together {value}): not a sum").format(
            given=note.given, value=_shown(indicators, note.code, note.value)
        )
    else:
        what = _("only {given} of {count} parts give it (together {value}): not checked").format(
            given=note.given, count=note.count, value=_shown(indicators, note.code, note.value)
        )
    return f"{where}: {what}{reading_words(note.reading) if note.kind is NoteKind.PARTIAL else ''}"


def summary(check: Check) -> str:
    counted = _("Checked {sums} sum(s) of parts and {pairs} amount(s) in words.").format(
        sums=check.sums, pairs=check.pairs
    )
    if check.ok:
        return counted + " " + _("Everything adds up.")
    return counted + " " + _("{count} discrepancy(ies).").format(count=len(check.findings))


def lines_of(
    check: Check, indicators: Sequence[Described], known: Known | None = None
) -> list[str]:
    """One line per discrepancy, then one per thing not read (marked "?"), then the summary."""
    by_code = {i.code: i for i in indicators}
    lines = [f"✗ {finding_line(f, by_code, known)}" for f in check.findings]
    lines += [f"? {note_line(n, by_code)}" for n in check.notes]
    lines.append(summary(check))
    return lines
