"""What the bot waits for from each member: the one record every feature's questions use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base
from storage.times import UtcDateTime


class Wait(Base):
    """The feature, and the step of its draft, that a member's next message answers.

    One row per member: asking something new replaces the old question. Kept in the database
    so the answer is understood after a restart or by another process. The drafts themselves
    are the features' own rows (`draft_id` names one); only the waiting lives here. After
    `stale_at` the draft is given up and the member told so, once.
    """

    __tablename__ = "waits"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    feature: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(32))
    draft_id: Mapped[int | None] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stale_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
