"""Checking a unit's figures against the rules an admin set for each indicator.

A value outside an indicator's min..max is refused: the lead must fix it. A ratio outside
its range (money per gift package) and a value far from the unit's own history are
questions: the lead sees why in plain words and may confirm the figure as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.text.formatting import format_money, format_number
from bot.text.i18n import N_, current_locale, gettext
from storage.models import Indicator, IndicatorKind


@dataclass(frozen=True)
class Finding:
    indicator_id: int
    message: str  # msgid
    params: dict[str, Any] = field(default_factory=dict)
    blocking: bool = False

    def text(self) -> str:
        return gettext(self.message).format(**self.params)


def show_value(indicator: Indicator, value: int) -> str:
    """`512.300.000 ₫` for money, `1.250` for counts, in the member's language."""
    if indicator.kind is IndicatorKind.MONEY:
        return format_money(value)
    return format_number(value)


def _english() -> bool:
    return current_locale() == "en"


def check_figures(
    indicators: Sequence[Indicator],
    values: Mapping[int, int],
    history: Mapping[int, tuple[int, int]],
) -> list[Finding]:
    """Every rule broken by `values` (indicator id -> value), refusals first."""
    by_id = {i.id: i for i in indicators}
    findings: list[Finding] = []
    questions: list[Finding] = []
    for indicator in indicators:
        value = values.get(indicator.id)
        if value is None:
            continue
        name = indicator.name_en if _english() else indicator.name_vi
        shown = show_value(indicator, value)
        low, high = indicator.min_value, indicator.max_value
        if low is not None and value < low:
            findings.append(
                Finding(
                    indicator.id,
                    N_("{name}: {value} is below the lowest allowed, {limit}."),
                    {"name": name, "value": shown, "limit": show_value(indicator, low)},
                    blocking=True,
                )
            )
        if high is not None and value > high:
            findings.append(
                Finding(
                    indicator.id,
                    N_("{name}: {value} is above the highest allowed, {limit}."),
                    {"name": name, "value": shown, "limit": show_value(indicator, high)},
                    blocking=True,
                )
            )
        other = by_id.get(indicator.per_indicator_id or 0)
        count = values.get(other.id) if other else None
        if other is not None and count is not None and count > 0:
            per = value // count
            other_name = other.name_en if _english() else other.name_vi
            params = {
                "name": name,
                "other": other_name.lower(),
                "per": show_value(indicator, per),
            }
            if indicator.per_min is not None and per < indicator.per_min:
                params["limit"] = show_value(indicator, indicator.per_min)
                questions.append(
                    Finding(
                        indicator.id,
                        N_(
                            "{name} per {other} is {per}, less than the usual "
                            "{limit}. Is that right?"
                        ),
                        params,
                    )
                )
            if indicator.per_max is not None and per > indicator.per_max:
                params["limit"] = show_value(indicator, indicator.per_max)
                questions.append(
                    Finding(
                        indicator.id,
                        N_(
                            "{name} per {other} is {per}, more than the usual "
                            "{limit}. Is that right?"
                        ),
                        params,
                    )
                )
        factor = indicator.history_factor
        if factor and indicator.id in history:
            lowest, highest = history[indicator.id]
            params = {"name": name, "value": shown, "factor": str(factor)}
            if highest > 0 and value > factor * highest:
                params["before"] = show_value(indicator, highest)
                questions.append(
                    Finding(
                        indicator.id,
                        N_(
                            "{name}: {value} is more than {factor} times the most this unit "
                            "reported before ({before}). Is that right?"
                        ),
                        params,
                    )
                )
            elif lowest > 0 and value * factor < lowest:
                params["before"] = show_value(indicator, lowest)
                questions.append(
                    Finding(
                        indicator.id,
                        N_(
                            "{name}: {value} is less than a {factor}th of the least this unit "
                            "reported before ({before}). Is that right?"
                        ),
                        params,
                    )
                )
    return findings + questions


def describe_rules(indicator: Indicator, indicators: Sequence[Indicator]) -> list[str]:
    """The rules of one indicator in words (for `hoibot indicators list`)."""
    rules = []
    if indicator.min_value is not None:
        rules.append(
            gettext(N_("at least {limit}")).format(limit=show_value(indicator, indicator.min_value))
        )
    if indicator.max_value is not None:
        rules.append(
            gettext(N_("at most {limit}")).format(limit=show_value(indicator, indicator.max_value))
        )
    other = next((i for i in indicators if i.id == indicator.per_indicator_id), None)
    if other is not None:
        low = show_value(indicator, indicator.per_min) if indicator.per_min is not None else "…"
        high = show_value(indicator, indicator.per_max) if indicator.per_max is not None else "…"
        rules.append(
            gettext(N_("per {other}: {low} to {high}")).format(other=other.code, low=low, high=high)
        )
    if indicator.history_factor:
        rules.append(
            gettext(N_("questioned beyond {factor}× the unit's history")).format(
                factor=indicator.history_factor
            )
        )
    return rules
