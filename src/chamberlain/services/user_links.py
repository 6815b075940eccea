"""Invitations and password resets: asking for a link, reading one, using one.

Asking queues a link in the caller's transaction (``services.mail_delivery`` mails it);
a new link of the same purpose ends the user's older ones, and using any link ends them
all. A link sets the password once, only while its user and every account above are
active, and ends the user's bearer tokens and portal sessions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import NO_AUTHORITY, Actor, ActorKind, AuditAction, Face
from chamberlain.domain.credentials import check_new_password, token_digest
from chamberlain.domain.permissions import Permission, check_may_control_user, require
from chamberlain.domain.text import storable
from chamberlain.domain.user_links import (
    RESET_COOLDOWN,
    LinkPurpose,
    LinkState,
    LinkView,
    state_of,
)
from chamberlain.domain.users import User, UserStatus
from chamberlain.errors import InvalidRequest, LinkNotUsable, ServiceUnavailable
from chamberlain.services import person_auth
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import user_in_scope

logger = logging.getLogger("chamberlain.mail")


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation on its way: to whom, and until when its link works."""

    user_name: str
    email: str
    expires_at: datetime


def queue_invitation(
    uow: UnitOfWork, rt: Runtime, actor: Actor, user: User, *, new_user: bool = False
) -> Invitation:
    """Queue an invitation for ``user`` (``new_user``: created in this transaction) inside
    the caller's transaction; the caller records why (a new user's record covers its first
    invitation) and sets ``rt.mail_wakeup`` once it has committed."""
    now = rt.clock()
    expires_at = now + rt.settings.invitation_lifetime
    uow.links.add(
        user_id=user.id,
        purpose=LinkPurpose.INVITATION,
        requested_by=actor.label,
        now=now,
        expires_at=expires_at,
        new_user=new_user,
    )
    return Invitation(user.user_name, user.profile.email, expires_at)


def request_invitation(rt: Runtime, actor: Actor, user_name: str) -> Invitation:
    """(Re)send ``user_name`` an invitation to set their password; older links end.

    Raises ``PermissionDenied`` (also for a user holding permissions the actor lacks: the
    link signs in as them), ``UserNotFound`` (unknown, deleted or outside the actor's
    tree) or ``InvalidRequest`` (the user is suspended).
    """
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, user_name, under=None)
        check_may_control_user(actor, user)
        if user.status is not UserStatus.ACTIVE:
            raise InvalidRequest(f"{user.user_name} is suspended: unsuspend them first")
        invitation = queue_invitation(uow, rt, actor, user)
        kind, label, path = user.audit_target
        uow.audit.record(
            actor=actor,
            action=AuditAction.USER_INVITE,
            target_kind=kind,
            target_label=label,
            target_path=path,
            changes={"invitation": [None, user.profile.email]},
            now=rt.clock(),
        )
    rt.mail_wakeup.set()
    return invitation


def request_reset(rt: Runtime, user_name: str, *, face: Face, source: str | None) -> None:
    """Mail a password-reset link to an active user called ``user_name``.

    Says nothing either way, and raises nothing: unknown, deleted and suspended users,
    users in a suspended account and repeats within ``RESET_COOLDOWN`` are ignored, and a
    database outage is logged. Faces run it after their reply has gone (a link is written
    only for a real user, and that write takes time), so the answer and its timing are
    the same for every name.
    """
    try:
        _request_reset(rt, user_name, face=face, source=source)
    except ServiceUnavailable:
        logger.warning("a password reset was not recorded: the database is unavailable")


def _request_reset(rt: Runtime, user_name: str, *, face: Face, source: str | None) -> None:
    now = rt.clock()
    with rt.db.write() as uow:
        usable = bool(user_name.strip()) and storable(user_name)
        found = uow.users.credentials(user_name) if usable else None
        if found is None:
            return
        user, _hash, chain_active = found
        last = uow.links.last_requested(user.id, LinkPurpose.RESET)
        if not chain_active or user.status is not UserStatus.ACTIVE:
            return
        if last is not None and now - last < RESET_COOLDOWN:
            return
        uow.links.add(
            user_id=user.id,
            purpose=LinkPurpose.RESET,
            requested_by=source or "-",
            now=now,
            expires_at=now + rt.settings.reset_lifetime,
        )
        kind, label, path = user.audit_target
        uow.audit.record(
            actor=Actor(
                kind=ActorKind.ANONYMOUS,
                label=source or "-",
                account_alias=None,
                tree_path=user.account_path,
                face=face,
                authority=NO_AUTHORITY,
            ),
            action=AuditAction.USER_RESET_REQUEST,
            target_kind=kind,
            target_label=label,
            target_path=path,
            changes={},
            now=now,
        )
    rt.mail_wakeup.set()


def inspect_link(rt: Runtime, token: str) -> LinkView:
    """What the holder of ``token`` may be told about it (the user name only while the
    link works)."""
    with rt.db.read() as uow:
        link = uow.links.by_digest(token_digest(token))
        state = state_of(link, rt.clock())
        if link is None or state is not LinkState.VALID:
            return LinkView(state=state, purpose=link.purpose if link else None)
        found = uow.links.recipient(link)
    if found is None:
        return LinkView(state=LinkState.UNKNOWN)
    return LinkView(
        state=state, purpose=link.purpose, user_name=found[0].user_name, expires_at=link.expires_at
    )


def redeem_link(rt: Runtime, token: str, password: str, *, face: Face) -> User:
    """Set the password of the link's user and end the link (and the user's other links,
    bearer tokens and portal sessions).

    Raises ``InvalidField`` (password rules; the link stays usable) or ``LinkNotUsable``
    naming the state (expired, used, superseded, unknown — also for a user or account
    suspended since the link was sent).
    """
    password_hash = rt.hasher.hash(check_new_password(password))
    now = rt.clock()
    with rt.db.write() as uow:
        link = uow.links.by_digest(token_digest(token))
        state = state_of(link, now)
        if link is None or state is not LinkState.VALID:
            raise LinkNotUsable(state.value)
        found = uow.links.recipient(link)
        user_found = uow.users.credentials(found[0].user_name) if found else None
        if user_found is None or not user_found[2] or user_found[0].status is not UserStatus.ACTIVE:
            raise LinkNotUsable(LinkState.UNKNOWN.value)
        user = user_found[0]
        # The holder of the link acts as the user whose password it sets.
        actor = person_auth.person_actor(user, face, request_id=None)
        person_auth.store_password(uow, rt, actor, user, password_hash)
        uow.links.use(link, now)
    return user
