"""The question the bot is waiting to have answered by a member."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base
from storage.times import UtcDateTime


class Prompt(Base):
    """What the bot last asked a member to type or send, so their next message answers it.

    One row per member: asking something new replaces the old question. Kept in the
    database so the answer is understood after a restart or by another process.
    """

    __tablename__ = "prompts"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
