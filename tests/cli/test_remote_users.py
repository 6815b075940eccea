"""``chamberlain users ...`` and ``audit ...`` on a server (the emulator), logged in as its
root API user."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok

pytestmark = pytest.mark.usefixtures("logged_in")

USER_FIELDS = [
    "user_name", "account_alias", "email", "first_name", "last_name", "alternate_email",
    "title", "office_number", "mobile_number", "fax_number", "saml_user_name", "time_zone_id",
    "allow_sms", "status", "roles", "version",
]  # fmt: skip


def _create(cli: Cli, alias: str, name: str, *extra: str) -> dict[str, Any]:
    made: dict[str, Any] = json.loads(
        ok(
            cli(
                "users",
                "create",
                "--account",
                alias,
                "--user-name",
                name,
                "--email",
                f"{name}@example.com",
                "--first-name",
                "Grace",
                "--last-name",
                "Hopper",
                *extra,
                "--json",
            )
        )
    )
    return made


def test_create_show_list_in_every_format(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    alias = chamberlain_server.root_alias
    made = _create(
        cli, alias, "jdoe", "--role", "Network Manager", "--role", "14", "--title", "CTO",
        "--allow-sms",
    )  # fmt: skip
    assert list(made) == USER_FIELDS
    assert (made["roles"], made["title"], made["allow_sms"], made["status"]) == (
        [12, 14],
        "CTO",
        True,
        "Active",
    )
    assert json.loads(ok(cli("users", "show", "JDOE", "--json"))) == made
    _create(cli, alias, "adoe")

    table = ok(cli("users", "list", "--account", alias)).splitlines()
    assert table[0].split() == [
        "USER",
        "ACCOUNT",
        "EMAIL",
        "FIRST",
        "NAME",
        "LAST",
        "NAME",
        "STATUS",
        "ROLES",
    ]
    assert table[1].split() == [
        "jdoe",
        alias,
        "jdoe@example.com",
        "Grace",
        "Hopper",
        "Active",
        "12",
        "14",
    ]
    assert table[2].split()[0] == "adoe"

    rows = list(
        csv.DictReader(io.StringIO(ok(cli("users", "list", "--account", alias, "--output", "csv"))))
    )
    assert list(rows[0]) == USER_FIELDS
    assert (rows[0]["roles"], rows[0]["allow_sms"], rows[1]["title"]) == ("12 14", "true", "")

    one = json.loads(ok(cli("users", "list", "--account", alias, "--limit", "1", "--json")))
    assert [u["user_name"] for u in one] == ["jdoe"]
    filtered = json.loads(
        ok(cli("users", "list", "--account", alias, "--role", "ServerOperator", "--json"))
    )
    assert [u["user_name"] for u in filtered] == ["jdoe"]
    shown = ok(cli("users", "show", "adoe")).splitlines()
    assert shown[0].split() == ["FIELD", "VALUE"]
    assert ["title", "-"] in [line.split() for line in shown]


def test_update_suspend_unsuspend_delete(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    alias = chamberlain_server.root_alias
    _create(cli, alias, "jdoe", "--title", "CTO", "--role", "12")
    changed = json.loads(
        ok(
            cli(
                "users",
                "update",
                "jdoe",
                "--clear",
                "title",
                "--role",
                "9",
                "--mobile-number",
                "+1 555",
                "--json",
            )
        )
    )
    assert (changed["title"], changed["roles"], changed["mobile_number"]) == (None, [9], "+1 555")
    assert changed["version"] == 2
    assert ok(cli("users", "update", "jdoe", "--clear", "roles")) == "Updated jdoe.\n"
    nothing = cli("users", "update", "jdoe")
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.stderr

    assert ok(cli("users", "suspend", "jdoe")) == "Suspended jdoe.\n"
    assert json.loads(ok(cli("users", "show", "jdoe", "--json")))["status"] == "Disabled"
    unsuspended = json.loads(ok(cli("users", "unsuspend", "jdoe", "--output", "json")))
    assert unsuspended["status"] == "Active"

    kept = cli("users", "delete", "jdoe", input="n\n")
    assert kept.exit_code == 1
    assert "Delete jdoe of" in kept.stderr
    assert ok(cli("users", "show", "jdoe"))
    assert ok(cli("users", "delete", "jdoe", "--yes")) == "Deleted jdoe.\n"
    gone = cli("users", "show", "jdoe")
    assert gone.exit_code == 5
    assert gone.stderr.startswith("Error: not found:")


def test_the_servers_refusals_exit_with_their_codes(
    cli: Cli, chamberlain_server: ChamberlainServer
) -> None:
    alias = chamberlain_server.root_alias
    _create(cli, alias, "jdoe")
    taken = cli(
        "users",
        "create",
        "--account",
        alias,
        "--user-name",
        "jdoe",
        "--email",
        "j@example.com",
        "--first-name",
        "J",
        "--last-name",
        "D",
    )
    assert taken.exit_code == 6
    assert taken.stderr.startswith("Error: conflict:")
    assert "user_exists" in taken.stderr
    invalid = cli(
        "users",
        "create",
        "--account",
        alias,
        "--user-name",
        "x",
        "--email",
        "not-an-address",
        "--first-name",
        "J",
        "--last-name",
        "D",
    )
    assert invalid.exit_code == 7
    assert "invalid_email" in invalid.stderr
    nowhere = cli("users", "list", "--account", "ZZZZ")
    assert nowhere.exit_code == 5
    usage = cli("users", "list")
    assert usage.exit_code == 2
    chamberlain_server.faults.fail_next(n=4, status=503, retry_after=0)
    unavailable = cli("users", "show", "jdoe")
    assert unavailable.exit_code == 8
    chamberlain_server.faults.fail_next(n=1, status=500)
    failed = cli("users", "show", "jdoe")
    assert failed.exit_code == 9
    assert failed.stderr.startswith("Error: server error:")


def test_invite_mails_the_user(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    _create(cli, chamberlain_server.root_alias, "jdoe")
    outbox = chamberlain_server.outbox
    assert len(outbox.to("jdoe@example.com")) == 1  # the invitation of a new user
    sent = json.loads(ok(cli("users", "invite", "jdoe", "--json")))
    assert list(sent) == ["user_name", "email", "expires_at"]
    assert (sent["user_name"], sent["email"]) == ("jdoe", "jdoe@example.com")
    assert datetime.fromisoformat(sent["expires_at"]) > datetime.now(UTC) + timedelta(days=6)
    assert len(outbox.to("jdoe@example.com")) == 2
    said = ok(cli("users", "invite", "jdoe"))
    assert said.startswith("Invited jdoe at jdoe@example.com; the link works until ")
    ok(cli("users", "suspend", "jdoe"))
    refused = cli("users", "invite", "jdoe")
    assert refused.exit_code == 7


def test_audit_list_and_tail(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    alias = chamberlain_server.root_alias
    for name in ("a1", "a2", "a3"):
        _create(cli, alias, name)
    ok(cli("users", "update", "a2", "--title", "Boss"))
    everything = json.loads(ok(cli("audit", "list", "--json")))
    ours = [e for e in everything if e["face"] == "rest"]
    assert [e["target"] for e in ours][-4:] == ["a1", "a2", "a3", "a2"]
    assert ours[-1]["changes"] == {"title": [None, "Boss"]}

    tail = json.loads(ok(cli("audit", "tail", "-n", "2", "--json")))
    assert tail == everything[-2:]
    about = json.loads(ok(cli("audit", "list", "--target", "a2", "--json")))
    assert [(e["target"], e["action"]) for e in about] == [
        ("a2", "user.create"),
        ("a2", "user.update"),
    ]
    table = ok(cli("audit", "tail", "-n", "1")).splitlines()
    assert table[0].split() == ["ID", "WHEN", "FACE", "ACTOR", "ACTION", "TARGET", "CHANGES"]
    assert table[1].endswith("title: None -> Boss")
    later = ok(cli("audit", "list", "--since", "2999-01-01", "--json"))
    assert json.loads(later) == []
    bad = cli("audit", "list", "--since", "yesterday")
    assert bad.exit_code == 2


def test_an_unknown_role_is_a_usage_error_that_lists_the_roles(
    cli: Cli, chamberlain_server: ChamberlainServer
) -> None:
    result = cli("users", "list", "--account", chamberlain_server.root_alias, "--role", "Boss")
    assert result.exit_code == 2
    assert "'Boss' is not a role" in result.stderr
    assert "9 (Account Administrator)" in result.stderr
