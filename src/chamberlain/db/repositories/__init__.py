"""Repositories: SQL in, domain objects out.

Each repository works inside the caller's session and never commits. Integrity errors
that mean "already taken" become the matching domain error here, because only this
layer knows which constraint backs which rule.
"""

from chamberlain.db.repositories.accounts import AccountRepository
from chamberlain.db.repositories.audit import AuditRepository
from chamberlain.db.repositories.credentials import (
    ApiUserRepository,
    BearerTokenRepository,
    SessionRepository,
)
from chamberlain.db.repositories.idempotency import IdempotencyRepository
from chamberlain.db.repositories.portal_sessions import PortalSessionRepository
from chamberlain.db.repositories.scim import ScimRepository
from chamberlain.db.repositories.throttle import ThrottleRepository
from chamberlain.db.repositories.user_links import UserLinkRepository
from chamberlain.db.repositories.users import UserRepository

__all__ = [
    "AccountRepository",
    "ApiUserRepository",
    "AuditRepository",
    "BearerTokenRepository",
    "IdempotencyRepository",
    "PortalSessionRepository",
    "ScimRepository",
    "SessionRepository",
    "ThrottleRepository",
    "UserLinkRepository",
    "UserRepository",
]
