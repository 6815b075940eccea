"""Account aliases and the account tree (spec 5.1 and 12)."""

from __future__ import annotations

import pytest

from chamberlain.domain.accounts import (
    Account,
    AccountStatus,
    child_path,
    generate_alias,
    is_within,
    normalise_alias,
    parent_alias_of,
)
from chamberlain.errors import InvalidAlias, InvalidField


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("ab", "AB"),
        ("AB", "AB"),
        ("t3n", "T3N"),
        ("abcd", "ABCD"),
        ("a1B2", "A1B2"),
        ("12", "12"),
        ("  xy  ", "XY"),
        ("\tmda\n", "MDA"),
    ],
)
def test_normalise_alias_accepts_two_to_four_ascii_letters_or_digits(raw: str, stored: str) -> None:
    assert normalise_alias(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("A", id="one-char"),
        pytest.param(" A ", id="one-char-padded"),
        pytest.param("ABCDE", id="five-chars"),
        pytest.param("ＡＢ", id="full-width"),
        pytest.param("AＢ", id="half-full-width"),
        pytest.param("A-B", id="hyphen"),
        pytest.param("A.B", id="dot"),
        pytest.param("A_B", id="underscore"),
        pytest.param("A B", id="inner-space"),
        pytest.param("AB!", id="bang"),
        pytest.param("١٢", id="arabic-indic-digits"),
        pytest.param("²³", id="superscript-digits"),
        pytest.param("ÀB", id="accented"),
        pytest.param("ΑΒ", id="greek-look-alike"),
        pytest.param("ß", id="sharp-s-upper-cases-to-SS"),
        pytest.param("ﬀ", id="ff-ligature-upper-cases-to-FF"),
        pytest.param("aſ", id="long-s-upper-cases-to-S"),
        pytest.param("ı1", id="dotless-i-upper-cases-to-I"),
    ],
)
def test_normalise_alias_refuses(raw: str) -> None:
    with pytest.raises(InvalidAlias) as caught:
        normalise_alias(raw)
    assert isinstance(caught.value, InvalidField)
    assert caught.value.field == "account_alias"


def test_generate_alias_is_four_upper_case_ascii_letters_and_varies() -> None:
    drawn = {generate_alias() for _ in range(200)}
    for alias in drawn:
        assert len(alias) == 4
        assert alias.isascii()
        assert alias.isalpha()
        assert alias.isupper()
        assert normalise_alias(alias) == alias
    assert len(drawn) > 150


@pytest.mark.parametrize(
    ("parent", "alias", "path"),
    [
        (None, "T3N", "/T3N/"),
        ("/", "T3N", "/T3N/"),
        ("/T3N/", "ABCD", "/T3N/ABCD/"),
        ("/T3N/ABCD/", "XY", "/T3N/ABCD/XY/"),
    ],
)
def test_child_path(parent: str | None, alias: str, path: str) -> None:
    assert child_path(parent, alias) == path


@pytest.mark.parametrize(
    ("path", "parent"),
    [
        ("/T3N/", None),
        ("/T3N/ABCD/", "T3N"),
        ("/T3N/ABCD/XY/", "ABCD"),
    ],
)
def test_parent_alias_of(path: str, parent: str | None) -> None:
    assert parent_alias_of(path) == parent


@pytest.mark.parametrize(
    ("tree", "path", "inside"),
    [
        ("/ROOT/", "/ROOT/", True),
        ("/ROOT/", "/ROOT/A/", True),
        ("/ROOT/", "/ROOT/A/B/", True),
        ("/ROOT/A/", "/ROOT/A/", True),
        ("/ROOT/A/", "/ROOT/A/B/", True),
        ("/ROOT/A/", "/ROOT/AB/", False),
        ("/ROOT/AB/", "/ROOT/A/", False),
        ("/ROOT/A/", "/ROOT/", False),
        ("/ROOT/A/", "/ROOT/B/", False),
        ("/ROOT/", "/ROOTX/", False),
        ("/ROOT/", "/OTHER/ROOT/", False),
        ("/", "/ROOT/A/", True),
    ],
)
def test_is_within_is_a_whole_segment_prefix_test(tree: str, path: str, inside: bool) -> None:
    assert is_within(tree, path) is inside


def _account(path: str, status: AccountStatus) -> Account:
    return Account(
        id=1,
        alias=path.strip("/").rsplit("/", 1)[-1],
        path=path,
        location="WA1",
        business_name="Example",
        time_zone="Pacific Standard Time",
        status=status,
        share_parent_networks=False,
        support_level="developer",
    )


@pytest.mark.parametrize(
    ("status", "active"),
    [
        (AccountStatus.ACTIVE, True),
        (AccountStatus.DEMO, True),
        (AccountStatus.DISABLED, False),
        (AccountStatus.DELETED, False),
    ],
)
def test_account_is_active_and_parent(status: AccountStatus, active: bool) -> None:
    account = _account("/T3N/ABCD/", status)
    assert account.is_active is active
    assert account.parent_alias == "T3N"
    assert _account("/T3N/", status).parent_alias is None


def test_account_status_values_match_spec() -> None:
    assert [(s.name, int(s)) for s in AccountStatus] == [
        ("ACTIVE", 1),
        ("DISABLED", 2),
        ("DELETED", 3),
        ("DEMO", 4),
    ]
