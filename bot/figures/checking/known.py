"""What the bot knows to check a report against: the indicators (their words and units) and
the figures the units sent for the report's period, summed over the whole association.

The period is read from the report's own title ("Sơ kết công tác quý I năm 2022", "quý
II/2022", "6 tháng đầu năm 2022"); a period the bot never opened, or one nobody reported
for, gives nothing to compare with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.checking.checker import Known
from bot.figures.indicators import DEFAULT_FILE, IndicatorSpec, parse_indicator_file, vocabulary
from bot.figures.periods import timely_until
from bot.figures.sentences import Vocabulary
from bot.figures.service import label
from bot.text.folding import fold
from storage.figures import completeness, get_period_by_code, list_indicators, sums_under
from storage.models import Indicator, IndicatorKind
from storage.people.units import get_root

_QUARTER = re.compile(r"\bquy\s+(iv|i{1,3}|[1-4])\b[\s./,-]*(?:nam\s+)?((?:19|20)\d{2})\b")
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\s+((?:19|20)\d{2})\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# The title stands near the top; a period named further down is some other period.
_TITLE_CHARS = 1500


def period_code(text: str) -> str | None:
    """The stored code of the period the report is about ("2022-Q1"), if its title says."""
    head = fold(text[:_TITLE_CHARS])
    quarter = _QUARTER.search(head)
    if quarter:
        number = _ROMAN.get(quarter[1]) or int(quarter[1])
        return f"{quarter[2]}-Q{number}"
    half = _HALF.search(head)
    if half:
        return f"{half[2]}-H{1 if half[1] == 'dau' else 2}"
    return None


Indicators = Sequence[Indicator] | Sequence[IndicatorSpec]


async def checking_indicators(session: AsyncSession) -> tuple[Vocabulary, Indicators]:
    """The association's indicators, or the default file's when none are loaded yet."""
    stored = await list_indicators(session, active_only=False)
    if stored:
        return vocabulary(stored), stored
    specs = parse_indicator_file(DEFAULT_FILE)
    words: Vocabulary = {
        s.code: ("money" if s.kind is IndicatorKind.MONEY else "count", s.words) for s in specs
    }
    return words, specs


async def known_figures(session: AsyncSession, text: str, tz: ZoneInfo) -> Known | None:
    """The bot's totals for the report's period over the whole association, if any."""
    code = period_code(text)
    period = await get_period_by_code(session, code) if code else None
    root = await get_root(session)
    if period is None or root is None:
        return None
    totals, _children, _kinds = await sums_under(session, period.id, root.id, approved_only=False)
    until = timely_until(period.deadline, period.grace_days, tz)
    tally, _by_child, _by_kind = await completeness(session, period.id, root.id, until)
    if not tally.reported:
        return None
    codes = {i.id: i.code for i in await list_indicators(session, active_only=False)}
    values = {codes[i]: v for i, v in totals.items() if i in codes}
    return Known(label(period), values, tally.reported, tally.expected)
