"""The dashboard's one table: one-time login links for a desktop browser (`/bangtin link`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base
from storage.times import UtcDateTime


class WebLoginLink(Base):
    """A link that logs one member in once, until it expires.

    Only the SHA-256 of the link's secret is stored: a copy of the database opens nothing.
    """

    __tablename__ = "web_login_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
