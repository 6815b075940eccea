"""``/api/docs``: Swagger UI over ``/api/openapi.json``, its assets served by chamberlain.

The assets come from the fastapi-offline package (Swagger UI 5, which reads OpenAPI
3.1), so the page works on machines without Internet access and loads nothing from a CDN.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS = files("fastapi_offline") / "static"


def add_docs_page(app: FastAPI) -> None:
    """Serve the assets at ``/static`` and the page at ``/docs`` (below the mount)."""
    app.mount("/static", StaticFiles(directory=str(ASSETS)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        prefix = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title="chamberlain API",
            swagger_js_url=f"{prefix}/static/swagger-ui-bundle.js",
            swagger_css_url=f"{prefix}/static/swagger-ui.css",
            swagger_favicon_url=f"{prefix}/static/favicon.png",
        )
