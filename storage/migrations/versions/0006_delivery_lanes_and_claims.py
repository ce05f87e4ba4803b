"""delivery lanes and claims: paid flag, claimed_at, parts_sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PAID_PENDING = "state = 'pending' AND paid"


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paid", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("parts_sent", sa.SmallInteger(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.create_index(
            "ix_deliveries_paid_queue",
            ["priority", "next_attempt_at"],
            unique=False,
            postgresql_where=sa.text(_PAID_PENDING),
            sqlite_where=sa.text(_PAID_PENDING),
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_paid_queue")
        batch_op.drop_column("parts_sent")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("paid")
