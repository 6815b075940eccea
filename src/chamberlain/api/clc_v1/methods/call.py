"""What a v1 method handler receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chamberlain.api.clc_v1.parse import WireFields
from chamberlain.api.clc_v1.render import Reply
from chamberlain.domain.audit import Actor
from chamberlain.services.runtime import Runtime
from chamberlain.services.v1_sessions import NewSession


@dataclass(frozen=True, slots=True)
class Call:
    """One v1 call: parsed fields, the authenticated actor (None on Logon/Logout)."""

    rt: Runtime
    fields: WireFields
    actor: Actor | None
    session_tokens: list[str]
    request_id: str
    source: str | None

    @property
    def caller(self) -> Actor:
        """The actor of an authenticated method (the dispatcher guarantees there is one)."""
        if self.actor is None:
            raise RuntimeError("method registered as public but needs an actor")
        return self.actor


@dataclass(frozen=True, slots=True)
class Outcome:
    """A handler's result: the reply and what to do with the session cookie."""

    reply: Reply
    new_session: NewSession | None = None
    end_session: bool = False


Handler = Callable[[Call], Outcome]


@dataclass(frozen=True, slots=True)
class V1Method:
    """A routable v1 method."""

    area: str
    name: str
    xml_root: str
    handler: Handler
    public: bool = field(default=False)
    checks_password: bool = field(default=False)  # runs through the logon gate
