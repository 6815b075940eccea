"""User names, create/update validation and the user lifecycle (spec 4, 7, 12)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from chamberlain.domain.users import (
    LifecycleAction,
    NewUser,
    Profile,
    UserStatus,
    UserUpdate,
    next_status,
    user_name_key,
    validate_new_user,
    validate_user_update,
)
from chamberlain.errors import FieldRequired, InvalidEmail, InvalidField, InvalidRoles

VALID: dict[str, Any] = {
    "user_name": "jdoe",
    "account_alias": "ABCD",
    "email": "jdoe@example.com",
    "first_name": "Jane",
    "last_name": "Doe",
    "optional": {},
    "allow_sms": None,
    "roles": None,
}


def _new(**changes: Any) -> NewUser:
    return validate_new_user(**(VALID | changes))


def _update(**changes: Any) -> UserUpdate:
    values = {k: v for k, v in (VALID | changes).items() if k != "account_alias"}
    return validate_user_update(**values)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("JDoe", "jdoe"),
        ("ＪＤｏｅ", "jdoe"),
        ("  jdoe ", "JDOE"),
        ("straße", "STRASSE"),
        ("ﬁle", "FILE"),
        ("Jane.Doe@Example.COM", "jane.doe@example.com"),
    ],
)
def test_user_name_key_folds_case_and_compatibility_forms(a: str, b: str) -> None:
    assert user_name_key(a) == user_name_key(b)


def test_user_name_key_keeps_different_names_apart() -> None:
    assert user_name_key("jdoe") != user_name_key("jdoe2")
    assert user_name_key("jdoe") != user_name_key("j doe")


def test_valid_new_user() -> None:
    new = _new(
        user_name="  jdoe ",
        account_alias=" ABCD ",
        email=" jdoe@example.com ",
        roles=[14, 12, 12],
        allow_sms=True,
    )
    assert new.user_name == "jdoe"
    assert new.account_alias == "ABCD"
    assert new.roles == (12, 14)
    assert new.profile == Profile(
        email="jdoe@example.com", first_name="Jane", last_name="Doe", allow_sms=True
    )


@pytest.mark.parametrize("missing", [None, "", "   "])
@pytest.mark.parametrize(
    ("blank_fields", "expected"),
    [
        (("account_alias", "email", "first_name", "last_name", "user_name"), "account_alias"),
        (("email", "first_name", "last_name", "user_name"), "email"),
        (("first_name", "last_name", "user_name"), "first_name"),
        (("last_name", "user_name"), "last_name"),
        (("user_name",), "user_name"),
    ],
)
def test_new_user_reports_the_first_missing_field_in_table_order(
    blank_fields: tuple[str, ...], expected: str, missing: str | None
) -> None:
    # Every later check would fail too: missing fields come first.
    changes: dict[str, Any] = dict.fromkeys(blank_fields, missing)
    changes["roles"] = [1]
    with pytest.raises(FieldRequired) as caught:
        _new(**changes)
    assert caught.value.field == expected


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        pytest.param({"roles": [1], "email": "bad"}, InvalidRoles, None, id="roles-before-email"),
        pytest.param(
            {"roles": [2, 99], "first_name": "x" * 101},
            InvalidRoles,
            None,
            id="roles-before-length",
        ),
        pytest.param(
            {"email": "bad", "first_name": "x" * 101}, InvalidEmail, "email", id="email-before-name"
        ),
        pytest.param(
            {"email": "bad", "user_name": "u" * 256}, InvalidEmail, "email", id="email-before-user"
        ),
        pytest.param({"email": "x" * 300}, InvalidEmail, "email", id="email-syntax-before-length"),
        pytest.param(
            {"email": "no-at-sign\u200b"}, InvalidEmail, "email", id="email-syntax-before-chars"
        ),
        pytest.param(
            {"optional": {"title": "t" * 101, "alternate_email": "bad"}},
            InvalidEmail,
            "alternate_email",
            id="alternate-email-syntax-before-title-length",
        ),
        pytest.param({"first_name": "x" * 101}, InvalidField, "first_name", id="first-len"),
        pytest.param({"last_name": "x" * 101}, InvalidField, "last_name", id="last-len"),
        pytest.param({"user_name": "u" * 256}, InvalidField, "user_name", id="user-len"),
        pytest.param({"first_name": "Ja\u200bne"}, InvalidField, "first_name", id="first-chars"),
        pytest.param({"optional": {"title": "t" * 101}}, InvalidField, "title", id="title-len"),
        pytest.param(
            {"optional": {"mobile_number": "1" * 51}}, InvalidField, "mobile_number", id="mob-len"
        ),
    ],
)
def test_new_user_check_order_roles_then_email_then_lengths(
    changes: dict[str, Any], error: type[Exception], field: str | None
) -> None:
    with pytest.raises(error) as caught:
        _new(**changes)
    assert type(caught.value) is error
    if field is not None:
        assert isinstance(caught.value, InvalidField)
        assert caught.value.field == field


@pytest.mark.parametrize(
    "email",
    ["jdoe@example.com", "a.b+c@sub.example.co.uk", "ü@exämple.de"],
)
def test_email_syntax_accepts(email: str) -> None:
    assert _new(email=email).profile.email == email


@pytest.mark.parametrize(
    "email",
    ["jdoe", "jdoe@", "@example.com", "jdoe@example", "a@@b.com", "a b@c.com", "a@b..com"],
)
def test_email_syntax_refuses(email: str) -> None:
    with pytest.raises(InvalidEmail):
        _new(email=email)


def test_boundary_lengths_are_accepted() -> None:
    new = _new(first_name="f" * 100, last_name="l" * 100, user_name="u" * 255)
    assert len(new.profile.first_name) == 100
    assert len(new.user_name) == 255


@pytest.mark.parametrize(
    ("optional", "expected"),
    [
        ({"title": ""}, {"title": None}),
        ({"title": "   "}, {"title": None}),
        ({"title": " CTO "}, {"title": "CTO"}),
        ({"alternate_email": ""}, {"alternate_email": None}),
        ({"alternate_email": "alt@example.com"}, {"alternate_email": "alt@example.com"}),
        ({"time_zone_id": "Mars Standard Time"}, {"time_zone_id": None}),
        ({"time_zone_id": ""}, {"time_zone_id": None}),
        ({"time_zone_id": " eastern standard time "}, {"time_zone_id": "Eastern Standard Time"}),
        ({"saml_user_name": "jdoe@idp"}, {"saml_user_name": "jdoe@idp"}),
    ],
)
def test_optional_fields_are_cleaned(
    optional: Mapping[str, str | None], expected: Mapping[str, str | None]
) -> None:
    profile = _new(optional=optional).profile
    for name, value in expected.items():
        assert getattr(profile, name) == value
    update = _update(optional=optional)
    assert dict(update.optional) == dict(expected)


def test_alternate_email_is_validated() -> None:
    with pytest.raises(InvalidEmail) as caught:
        _new(optional={"alternate_email": "not an email"})
    assert caught.value.field == "alternate_email"


def test_unknown_optional_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="password"):
        _new(optional={"password": "x"})


@pytest.mark.parametrize(
    ("roles", "expected"),
    [(None, None), ([], ()), ([9, 2, 9], (2, 9)), ((r for r in [15]), (15,))],
)
def test_update_roles_none_means_unchanged_and_empty_clears(
    roles: Iterable[int] | None, expected: tuple[int, ...] | None
) -> None:
    assert _update(roles=roles).roles == expected


def test_new_user_without_roles_gets_none() -> None:
    assert _new(roles=None).roles == ()
    assert _new(roles=[]).roles == ()
    assert _new(allow_sms=None).profile.allow_sms is False


@pytest.mark.parametrize(
    ("blank_fields", "expected"),
    [
        (("email", "first_name", "last_name", "user_name"), "email"),
        (("first_name", "last_name", "user_name"), "first_name"),
        (("last_name", "user_name"), "last_name"),
        (("user_name",), "user_name"),
    ],
)
def test_update_missing_field_order(blank_fields: tuple[str, ...], expected: str) -> None:
    changes: dict[str, Any] = dict.fromkeys(blank_fields, " ")
    changes["roles"] = [1]
    with pytest.raises(FieldRequired) as caught:
        _update(**changes)
    assert caught.value.field == expected


def test_update_invalid_roles_and_email() -> None:
    with pytest.raises(InvalidRoles):
        _update(roles=[2, 11], email="bad")
    with pytest.raises(InvalidEmail):
        _update(email="bad", first_name="x" * 101)


PROFILE = Profile(
    email="old@example.com",
    first_name="Old",
    last_name="Name",
    alternate_email="alt@example.com",
    title="CTO",
    office_number="1",
    mobile_number="2",
    fax_number="3",
    saml_user_name="saml",
    allow_sms=True,
    time_zone_id="UTC",
)


def test_update_apply_keeps_absent_fields() -> None:
    update = _update(email="new@example.com", first_name="New", last_name="Person")
    assert update.apply(PROFILE) == replace(
        PROFILE, email="new@example.com", first_name="New", last_name="Person"
    )


def test_update_apply_replaces_and_clears_sent_fields() -> None:
    update = _update(
        optional={"title": "", "mobile_number": "555", "time_zone_id": "nowhere"},
        allow_sms=False,
    )
    applied = update.apply(PROFILE)
    assert applied.title is None
    assert applied.mobile_number == "555"
    assert applied.time_zone_id is None
    assert applied.allow_sms is False
    assert applied.fax_number == "3"
    assert applied.alternate_email == "alt@example.com"
    assert applied.email == "jdoe@example.com"


@pytest.mark.parametrize(
    ("current", "action", "expected"),
    [
        (UserStatus.ACTIVE, LifecycleAction.SUSPEND, UserStatus.DISABLED),
        (UserStatus.ACTIVE, LifecycleAction.UNSUSPEND, None),
        (UserStatus.ACTIVE, LifecycleAction.DELETE, UserStatus.DELETED),
        (UserStatus.DISABLED, LifecycleAction.SUSPEND, None),
        (UserStatus.DISABLED, LifecycleAction.UNSUSPEND, UserStatus.ACTIVE),
        (UserStatus.DISABLED, LifecycleAction.DELETE, UserStatus.DELETED),
    ],
)
def test_next_status(
    current: UserStatus, action: LifecycleAction, expected: UserStatus | None
) -> None:
    assert next_status(current, action) is expected


@pytest.mark.parametrize("action", list(LifecycleAction))
def test_deleted_has_no_lifecycle(action: LifecycleAction) -> None:
    with pytest.raises(ValueError, match="deleted"):
        next_status(UserStatus.DELETED, action)


def test_status_wire_values() -> None:
    assert [s.value for s in UserStatus] == ["Active", "Disabled", "Deleted"]
