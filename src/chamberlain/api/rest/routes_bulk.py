"""``POST /api/accounts/{alias}/users:bulk``: up to 1 000 users as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.requests import BulkIn, UserIn
from chamberlain.api.rest.schemas import COMMON_PROBLEMS, problem_responses
from chamberlain.domain.csv_cells import unescape_cell
from chamberlain.domain.users import OPTIONAL_TEXT_FIELDS
from chamberlain.errors import InvalidRequest
from chamberlain.services import bulk

router = APIRouter(responses={**COMMON_PROBLEMS, **problem_responses(413, 415)}, tags=["users"])

MAX_BYTES = 4 * 1024 * 1024
CSV_COLUMNS = (
    "user_name", "email", "first_name", "last_name", "alternate_email", "title",
    "office_number", "mobile_number", "fax_number", "saml_user_name", "time_zone_id",
    "allow_sms", "roles",
)  # fmt: skip


class ItemOut(BaseModel):
    """What happened to one item."""

    index: int
    user_name: str | None
    result: Literal["created", "updated", "unchanged", "error"]
    code: str | None = None
    detail: str | None = None


class BulkOut(BaseModel):
    """One result per item, in request order, and the counts."""

    dry_run: bool
    counts: dict[str, int]
    items: list[ItemOut]


def _item(user: UserIn) -> dict[str, Any]:
    sent = user.model_dump(exclude_unset=True)
    return {
        "user_name": user.user_name,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "optional": {k: v for k, v in sent.items() if k in OPTIONAL_TEXT_FIELDS},
        "allow_sms": user.allow_sms,
        "roles": user.roles,
    }


def _csv_users(text: str) -> list[UserIn]:
    # newline="": the csv module reads line endings itself (\r\n, \n or a lone \r).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = set(reader.fieldnames or ()) - set(CSV_COLUMNS)
    if unknown:
        raise InvalidRequest(f"unknown CSV column(s): {', '.join(sorted(unknown))}")
    users = []
    for row in reader:
        cells = {k: unescape_cell(v) for k, v in row.items() if k and v is not None}
        values: dict[str, Any] = {k: v for k, v in cells.items() if v}
        values["roles"] = [r for r in values.get("roles", "").replace(";", " ").split() if r]
        if "allow_sms" in values:
            values["allow_sms"] = values["allow_sms"].strip().lower() in ("true", "1", "yes")
        users.append(UserIn.model_validate(values))
        if len(users) > bulk.MAX_ITEMS:
            raise InvalidRequest(f"at most {bulk.MAX_ITEMS} users per request")
    return users


async def _parse(request: Request) -> list[UserIn]:
    body = await request.body()
    if len(body) > MAX_BYTES:
        raise InvalidRequest(f"at most {MAX_BYTES} bytes per request")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "text/csv":
        try:
            return _csv_users(body.decode("utf-8-sig"))
        except (ValueError, ValidationError, csv.Error) as exc:  # bad bytes, CSV or values
            raise _unreadable(exc) from None
    if media in ("application/json", ""):
        try:
            document = json.loads(body)
        except ValueError as exc:  # bad bytes or JSON
            raise _unreadable(exc) from None
        return _json_users(document)
    raise InvalidRequest("send application/json or text/csv")


def _unreadable(error: Exception) -> InvalidRequest:
    return InvalidRequest(f"the body could not be read: {str(error)[:300]}")


def _json_users(document: object) -> list[UserIn]:
    """The users of a JSON body; one that does not fit ``BulkIn`` (an unknown member
    such as ``dry_run``, a value too long) is answered as every other body is: 422
    ``invalid_request`` naming each member at fault under ``errors``."""
    try:
        return BulkIn.model_validate(document).users
    except ValidationError as exc:
        issues = [{**issue, "loc": ("body", *issue["loc"])} for issue in exc.errors()]
        raise RequestValidationError(issues, body=document) from None


def _json_schema() -> dict[str, Any]:
    schema = BulkIn.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)  # UserIn is in the components already (createUser)
    return schema


DESCRIPTION = (
    "Create up to 1 000 users (`upsert`: update those that exist in this account). Every "
    "item gets its own result; a failed item writes nothing; `dry_run` writes nothing at "
    "all. CSV columns: " + ", ".join(CSV_COLUMNS) + " (roles separated by spaces or "
    "semicolons). A cell that starts with a quote followed by `=`, `+`, `-`, `@`, a tab "
    "or a carriage return loses that one quote (the escape `chamberlain users export` "
    "writes against spreadsheet formulas)."
)


@router.post(
    "/accounts/{alias}/users:bulk",
    operation_id="importUsers",
    description=DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _json_schema()},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_users(
    *,
    alias: str,
    request: Request,
    actor: Caller,
    rt: RuntimeDep,
    dry_run: bool = False,
    upsert: bool = False,
) -> BulkOut:
    """Import users (see DESCRIPTION)."""
    users = await _parse(request)
    results = await run_in_threadpool(
        lambda: bulk.import_users(
            rt, actor, alias, [_item(u) for u in users], upsert=upsert, dry_run=dry_run
        )
    )
    counts = {outcome.value: 0 for outcome in bulk.Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return BulkOut(
        dry_run=dry_run,
        counts=counts,
        items=[
            ItemOut(
                index=r.index,
                user_name=r.user_name,
                result=r.outcome.value,
                code=r.code,
                detail=r.detail,
            )
            for r in results
        ],
    )
