"""``chamberlain accounts custom-fields`` and ``chamberlain roles``.

Happy paths run as a user runs them (a new process); refusals run in-process through
click's runner, which exits with the same codes.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from chamberlain.cli.main import main
from chamberlain.domain.audit import Actor
from chamberlain.domain.permissions import ROLE_PERMISSIONS
from chamberlain.domain.roles import CATALOGUE
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.runtime import Runtime
from tests.support.live_server import chamberlain

DOCS_ROLES = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _fields_cli(database_url: str, cwd: Path, *args: str) -> str:
    """Run ``chamberlain accounts custom-fields ARGS`` in a new process; its stdout."""
    return _ok(chamberlain("accounts", "custom-fields", *args, database_url=database_url, cwd=cwd))


def _invoke(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["accounts", "custom-fields", *args, "--database-url", database_url]
    )


def _get_custom_fields(session: TestClient, alias: str) -> dict[str, Any]:
    reply = session.post("/REST/Account/GetCustomFields/JSON", json={"AccountAlias": alias})
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


def test_option_field_is_listed_and_served_by_get_custom_fields(
    database_url: str, tmp_path: Path, session: TestClient
) -> None:
    option = ["--type", "option", "--option", "North=N", "--option", "South=S=s"]
    added = _fields_cli(
        database_url, tmp_path, "add", "--account", "root", "--name", "Cost centre", *option,
        "--required",
    )  # fmt: skip
    match = re.fullmatch(rf"Defined Cost centre \(({UUID})\)\.\n", added)
    assert match, added
    uuid = match.group(1)
    assert _invoke(database_url, "add", "--account", "ROOT", "--name", "Agreed").exit_code == 0

    listed = json.loads(_fields_cli(database_url, tmp_path, "list", "--account", "ROOT", "--json"))
    assert listed == [
        {
            "UUID": uuid,
            "Name": "Cost centre",
            "Type": "Option",
            "IsRequired": True,
            "Options": [["North", "N"], ["South", "S=s"]],
        },
        {
            "UUID": listed[1]["UUID"],
            "Name": "Agreed",
            "Type": "Text",
            "IsRequired": False,
            "Options": [],
        },
    ]

    body = _get_custom_fields(session, "root")
    assert body["StatusCode"] == 0
    assert body["Message"] == "Custom Fields retrieved successfully."
    assert body["AccountCustomFields"] == [
        {
            "ID": -1,
            "CustomFieldTypeID": -1,
            "UUID": uuid,
            "CustomFieldType": "Option",
            "Name": "Cost centre",
            "IsRequired": True,
            "AccountCustomFieldOptions": [
                {"Name": "North", "Value": "N"},
                {"Name": "South", "Value": "S=s"},
            ],
        },
        {
            "ID": -1,
            "CustomFieldTypeID": -1,
            "UUID": listed[1]["UUID"],
            "CustomFieldType": "Text",
            "Name": "Agreed",
            "IsRequired": False,
            "AccountCustomFieldOptions": None,
        },
    ]


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (("--name", "Region", "--type", "Option"), 1, "needs options"),
        (("--name", "Size", "--option", "S=s"), 1, "needs options"),
        (("--name", "Region", "--type", "Option", "--option", "North"), 2, "NAME=VALUE"),
        (("--name", "Region", "--type", "Date"), 2, "Date"),
        (("--name", "   "), 1, "name"),
    ],
    ids=["option-without-options", "text-with-options", "bad-pair", "bad-type", "blank-name"],
)
def test_invalid_definitions_are_refused(
    database_url: str, session: TestClient, args: tuple[str, ...], code: int, reason: str
) -> None:
    result = _invoke(database_url, "add", "--account", "ROOT", *args)
    assert result.exit_code == code, result.output
    assert reason in result.output
    assert "Traceback" not in result.output
    assert _get_custom_fields(session, "ROOT")["AccountCustomFields"] == []


def test_a_name_is_unique_within_an_account_only(
    database_url: str, runtime: Runtime, root_actor: Actor, session: TestClient
) -> None:
    create_sub_account(runtime, root_actor, parent_alias="ROOT", alias="SUB", business_name="Sub")
    assert _invoke(database_url, "add", "--account", "ROOT", "--name", "Team").exit_code == 0
    again = _invoke(database_url, "add", "--account", "ROOT", "--name", "Team", "--required")
    assert again.exit_code == 1, again.output
    assert "already defined" in again.output
    assert "database error" not in again.output
    assert _invoke(database_url, "add", "--account", "SUB", "--name", "Team").exit_code == 0
    assert len(_get_custom_fields(session, "ROOT")["AccountCustomFields"]) == 1
    assert len(_get_custom_fields(session, "SUB")["AccountCustomFields"]) == 1

    unknown = _invoke(database_url, "list", "--account", "ZZZZ")
    assert unknown.exit_code == 1
    assert "ZZZZ" in unknown.output


def test_roles_matrix_is_the_committed_docs_page(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'unused.sqlite'}"
    printed = _ok(chamberlain("roles", "matrix", database_url=url, cwd=tmp_path))
    assert printed == DOCS_ROLES.read_text(encoding="utf-8")


def test_roles_list_json_carries_every_name_of_every_role() -> None:
    result = CliRunner().invoke(main, ["roles", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows == [
        {
            "id": role.id,
            "name": role.name,
            "sdk_name": role.sdk_name,
            "v2_name": role.v2_name,
            "permissions": sorted(ROLE_PERMISSIONS[role.id]),
        }
        for role in CATALOGUE
    ]
    assert [row["v2_name"] for row in rows if row["id"] in (9, 10, 12)] == [
        "AccountAdmin",
        "AccountViewer",
        "NetworkAdmin",
    ]
