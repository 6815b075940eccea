"""v1 path normalisation (spec 1.2)."""

from __future__ import annotations

import pytest

from chamberlain.api.clc_v1.paths import Format, UnknownFormat, V1Path, parse_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/REST/Auth/Logon/", V1Path("auth", "logon", None)),
        ("/REST/Auth/Logout/", V1Path("auth", "logout", None)),
        ("/REST//Auth/logon", V1Path("auth", "logon", None)),
        ("/REST/Auth/Logon", V1Path("auth", "logon", None)),
        ("/REST/User/GetUsers/JSON", V1Path("user", "getusers", Format.JSON)),
        ("/REST/User/CreateUser/JSON/", V1Path("user", "createuser", Format.JSON)),
        ("/rest/auth/logon/json", V1Path("auth", "logon", Format.JSON)),
        ("/REST/Blueprint/GetPendingPackages/", V1Path("blueprint", "getpendingpackages", None)),
        ("/REST/Account/GetAccounts/XML", V1Path("account", "getaccounts", Format.XML)),
        ("/Rest/Account/GetAccounts/Xml", V1Path("account", "getaccounts", Format.XML)),
        ("//REST///User//GetUserDetails///json//", V1Path("user", "getuserdetails", Format.JSON)),
        ("REST/Auth/Logon", V1Path("auth", "logon", None)),
    ],
)
def test_spec_path_variants(path: str, expected: V1Path) -> None:
    assert parse_path(path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "/REST",
        "/REST/",
        "/REST/Auth",
        "/REST/Auth/",
        "/REST/User/GetUsers/JSON/extra",
        "/v2/authentication/login",
        "/v2/accounts/ABCD/users",
        "/health",
        "/SOAP/auth.asmx/Logon",
        "/RESTX/Auth/Logon",
        "/api/REST/Auth/Logon",
    ],
)
def test_non_v1_paths(path: str) -> None:
    assert parse_path(path) is None


@pytest.mark.parametrize(
    "path",
    [
        "/REST/User/GetUsers/HTML",
        "/REST/User/GetUsers/.json",
        "/REST/User/GetUsers/json5",
        "/REST/User/GetUsers/SOAP/",
    ],
)
def test_unknown_format(path: str) -> None:
    with pytest.raises(UnknownFormat) as caught:
        parse_path(path)
    assert isinstance(caught.value, ValueError)


def test_format_values() -> None:
    assert Format("json") is Format.JSON
    assert Format("xml") is Format.XML
