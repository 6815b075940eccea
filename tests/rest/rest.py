"""Helpers for talking to the REST face (``/api``) through the Starlette test client."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import Row, select
from starlette.testclient import TestClient

from chamberlain.db.models import AuditRow
from chamberlain.services.runtime import Runtime

API = "/api"
BASE_URL = "http://127.0.0.1"
ROOT = "ROOT"
PASSWORD = "a person's password, long enough"
PROBLEM_TYPE = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "code", "detail", "request_id"}
USER_KEYS = {
    "user_name",
    "account_alias",
    "email",
    "first_name",
    "last_name",
    "alternate_email",
    "title",
    "office_number",
    "mobile_number",
    "fax_number",
    "saml_user_name",
    "time_zone_id",
    "allow_sms",
    "status",
    "roles",
    "version",
}
ACCOUNT_KEYS = {
    "alias",
    "parent_alias",
    "location",
    "business_name",
    "address1",
    "address2",
    "city",
    "state_province",
    "postal_code",
    "country",
    "telephone",
    "fax",
    "time_zone",
    "status",
    "share_parent_networks",
    "billing_responsibility",
    "version",
}
ROLES_MD = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


@dataclass(frozen=True, slots=True)
class Api:
    """A test client that calls ``/api`` with a bearer token (or none)."""

    client: TestClient
    token: str | None
    name: str = ""

    def call(
        self, method: str, path: str, *, if_match: str | None = None, **kwargs: Any
    ) -> httpx2.Response:
        headers: dict[str, str] = dict(kwargs.pop("headers", {}))
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        if if_match is not None:
            headers["If-Match"] = if_match
        return self.client.request(method, API + path, headers=headers, **kwargs)

    def follow(self, url: str) -> httpx2.Response:
        """GET a link the API handed out (absolute or rooted)."""
        headers = {} if self.token is None else {"Authorization": f"Bearer {self.token}"}
        return self.client.get(url, headers=headers)

    def get(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("DELETE", path, **kwargs)

    def create_user(self, name: str, alias: str = ROOT, **extra: Any) -> httpx2.Response:
        return self.post(f"/accounts/{alias}/users", json=user_body(name, **extra))

    def made_user(self, name: str, alias: str = ROOT, **extra: Any) -> dict[str, Any]:
        """Create a user, insisting on 201; returns its body."""
        response = self.create_user(name, alias, **extra)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def user_etag(self, name: str) -> str:
        response = self.get(f"/users/{name}")
        assert response.status_code == 200, response.text
        return response.headers["etag"]


def user_body(name: str, **extra: Any) -> dict[str, Any]:
    """A valid create-user body for ``name``, plus ``extra``."""
    return {
        "user_name": name,
        "email": f"{name}@example.com".replace(" ", "."),
        "first_name": "Grace",
        "last_name": "Hopper",
        **extra,
    }


def account_body(**extra: Any) -> dict[str, Any]:
    """A valid create-sub-account body, plus ``extra``."""
    return {
        "location": "WA1",
        "business_name": "Acme Widgets",
        "address1": "1 Main Street",
        "city": "Seattle",
        "state_province": "WA",
        "postal_code": "98101",
        "country": "US",
        "telephone": "+1 206 555 0100",
        **extra,
    }


def problem(response: httpx2.Response, status: int, code: str | None) -> dict[str, Any]:
    """Assert an RFC 9457 problem with ``status`` and ``code`` (any when None)."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers["content-type"] == PROBLEM_TYPE
    body: dict[str, Any] = response.json()
    assert PROBLEM_KEYS <= body.keys(), body
    assert body["status"] == status
    assert body["code"] == (code or body["code"]), body
    assert body["type"] == f"urn:chamberlain:problem:{body['code']}"
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def audit_rows(runtime: Runtime) -> list[Row[Any]]:
    """Every row of ``audit_events``, oldest first."""
    table = AuditRow.__table__
    with runtime.db.engine.connect() as connection:
        return list(connection.execute(select(table).order_by(table.c.id)))


def _table(section: str) -> list[list[str]]:
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def documented_roles() -> tuple[dict[int, str], dict[int, frozenset[str]]]:
    """From docs/roles.md: role names by id, and each role's permissions."""
    text = ROLES_MD.read_text(encoding="utf-8")
    roles_part, matrix_part = text.split("| Permission |")
    names = {int(row[0]): row[1] for row in _table(roles_part)}
    header, *_ = matrix_part.splitlines()
    ids = [int(cell) for cell in header.strip(" |").split("|")]
    granted: dict[int, set[str]] = {role: set() for role in ids}
    for row in _table("| Permission |" + matrix_part):
        permission = row[0].strip("`")
        for role, cell in zip(ids, row[1:], strict=True):
            if cell == "yes":
                granted[role].add(permission)
    return names, {role: frozenset(perms) for role, perms in granted.items()}


def documented_permissions(roles: tuple[int, ...]) -> list[str]:
    """The sorted union of the documented permissions of ``roles``."""
    _, matrix = documented_roles()
    return sorted(set().union(*(matrix[role] for role in roles)))


def all_documented_permissions() -> list[str]:
    _, matrix = documented_roles()
    return sorted(set().union(*matrix.values()))
