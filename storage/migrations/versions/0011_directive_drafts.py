"""directive drafts: what marks a document as a draft, and whether it went out for comment

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_marks", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("for_comment", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.drop_column("for_comment")
        batch_op.drop_column("draft_marks")
