"""Overload: a logon flood saturates password hashing; other calls must stay fast.

Prints its figures (issue 8, "Overload and faults"):

1. REST getUser alone: requests/s and p50/p99 (the baseline).
2. The same getUser load while ``--flood`` connections send v1 Logon as fast as they can:
   getUser's p50/p99 again, and how the logons ended — accepted (StatusCode 0) or refused
   cleanly by the bounded hashing queue (HTTP 503, StatusCode 2, ``Retry-After``). Any other
   reply, a 5xx other than that 503, or a dropped connection is counted as an error.

Usage: ``python benchmarks/overload.py [--seconds 15] [--flood 100] [--readers 8]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Reply, Sample, drive, http_request, percentile
from run import prepare, rest_ok
from servers import Servers, chamberlain_command, chamberlain_init


def _latency(sample: Sample) -> str:
    ordered = sorted(sample.latencies)
    p50, p99 = (percentile(ordered, q) * 1000 for q in (0.5, 0.99))
    return f"{sample.rate:7.0f} req/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--flood", type=int, default=100, help="logon connections")
    parser.add_argument("--readers", type=int, default=8, help="getUser connections")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chamberlain-overload-") as folder:
        workdir = Path(folder)
        database_url = f"sqlite:///{workdir / 'overload.db'}"
        credentials = chamberlain_init(database_url, workdir)
        with Servers(workdir) as servers:
            # Failed logons are not part of this test: the flood uses the right password,
            # and the source-address budget does not apply to accepted logons.
            server = servers.start("chamberlain", chamberlain_command(database_url))
            port = server.port
            names = (f"user{number}" for number in itertools.count())
            session = asyncio.run(prepare(port, credentials, names))
            bearer = {"Authorization": f"Bearer {session.token}"}
            read = http_request("GET", f"/api/users/{session.get_user}", port, headers=bearer)
            logon = http_request(
                "POST", "/REST/Auth/Logon/JSON", port,
                json.dumps({"APIKey": credentials["APIKey"],
                            "Password": credentials["Password"]}).encode(),
                {"Content-Type": "application/json"},
            )  # fmt: skip
            outcomes: Counter[str] = Counter()

            def logon_ok(reply: Reply) -> bool:
                body = json.loads(reply.body)
                if reply.status == 200 and body.get("StatusCode") == 0:
                    outcomes["accepted"] += 1
                    return True
                refused = reply.status == 503 and body.get("StatusCode") == 2
                if refused and reply.header("retry-after"):
                    outcomes["refused cleanly (503, Retry-After)"] += 1
                    return True
                outcomes[f"other: HTTP {reply.status}"] += 1
                return False

            def run(concurrently: bool) -> tuple[Sample, Sample | None]:
                async def both() -> tuple[Sample, Sample | None]:
                    reads = drive(port, lambda: read, rest_ok, seconds=args.seconds,
                                  warmup=1.0, concurrency=args.readers)  # fmt: skip
                    if not concurrently:
                        return await reads, None
                    flood = drive(port, lambda: logon, logon_ok, seconds=args.seconds,
                                  warmup=1.0, concurrency=args.flood)  # fmt: skip
                    read_sample, flood_sample = await asyncio.gather(reads, flood)
                    return read_sample, flood_sample

                return asyncio.run(both())

            alone, _ = run(concurrently=False)
            loaded, flood = run(concurrently=True)
            assert flood is not None
            print(f"getUser, {args.readers} connections, {args.seconds:.0f} s each")
            print(f"  alone                       {_latency(alone)}   errors {alone.errors}")
            print(f"  with {args.flood:3d} logon connections {_latency(loaded)}   "
                  f"errors {loaded.errors}")  # fmt: skip
            print(f"logon flood: {args.flood} connections, {flood.rate:.0f} replies/s")
            for outcome, count in sorted(outcomes.items()):
                print(f"  {outcome:<40} {count}")
            print(f"  errors in the window (other replies, dropped connections) {flood.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
