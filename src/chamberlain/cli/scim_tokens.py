"""``chamberlain scim-tokens``: the operator's tools for the tokens SCIM clients hold."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import click

from chamberlain.cli.common import database_url_option, json_option, operator, runtime
from chamberlain.domain.scim.tokens import ScimToken

if TYPE_CHECKING:  # the database stack is imported by the commands that open one
    from chamberlain.services.scim_tokens import IssuedScimToken


@click.group("scim-tokens")
def scim_tokens() -> None:
    """Manage SCIM tokens (what Okta or Entra use on /scim/v2), on the database.

    \b
    Examples:
      chamberlain scim-tokens list
      chamberlain scim-tokens create --account ABCD --name "Okta production"
    """


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _print_issued(issued: IssuedScimToken, *, as_json: bool, heading: str) -> None:
    token = issued.token
    if as_json:
        click.echo(json.dumps({"Id": token.id, "AccountAlias": token.account_alias,
                               "Token": issued.secret}))  # fmt: skip
        return
    click.echo(heading)
    click.echo(f"  Token id:      {token.id}")
    click.echo(f"  Account alias: {token.account_alias}")
    click.echo(f"  Token:         {issued.secret}")
    click.echo("Store the token now: it is shown only this once.")


@scim_tokens.command("create")
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@click.option("--name", help="What the token is for, e.g. 'Okta production'.")
@database_url_option
@json_option
def create(account_alias: str, name: str | None, database_url: str, as_json: bool) -> None:
    """Issue a SCIM token for an account; it is printed once.

    \b
    Examples:
      chamberlain scim-tokens create --account ABCD --name "Okta production"
    """
    from chamberlain.services import scim_tokens as service

    with runtime(database_url) as rt:
        issued = service.create_scim_token(rt, operator(), account_alias, name)
    heading = f"Created a SCIM token for {issued.token.account_alias}."
    _print_issued(issued, as_json=as_json, heading=heading)


def _row(token: ScimToken, now: datetime) -> dict[str, object]:
    return {
        "Id": token.id,
        "AccountAlias": token.account_alias,
        "Hint": token.hint,
        "Name": token.name,
        "Created": _when(token.created_at),
        "LastUsed": _when(token.last_used_at),
        "State": token.state(now).value,
    }


@scim_tokens.command("list")
@click.option("--account", "account_alias", help="Only this account and its sub-accounts.")
@database_url_option
@json_option
def list_(account_alias: str | None, database_url: str, as_json: bool) -> None:
    """List SCIM tokens: id, account, hint, name, created, last used, state. Never a secret.

    \b
    Examples:
      chamberlain scim-tokens list --account ABCD
    """
    from chamberlain.services import scim_tokens as service

    with runtime(database_url) as rt:
        found = service.list_scim_tokens(rt, operator(), account_alias)
        rows = [_row(token, rt.clock()) for token in found]
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{'ID':>6}  {'ACCOUNT':7}  {'HINT':16}  {'LAST USED':25}  {'STATE':17}  NAME")
    for row in rows:
        click.echo(
            f"{row['Id']:>6}  {row['AccountAlias']!s:7}  {row['Hint']!s:16}  "
            f"{row['LastUsed'] or '-'!s:25}  {row['State']!s:17}  {row['Name'] or ''}"
        )


@scim_tokens.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
@database_url_option
def revoke(token_id: int, database_url: str) -> None:
    """Stop a token at once.

    \b
    Examples:
      chamberlain scim-tokens revoke 3
    """
    from chamberlain.services import scim_tokens as service

    with runtime(database_url) as rt:
        service.revoke_scim_token(rt, operator(), token_id)
    click.echo(f"Revoked SCIM token {token_id}.")


@scim_tokens.command("rotate")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
@click.option(
    "--grace-hours",
    type=click.FloatRange(min=0, max=24 * 30),
    default=24.0,
    show_default=True,
    help="How long the old token keeps working.",
)
@database_url_option
@json_option
def rotate(token_id: int, grace_hours: float, database_url: str, as_json: bool) -> None:
    """Issue a replacement token for the same account; the old one keeps working for the
    grace period, so the identity provider can be switched without a gap.

    \b
    Examples:
      chamberlain scim-tokens rotate 3 --grace-hours 1
    """
    from chamberlain.services import scim_tokens as service

    with runtime(database_url) as rt:
        issued = service.rotate_scim_token(rt, operator(), token_id, timedelta(hours=grace_hours))
    assert issued.replaces is not None  # a rotation always names the token it replaces
    heading = f"Rotated: token {token_id} keeps working until {_when(issued.replaces.retires_at)}."
    _print_issued(issued, as_json=as_json, heading=heading)
