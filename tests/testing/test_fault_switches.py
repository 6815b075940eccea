"""Fault switches on the wire: each face answers a fault in its own shape."""

from __future__ import annotations

import time
from types import ModuleType
from xml.etree.ElementTree import fromstring

import pytest
import requests

from chamberlain.api.v2.login import BAD_CREDENTIALS
from chamberlain.testing import ChamberlainServer
from tests.rest.rest import PROBLEM_KEYS, PROBLEM_TYPE
from tests.testing.conftest import v1_call, v1_logon

UNKNOWN_ERROR = {"Success": False, "Message": "Unknown Error", "StatusCode": 2}


@pytest.mark.parametrize(("status", "retry_after"), [(503, "1"), (429, "1"), (500, None)])
def test_a_v1_call_gets_the_envelope_with_status_code_2(
    chamberlain_server: ChamberlainServer,
    http: requests.Session,
    status: int,
    retry_after: str | None,
) -> None:
    v1_logon(http, chamberlain_server)
    chamberlain_server.faults.fail_next(status=status)
    reply = v1_call(http, chamberlain_server, "User/GetUsers")
    assert reply.status_code == status
    assert reply.json() == UNKNOWN_ERROR
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    assert reply.headers.get("retry-after") == retry_after
    assert len(reply.headers["x-request-id"]) == 32
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert v1_call(http, chamberlain_server, "User/GetUsers").json()["StatusCode"] == 0


def test_a_format_less_v1_call_gets_xml_under_the_methods_root(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    chamberlain_server.faults.fail_next(status=503, retry_after=30)
    reply = http.post(f"{chamberlain_server.v1_url}User/GetUsers/")
    assert reply.status_code == 503
    assert reply.headers["retry-after"] == "30"
    root = fromstring(reply.content)
    assert root.tag == "UserListResponse"
    assert root.attrib == {"Success": "false", "Message": "Unknown Error", "StatusCode": "2"}


def test_clc_sdk_sees_a_failure_and_its_next_call_succeeds(
    clc_sdk: ModuleType, chamberlain_server: ChamberlainServer
) -> None:
    clc_sdk.v1.Account.GetAccounts()
    chamberlain_server.faults.fail_next(status=503)
    with pytest.raises(Exception, match="Server response 503"):
        clc_sdk.v1.User.GetUsers()
    assert clc_sdk.v1.User.GetUsers() == []
    assert chamberlain_server.faults.failures_left == 0


def _problem(reply: requests.Response, status: int, code: str) -> None:
    assert reply.status_code == status
    assert reply.headers["content-type"] == PROBLEM_TYPE
    body = reply.json()
    assert PROBLEM_KEYS <= body.keys()
    assert (body["status"], body["code"]) == (status, code)
    assert body["request_id"] == reply.headers["x-request-id"]


def test_the_rest_face_answers_problems_and_a_crash_problem(
    chamberlain_server: ChamberlainServer, http: requests.Session, bearer: dict[str, str]
) -> None:
    me = f"{chamberlain_server.base_url}/api/me"
    chamberlain_server.faults.fail_next(status=429, retry_after=4)
    chamberlain_server.faults.fail_next(status=503)
    chamberlain_server.faults.fail_next(status=500)
    throttled = http.get(me, headers=bearer)
    _problem(throttled, 429, "throttled")
    assert throttled.headers["retry-after"] == "4"
    unavailable = http.get(me, headers=bearer)
    _problem(unavailable, 503, "service_unavailable")
    assert unavailable.headers["retry-after"] == "1"
    crashed = http.get(me, headers=bearer)
    assert crashed.status_code == 500
    assert crashed.json()["code"] == "internal_error"
    assert crashed.json()["request_id"] == crashed.headers["X-Request-ID"]
    assert "retry-after" not in crashed.headers
    assert http.get(me, headers=bearer).status_code == 200


def test_scim_gets_a_scim_error(chamberlain_server: ChamberlainServer) -> None:
    chamberlain_server.faults.fail_next(status=503, target="/scim/v2/*")
    reply = requests.get(f"{chamberlain_server.base_url}/scim/v2/Users", timeout=10)
    assert reply.status_code == 503
    assert reply.headers["content-type"] == "application/scim+json"
    body = reply.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == "503"


def test_v2_login_and_other_paths_get_a_short_message(
    chamberlain_server: ChamberlainServer,
) -> None:
    chamberlain_server.faults.fail_next(2, status=503)
    login = requests.post(
        f"{chamberlain_server.base_url}/v2/authentication/login",
        json={"username": "x", "password": "y"},
        timeout=10,
    )
    assert (login.status_code, login.json()) == (503, {"message": "Service Unavailable"})
    health = requests.get(f"{chamberlain_server.base_url}/healthz", timeout=10)
    assert (health.status_code, health.text) == (503, "Service Unavailable")


def test_a_targeted_failure_leaves_other_calls_alone(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    v1_logon(http, chamberlain_server)
    chamberlain_server.faults.fail_next(status=500, target="User/GetUsers")
    assert v1_call(http, chamberlain_server, "Account/GetAccounts").json()["StatusCode"] == 0
    assert v1_call(http, chamberlain_server, "User/GetUsers").status_code == 500


def test_a_slow_method_is_held_back(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    v1_logon(http, chamberlain_server)
    chamberlain_server.faults.slow("User/GetUsers", 300)
    started = time.monotonic()
    reply = v1_call(http, chamberlain_server, "User/GetUsers")
    assert time.monotonic() - started >= 0.3
    assert reply.json()["StatusCode"] == 0


def test_a_refused_v1_logon_looks_like_a_wrong_password(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    """clc-sdk's logon: query string, empty body, XML reply."""
    chamberlain_server.faults.fail_logon()
    url = f"{chamberlain_server.v1_url}/Auth/logon"
    credentials = {"APIKey": chamberlain_server.api_key, "Password": chamberlain_server.password}
    refused = http.post(url, params=credentials)
    assert refused.status_code == 200
    root = fromstring(refused.content)
    assert root.tag == "LogonResponse"
    assert root.attrib["StatusCode"] == "100"
    assert "set-cookie" not in refused.headers
    accepted = http.post(url, params=credentials)
    assert fromstring(accepted.content).attrib["StatusCode"] == "0"


def test_refused_token_requests_and_v2_logins(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    chamberlain_server.faults.fail_logon(2)
    token = http.post(
        f"{chamberlain_server.base_url}/api/auth/token",
        json={"api_key": chamberlain_server.api_key, "password": chamberlain_server.password},
    )
    _problem(token, 401, "authentication_failed")
    login = http.post(
        f"{chamberlain_server.base_url}/v2/authentication/login",
        json={"username": "anyone", "password": "anything"},
    )
    assert (login.status_code, login.json()) == (400, {"message": BAD_CREDENTIALS})


def test_emulated_refusals_do_not_lock_the_key_out(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    """Five real failures are free, the sixth locks the key: these six are not counted."""
    chamberlain_server.faults.fail_logon(6)
    for _ in range(6):
        reply = http.post(
            f"{chamberlain_server.v1_url}Auth/Logon/JSON",
            json={"APIKey": chamberlain_server.api_key, "Password": chamberlain_server.password},
        )
        assert reply.json()["StatusCode"] == 100
    v1_logon(http, chamberlain_server)


def test_expired_sessions_end_every_kind_of_session(
    chamberlain_server: ChamberlainServer,
    http: requests.Session,
    bearer: dict[str, str],
    clc_sdk: ModuleType,
) -> None:
    clc_sdk.v1.User.CreateUser("jdoe", "jdoe@example.com", "Jane", "Doe", ["AccountViewer"])
    chamberlain_server.set_password("jdoe", "a long enough password")
    login = http.post(
        f"{chamberlain_server.base_url}/v2/authentication/login",
        json={"username": "jdoe", "password": "a long enough password"},
    )
    person = {"Authorization": f"Bearer {login.json()['bearerToken']}"}
    v1_logon(http, chamberlain_server)
    me = f"{chamberlain_server.base_url}/api/me"
    assert http.get(me, headers=person).status_code == 200

    chamberlain_server.expire_sessions()

    assert v1_call(http, chamberlain_server, "User/GetUsers").json()["StatusCode"] == 100
    assert http.get(me, headers=bearer).status_code == 401
    assert http.get(me, headers=person).status_code == 401
    v1_logon(http, chamberlain_server)
    assert v1_call(http, chamberlain_server, "User/GetUsers").json()["StatusCode"] == 0
    # clc-sdk logs on again by itself after a StatusCode 100.
    chamberlain_server.expire_sessions()
    with pytest.raises(Exception, match="Error calling"):
        clc_sdk.v1.User.GetUsers()
    assert [user["UserName"] for user in clc_sdk.v1.User.GetUsers()] == ["jdoe"]
