"""``chamberlain.client`` stands alone: it imports without any of the server's
dependencies, and it exports exactly its documented names."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import chamberlain.client

# Every distribution the server needs and the SDK must not (pyproject.toml, dependencies).
SERVER_ONLY = (
    "alembic", "argon2", "click", "defusedxml", "fastapi", "fastapi_offline", "prometheus_client",
    "psycopg", "pydantic", "sqlalchemy", "starlette", "uvicorn",
)  # fmt: skip

PROBE = textwrap.dedent(
    """
    import sys

    BLOCKED = set(sys.argv[1].split(","))

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked")
            return None

    sys.meta_path.insert(0, Block())
    import httpx

    from chamberlain.client import AsyncClient, Client, TokenAuth

    def answer(request):
        return httpx.Response(200, json=[])

    with Client("http://x", auth=TokenAuth("t"), transport=httpx.MockTransport(answer)) as c:
        assert c.roles.list() == []
    AsyncClient("http://x")
    loaded = sorted(m for m in sys.modules if m.startswith("chamberlain."))
    print(",".join(loaded))
    """
)


def test_imports_and_works_without_the_servers_dependencies() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(SERVER_ONLY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.strip().split(",")
    assert loaded
    assert all(name.startswith("chamberlain.client") for name in loaded), loaded


def test_the_probe_really_blocks() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.replace("import httpx", "import chamberlain.app"), "fastapi"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "fastapi is blocked" in done.stderr


def test_exports() -> None:
    # "@py_..." names: pytest rewrites the package's asserts (chamberlain is a plugin too).
    public = {name for name in vars(chamberlain.client) if not name.startswith(("_", "@"))}
    assert set(chamberlain.client.__all__) - {"__version__"} == public
    for name in chamberlain.client.__all__:
        value = getattr(chamberlain.client, name)
        if isinstance(value, type):
            assert value.__module__ == "chamberlain.client", name
