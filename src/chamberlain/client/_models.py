"""What the API answers, as frozen dataclasses.

Every model is built by ``from_json`` from the server's JSON; members the SDK does not
know are ignored. ``User`` and ``Account`` carry the ``version`` they were read at:
passing such a model back to a write sends it as ``If-Match``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Generic, TypeVar

from chamberlain.client._errors import UnexpectedResponse
from chamberlain.client._reader import Reader, as_list, as_object

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A person-user. ``status`` is ``Active``, ``Disabled`` or ``Deleted``."""

    user_name: str
    account_alias: str
    email: str
    first_name: str
    last_name: str
    alternate_email: str | None
    title: str | None
    office_number: str | None
    mobile_number: str | None
    fax_number: str | None
    saml_user_name: str | None
    time_zone_id: str
    allow_sms: bool
    status: str
    roles: tuple[int, ...]
    version: int

    @property
    def etag(self) -> str:
        """The entity tag of the version this was read at."""
        return f'"{self.version}"'

    @classmethod
    def from_json(cls, value: object) -> User:
        """Read a user object."""
        r = Reader(value, "user")
        return cls(
            user_name=r.text("user_name"),
            account_alias=r.text("account_alias"),
            email=r.text("email"),
            first_name=r.text("first_name"),
            last_name=r.text("last_name"),
            alternate_email=r.opt_text("alternate_email"),
            title=r.opt_text("title"),
            office_number=r.opt_text("office_number"),
            mobile_number=r.opt_text("mobile_number"),
            fax_number=r.opt_text("fax_number"),
            saml_user_name=r.opt_text("saml_user_name"),
            time_zone_id=r.text("time_zone_id"),
            allow_sms=r.flag("allow_sms"),
            status=r.text("status"),
            roles=r.integers("roles"),
            version=r.integer("version"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """An account. ``status`` is ``Active``, ``Disabled``, ``Deleted`` or ``Demo``;
    ``billing_responsibility`` is ``self`` or ``parent``."""

    alias: str
    parent_alias: str | None
    location: str
    business_name: str
    address1: str | None
    address2: str | None
    city: str | None
    state_province: str | None
    postal_code: str | None
    country: str | None
    telephone: str | None
    fax: str | None
    time_zone: str
    status: str
    share_parent_networks: bool
    billing_responsibility: str
    version: int

    @property
    def etag(self) -> str:
        """The entity tag of the version this was read at."""
        return f'"{self.version}"'

    @classmethod
    def from_json(cls, value: object) -> Account:
        """Read an account object."""
        r = Reader(value, "account")
        return cls(
            alias=r.text("alias"),
            parent_alias=r.opt_text("parent_alias"),
            location=r.text("location"),
            business_name=r.text("business_name"),
            address1=r.opt_text("address1"),
            address2=r.opt_text("address2"),
            city=r.opt_text("city"),
            state_province=r.opt_text("state_province"),
            postal_code=r.opt_text("postal_code"),
            country=r.opt_text("country"),
            telephone=r.opt_text("telephone"),
            fax=r.opt_text("fax"),
            time_zone=r.text("time_zone"),
            status=r.text("status"),
            share_parent_networks=r.flag("share_parent_networks"),
            billing_responsibility=r.text("billing_responsibility"),
            version=r.integer("version"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiUser:
    """An API user (never its password). ``state`` is ``enabled``, ``disabled``,
    ``retiring``, ``retired`` or ``account suspended``; ``permissions`` is None for a
    full-power key (every permission in its tree), else what it may do."""

    api_key: str
    account_alias: str
    created_at: datetime
    last_used_at: datetime | None
    retires_at: datetime | None
    state: str
    permissions: tuple[str, ...] | None = None

    @classmethod
    def from_json(cls, value: object) -> ApiUser:
        """Read an API-user object."""
        r = Reader(value, "api user")
        return cls(
            api_key=r.text("api_key"),
            account_alias=r.text("account_alias"),
            created_at=r.time("created_at"),
            last_used_at=r.opt_time("last_used_at"),
            retires_at=r.opt_time("retires_at"),
            state=r.text("state"),
            permissions=r.opt_texts("permissions"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class NewApiUser(ApiUser):
    """A just-created API user with its password: the only time the password is shown.
    It is left out of ``repr`` so that logging the object does not leak it."""

    password: str = field(repr=False)

    @classmethod
    def from_json(cls, value: object) -> NewApiUser:
        """Read the answer of creating an API user."""
        listed = ApiUser.from_json(value)
        return cls(
            api_key=listed.api_key,
            account_alias=listed.account_alias,
            created_at=listed.created_at,
            last_used_at=listed.last_used_at,
            retires_at=listed.retires_at,
            state=listed.state,
            permissions=listed.permissions,
            password=Reader(value, "new api user").text("password"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class BearerToken:
    """A bearer token from a log-on, left out of ``repr``. ``expires_at`` is when the
    server said it ends (None when the answer does not say: the v2 login)."""

    token: str = field(repr=False)
    expires_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Invitation:
    """An invitation sent to a person-user: the address it went to and when its link
    stops working."""

    user_name: str
    email: str
    expires_at: datetime

    @classmethod
    def from_json(cls, value: object) -> Invitation:
        """Read the answer of inviting a user."""
        r = Reader(value, "invitation")
        return cls(
            user_name=r.text("user_name"), email=r.text("email"), expires_at=r.time("expires_at")
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A role of the fixed catalogue and the permissions it grants."""

    id: int
    name: str
    sdk_name: str | None
    v2_name: str
    permissions: tuple[str, ...]

    @classmethod
    def from_json(cls, value: object) -> Role:
        """Read a role object."""
        r = Reader(value, "role")
        return cls(
            id=r.integer("id"),
            name=r.text("name"),
            sdk_name=r.opt_text("sdk_name"),
            v2_name=r.text("v2_name"),
            permissions=r.texts("permissions"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Me:
    """The caller: ``kind`` is ``user`` (a person-user, bound by its roles) or
    ``api_user`` (every permission inside its account tree)."""

    kind: str
    name: str
    account_alias: str | None
    roles: tuple[int, ...]
    permissions: tuple[str, ...]

    @classmethod
    def from_json(cls, value: object) -> Me:
        """Read the ``/me`` object."""
        r = Reader(value, "me")
        return cls(
            kind=r.text("kind"),
            name=r.text("name"),
            account_alias=r.opt_text("account_alias"),
            roles=r.integers("roles"),
            permissions=r.texts("permissions"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """One permission, whether the caller holds it, and ``because`` of what."""

    permission: str
    granted: bool
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountPermissions:
    """What the caller may do on one account, and why."""

    account_alias: str
    grants: tuple[Grant, ...]

    def allows(self, permission: str) -> bool:
        """Whether ``permission`` is granted (False for one the server did not list)."""
        return any(g.granted for g in self.grants if g.permission == permission)

    @classmethod
    def from_json(cls, value: object) -> AccountPermissions:
        """Read the ``/me/permissions`` object."""
        r = Reader(value, "permissions")
        return cls(
            account_alias=r.text("account_alias"),
            grants=tuple(
                Grant(permission=g.text("permission"), granted=g.flag("granted"),
                      because=g.texts("because"))
                for g in r.objects("grants")
            ),
        )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEvent:
    """One change through any face: who (``actor``), to what (``target``), and each
    changed field as ``(before, after)``."""

    id: int
    occurred_at: datetime
    action: str
    face: str
    request_id: str | None
    actor_kind: str
    actor: str
    actor_account: str | None
    target_kind: str
    target: str
    target_account: str
    changes: Mapping[str, tuple[object, object]]

    @classmethod
    def from_json(cls, value: object) -> AuditEvent:
        """Read an audit-event object."""
        r = Reader(value, "audit event")
        return cls(
            id=r.integer("id"),
            occurred_at=r.time("occurred_at"),
            action=r.text("action"),
            face=r.text("face"),
            request_id=r.opt_text("request_id"),
            actor_kind=r.text("actor_kind"),
            actor=r.text("actor"),
            actor_account=r.opt_text("actor_account"),
            target_kind=r.text("target_kind"),
            target=r.text("target"),
            target_account=r.text("target_account"),
            changes=MappingProxyType(_changes(r.data.get("changes"))),
        )


def _changes(value: object) -> dict[str, tuple[object, object]]:
    changes: dict[str, tuple[object, object]] = {}
    for name, pair in as_object(value, "audit event.changes").items():
        items = as_list(pair, f"audit event.changes.{name}")
        if len(items) != 2:
            raise UnexpectedResponse(f"audit event.changes.{name}: expected [before, after]")
        changes[name] = (items[0], items[1])
    return changes


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkItem:
    """What happened to one item of a bulk import: ``result`` is ``created``,
    ``updated``, ``unchanged`` or ``error`` (then ``code`` and ``detail`` say why)."""

    index: int
    user_name: str | None
    result: str
    code: str | None
    detail: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkResult:
    """One result per item, in request order, and how many of each result."""

    dry_run: bool
    counts: Mapping[str, int]
    items: tuple[BulkItem, ...]

    @classmethod
    def from_json(cls, value: object) -> BulkResult:
        """Read the answer of a bulk import."""
        r = Reader(value, "bulk result")
        counts = Reader(r.data.get("counts"), "bulk result.counts")
        return cls(
            dry_run=r.flag("dry_run"),
            counts=MappingProxyType({name: counts.integer(name) for name in counts.data}),
            items=tuple(
                BulkItem(index=i.integer("index"), user_name=i.opt_text("user_name"),
                         result=i.text("result"), code=i.opt_text("code"),
                         detail=i.opt_text("detail"))
                for i in r.objects("items")
            ),
        )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a listing. ``cursor`` fetches the next page (None on the last);
    ``total`` counts every match, when it was asked for."""

    items: tuple[T, ...]
    cursor: str | None
    total: int | None = None
