"""Charity figures: indicators, reporting periods, each unit's report, its values and history.

Storage is shaped for the report: one row per unit × period × indicator (`figure_values`),
summed in SQL through the `unit_links` closure; each expected unit has one `unit_reports` row
per period (its status), so completeness is a GROUP BY over the same closure.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base, enum_column
from storage.times import UtcDateTime


class IndicatorKind(enum.StrEnum):
    COUNT = "count"
    MONEY = "money"


class Indicator(Base):
    """What units report (houses, gift packages, blankets, money), with the rules checking it.

    `words` is a JSON list of the phrases people use for it in sentences. The rules: a value
    outside `min_value`..`max_value` is refused; `per_indicator_id` with `per_min`..`per_max`
    bounds this value divided by another (money per gift package), and `history_factor`
    questions a value that many times above or below the unit's own earlier figures; those
    two are questions the lead may confirm.
    """

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[IndicatorKind] = mapped_column(enum_column(IndicatorKind, "indicator_kind"))
    name_vi: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    unit_vi: Mapped[str] = mapped_column(String(32), default="")
    unit_en: Mapped[str] = mapped_column(String(32), default="")
    words: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    min_value: Mapped[int | None] = mapped_column(BigInteger)
    max_value: Mapped[int | None] = mapped_column(BigInteger)
    per_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    per_min: Mapped[int | None] = mapped_column(BigInteger)
    per_max: Mapped[int | None] = mapped_column(BigInteger)
    history_factor: Mapped[int | None] = mapped_column(Integer)


class ReportingPeriod(Base):
    """A month, quarter, half-year or year that units report on, opened by an admin.

    A report is on time when first sent by the end of `deadline` + `grace_days` (association
    time). Which units must report is kept as the rule it was opened with (`expected_kinds`,
    a comma-separated list, none meaning every unit but the central office; `expected_root_id`,
    a subtree) and materialised as `unit_reports` rows.
    """

    __tablename__ = "reporting_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    precision: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    expected_kinds: Mapped[str | None] = mapped_column(String(255))
    expected_root_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class ReportState(enum.StrEnum):
    MISSING = "missing"
    SUBMITTED = "submitted"
    APPROVED = "approved"


class UnitReport(Base):
    """One unit's report for one period: whether it was expected, sent, on time, approved."""

    __tablename__ = "unit_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    expected: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[ReportState] = mapped_column(
        enum_column(ReportState, "report_state"), default=ReportState.MISSING
    )
    first_submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)


class FigureValue(Base):
    """The current value of one indicator in one unit's report for one period."""

    __tablename__ = "figure_values"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_figure_values_unit", "unit_id", "indicator_id"),)


class FigureChange(Base):
    """Every value ever saved: who, when, old → new (the first submission has no old value)."""

    __tablename__ = "figure_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    old_value: Mapped[int | None] = mapped_column(BigInteger)
    new_value: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_figure_changes_report", "period_id", "unit_id", "at"),)


class FigureDraft(Base):
    """A lead's submission in progress, written at every step so nothing is lost.

    `data` is JSON: the values so far, the questions still to ask, the sentence pasted.
    """

    __tablename__ = "figure_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE")
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
