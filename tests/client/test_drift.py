"""The SDK and the server must not drift apart.

Every operation in ``chamberlain.client._operations.OPERATIONS`` must exist in the
server's OpenAPI document with the same id, method, path, and names for every query
parameter, header and body field the SDK may send; the keyword arguments the SDK takes
must be among those names; every server operation must be wrapped (SCIM tokens aside);
and the SDK must read every problem code the REST face can answer as the right class.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Route

import chamberlain
from chamberlain import errors as server_errors
from chamberlain.api.rest.app import create_rest_app
from chamberlain.api.rest.problems import status_of
from chamberlain.app import create_app
from chamberlain.client import (
    AccountChanges,
    AuditFilters,
    NewAccount,
    NewUser,
    UserChanges,
    UserFilters,
)
from chamberlain.client import _operations as ops
from chamberlain.client._errors import CODES, error_class
from chamberlain.client._version import __version__
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# Operations the SDK leaves out on purpose (docs/sdk.md, "What it covers").
NOT_WRAPPED_TAGS = {"scim-tokens"}
# Problem codes the REST face writes itself, besides the domain errors' codes.
FACE_CODES = {"precondition_required", "invalid_idempotency_key", "not_found"}


@pytest.fixture(scope="module")
def bare_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A runtime to build the apps on (their documents need no database)."""
    folder = tmp_path_factory.mktemp("drift")
    rt = Runtime.from_settings(Settings(database_url=f"sqlite:///{folder}/unused.sqlite"))
    yield rt
    rt.close()


@pytest.fixture(scope="module")
def spec(bare_runtime: Runtime) -> dict[str, Any]:
    document: dict[str, Any] = create_rest_app(bare_runtime).openapi()
    return document


def _operation(spec: dict[str, Any], op: ops.Operation) -> dict[str, Any]:
    assert op.path in spec["paths"], f"{op.id}: no path {op.path}"
    methods = spec["paths"][op.path]
    assert op.method.lower() in methods, f"{op.id}: no {op.method} {op.path}"
    found: dict[str, Any] = methods[op.method.lower()]
    assert found["operationId"] == op.id
    return found


def _parameters(found: dict[str, Any], where: str) -> dict[str, bool]:
    """Name -> required, of the operation's parameters in ``where``."""
    return {
        p["name"].lower() if where == "header" else p["name"]: bool(p.get("required"))
        for p in found.get("parameters", [])
        if p["in"] == where
    }


def _schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _body(spec: dict[str, Any], found: dict[str, Any]) -> dict[str, Any] | None:
    content = found.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _schema(spec, content["application/json"]["schema"])


def _keys(typed_dict: Any) -> set[str]:
    return set(typed_dict.__required_keys__) | set(typed_dict.__optional_keys__)


def test_the_table_lists_every_operation_once() -> None:
    defined = [v for v in vars(ops).values() if isinstance(v, ops.Operation)]
    assert sorted(op.id for op in ops.OPERATIONS) == sorted(op.id for op in defined)
    assert len({op.id for op in ops.OPERATIONS}) == len(ops.OPERATIONS)


# Ids by operation id: an Operation's str shows frozensets, whose order changes with the
# hash seed of each process, and xdist's workers must collect the same ids.
@pytest.mark.parametrize(
    "op", [op for op in ops.OPERATIONS if op.in_openapi], ids=lambda op: str(op.id)
)
def test_every_call_exists_with_the_same_parameters(
    spec: dict[str, Any], op: ops.Operation
) -> None:
    found = _operation(spec, op)
    assert set(re.findall(r"{(\w+)}", op.path)) == set(_parameters(found, "path"))
    query = _parameters(found, "query")
    assert op.query <= set(query), f"{op.id}: the server has no {op.query - set(query)}"
    assert {name for name, required in query.items() if required} <= op.query
    headers = {name.lower() for name in op.headers}
    assert headers <= set(_parameters(found, "header")), op.id
    body = _body(spec, found)
    fields = set() if body is None else set(body.get("properties", {}))
    assert op.body <= fields, f"{op.id}: the server has no {op.body - fields}"
    assert set(body.get("required", []) if body else []) <= op.body, op.id


def test_the_v2_login_exists(bare_runtime: Runtime) -> None:
    routes = [r for r in create_app(bare_runtime).routes if isinstance(r, Route)]
    assert any(r.path == ops.V2_LOGIN.path and "POST" in (r.methods or ()) for r in routes), (
        "no POST /v2/authentication/login"
    )


def test_keyword_arguments_are_fields_the_server_knows(spec: dict[str, Any]) -> None:
    pairs = [
        (NewUser, ops.CREATE_USER.body), (UserChanges, ops.UPDATE_USER.body),
        (NewAccount, ops.CREATE_CHILD_ACCOUNT.body), (AccountChanges, ops.UPDATE_ACCOUNT.body),
        (UserFilters, ops.LIST_USERS.query), (AuditFilters, ops.LIST_AUDIT_EVENTS.query),
    ]  # fmt: skip
    for typed_dict, names in pairs:
        assert _keys(typed_dict) <= names, typed_dict.__name__
    # A bulk import item is a user to create.
    bulk = _body(spec, _operation(spec, ops.IMPORT_USERS))
    assert bulk is not None
    item = _schema(spec, bulk["properties"]["users"]["items"])
    assert _keys(NewUser) <= set(item["properties"])
    assert set(item["required"]) <= NewUser.__required_keys__


def test_every_server_operation_is_wrapped(spec: dict[str, Any]) -> None:
    wrapped = {op.id for op in ops.OPERATIONS}
    offered = {
        found["operationId"]
        for methods in spec["paths"].values()
        for found in methods.values()
        if not NOT_WRAPPED_TAGS & set(found.get("tags", ()))
    }
    assert offered - wrapped == set()


def _instance(kind: type[server_errors.ChamberlainError]) -> server_errors.ChamberlainError:
    """An instance of a server error, whatever its constructor takes."""
    needed = [
        p
        for p in inspect.signature(kind).parameters.values()
        if p.default is inspect.Parameter.empty
    ]
    return kind(*["x"] * len(needed))


def _server_errors() -> list[type[server_errors.ChamberlainError]]:
    found, pending = [], [server_errors.ChamberlainError]
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    return [k for k in found if k.__module__ == server_errors.__name__]


def test_every_problem_code_maps_to_a_class_of_its_status() -> None:
    codes = set()
    for kind in _server_errors():
        status = status_of(_instance(kind))
        chosen = error_class(kind.code, status)
        assert chosen.default_status == status, (kind.code, status, chosen.__name__)
        codes.add(kind.code)
    assert set(CODES) - codes - FACE_CODES == set(), "codes the server never writes"


def test_versions_agree() -> None:
    packaging = tomllib.loads(
        (ROOT / "packaging" / "chamberlain-client" / "pyproject.toml").read_text()
    )
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert __version__ == chamberlain.__version__ == packaging["project"]["version"]
    assert (
        f"chamberlain-client=={__version__}" in root["project"]["optional-dependencies"]["client"]
    )
    source = packaging["tool"]["setuptools"]["package-dir"]["chamberlain.client"]
    assert (ROOT / "packaging" / "chamberlain-client" / source).resolve() == (
        ROOT / "src" / "chamberlain" / "client"
    )
