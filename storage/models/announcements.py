"""Announcements (thông báo): a notice to part of the tree, scheduled or sent at once."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base, enum_column
from storage.times import UtcDateTime


class AnnouncementState(enum.StrEnum):
    DRAFT = "draft"  # being written: content, audience, time
    QUEUED = "queued"  # confirmed: its messages are in the outbox (maybe held until later)
    DONE = "done"  # nothing left to send
    CANCELLED = "cancelled"  # stopped by its sender; what had gone stays gone
    DISCARDED = "discarded"  # dropped before it was confirmed


class Audience(enum.StrEnum):
    EVERYONE = "everyone"  # everyone in the sender's reach
    SUBTREE = "subtree"  # one unit and everything beneath it
    KIND = "kind"  # every unit of a kind (within the sender's reach)
    LEADS = "leads"  # the leads only (within the sender's reach)


class Announcement(Base):
    """A notice to part of the tree, from its draft to its final summary."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[AnnouncementState] = mapped_column(
        enum_column(AnnouncementState, "announcement_state"), default=AnnouncementState.DRAFT
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    # HTML as the sender wrote it (Telegram's formatting kept), or the caption of the media.
    text: Mapped[str] = mapped_column(Text, default="")
    media_kind: Mapped[str | None] = mapped_column(String(16))  # "photo" | "document"
    media_file_id: Mapped[str | None] = mapped_column(String(255))
    media_name: Mapped[str | None] = mapped_column(String(255))
    audience: Mapped[Audience | None] = mapped_column(enum_column(Audience, "audience"))
    audience_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    audience_kind: Mapped[str | None] = mapped_column(String(24))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    send_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    release_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_announcements_author_state", "author_id", "state"),)
