"""directives and announcements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:34:17.091289
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "queued",
                "done",
                "cancelled",
                "discarded",
                name="announcement_state",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_kind", sa.String(length=16), nullable=True),
        sa.Column("media_file_id", sa.String(length=255), nullable=True),
        sa.Column("media_name", sa.String(length=255), nullable=True),
        sa.Column(
            "audience",
            sa.Enum(
                "everyone",
                "subtree",
                "kind",
                "leads",
                name="audience",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("audience_unit_id", sa.Integer(), nullable=True),
        sa.Column("audience_kind", sa.String(length=24), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["audience_unit_id"], ["units.id"], name=op.f("fk_announcements_audience_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_announcements_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index("ix_announcements_author_state", ["author_id", "state"], unique=False)

    op.create_table(
        "directives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "published",
                "discarded",
                name="directive_state",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("number_key", sa.String(length=64), nullable=True),
        sa.Column("place", sa.String(length=128), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("signer_title", sa.String(length=255), nullable=True),
        sa.Column("signer_name", sa.String(length=255), nullable=True),
        sa.Column("issuer", sa.String(length=255), nullable=True),
        sa.Column("written_recipients", sa.Text(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(length=255), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("card_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_directives_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["directives.id"], name=op.f("fk_directives_replaces_id_directives")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directives")),
    )
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directives_number_key"), ["number_key"], unique=False)
        batch_op.create_index(
            "ix_directives_state_published", ["state", "published_at"], unique=False
        )

    op.create_table(
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
    op.create_table(
        "directive_chases",
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("chased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directives.id"],
            name=op.f("fk_directive_chases_directive_id_directives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_directive_chases_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("directive_id", "unit_id", name=op.f("pk_directive_chases")),
    )
    op.create_table(
        "directive_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("mime_type", sa.String(length=128), nullable=True),
        sa.Column("is_photo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directives.id"],
            name=op.f("fk_directive_files_directive_id_directives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive_files")),
    )
    with op.batch_alter_table("directive_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directive_files_directive_id"), ["directive_id"], unique=False
        )

    op.create_table(
        "directive_receipts",
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum("act", "inform", name="purpose", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("delivery_key", sa.String(length=128), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("carried_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directives.id"],
            name=op.f("fk_directive_receipts_directive_id_directives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_directive_receipts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_directive_receipts_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("directive_id", "member_id", name=op.f("pk_directive_receipts")),
    )
    with op.batch_alter_table("directive_receipts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_directive_receipts_member", ["member_id", "directive_id"], unique=False
        )
        batch_op.create_index(
            "ix_directive_receipts_unit", ["directive_id", "unit_id"], unique=False
        )

    op.create_table(
        "directive_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "unit", "subtree", "kind", name="recipient_scope", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_kind", sa.String(length=24), nullable=True),
        sa.Column("leads_only", sa.Boolean(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum("act", "inform", name="purpose", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("label", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directives.id"],
            name=op.f("fk_directive_rules_directive_id_directives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_directive_rules_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive_rules")),
    )
    with op.batch_alter_table("directive_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directive_rules_directive_id"), ["directive_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        _trigram_index()


def _trigram_index() -> None:
    """On PostgreSQL, make `/chidao tìm` (LIKE '%words%' on the folded text) use an index.

    pg_trgm ships with PostgreSQL but creating it needs the right privilege; without it
    search still works, by scanning.
    """
    try:
        with op.get_bind().begin_nested():
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return
    op.execute(
        "CREATE INDEX ix_directives_search_trgm ON directives USING gin (search_text gin_trgm_ops)"
    )


def downgrade() -> None:
    with op.batch_alter_table("directive_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directive_rules_directive_id"))

    op.drop_table("directive_rules")
    with op.batch_alter_table("directive_receipts", schema=None) as batch_op:
        batch_op.drop_index("ix_directive_receipts_unit")
        batch_op.drop_index("ix_directive_receipts_member")

    op.drop_table("directive_receipts")
    with op.batch_alter_table("directive_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directive_files_directive_id"))

    op.drop_table("directive_files")
    op.drop_table("directive_chases")
    op.drop_table("prompts")
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.drop_index("ix_directives_state_published")
        batch_op.drop_index(batch_op.f("ix_directives_number_key"))

    op.drop_table("directives")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index("ix_announcements_author_state")

    op.drop_table("announcements")
