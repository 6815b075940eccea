"""Review: the sign-in throttle counts a user name however it is written (AUTH-06).

User names are looked up by ``user_name_key`` (trimmed, NFKC, case-folded), so " bob" and
bob in full-width letters sign in as bob. The per-name counter must be keyed the same way,
or each spelling gets its own free failures and the per-account limit is no limit.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.throttle import CREDENTIAL_FREE_FAILURES
from tests.portal.conftest import PersonFactory
from tests.portal.portal import PRESESSION, session_csrf


def _sign_in(portal: TestClient, user_name: str, password: str) -> int:
    portal.get("/")
    response = portal.post(
        "/portal/sign-in",
        data={
            "user_name": user_name,
            "password": password,
            "csrf_token": session_csrf(portal, PRESESSION),
        },
        follow_redirects=False,
    )
    return response.status_code


def test_a_case_variant_shares_the_lock(portal: TestClient, person: PersonFactory) -> None:
    bob = person("bob", (10,))
    for _ in range(CREDENTIAL_FREE_FAILURES + 1):
        assert _sign_in(portal, "bob", "not-the-password") == 400
    assert _sign_in(portal, "BOB", bob.password) == 400


@pytest.mark.parametrize("variant", [" bob", "bob ", "\uff42\uff4f\uff42"])
def test_a_spelling_variant_shares_the_lock(
    portal: TestClient, person: PersonFactory, variant: str
) -> None:
    bob = person("bob", (10,))
    for _ in range(CREDENTIAL_FREE_FAILURES + 1):
        assert _sign_in(portal, "bob", "not-the-password") == 400
    assert _sign_in(portal, variant, bob.password) == 400
