"""SCIM tokens: issued once, stored as digests, revocable, rotatable, audited; who may
issue one; the REST routes and the CLI."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from starlette.testclient import TestClient

from chamberlain.cli.main import main
from chamberlain.db.models import ScimTokenRow
from chamberlain.domain.audit import Actor, ActorKind, Authority, Face
from chamberlain.domain.permissions import permissions_of
from chamberlain.domain.users import validate_new_user
from chamberlain.errors import (
    AccountNotFound,
    AuthenticationFailed,
    PermissionDenied,
    ScimTokenNotFound,
)
from chamberlain.services import person_auth, users
from chamberlain.services.accounts import StatusChange, change_account_status
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from chamberlain.services.scim_tokens import (
    authenticate_scim_token,
    create_scim_token,
    list_scim_tokens,
    revoke_scim_token,
    rotate_scim_token,
)
from tests.rest.rest import audit_rows
from tests.scim.scim import Scim, scim_error
from tests.support.clock import FakeClock

PASSWORD = "a person's password, long enough"


def person(roles: tuple[int, ...]) -> Actor:
    """A person-user of ROOT holding ``roles``, as the REST face builds it."""
    return Actor(
        kind=ActorKind.USER, label="sam", account_alias="ROOT", tree_path="/ROOT/",
        face=Face.REST, authority=Authority.of(frozenset(permissions_of(roles))),
        roles=frozenset(roles),
    )  # fmt: skip


def test_a_token_is_shown_once_and_kept_as_a_digest(
    runtime: Runtime, operator: Actor, root: IssuedCredentials
) -> None:
    issued = create_scim_token(runtime, operator, "root", "  Okta production ")
    secret = issued.secret
    assert secret.startswith("chm_scim_")
    assert len(secret) == len("chm_scim_") + 43  # 256 random bits
    assert issued.token.hint == secret[:15]
    assert issued.token.name == "Okta production"
    with runtime.db.engine.connect() as connection:
        (row,) = connection.execute(select(ScimTokenRow.__table__))
    assert row.token_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps([str(value) for value in row])
    (audit,) = [r for r in audit_rows(runtime) if r.action == "scim_token.create"]
    assert (audit.target_kind, audit.target_label, audit.target_account_path) == (
        "scim_token", secret[:15], "/ROOT/",
    )  # fmt: skip
    assert secret not in json.dumps(audit.changes)
    assert authenticate_scim_token(runtime, secret).id == issued.token.id


def test_revoke_and_rotate(
    runtime: Runtime, operator: Actor, root: IssuedCredentials, clock: FakeClock
) -> None:
    old = create_scim_token(runtime, operator, "ROOT", "okta")
    new = rotate_scim_token(runtime, operator, old.token.id, timedelta(hours=1))
    assert new.token.name == "okta"
    assert authenticate_scim_token(runtime, old.secret).id == old.token.id
    again = rotate_scim_token(runtime, operator, old.token.id, timedelta(hours=48))
    listed = {token.id: token for token in list_scim_tokens(runtime, operator, "ROOT")}
    assert listed[old.token.id].retires_at == clock.now + timedelta(hours=1)  # never later
    assert listed[old.token.id].state(clock.now).value == "retiring"
    clock.advance(hours=2)
    with pytest.raises(AuthenticationFailed):
        authenticate_scim_token(runtime, old.secret)
    with pytest.raises(ScimTokenNotFound):
        rotate_scim_token(runtime, operator, old.token.id)
    revoked = revoke_scim_token(runtime, operator, new.token.id)
    assert revoked.state(clock.now).value == "revoked"
    assert revoke_scim_token(runtime, operator, new.token.id) == revoked
    with pytest.raises(AuthenticationFailed):
        authenticate_scim_token(runtime, new.secret)
    assert authenticate_scim_token(runtime, again.secret).id == again.token.id
    actions = [row.action for row in audit_rows(runtime) if row.target_kind == "scim_token"]
    assert actions == [
        "scim_token.create", "scim_token.create", "scim_token.rotate", "scim_token.create",
        "scim_token.rotate", "scim_token.revoke",
    ]  # fmt: skip


@pytest.mark.parametrize("secret", ["", "chm_scim_", "chm_scim_" + "x" * 500, "not a token"])
def test_unknown_tokens(runtime: Runtime, root: IssuedCredentials, secret: str) -> None:
    with pytest.raises(AuthenticationFailed):
        authenticate_scim_token(runtime, secret)


def test_a_suspended_account_stops_its_tokens(
    runtime: Runtime, root_actor: Actor, operator: Actor, tree: None
) -> None:
    issued = create_scim_token(runtime, operator, "A1")
    change_account_status(runtime, root_actor, "AA", StatusChange.SUSPEND)
    with pytest.raises(AuthenticationFailed):
        authenticate_scim_token(runtime, issued.secret)
    assert list_scim_tokens(runtime, operator, "A1")[0].state(runtime.clock()).value == (
        "account suspended"
    )
    change_account_status(runtime, root_actor, "AA", StatusChange.ENABLE)
    assert authenticate_scim_token(runtime, issued.secret).account_alias == "A1"


def test_who_may_issue_tokens(runtime: Runtime, operator: Actor, tree: None) -> None:
    # A token can grant any role: only callers who may grant every role issue one.
    for roles in ((13,), (10,), (3, 8, 10, 12, 13)):
        with pytest.raises(PermissionDenied):
            create_scim_token(runtime, person(roles), "ROOT")
    issued = create_scim_token(runtime, person((9,)), "AA")
    create_scim_token(runtime, person((2, 3, 8, 12, 13)), "AA")  # every permission, no 9
    with pytest.raises(PermissionDenied):
        revoke_scim_token(runtime, person((10,)), issued.token.id)
    with pytest.raises(PermissionDenied):
        list_scim_tokens(runtime, person((14,)), None)
    bb = create_api_user(runtime, operator, "BB").api_user.actor(Face.REST)
    with pytest.raises(AccountNotFound):
        create_scim_token(runtime, bb, "AA")
    with pytest.raises(ScimTokenNotFound):
        revoke_scim_token(runtime, bb, issued.token.id)
    with pytest.raises(ScimTokenNotFound):
        rotate_scim_token(runtime, bb, issued.token.id)
    assert list_scim_tokens(runtime, bb, None) == []
    assert [t.account_alias for t in list_scim_tokens(runtime, person((9,)), None)] == ["AA"] * 2


def test_use_is_recorded_at_most_once_a_minute(
    runtime: Runtime, operator: Actor, root: IssuedCredentials, clock: FakeClock
) -> None:
    issued = create_scim_token(runtime, operator, "ROOT")
    authenticate_scim_token(runtime, issued.secret)
    first = clock.now
    clock.advance(seconds=30)
    authenticate_scim_token(runtime, issued.secret)
    assert list_scim_tokens(runtime, operator, "ROOT")[0].last_used_at == first
    clock.advance(seconds=31)
    authenticate_scim_token(runtime, issued.secret)
    assert list_scim_tokens(runtime, operator, "ROOT")[0].last_used_at == clock.now


def _bearer(client: TestClient, credentials: IssuedCredentials) -> dict[str, str]:
    response = client.post(
        "/api/auth/token",
        json={"api_key": credentials.api_user.api_key, "password": credentials.password},
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_rest_routes(
    client: TestClient, runtime: Runtime, operator: Actor, root: IssuedCredentials
) -> None:
    api = _bearer(client, root)
    created = client.post("/api/accounts/ROOT/scim-tokens", json={"name": "okta"}, headers=api)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/api/scim-tokens/{body['id']}"
    assert (body["account_alias"], body["name"], body["state"]) == ("ROOT", "okta", "active")
    scim = Scim(client, body["token"])
    assert scim.get("/Users").status_code == 200

    listed = client.get("/api/accounts/ROOT/scim-tokens", headers=api).json()
    assert [item["hint"] for item in listed] == [body["token"][:15]]
    assert "token" not in listed[0]
    assert listed[0]["last_used_at"] is not None

    rotated = client.post(f"/api/scim-tokens/{body['id']}/rotate", json={"grace_hours": 0},
                          headers=api)  # fmt: skip
    assert rotated.status_code == 201, rotated.text
    scim_error(scim.get("/Users"), 401)  # no grace: the old token stopped
    fresh = Scim(client, rotated.json()["token"])
    assert fresh.get("/Users").status_code == 200
    assert client.delete(f"/api/scim-tokens/{rotated.json()['id']}", headers=api).status_code == 204
    scim_error(fresh.get("/Users"), 401)

    assert client.delete("/api/scim-tokens/424242", headers=api).status_code == 404
    assert client.delete("/api/scim-tokens/0", headers=api).status_code == 422
    assert client.post("/api/accounts/ROOT/scim-tokens", json={"name": "x", "admin": True},
                       headers=api).status_code == 422  # fmt: skip
    assert client.post("/api/accounts/ZZZZ/scim-tokens", headers=api).status_code == 404

    new = validate_new_user(
        user_name="sec", account_alias="ROOT", email="sec@example.com", first_name="S",
        last_name="M", optional={}, allow_sms=None, roles=[13],
    )  # fmt: skip
    users.create_user(runtime, operator, new)
    person_auth.set_password(runtime, operator, "sec", PASSWORD)
    login = client.post("/v2/authentication/login", json={"username": "sec", "password": PASSWORD})
    security_manager = {"Authorization": f"Bearer {login.json()['bearerToken']}"}
    refused = client.post("/api/accounts/ROOT/scim-tokens", headers=security_manager)
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_cli(database_url: str, root: IssuedCredentials) -> None:
    runner = CliRunner()

    def cli(*args: str) -> str:
        result = runner.invoke(main, ["scim-tokens", *args, "--database-url", database_url])
        assert result.exit_code == 0, result.output
        return result.output

    created = json.loads(cli("create", "--account", "root", "--name", "Entra", "--json"))
    assert created["AccountAlias"] == "ROOT"
    assert created["Token"].startswith("chm_scim_")
    (listed,) = json.loads(cli("list", "--json"))
    assert (listed["Id"], listed["Hint"], listed["Name"], listed["State"]) == (
        created["Id"], created["Token"][:15], "Entra", "active",
    )  # fmt: skip
    assert created["Token"] not in cli("list")
    assert "shown only this once" in cli("rotate", str(created["Id"]), "--grace-hours", "0")
    assert "Revoked" in cli("revoke", str(created["Id"]))
    assert "revoked" in cli("list", "--account", "ROOT")
    failed = runner.invoke(main, ["scim-tokens", "revoke", "999", "--database-url", database_url])
    assert failed.exit_code == 1
    assert "Scim token not found" in failed.output


def test_tokens_never_reach_the_logs(
    scim: Scim, runtime: Runtime, operator: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert scim.token is not None
    scim.get("/Users", params={"filter": f'userName eq "{scim.token}"'})
    scim_error(Scim(scim.client, scim.token + "x").get("/Users"), 401)
    issued = create_scim_token(runtime, operator, "ROOT")
    revoke_scim_token(runtime, operator, issued.token.id)
    scim_error(Scim(scim.client, issued.secret).get("/Users"), 401)
    server = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("chamberlain"))
    assert "scim token refused" in server
    for secret in (scim.token, issued.secret):
        assert secret[15:30] not in server


def test_cli_rotate_names_the_end_the_service_keeps(
    database_url: str, root: IssuedCredentials
) -> None:
    runner = CliRunner()

    def cli(*args: str) -> str:
        result = runner.invoke(main, ["scim-tokens", *args, "--database-url", database_url])
        assert result.exit_code == 0, result.output
        return result.output

    created = json.loads(cli("create", "--account", "root", "--json"))

    def end_after_rotating(hours: str) -> datetime:
        output = cli("rotate", str(created["Id"]), "--grace-hours", hours)
        found = re.search(r"keeps working until (\S+)\.$", output, re.MULTILINE)
        assert found is not None, output
        return datetime.fromisoformat(found[1])

    first = end_after_rotating("1")
    # Rotating again never moves the end later: the message says so.
    assert end_after_rotating("10") == first
    (old, *_) = json.loads(cli("list", "--json"))
    assert old["State"] == "retiring"
