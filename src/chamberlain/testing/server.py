"""An emulated chamberlain: the real app in this process, on a loopback port, on a copy
of a migrated SQLite database, behind the test switches."""

from __future__ import annotations

import dataclasses
import functools
import shutil
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from chamberlain.app import create_app
from chamberlain.db.engine import create_db_engine
from chamberlain.db.migrate import upgrade
from chamberlain.db.uow import Database
from chamberlain.domain.audit import operator_actor
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.services import person_auth
from chamberlain.services.bootstrap import initialise
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from chamberlain.testing import ids
from chamberlain.testing.asgi import EmulatorApp
from chamberlain.testing.clock import EmulatorClock
from chamberlain.testing.faults import Faults
from chamberlain.testing.outbox import Outbox
from chamberlain.testing.serving import HOST, ServerThread

# The emulator owns the database and shares one hasher between its servers.
_RESERVED_SETTINGS = frozenset({"database_url", "hash_concurrency"})
_SETTING_NAMES = frozenset(f.name for f in dataclasses.fields(Settings)) - _RESERVED_SETTINGS


def create_template(folder: Path) -> Path:
    """Migrate a new SQLite database in ``folder`` and return its path: the template
    that each emulated server copies (copying is far faster than migrating)."""
    template = folder / "chamberlain-template.sqlite"
    engine = create_db_engine(f"sqlite:///{template}")
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return template


@functools.cache
def _hasher() -> PasswordHasher:
    """One hasher for every emulated server of the process: building one costs a hash."""
    return PasswordHasher(max_concurrent=Settings().hash_concurrency)


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How to start an emulated server.

    ``root_alias``: the root account's alias (generated when None). ``deterministic_ids``:
    numbered request ids, API keys, passwords and aliases (``chamberlain.testing.ids``).
    ``frozen_at``: freeze the clock there before the root account is created.
    ``settings``: ``Settings`` fields to change, e.g. ``{"session_idle_timeout":
    timedelta(minutes=1)}`` (not ``database_url`` or ``hash_concurrency``).
    """

    root_alias: str | None = None
    deterministic_ids: bool = False
    frozen_at: datetime | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)


def _settings(database_url: str, overrides: Mapping[str, Any]) -> Settings:
    unknown = set(overrides) - _SETTING_NAMES
    if unknown:
        raise ValueError(
            f"unknown or reserved settings {sorted(unknown)}; known: {sorted(_SETTING_NAMES)}"
        )
    return dataclasses.replace(Settings(), database_url=database_url, **overrides)


# The audit trail's name for what the emulator itself does (root account, passwords).
_OPERATOR = operator_actor("chamberlain.testing")


class ChamberlainServer:
    """A running emulated server (see ``start_server``). Stop it with ``stop()`` or use it
    as a context manager.

    ``base_url`` (``http://127.0.0.1:PORT``), ``v1_url`` (``base_url + "/REST/"``, what
    clc-sdk's ``ENDPOINT_URL_V1`` needs), ``host``, ``port``; ``root_alias``, ``api_key`` and
    ``password`` of the root account's API user; ``clock``, ``faults``; ``outbox``, the mail
    it sent (invitations, password resets: nothing leaves the machine); ``app``, the
    wrapped ASGI app, for clients that run an app in-process (httpx's ASGI transport).
    """

    def __init__(
        self,
        *,
        port: int,
        runtime: Runtime,
        root_alias: str,
        api_key: str,
        password: str,
        clock: EmulatorClock,
        faults: Faults,
        outbox: Outbox,
        app: EmulatorApp,
        cleanup: ExitStack,
    ) -> None:
        self.host = HOST
        self.port = port
        self.base_url = f"http://{HOST}:{port}"
        self.v1_url = f"{self.base_url}/REST/"
        self.root_alias = root_alias
        self.api_key = api_key
        self.password = password
        self.clock = clock
        self.faults = faults
        self.outbox = outbox
        self.app = app
        self._runtime = runtime
        self._cleanup = cleanup

    def __repr__(self) -> str:  # never the password
        return f"<ChamberlainServer {self.base_url} root={self.root_alias}>"

    def expire_sessions(self) -> None:
        """End every session now: v1 sessions, API-user bearer tokens and person-user
        bearer tokens, as if each had expired. The next call with one is refused (v1:
        StatusCode 100, REST: 401) and the client must log on again. SCIM tokens, which
        are credentials rather than sessions, keep working; the clock does not move."""
        with self._runtime.db.write() as uow:
            uow.sessions.remove_in_tree("/")
            for account in uow.accounts.subtree("/"):
                for user in uow.users.in_account(account):
                    uow.bearer_tokens.remove_for_user(user)

    def set_password(self, user_name: str, password: str) -> None:
        """Give a person-user a password, as ``chamberlain users set-password`` does (no
        wire API does it), so that the user can log on with ``/v2/authentication/login``.
        Raises ``UserNotFound`` or ``InvalidField`` (password rules: 15 characters at
        least)."""
        person_auth.set_password(self._runtime, _OPERATOR, user_name, password)

    def stop(self) -> None:
        """Stop serving and release the database (safe to call twice)."""
        self._cleanup.close()

    def __enter__(self) -> ChamberlainServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_server(
    workdir: Path, template: Path, options: ServerOptions | None = None
) -> ChamberlainServer:
    """Copy ``template`` (see ``create_template``) into ``workdir``, create the root account
    and its API user, and serve on a free loopback port.

    Raises ``ValueError`` for unusable options and ``RuntimeError`` when the server does
    not come up; nothing is left running in either case.
    """
    options = options or ServerOptions()
    database = workdir / "chamberlain.sqlite"
    shutil.copyfile(template, database)
    settings = _settings(f"sqlite:///{database}", options.settings)
    clock = EmulatorClock()
    if options.frozen_at is not None:
        clock.freeze(options.frozen_at)
    source = ids.IdSource() if options.deterministic_ids else None
    with ExitStack() as cleanup:
        if source is not None:
            ids.stand_ins.install()
            cleanup.callback(ids.stand_ins.uninstall)
        engine = create_db_engine(settings.database_url)
        runtime: Runtime
        # Reading the outbox mails what is due first (late-bound: the runtime comes next).
        outbox = Outbox(flush=lambda: deliver_due(runtime))
        runtime = Runtime(
            settings=settings, db=Database(engine), hasher=_hasher(), mail=outbox, clock=clock
        )
        cleanup.callback(runtime.close)
        with ids.using(source):
            root = initialise(runtime, _OPERATOR, options.root_alias)
        faults = Faults()
        app = EmulatorApp(create_app(runtime), faults, source)
        thread = ServerThread(app)
        thread.start()
        cleanup.callback(thread.stop)
        # Links in mail lead back to this server.
        runtime.settings = dataclasses.replace(
            runtime.settings, public_url=f"http://{HOST}:{thread.port}"
        )
        return ChamberlainServer(
            port=thread.port,
            runtime=runtime,
            root_alias=root.api_user.account_alias,
            api_key=root.api_user.api_key,
            password=root.password,
            clock=clock,
            faults=faults,
            outbox=outbox,
            app=app,
            cleanup=cleanup.pop_all(),
        )
