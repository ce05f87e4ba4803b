"""polled updates: what long polling fetched, kept until it is handled

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 22:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polled_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_polled_updates")),
    )
    with op.batch_alter_table("polled_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_polled_updates_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("polled_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polled_updates_at"))
    op.drop_table("polled_updates")
