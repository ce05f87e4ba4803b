"""The period's report in words: the chat message, the completeness line, a paragraph.

The few groups made here (kinds into levels) add up at most eight sums from
bot.figures.report, never the rows themselves.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from bot.figures.indicators import indicator_name, indicator_unit
from bot.figures.report import Group, ReportData
from bot.figures.service import label
from bot.figures.validation import show_value
from bot.people.roles import kind_name
from bot.text.formatting import format_number
from bot.text.i18n import N_, _, current_locale, gettext
from bot.text.words import amount_in_words
from storage.figures import Tally
from storage.models import Indicator, IndicatorKind, UnitKind

MAX_LISTED = 20  # children listed in the chat message; the .xlsx has them all

# How the association's own reports group units: the central office, the women's
# associations, the local chapters, then the other kinds.
LEVELS: list[tuple[str, tuple[UnitKind, ...]]] = [
    (N_("the central office"), (UnitKind.CENTRAL,)),
    (N_("the women's associations"), (UnitKind.WOMEN_ASSOCIATION,)),
    (
        N_("the local chapters"),
        (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.BRANCH),
    ),
    (N_("the traditional units"), (UnitKind.TRADITIONAL_UNIT,)),
    (N_("the liaison boards"), (UnitKind.LIAISON_BOARD,)),
]


def completeness_line(tally: Tally) -> str:
    """ "số liệu từ 41/54 đơn vị, chưa đầy đủ" (or "đầy đủ")."""
    if tally.expected and tally.reported >= tally.expected:
        text = N_("figures from {reported}/{expected} units, complete")
    else:
        text = N_("figures from {reported}/{expected} units, incomplete")
    return gettext(text).format(reported=tally.reported, expected=tally.expected)


def compact(indicators: Sequence[Indicator], sums: Mapping[int, int]) -> str:
    """`3 nhà · 1.250 suất · 512.300.000 ₫` (indicators with nothing are left out)."""
    parts = []
    for indicator in indicators:
        value = sums.get(indicator.id, 0)
        if not value:
            continue
        unit = "" if indicator.kind is IndicatorKind.MONEY else f" {indicator_unit(indicator)}"
        parts.append(show_value(indicator, value) + unit)
    return " · ".join(parts) or _("no figures")


def _figures_in_words(indicators: Sequence[Indicator], sums: Mapping[int, int]) -> str:
    """`3 nhà tình nghĩa, 1.250 suất quà, 120 chăn, tổng trị giá 2.514.000.000 đồng (hai tỷ…)`."""
    counts, money = [], []
    for indicator in indicators:
        value = sums.get(indicator.id, 0)
        name = indicator_name(indicator)
        name = name[:1].lower() + name[1:]
        if indicator.kind is IndicatorKind.MONEY:
            money.append((indicator, value, name))
        elif value:
            counts.append(f"{show_value(indicator, value)} {name}")
    parts = list(counts)
    for indicator, value, name in money:
        words = amount_in_words(value) if current_locale() == "vi" else ""
        amount = f"{format_number(value)} {indicator_unit(indicator)}"
        if len(money) == 1:
            text = _("worth {amount} in total").format(amount=amount)
        else:
            text = _("{name}: {amount}").format(name=name, amount=amount)
        parts.append(f"{text} ({words})" if words else text)
    return ", ".join(parts) if parts else _("no figures yet")


def paragraph(data: ReportData) -> str:
    """A ready paragraph in the style of the association's own reports (plain text)."""
    tally = data.tally
    complete = tally.expected > 0 and tally.reported >= tally.expected
    source = (
        _("according to complete figures ({reported}/{expected} units reporting)")
        if complete
        else _("according to incomplete figures ({reported}/{expected} units reporting)")
    ).format(reported=tally.reported, expected=tally.expected)
    whole = _("the whole association") if data.root.parent_id is None else data.root.name
    text = _("In {period}, {source}, {whom} mobilised {figures}.").format(
        period=label(data.period),
        source=source,
        whom=whole,
        figures=_figures_in_words(data.indicators, data.totals),
    )
    levels = []
    for level, kinds in LEVELS:
        sums: dict[int, int] = {}
        for group in data.by_kind:
            if group.kind and UnitKind(group.kind) in kinds:
                for indicator_id, value in group.sums.items():
                    sums[indicator_id] = sums.get(indicator_id, 0) + value
        if any(sums.values()):
            figures = _figures_in_words(data.indicators, sums)
            levels.append(_("{level}: {figures}").format(level=gettext(level), figures=figures))
    if len(levels) > 1:
        text += " " + _("Of which: {levels}.").format(levels="; ".join(levels))
    return text[:1].upper() + text[1:]


def report_text(data: ReportData) -> str:
    """The report as one chat message (HTML), the paragraph last so it can be copied."""
    title = _("<b>Figures for {period}</b> — {unit}").format(
        period=label(data.period), unit=html.escape(data.root.name)
    )
    scope = _("approved figures only") if data.approved_only else _("all figures sent")
    lines = [title, f"<i>{scope}</i>", completeness_line(data.tally).capitalize() + ".", ""]
    lines.append(_("<b>Totals</b>"))
    for indicator in data.indicators:
        value = data.totals.get(indicator.id, 0)
        lines.append(f"• {html.escape(indicator_name(indicator))}: {show_value(indicator, value)}")
        if indicator.kind is IndicatorKind.MONEY and current_locale() == "vi":
            lines.append(f"  <i>({amount_in_words(value)})</i>")
    if data.by_kind:
        lines += ["", _("<b>By kind of unit</b>")]
        for group in data.by_kind:
            assert group.kind is not None
            lines.append(_group_line(kind_name(UnitKind(group.kind)).capitalize(), group, data))
    if data.children:
        lines += ["", _("<b>By unit</b>")]
        for group in data.children[:MAX_LISTED]:
            assert group.unit is not None
            lines.append(_group_line(html.escape(group.unit.name), group, data))
        if len(data.children) > MAX_LISTED:
            lines.append(
                _("… and {count} more units (all of them are in the Excel file)").format(
                    count=len(data.children) - MAX_LISTED
                )
            )
    lines += ["", _("<b>Paragraph for the report</b>"), html.escape(paragraph(data))]
    return "\n".join(lines)


def _group_line(name: str, group: Group, data: ReportData) -> str:
    tally = group.tally
    if tally.expected:
        count = f"{tally.reported}/{tally.expected}"
    elif any(group.sums.values()):
        # Figures sent by units the period does not expect still count in the totals.
        count = _("not expected to report; its figures are counted")
    else:
        count = _("not expected to report")
    return f"• {name} ({count}): {compact(data.indicators, group.sums)}"
