"""The association's calendar: items, the units they concern, and drafts of the guided flows."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base, enum_column
from storage.times import UtcDateTime


class ItemStatus(enum.StrEnum):
    PLANNED = "planned"
    TO_BE_ANNOUNCED = "tba"
    DONE = "done"
    CANCELLED = "cancelled"


class ItemAudience(enum.StrEnum):
    """Whom an item concerns: everyone, one unit and all beneath it, or several such units."""

    EVERYONE = "everyone"
    SUBTREE = "subtree"
    UNITS = "units"


class ScheduleItem(Base):
    """One entry of the calendar, its period kept both queryable and as the parser reads it.

    `start_on`..`end_on` bound the period (a deadline has no start; a date still to be
    announced has neither), so a range question is an indexed comparison; `period_text` is
    the canonical text that `parse_period` reads back into the exact period (several month
    runs, an hour, "dự kiến"), used to refine what the bounds let through.
    """

    __tablename__ = "schedule_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(255))
    precision: Mapped[str] = mapped_column(String(16))
    period_text: Mapped[str] = mapped_column(String(400))
    # The period as the document or the lead wrote it ("T3+4;T11+12/2024").
    period_written: Mapped[str | None] = mapped_column(String(400))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    # Local time of day (the association's time zone) for an item with an hour.
    at_time: Mapped[time | None] = mapped_column(Time)
    status: Mapped[ItemStatus] = mapped_column(
        enum_column(ItemStatus, "schedule_status"), default=ItemStatus.PLANNED
    )
    # An anniversary (19/5, 6/12, 27/7) repeats every year from the year of `start_on`.
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    month_day: Mapped[int | None] = mapped_column(SmallInteger)  # 519 for 19/5, when recurring
    responsible: Mapped[str | None] = mapped_column(Text)  # "Phụ trách", as written
    responsible_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="SET NULL")
    )
    # The unit whose calendar this is: its leads (and leads above it) may change the item.
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    audience: Mapped[ItemAudience] = mapped_column(
        enum_column(ItemAudience, "schedule_audience_kind")
    )
    # The directive the item comes from; directives live in another feature's tables.
    source_ref: Mapped[str | None] = mapped_column(String(255))
    source_directive_id: Mapped[int | None] = mapped_column(Integer)
    # Stable key of an imported row, so importing the same table again changes nothing.
    import_key: Mapped[str | None] = mapped_column(String(96), unique=True)
    # Bumped on every change members are told of; part of the notices' dedupe keys.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_schedule_items_end_start", "end_on", "start_on"),
        Index("ix_schedule_items_start_on", "start_on"),
        Index("ix_schedule_items_month_day", "month_day"),
    )


class ScheduleAudience(Base):
    """One unit an item concerns, with everything beneath it; `unit_id` NULL means everyone.

    Keeping "everyone" as a row, and the item's bounds beside the unit, lets one index answer
    "what concerns these units between these days" without reading the items it rules out.
    A yearly item or one without a day yet is stored as never ending (`ALWAYS`).
    """

    __tablename__ = "schedule_audience"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_items.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        Index("ix_schedule_audience_unit_days", "unit_id", "end_on", "start_on", "item_id"),
    )


ALWAYS = date(9999, 12, 31)


class DraftKind(enum.StrEnum):
    ADD = "add"
    EDIT = "edit"
    IMPORT = "import"


class ScheduleDraft(Base):
    """A lead's add, edit or import flow in progress, written at every step.

    One per member: starting a new flow replaces the old one. `step` names what the bot is
    waiting for; `payload` holds what the steps gathered (JSON), so a restart loses nothing.
    """

    __tablename__ = "schedule_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[DraftKind] = mapped_column(enum_column(DraftKind, "schedule_draft_kind"))
    step: Mapped[str] = mapped_column(String(24))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("schedule_items.id", ondelete="CASCADE"))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
