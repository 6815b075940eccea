"""Sending the links that services queue: make the token, mail it, mark the link open.

Services queue a link (a ``pending`` row) in the transaction that asks for it, so a link
is never asked for without its audit record, nor mailed for a change that rolled back.
Mailing happens after, here: each link is claimed in its own short transaction (leased,
so two nodes never send the same one), mailed with no transaction open, then marked. The
token exists only in the mail: the row gets its SHA-256. A mail that cannot even be
composed (bad stored data) fails its link at once, logged once: trying again would fail
the same way, and the links behind it go on.
"""

from __future__ import annotations

import logging

from chamberlain.domain.credentials import new_session_token, token_digest
from chamberlain.domain.user_links import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    compose,
    link_url,
    retry_delay,
)
from chamberlain.mail.transport import MailNotSent
from chamberlain.metrics import MAIL
from chamberlain.services.runtime import Runtime

logger = logging.getLogger("chamberlain.mail")


def deliver_one(rt: Runtime) -> bool:
    """Mail the oldest due link, if any; True when there was one (sent or not)."""
    now = rt.clock()
    with rt.db.write() as uow:
        claimed = uow.links.claim_due(now, now + CLAIM_LEASE)
        if claimed is None:
            return False
        link, attempt = claimed
        if attempt > MAX_ATTEMPTS or link.expires_at <= now:
            # Its sends kept failing in ways that never reached the bookkeeping below, or
            # no deliverer ran while it could still work: a dead link is not worth a mail.
            uow.links.end(link.id, "failed", now)
            return True
        found = uow.links.recipient(link)
        if found is None or not found[1]:
            # Suspended or deleted since it was asked for: the link would not work.
            uow.links.end(link.id, "superseded", now)
            return True
    token = new_session_token()
    url = link_url(rt.settings.public_url, token)
    try:
        message = compose(link.purpose, found[0], url, link.expires_at, rt.settings.mail.sender)
    except Exception as exc:
        # Not a passing fault: a retry would compose the same data. Give up on this link.
        why = f"cannot compose: {type(exc).__name__}: {exc}"
        logger.error("mail for link %d (user id %d) failed: %s", link.id, link.user_id, why)
        with rt.db.write() as uow:
            uow.links.not_mailed(link.id, why, False, rt.clock())
        MAIL.labels(link.purpose.value, "failed").inc()
        return True
    try:
        rt.mail.send(message)
    except MailNotSent as exc:
        left = attempt < MAX_ATTEMPTS
        logger.warning(
            "mail for link %d (attempt %d of %d) not sent: %s", link.id, attempt, MAX_ATTEMPTS, exc
        )
        with rt.db.write() as uow:
            uow.links.not_mailed(link.id, str(exc), left, rt.clock() + retry_delay(attempt))
        MAIL.labels(link.purpose.value, "retry" if left else "failed").inc()
        return True
    with rt.db.write() as uow:
        uow.links.mailed(link.id, token_digest(token), rt.clock())
    MAIL.labels(link.purpose.value, "sent").inc()
    logger.info("%s link %d mailed (user id %d)", link.purpose.value, link.id, link.user_id)
    return True


def deliver_due(rt: Runtime) -> int:
    """Mail every link that is due now; the number handled."""
    handled = 0
    while deliver_one(rt):
        handled += 1
    return handled
