"""Core models: the association's tree, its people and what they said."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.times import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UnitKind(enum.StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    BRANCH = "branch"
    TRADITIONAL_UNIT = "traditional_unit"
    WOMEN_ASSOCIATION = "women_association"
    LIAISON_BOARD = "liaison_board"


class Role(enum.StrEnum):
    MEMBER = "member"
    LEAD = "lead"
    ADMIN = "admin"


def enum_column(cls: type[enum.Enum], name: str) -> Enum:
    """A Python enum stored as its string value."""
    # Stored as plain strings so that adding a value needs no ALTER TYPE on PostgreSQL.
    return Enum(cls, name=name, native_enum=False, length=24, values_callable=_values)


def _values(cls: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in cls]


class Unit(Base):
    """A node of the association's tree: the central office, a chapter, a branch…"""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind, "unit_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # A women's group belongs to its province and to the national women's association.
    also_under_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())
    # When the unit began and ceased to exist (None: before, or after, anything recorded);
    # a unit merged into another names it. Periods outside that life do not expect a report.
    founded_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class UnitLink(Base):
    """Closure of the tree: one row for every (ancestor, descendant) pair, itself included.

    Subtree questions ("everything a lead of Hà Nội leads") become one indexed join,
    and a unit with two parents simply has two ancestor chains.
    """

    __tablename__ = "unit_links"

    ancestor_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    descendant_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    depth: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_unit_links_descendant", "descendant_id", "ancestor_id"),)


class Member(Base):
    """A person of the association, bound to a Telegram user once they join."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(8))
    reachable: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())
    bound_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Membership(Base):
    """A member's role in one unit; a lead may lead several units."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))

    __table_args__ = (UniqueConstraint("member_id", "unit_id"),)


class Invite(Base):
    """A deep-link code that binds whoever opens it to a unit with a role."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class Interaction(Base):
    """One update received or one message sent: the association's record of what was said."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "direction"))
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)
    command: Mapped[str | None] = mapped_column(String(64))
    related: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_interactions_member_at", "member_id", "at"),
        Index("ix_interactions_unit_at", "unit_id", "at"),
        Index("ix_interactions_at", "at"),
    )


class HandledUpdate(Base):
    """A Telegram update already handled, recorded in the transaction of its effects, so a
    redelivered update (a slow answer, another process, a restart) is not handled twice."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class PolledUpdate(Base):
    """An update fetched by long polling, kept before Telegram is told to forget it, so a
    process killed before handling it handles it when it starts again (bot/app/polling.py)."""

    __tablename__ = "polled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
