"""The exit codes of ``chamberlain``: one table, keyed by the SDK's exception tree.

Local commands fail with 1 (``click.ClickException``) and wrong usage is 2 (click's own),
as before the remote commands came. A remote command's failure exits with the code of
the first row of ``SDK_ERRORS`` whose exception class matches; ``MEANINGS`` is the table
that ``chamberlain --help`` and docs/cli.md show (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum

import click

from chamberlain.client import (
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
    TransportError,
    ValidationError,
)


class ExitCode(IntEnum):
    """What a non-zero exit status means."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    NOT_AUTHENTICATED = 3
    PERMISSION_DENIED = 4
    NOT_FOUND = 5
    CONFLICT = 6
    INVALID_INPUT = 7
    UNAVAILABLE = 8
    SERVER_ERROR = 9
    UNREACHABLE = 10
    ROWS_FAILED = 11


MEANINGS: Mapping[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.FAILURE: "any other failure (a local command's error, an unreadable answer)",
    ExitCode.USAGE: "wrong usage: an unknown option, a missing argument",
    ExitCode.NOT_AUTHENTICATED: "not logged in, token expired or revoked, credentials refused",
    ExitCode.PERMISSION_DENIED: "permission denied (403)",
    ExitCode.NOT_FOUND: "not found, or outside your account tree (404)",
    ExitCode.CONFLICT: "conflict or precondition: name taken, changed meanwhile (409, 412, 428)",
    ExitCode.INVALID_INPUT: "invalid input (400, 422)",
    ExitCode.UNAVAILABLE: "rate limited or unavailable, after the SDK's retries (429, 503)",
    ExitCode.SERVER_ERROR: "server error (other 5xx)",
    ExitCode.UNREACHABLE: "cannot reach the server (connection failed, timeout)",
    ExitCode.ROWS_FAILED: "`users import` finished, but some rows failed",
}

# First match wins: ServiceUnavailable is a ServerError, Timeout a TransportError.
SDK_ERRORS: tuple[tuple[type[ChamberlainError], ExitCode], ...] = (
    (AuthenticationError, ExitCode.NOT_AUTHENTICATED),
    (PermissionDenied, ExitCode.PERMISSION_DENIED),
    (NotFound, ExitCode.NOT_FOUND),
    (Conflict, ExitCode.CONFLICT),
    (PreconditionFailed, ExitCode.CONFLICT),
    (PreconditionRequired, ExitCode.CONFLICT),
    (BadRequest, ExitCode.INVALID_INPUT),
    (ValidationError, ExitCode.INVALID_INPUT),
    (RateLimited, ExitCode.UNAVAILABLE),
    (ServiceUnavailable, ExitCode.UNAVAILABLE),
    (ServerError, ExitCode.SERVER_ERROR),
    (TransportError, ExitCode.UNREACHABLE),
)

# How a failure's message starts, and what to do about it.
_LABELS = {
    ExitCode.NOT_AUTHENTICATED: "not authenticated",
    ExitCode.PERMISSION_DENIED: "permission denied",
    ExitCode.NOT_FOUND: "not found",
    ExitCode.CONFLICT: "conflict",
    ExitCode.INVALID_INPUT: "invalid input",
    ExitCode.UNAVAILABLE: "unavailable",
    ExitCode.SERVER_ERROR: "server error",
    ExitCode.UNREACHABLE: "cannot reach the server",
}
_HINTS = {
    ExitCode.NOT_AUTHENTICATED: "the token expired or was revoked: run `chamberlain login`",
}


class CliFailure(click.ClickException):
    """A failure that exits with ``code`` (click prints ``Error: <message>`` on stderr)."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        # click exits with the instance's value; its stub calls the attribute a ClassVar.
        self.exit_code = int(code)  # type: ignore[misc]


def exit_code_of(error: ChamberlainError) -> ExitCode:
    """The exit code of an SDK error (1 for one the table does not name)."""
    return next((code for kind, code in SDK_ERRORS if isinstance(error, kind)), ExitCode.FAILURE)


def field_issues(error: ChamberlainError) -> str:
    """The fields a validation problem names (``; address1: Field required``), if any."""
    issues = getattr(error, "problem", {}).get("errors")
    if not isinstance(issues, list):
        return ""
    named = [
        f"{'.'.join(str(p) for p in i.get('location', [])[1:])}: {i.get('message')}"
        for i in issues
        if isinstance(i, dict)
    ]
    return "; " + "; ".join(named) if named else ""


def failure_of(error: ChamberlainError) -> CliFailure:
    """The CLI failure of an SDK error: its message, the fields at fault, a hint."""
    code = exit_code_of(error)
    label = _LABELS.get(code, "failed")
    hint = _HINTS.get(code)
    message = f"{label}: {error}{field_issues(error)}" + (f"; {hint}" if hint else "")
    return CliFailure(message, code)


def epilog() -> str:
    """The exit-code table for ``chamberlain --help`` (``\\b``: click keeps the lines)."""
    lines = [f"  {int(code):>2}  {meaning}" for code, meaning in MEANINGS.items()]
    return "\b\nExit codes:\n" + "\n".join(lines)
