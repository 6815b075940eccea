"""Deterministic ids for an emulated server that asks for them.

What becomes predictable, numbered from 1 per server and per kind:

- request ids (``X-Request-ID``, the ``request_id`` of REST problems and audit rows):
  ``00000000000000000000000000000001``, ``...02``, ...;
- API keys of API users created while the server runs, the root's included:
  ``a0000000000000000000000000000001``, ...;
- generated API-user passwords: ``emulator-password-000001``, ...;
- generated account aliases: ``AAAA``, ``AAAB``, ...

Session cookies and bearer tokens stay random: a test has no reason to know them.

How, without a hook in production code: the modules that generate these values look up
their generator by a module-level name at each call (``uuid.uuid4()``,
``new_api_key()``). While a deterministic server runs, those names point at stand-ins
that ask a context variable for the current server's ``IdSource`` and fall back to the
original generator when there is none, so every other caller in the process keeps getting
random values. The emulator's ASGI wrapper sets the variable for the duration of each
request; worker threads inherit it because Starlette's thread pool copies the context.
``tests/testing`` checks every stand-in, so a refactor that moves a generator fails there
instead of quietly going random.
"""

from __future__ import annotations

import importlib
import string
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chamberlain.domain import accounts, credentials

_ALIAS_LETTERS = string.ascii_uppercase
_ALIAS_LENGTH = 4


class IdSource:
    """Numbered values for one server; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: Counter[str] = Counter()

    def _next(self, kind: str) -> int:
        with self._lock:
            self._counters[kind] += 1
            return self._counters[kind]

    def uuid4(self) -> uuid.UUID:
        """The next request id as a UUID (its ``hex`` is what the server sends)."""
        return uuid.UUID(int=self._next("uuid"))

    def api_key(self) -> str:
        """The next API key: 32 lower-case hex characters, like a real one."""
        return f"a{self._next('api_key'):031x}"

    def password(self) -> str:
        """The next generated password (long enough for the password rules)."""
        return f"emulator-password-{self._next('password'):06d}"

    def alias(self) -> str:
        """The next generated account alias: four capital letters, ``AAAA`` first."""
        number = self._next("alias") - 1
        letters = []
        for _ in range(_ALIAS_LENGTH):
            number, digit = divmod(number, len(_ALIAS_LETTERS))
            letters.append(_ALIAS_LETTERS[digit])
        return "".join(reversed(letters))


_current: ContextVar[IdSource | None] = ContextVar("chamberlain_testing_ids", default=None)


@contextmanager
def using(source: IdSource | None) -> Iterator[None]:
    """Make ``source`` the id source of the code run inside (None: random ids)."""
    token = _current.set(source)
    try:
        yield
    finally:
        _current.reset(token)


class _UuidModule:
    """Stands in for the ``uuid`` module inside a chamberlain module: ``uuid4`` asks the
    current source; every other name is the real module's."""

    def uuid4(self) -> uuid.UUID:
        source = _current.get()
        return source.uuid4() if source else uuid.uuid4()

    def __getattr__(self, name: str) -> Any:
        return getattr(uuid, name)


def _from_source(
    pick: Callable[[IdSource], Callable[[], str]], original: Callable[[], str]
) -> Callable[[], str]:
    def generate() -> str:
        source = _current.get()
        return pick(source)() if source else original()

    return generate


# (module, global name) -> the stand-in. Every module here must exist and hold the name.
STAND_INS: dict[tuple[str, str], object] = {
    ("chamberlain.api.pipeline", "uuid"): _UuidModule(),
    ("chamberlain.services.api_users", "new_api_key"): _from_source(
        lambda source: source.api_key, credentials.new_api_key
    ),
    ("chamberlain.services.api_users", "new_password"): _from_source(
        lambda source: source.password, credentials.new_password
    ),
    ("chamberlain.services.bootstrap", "new_password"): _from_source(
        lambda source: source.password, credentials.new_password
    ),
    ("chamberlain.services.accounts", "generate_alias"): _from_source(
        lambda source: source.alias, accounts.generate_alias
    ),
}


class _StandIns:
    """Puts the stand-ins in place while at least one deterministic server runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._originals: dict[tuple[str, str], object] = {}

    def install(self) -> None:
        """Counted: each call needs one ``uninstall``. Raises ``AttributeError`` when a
        module no longer holds the name it is expected to."""
        with self._lock:
            if self._users == 0:
                for (module_name, name), stand_in in STAND_INS.items():
                    module = importlib.import_module(module_name)
                    self._originals[module_name, name] = getattr(module, name)
                    setattr(module, name, stand_in)
            self._users += 1

    def uninstall(self) -> None:
        """Undo one ``install``; the last one puts the original generators back."""
        with self._lock:
            self._users -= 1
            if self._users == 0:
                for (module_name, name), original in self._originals.items():
                    setattr(importlib.import_module(module_name), name, original)
                self._originals.clear()


stand_ins = _StandIns()
