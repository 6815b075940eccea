"""``chamberlain accounts ...`` on a server (the emulator), logged in as its root API user."""

from __future__ import annotations

import csv
import io
import json

import pytest

from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok

pytestmark = pytest.mark.usefixtures("logged_in")

ADDRESS = (
    "--address1", "1 Main Street", "--city", "Seattle", "--state-province", "WA",
    "--postal-code", "98101", "--country", "US", "--telephone", "+1 206 555 0100",
)  # fmt: skip


def _tree(cli: Cli, root: str) -> None:
    """ROOT > ACME (with an address) > SUB1 (inherits it), and ROOT > OTHR."""
    ok(cli("accounts", "create", "--parent", root, "--alias", "ACME", "--name", "Acme", *ADDRESS))
    ok(cli("accounts", "create", "--parent", "ACME", "--alias", "SUB1", "--name", "Sub"))
    ok(
        cli(
            "accounts",
            "create",
            "--parent",
            root,
            "--alias",
            "OTHR",
            "--name",
            "Other",
            *ADDRESS,
            "--billing-responsibility",
            "parent",
        )
    )


def test_create_copies_what_it_is_not_given_from_the_parent(
    cli: Cli, chamberlain_server: ChamberlainServer
) -> None:
    root = chamberlain_server.root_alias
    bare = cli("accounts", "create", "--parent", root, "--alias", "ACME", "--name", "Acme")
    assert bare.exit_code == 7  # the root account has no address to copy
    assert "address1: Field required" in bare.stderr
    said = ok(
        cli("accounts", "create", "--parent", root, "--alias", "ACME", "--name", "Acme", *ADDRESS)
    )
    assert said == f"Created ACME below {root}.\n"
    sub = json.loads(
        ok(
            cli(
                "accounts",
                "create",
                "--parent",
                "acme",
                "--alias",
                "SUB1",
                "--name",
                "Sub",
                "--city",
                "Tacoma",
                "--json",
            )
        )
    )
    assert (sub["alias"], sub["parent_alias"], sub["business_name"]) == ("SUB1", "ACME", "Sub")
    assert (sub["address1"], sub["city"], sub["location"]) == ("1 Main Street", "Tacoma", "WA1")
    again = cli("accounts", "create", "--parent", root, "--alias", "ACME", "--name", "x", *ADDRESS)
    assert again.exit_code == 6
    assert "account_exists" in again.stderr


def test_list_show_tree(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    root = chamberlain_server.root_alias
    _tree(cli, root)
    mine = json.loads(ok(cli("accounts", "list", "--json")))
    assert [a["alias"] for a in mine] == ["ACME", "OTHR"]
    assert mine[1]["billing_responsibility"] == "parent"
    assert [a["alias"] for a in json.loads(ok(cli("accounts", "list", "ACME", "--json")))] == [
        "SUB1"
    ]
    table = ok(cli("accounts", "list")).splitlines()
    assert table[0].split() == ["ALIAS", "PARENT", "NAME", "LOCATION", "STATUS"]
    assert table[1].split() == ["ACME", root, "Acme", "WA1", "Active"]
    shown = json.loads(ok(cli("accounts", "show", "sub1", "--json")))
    assert (shown["alias"], shown["version"]) == ("SUB1", 1)

    assert ok(cli("accounts", "tree")).splitlines() == [
        f"{root}  Root account  (Active)",
        "├── ACME  Acme  (Active)",
        "│   └── SUB1  Sub  (Active)",
        "└── OTHR  Other  (Active)",
    ]
    nested = json.loads(ok(cli("accounts", "tree", "--json")))
    assert [c["alias"] for c in nested["children"]] == ["ACME", "OTHR"]
    assert nested["children"][0]["children"][0]["alias"] == "SUB1"
    assert nested["children"][0]["children"][0]["children"] == []
    flat = list(csv.DictReader(io.StringIO(ok(cli("accounts", "tree", "ACME", "--output", "csv")))))
    assert [(r["depth"], r["alias"], r["parent_alias"]) for r in flat] == [
        ("0", "ACME", root),
        ("1", "SUB1", "ACME"),
    ]
    assert cli("accounts", "show", "NOPE").exit_code == 5


def test_update_suspend_enable(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    _tree(cli, chamberlain_server.root_alias)
    changed = json.loads(
        ok(
            cli(
                "accounts",
                "update",
                "ACME",
                "--name",
                "Acme Ltd",
                "--fax",
                "+1 206 555 0101",
                "--share-parent-networks",
                "--json",
            )
        )
    )
    assert (changed["business_name"], changed["fax"], changed["share_parent_networks"]) == (
        "Acme Ltd",
        "+1 206 555 0101",
        True,
    )
    cleared = json.loads(ok(cli("accounts", "update", "ACME", "--clear", "fax", "--json")))
    assert (cleared["fax"], cleared["business_name"]) == (None, "Acme Ltd")
    assert cli("accounts", "update", "ACME").exit_code == 2

    assert ok(cli("accounts", "suspend", "ACME")) == "Suspended ACME (status Disabled).\n"
    assert json.loads(ok(cli("accounts", "show", "SUB1", "--json")))["status"] == "Active"
    enabled = json.loads(ok(cli("accounts", "enable", "ACME", "--json")))
    assert enabled["status"] == "Active"
