"""Property-based fuzzing of the v1 parser and dispatcher through the real ASGI app.

Whatever arrives (any method, any mix of known and unknown fields, any carrier: query
string, JSON, single-quoted JSON, form, XML or raw bytes, in any charset), the reply is a
documented HTTP status with a well-formed envelope whose StatusCode is documented, never
2 (an unexpected error) and never a 5xx.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from chamberlain.api.clc_v1.methods.registry import METHODS

# CI runs a bounded number; the long run (docs/reliability.md) sets many more.
EXAMPLES = int(os.environ.get("CHAMBERLAIN_FUZZ_EXAMPLES", "250"))
DOCUMENTED_CODES = {0, 3, 5, 100, 101, *range(1600, 1612), 1616, *range(1700, 1708)}
FIELD_NAMES = [
    "UserName",
    "username",
    "AccountAlias",
    "EmailAddress",
    "FirstName",
    "LastName",
    "AlternateEmailAddress",
    "Title",
    "OfficeNumber",
    "MobileNumber",
    "AllowSMSAlerts",
    "FaxNumber",
    "SAMLUserName",
    "Roles",
    "TimeZoneID",
    "APIKey",
    "Password",
    "Junk",
]
# Logout is left out: it would end the session the other examples run in.
PATHS = [f"/REST/{m.area}/{m.name}" for m in METHODS.values() if m.name != "Logout"]
PATHS.append("/REST/User/Nope")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.text(max_size=40),
    st.sampled_from(["ROOT", "root", "ＲＯＯＴ", "x@example.com", "12", "true", "'", "\x00"]),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))
field_maps = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8)


def _xml(fields: dict[str, Any]) -> str:
    root = ElementTree.Element("Request")
    for name, value in fields.items():
        child = ElementTree.SubElement(root, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(value, list):
                ElementTree.SubElement(child, "int").text = str(item)
            elif item is not None:
                child.text = str(item)
    try:
        return ElementTree.tostring(root, encoding="unicode")
    except ValueError:
        return "<Request/>"


def _as_form(fields: dict[str, Any]) -> str:
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, "" if item is None else str(item)))
    return urlencode(pairs)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, dict[str, str], bytes, str]:
    path = draw(st.sampled_from(PATHS)) + draw(st.sampled_from(["", "/", "/JSON", "/xml"]))
    fields = draw(field_maps)
    carrier = draw(st.sampled_from(["query", "json", "quoted", "form", "xml", "bytes"]))
    headers: dict[str, str] = {}
    body = b""
    query = ""
    if carrier == "query":
        query = _as_form(fields)
    elif carrier == "json":
        body, headers["content-type"] = json.dumps(fields).encode(), "application/json"
    elif carrier == "quoted":
        body = json.dumps(fields).replace('"', "'").encode("utf-8", "surrogatepass")
        headers["content-type"] = "application/json"
    elif carrier == "form":
        body = _as_form(fields).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif carrier == "xml":
        body, headers["content-type"] = _xml(fields).encode(), "text/xml"
    else:
        body = draw(st.binary(max_size=200))
        headers["content-type"] = draw(
            st.sampled_from(["application/json; charset=utf-16", "text/plain", "text/xml"])
        )
    return path + ("?" + query if query else ""), headers, body, carrier


def _envelope(reply: Any) -> tuple[int, bool]:
    if reply.headers["content-type"].startswith("application/json"):
        document = json.loads(reply.content)
        return int(document["StatusCode"]), bool(document["Success"])
    root = ElementTree.fromstring(reply.content)
    return int(root.attrib["StatusCode"]), root.attrib["Success"] == "true"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_every_request_gets_a_documented_answer(
    session: TestClient, request: tuple[str, dict[str, str], bytes, str]
) -> None:
    url, headers, body, _carrier = request
    reply = session.post(url, content=body, headers=headers)
    assert reply.status_code in {200, 404, 413}, reply.text
    if reply.status_code == 404:
        return
    code, success = _envelope(reply)
    event(f"StatusCode {code}")
    assert code in DOCUMENTED_CODES, reply.text
    assert success is (code == 0)
    assert b"Traceback" not in reply.content
