"""``chamberlain accounts list|show|update|suspend|enable|tree`` and the server side of
``accounts create``: accounts on a server, through the SDK.

``accounts tree`` is built here from ``listChildAccounts``, one request per account (the
REST face has no tree operation; a tree of a few hundred accounts is a few seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from chamberlain.cli.output import (
    emit_changed,
    emit_one,
    emit_rows,
    field_names,
    record,
)
from chamberlain.cli.remote import connect, object_command, remote_options, server_of
from chamberlain.client import Account, Client

if TYPE_CHECKING:
    from chamberlain.client import AccountChanges, NewAccount

F = TypeVar("F", bound=Callable[..., Any])

# An account's address and time zone: option help by field.
CONTACT_FIELDS = {
    "address1": "Street address.",
    "address2": "Second address line.",
    "city": "City.",
    "state_province": "State or province.",
    "postal_code": "Postal code.",
    "country": "Country, e.g. US.",
    "telephone": "Telephone number.",
    "fax": "Fax number.",
    "time_zone": "Time zone, e.g. Pacific Standard Time.",
}
# What a new sub-account takes from its parent when the command leaves it out.
INHERITED = ("location", *CONTACT_FIELDS)
_COLUMNS = (
    ("ALIAS", "alias"), ("PARENT", "parent_alias"), ("NAME", "business_name"),
    ("LOCATION", "location"), ("STATUS", "status"),
)  # fmt: skip


share_parent_networks_option = click.option(
    "--share-parent-networks/--no-share-parent-networks",
    default=None,
    help="Whether the account uses its parent's networks.",
)


def contact_options(command: F) -> F:
    """An account's address and time zone, as options (``--city``, ``--time-zone``...)."""
    for name, text in reversed(CONTACT_FIELDS.items()):
        command = click.option(f"--{name.replace('_', '-')}", name, help=text)(command)
    return command


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def create_remote(api: Client, parent_alias: str, fields: dict[str, Any]) -> Account:
    """Create a sub-account; location, address and time zone left out are the parent's
    (as the local command does), and the server refuses what is still missing."""
    parent = api.accounts.get(parent_alias)
    inherited = {name: getattr(parent, name) for name in INHERITED}
    account = cast("NewAccount", {**_given(inherited), **_given(fields)})
    return api.accounts.create(parent.alias, **account)


def caller_account(api: Client, alias: str | None) -> str:
    """``alias``, or the caller's own account."""
    if alias is not None:
        return alias
    me = api.me.get()
    if me.account_alias is None:
        raise click.UsageError("name an account: yours is not known to the server")
    return me.account_alias


@click.command("list")
@click.argument("alias", required=False)
@remote_options
def list_accounts(*, alias: str | None, fmt: str, profile: str | None, url: str | None) -> None:
    """List the direct sub-accounts of ALIAS (by default, of your own account).

    \b
    Examples:
      chamberlain accounts list
      chamberlain accounts list ACME --output csv
    """
    with connect(server_of(profile, url)) as api:
        children = api.accounts.list_children(caller_account(api, alias))
    emit_rows(
        [record(a) for a in children],
        fmt,
        fields=field_names(Account),
        columns=_COLUMNS,
    )


show_account = object_command(
    "show",
    argument="alias",
    summary="Show one account of your tree.",
    example="chamberlain accounts show ACME",
    call=lambda api, alias: api.accounts.get(alias),
)


@click.command("update")
@click.argument("alias")
@click.option("--name", "business_name", help="Business name.")
@contact_options
@share_parent_networks_option
@click.option(
    "--clear",
    "cleared",
    multiple=True,
    type=click.Choice(["address2", "fax"]),
    help="Empty an optional field (repeat for more).",
)
@remote_options
def update_account(
    *,
    alias: str,
    cleared: tuple[str, ...],
    fmt: str,
    profile: str | None,
    url: str | None,
    **fields: Any,
) -> None:
    """Change an account's details; fields not given keep their values.

    \b
    Examples:
      chamberlain accounts update ACME --name "Acme Widgets Ltd" --telephone "+1 206 555 0199"
      chamberlain accounts update ACME --clear fax
    """
    changes = {**_given(fields), **dict.fromkeys(cleared)}
    if not changes:
        raise click.UsageError("nothing to change: give a field option or --clear")
    with connect(server_of(profile, url)) as api:
        account = api.accounts.update(alias, **cast("AccountChanges", changes))
    emit_changed(record(account), fmt, f"Updated {account.alias}.")


suspend_account = object_command(
    "suspend",
    argument="alias",
    summary="Suspend a sub-account: its API users and those below can no longer log on; "
    "nothing is deleted.",
    example="chamberlain accounts suspend ACME",
    call=lambda api, alias: api.accounts.suspend(alias),
    said=lambda account: f"Suspended {account.alias} (status {account.status}).",
)
enable_account = object_command(
    "enable",
    argument="alias",
    summary="Put a suspended sub-account back in service.",
    example="chamberlain accounts enable ACME",
    call=lambda api, alias: api.accounts.enable(alias),
    said=lambda account: f"Enabled {account.alias} (status {account.status}).",
)


def _subtree(api: Client, account: Account) -> dict[str, object]:
    children = api.accounts.list_children(account.alias)
    return {**record(account), "children": [_subtree(api, child) for child in children]}


_INNER = {"": "", "├── ": "│   ", "└── ": "    "}


def _tree_lines(node: dict[str, Any], prefix: str = "", branch: str = "") -> Iterator[str]:
    """``ALIAS  Business name  (Status)`` per account, with box-drawing branches."""
    yield f"{prefix}{branch}{node['alias']}  {node['business_name']}  ({node['status']})"
    inner = prefix + _INNER[branch]
    children = node["children"]
    for i, child in enumerate(children):
        yield from _tree_lines(child, inner, "└── " if i == len(children) - 1 else "├── ")


def _flat(node: dict[str, Any], depth: int = 0) -> Iterator[dict[str, object]]:
    yield {"depth": depth, **{k: v for k, v in node.items() if k != "children"}}
    for child in node["children"]:
        yield from _flat(child, depth + 1)


@click.command("tree")
@click.argument("alias", required=False)
@remote_options
def account_tree(*, alias: str | None, fmt: str, profile: str | None, url: str | None) -> None:
    """Show ALIAS (by default your own account) and every account below it. JSON nests
    each account's `children`; CSV lists the accounts depth first with their `depth`.

    \b
    Examples:
      chamberlain accounts tree
      chamberlain accounts tree ACME --json
    """
    with connect(server_of(profile, url)) as api:
        tree = _subtree(api, api.accounts.get(caller_account(api, alias)))
    if fmt == "table":
        for line in _tree_lines(tree):
            click.echo(line)
        return
    if fmt == "json":
        emit_one(tree, fmt)
        return
    rows = list(_flat(tree))
    emit_rows(rows, fmt, fields=["depth", *field_names(Account)], columns=())


COMMANDS = (
    list_accounts, show_account, update_account, suspend_account, enable_account, account_tree,
)  # fmt: skip
