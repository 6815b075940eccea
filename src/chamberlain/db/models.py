"""Tables. Only ``db/`` imports these; services get domain objects from repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chamberlain.db.base import Base, UTCDateTime


class AccountRow(Base):
    """An account; ``path`` is the chain of aliases from the root (see domain.accounts)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(4), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    path: Mapped[str] = mapped_column(String(512), index=True)
    location: Mapped[str] = mapped_column(String(8))
    business_name: Mapped[str] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(100))
    status: Mapped[int] = mapped_column(SmallInteger, default=1)
    share_parent_networks: Mapped[bool] = mapped_column(Boolean, default=False)
    support_level: Mapped[str] = mapped_column(String(20), default="developer")
    address1: Mapped[str | None] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state_province: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    telephone: Mapped[str | None] = mapped_column(String(50))
    fax: Mapped[str | None] = mapped_column(String(50))
    billing_responsibility: Mapped[int] = mapped_column(SmallInteger, server_default="1")
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("status IN (1, 2, 3, 4)", name="status"),
        CheckConstraint("billing_responsibility IN (1, 2)", name="billing_responsibility"),
    )


class CustomFieldRow(Base):
    """A custom field an account defines (GetCustomFields)."""

    __tablename__ = "account_custom_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    field_type: Mapped[str] = mapped_column(String(10))
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)

    __table_args__ = (
        CheckConstraint("field_type IN ('Text', 'Option', 'Checkbox')", name="field_type"),
        UniqueConstraint("account_id", "name", name="uq_account_custom_fields_account_name"),
    )


class UserRow(Base):
    """A person-user. ``user_name_key`` is the folded name that is unique forever."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    user_name: Mapped[str] = mapped_column(String(255))
    user_name_key: Mapped[str] = mapped_column(String(1024), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    alternate_email: Mapped[str | None] = mapped_column(String(254))
    title: Mapped[str | None] = mapped_column(String(100))
    office_number: Mapped[str | None] = mapped_column(String(50))
    mobile_number: Mapped[str | None] = mapped_column(String(50))
    fax_number: Mapped[str | None] = mapped_column(String(50))
    saml_user_name: Mapped[str | None] = mapped_column(String(255))
    allow_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="Active")
    version: Mapped[int] = mapped_column(Integer, default=1)
    password_hash: Mapped[str | None] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    account: Mapped[AccountRow] = relationship(lazy="joined", innerjoin=True)
    role_rows: Mapped[list[UserRoleRow]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="UserRoleRow.role_id"
    )

    __table_args__ = (
        CheckConstraint("status IN ('Active', 'Disabled', 'Deleted')", name="status"),
        Index("ix_users_account_status", "account_id", "status"),
        # Keyset pages (WHERE account_id = ? AND id > ? ORDER BY id) read in index order.
        Index("ix_users_account_id_id", "account_id", "id"),
    )


class UserRoleRow(Base):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)

    __table_args__ = (
        CheckConstraint("role_id IN (2, 3, 8, 9, 10, 12, 13, 14, 15)", name="role_id"),
        # The role filter of user lists looks holders up by role.
        Index("ix_user_roles_role_id_user_id", "role_id", "user_id"),
    )


class ApiUserRow(Base):
    """A v1 API user: a public key and the argon2id hash of its password."""

    __tablename__ = "api_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    api_key: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str] = mapped_column(Text, deferred=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retires_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="set by rotation: the key stops working at this time"
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    permissions: Mapped[str | None] = mapped_column(
        Text, comment="space-separated permissions it holds; NULL: every permission (full power)"
    )

    account: Mapped[AccountRow] = relationship(lazy="joined", innerjoin=True)


class SessionRow(Base):
    """A v1 session: only the SHA-256 of the cookie value is kept."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    api_user_id: Mapped[int] = mapped_column(
        ForeignKey("api_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BearerTokenRow(Base):
    """A v2 bearer token of a person-user: only the SHA-256 of the token is kept."""

    __tablename__ = "bearer_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IdempotencyRow(Base):
    """A POST's ``Idempotency-Key``: the request's digest and, once done, its response."""

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(255))
    key: Mapped[str] = mapped_column(String(255))
    request_digest: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    __table_args__ = (UniqueConstraint("owner", "key", name="uq_idempotency_keys_owner_key"),)


class AuditRow(Base):
    """One change, written in the transaction that made it."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    face: Mapped[str] = mapped_column(String(10))
    request_id: Mapped[str | None] = mapped_column(String(64))
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_label: Mapped[str] = mapped_column(String(255))
    actor_account: Mapped[str | None] = mapped_column(String(4))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_label: Mapped[str] = mapped_column(String(255))
    target_account_path: Mapped[str] = mapped_column(String(512), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class ThrottleRow(Base):
    """Failed log-ons of one subject (a credential digest or a source address)."""

    __tablename__ = "auth_throttle"

    subject: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ScimTokenRow(Base):
    """A SCIM token of one account: only the SHA-256 of the token is kept."""

    __tablename__ = "scim_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(20), comment="the token's public first characters")
    name: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retires_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="set by rotation: the token stops working at this time"
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ScimExternalIdRow(Base):
    """The id a SCIM client knows a user by (SCIM ``externalId``)."""

    __tablename__ = "scim_external_ids"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    external_id: Mapped[str] = mapped_column(String(255), index=True)


class UserLinkRow(Base):
    """A one-time link mailed to a user: an invitation or a password reset.

    The row is also the mail queue: it is written ``pending`` in the transaction that asks
    for the mail, and the deliverer makes the token, stores only its SHA-256 and sends it.
    So no usable token is ever stored, not even before the mail leaves.
    """

    __tablename__ = "user_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12))
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    requested_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("purpose IN ('invitation', 'reset')", name="purpose"),
        CheckConstraint(
            "state IN ('pending', 'open', 'used', 'superseded', 'failed')", name="state"
        ),
        Index("ix_user_links_state_next_attempt_at", "state", "next_attempt_at"),
    )


class PortalSessionRow(Base):
    """A Control Portal session of a person-user: only the SHA-256 of the cookie is kept."""

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), comment="the absolute end; idle time is measured from last_seen_at"
    )
    authenticated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), comment="the last time the password was entered (re-authentication)"
    )
