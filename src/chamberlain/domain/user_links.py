"""One-time links mailed to users: invitations to set a first password, password resets.

A link is asked for (state ``pending``), mailed (``open``, its token made at that moment),
then used once (``used``). Asking for a new link of the same purpose ends the older ones
(``superseded``); a link whose mail could not be sent after every attempt is ``failed``.
What a person holding a token is told follows from the state and the expiry alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum
from urllib.parse import urlencode

from chamberlain.domain.text import single_line

# Mail that could not be sent is tried again this many times in all, then given up.
MAX_ATTEMPTS = 6
# A claimed link is not claimed again before this, so a crash while sending only delays it.
CLAIM_LEASE = timedelta(minutes=2)
# Someone may ask for a password reset for the same user at most once per this interval,
# so "forgot password" cannot flood an inbox.
RESET_COOLDOWN = timedelta(minutes=1)


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class LinkState(StrEnum):
    """What a person holding a token is told (the stored states plus two of their own)."""

    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    SUPERSEDED = "superseded"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A link as stored: ``state`` is the stored state, ``expires_at`` its end."""

    id: int
    user_id: int
    purpose: LinkPurpose
    state: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LinkView:
    """What the set-password page may show about a token; ``user_name`` only while valid."""

    state: LinkState
    purpose: LinkPurpose | None = None
    user_name: str | None = None
    expires_at: datetime | None = None


def state_of(link: StoredLink | None, now: datetime) -> LinkState:
    """The state a token's holder sees: a mailed link works until it expires."""
    if link is None or link.state in ("pending", "failed"):
        # A pending link's token was never mailed (or was replaced by a retry).
        return LinkState.UNKNOWN
    if link.state == "used":
        return LinkState.USED
    if link.state == "superseded":
        return LinkState.SUPERSEDED
    return LinkState.VALID if now < link.expires_at else LinkState.EXPIRED


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed send: 30 s, doubling, at most 1 h."""
    return min(timedelta(seconds=30 * 2 ** max(0, attempts - 1)), timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a link is mailed to."""

    user_name: str
    first_name: str
    email: str
    account_name: str


def link_url(public_url: str, token: str) -> str:
    """The page that takes the token (the token goes in the query, never in a path)."""
    return f"{public_url}/portal/set-password?{urlencode({'token': token})}"


def compose(
    purpose: LinkPurpose, to: Recipient, url: str, expires_at: datetime, sender: str
) -> EmailMessage:
    """The mail carrying a link: plain text, the link on a line of its own.

    Stored text goes into the subject on one line (``single_line``: a name stored before
    line separators were refused still makes a mail). Raises ``ValueError`` (or another
    ``email`` error) for a message that cannot be composed at all, such as an address
    that is not one header value; trying again would fail the same way.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to.email
    until = expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if purpose is LinkPurpose.INVITATION:
        message["Subject"] = f"You are invited to {single_line(to.account_name)}"
        opening = (
            f"An account was made for you in {to.account_name}. Your user name is "
            f"{to.user_name}.\n\nSet your password here to sign in:"
        )
        closing = "If you did not expect this, you can ignore this message."
    else:
        message["Subject"] = "Reset your password"
        opening = f"Someone asked to reset the password of {to.user_name}. To choose a new one:"
        closing = "If it was not you, ignore this message: your password stays as it is."
    message.set_content(
        f"Hello {to.first_name},\n\n{opening}\n\n{url}\n\n"
        f"The link works once, until {until}.\n{closing}\n"
    )
    return message
