"""Trailing-slash redirects point at a path of this server, whatever the Host header says
(issue 13: the ``Location`` was built from the request's ``Host``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route, Router
from starlette.testclient import TestClient

from chamberlain.api.slash_redirect import relative_slash_redirects
from chamberlain.app import create_app
from chamberlain.services.runtime import Runtime

HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.mark.parametrize(
    ("method", "path", "location"),
    [
        ("GET", "/api/me/", "/api/me"),
        ("GET", "/api/openapi.json/?x=1&y=%2F", "/api/openapi.json?x=1&y=%2F"),
        ("POST", "/api/auth/token/", "/api/auth/token"),
        ("GET", "/api/users/a%2Fb%20c/", "/api/users/a%2Fb%20c"),  # the name stays encoded
        ("GET", "/portal/sign-in/", "/portal/sign-in"),
        ("POST", "/portal/sign-in/?next=%2Fportal", "/portal/sign-in?next=%2Fportal"),
    ],
)
def test_the_location_is_the_requested_path_without_its_slash_never_the_host(
    client: TestClient, method: str, path: str, location: str
) -> None:
    response = client.request(method, path, headers=HOSTILE, follow_redirects=False)
    assert response.status_code == 307, response.text
    assert response.headers["location"] == location


def test_paths_with_no_route_in_either_form_are_still_not_found(client: TestClient) -> None:
    missing = client.get("/api/no-such-thing/", headers=HOSTILE, follow_redirects=False)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get("/api/", follow_redirects=False).status_code == 404
    assert client.get("/portal/no-such-page/", follow_redirects=False).status_code == 404


def _router() -> Router:
    async def hello(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("hello")

    router = Router(routes=[Route("/{rest:path}/x", hello), Route("/y/", hello)])
    relative_slash_redirects(router)
    return router


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/a/x/", "/a/x"),
        ("/y", "/y/"),  # the slash is added as well as removed
        ("//evil.example/x/", "/evil.example/x"),  # never "//host": that names a host
        ("/%2Fevil.example/x/", "/%2Fevil.example/x"),
    ],
)
def test_a_location_is_always_a_path_on_this_server(path: str, location: str) -> None:
    with TestClient(_router(), base_url="http://127.0.0.1") as bare:
        # A full URL: httpx would read "//evil.example/..." alone as a host.
        response = bare.get(f"http://127.0.0.1{path}", headers=HOSTILE, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == location


def _routers(app: object) -> Iterator[Router]:
    router = app if isinstance(app, Router) else getattr(app, "router", None)
    if isinstance(router, Router):
        yield router
        for route in router.routes:
            if isinstance(route, Mount):
                yield from _routers(route.app)


def test_no_router_of_the_app_builds_a_redirect_from_the_host_header(runtime: Runtime) -> None:
    routers = list(_routers(create_app(runtime)))
    assert len(routers) >= 4  # the app's, REST, SCIM and the portal's
    assert [r for r in routers if r.redirect_slashes] == []
