"""Every SDK method against the real app: what it sends arrives, what comes back is typed."""

from __future__ import annotations

from datetime import datetime

import pytest

from chamberlain.client import (
    Account,
    ApiKeyAuth,
    AuthenticationError,
    Client,
    LoginAuth,
    NotFound,
    PermissionDenied,
)
from chamberlain.domain.audit import Actor
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.client.conftest import Connect
from tests.client.support import NEW_ACCOUNT, PASSWORD, make_user


def test_me_and_roles(sdk: Client, root: IssuedCredentials) -> None:
    me = sdk.me.get()
    assert (me.kind, me.name, me.account_alias) == ("api_user", root.api_user.api_key, "ROOT")
    assert me.roles == ()
    roles = sdk.roles.list()
    assert {role.id for role in roles} == {2, 3, 8, 9, 10, 12, 13, 14, 15}
    assert all(role.permissions for role in roles)
    # An API user holds every permission any role grants.
    assert set(me.permissions) >= {p for role in roles for p in role.permissions}
    grants = sdk.me.permissions("ROOT")
    assert grants.account_alias == "ROOT"
    assert grants.grants
    assert all(grants.allows(g.permission) for g in grants.grants)
    assert not grants.allows("no:such:permission")


def test_accounts_lifecycle(sdk: Client) -> None:
    root = sdk.accounts.get("root")
    assert isinstance(root, Account)
    assert (root.alias, root.parent_alias, root.status) == ("ROOT", None, "Active")

    child = sdk.accounts.create("ROOT", alias="KID", fax="+1 555", **NEW_ACCOUNT)
    assert (child.alias, child.parent_alias, child.fax) == ("KID", "ROOT", "+1 555")
    assert child.billing_responsibility == "self"
    other = sdk.accounts.create("ROOT", billing_responsibility="parent", **NEW_ACCOUNT)
    assert other.billing_responsibility == "parent"
    assert {a.alias for a in sdk.accounts.list_children("ROOT")} == {"KID", other.alias}
    assert sdk.accounts.list_children("KID") == []

    renamed = sdk.accounts.update(child, business_name="Acme Gadgets", fax=None)
    assert (renamed.business_name, renamed.fax) == ("Acme Gadgets", None)
    assert renamed.version > child.version
    suspended = sdk.accounts.suspend(renamed)
    assert suspended.status == "Disabled"
    assert sdk.accounts.enable("KID").status == "Active"
    assert sdk.accounts.get("KID").version > suspended.version


def test_users_lifecycle(sdk: Client) -> None:
    made = make_user(sdk, "grace", title="Rear Admiral", roles=(9, 10))
    assert (made.user_name, made.account_alias, made.title, made.roles) == (
        "grace", "ROOT", "Rear Admiral", (9, 10),
    )  # fmt: skip
    assert made.status == "Active"
    assert sdk.users.get("GRACE") == made

    changed = sdk.users.update(made, title=None, roles=[12], allow_sms=True)
    assert (changed.title, changed.roles, changed.allow_sms) == (None, (12,), True)
    assert changed.first_name == "Grace"  # fields left out stay
    assert sdk.users.suspend(changed).status == "Disabled"
    unsuspended = sdk.users.unsuspend("grace")
    assert unsuspended.status == "Active"

    sdk.users.delete(unsuspended)
    with pytest.raises(NotFound) as caught:
        sdk.users.get("grace")
    assert caught.value.code == "user_not_found"


def test_user_names_with_reserved_characters_reach_their_user(sdk: Client) -> None:
    for name in ("a/b", "x?y#z", "per%cent", "émile"):
        made = make_user(sdk, name)
        assert sdk.users.get(name).user_name == name
        assert sdk.users.update(made, title="T").title == "T"


def test_listing_with_filters_and_count(sdk: Client) -> None:
    for i in range(5):
        make_user(sdk, f"user{i}", roles=[9] if i % 2 else [10])
    sdk.users.suspend("user4")
    listed = [user.user_name for user in sdk.users.list("ROOT", page_size=2)]
    assert listed == [f"user{i}" for i in range(5)]
    assert [u.user_name for u in sdk.users.list("ROOT", role=9)] == ["user1", "user3"]
    active = sdk.users.list("ROOT", status="Active", role=10)
    assert [u.user_name for u in active] == ["user0", "user2"]
    assert sdk.users.count("ROOT") == 5
    assert sdk.users.count("ROOT", status="Disabled") == 1
    assert sdk.users.count("ROOT", user_name="USER3") == 1


def test_bulk_import_json_and_csv(sdk: Client) -> None:
    make_user(sdk, "old")
    result = sdk.users.bulk(
        "ROOT",
        [
            {"user_name": "new1", "email": "n1@example.com", "first_name": "N", "last_name": "One",
             "roles": (9,)},
            {"user_name": "old", "email": "o@example.com", "first_name": "O", "last_name": "Ld"},
            {"user_name": "bad", "email": "not an address", "first_name": "B", "last_name": "D"},
        ],
        upsert=True,
    )  # fmt: skip
    assert not result.dry_run
    assert [(i.index, i.user_name, i.result) for i in result.items] == [
        (0, "new1", "created"), (1, "old", "updated"), (2, "bad", "error"),
    ]  # fmt: skip
    assert result.items[2].code == "invalid_email"
    assert dict(result.counts) == {"created": 1, "updated": 1, "unchanged": 0, "error": 1}
    assert sdk.users.get("new1").roles == (9,)

    csv = "user_name,email,first_name,last_name,roles\nnew2,n2@example.com,N,Two,9;10\n"
    trial = sdk.users.bulk_csv("ROOT", csv, dry_run=True)
    assert (trial.dry_run, trial.items[0].result) == (True, "created")
    with pytest.raises(NotFound):
        sdk.users.get("new2")
    done = sdk.users.bulk_csv("ROOT", csv.encode())
    assert done.items[0].result == "created"
    assert sdk.users.get("new2").roles == (9, 10)


def test_api_users(sdk: Client, connect: Connect) -> None:
    issued = sdk.api_users.create("ROOT")
    assert issued.password
    assert issued.password not in repr(issued)
    assert issued.state == "enabled"
    assert issued.api_key in {a.api_key for a in sdk.api_users.list("ROOT")}

    other = connect(ApiKeyAuth(issued.api_key, issued.password))
    assert other.me.get().name == issued.api_key
    sdk.api_users.delete(issued)
    assert issued.api_key not in {a.api_key for a in sdk.api_users.list("ROOT")}
    with pytest.raises(AuthenticationError):
        other.me.get()  # its token ended, and its key no longer logs on
    with pytest.raises(NotFound):
        sdk.api_users.delete(issued.api_key)


def test_audit_listing_with_filters(sdk: Client, root: IssuedCredentials) -> None:
    start = datetime.fromisoformat("2000-01-01T00:00:00+00:00")
    for i in range(3):
        make_user(sdk, f"audited{i}")
    sdk.users.update("audited1", title="Boss")
    events = list(sdk.audit.list(page_size=2, target="audited1"))
    assert [e.action for e in events] == ["user.create", "user.update"]
    update = events[1]
    assert (update.actor, update.actor_kind, update.face) == (
        root.api_user.api_key, "api_user", "rest",
    )  # fmt: skip
    assert update.changes["title"] == (None, "Boss")
    assert update.target_account == "ROOT"
    assert isinstance(update.occurred_at, datetime)
    creates = list(sdk.audit.list(action="user.create", since=start, account="ROOT"))
    assert [e.target for e in creates] == ["audited0", "audited1", "audited2"]
    assert list(sdk.audit.list(until=start)) == []


def test_person_user_logs_on_and_is_bound_by_roles(
    sdk: Client, connect: Connect, runtime: Runtime, operator: Actor
) -> None:
    make_user(sdk, "viewer", roles=[15])
    person_auth.set_password(runtime, operator, "viewer", PASSWORD)
    person = connect(LoginAuth("viewer", PASSWORD))
    me = person.me.get()
    assert (me.kind, me.name, me.roles) == ("user", "viewer", (15,))
    assert person.users.get("viewer").user_name == "viewer"
    with pytest.raises(PermissionDenied) as caught:
        make_user(person, "intruder")
    assert caught.value.status == 403
    assert caught.value.code == "permission_denied"


def test_refused_log_ons(connect: Connect, root: IssuedCredentials) -> None:
    with pytest.raises(AuthenticationError) as api_key:
        connect(ApiKeyAuth(root.api_user.api_key, "wrong")).me.get()
    assert (api_key.value.status, api_key.value.code) == (401, "authentication_failed")
    with pytest.raises(AuthenticationError) as person:
        connect(LoginAuth("nobody", "wrong")).me.get()
    assert (person.value.status, person.value.code) == (400, "authentication_failed")
    assert "didn't recognize" in person.value.detail
