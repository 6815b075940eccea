"""The unit of work: one transaction, its repositories, commit on success.

Only this module commits. A block that raises is rolled back, so a failed service call
leaves the database as it was. Driver-level failures (database gone, lock held too long)
become ``ServiceUnavailable`` so faces can answer "try again" without knowing SQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from chamberlain.db.engine import write_engine
from chamberlain.db.repositories import (
    AccountRepository,
    ApiUserRepository,
    AuditRepository,
    BearerTokenRepository,
    IdempotencyRepository,
    PortalSessionRepository,
    ScimRepository,
    SessionRepository,
    ThrottleRepository,
    UserLinkRepository,
    UserRepository,
)
from chamberlain.errors import ServiceUnavailable


class UnitOfWork:
    """Repositories sharing one session (and so one transaction). In a write transaction
    (``writing``) the users a service reads by name or id are locked until it ends."""

    def __init__(self, session: Session, *, writing: bool) -> None:
        self._session = session
        self.accounts = AccountRepository(session)
        self.users = UserRepository(session, for_update=writing)
        self.api_users = ApiUserRepository(session)
        self.sessions = SessionRepository(session)
        self.bearer_tokens = BearerTokenRepository(session)
        self.portal_sessions = PortalSessionRepository(session)
        self.idempotency = IdempotencyRepository(session)
        self.audit = AuditRepository(session)
        self.scim = ScimRepository(session, for_update=writing)
        self.throttle = ThrottleRepository(session)
        self.links = UserLinkRepository(session, for_update=writing)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: undone alone when the block raises."""
        nested = self._session.begin_nested()
        try:
            yield
        except BaseException:
            nested.rollback()
            raise
        nested.commit()


class Database:
    """Hands out units of work on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=write_engine(engine), expire_on_commit=False)
        # SQLite has one writer at a time. Queueing this process's writers on a lock is
        # fair and immediate; left to SQLite's busy handler they back off by sleeping,
        # and some wait seconds. Other processes still meet the busy handler.
        self._writer = threading.Lock() if engine.dialect.name == "sqlite" else None

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A read-only transaction (rolled back at the end)."""
        with self._transaction(self._read, commit=False, writing=False) as uow:
            yield uow

    @contextmanager
    def write(self, *, commit: bool = True) -> Iterator[UnitOfWork]:
        """A write transaction, committed when the block ends without an exception (with
        ``commit=False``, always rolled back: a dry run that still takes the write lock)."""
        if self._writer is None:
            with self._transaction(self._write, commit=commit, writing=True) as uow:
                yield uow
            return
        with self._writer, self._transaction(self._write, commit=commit, writing=True) as uow:
            yield uow

    @contextmanager
    def _transaction(
        self, factory: sessionmaker[Session], *, commit: bool, writing: bool
    ) -> Iterator[UnitOfWork]:
        session = factory()
        try:
            session.begin()
            yield UnitOfWork(session, writing=writing)
            if commit:
                session.commit()
        except (OperationalError, InterfaceError) as exc:
            raise ServiceUnavailable("database unavailable") from exc
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
