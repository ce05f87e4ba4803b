"""web login links: one-time links into the dashboard from /bangtin link

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_login_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_web_login_links_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_links")),
        sa.UniqueConstraint("digest", name=op.f("uq_web_login_links_digest")),
    )
    with op.batch_alter_table("web_login_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_login_links_expires_at"), ["expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("web_login_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_login_links_expires_at"))
    op.drop_table("web_login_links")
