"""Every face has one error table, looked up by the error's type, and every domain error
has an answer in each."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import chamberlain.api
import chamberlain.portal
from chamberlain import errors
from chamberlain.api.clc_v1.codes import UNKNOWN_ERROR, error_reply
from chamberlain.api.error_tables import ErrorTable
from chamberlain.api.rest.problems import error_problem
from chamberlain.api.scim.errors import problem_of
from chamberlain.api.v2.login import error_answer
from chamberlain.portal.messages import answer_for
from tests.support.domain_errors import domain_errors

FACES = {"v1", "rest", "scim", "v2", "portal"}


def _face_tables() -> list[ErrorTable[object]]:
    """Every ``ErrorTable`` held by a module of the faces (each object once)."""
    found: dict[int, ErrorTable[object]] = {}
    for package in (chamberlain.api, chamberlain.portal):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, ErrorTable):
                    found[id(value)] = value
    return list(found.values())


def _instance(kind: type[errors.ChamberlainError]) -> errors.ChamberlainError:
    """An instance of a domain error, whatever its constructor takes (numbers where a
    number is meant: ``retry_after``)."""
    needed = [p for p in inspect.signature(kind).parameters.values() if p.default is p.empty]
    args: list[Any] = [7 if p.name == "retry_after" else "x" for p in needed]
    return kind(*args)


def test_each_face_keeps_exactly_one_table() -> None:
    faces = sorted(table.face for table in _face_tables())
    assert faces == sorted(FACES)


@pytest.mark.parametrize("kind", domain_errors(), ids=lambda kind: kind.__name__)
def test_every_domain_error_has_a_row_in_every_face(kind: type[errors.ChamberlainError]) -> None:
    for table in _face_tables():
        listed = table.row_of(kind)
        assert listed is not None, f"{kind.__name__} has no row in the {table.face} table"
        assert listed is not errors.ChamberlainError


# Errors a face answers as the original service or as a bug, on purpose (listed in its
# table with that answer).
_V1_UNKNOWN = {
    errors.AlreadyInitialised, errors.GroupExists, errors.InvalidFilter, errors.InvalidPath,
    errors.LinkNotUsable, errors.MutabilityViolation, errors.NoTarget, errors.TooManyResults,
    errors.UnsupportedOperation,
    errors.ServiceUnavailable, errors.HasherBusy,  # Unknown Error, as HTTP 503
}  # fmt: skip
_V2_NEVER = set(domain_errors()) - {
    errors.InvalidRequest, errors.UnknownParameter, errors.AuthenticationFailed,
    errors.Throttled, errors.ServiceUnavailable, errors.HasherBusy,
}  # fmt: skip
_PORTAL_NEVER = {
    errors.AlreadyInitialised, errors.GroupExists, errors.IdempotencyInProgress,
    errors.IdempotencyKeyReused, errors.InvalidFilter, errors.InvalidPath,
    errors.LinkNotUsable, errors.MutabilityViolation, errors.NoTarget,
    errors.TooManyResults, errors.UnsupportedOperation,
}  # fmt: skip


# Whether a face answered an error with its row's answer, not with what it answers an
# error without a row (v1: Unknown Error; the others: a 500), unless its row says so.
ANSWERED: dict[str, Callable[[errors.ChamberlainError], bool]] = {
    "v1": lambda error: (
        error_reply(error).status_code != UNKNOWN_ERROR or type(error) in _V1_UNKNOWN
    ),
    "rest": lambda error: error_problem(error, "r").status_code != 500,
    "scim": lambda error: problem_of(error).status != 500,
    "v2": lambda error: error_answer(error).status_code != 500 or type(error) in _V2_NEVER,
    "portal": lambda error: answer_for(error).status != 500 or type(error) in _PORTAL_NEVER,
}


@pytest.mark.parametrize("face", sorted(ANSWERED))
@pytest.mark.parametrize("kind", domain_errors(), ids=lambda kind: kind.__name__)
def test_every_row_answers_an_error_of_its_class(
    face: str, kind: type[errors.ChamberlainError]
) -> None:
    """Rows that read the error (a field, ``retry_after``) are run on real instances."""
    assert ANSWERED[face](_instance(kind)), (face, kind.__name__)


class _Base(errors.ChamberlainError):
    code = "base"


class _Child(_Base):
    code = "child"


class _Grandchild(_Child):
    code = "grandchild"


@pytest.mark.parametrize(
    "rows", [[(_Base, "base"), (_Child, "child")], [(_Child, "child"), (_Base, "base")]]
)
def test_the_nearest_class_wins_whatever_the_order_of_the_rows(
    rows: list[tuple[type[errors.ChamberlainError], str]],
) -> None:
    table = ErrorTable("test", dict(rows))
    assert table.get(_Grandchild) == "child"
    assert table.row_of(_Grandchild) is _Child
    assert table.get(_Base) == "base"
    assert table.get(errors.UserExists) is None


def test_no_table_may_answer_every_error_at_once() -> None:
    with pytest.raises(ValueError, match="ChamberlainError"):
        ErrorTable("test", {errors.ChamberlainError: 500})
