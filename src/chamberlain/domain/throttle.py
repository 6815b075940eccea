"""Log-on throttling: which counters a failed log-on raises and how long a lock lasts.

Every failed log-on (v1 Logon, the REST token endpoint, v2 login, the portal sign-in)
counts against two subjects: the credential tried (an API key or a user name, kept only
as a digest) and the source address (an IPv6 one by its /64: ``domain.addresses``).
Past a number of free failures inside a window, each further failure locks the subject
for a delay that doubles, up to a cap. A lock ends by itself; a success clears the
credential's counter (not the address's, so one good account cannot launder an
address's guesses at others).
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


def credential_subject(kind: CredentialKind, credential: str) -> Subject:
    """The counter of one credential, folded as user names are looked up (trimmed, NFKC,
    case-folded: every spelling that reaches one user shares its counter); stored as a
    SHA-256 digest, since a mistyped key or a password pasted into the name field must not
    be kept."""
    folded = user_name_key(credential)
    digest = hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()
    return Subject(f"{kind}:{digest}", CREDENTIAL_FREE_FAILURES)


def address_subject(address: str) -> Subject:
    """The counter of one source address: of its ``address_key``, so every spelling of an
    address shares it, and every address of one IPv6 /64 too."""
    return Subject(f"addr:{address_key(address)}", ADDRESS_FREE_FAILURES)


def lock_after(failures: int, free: int) -> timedelta | None:
    """How long a subject is locked after its ``failures``-th failure in the window
    (None: not locked). The first failure past the free ones locks for FIRST_DELAY, each
    further one doubles it, up to MAX_DELAY."""
    if failures <= free:
        return None
    return min(FIRST_DELAY * (1 << min(failures - free - 1, _MAX_DOUBLINGS)), MAX_DELAY)
