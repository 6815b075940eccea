"""The SCIM face's one error mapping, and what the face is built on."""

from __future__ import annotations

import subprocess
import sys

import pytest

from chamberlain import errors
from chamberlain.api.scim.errors import answer_of, problem_of
from chamberlain.services import scim as scim_service
from tests.scim.scim import Scim, scim_error
from tests.support.domain_errors import domain_errors


@pytest.mark.parametrize("kind", domain_errors(), ids=lambda kind: kind.__name__)
def test_every_domain_error_has_a_scim_answer(kind: type[errors.ChamberlainError]) -> None:
    answer = answer_of(kind)
    assert answer is not None, f"{kind.__name__} has no row in api/scim/errors.py"
    status, scim_type = answer
    assert 400 <= status < 600
    assert scim_type is None or status == 400 or (status, scim_type) == (409, "uniqueness")


def test_an_unmapped_error_is_a_bug_not_a_bad_request(
    scim: Scim, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert answer_of(errors.ChamberlainError) is None
    unmapped = problem_of(errors.ChamberlainError("what went wrong"))
    assert (unmapped.status, unmapped.scim_type) == (500, None)
    assert "what went wrong" not in unmapped.detail
    problem = problem_of(errors.GroupExists("ROOT-9", "Account Administrator"))
    assert (problem.status, problem.scim_type) == (409, "uniqueness")
    assert "ROOT-9" in problem.detail

    def broken(*args: object) -> None:
        raise errors.ChamberlainError("a service raised what no face maps")

    monkeypatch.setattr(scim_service, "users_page", broken)
    detail = scim_error(scim.get("/Users"), 500)
    assert "a service raised" not in detail
    assert "scim GET failed" in caplog.text  # logged with its traceback, as a bug


def test_a_group_named_like_a_role_exists(scim: Scim) -> None:
    detail = scim_error(
        scim.post("/Groups", json={"displayName": " dns MANAGER"}), 409, "uniqueness"
    )
    assert "ROOT-8" in detail


def test_the_face_stands_on_neither_fastapi_nor_the_rest_face() -> None:
    probe = (
        "import sys, chamberlain.api.scim.app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'fastapi'"
        " or m.startswith('chamberlain.api.rest')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
