"""A password hasher at argon2id's lowest cost, for tests that only need passwords to work.

Every test on a database hashes a few passwords (the root API user's, people's) and checks
them at log-on: at the pinned cost (m=19 MiB, t=2) that is about 20 ms of CPU each time,
a third of the CPU of a typical wire test. ``QuickHasher`` is the same ``PasswordHasher``
(slots, queue, dummy hash, NFKC) with argon2id at m=8 KiB, t=1, so the code paths are the
same and only the cost differs. The pinned parameters stay tested where they are the
point: ``tests/unit/test_domain_credentials.py`` (its own hasher), every ``chamberlain``
process (the CLI tests, live servers), and tests that ask for ``pinned_hasher``.

``CHAMBERLAIN_TEST_PINNED_HASHING=1`` makes the ``hasher`` fixture the pinned one again.
"""

from __future__ import annotations

import os
import secrets

from argon2 import PasswordHasher as Argon2
from argon2 import Type

from chamberlain.domain.credentials import ARGON2_PARALLELISM, PasswordHasher

PINNED_ENV = "CHAMBERLAIN_TEST_PINNED_HASHING"


class QuickHasher(PasswordHasher):
    """``PasswordHasher`` with argon2id at m=8 KiB, t=1."""

    def __init__(self, max_concurrent: int) -> None:
        super().__init__(max_concurrent)
        self._argon2 = Argon2(
            time_cost=1,
            memory_cost=8 * ARGON2_PARALLELISM,  # argon2's least
            parallelism=ARGON2_PARALLELISM,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._dummy_hash = self._argon2.hash(secrets.token_urlsafe(16))


def make_hasher(max_concurrent: int) -> PasswordHasher:
    """The hasher of the tests' runtimes: quick unless the environment asks for pinned."""
    if os.environ.get(PINNED_ENV):
        return PasswordHasher(max_concurrent)
    return QuickHasher(max_concurrent)
