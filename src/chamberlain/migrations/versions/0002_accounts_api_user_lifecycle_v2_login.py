"""Account details, custom fields, API-user rotation, person passwords, bearer tokens.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_custom_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("field_type", sa.String(length=10), nullable=False),
        sa.Column("is_required", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "field_type IN ('Text', 'Option', 'Checkbox')",
            name=op.f("ck_account_custom_fields_field_type"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_custom_fields_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_custom_fields")),
        sa.UniqueConstraint("account_id", "name", name="uq_account_custom_fields_account_name"),
        sa.UniqueConstraint("uuid", name=op.f("uq_account_custom_fields_uuid")),
    )
    with op.batch_alter_table("account_custom_fields", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_custom_fields_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "bearer_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_bearer_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bearer_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_bearer_tokens_token_digest")),
    )
    with op.batch_alter_table("bearer_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bearer_tokens_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address1", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("address2", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("state_province", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("postal_code", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("country", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("telephone", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("fax", sa.String(length=50), nullable=True))
        batch_op.add_column(
            sa.Column(
                "billing_responsibility", sa.SmallInteger(), nullable=False, server_default="1"
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_check_constraint(
            op.f("ck_accounts_billing_responsibility"), "billing_responsibility IN (1, 2)"
        )

    with op.batch_alter_table("api_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "retires_at",
                sa.DateTime(),
                nullable=True,
                comment="set by rotation: the key stops working at this time",
            )
        )
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("api_users", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("retires_at")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_accounts_billing_responsibility"), type_="check")
        batch_op.drop_column("version")
        batch_op.drop_column("billing_responsibility")
        batch_op.drop_column("fax")
        batch_op.drop_column("telephone")
        batch_op.drop_column("country")
        batch_op.drop_column("postal_code")
        batch_op.drop_column("state_province")
        batch_op.drop_column("city")
        batch_op.drop_column("address2")
        batch_op.drop_column("address1")

    with op.batch_alter_table("bearer_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bearer_tokens_user_id"))

    op.drop_table("bearer_tokens")
    with op.batch_alter_table("account_custom_fields", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_custom_fields_account_id"))

    op.drop_table("account_custom_fields")
