"""Directives (văn bản chỉ đạo): the document, its files, who it goes to, and who confirmed."""

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
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.core import Base, enum_column
from storage.times import UtcDateTime


class DirectiveState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class RecipientScope(enum.StrEnum):
    """Which units a recipient rule names."""

    UNIT = "unit"  # the unit itself
    SUBTREE = "subtree"  # the unit and every unit beneath it
    KIND = "kind"  # every unit of a kind


class Purpose(enum.StrEnum):
    ACT = "act"  # "để thực hiện": carry it out, and say so
    INFORM = "inform"  # "để biết", "để b/c": for information


class Directive(Base):
    """An official document, from the admin's first upload (a draft) to its publication.

    Every field the admin corrects is written at once, so a draft survives a restart.
    `search_text` holds number, title and body folded (no diacritics, lower case) so
    that `/chidao tìm` is one LIKE query.
    """

    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[DirectiveState] = mapped_column(
        enum_column(DirectiveState, "directive_state"), default=DirectiveState.DRAFT
    )
    kind: Mapped[str | None] = mapped_column(String(32))
    number: Mapped[str | None] = mapped_column(String(64))
    number_key: Mapped[str | None] = mapped_column(String(64), index=True)
    place: Mapped[str | None] = mapped_column(String(128))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    signer_title: Mapped[str | None] = mapped_column(String(255))
    signer_name: Mapped[str | None] = mapped_column(String(255))
    issuer: Mapped[str | None] = mapped_column(String(255))
    # The "Nơi nhận" block as written: a JSON list of [name, purpose or null].
    written_recipients: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"))
    # What marked the document as a draft ("mark,number,day": the words "Dự thảo", a blank
    # number, a blank day); null for a signed document.
    draft_marks: Mapped[str | None] = mapped_column(String(32))
    # Sent out as a draft, for comment: recipients see it marked as one.
    for_comment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    source_name: Mapped[str | None] = mapped_column(String(255))
    # Text pasted in several messages, gathered until the admin asks the bot to read it.
    source_text: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    card_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_directives_state_published", "state", "published_at"),)


class DirectiveFile(Base):
    """A file sent with a directive, kept as Telegram's file_id (sent again without upload)."""

    __tablename__ = "directive_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    is_photo: Mapped[bool] = mapped_column(Boolean, default=False)


class DirectiveRule(Base):
    """One line of "who gets it": units (one, a subtree, or a kind), roles, and purpose."""

    __tablename__ = "directive_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[RecipientScope] = mapped_column(enum_column(RecipientScope, "recipient_scope"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    unit_kind: Mapped[str | None] = mapped_column(String(24))
    leads_only: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, "purpose"))
    # The "Nơi nhận" entry this rule was read from, when it was.
    label: Mapped[str | None] = mapped_column(Text)


class DirectiveReceipt(Base):
    """One member a published directive was meant for, and what they did with it.

    `delivery_key` is the outbox row's dedupe key (null when the member could not be
    reached through Telegram); "delivered" means that row was sent.
    """

    __tablename__ = "directive_receipts"

    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, "purpose"))
    delivery_key: Mapped[str | None] = mapped_column(String(128))
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    carried_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_directive_receipts_unit", "directive_id", "unit_id"),
        Index("ix_directive_receipts_member", "member_id", "directive_id"),
    )


class DirectiveChase(Base):
    """A unit that had not confirmed in time: when it was reminded, when its parent was told."""

    __tablename__ = "directive_chases"

    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    chased_at: Mapped[datetime] = mapped_column(UtcDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
