"""The report as files: an .xlsx workbook (totals, units) and a PNG chart by province.

openpyxl writes the workbook and matplotlib (headless Agg backend) draws the chart; both
are imported when a file is asked for, so the bot starts without them loaded.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.indicators import indicator_name, indicator_unit
from bot.figures.periods import timely_until
from bot.figures.report import ReportData
from bot.figures.report_text import completeness_line, paragraph
from bot.figures.service import label
from bot.people.roles import kind_name
from bot.text.formatting import format_moment
from bot.text.i18n import N_, _, gettext
from storage.figures import UnitRow, list_unit_reports, values_under
from storage.models import IndicatorKind, ReportState, UnitKind

_STATES = {
    ReportState.MISSING: N_("not sent"),
    ReportState.SUBMITTED: N_("sent"),
    ReportState.APPROVED: N_("approved"),
}
_NUMBER = "#,##0"


def state_name(state: ReportState) -> str:
    return gettext(_STATES[state])


def workbook(
    data: ReportData,
    units: Sequence[UnitRow],
    values: Mapping[int, Mapping[int, int]],
    tz: ZoneInfo,
) -> bytes:
    """Sheet one: totals, by kind, by unit below the root; sheet two: every unit's figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Totals")[:31]
    bold = Font(bold=True)
    names = [indicator_name(i) for i in data.indicators]
    sheet.append(
        [_("Figures for {period} — {unit}").format(period=label(data.period), unit=data.root.name)]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    scope = _("approved figures only") if data.approved_only else _("all figures sent")
    sheet.append([scope])
    sheet.append([completeness_line(data.tally).capitalize()])
    sheet.append([])
    sheet.append([_("Indicator"), _("Total"), _("Unit")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for indicator in data.indicators:
        sheet.append(
            [
                indicator_name(indicator),
                data.totals.get(indicator.id, 0),
                indicator_unit(indicator),
            ]
        )
        sheet.cell(sheet.max_row, 2).number_format = _NUMBER

    def table(title: str, rows: list[tuple[str, Mapping[int, int], int, int]]) -> None:
        sheet.append([])
        sheet.append([title, _("Reported"), _("Expected"), *names])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for name, sums, reported, expected in rows:
            sheet.append([name, reported, expected, *(sums.get(i.id, 0) for i in data.indicators)])
            for column in range(4, 4 + len(names)):
                sheet.cell(sheet.max_row, column).number_format = _NUMBER

    table(
        _("Kind of unit"),
        [
            (kind_name(UnitKind(g.kind or "")), g.sums, g.tally.reported, g.tally.expected)
            for g in data.by_kind
        ],
    )
    table(
        _("Unit"),
        [
            (g.unit.name if g.unit else "", g.sums, g.tally.reported, g.tally.expected)
            for g in data.children
        ],
    )
    sheet.append([])
    sheet.append([paragraph(data)])
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 18

    units_sheet = book.create_sheet(_("Units")[:31])
    units_sheet.append(
        [
            _("Code"),
            _("Unit"),
            _("Kind"),
            _("Parent unit"),
            _("Expected"),
            _("Status"),
            _("Sent at"),
            _("On time"),
            *names,
        ]
    )
    for cell in units_sheet[1]:
        cell.font = bold
    until = timely_until(data.period.deadline, data.period.grace_days, tz)
    for row in units:
        report = row.report
        sent = report.first_submitted_at if report else None
        own = values.get(row.unit.id, {})
        units_sheet.append(
            [
                row.unit.code,
                row.unit.name,
                kind_name(row.unit.kind),
                row.parent_name or "",
                _("yes") if report and report.expected else _("no"),
                state_name(report.state) if report else state_name(ReportState.MISSING),
                format_moment(sent, tz) if sent else "",
                _on_time(sent, until),
                *(own.get(i.id) for i in data.indicators),
            ]
        )
        for column in range(9, 9 + len(names)):
            units_sheet.cell(units_sheet.max_row, column).number_format = _NUMBER
    units_sheet.freeze_panes = "C2"
    for letter, width in zip("ABCDEFGH", (14, 40, 20, 30, 10, 12, 18, 10), strict=True):
        units_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def workbook_of(session: AsyncSession, data: ReportData, tz: ZoneInfo) -> bytes:
    """The workbook of a built report, with every unit of its subtree."""
    units = await list_unit_reports(session, data.period.id, data.root.id)
    values = await values_under(session, data.period.id, data.root.id)
    return workbook(data, units, values, tz)


def _on_time(sent: datetime | None, until: datetime) -> str:
    if sent is None:
        return ""
    return _("yes") if sent < until else _("late")


def chart(
    data: ReportData, bars: Sequence[tuple[str, Mapping[int, int]]], title_kind: str
) -> bytes:
    """One panel per indicator (money in millions of đồng), a bar for each province."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    indicators = [i for i in data.indicators if any(s.get(i.id) for _n, s in bars)]
    indicators = indicators or list(data.indicators[:1])
    ordered = sorted(bars, key=lambda b: b[0])
    labels = [name for name, _s in ordered]
    height = max(3.0, 0.32 * len(labels) + 1.5)
    figure, axes = pyplot.subplots(
        1, len(indicators), figsize=(3.6 * len(indicators) + 2.5, height), sharey=True
    )
    axes_list = list(axes) if len(indicators) > 1 else [axes]
    for axis, indicator in zip(axes_list, indicators, strict=True):
        money = indicator.kind is IndicatorKind.MONEY
        scale = 1_000_000 if money else 1
        values = [sums.get(indicator.id, 0) / scale for _n, sums in ordered]
        axis.barh(labels, values, color="#b22222" if money else "#2e6f9e")
        name = indicator_name(indicator)
        axis.set_title(_("{name} (million đồng)").format(name=name) if money else name)
        axis.grid(axis="x", alpha=0.3)
        axis.invert_yaxis()
    figure.suptitle(
        _("{period}: figures by {kind}").format(period=label(data.period), kind=title_kind)
    )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    pyplot.close(figure)
    return buffer.getvalue()
