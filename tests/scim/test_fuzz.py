"""Property: whatever a client sends to the SCIM face, the answer is a success or a SCIM
error with a documented status, never a 500 and never a stack trace."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scim.scim import ERROR_URN, Scim

ALLOWED = {200, 201, 204, 400, 404, 405, 409, 412, 415, 501}
NAMES = ["userName", "name", "givenName", "emails", "value", "type", "primary", "active",
         "roles", "members", "externalId", "title", "phoneNumbers", "Operations", "op",
         "path", "filter", "id", "meta", "schemas"]  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.sampled_from(NAMES),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NAMES), inner, max_size=4)
    ),
    max_leaves=10,
)
operations = st.lists(
    st.fixed_dictionaries(
        {"op": st.sampled_from(["add", "Replace", "REMOVE", "move"])},
        optional={
            "path": st.sampled_from([*NAMES, 'emails[type eq "work"].value', "name.givenName",
                                     'members[value eq "1"]', "x[", "urn:x:y"]),
            "value": json_values,
        },
    ),
    min_size=1, max_size=3,
)  # fmt: skip
FILTERS = ['userName eq "a"', 'emails[type eq "work"]', "active eq true", "title pr", "(", "a b c",
           'not (userName sw "x")', 'members[value eq "1"]', 'displayName co "Admin"']  # fmt: skip
parameters = st.fixed_dictionaries(
    {},
    optional={
        "filter": st.sampled_from(FILTERS) | st.text(max_size=20),
        "startIndex": st.text(max_size=3),
        "count": st.text(max_size=3),
        "attributes": st.sampled_from(NAMES),
    },
)
writes = st.sampled_from(["/Users", "/Users/{id}", "/Groups/ROOT-8"])
requests = st.one_of(
    st.tuples(
        st.just("PATCH"),
        st.sampled_from(["/Users/{id}", "/Groups/ROOT-9"]),
        operations.map(lambda ops: {"Operations": ops}),
    ),
    st.tuples(st.sampled_from(["POST", "PUT"]), writes, json_values),
    st.tuples(st.just("GET"), st.sampled_from(["/Users", "/Groups"]), parameters),
)


def _check(scim: Scim, method: str, path: str, payload: Any) -> None:
    if method == "GET":
        response = scim.get(path, params=payload)
    else:
        response = scim.call(method, path, content=json.dumps(payload).encode())
    assert response.status_code in ALLOWED, response.text
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        body = response.json()
        assert body["schemas"] == [ERROR_URN]
        assert body["status"] == str(response.status_code)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(requests, min_size=1, max_size=4))
def test_any_request_gets_a_scim_answer(scim: Scim, sent: list[tuple[str, str, Any]]) -> None:
    user_id = scim.listed("/Users", filter='userName eq "fuzzed"') or [
        scim.made_user("fuzzed", roles=[{"value": "9"}])
    ]
    for method, path, payload in sent:
        _check(scim, method, path.format(id=user_id[0]["id"]), payload)
