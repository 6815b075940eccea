"""Every domain error has its own row in the REST face's one mapping: none falls through
to a guessed status."""

from __future__ import annotations

import pytest

from chamberlain import errors
from chamberlain.api.rest.problems import _STATUS, status_of
from tests.support.domain_errors import domain_errors


@pytest.mark.parametrize("kind", domain_errors(), ids=lambda kind: kind.__name__)
def test_every_domain_error_maps_to_a_listed_status(kind: type[errors.ChamberlainError]) -> None:
    assert any(issubclass(kind, listed) for listed, _ in _STATUS), kind


def test_an_unlisted_error_is_a_server_error_not_a_bad_request() -> None:
    class Unlisted(errors.ChamberlainError):
        code = "unlisted"

    assert status_of(Unlisted()) == 500
