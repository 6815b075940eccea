"""What a tenant may learn of the identities above it.

An API key is half of a credential: it is shown whole only to viewers whose tree holds
its account. Anywhere else (a child's audit trail recording its parent's changes, a SCIM
token its parent issued) it is shown as a hint (``key_hint``), enough to tell keys apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import is_within
from chamberlain.domain.audit import Actor, AuditEvent
from chamberlain.domain.credentials import key_hint, normalise_api_key
from chamberlain.domain.scim.tokens import ScimToken


def _key_holder_visible(uow: UnitOfWork, viewer: Actor) -> Callable[[str | None], bool]:
    """A test, cached per alias, of whether an account (by alias) lies in ``viewer``'s
    tree; an unknown alias does not."""
    seen: dict[str | None, bool] = {}

    def visible(alias: str | None) -> bool:
        if alias not in seen:
            account = uow.accounts.find(alias) if alias else None
            seen[alias] = account is not None and is_within(viewer.tree_path, account.path)
        return seen[alias]

    return visible


def audit_events_for(
    uow: UnitOfWork, viewer: Actor, events: Sequence[AuditEvent]
) -> list[AuditEvent]:
    """``events`` as ``viewer`` may see them: API-user actors from outside its tree by
    their key hint only."""
    visible = _key_holder_visible(uow, viewer)
    return [
        event
        if event.actor_kind != "api_user" or visible(event.actor_account)
        else replace(event, actor_label=key_hint(event.actor_label))
        for event in events
    ]


def scim_tokens_for(uow: UnitOfWork, viewer: Actor, tokens: Sequence[ScimToken]) -> list[ScimToken]:
    """``tokens`` as ``viewer`` may see them: a creator that is an API key outside its
    tree by its hint only."""
    visible = _key_holder_visible(uow, viewer)

    def creator(label: str) -> str:
        key = normalise_api_key(label)
        api_user = uow.api_users.find(key) if key else None
        if api_user is None or visible(api_user.account_alias):
            return label
        return key_hint(label)

    return [replace(token, created_by=creator(token.created_by)) for token in tokens]
