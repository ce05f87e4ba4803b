"""The outbox: one row per (message, recipient), drained by the sender."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
)
from sqlalchemy import (
    text as sql,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base, enum_column
from storage.times import UtcDateTime


class Priority(enum.IntEnum):
    """Lower goes first: replies, then directives, then bulk announcements."""

    REPLY = 0
    DIRECTIVE = 1
    REMINDER = 2
    BULK = 3


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Delivery(Base):
    """A message waiting for, or done with, its trip to one chat.

    `dedupe_key` is unique: enqueueing the same reminder twice (two processes, a retry
    after a crash) keeps one row, so nothing is sent twice by design. `paid` rows may use
    the paid-broadcast lane when the operator enables it. `claimed_at` is when a sender
    took the row (state `sending`), `claimed_by` the lease of the leading sender that took it
    (bot/delivery/leader.py), so that a sender taking over re-queues a dead one's rows at
    once. `parts_sent` counts the parts of a long text already out, so a retry resumes
    after them.
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    priority: Mapped[int] = mapped_column(SmallInteger, default=Priority.BULK)
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, "delivery_state"), default=DeliveryState.PENDING
    )
    text: Mapped[str] = mapped_column(Text)
    reply_markup: Mapped[str | None] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    topic: Mapped[str | None] = mapped_column(String(64), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    paid: Mapped[bool] = mapped_column(default=False, server_default=false())
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    parts_sent: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=sql("0"))

    __table_args__ = (
        Index("ix_deliveries_queue", "state", "priority", "next_attempt_at"),
        # The paid lane's queue: small, so a paid broadcast never scans the ordinary one.
        Index(
            "ix_deliveries_paid_queue",
            "priority",
            "next_attempt_at",
            postgresql_where=sql("state = 'pending' AND paid"),
            sqlite_where=sql("state = 'pending' AND paid"),
        ),
    )
