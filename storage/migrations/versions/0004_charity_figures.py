"""charity figures

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:34:17.085473
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)

# The association's usual four indicators; `hoibot indicators load FILE` changes them later.
DEFAULT_INDICATORS: list[dict[str, Any]] = [
    {
        "code": "houses",
        "kind": "count",
        "name_vi": "Nhà tình nghĩa",
        "name_en": "Charity houses",
        "unit_vi": "nhà",
        "unit_en": "houses",
        "words": ["nhà tình nghĩa", "nhà đại đoàn kết", "nhà", "căn nhà", "ngôi nhà"],
        "history_factor": 10,
    },
    {
        "code": "gifts",
        "kind": "count",
        "name_vi": "Suất quà",
        "name_en": "Gift packages",
        "unit_vi": "suất",
        "unit_en": "packages",
        "words": ["suất quà", "phần quà", "quà", "suất"],
        "history_factor": 10,
    },
    {
        "code": "blankets",
        "kind": "count",
        "name_vi": "Chăn",
        "name_en": "Blankets",
        "unit_vi": "chiếc",
        "unit_en": "blankets",
        "words": ["chăn", "chăn ấm", "tấm chăn"],
        "history_factor": 10,
    },
    {
        "code": "money",
        "kind": "money",
        "name_vi": "Tiền",
        "name_en": "Money",
        "unit_vi": "đồng",
        "unit_en": "đồng",
        "words": [
            "tiền",
            "số tiền",
            "tổng",
            "tổng cộng",
            "tổng số tiền",
            "trị giá",
            "=",
            "tương đương",
        ],
        "history_factor": 10,
        "per": ("gifts", 50_000, 10_000_000),
    },
]


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("founded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("dissolved_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_units_merged_into_id_units"), "units", ["merged_into_id"], ["id"]
        )

    indicators = op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("count", "money", name="indicator_kind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("name_vi", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=128), nullable=False),
        sa.Column("unit_vi", sa.String(length=32), nullable=False),
        sa.Column("unit_en", sa.String(length=32), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("min_value", sa.BigInteger(), nullable=True),
        sa.Column("max_value", sa.BigInteger(), nullable=True),
        sa.Column("per_indicator_id", sa.Integer(), nullable=True),
        sa.Column("per_min", sa.BigInteger(), nullable=True),
        sa.Column("per_max", sa.BigInteger(), nullable=True),
        sa.Column("history_factor", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["per_indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicators_per_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    op.create_table(
        "reporting_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("precision", sa.String(length=16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("expected_kinds", sa.String(length=255), nullable=True),
        sa.Column("expected_root_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", _WHEN, nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", _WHEN, nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["expected_root_id"],
            ["units.id"],
            name=op.f("fk_reporting_periods_expected_root_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["members.id"],
            name=op.f("fk_reporting_periods_opened_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["members.id"],
            name=op.f("fk_reporting_periods_closed_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_periods")),
        sa.UniqueConstraint("code", name=op.f("uq_reporting_periods_code")),
    )
    op.create_table(
        "unit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "missing",
                "submitted",
                "approved",
                name="report_state",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("first_submitted_at", _WHEN, nullable=True),
        sa.Column("submitted_at", _WHEN, nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", _WHEN, nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_unit_reports_period_id_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_reports_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["members.id"],
            name=op.f("fk_unit_reports_submitted_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["members.id"],
            name=op.f("fk_unit_reports_approved_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_reports")),
        sa.UniqueConstraint("period_id", "unit_id", name=op.f("uq_unit_reports_period_id")),
    )
    op.create_table(
        "figure_values",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_figure_values_period_id_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_figure_values_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_figure_values_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint(
            "period_id", "unit_id", "indicator_id", name=op.f("pk_figure_values")
        ),
    )
    with op.batch_alter_table("figure_values", schema=None) as batch_op:
        batch_op.create_index("ix_figure_values_unit", ["unit_id", "indicator_id"], unique=False)
    op.create_table(
        "figure_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("old_value", sa.BigInteger(), nullable=True),
        sa.Column("new_value", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("note", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_figure_changes_period_id_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_figure_changes_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_figure_changes_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_figure_changes_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_changes")),
    )
    with op.batch_alter_table("figure_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figure_changes_report", ["period_id", "unit_id", "at"], unique=False
        )
    op.create_table(
        "figure_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_figure_drafts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_figure_drafts_period_id_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_figure_drafts_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_drafts")),
        sa.UniqueConstraint("member_id", name=op.f("uq_figure_drafts_member_id")),
    )

    rows = []
    for position, spec in enumerate(DEFAULT_INDICATORS):
        row = {k: v for k, v in spec.items() if k != "per"}
        row.update(
            words=json.dumps(spec["words"], ensure_ascii=False),
            position=position,
            active=True,
            min_value=0,
            id=position + 1,
        )
        if "per" in spec:
            other, low, high = spec["per"]
            row.update(
                per_indicator_id=[s["code"] for s in DEFAULT_INDICATORS].index(other) + 1,
                per_min=low,
                per_max=high,
            )
        rows.append(row)
    op.bulk_insert(indicators, rows)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('indicators_id_seq', (SELECT max(id) FROM indicators))")


def downgrade() -> None:
    op.drop_table("figure_drafts")
    with op.batch_alter_table("figure_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_changes_report")
    op.drop_table("figure_changes")
    with op.batch_alter_table("figure_values", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_values_unit")
    op.drop_table("figure_values")
    op.drop_table("unit_reports")
    op.drop_table("reporting_periods")
    op.drop_table("indicators")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_units_merged_into_id_units"), type_="foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("dissolved_on")
        batch_op.drop_column("founded_on")
