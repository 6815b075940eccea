"""The world of the escalation walk: an attacker of one role, targets of every role, and
the check that runs after each step.

The attacker is a person-user of account AA holding one role. It acts on every face it
can reach: REST with its bearer token, the portal with its session, v1 through an API
user it created itself (the way a person reaches v1), and SCIM through a token when it
could get one. Targets are made fresh for each step by the operator, so a step never sees
another's leftovers.

``check`` holds the rule of ``domain.permissions`` from the outside:
- every identity the attacker holds or controls (itself; API users and SCIM tokens made
  by an identity it controls; users whose mail reaches its mailbox) holds only
  permissions the attacker held at the start;
- every identity holding a permission the attacker lacks is exactly as it was.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from chamberlain.db.models import ApiUserRow, AuditRow, ScimTokenRow, UserRoleRow, UserRow
from chamberlain.domain.api_users import loaded_permissions
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.credentials import new_api_key
from chamberlain.domain.permissions import EVERY_PERMISSION, covers, permissions_of
from chamberlain.domain.users import UserStatus, validate_new_user
from chamberlain.services import api_users, person_auth, users
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from chamberlain.services.scim_tokens import create_scim_token

MAILBOX = "attacker@evil.example"
ATTACKER = "mallory"
HOME = "AA"  # the attacker's account; A1 is below it
CHILD = "A1"

Snapshot = dict[tuple[str, str], tuple[Any, ...]]


@dataclass
class World:
    """One attacker's world on one database."""

    rt: Runtime
    operator: Actor
    role: int
    names: itertools.count[int] = field(default_factory=itertools.count)
    own_keys: set[str] = field(default_factory=set)

    @property
    def permissions(self) -> frozenset[str]:
        """What the attacker holds: its role's permissions."""
        return frozenset(permissions_of([self.role]))

    def fresh(self, prefix: str) -> str:
        return f"{prefix}{next(self.names)}"

    def make_attacker(self) -> str:
        """The attacker, with a password; returns the password."""
        self.user(self.role, name=ATTACKER)
        password = secrets.token_urlsafe(16)
        person_auth.set_password(self.rt, self.operator, ATTACKER, password)
        return password

    def user(self, role: int, *, name: str | None = None) -> str:
        """A new user of HOME holding ``role`` (its mail is its own)."""
        user_name = name or self.fresh(f"r{role}u")
        new = validate_new_user(
            user_name=user_name,
            account_alias=HOME,
            email=f"{user_name}@example.com",
            first_name="Target",
            last_name=f"Role{role}",
            optional={},
            allow_sms=False,
            roles=[role],
        )
        users.create_user(self.rt, self.operator, new)
        return user_name

    def api_key(self, role: int | None) -> str:
        """A new API user of HOME: full power (None) or holding ``role``'s permissions.
        Written straight to its table: a target needs no password, and hashing one per
        target would cost most of the walk's time."""
        permissions = None if role is None else frozenset(permissions_of([role]))
        with self.rt.db.write() as uow:
            account = uow.accounts.find(HOME)
            assert account is not None
            return uow.api_users.add(
                account=account,
                api_key=new_api_key(),
                password_hash="(no password: a target of the walk)",
                permissions=permissions,
                now=self.rt.clock(),
            ).api_key

    def own_api_key(self) -> IssuedCredentials:
        """An API user holding the attacker's permissions, whose password the attacker
        knows: how it reaches v1."""
        issued = api_users.create_api_user(self.rt, self.operator, HOME, roles=[self.role])
        self.own_keys.add(issued.api_user.api_key)
        return issued

    def scim_token(self) -> int:
        """A new SCIM token of HOME, made by the operator."""
        return create_scim_token(self.rt, self.operator, HOME, "a provider").token.id

    # The check.

    def _identities(self) -> tuple[dict[str, frozenset[str] | None], Snapshot]:
        """Every live identity's permissions by label, and the state of each (read
        straight from the tables: this runs after every operation)."""
        held: dict[str, frozenset[str] | None] = {}
        state: Snapshot = {}
        roles: dict[int, list[int]] = {}
        live_users = select(UserRow).where(UserRow.status != UserStatus.DELETED.value)
        live_keys = select(ApiUserRow).where(ApiUserRow.deleted_at.is_(None))
        with self.rt.db.engine.connect() as connection:
            for user_id, role_id in connection.execute(
                select(UserRoleRow.user_id, UserRoleRow.role_id)
            ):
                roles.setdefault(user_id, []).append(role_id)
            for user in connection.execute(live_users):
                held[user.user_name] = frozenset(permissions_of(roles.get(user.id, [])))
                state["user", user.user_name] = (
                    user.status, user.email, user.alternate_email,
                    sorted(roles.get(user.id, [])), user.version,
                )  # fmt: skip
            for key in connection.execute(live_keys):
                held[key.api_key] = loaded_permissions(key.permissions)
                state["api_user", key.api_key] = (key.enabled, key.retires_at, key.permissions)
        return held, state

    def protected(self) -> Snapshot:
        """The state of every identity holding a permission the attacker lacks."""
        held, state = self._identities()
        return {
            key: value for key, value in state.items() if not covers(self.permissions, held[key[1]])
        }

    def check(self, step: str, before: Snapshot) -> None:
        """Assert the rule after ``step`` (``before``: ``protected()`` taken before it)."""
        held, state = self._identities()
        changed = {key for key, value in before.items() if state.get(key) != value}
        assert not changed, f"{step}: changed identities holding more: {sorted(changed)}"
        for label, permissions in self._controlled(held, state).items():
            assert covers(self.permissions, permissions), (
                f"{step}: the attacker (role {self.role}) controls {label!r}, holding "
                f"{sorted(str(p) for p in permissions or EVERY_PERMISSION)}"
            )

    def _controlled(
        self, held: dict[str, frozenset[str] | None], state: Snapshot
    ) -> dict[str, frozenset[str] | None]:
        """What the attacker holds or controls, with the permissions of each."""
        created = select(AuditRow.actor_label, AuditRow.target_label).where(
            AuditRow.action == AuditAction.API_USER_CREATE.value
        )
        with self.rt.db.engine.connect() as connection:
            made = [(row.actor_label, row.target_label) for row in connection.execute(created)]
            tokens = list(connection.execute(select(ScimTokenRow.created_by)).scalars())
        mailed = {
            label
            for (kind, label), value in state.items()
            if kind == "user" and MAILBOX in value[1:3]
        }
        controlled = {ATTACKER, *self.own_keys, *mailed}
        grew = True
        while grew:  # what a controlled identity made, it controls too
            found = {key for maker, key in made if maker in controlled}
            grew = not found <= controlled
            controlled |= found
        result = {label: held[label] for label in controlled if label in held}
        if any(maker in controlled for maker in tokens):
            result["a SCIM token"] = None  # a token may grant every role
        return result
