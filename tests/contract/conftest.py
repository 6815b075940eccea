"""One real server per module and database backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.support.databases import postgres_base_url, postgres_schema
from tests.support.live_server import LiveServer, ServerProcess


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server_process(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("live")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{workdir / 'live.sqlite'}"
        else:
            if postgres_base_url() is None:
                pytest.skip("CHAMBERLAIN_TEST_DATABASE_URL is not set")
            url = stack.enter_context(postgres_schema("chamberlain_live"))
        process = ServerProcess(url, workdir)
        stack.callback(process.stop)
        yield process


@pytest.fixture(scope="module")
def live_server(server_process: ServerProcess) -> LiveServer:
    return server_process.start()
