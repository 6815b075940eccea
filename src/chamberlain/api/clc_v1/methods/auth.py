"""Auth/Logon and Auth/Logout."""

from __future__ import annotations

from chamberlain.api.clc_v1.codes import reply
from chamberlain.api.clc_v1.methods.call import Call, Outcome
from chamberlain.services import v1_sessions


def logon(call: Call) -> Outcome:
    """Open a session for ``APIKey`` + ``Password``; ends sessions the client still holds.

    A throttled caller gets the same StatusCode 100 as a wrong password."""
    session = v1_sessions.logon(
        call.rt,
        api_key=call.fields.text("APIKey"),
        password=call.fields.text("Password"),
        source=call.source,
        replaces=call.session_tokens,
    )
    return Outcome(reply(0, message="Login Successful"), new_session=session)


def logout(call: Call) -> Outcome:
    """End the presented session; logging out without one is not an error."""
    v1_sessions.logout(call.rt, call.session_tokens)
    return Outcome(reply(0, message="Logout Successful"), end_session=True)
