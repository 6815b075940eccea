"""``/scim/v2/Users`` on the wire: errors, media types, paging, filters, versions, PUT and
PATCH semantics."""

from __future__ import annotations

from typing import Any

import pytest

from chamberlain.db.repositories.scim import ScimRepository
from chamberlain.services import scim as scim_service
from chamberlain.services.runtime import Runtime
from tests.rest.rest import audit_rows
from tests.scim.scim import LIST_URN, SCIM_JSON, USER_URN, Scim, scim_error, user_body


def test_json_media_types(scim: Scim) -> None:
    plain = scim.post(
        "/Users",
        json=user_body("plain"),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert plain.status_code == 201, plain.text
    assert plain.headers["content-type"] == SCIM_JSON
    wanted = scim.get("/Users", headers={"Accept": "application/json"})
    assert wanted.headers["content-type"] == "application/json"
    scim_error(
        scim.post("/Users", content=b"userName=x", headers={"Content-Type": "text/plain"}), 415
    )


@pytest.mark.parametrize(
    "body",
    [b"{bad", b"", b'{"userName": "a", "userName": "b"}', b'{"userName": NaN}', b"\xff\xfe",
     b"[" * 5000 + b"]" * 5000, b'["a list"]'],
)  # fmt: skip
def test_unreadable_bodies(scim: Scim, body: bytes) -> None:
    scim_error(scim.post("/Users", content=body), 400, "invalidSyntax")


def test_body_too_large(scim: Scim, runtime: Runtime) -> None:
    too_big = b" " * (runtime.settings.max_body_bytes + 1)
    scim_error(scim.post("/Users", content=too_big), 413)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"emails": []}, "emails"),
        ({"name": {"givenName": "Only"}}, "name.familyName"),
        ({"name": {"familyName": "Only"}}, "name.givenName"),
        ({"userName": "   "}, "userName"),
        ({"emails": [{"value": "not an address"}]}, "emails"),
        ({"emails": [{"value": f"{n}@example.com"} for n in "abc"]}, "emails"),
        ({"title": "x" * 101}, "title"),
        ({"title": 7}, "title"),
        ({"active": "maybe"}, "active"),
        ({"roles": [{"value": "Overlord"}, {"value": "99"}]}, "Overlord"),
        ({"externalId": "x" * 256}, "externalId"),
        # Issue 13: one line only (a line or paragraph separator would break mail headers).
        ({"title": "Chief\u2028Officer"}, "title"),
        ({"name": {"givenName": "A\u2029da", "familyName": "L"}}, "name.givenName"),
    ],
)
def test_invalid_values_name_the_attribute(scim: Scim, change: dict[str, Any], named: str) -> None:
    detail = scim_error(scim.post("/Users", json={**user_body("v"), **change}), 400, "invalidValue")
    assert named in detail
    assert scim.get("/Users").json()["totalResults"] == 0


def test_roles_by_name_number_or_sdk_name(scim: Scim) -> None:
    roles = [{"value": "account administrator"}, {"value": "12"}, {"value": "ServerOperator"}]
    created = scim.made_user("roled", roles=roles)
    assert created["roles"] == [
        {"value": "Account Administrator"}, {"value": "Network Manager"},
        {"value": "Server Operator"},
    ]  # fmt: skip
    assert [group["value"] for group in created["groups"]] == ["ROOT-9", "ROOT-12", "ROOT-14"]
    unknown = {"op": "add", "path": "roles", "value": [{"value": "7"}]}
    detail = scim_error(scim.patch(f"/Users/{created['id']}", unknown), 400, "invalidValue")
    assert "Account Administrator" in detail  # the catalogue is named


def test_names_are_unique_forever(scim: Scim) -> None:
    first = scim.made_user("Unique")
    scim_error(scim.post("/Users", json=user_body("UNIQUE")), 409, "uniqueness")
    assert scim.delete(f"/Users/{first['id']}").status_code == 204
    scim_error(scim.post("/Users", json=user_body("unique")), 409, "uniqueness")


def test_read_only_and_unknown_attributes_are_ignored(scim: Scim) -> None:
    created = scim.made_user(
        "ignored", id="999", meta={"version": '"9"'}, groups=[{"value": "ROOT-9"}],
        status="Deleted", password="a password", nickName="Iggy", timezone="Mars/Olympus",
        phoneNumbers=[{"value": "1", "type": "home"}, {"value": "2"}],
    )  # fmt: skip
    assert created["id"] != "999"
    assert created["meta"]["version"] == '"1"'
    assert "groups" not in created
    assert "nickName" not in created
    assert "timezone" not in created  # unknown: the account's time zone applies
    assert created["phoneNumbers"] == [{"value": "2", "type": "work"}]


def test_paging(scim: Scim) -> None:
    ids = [scim.made_user(f"page{n}")["id"] for n in range(5)]
    page = scim.get("/Users", params={"startIndex": "2", "count": "2"}).json()
    assert page["schemas"] == [LIST_URN]
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [user["id"] for user in page["Resources"]] == ids[1:3]
    none = scim.get("/Users", params={"count": "0"}).json()
    assert (none["totalResults"], none["itemsPerPage"], none["Resources"]) == (5, 0, [])
    past = scim.get("/Users", params={"startIndex": "9"}).json()
    assert (past["totalResults"], past["Resources"]) == (5, [])
    assert (
        scim.get("/Users", params={"startIndex": "-3", "count": "5000"}).json()["startIndex"] == 1
    )
    filtered = scim.get("/Users", params={"filter": 'userName sw "PAGE"', "startIndex": "5"}).json()
    assert (filtered["totalResults"], [u["id"] for u in filtered["Resources"]]) == (5, ids[4:])
    scim_error(scim.get("/Users", params={"count": "ten"}), 400, "invalidValue")
    scim_error(scim.get("/Users", params={"sortBy": "userName"}), 400, "invalidValue")


def test_filters(scim: Scim) -> None:
    alice = scim.made_user("alice", title="Engineer", externalId="ext-a")
    bob = scim.made_user("bob", emails=[{"value": "bob@work.example", "type": "work"},
                                       {"value": "bob@home.example", "type": "other"}])  # fmt: skip
    scim.patch(f"/Users/{bob['id']}", {"op": "replace", "path": "active", "value": False})

    def ids(text: str) -> list[str]:
        return [user["id"] for user in scim.listed("/Users", filter=text)]

    assert ids('userName eq "ALICE"') == [alice["id"]]
    assert ids(f'id eq "{bob["id"]}"') == [bob["id"]]
    assert ids('externalId eq "ext-a"') == [alice["id"]]
    assert ids('externalId eq "EXT-A"') == []
    assert ids('emails[type eq "other" and value co "home"]') == [bob["id"]]
    assert ids("active eq false") == [bob["id"]]
    assert ids('title pr and not (userName eq "bob")') == [alice["id"]]
    assert ids('emails.value ew "example.com" or title eq "nobody"') == [alice["id"]]
    for text in ('nickName eq "x"', "userName eq", 'userName eq "a" or', "active gt false"):
        scim_error(scim.get("/Users", params={"filter": text}), 400, "invalidFilter")


def test_search_and_attributes(scim: Scim) -> None:
    user = scim.made_user("searched", title="Chief")
    found = scim.post(
        "/Users/.search",
        json={"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
              "filter": 'title eq "chief"', "attributes": ["userName", "name.givenName"],
              "startIndex": 1, "count": 10},
    )  # fmt: skip
    assert found.status_code == 200, found.text
    assert found.json()["Resources"] == [
        {"schemas": [USER_URN], "id": user["id"], "userName": "searched",
         "name": {"givenName": "Grace"}}
    ]  # fmt: skip
    lean = scim.get(f"/Users/{user['id']}", params={"excludedAttributes": "emails,meta"}).json()
    assert "emails" not in lean
    assert "meta" not in lean
    assert lean["id"] == user["id"]
    scim_error(
        scim.get("/Users", params={"attributes": "userName", "excludedAttributes": "title"}),
        400, "invalidSyntax",
    )  # fmt: skip


def test_versions_and_if_match(scim: Scim) -> None:
    user = scim.made_user("versioned")
    path = f"/Users/{user['id']}"
    tag = scim.get(path).headers["etag"]
    assert tag == user["meta"]["version"] == '"1"'
    stale = '"0"'
    scim_error(scim.patch(path, {"op": "replace", "path": "title", "value": "x"},
                          headers={"If-Match": stale}), 412)  # fmt: skip
    scim_error(scim.put(path, json=user_body("versioned"), headers={"If-Match": stale}), 412)
    scim_error(scim.delete(path, headers={"If-Match": stale}), 412)
    scim_error(scim.delete(path, headers={"If-Match": f"W/{tag}"}), 412)
    scim_error(scim.delete(path, headers={"If-Match": "garbage"}), 400, "invalidSyntax")
    fresh = scim.patch(
        path, {"op": "replace", "path": "title", "value": "x"}, headers={"If-Match": tag}
    )
    assert fresh.status_code == 200
    assert fresh.headers["etag"] == fresh.json()["meta"]["version"] == '"2"'
    assert scim.get(path).json()["title"] == "x"
    external = scim.patch(path, {"op": "add", "path": "externalId", "value": "e-1"})
    assert external.headers["etag"] == '"3"'  # the external id is part of the version
    assert scim.delete(path, headers={"If-Match": '"3"'}).status_code == 204


def test_put_semantics(scim: Scim) -> None:
    user = scim.made_user(
        "putter", title="Boss", externalId="e-1", roles=[{"value": "DNS Manager"}],
        phoneNumbers=[{"value": "1", "type": "mobile"}],
    )  # fmt: skip
    path = f"/Users/{user['id']}"
    scim.patch(path, {"op": "replace", "path": "active", "value": False})
    # Left out: active, roles and externalId stay; title and phone numbers are cleared.
    replaced = scim.put(path, json=user_body("PUTTER", name={"givenName": "A", "familyName": "B"}))
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["active"] is False
    assert body["roles"] == [{"value": "DNS Manager"}]
    assert body["externalId"] == "e-1"
    assert body["userName"] == "putter"
    assert "title" not in body
    assert "phoneNumbers" not in body
    scim_error(scim.put(path, json=user_body("renamed")), 400, "mutability")
    scim_error(
        scim.put(path, json={"name": {"givenName": "A", "familyName": "B"}}), 400, "mutability"
    )
    cleared = scim.put(path, json=user_body("putter", roles=[], active=True)).json()
    assert "roles" not in cleared
    assert cleared["active"] is True


def test_patch_semantics(scim: Scim) -> None:
    user = scim.made_user("patcher")
    path = f"/Users/{user['id']}"
    scim_error(scim.patch(path, {"op": "remove", "path": "active"}), 400, "mutability")
    scim_error(scim.patch(path, {"op": "remove", "path": "emails"}), 400, "invalidValue")
    scim_error(scim.patch(path, {"op": "remove", "path": "name.givenName"}), 400, "invalidValue")
    scim_error(scim.patch(path, {"op": "replace", "path": "meta"}), 400, "mutability")
    scim_error(scim.patch(path, {"op": "replace", "path": "a[b"}), 400, "invalidPath")
    scim_error(scim.patch(path, {"op": "remove"}), 400, "noTarget")
    scim_error(scim.patch(path, json={"Operations": "nope"}), 400, "invalidSyntax")
    changed = scim.patch(
        path,
        {"op": "add", "path": "emails", "value": [{"value": "other@example.com", "type": "other"}]},
        {"op": "replace", "path": "timezone", "value": "eastern standard time"},
    ).json()
    assert changed["emails"][1] == {"value": "other@example.com", "type": "other"}
    assert changed["timezone"] == "Eastern Standard Time"
    unchanged = scim.patch(path, {"op": "replace", "path": "title", "value": None})
    assert unchanged.headers["etag"] == changed["meta"]["version"]  # nothing was written


def test_deactivated_users_stay_readable_and_listed(scim: Scim) -> None:
    user = scim.made_user("sleeper", active=False)
    assert user["active"] is False
    assert scim.get(f"/Users/{user['id']}").json()["active"] is False
    assert [found["id"] for found in scim.listed("/Users")] == [user["id"]]


def test_changes_are_audited_as_scim(scim: Scim, runtime: Runtime) -> None:
    user = scim.made_user("audited", externalId="e-1")
    scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": "title", "value": "Boss"})
    rows = [row for row in audit_rows(runtime) if row.face == "scim"]
    assert [row.action for row in rows] == ["user.create", "user.update"]
    assert rows[0].changes["external_id"] == [None, "e-1"]  # written with the user
    assert rows[1].changes == {"title": [None, "Boss"]}
    assert {row.actor_kind for row in rows} == {"scim_token"}
    assert all(
        row.actor_label.startswith("chm_scim_") and len(row.actor_label) == 15 for row in rows
    )
    assert {row.actor_account for row in rows} == {"ROOT"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/Nope", 404),
        ("GET", "/Users/1/extra", 404),
        ("GET", "/ServiceProviderConfig/x", 404),
        ("PUT", "/Users", 405),
        ("POST", "/Users/1", 405),
        ("GET", "/Users/.search", 405),
        ("POST", "/Bulk", 501),
        ("GET", "/Me", 501),
        ("POST", "/.search", 501),
        ("GET", "/Users/abc", 404),
        ("GET", "/Users/99999999999999999999999", 404),
    ],
)
def test_protocol_errors(scim: Scim, method: str, path: str, status: int) -> None:
    response = scim.call(method, path)
    scim_error(response, status)
    if status == 405:
        assert response.headers["allow"]


def test_authentication(scim: Scim) -> None:
    assert scim.token is not None
    for header in ({}, {"Authorization": "Basic eDp5"}, {"Authorization": "Bearer "},
                   {"Authorization": f"Bearer {scim.token}x"}):  # fmt: skip
        response = scim.client.get("/scim/v2/Users", headers=header)
        detail = scim_error(response, 401)
        assert detail == "a valid SCIM bearer token is required"
        assert response.headers["www-authenticate"] == 'Bearer realm="chamberlain"'
    in_query = scim.client.get("/scim/v2/Users", params={"access_token": scim.token})
    scim_error(in_query, 401)
    assert (
        scim.client.get(
            "/scim/v2/Users", headers={"Authorization": f"bearer {scim.token}"}
        ).status_code
        == 200
    )


def test_index_lookups_and_the_scan_bound(scim: Scim, monkeypatch: pytest.MonkeyPatch) -> None:
    first = scim.made_user("first", externalId="x-1")
    scim.made_user("second")
    monkeypatch.setattr(scim_service, "MAX_SCAN", 1)
    # What Okta and Entra send needs no scan; neither does a page without a filter.
    assert [u["id"] for u in scim.listed("/Users", filter='userName eq "FIRST"')] == [first["id"]]
    assert [u["id"] for u in scim.listed("/Users", filter='externalId eq "x-1"')] == [first["id"]]
    assert [u["id"] for u in scim.listed("/Users", filter=f'id eq "{first["id"]}"')] == [
        first["id"]
    ]
    assert len(scim.listed("/Users")) == 2
    scim_error(scim.get("/Users", params={"filter": "title pr"}), 400, "tooMany")
    # Groups read role holders, not users (test_groups: MAX_MEMBERS).
    assert scim.get("/Groups").status_code == 200


def test_each_write_is_one_transaction(
    scim: Scim, runtime: Runtime, write_transactions: list[str]
) -> None:
    scim.get("/Users")  # the token's first use is recorded: not part of what is counted
    write_transactions.clear()
    created = scim.made_user("whole", externalId="e-1", active=False, title="Intern")
    assert write_transactions == ["write"]
    assert (created["externalId"], created["active"]) == ("e-1", False)
    path = f"/Users/{created['id']}"
    changes = (
        {"op": "replace", "path": "title", "value": "Boss"},
        {"op": "replace", "path": "active", "value": True},
        {"op": "replace", "path": "externalId", "value": "e-2"},
    )
    write_transactions.clear()
    patched = scim.patch(path, *changes, headers={"If-Match": created["meta"]["version"]})
    assert patched.status_code == 200, patched.text
    assert write_transactions == ["write"]
    body = patched.json()
    assert (body["title"], body["active"], body["externalId"]) == ("Boss", True, "e-2")
    # One write, one new version, whatever it changed.
    assert patched.headers["etag"] == f'"{int(created["meta"]["version"].strip(chr(34))) + 1}"'
    write_transactions.clear()
    put = scim.put(path, json=user_body("whole", active=False, externalId="e-3"))
    assert put.status_code == 200, put.text
    assert write_transactions == ["write"]
    write_transactions.clear()
    assert scim.delete(path).status_code == 204
    assert write_transactions == ["write"]
    rows = [(row.action, row.changes) for row in audit_rows(runtime) if row.face == "scim"]
    assert rows == [
        ("user.create", rows[0][1]),
        ("user.suspend", {"status": ["Active", "Disabled"]}),
        ("user.update", {"external_id": ["e-1", "e-2"], "title": ["Intern", "Boss"]}),
        ("user.unsuspend", {"status": ["Disabled", "Active"]}),
        ("user.update", {"external_id": ["e-2", "e-3"], "title": ["Boss", None]}),
        ("user.suspend", {"status": ["Active", "Disabled"]}),
        ("user.delete", {"status": ["Disabled", "Deleted"]}),
    ]
    assert rows[0][1]["external_id"] == [None, "e-1"]
    assert rows[0][1]["status"] == [None, "Active"]


def test_a_write_that_fails_halfway_leaves_nothing(
    scim: Scim, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = scim.made_user("halfway", title="Before")
    path = f"/Users/{user['id']}"

    def broken(*args: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(ScimRepository, "set_external_id", broken)
    failed = scim.patch(
        path,
        {"op": "replace", "path": "title", "value": "After"},
        {"op": "add", "path": "externalId", "value": "e-1"},
    )
    scim_error(failed, 500)
    assert scim.get(path).json() == user  # the title did not change either
    scim_error(scim.post("/Users", json=user_body("never", externalId="e-2")), 500)
    assert scim.listed("/Users", filter='userName eq "never"') == []


@pytest.mark.parametrize(
    "text",
    ['userName eq "a\\u0000b"', 'externalId eq "\\u0000"', 'title co "\\u0007"',
     'userName eq "\\ud800"', 'emails[value eq "x\\u001f"]'],
)  # fmt: skip
def test_control_characters_in_filters_are_refused(scim: Scim, text: str) -> None:
    scim.made_user("someone", externalId="x")
    scim_error(scim.get("/Users", params={"filter": text}), 400, "invalidFilter")
    scim_error(scim.post("/Users/.search", json={"filter": text}), 400, "invalidFilter")


def test_user_name_filters_fold_like_user_names(scim: Scim) -> None:
    user = scim.made_user("jdoe")
    for text in ('userName eq "JDoe "', 'userName eq "\uff2a\uff24\uff4f\uff45"',
                 'userName eq " jdoe" and active eq true', 'userName sw " JD"'):  # fmt: skip
        assert [found["id"] for found in scim.listed("/Users", filter=text)] == [user["id"]], text
    # A PUT naming the user as the index knows it is no rename.
    same = scim.put(f"/Users/{user['id']}", json=user_body("JDOE ", emails=user["emails"]))
    assert same.status_code == 200, same.text


def test_head_answers_like_get_without_a_body(scim: Scim) -> None:
    user = scim.made_user("headed")
    for path in ("/Users", f"/Users/{user['id']}", "/Groups", "/ServiceProviderConfig"):
        got, head = scim.get(path), scim.call("HEAD", path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers.get("etag") == got.headers.get("etag")
    missing = scim.call("HEAD", "/Users/424242")
    assert (missing.status_code, missing.content) == (404, b"")
    refused = scim.call("PUT", "/Users")
    scim_error(refused, 405)
    assert refused.headers["allow"] == "GET, HEAD, POST"
