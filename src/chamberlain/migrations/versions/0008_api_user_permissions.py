"""API users carry permissions: NULL keeps every existing key at full power (v1's rule).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "permissions",
                sa.Text(),
                nullable=True,
                comment="space-separated permissions it holds; NULL: every permission (full power)",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("api_users", schema=None) as batch_op:
        batch_op.drop_column("permissions")
