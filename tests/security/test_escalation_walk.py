"""A generated walk (issue 13): every mutating operation of every face, tried by an
attacker of each role against targets holding each role.

After each operation ``World.check`` asserts the rule of ``domain.permissions``: the
attacker ends with no permission it did not hold, for itself or for any identity it
created, controls or can sign in as, and no identity holding more than it was changed.
The operation tables are held to the faces' own route tables, so a new mutating
operation fails here until it joins the walk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

from chamberlain.api.clc_v1.methods.registry import METHODS
from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.domain.permissions import ROLE_PERMISSIONS
from chamberlain.domain.users import LifecycleAction
from chamberlain.services import accounts, users
from chamberlain.services.accounts import StatusChange
from chamberlain.services.api_users import set_api_user_enabled
from chamberlain.services.runtime import Runtime
from tests.api.v1 import account_fields
from tests.portal.portal import post as portal_post
from tests.portal.portal import sign_in
from tests.rest.rest import Api, account_body, user_body
from tests.scim.scim import Scim
from tests.scim.scim import user_body as scim_user
from tests.security.walk import ATTACKER, HOME, MAILBOX, World

ROLES = sorted(ROLE_PERMISSIONS)
BASE_URL = "https://testserver"


@dataclass
class Faces:
    """The attacker on every face it can reach."""

    world: World
    rest: Api
    portal: TestClient
    v1: TestClient
    password: str
    scim: Scim | None = None

    def version(self, user_name: str) -> int:
        with self.world.rt.db.read() as uow:
            user = uow.users.find(user_name)
            assert user is not None
            return user.version

    def roles(self, user_name: str) -> list[int]:
        with self.world.rt.db.read() as uow:
            user = uow.users.find(user_name)
            assert user is not None
            return list(user.roles)

    def scim_id(self, user_name: str) -> str:
        with self.world.rt.db.read() as uow:
            user = uow.users.find(user_name)
            assert user is not None
            return str(user.id)


Reply = httpx2.Response | dict[str, Any]
Step = Callable[[Faces, Any], Reply]


# Targets, made fresh for each operation by the operator.
def _others(world: World) -> list[Any]:
    return [world.user(role) for role in ROLES]


def _users(world: World) -> list[Any]:
    """Users of every role and the attacker itself (a person acting on itself)."""
    return [ATTACKER, *_others(world)]


def _suspended_users(world: World) -> list[Any]:
    made = [world.user(role) for role in ROLES]
    for name in made:
        users.change_status(world.rt, world.operator, name, LifecycleAction.SUSPEND)
    return made


def _grants(world: World) -> list[Any]:
    return list(ROLES)


def _keys(world: World) -> list[Any]:
    return [world.api_key(None), *(world.api_key(role) for role in ROLES)]


def _disabled_keys(world: World) -> list[Any]:
    made = _keys(world)
    for key in made:
        set_api_user_enabled(world.rt, world.operator, key, enabled=False)
    return made


def _accounts(world: World) -> list[Any]:
    child = accounts.create_sub_account(
        world.rt, world.operator, parent_alias=HOME, alias=None, business_name="A child"
    )
    return [HOME, child.alias]


def _suspended_accounts(world: World) -> list[Any]:
    made = _accounts(world)[1:]
    for alias in made:
        accounts.change_account_status(world.rt, world.operator, alias, StatusChange.SUSPEND)
    return made


def _tokens(world: World) -> list[Any]:
    return [world.scim_token()]


Targets = Callable[[World], list[Any]]


# REST (/api), with the attacker's bearer token.
def _rest_bulk(f: Faces, item: dict[str, Any], query: str = "") -> Reply:
    return f.rest.post(f"/accounts/{HOME}/users:bulk{query}", json={"users": [item]})


REST: dict[str, list[tuple[Targets, Step]]] = {
    "updateAccount": [
        (_accounts, lambda f, a: f.rest.patch(f"/accounts/{a}", json=account_body()))
    ],
    "createChildAccount": [
        (_accounts, lambda f, a: f.rest.post(f"/accounts/{a}/accounts", json=account_body()))
    ],
    "suspendAccount": [(_accounts, lambda f, a: f.rest.post(f"/accounts/{a}/suspend"))],
    "enableAccount": [(_suspended_accounts, lambda f, a: f.rest.post(f"/accounts/{a}/enable"))],
    "createUser": [
        (
            _grants,
            lambda f, role: f.rest.create_user(
                f.world.fresh("new"), HOME, email=MAILBOX, roles=[role]
            ),
        )
    ],
    "updateUser": [
        (_users, lambda f, u: f.rest.patch(f"/users/{u}", json={"email": MAILBOX})),
        (_users, lambda f, u: f.rest.patch(f"/users/{u}", json={"roles": ROLES})),
    ],
    "deleteUser": [
        (_users, lambda f, u: f.rest.delete(f"/users/{u}", if_match=f'"{f.version(u)}"'))
    ],
    "suspendUser": [(_users, lambda f, u: f.rest.post(f"/users/{u}/suspend"))],
    "unsuspendUser": [(_suspended_users, lambda f, u: f.rest.post(f"/users/{u}/unsuspend"))],
    "inviteUser": [(_users, lambda f, u: f.rest.post(f"/users/{u}/invitations"))],
    "importUsers": [
        (
            _grants,
            lambda f, role: _rest_bulk(
                f, user_body(f.world.fresh("bulk"), email=MAILBOX, roles=[role])
            ),
        ),
        (
            _users,
            lambda f, u: _rest_bulk(
                f, user_body(u, email=MAILBOX, roles=f.roles(u)), "?upsert=true"
            ),
        ),
        (_users, lambda f, u: _rest_bulk(f, user_body(u, roles=ROLES), "?upsert=true")),
    ],
    "createApiUser": [(_accounts, lambda f, a: f.rest.post(f"/accounts/{a}/api-users"))],
    "deleteApiUser": [(_keys, lambda f, k: f.rest.delete(f"/api-users/{k}"))],
    "disableApiUser": [(_keys, lambda f, k: f.rest.post(f"/api-users/{k}/disable"))],
    "enableApiUser": [(_disabled_keys, lambda f, k: f.rest.post(f"/api-users/{k}/enable"))],
    "rotateApiUser": [
        (_keys, lambda f, k: f.rest.post(f"/api-users/{k}/rotate", json={"grace_hours": 720}))
    ],
    "createScimToken": [
        (_accounts, lambda f, a: f.rest.post(f"/accounts/{a}/scim-tokens", json={}))
    ],
    "revokeScimToken": [(_tokens, lambda f, t: f.rest.delete(f"/scim-tokens/{t}"))],
    "rotateScimToken": [(_tokens, lambda f, t: f.rest.post(f"/scim-tokens/{t}/rotate", json={}))],
}
REST_EXEMPT = {
    "createToken": "signs in: gains exactly what the credential holds",
    "revokeToken": "ends the caller's own token",
    "requestPasswordReset": "mails a user's own address: the mailbox check covers it",
    "setPasswordWithLink": "needs a mailed link: every user whose mail reaches the attacker "
    "is checked",
}


# v1, as an API user holding the attacker's permissions (the way a person reaches v1).
def _v1(f: Faces, method: str, **fields: Any) -> Reply:
    return f.v1.post(f"/REST/{METHODS_AREA[method]}/{method}/JSON", json=fields)


METHODS_AREA = {method.name: method.area for method in METHODS.values()}


def _v1_user(f: Faces, name: str, roles: list[int], **extra: Any) -> dict[str, Any]:
    return {
        "UserName": name,
        "AccountAlias": HOME,
        "EmailAddress": MAILBOX,
        "FirstName": "M",
        "LastName": "X",
        "Roles": roles,
        **extra,
    }


V1: dict[str, list[tuple[Targets, Step]]] = {
    "CreateUser": [
        (_grants, lambda f, role: _v1(f, "CreateUser", **_v1_user(f, f.world.fresh("v"), [role])))
    ],
    "UpdateUser": [
        (_others, lambda f, u: _v1(f, "UpdateUser", **_v1_user(f, u, f.roles(u)))),
        (_others, lambda f, u: _v1(f, "UpdateUser", **_v1_user(f, u, ROLES))),
    ],
    "SuspendUser": [(_others, lambda f, u: _v1(f, "SuspendUser", UserName=u))],
    "UnsuspendUser": [(_suspended_users, lambda f, u: _v1(f, "UnsuspendUser", UserName=u))],
    "DeleteUser": [(_others, lambda f, u: _v1(f, "DeleteUser", UserName=u))],
    "CreateAccount": [(_accounts, lambda f, a: _v1(f, "CreateAccount", **account_fields(a, None)))],
    "UpdateAccountDetails": [
        (_accounts, lambda f, a: _v1(f, "UpdateAccountDetails", **_v1_account(a)))
    ],
    "SuspendAccount": [(_accounts, lambda f, a: _v1(f, "SuspendAccount", AccountAlias=a))],
    "EnableAccount": [(_suspended_accounts, lambda f, a: _v1(f, "EnableAccount", AccountAlias=a))],
}


def _v1_account(alias: str) -> dict[str, Any]:
    fields = account_fields(HOME, alias)
    del fields["ParentAlias"]
    return fields


V1_EXEMPT = {"Logon": "signs in", "Logout": "ends the caller's own session"}


# The portal, with the attacker's session (forms forged, whatever the pages offer).
def _form(f: Faces, url: str, data: dict[str, Any]) -> Reply:
    return portal_post(f.portal, url, data)


def _profile(f: Faces, name: str, roles: list[int]) -> dict[str, Any]:
    return {
        "email": MAILBOX,
        "first_name": "M",
        "last_name": "X",
        "roles": [str(role) for role in roles],
        "version": str(f.version(name)),
    }


def _csv(f: Faces, role: int) -> Reply:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["user_name", "email", "first_name", "last_name", "roles"])
    writer.writerow([f.world.fresh("csv"), MAILBOX, "M", "X", str(role)])
    files = {"file": ("users.csv", text.getvalue().encode(), "text/csv")}
    return portal_post_files(f, f"/portal/accounts/{HOME}/bulk", files)


def portal_post_files(f: Faces, url: str, files: dict[str, tuple[str, bytes, str]]) -> Reply:
    return portal_post(f.portal, url, {}, files=files)


PORTAL: dict[str, list[tuple[Targets, Step]]] = {
    "/portal/accounts/{alias}/edit": [
        (
            _accounts,
            lambda f, a: _form(
                f, f"/portal/accounts/{a}/edit", {"business_name": "Taken", **_contact()}
            ),
        )
    ],
    "/portal/accounts/{alias}/new": [
        (
            _accounts,
            lambda f, a: _form(
                f,
                f"/portal/accounts/{a}/new",
                {"business_name": "New", "location": "WA1", **_contact()},
            ),
        )
    ],
    "/portal/accounts/{alias}/status": [
        (_accounts, lambda f, a: _form(f, f"/portal/accounts/{a}/status", {"action": "suspend"})),
        (
            _suspended_accounts,
            lambda f, a: _form(f, f"/portal/accounts/{a}/status", {"action": "enable"}),
        ),
    ],
    "/portal/accounts/{alias}/users/new": [
        (
            _grants,
            lambda f, role: _form(
                f,
                f"/portal/accounts/{HOME}/users/new",
                {"user_name": f.world.fresh("p"), **_profile_new(role)},
            ),
        )
    ],
    "/portal/users/edit": [
        (_users, lambda f, u: _form(f, f"/portal/users/edit?name={u}", _profile(f, u, f.roles(u)))),
        (_users, lambda f, u: _form(f, f"/portal/users/edit?name={u}", _profile(f, u, ROLES))),
    ],
    "/portal/users/status": [
        (_users, lambda f, u: _form(f, "/portal/users/status", {"name": u, "action": "suspend"})),
        (_users, lambda f, u: _form(f, "/portal/users/status", {"name": u, "action": "delete"})),
        (
            _suspended_users,
            lambda f, u: _form(f, "/portal/users/status", {"name": u, "action": "unsuspend"}),
        ),
    ],
    "/portal/users/invite": [(_users, lambda f, u: _form(f, "/portal/users/invite", {"name": u}))],
    "/portal/accounts/{alias}/api-users": [
        (
            _accounts,
            lambda f, a: _form(
                f, f"/portal/accounts/{a}/api-users", {"current_password": f.password}
            ),
        )
    ],
    "/portal/accounts/{alias}/bulk": [(_grants, _csv)],
    "/portal/api-users/{key}/enabled": [
        (_keys, lambda f, k: _form(f, f"/portal/api-users/{k}/enabled", {"enabled": "no"})),
        (
            _disabled_keys,
            lambda f, k: _form(f, f"/portal/api-users/{k}/enabled", {"enabled": "yes"}),
        ),
    ],
    "/portal/api-users/{key}/rotate": [
        (
            _keys,
            lambda f, k: _form(
                f, f"/portal/api-users/{k}/rotate", {"current_password": f.password}
            ),
        )
    ],
    "/portal/api-users/{key}/delete": [
        (_keys, lambda f, k: _form(f, f"/portal/api-users/{k}/delete", {}))
    ],
}
PORTAL_EXEMPT = {
    "/portal/sign-in": "signs in",
    "/portal/sign-out": "ends the caller's own session",
    "/portal/password": "changes the caller's own password only",
    "/portal/set-password": "needs a mailed link: the mailbox check covers it",
    "/portal/forgot-password": "mails a user's own address: the mailbox check covers it",
}


def _contact() -> dict[str, str]:
    return {
        "address1": "1 Main St",
        "city": "Seattle",
        "state_province": "WA",
        "postal_code": "98101",
        "country": "US",
        "telephone": "+1 206 555 0100",
    }


def _profile_new(role: int) -> dict[str, Any]:
    return {"email": MAILBOX, "first_name": "M", "last_name": "X", "roles": [str(role)]}


# SCIM, with a token the attacker issued itself (only a holder of every role's
# permissions can; the walk asserts that the others cannot).
def _group_ids(f: Faces) -> list[str]:
    assert f.scim is not None
    return [group["id"] for group in f.scim.listed("/Groups")]


def _membership(f: Faces, role: int) -> Reply:
    assert f.scim is not None
    gid = next(g for g in _group_ids(f) if g.endswith(str(role)))
    add = {"op": "add", "path": "members", "value": [{"value": f.scim_id(ATTACKER)}]}
    return f.scim.patch(f"/Groups/{gid}", add)


def _scim_for(f: Faces) -> Scim:
    assert f.scim is not None
    return f.scim


SCIM: dict[str, list[tuple[Targets, Step]]] = {
    "POST /Users": [
        (
            _grants,
            lambda f, _role: _scim_for(f).post(
                "/Users", json=scim_user(f.world.fresh("s"), emails=[{"value": MAILBOX}])
            ),
        )
    ],
    "PUT /Users/{id}": [
        (
            _users,
            lambda f, u: _scim_for(f).put(
                f"/Users/{f.scim_id(u)}", json=scim_user(u, emails=[{"value": MAILBOX}])
            ),
        )
    ],
    "PATCH /Users/{id}": [
        (
            _users,
            lambda f, u: _scim_for(f).patch(
                f"/Users/{f.scim_id(u)}",
                {"op": "replace", "path": "emails", "value": [{"value": MAILBOX}]},
            ),
        )
    ],
    "DELETE /Users/{id}": [(_others, lambda f, u: _scim_for(f).delete(f"/Users/{f.scim_id(u)}"))],
    "PATCH /Groups/{id}": [(_grants, _membership)],
}


def _walk(faces: Faces, face: str, table: dict[str, list[tuple[Targets, Step]]]) -> Iterator[str]:
    """Run every step of ``table`` against its targets, checking after each operation."""
    for operation, variants in table.items():
        for number, (targets, step) in enumerate(variants):
            made = targets(faces.world)
            before = faces.world.protected()
            for target in made:
                reply = step(faces, target)
                if isinstance(reply, httpx2.Response):
                    assert reply.status_code < 500, (face, operation, target, reply.text)
            faces.world.check(f"{face} {operation} (variant {number})", before)
            yield operation


@contextmanager
def _faces(world: World, password: str, client: TestClient) -> Iterator[Faces]:
    login = {"username": ATTACKER, "password": password}
    token = client.post("/v2/authentication/login", json=login).json()["bearerToken"]
    rest = Api(client, token, name=ATTACKER)
    key = world.own_api_key()
    with (
        TestClient(client.app, base_url=BASE_URL, raise_server_exceptions=False) as portal,
        TestClient(client.app, base_url=BASE_URL, raise_server_exceptions=False) as v1,
    ):
        sign_in(portal, ATTACKER, password)
        logon = v1.post(
            "/REST/Auth/Logon/", json={"APIKey": key.api_user.api_key, "Password": key.password}
        )
        assert logon.json()["StatusCode"] == 0
        yield Faces(world, rest, portal, v1, password)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_gains_a_permission_on_any_face(
    runtime: Runtime, operator: Actor, root: object, role: int
) -> None:
    accounts.create_sub_account(
        runtime, operator, parent_alias="ROOT", alias=HOME, business_name="The attacker's account"
    )
    world = World(runtime, operator, role)
    password = world.make_attacker()
    app = create_app(runtime)
    with (
        TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client,
        _faces(world, password, client) as faces,
    ):
        walked = {
            "rest": set(_walk(faces, "rest", REST)),
            "v1": set(_walk(faces, "v1", V1)),
            "portal": set(_walk(faces, "portal", PORTAL)),
        }
        issued = faces.rest.post(f"/accounts/{HOME}/scim-tokens", json={"name": "mine"})
        may_issue = all(p in world.permissions for p in ROLE_PERMISSIONS[9])
        assert (issued.status_code == 201) is may_issue, issued.text
        if may_issue:
            faces.scim = Scim(client, issued.json()["token"]).at(HOME)
            walked["scim"] = set(_walk(faces, "scim", SCIM))
        assert walked["rest"] == set(REST)
        assert walked["v1"] == set(V1)
        assert walked["portal"] == set(PORTAL)


def _openapi_mutations(client: TestClient) -> set[str]:
    spec = client.get("/api/openapi.json").json()
    return {
        operation["operationId"]
        for methods in spec["paths"].values()
        for method, operation in methods.items()
        if method in {"post", "put", "patch", "delete"}
    }


def _portal_posts(routes: list[BaseRoute], prefix: str = "") -> set[str]:
    """The paths of every route taking POST under ``/portal``, through mounts."""
    found = set()
    for route in routes:
        if isinstance(route, Mount):
            found |= _portal_posts(route.routes, prefix + route.path)
        elif isinstance(route, Route) and "POST" in (route.methods or set()):
            path = prefix + route.path
            if path.startswith("/portal"):
                found.add(path)
    return found


def test_the_walk_covers_every_mutating_operation_of_every_face(runtime: Runtime) -> None:
    app = create_app(runtime)
    with TestClient(app, base_url=BASE_URL) as client:
        assert _openapi_mutations(client) == set(REST) | set(REST_EXEMPT)
    v1_writes = {m.name for m in METHODS.values() if not m.name.startswith("Get")}
    assert v1_writes == set(V1) | set(V1_EXEMPT)
    assert _portal_posts(app.routes) == set(PORTAL) | set(PORTAL_EXEMPT)
