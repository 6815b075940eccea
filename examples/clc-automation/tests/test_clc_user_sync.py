"""The roster sync against an emulated chamberlain: the real v1 server, one per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from clc_user_sync import Retrying, SyncFailed, main, read_roster, sync_users

from chamberlain.testing import ChamberlainServer

RosterWriter = Callable[..., Path]
NO_PAUSE = Retrying(pause=0)

JANE = "jane@example.com,jane@example.com,Jane,Doe,NetworkManager;ServerOperator"
OMAR = "omar@example.com,omar@example.com,Omar,Haddad,AccountViewer"


def _status(clc_sdk: ModuleType, user: str) -> str:
    status: str = clc_sdk.v1.User.GetUserDetails(user)["Status"]
    return status


def test_missing_users_are_created_with_their_roles(
    clc_sdk: ModuleType, write_roster: RosterWriter
) -> None:
    report = sync_users(read_roster(write_roster(JANE, OMAR)), retrying=NO_PAUSE)
    assert report.created == ["jane@example.com", "omar@example.com"]
    jane = clc_sdk.v1.User.GetUserDetails("jane@example.com")
    assert (jane["FirstName"], jane["Status"]) == ("Jane", "Active")
    assert sorted(jane["Roles"]) == ["NetworkManager", "ServerOperator"]


@pytest.mark.usefixtures("clc_sdk")
def test_a_second_run_changes_nothing(write_roster: RosterWriter) -> None:
    roster = read_roster(write_roster(JANE, OMAR))
    sync_users(roster, retrying=NO_PAUSE)
    assert sync_users(roster, retrying=NO_PAUSE).summary() == (
        "created 0, updated 0, unsuspended 0, suspended 0"
    )


def test_changes_returns_and_departures(clc_sdk: ModuleType, write_roster: RosterWriter) -> None:
    users = clc_sdk.v1.User
    users.CreateUser("jane@example.com", "jane@example.com", "Jane", "Doe", ["AccountViewer"])
    users.CreateUser("omar@example.com", "omar@example.com", "Omar", "Haddad", ["AccountViewer"])
    users.SuspendUser("omar@example.com")
    users.CreateUser("left@example.com", "left@example.com", "Lee", "Left", ["DNSManager"])

    report = sync_users(read_roster(write_roster(JANE, OMAR)), retrying=NO_PAUSE)

    assert report.updated == ["jane@example.com"]
    assert report.unsuspended == ["omar@example.com"]
    assert report.suspended == ["left@example.com"]
    assert sorted(users.GetUserDetails("jane@example.com")["Roles"]) == [
        "NetworkManager",
        "ServerOperator",
    ]
    assert _status(clc_sdk, "omar@example.com") == "Active"
    assert _status(clc_sdk, "left@example.com") == "Disabled"


@pytest.mark.usefixtures("clc_sdk")
def test_an_outage_is_retried(
    write_roster: RosterWriter, chamberlain_server: ChamberlainServer
) -> None:
    chamberlain_server.faults.fail_next(2, status=503, target="User/CreateUser")
    report = sync_users(read_roster(write_roster(JANE)), retrying=NO_PAUSE)
    assert report.created == ["jane@example.com"]
    assert chamberlain_server.faults.failures_left == 0


@pytest.mark.usefixtures("clc_sdk")
def test_an_expired_session_is_survived(
    write_roster: RosterWriter, chamberlain_server: ChamberlainServer
) -> None:
    sync_users(read_roster(write_roster(JANE)), retrying=NO_PAUSE)
    chamberlain_server.expire_sessions()
    report = sync_users(read_roster(write_roster(JANE, OMAR)), retrying=NO_PAUSE)
    assert report.created == ["omar@example.com"]


@pytest.mark.usefixtures("clc_sdk")
def test_a_refused_logon_is_survived(
    write_roster: RosterWriter, chamberlain_server: ChamberlainServer
) -> None:
    chamberlain_server.faults.fail_logon(1)
    report = sync_users(read_roster(write_roster(JANE)), retrying=NO_PAUSE)
    assert report.created == ["jane@example.com"]
    assert chamberlain_server.faults.logon_failures_left == 0


def test_it_gives_up_after_the_last_attempt(
    clc_sdk: ModuleType, write_roster: RosterWriter, chamberlain_server: ChamberlainServer
) -> None:
    chamberlain_server.faults.fail_next(3, status=500, target="User/GetUsers")
    with pytest.raises(SyncFailed, match="GetUsers failed 3 times"):
        sync_users(read_roster(write_roster(JANE)), retrying=NO_PAUSE)
    assert clc_sdk.v1.User.GetUsers() == []


@pytest.mark.usefixtures("clc_sdk")  # puts back the SDK globals that main() sets
def test_the_command_line(
    write_roster: RosterWriter,
    chamberlain_server: ChamberlainServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("V1_API_KEY", chamberlain_server.api_key)
    monkeypatch.setenv("V1_API_PASSWD", chamberlain_server.password)
    roster = str(write_roster(JANE))
    assert main([roster, "--endpoint", chamberlain_server.v1_url]) == 0
    assert capsys.readouterr().out == "created 1, updated 0, unsuspended 0, suspended 0\n"
    monkeypatch.delenv("V1_API_PASSWD")
    assert main([roster]) == 2
    assert "V1_API_PASSWD" in capsys.readouterr().err


def test_at_least_one_attempt_is_needed() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Retrying(attempts=0)


def test_unknown_roles_are_refused_before_any_call(write_roster: RosterWriter) -> None:
    with pytest.raises(ValueError, match="unknown roles"):
        read_roster(write_roster("x@example.com,x@example.com,X,Y,Superuser"))
