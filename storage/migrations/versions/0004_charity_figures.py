"""charity figures

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:34:17.085473
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
