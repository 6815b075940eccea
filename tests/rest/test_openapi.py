"""``GET /api/openapi.json``: an OpenAPI 3.1 document naming every operation once.

(openapi-spec-validator is not installed in .venv, so the document is not validated
against the meta-schema here.)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from chamberlain.api import rest as rest_package
from chamberlain.app import create_app
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from tests.rest.rest import API

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# The operations of the first REST release; later ones may be added, none removed.
FIRST_RELEASE = {
    "createToken",
    "getMe",
    "listRoles",
    "getAccount",
    "listChildAccounts",
    "createChildAccount",
    "listUsers",
    "createUser",
    "getUser",
    "updateUser",
    "suspendUser",
    "unsuspendUser",
    "deleteUser",
}


@pytest.fixture
def bare_client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on a runtime whose database is never touched: the document needs none."""
    runtime = Runtime.from_settings(Settings(database_url=f"sqlite:///{tmp_path}/unused.db"))
    with TestClient(create_app(runtime), base_url="http://127.0.0.1") as client:
        yield client
    runtime.close()


@pytest.fixture
def document(bare_client: TestClient) -> dict[str, Any]:
    response = bare_client.get(f"{API}/openapi.json")  # no token needed
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    return body


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _declared_routes() -> list[APIRoute]:
    """The routes of every ``chamberlain.api.rest.routes_*`` module's ``router``."""
    found: list[APIRoute] = []
    for module in pkgutil.iter_modules(rest_package.__path__):
        if module.name.startswith("routes_"):
            router = importlib.import_module(f"{rest_package.__name__}.{module.name}").router
            assert isinstance(router, APIRouter)
            found += [route for route in router.routes if isinstance(route, APIRoute)]
    return found


def test_an_openapi_3_1_document_with_one_unique_operation_id_per_route(
    document: dict[str, Any],
) -> None:
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] == "chamberlain"
    assert document["info"]["version"]
    operations = _operations(document)
    missing = [f"{method} {path}" for method, path, op in operations if not op.get("operationId")]
    assert missing == []
    ids = Counter(op["operationId"] for _, _, op in operations)
    assert [name for name, count in ids.items() if count > 1] == []
    routes = [route for route in _declared_routes() if route.include_in_schema]
    assert set(ids) == {route.operation_id for route in routes}
    assert sum(len(route.methods or ()) for route in routes) == len(ids)
    assert FIRST_RELEASE <= set(ids)


def test_documented_paths_resolve_under_api_and_document_their_problems(
    document: dict[str, Any], bare_client: TestClient
) -> None:
    servers = [server["url"] for server in document.get("servers", [{"url": "/"}])]
    prefixes = {url.rstrip("/") for url in servers}
    assert all(path.startswith("/") for path in document["paths"])
    for method, path, operation in _operations(document):
        full = {prefix + path for prefix in prefixes}
        # Either the server URL or the path itself must carry the /api mount point.
        assert any(url.startswith(f"{API}/") for url in full), (method, path, servers)
        concrete = re.sub(r"\{[^}]+\}", "x", next(iter(full)))
        answer = bare_client.request(method, concrete)
        assert answer.status_code != 404 or answer.json().get("code") != "not_found", (
            operation["operationId"],
            concrete,
        )

    for method, path, operation in _operations(document):
        if operation["operationId"] in {"listRoles"}:
            continue
        statuses = set(operation["responses"])
        assert {"401", "422"} <= statuses or operation["operationId"] == "createToken", (
            method,
            path,
        )
    by_id = {op["operationId"]: op for _, _, op in _operations(document)}
    assert "428" in by_id["deleteUser"]["responses"]
    assert "412" in by_id["updateUser"]["responses"]
    assert by_id["createUser"]["responses"]["201"]
    assert by_id["createToken"]["responses"]["201"]


def _objects(schema: Any, document: dict[str, Any], seen: set[str]) -> Iterator[tuple[str, Any]]:
    """Every object schema reachable from ``schema`` (``$ref`` followed once), named."""
    if isinstance(schema, list):
        for item in schema:
            yield from _objects(item, document, seen)
        return
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref not in seen:
            seen.add(ref)
            target = document
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            yield from _objects(target, document, seen)
        return
    if "properties" in schema:
        yield schema.get("title", "?"), schema
    for value in schema.values():
        yield from _objects(value, document, seen)


def test_every_json_request_body_refuses_unknown_members(document: dict[str, Any]) -> None:
    """Issue 13: a bulk body took ``dry_run`` (a query parameter) silently and imported
    for real. No JSON body may ignore a member it does not know: it is a typo or a
    parameter in the wrong place, and acting anyway does what was not asked."""
    bodies = [
        (operation["operationId"], content["schema"])
        for _, _, operation in _operations(document)
        for media, content in operation.get("requestBody", {}).get("content", {}).items()
        if media == "application/json"
    ]
    assert "importUsers" in {operation for operation, _ in bodies}
    lenient = [
        (operation, name)
        for operation, schema in bodies
        for name, found in _objects(schema, document, set())
        if found.get("additionalProperties") is not False
    ]
    assert lenient == []
