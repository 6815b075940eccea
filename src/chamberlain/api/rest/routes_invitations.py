"""Invitations and password resets: ``/api/users/{user_name}/invitations``,
``/api/password-resets`` and ``/api/auth/set-password``.

The token of a mailed link travels only in a request body, never in a path or query, so
it never reaches an access log.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, BackgroundTasks, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from chamberlain.api.client_address import client_address
from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.encoded_slashes import slashed
from chamberlain.api.rest.requests import ResetIn, SetPasswordIn
from chamberlain.api.rest.schemas import COMMON_PROBLEMS, problem_responses
from chamberlain.domain.audit import Face
from chamberlain.services import user_links

router = APIRouter(responses={**COMMON_PROBLEMS}, tags=["invitations"])


class InvitationOut(BaseModel):
    """An invitation on its way: the mail is sent in the background."""

    user_name: str
    email: str
    expires_at: datetime


class ResetAccepted(BaseModel):
    """The one answer to every reset request."""

    detail: str = (
        "If an active user has that name, a link to reset the password is on its way to "
        "their e-mail address."
    )


@router.post("/users/{user_name}/invitations", operation_id="inviteUser", status_code=202)
async def invite_user(user_name: str, actor: Caller, rt: RuntimeDep) -> InvitationOut:
    """Mail the user a new invitation to set their password; earlier links stop working.

    New users get one when they are created; this sends it again (a suspended user
    cannot be invited: 422).
    """
    sent = await run_in_threadpool(user_links.request_invitation, rt, actor, slashed(user_name))
    return InvitationOut(user_name=sent.user_name, email=sent.email, expires_at=sent.expires_at)


@router.post("/password-resets", operation_id="requestPasswordReset", status_code=202)
async def request_password_reset(
    body: ResetIn, request: Request, rt: RuntimeDep, later: BackgroundTasks
) -> ResetAccepted:
    """Mail a password-reset link to the user, if there is an active one by that name.

    Always 202 with the same body, whether or not the user exists; the reset is looked
    into after the reply has gone, so its timing tells nothing either.
    """
    source = client_address(request, rt.settings.trusted_proxies)
    later.add_task(user_links.request_reset, rt, body.user_name, face=Face.REST, source=source)
    return ResetAccepted()


@router.post(
    "/auth/set-password",
    operation_id="setPasswordWithLink",
    status_code=204,
    responses=problem_responses(400),
)
async def set_password_with_link(body: SetPasswordIn, rt: RuntimeDep) -> Response:
    """Set a password with the token of an invitation or reset link (the link then ends).

    400 ``link_not_usable`` when the link expired, was used, was replaced by a newer
    one or is not valid; 422 when the password breaks the rules (the link still works).
    """
    await run_in_threadpool(
        lambda: user_links.redeem_link(rt, body.token, body.password, face=Face.REST)
    )
    return Response(status_code=204)
