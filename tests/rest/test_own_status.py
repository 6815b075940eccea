"""A person-user cannot suspend or delete themself (any face; here REST): one slip would
lock them out. Another administrator, or an API user, can."""

from __future__ import annotations

from tests.rest.conftest import PersonFactory
from tests.rest.rest import Api, problem


def test_an_administrator_cannot_suspend_or_delete_themself(
    api: Api, person: PersonFactory
) -> None:
    admin = person("root-admin", (9,))
    other = person("second-admin", (9,))
    problem(admin.post("/users/root-admin/suspend"), 403, "access_denied")
    etag = api.user_etag("root-admin")
    problem(admin.delete("/users/root-admin", if_match=etag), 403, "access_denied")
    assert api.get("/users/root-admin").json()["status"] == "Active"

    assert other.post("/users/root-admin/suspend").status_code == 200
    assert api.post("/users/root-admin/unsuspend").status_code == 200
