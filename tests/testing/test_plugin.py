"""The plugin as a user's project meets it: loaded by its entry point, no conftest needed."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

USER_TEST = """
import requests

def test_logon(chamberlain_server):
    reply = requests.post(
        chamberlain_server.v1_url + "Auth/Logon/",
        json={"APIKey": chamberlain_server.api_key, "Password": chamberlain_server.password},
        timeout=10,
    )
    assert reply.json()["StatusCode"] == 0
"""


def test_the_entry_point_provides_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USER_TEST)
    result = pytester.runpytest("-W", "error", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_plugin_can_be_switched_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USER_TEST)
    result = pytester.runpytest("-p", "no:chamberlain", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'chamberlain_server' not found*"])


def test_the_marker_is_declared_and_passes_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.chamberlain(root_alias="MOD")

        def test_module_marker(chamberlain_server):
            assert chamberlain_server.root_alias == "MOD"

        @pytest.mark.chamberlain(root_alias="FN", deterministic_ids=True)
        def test_closest_marker_wins(chamberlain_server):
            assert chamberlain_server.root_alias == "FN"
            assert chamberlain_server.password == "emulator-password-000001"
        """
    )
    result = pytester.runpytest("--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_misused_marker_fails_the_test_with_a_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.chamberlain("ACME")
        def test_positional(chamberlain_server):
            pass

        @pytest.mark.chamberlain(alias="ACME")
        def test_unknown_option(chamberlain_server):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.chamberlain: takes keyword arguments only*",
            "*@pytest.mark.chamberlain: *unexpected keyword argument 'alias'*",
        ]
    )
