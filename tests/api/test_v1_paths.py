"""v1 URL shapes (spec 1.2, 1.3): case, doubled slashes, trailing slash, format segment."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    JSON_TYPE,
    XML_TYPE,
    call,
    create_user,
    credentials,
    details,
    envelope,
    session_token,
    user_fields,
    user_table,
    whoami,
    xml,
)

LOGON_PATHS = [
    "/REST//Auth/logon",
    "/REST/Auth/Logon",
    "/REST/Auth/Logon/",
    "/rest/auth/logon/json",
    "/REST/AUTH/LOGON/XML/",
    "/REST///Auth//Logon//",
]


def test_every_logon_spelling_logs_on(client: TestClient, root: IssuedCredentials) -> None:
    outcomes = {}
    for path in LOGON_PATHS:
        client.cookies.clear()
        response = client.post(path, json=credentials(root))
        token = bool(session_token(response))
        outcomes[path] = (response.status_code, envelope(response), token, whoami(client))
    assert outcomes == dict.fromkeys(LOGON_PATHS, (200, (True, "Login Successful", 0), True, 0))


FORMATS = {
    "JSON": JSON_TYPE,
    "json": JSON_TYPE,
    "Json/": JSON_TYPE,
    "XML": XML_TYPE,
    "xml/": XML_TYPE,
}


def test_format_segment_matches_without_regard_to_case(session: TestClient) -> None:
    create_user(session, "listed")
    for suffix, content_type in FORMATS.items():
        response = session.post(f"/REST/User/GetUsers/{suffix}", json={"AccountAlias": "ROOT"})
        assert response.status_code == 200
        assert response.headers["content-type"] == content_type, suffix
        assert envelope(response) == (True, "Users successfully located.", 0)
        if content_type == JSON_TYPE:
            names = [u["UserName"] for u in response.json()["Users"]]
        else:
            names = [u.get("UserName") for u in xml(response).iter("UserDetails")]
        assert names == ["listed"], suffix


def test_lower_case_area_and_method_and_doubled_slashes_reach_the_method(
    session: TestClient,
) -> None:
    response = session.post("/rest//user//getusers//json//", json={"AccountAlias": "root"})
    assert response.status_code == 200
    assert response.json()["StatusCode"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/REST/User/ResetPassword/JSON",
        "/REST/User/GetUsersByRole/JSON",
        "/REST/Nope/GetUsers/JSON",
        "/REST/User/GetUsers/YAML",
        "/REST/User/GetUsers/JSON/extra",
        "/REST/User/GetUsers.json",
        "/REST/User",
        "/SOAP/User/GetUsers/JSON",
    ],
)
def test_unknown_method_or_format_is_http_404(client: TestClient, path: str) -> None:
    response = client.post(path, json={"AccountAlias": "ROOT"})
    assert response.status_code == 404
    assert response.json() == {"Message": "No such API method."}


@pytest.mark.parametrize(
    "path", ["/REST/User/GetUsers/JSON", "/REST/Auth/Logon/", "/rest/account/getaccounts/xml"]
)
def test_other_verbs_are_405_with_allow_post(client: TestClient, path: str) -> None:
    for verb in ("GET", "PUT", "DELETE", "PATCH"):
        response = client.request(verb, path)
        assert response.status_code == 405, verb
        assert response.headers["allow"] == "POST"


def test_get_never_creates_a_user(session: TestClient, runtime: Runtime) -> None:
    before = user_table(runtime)
    response = session.get("/REST/User/CreateUser/JSON", params=user_fields("via-get"))
    assert response.status_code == 405
    assert user_table(runtime) == before
    reply = call(session, "GetUserDetails", AccountAlias="ROOT", UserName="via-get")
    assert reply["StatusCode"] == 1705


def test_get_never_changes_or_deletes_a_user(session: TestClient, runtime: Runtime) -> None:
    create_user(session, "kept", Title="Before")
    before = user_table(runtime)
    for method in ("SuspendUser", "DeleteUser"):
        response = session.get(f"/REST/User/{method}/JSON", params={"UserName": "kept"})
        assert response.status_code == 405
    changes = user_fields("kept", Title="After")
    assert session.get("/REST/User/UpdateUser/JSON", params=changes).status_code == 405
    assert user_table(runtime) == before
    assert details(session, "kept")["Status"] == "Active"
    assert details(session, "kept")["Title"] == "Before"


def test_get_on_logon_opens_no_session(client: TestClient, root: IssuedCredentials) -> None:
    response = client.get("/REST/Auth/Logon/", params=credentials(root))
    assert response.status_code == 405
    assert "set-cookie" not in response.headers
    assert whoami(client) == 100


def test_get_on_logout_keeps_the_session(session: TestClient) -> None:
    response = session.get("/REST/Auth/Logout/")
    assert response.status_code == 405
    assert "set-cookie" not in response.headers
    assert whoami(session) == 0
