"""Invitations and password resets at the service level, on a fake clock and a captured
outbox: what is mailed, what a link does once, and what its holder is told after."""

from __future__ import annotations

import logging
from datetime import timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import MetaData, select, update

from chamberlain.db.models import AccountRow, UserLinkRow, UserRow
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.user_links import MAX_ATTEMPTS, LinkState
from chamberlain.domain.users import LifecycleAction, validate_new_user
from chamberlain.errors import AuthenticationFailed, InvalidField, InvalidRequest, LinkNotUsable
from chamberlain.mail.transport import MailNotSent
from chamberlain.metrics import REGISTRY
from chamberlain.services import person_auth, user_links
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import change_status, create_user
from chamberlain.testing.outbox import Outbox
from tests.support.clock import FakeClock

NAME = "grace"
EMAIL = "grace@example.com"
PASSWORD = "correct horse battery staple"


def _outbox(runtime: Runtime) -> Outbox:
    assert isinstance(runtime.mail, Outbox)
    return runtime.mail


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def _newest_token(runtime: Runtime) -> str:
    deliver_due(runtime)
    links = _outbox(runtime).links(EMAIL)
    assert links, "no link was mailed"
    return _token(links[-1])


@pytest.fixture
def grace(runtime: Runtime, root_actor: Actor) -> None:
    new = validate_new_user(
        user_name=NAME,
        account_alias="ROOT",
        email=EMAIL,
        first_name="Grace",
        last_name="Hopper",
        optional={},
        allow_sms=None,
        roles=[10],
    )
    create_user(runtime, root_actor, new)


def _can_log_in(runtime: Runtime, password: str) -> bool:
    try:
        person_auth.login(runtime, user_name=NAME, password=password, source=None)
    except AuthenticationFailed:
        return False
    return True


def _mail_count(purpose: str, outcome: str) -> float:
    found = REGISTRY.get_sample_value(
        "chamberlain_mail_total", {"purpose": purpose, "outcome": outcome}
    )
    return found or 0.0


@pytest.mark.usefixtures("grace")
def test_a_new_user_is_mailed_an_invitation_that_sets_the_password_once(
    runtime: Runtime,
) -> None:
    sent_before = _mail_count("invitation", "sent")
    deliver_due(runtime)
    assert _mail_count("invitation", "sent") == sent_before + 1
    [message] = _outbox(runtime).to(EMAIL)
    assert "invited" in str(message["Subject"])
    body = message.get_body(("plain",))
    assert body is not None
    assert NAME in body.get_content()
    token = _newest_token(runtime)
    assert (
        _outbox(runtime)
        .links(EMAIL)[0]
        .startswith(f"{runtime.settings.public_url}/portal/set-password?token=")
    )

    view = user_links.inspect_link(runtime, token)
    assert (view.state, view.user_name) == (LinkState.VALID, NAME)
    assert not _can_log_in(runtime, PASSWORD)

    user = user_links.redeem_link(runtime, token, PASSWORD, face=Face.REST)
    assert user.user_name == NAME
    assert _can_log_in(runtime, PASSWORD)

    assert user_links.inspect_link(runtime, token).state is LinkState.USED
    with pytest.raises(LinkNotUsable) as refused:
        user_links.redeem_link(runtime, token, "another long password", face=Face.REST)
    assert refused.value.state == "used"
    assert _can_log_in(runtime, PASSWORD)


@pytest.mark.usefixtures("grace")
def test_only_the_digest_of_a_token_is_stored(runtime: Runtime) -> None:
    token = _newest_token(runtime)
    with runtime.db.engine.connect() as connection:
        digests = connection.execute(select(UserLinkRow.token_digest)).scalars().all()
        every_table = MetaData()
        every_table.reflect(connection)
        dump = [
            repr(row)
            for table in every_table.sorted_tables
            for row in connection.execute(select(table))
        ]
    assert len(digests) == 1
    assert digests[0] is not None
    assert len(digests[0]) == 64
    assert not any(token in row for row in dump)


@pytest.mark.usefixtures("grace")
def test_a_link_expires(runtime: Runtime, clock: FakeClock) -> None:
    token = _newest_token(runtime)
    clock.advance(seconds=runtime.settings.invitation_lifetime.total_seconds() + 1)
    assert user_links.inspect_link(runtime, token).state is LinkState.EXPIRED
    with pytest.raises(LinkNotUsable) as refused:
        user_links.redeem_link(runtime, token, PASSWORD, face=Face.REST)
    assert refused.value.state == "expired"
    assert "expired" in refused.value.detail


@pytest.mark.usefixtures("grace")
def test_a_new_invitation_ends_the_older_link(runtime: Runtime, root_actor: Actor) -> None:
    first = _newest_token(runtime)
    sent = user_links.request_invitation(runtime, root_actor, NAME)
    assert (sent.user_name, sent.email) == (NAME, EMAIL)
    second = _newest_token(runtime)
    assert first != second
    assert user_links.inspect_link(runtime, first).state is LinkState.SUPERSEDED
    assert user_links.inspect_link(runtime, second).state is LinkState.VALID
    user_links.redeem_link(runtime, second, PASSWORD, face=Face.PORTAL)
    assert _can_log_in(runtime, PASSWORD)


@pytest.mark.usefixtures("grace")
def test_a_password_that_breaks_the_rules_leaves_the_link_usable(runtime: Runtime) -> None:
    token = _newest_token(runtime)
    with pytest.raises(InvalidField):
        user_links.redeem_link(runtime, token, "short", face=Face.REST)
    assert user_links.inspect_link(runtime, token).state is LinkState.VALID


@pytest.mark.usefixtures("grace")
def test_a_suspended_user_is_neither_mailed_nor_let_in(runtime: Runtime, root_actor: Actor) -> None:
    token = _newest_token(runtime)
    change_status(runtime, root_actor, NAME, LifecycleAction.SUSPEND)
    with pytest.raises(LinkNotUsable):
        user_links.redeem_link(runtime, token, PASSWORD, face=Face.REST)
    with pytest.raises(InvalidRequest):
        user_links.request_invitation(runtime, root_actor, NAME)


@pytest.mark.usefixtures("grace")
def test_a_user_suspended_before_the_mail_leaves_gets_none(
    runtime: Runtime, root_actor: Actor
) -> None:
    user_links.request_invitation(runtime, root_actor, NAME)
    change_status(runtime, root_actor, NAME, LifecycleAction.SUSPEND)
    assert deliver_due(runtime) == 1  # the resend ended the creation's invitation
    assert _outbox(runtime).to(EMAIL) == []


@pytest.mark.usefixtures("grace")
def test_a_reset_is_mailed_only_to_a_known_active_user_and_not_twice_a_minute(
    runtime: Runtime, clock: FakeClock
) -> None:
    deliver_due(runtime)
    _outbox(runtime).clear()
    for name in ("nobody", "", "\x00", "x" * 300):
        user_links.request_reset(runtime, name, face=Face.REST, source="192.0.2.1")
    deliver_due(runtime)
    assert _outbox(runtime).messages == []

    user_links.request_reset(runtime, NAME.upper(), face=Face.REST, source="192.0.2.1")
    user_links.request_reset(runtime, NAME, face=Face.REST, source="192.0.2.1")
    deliver_due(runtime)
    [message] = _outbox(runtime).to(EMAIL)
    assert message["Subject"] == "Reset your password"
    clock.advance(minutes=2)
    user_links.request_reset(runtime, NAME, face=Face.REST, source="192.0.2.1")
    token = _newest_token(runtime)
    assert len(_outbox(runtime).to(EMAIL)) == 2
    user_links.redeem_link(runtime, token, PASSWORD, face=Face.PORTAL)
    assert _can_log_in(runtime, PASSWORD)


@pytest.mark.usefixtures("grace")
def test_setting_a_password_by_link_ends_the_users_bearer_tokens(
    runtime: Runtime, root_actor: Actor
) -> None:
    person_auth.set_password(runtime, root_actor, NAME, PASSWORD)
    bearer = person_auth.login(runtime, user_name=NAME, password=PASSWORD, source=None).token
    user_links.request_reset(runtime, NAME, face=Face.REST, source=None)
    token = _newest_token(runtime)
    user_links.redeem_link(runtime, token, "a completely new password", face=Face.PORTAL)
    with pytest.raises(AuthenticationFailed):
        person_auth.authenticate_bearer(runtime, bearer)


class _Refusing:
    """A transport whose server is down."""

    def __init__(self) -> None:
        self.tries = 0

    def send(self, _message: EmailMessage) -> None:
        self.tries += 1
        raise MailNotSent("192.0.2.25:587: ConnectionRefusedError")


@pytest.mark.usefixtures("grace")
def test_mail_that_cannot_be_sent_is_retried_with_growing_delays_then_given_up(
    runtime: Runtime, clock: FakeClock
) -> None:
    refusing = _Refusing()
    runtime.mail = refusing
    retries, failures = _mail_count("invitation", "retry"), _mail_count("invitation", "failed")
    waited = []
    while True:
        deliver_due(runtime)
        with runtime.db.engine.connect() as connection:
            row = connection.execute(
                select(UserLinkRow.state, UserLinkRow.next_attempt_at, UserLinkRow.last_error)
            ).one()
        if row.state != "pending":
            break
        assert "ConnectionRefusedError" in row.last_error
        waited.append(row.next_attempt_at - clock())
        clock.advance(seconds=(row.next_attempt_at - clock()).total_seconds())
    assert row.state == "failed"
    assert refusing.tries == MAX_ATTEMPTS
    assert _mail_count("invitation", "retry") == retries + MAX_ATTEMPTS - 1
    assert _mail_count("invitation", "failed") == failures + 1
    assert waited == sorted(waited)
    assert waited[0] >= timedelta(seconds=30)


def _store(runtime: Runtime, statement: Any) -> None:
    """Write a row as an older release could have stored it, past today's validation."""
    with runtime.db.engine.begin() as connection:
        connection.execute(statement)


@pytest.mark.usefixtures("grace")
def test_an_account_name_stored_with_a_line_separator_still_gets_its_mail(
    runtime: Runtime,
) -> None:
    """Issue 13: such a name broke every invitation of its account; now the subject takes
    it on one line."""
    _store(runtime, update(AccountRow).values(business_name="Acme\u2028Corp\u2029Ltd"))
    deliver_due(runtime)
    (mail,) = _outbox(runtime).to(EMAIL)
    assert mail["Subject"] == "You are invited to Acme Corp Ltd"


@pytest.mark.usefixtures("grace")
def test_a_mail_that_cannot_be_composed_fails_its_link_once_and_the_queue_goes_on(
    runtime: Runtime, root_actor: Actor, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13: a message that can never be composed must not be retried (nor stop the
    links behind it); the link fails at once, with one log line and its reason kept."""
    bad_address = "grace@example.com\r\nBcc: x@evil.example"
    _store(runtime, update(UserRow).where(UserRow.user_name == NAME).values(email=bad_address))
    other = validate_new_user(
        user_name="ada", account_alias="ROOT", email="ada@example.com", first_name="Ada",
        last_name="Lovelace", optional={}, allow_sms=None, roles=[10],
    )  # fmt: skip
    create_user(runtime, root_actor, other)
    failures = _mail_count("invitation", "failed")
    with caplog.at_level(logging.WARNING, logger="chamberlain"):
        assert deliver_due(runtime) == 2
        clock.advance(seconds=24 * 3600)
        assert deliver_due(runtime) == 0
    with runtime.db.engine.connect() as connection:
        states = dict(connection.execute(select(UserLinkRow.user_id, UserLinkRow.state)).all())
        error = connection.execute(
            select(UserLinkRow.last_error).where(UserLinkRow.state == "failed")
        ).scalar_one()
    assert sorted(states.values()) == ["failed", "open"]
    assert error is not None
    assert error.startswith("cannot compose: ValueError")
    assert [m["To"] for m in _outbox(runtime).messages] == ["ada@example.com"]
    assert _mail_count("invitation", "failed") == failures + 1
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"mail for link {link} (user id {user}) failed: {error}"
        for user, link in _failed_link(runtime)
    ]


def _failed_link(runtime: Runtime) -> list[tuple[int, int]]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(UserLinkRow.user_id, UserLinkRow.id).where(UserLinkRow.state == "failed")
        ).all()
    return [(row.user_id, row.id) for row in rows]
