"""No face makes its own request id or maps domain errors outside its one error table.

A check of the source: it reads every module of the faces (``app.py``, ``api/``,
``portal/``) and refuses

- a request id made anywhere but ``api/pipeline.py``: importing ``uuid``, or giving a
  value to anything named ``request_id`` other than by reading the pipeline's
  (``request_id_of``), or writing one into a request's state;
- a domain error mapped outside a table: ``isinstance``/``issubclass`` against a domain
  error class (the base ``ChamberlainError`` aside: "is it a domain error at all" maps
  nothing), or a ``try`` whose handlers name two or more domain error classes (an
  ``except`` chain is an ordered table).

The checker is tested on snippets that break each rule, so a check that passes is one
that looks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "chamberlain"
PIPELINE = SRC / "api" / "pipeline.py"
FACE_MODULES = sorted(
    [SRC / "app.py", *(SRC / "api").rglob("*.py"), *(SRC / "portal").rglob("*.py")]
)
READER = "request_id_of"


def _domain_error_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to ``chamberlain.errors`` classes, and names of that module itself."""
    classes, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "chamberlain.errors":
            classes |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "chamberlain":
            modules |= {
                alias.asname or alias.name for alias in node.names if alias.name == "errors"
            }
    return classes, modules


def _specific_errors(node: ast.AST | None, classes: set[str], modules: set[str]) -> list[str]:
    """The domain error classes other than the base that ``node`` names."""
    if node is None:
        return []
    found = []
    for part in ast.walk(node):
        if isinstance(part, ast.Name) and part.id in classes:
            found.append(part.id)
        elif (
            isinstance(part, ast.Attribute)
            and isinstance(part.value, ast.Name)
            and part.value.id in modules
        ):
            found.append(part.attr)
    return [name for name in found if name != "ChamberlainError"]


def _names_request_id(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "request_id") or (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == "request_id"
    )


def _reads_request_id(value: ast.AST) -> bool:
    """Whether ``value`` reads the pipeline's id: ``request_id_of(...)``, a request's
    ``.request_id`` or ``["request_id"]``, or a plain name holding one."""
    if isinstance(value, ast.Call):
        return isinstance(value.func, ast.Name) and value.func.id == READER
    return isinstance(value, ast.Name) or _names_request_id(value)


def _makes_request_id(node: ast.AST) -> bool:
    """Whether an assignment gives a request id a value (reading the pipeline's aside)."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return False
    for target in targets:
        if _names_request_id(target):
            return True  # request.state.request_id = ..., scope["state"]["request_id"] = ...
        if isinstance(target, ast.Name) and "request_id" in target.id:
            return not _reads_request_id(value)
    return False


def violations(source: str) -> list[str]:
    """What breaks the rules above in one face module's source."""
    tree = ast.parse(source)
    classes, modules = _domain_error_names(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import) and any(a.name == "uuid" for a in node.names):
            found.append(f"{line}: imports uuid (request ids are the pipeline's)")
        elif isinstance(node, ast.ImportFrom) and node.module == "uuid":
            found.append(f"{line}: imports from uuid (request ids are the pipeline's)")
        elif _makes_request_id(node):
            found.append(f"{line}: makes a request id (read it with {READER})")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("isinstance", "issubclass")
            and len(node.args) == 2
            and (named := _specific_errors(node.args[1], classes, modules))
        ):
            found.append(f"{line}: {node.func.id} against {', '.join(named)} (use the table)")
        elif isinstance(node, ast.Try):
            caught = [
                name
                for handler in node.handlers
                for name in _specific_errors(handler.type, classes, modules)
            ]
            if len(caught) > 1:
                found.append(f"{line}: an except chain over {', '.join(caught)} (use the table)")
    return found


def _relative(path: Path) -> str:
    return str(path.relative_to(SRC))


@pytest.mark.parametrize("path", [p for p in FACE_MODULES if p != PIPELINE], ids=_relative)
def test_no_face_makes_request_ids_or_maps_errors_outside_its_table(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8")) == []


def test_the_pipeline_is_where_request_ids_are_made() -> None:
    source = PIPELINE.read_text(encoding="utf-8")
    assert "uuid.uuid4().hex" in source
    assert any("imports uuid" in found for found in violations(source))


BROKEN = {
    "uuid": "import uuid\n",
    "from uuid": "from uuid import uuid4\n",
    "state attribute": "def f(request):\n    request.state.request_id = 'x'\n",
    "scope state": "def f(scope):\n    scope['state']['request_id'] = 'x'\n",
    "own token": "import secrets\nrequest_id = secrets.token_hex(16)\n",
    "dataclass default": (
        "from dataclasses import dataclass, field\n"
        "@dataclass\nclass Visit:\n    request_id: str = field(default_factory=str)\n"
    ),
    "isinstance by name": (
        "from chamberlain.errors import UserNotFound\n"
        "def f(e):\n    return isinstance(e, UserNotFound)\n"
    ),
    "isinstance by module": (
        "from chamberlain import errors\n"
        "def f(e):\n    return isinstance(e, errors.Throttled | errors.TooManyLookups)\n"
    ),
    "issubclass in a tuple": (
        "from chamberlain import errors\n"
        "def f(k):\n    return issubclass(k, (errors.ChamberlainError, errors.UserExists))\n"
    ),
    "except chain": (
        "from chamberlain.errors import AuthenticationFailed, Throttled\n"
        "def f(g):\n    try:\n        g()\n    except Throttled:\n        return 429\n"
        "    except AuthenticationFailed:\n        return 400\n"
    ),
}


@pytest.mark.parametrize("source", BROKEN.values(), ids=BROKEN.keys())
def test_the_check_finds_each_kind_of_breach(source: str) -> None:
    assert violations(source)


def test_the_check_lets_faces_read_ids_and_catch_domain_errors() -> None:
    allowed = (
        "from chamberlain import errors\n"
        "from chamberlain.api.pipeline import request_id_of\n"
        "def f(request, g):\n"
        "    request_id = request_id_of(request)\n"
        "    assert isinstance(g, errors.ChamberlainError)\n"
        "    try:\n        g(request_id=request_id)\n"
        "    except errors.AuthenticationFailed:\n        return None\n"
        "    except errors.ChamberlainError as exc:\n        return exc\n"
    )
    assert violations(allowed) == []
