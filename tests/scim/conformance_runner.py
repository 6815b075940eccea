"""Run the scim2-tester conformance suite against a SCIM server; print one JSON object
per check. Run by ``test_conformance.py`` in its own process, so that the suite's random
choices follow ``seed`` alone and its warnings stay out of the test run.

    python -m tests.scim.conformance_runner BASE_URL TOKEN SEED
"""

from __future__ import annotations

import json
import random
import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import check_server

TIMEOUT_S = 30.0
REASON_MAX = 600


def main(base_url: str, token: str, seed: int) -> None:
    random.seed(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with Client(base_url=base_url, headers=headers, timeout=TIMEOUT_S) as http:
        results = check_server(SyncSCIMClient(http))
    for result in results:
        print(
            json.dumps(
                {
                    "status": result.status.name,
                    "resource_type": result.resource_type,
                    "title": result.title,
                    "reason": (result.reason or "")[:REASON_MAX],
                }
            )
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
