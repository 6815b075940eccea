"""One table of exit codes: the SDK's errors map onto it, and --help and docs/cli.md show
it as it is."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from chamberlain.cli.exit_codes import MEANINGS, ExitCode, exit_code_of, failure_of
from chamberlain.cli.main import main
from chamberlain.client import (
    ApiError,
    AuthenticationError,
    BadRequest,
    ChamberlainError,
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    PreconditionRequired,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    Timeout,
    TransportError,
    UnexpectedResponse,
    ValidationError,
)
from chamberlain.client._errors import error_from_response

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"

CASES: list[tuple[ChamberlainError, ExitCode]] = [
    (AuthenticationError("x"), ExitCode.NOT_AUTHENTICATED),
    (PermissionDenied("x"), ExitCode.PERMISSION_DENIED),
    (NotFound("x"), ExitCode.NOT_FOUND),
    (Conflict("x"), ExitCode.CONFLICT),
    (PreconditionFailed("x"), ExitCode.CONFLICT),
    (PreconditionRequired("x"), ExitCode.CONFLICT),
    (BadRequest("x"), ExitCode.INVALID_INPUT),
    (ValidationError("x"), ExitCode.INVALID_INPUT),
    (RateLimited("x"), ExitCode.UNAVAILABLE),
    (ServiceUnavailable("x"), ExitCode.UNAVAILABLE),
    (ServerError("x"), ExitCode.SERVER_ERROR),
    (ServerError("x", status=502), ExitCode.SERVER_ERROR),
    (TransportError("x", sent=False), ExitCode.UNREACHABLE),
    (Timeout("x", sent=True), ExitCode.UNREACHABLE),
    (UnexpectedResponse("x"), ExitCode.FAILURE),
    (ApiError("x", status=413), ExitCode.FAILURE),
]


@pytest.mark.parametrize(("error", "code"), CASES, ids=lambda v: type(v).__name__)
def test_each_sdk_error_has_its_exit_code(error: ChamberlainError, code: ExitCode) -> None:
    assert exit_code_of(error) is code
    assert failure_of(error).exit_code == code


def test_the_message_names_the_kind_the_fields_and_what_to_do() -> None:
    response = httpx.Response(
        422,
        json={
            "code": "invalid_request",
            "detail": "the request does not fit the schema",
            "errors": [{"location": ["body", "city"], "message": "Field required"}],
        },
    )
    failure = failure_of(error_from_response(response))
    assert failure.message == (
        "invalid input: the request does not fit the schema (422 invalid_request); "
        "city: Field required"
    )
    expired = failure_of(AuthenticationError("authentication failed", status=401))
    assert expired.message.startswith("not authenticated: authentication failed (401")
    assert "chamberlain login" in expired.message


def test_every_code_has_a_meaning_and_help_shows_them() -> None:
    assert list(MEANINGS) == list(ExitCode)
    shown = CliRunner().invoke(main, ["--help"]).stdout
    for code, meaning in MEANINGS.items():
        assert re.search(rf"^\s+{int(code)}\s+{re.escape(meaning)}$", shown, re.MULTILINE), code


def test_the_guide_lists_the_same_codes() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", DOCS.read_text(), re.MULTILINE)
    assert rows == [(str(int(code)), meaning) for code, meaning in MEANINGS.items()]
