"""SCIM: tokens per account, and the external ids SCIM clients give users.

Revision ID: 0005
Revises: 0004 (0004 is the log-on throttle table, landed first)
Create Date: 2026-11-28
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
        "scim_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column(
            "hint",
            sa.String(length=20),
            nullable=False,
            comment="the token's public first characters",
        ),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column(
            "retires_at",
            sa.DateTime(),
            nullable=True,
            comment="set by rotation: the token stops working at this time",
        ),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_scim_tokens_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_scim_tokens_token_digest")),
    )
    with op.batch_alter_table("scim_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scim_tokens_account_id"), ["account_id"], unique=False)

    op.create_table(
        "scim_external_ids",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_scim_external_ids_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_scim_external_ids")),
    )
    with op.batch_alter_table("scim_external_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scim_external_ids_external_id"), ["external_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("scim_external_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scim_external_ids_external_id"))
    op.drop_table("scim_external_ids")
    with op.batch_alter_table("scim_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scim_tokens_account_id"))
    op.drop_table("scim_tokens")
