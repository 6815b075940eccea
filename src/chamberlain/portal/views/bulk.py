"""Bulk import: a CSV of users, a dry-run preview first, per-row results."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response

from chamberlain.domain.permissions import Permission
from chamberlain.errors import ChamberlainError
from chamberlain.portal import messages
from chamberlain.portal.web import Visit, signed_in_upload
from chamberlain.services import accounts, bulk
from chamberlain.services.bulk_csv import CSV_COLUMNS, read_users_csv

MAX_FILE_BYTES = 4 * 1024 * 1024
_FORM_OVERHEAD = 64 * 1024


@signed_in_upload(MAX_FILE_BYTES + _FORM_OVERHEAD)
async def upload(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}/bulk``: the form; ``POST``: import (or, with
    ``dry_run``, only check) the uploaded file."""
    actor = visit.who.actor
    account = await visit.call(
        accounts.get_account, visit.rt, actor, visit.request.path_params["alias"]
    )
    page: dict[str, Any] = {
        "account": account,
        "columns": CSV_COLUMNS,
        "results": None,
        "counts": None,
        "problem": None,
        "dry_run": True,
        "upsert": False,
    }
    if visit.form is None:
        visit.require(Permission.USERS_MANAGE)
        return visit.page("bulk.html", **page)
    dry_run, upsert = visit.checked("dry_run"), visit.checked("upsert")
    page |= {"dry_run": dry_run, "upsert": upsert}
    upload = visit.form.get("file")
    try:
        data = await upload.read() if isinstance(upload, UploadFile) else b""
        items = read_users_csv(data)
        results = await visit.call(
            bulk.import_users, visit.rt, actor, account.alias, items, upsert=upsert, dry_run=dry_run
        )
    except ChamberlainError as exc:
        return visit.page("bulk.html", **page | {"problem": messages.message_for(exc)}, status=400)
    counts = {outcome.value: 0 for outcome in bulk.Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return visit.page("bulk.html", **page | {"results": results, "counts": counts})
