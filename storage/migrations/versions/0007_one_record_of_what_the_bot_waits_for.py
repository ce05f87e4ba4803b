"""one record of what the bot waits for: waits replaces prompts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:00:00.000000

The questions of directives and announcements (prompts) and the open calendar and figures
drafts become rows of `waits`, so nothing a member was in the middle of is lost. A member
with more than one keeps the newest.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_LIFETIME = timedelta(days=7)  # HOIBOT_DRAFT_DAYS' default; the setting applies from now on


def _aware(value: Any) -> datetime:
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def upgrade() -> None:
    waits = op.create_table(
        "waits",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("feature", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stale_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_waits_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_waits")),
    )
    with op.batch_alter_table("waits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waits_stale_at"), ["stale_at"], unique=False)

    connection = op.get_bind()
    newest: dict[int, dict[str, Any]] = {}

    def keep(member_id: int, feature: str, step: str, draft_id: int, at: Any) -> None:
        asked = _aware(at)
        known = newest.get(member_id)
        if known is None or known["asked_at"] < asked:
            newest[member_id] = {
                "member_id": member_id,
                "feature": feature,
                "step": step,
                "draft_id": draft_id,
                "asked_at": asked,
                "stale_at": asked + _LIFETIME,
            }

    for member_id, purpose, subject_id, asked_at in connection.execute(
        sa.text("SELECT member_id, purpose, subject_id, asked_at FROM prompts")
    ):
        feature, _dot, step = str(purpose).partition(".")
        keep(member_id, feature, step, subject_id, asked_at)
    for table, feature in (("schedule_drafts", "schedule"), ("figure_drafts", "figures")):
        for member_id, step, draft_id, updated_at in connection.execute(
            sa.text(f"SELECT member_id, step, id, updated_at FROM {table}")
        ):
            keep(member_id, feature, step, draft_id, updated_at)
    if newest:
        op.bulk_insert(waits, list(newest.values()))
    op.drop_table("prompts")


def downgrade() -> None:
    prompts = op.create_table(
        "prompts",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_prompts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_prompts")),
    )
    rows = op.get_bind().execute(
        sa.text(
            "SELECT member_id, feature, step, draft_id, asked_at FROM waits "
            "WHERE feature IN ('directive', 'announce') AND draft_id IS NOT NULL"
        )
    )
    back = [
        {
            "member_id": member_id,
            "purpose": f"{feature}.{step}",
            "subject_id": draft_id,
            "asked_at": _aware(asked_at),
        }
        for member_id, feature, step, draft_id, asked_at in rows
    ]
    if back:
        op.bulk_insert(prompts, back)
    with op.batch_alter_table("waits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waits_stale_at"))
    op.drop_table("waits")
