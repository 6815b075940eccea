"""``chamberlain roles``: the role catalogue and the permission matrix."""

from __future__ import annotations

import click

from chamberlain.cli.dual import catalogue
from chamberlain.cli.exit_codes import CliFailure, ExitCode
from chamberlain.cli.output import emit_one, emit_rows, field_names, output_options, record
from chamberlain.cli.remote import connect, server_of, server_options, target_of
from chamberlain.cli.target import DatabaseTarget
from chamberlain.client import Role
from chamberlain.domain.permissions import ROLE_PERMISSIONS, Permission
from chamberlain.domain.roles import CATALOGUE

_LIST_EPILOG = """\b
Target: as for the other commands of both kinds (`chamberlain api-users list --help`),
with this installation's catalogue in place of a database: a server when --profile,
--url, CHAMBERLAIN_URL or a saved login names one (a login only while
CHAMBERLAIN_DATABASE_URL is unset); otherwise this installation."""
_COLUMNS = (("ID", "id"), ("NAME", "name"), ("SDK NAME", "sdk_name"), ("V2 NAME", "v2_name"))


@click.group("roles")
def roles() -> None:
    """The fixed role catalogue.

    \b
    Examples:
      chamberlain roles list
      chamberlain roles show 9 --json
    """


@roles.command("list", epilog=_LIST_EPILOG)
@server_options
@output_options
def list_(*, profile: str | None, url: str | None, fmt: str) -> None:
    """List roles with their v1 id, clc-sdk name, v2 name and permissions: this
    installation's catalogue (no database needed), or a server's.

    \b
    Examples:
      chamberlain roles list
      chamberlain roles list --profile prod --json
    """
    target = target_of(None, profile, url)
    if isinstance(target, DatabaseTarget):
        found = catalogue()
    else:
        with connect(target) as api:
            found = api.roles.list()
    emit_rows(
        [record(r) for r in found],
        fmt,
        fields=field_names(Role),
        columns=_COLUMNS,
    )


@roles.command("show")
@click.argument("role_id", type=int)
@server_options
@output_options
def show(*, role_id: int, profile: str | None, url: str | None, fmt: str) -> None:
    """Show one role of a server's catalogue and every permission it grants.

    \b
    Examples:
      chamberlain roles show 9
      chamberlain roles show 9 --json
    """
    with connect(server_of(profile, url)) as api:
        found = {role.id: role for role in api.roles.list()}
    if role_id not in found:
        known = ", ".join(str(i) for i in sorted(found))
        raise CliFailure(f"no role {role_id}; the roles are {known}", ExitCode.NOT_FOUND)
    emit_one(record(found[role_id]), fmt)


# The no-escalation rule and how it relates to the original system (docs/security.md has
# the findings that led to it).
_RULE = (
    "## Who holds what",
    "",
    "- A **person-user** holds the union of its roles' permissions (the matrix below) on its",
    "  own account and every sub-account; roles do not inherit from one another.",
    "- An **API user** holds the permissions it was created with. One created by an operator",
    "  (`chamberlain init`, the local CLI) or by a full-power API user holds every permission",
    "  inside its tree, as every API user did in the original v1 service, so existing scripts",
    "  keep working unchanged. One created by a person-user holds that person's permissions;",
    "  a rotated key's successor holds the old key's. `GET /api/me` and the API-user lists",
    "  show them (`permissions: null` is full power).",
    "",
    "## No escalation",
    "",
    "An actor never obtains, for itself or for an identity it creates, controls or can sign",
    "in as, a permission it does not hold:",
    "",
    "- it grants or revokes a role only when it holds every permission of that role, and",
    "  never changes its own roles;",
    "- an API user it creates holds at most its permissions; it rotates, disables, enables",
    "  or deletes only API users whose permissions it holds;",
    "- it changes, suspends, deletes, invites or sets the password of only users whose",
    "  permissions it holds (so it can never point another user's mail at itself);",
    "- it issues SCIM tokens only when it may grant every role, since a token can.",
    "",
    "In the original system the Security Manager could manage users, permissions and API",
    "users, and every API user acted as an Account Administrator: a Security Manager could",
    "therefore mint itself an Account Administrator's power. chamberlain keeps what the",
    "Security Manager may do (manage users, API users and account settings) but bounds it by",
    "the rule above: it manages users and API users holding at most its own permissions, and",
    "an Account Administrator stays out of its reach.",
)


def matrix_markdown() -> str:
    """The role -> permission matrix as the Markdown page ``docs/roles.md``."""
    header = ["Permission", *(str(role.id) for role in CATALOGUE)]
    lines = [
        "# Roles and permissions",
        "",
        "Generated by `chamberlain roles matrix` from `src/chamberlain/domain/permissions.py`;",
        "do not edit by hand.",
        "",
        *_RULE,
        "",
        "| Id | Role | clc-sdk name | v2 login name |",
        "| --- | --- | --- | --- |",
        *(
            f"| {r.id} | {r.name} | {r.sdk_name or '(none: the SDK maps 15 to None)'} "
            f"| {r.v2_name} |"
            for r in CATALOGUE
        ),
        "",
        "| " + " | ".join(header) + " |",
        "|" + " --- |" * len(header),
    ]
    for permission in Permission:
        marks = ["yes" if permission in ROLE_PERMISSIONS[role.id] else "" for role in CATALOGUE]
        lines.append("| `" + permission.value + "` | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"


@roles.command("matrix")
def matrix() -> None:
    """Print the role -> permission matrix as Markdown (the source of docs/roles.md).

    \b
    Examples:
      chamberlain roles matrix > docs/roles.md
    """
    click.echo(matrix_markdown(), nl=False)
