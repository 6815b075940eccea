"""Log-on throttling: which counters a failed log-on raises and how long a lock lasts.

Every failed log-on (v1 Logon, the REST token endpoint, v2 login, the portal sign-in)
counts against three subjects: the credential tried from that source address (an API key
or a user name, kept only as a digest), the credential from anywhere, and the source
address (an IPv6 one by its /64: ``domain.addresses``). Past a number of free failures
inside a window, each further failure locks the subject for a delay that doubles, up to a
cap. A lock ends by itself; a success clears the credential's counter for its address
(not the others: one good account cannot launder an address's guesses at others).

Why a credential is counted per address first: a lock on the credential alone lets
anyone who knows a key or a name keep its owner out with a few requests a minute (a child
tenant reading its parent's key in an audit record did exactly that). Guessing from one
address is stopped by the per-address counters; guessing from many is stopped by the
credential's own counter, whose budget is far larger than any one address gets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from chamberlain.domain.addresses import address_key
from chamberlain.domain.users import user_name_key

FAILURE_WINDOW = timedelta(minutes=15)
# Long enough that a guesser gains little from waiting out each lock, short enough that a
# person who mistyped six times is back within seconds.
FIRST_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(minutes=15)
_MAX_DOUBLINGS = 20  # 2**20 s is far past MAX_DELAY: keeps the arithmetic small


class CredentialKind(StrEnum):
    """What was tried: an API user's key or a person-user's name."""

    API_KEY = "key"
    USER_NAME = "user"


@dataclass(frozen=True, slots=True)
class Subject:
    """A throttled counter: ``name`` is what is stored, ``free`` how many failures in a
    window cost nothing."""

    name: str
    free: int


CREDENTIAL_FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 10
# Ten addresses' worth of free failures: a guesser needs many addresses to reach it, and
# one address can no longer lock an owner out (it is locked itself long before).
CREDENTIAL_ANY_SOURCE_FREE_FAILURES = 10 * ADDRESS_FREE_FAILURES


# The stored subject's column width (``auth_throttle.subject``).
SUBJECT_MAX = 100
_ADDRESS_KEY_MAX = 30  # an IPv6 /64 key is at most 24 characters


def _where(address: str) -> str:
    """``address_key(address)``, or a digest of it when a peer reported something long
    that is no IP address (it must still fit the subject column)."""
    key = address_key(address)
    if len(key) <= _ADDRESS_KEY_MAX:
        return key
    return "#" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _credential_digest(kind: CredentialKind, credential: str) -> str:
    folded = user_name_key(credential)
    return f"{kind}:{hashlib.sha256(folded.encode('utf-8', 'surrogatepass')).hexdigest()}"


def credential_subject(kind: CredentialKind, credential: str, source: str | None) -> Subject:
    """The counter of one credential tried from one source address (None: unknown; an
    IPv6 one by its /64, as ``address_subject`` counts it),
    folded as user names are looked up (trimmed, NFKC, case-folded: every spelling that
    reaches one user shares its counter); stored as a SHA-256 digest, since a mistyped key
    or a password pasted into the name field must not be kept."""
    name = f"{_credential_digest(kind, credential)}@{_where(source) if source else '-'}"
    return Subject(name, CREDENTIAL_FREE_FAILURES)


def credential_anywhere_subject(kind: CredentialKind, credential: str) -> Subject:
    """The counter of one credential whatever the source: the bound on guessing from
    many addresses."""
    return Subject(_credential_digest(kind, credential), CREDENTIAL_ANY_SOURCE_FREE_FAILURES)


def address_subject(address: str) -> Subject:
    """The counter of one source address: of its ``address_key``, so every spelling of an
    address shares it, and every address of one IPv6 /64 too."""
    return Subject(f"addr:{_where(address)}", ADDRESS_FREE_FAILURES)


def lock_after(failures: int, free: int) -> timedelta | None:
    """How long a subject is locked after its ``failures``-th failure in the window
    (None: not locked). The first failure past the free ones locks for FIRST_DELAY, each
    further one doubles it, up to MAX_DELAY."""
    if failures <= free:
        return None
    return min(FIRST_DELAY * (1 << min(failures - free - 1, _MAX_DOUBLINGS)), MAX_DELAY)
