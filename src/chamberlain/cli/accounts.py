"""``chamberlain accounts``: account settings operators manage."""

from __future__ import annotations

import json
from typing import Any

import click

from chamberlain.cli.common import database_url_option, json_option, operator, runtime
from chamberlain.cli.dual import account_model, on_target
from chamberlain.cli.output import emit_changed, output_options, record
from chamberlain.cli.remote import TARGET_EPILOG, dual_options
from chamberlain.cli.remote_accounts import (
    contact_options,
    create_remote,
    share_parent_networks_option,
)
from chamberlain.cli.target import Target
from chamberlain.domain.custom_fields import new_custom_field


@click.group("accounts")
def accounts() -> None:
    """Manage accounts: on a server (list, show, update, ...), custom fields on the
    database, and sub-accounts on either.

    \b
    Examples:
      chamberlain accounts tree
      chamberlain accounts custom-fields list --account ABCD
    """


@accounts.command("create", epilog=TARGET_EPILOG)
@click.option("--parent", "parent_alias", required=True, help="Alias of the parent account.")
@click.option(
    "--alias", help="Alias of the new account (2-4 letters or digits); generated if left out."
)
@click.option("--name", "business_name", required=True, help="Business name.")
@click.option("--location", help="Data centre (server only, as the options below).")
@contact_options
@share_parent_networks_option
@click.option(
    "--billing-responsibility",
    type=click.Choice(["self", "parent"]),
    help="Who pays: the account itself (default) or its parent.",
)
@dual_options
@output_options
def create(
    *,
    parent_alias: str,
    alias: str | None,
    business_name: str,
    target: Target,
    fmt: str,
    **server_fields: Any,
) -> None:
    """Create a sub-account below any account. On the database its location and time
    zone are the parent's; on a server, what the options leave out (location, address,
    telephone, time zone) is copied from the parent, and what the parent lacks is needed.

    \b
    Examples:
      chamberlain accounts create --parent T3N --name "Acme Ltd" --json
      chamberlain accounts create --parent T3N --name "Acme Ltd" --profile prod \\
        --address1 "1 Main St" --city Seattle --state-province WA --postal-code 98101 \\
        --country US --telephone "+1 206 555 0100"
    """
    from chamberlain.services import accounts as service

    fields = {"alias": alias, "business_name": business_name, **server_fields}
    account = on_target(
        target,
        local=lambda rt, actor: account_model(
            service.create_sub_account(
                rt, actor, parent_alias=parent_alias, alias=alias, business_name=business_name
            )
        ),
        remote=lambda api: create_remote(api, parent_alias, fields),
        server_only=server_fields,
    )
    message = f"Created {account.alias} below {account.parent_alias}."
    emit_changed(record(account), fmt, message)


@accounts.group("custom-fields")
def custom_fields() -> None:
    """Custom fields an account defines for its users (v1 GetCustomFields), on the
    database.

    \b
    Examples:
      chamberlain accounts custom-fields list --account ABCD
    """


def _option_pair(value: str) -> tuple[str, str]:
    name, sep, option_value = value.partition("=")
    if not sep:
        raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--option")
    return name, option_value


@custom_fields.command("add")
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@click.option("--name", required=True, help="Field name.")
@click.option(
    "--type",
    "field_type",
    type=click.Choice(["Text", "Option", "Checkbox"], case_sensitive=False),
    default="Text",
    show_default=True,
)
@click.option("--required", is_flag=True, help="Users must fill the field in.")
@click.option("--option", "options", multiple=True, help="NAME=VALUE, for Option fields.")
@database_url_option
def add(
    *,
    account_alias: str,
    name: str,
    field_type: str,
    required: bool,
    options: tuple[str, ...],
    database_url: str,
) -> None:
    """Define a custom field.

    \b
    Examples:
      chamberlain accounts custom-fields add --account ABCD --name "Cost centre" \\
        --type Option --option North=N --option South=S --required
    """
    from chamberlain.services import accounts as service

    pairs = [_option_pair(option) for option in options]
    with runtime(database_url) as rt:
        definition = new_custom_field(name, field_type, required=required, options=pairs)
        service.define_custom_field(rt, operator(), account_alias, definition)
    click.echo(f"Defined {definition.name} ({definition.uuid}).")


@custom_fields.command("list")
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@database_url_option
@json_option
def list_(account_alias: str, database_url: str, as_json: bool) -> None:
    """List an account's custom fields.

    \b
    Examples:
      chamberlain accounts custom-fields list --account ABCD --json
    """
    from chamberlain.services import accounts as service

    with runtime(database_url) as rt:
        found = service.list_custom_fields(rt, operator(), account_alias)
    if as_json:
        rows = [
            {
                "UUID": d.uuid,
                "Name": d.name,
                "Type": d.field_type,
                "IsRequired": d.is_required,
                "Options": [list(option) for option in d.options],
            }
            for d in found
        ]
        click.echo(json.dumps(rows))
        return
    for definition in found:
        marker = " (required)" if definition.is_required else ""
        click.echo(f"{definition.uuid}  {definition.field_type:8}  {definition.name}{marker}")
