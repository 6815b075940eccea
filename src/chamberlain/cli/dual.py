"""Commands that work on the database and on a server alike: one dispatch, one answer.

Given the target ``dual_options`` chose (rules in ``cli/target.py``), ``on_target`` runs
either the service call on the database, as the operator, or the SDK call on the
server, as the logged-in caller. Both return the SDK's model (``chamberlain.client``):
the local side turns the domain object into it here, with the values the REST face
would send for it, so one renderer prints the same table, JSON and CSV whichever
target answered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar, cast

from chamberlain.cli.common import operator, runtime
from chamberlain.cli.remote import connect, refuse_server_options
from chamberlain.cli.target import DatabaseTarget, Target
from chamberlain.client import Account, ApiUser, Client, Me, NewApiUser, Role
from chamberlain.domain import accounts as domain_accounts
from chamberlain.domain import api_users as domain_api_users
from chamberlain.domain.audit import Actor
from chamberlain.domain.permissions import ROLE_PERMISSIONS, Permission
from chamberlain.domain.roles import CATALOGUE

if TYPE_CHECKING:  # the database stack is imported when a command opens one
    from _typeshed import DataclassInstance

    from chamberlain.services.api_users import IssuedCredentials
    from chamberlain.services.runtime import Runtime

T = TypeVar("T")
M = TypeVar("M")

Local = Callable[["Runtime", Actor], T]
Remote = Callable[[Client], T]


def on_target(
    target: Target,
    *,
    local: Local[T],
    remote: Remote[T],
    server_only: Mapping[str, object] | None = None,
) -> T:
    """What ``local(rt, operator)`` returns on a database target, or ``remote(api)`` on a
    server target. Options in ``server_only`` that were given are refused (exit 2) before
    the database is opened; domain and SDK errors exit as ``runtime`` and ``connect`` say."""
    if isinstance(target, DatabaseTarget):
        refuse_server_options(dict(server_only or {}))
        with runtime(target.url) as rt:
            return local(rt, operator())
    with connect(target) as api:
        return remote(api)


def _model(model: Callable[..., M], *sources: object, **computed: object) -> M:
    """The SDK ``model`` (a dataclass) with ``computed`` values, every other field taken
    from the first of ``sources`` with an attribute of that name (the domain objects
    mostly name their fields as the REST API does). Raises ``TypeError`` for a field
    that none of them has: a new SDK field needs a value here too."""
    values = dict(computed)
    for field in dataclasses.fields(cast("type[DataclassInstance]", model)):
        if field.name in values:
            continue
        owner = next((source for source in sources if hasattr(source, field.name)), None)
        if owner is None:
            raise TypeError(f"nothing gives the {field.name} of {model}")
        values[field.name] = getattr(owner, field.name)
    return model(**values)


def api_user_model(api_user: domain_api_users.ApiUser, now: datetime) -> ApiUser:
    """An API user as the server shows it at ``now`` (``permissions`` sorted, None for
    full power)."""
    permissions = api_user.permissions
    return _model(
        ApiUser,
        api_user,
        state=api_user.state(now).value,
        permissions=None if permissions is None else tuple(sorted(permissions)),
    )


def new_api_user_model(issued: IssuedCredentials, now: datetime) -> NewApiUser:
    """A just-issued API user with its password, as the server answers a create or a
    rotation."""
    return _model(NewApiUser, api_user_model(issued.api_user, now), issued)


def account_model(account: domain_accounts.Account) -> Account:
    """An account as the server shows it (status ``Active``..., billing ``self`` or
    ``parent``; the address fields are the account's contact's)."""
    return _model(
        Account,
        account,
        account.contact,
        status=account.status.label,
        billing_responsibility=account.billing_responsibility.label,
    )


def catalogue() -> list[Role]:
    """This installation's role catalogue, as the server's ``GET /api/roles`` lists it."""
    return [
        _model(Role, role, permissions=tuple(sorted(str(p) for p in ROLE_PERMISSIONS[role.id])))
        for role in CATALOGUE
    ]


def operator_me() -> Me:
    """Who acts on a database target, in the shape of the server's ``GET /api/me``: the
    operator (``kind`` ``operator``, named by the login at the terminal), with no account
    of their own and every permission over the whole tree."""
    actor = operator()
    return Me(
        kind=actor.kind.value,
        name=actor.label,
        account_alias=actor.account_alias,
        roles=tuple(sorted(actor.roles)),
        permissions=tuple(sorted(str(p) for p in Permission)),
    )
