"""Timing of refused logons: an unknown API key against a known key with a wrong password.

Prints its figure (issue 8, "Brute force and enumeration"): the median time of each kind of
refused v1 Logon, measured interleaved on one server, and their difference. Target: under
5 ms, so response time does not tell which keys exist.

Throttling would answer most of these attempts early (no password check at all), so the
run stays under its limits: the server trusts X-Forwarded-For from loopback and every
attempt comes from its own documentation address, and each known key is tried at most
``CREDENTIAL_FREE_FAILURES`` times.

Usage: ``python benchmarks/enumeration.py [--attempts 300] [--database-url URL]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from chamberlain.domain.throttle import CREDENTIAL_FREE_FAILURES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import Servers, chamberlain_command, chamberlain_init


def _post(
    connection: http.client.HTTPConnection, path: str, body: object, headers: dict[str, str]
) -> tuple[int, dict[str, object]]:
    connection.request(
        "POST", path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers}
    )
    reply = connection.getresponse()
    return reply.status, json.loads(reply.read() or b"{}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=300, help="per kind")
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chamberlain-enum-") as folder:
        workdir = Path(folder)
        database_url = args.database_url or f"sqlite:///{workdir / 'enum.db'}"
        credentials = chamberlain_init(database_url, workdir)
        with Servers(workdir) as servers:
            server = servers.start(
                "chamberlain",
                chamberlain_command(database_url),
                env={"CHAMBERLAIN_TRUSTED_PROXIES": "127.0.0.1"},
            )
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            status, token = _post(
                connection,
                "/api/auth/token",
                {"api_key": credentials["APIKey"], "password": credentials["Password"]},
                {},
            )
            bearer = {"Authorization": f"Bearer {token['access_token']}"}
            keys_needed = -(-args.attempts // CREDENTIAL_FREE_FAILURES)
            known = []
            for _ in range(keys_needed):
                path = f"/api/accounts/{credentials['AccountAlias']}/api-users"
                status, issued = _post(connection, path, None, bearer)
                if status != 201:
                    raise RuntimeError(f"creating an API user failed: {status} {issued}")
                known.append(str(issued["api_key"]))

            timings: dict[str, list[float]] = {"unknown key": [], "wrong password": []}
            for attempt in range(args.attempts):
                for kind, values in timings.items():
                    key = (
                        secrets.token_hex(16)
                        if kind == "unknown key"
                        else known[attempt // CREDENTIAL_FREE_FAILURES]
                    )
                    source = {"X-Forwarded-For": f"198.18.{attempt // 250}.{attempt % 250}"}
                    body = {"APIKey": key, "Password": "not the password at all"}
                    started = time.perf_counter()
                    status, reply = _post(connection, "/REST/Auth/Logon/JSON", body, source)
                    elapsed = time.perf_counter() - started
                    if (status, reply.get("StatusCode")) != (200, 100):
                        raise RuntimeError(f"unexpected reply {status} {reply}")
                    values.append(elapsed * 1000)
            medians = {kind: statistics.median(values) for kind, values in timings.items()}
            print(f"refused v1 Logon, {args.attempts} attempts of each kind, interleaved")
            for kind, values in timings.items():
                ordered = sorted(values)
                p10, p90 = ordered[len(ordered) // 10], ordered[len(ordered) * 9 // 10]
                print(
                    f"  {kind:<15} median {medians[kind]:6.2f} ms   p10 {p10:6.2f}   p90 {p90:6.2f}"
                )
            difference = abs(medians["unknown key"] - medians["wrong password"])
            verdict = "MET" if difference < 5 else "NOT MET"
            print(f"  difference of medians {difference:.2f} ms (target < 5 ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
