"""Property: reading any request either works or fails as a ChamberlainError.

Whatever bytes arrive as a body and whatever text arrives as a query string,
``decode_body``, ``WireFields`` and its accessors must never raise anything else: any
other exception escapes the v1 envelope and becomes a bare HTTP 500.
"""

from __future__ import annotations

import codecs
import contextlib
import json
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamberlain.api.clc_v1.parse import WireFields, decode_body
from chamberlain.errors import ChamberlainError

NAMES = ["UserName", "Roles", "AllowSMSAlerts", "AllowSMS", "Title", "roles", "USERNAME"]

FRAGMENTS = [
    "{", "}", "[", "]", "'", '"', ":", ",", "<", ">", "/", "=", "&", "%", "+", ";", "\\",
    " ", "\n", "\ufeff", "\x00", "null", "true", "false", "-1", "2", "9", "2.5", "1e400",
    "NaN", "٢", "9" * 4301, "%FF", "%C3%A9", "%",
    *NAMES,
    "<R>", "</R>", "<Roles>", "</Roles>", "<int>", "</int>", "<Roles/>",
    ' i:nil="true"', ' xmlns:i="http://www.w3.org/2001/XMLSchema-instance"',
    ' xmlns="urn:x"', "<!DOCTYPE R>", "<?xml version=\"1.0\"?>", "&amp;", "&e;",
]  # fmt: skip

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NAMES), inner),
    max_leaves=8,
)
json_bodies = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=5), json_values).map(
    json.dumps
)
single_quoted_bodies = json_bodies.map(lambda text: text.replace('"', "'"))
fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join)
pairs = st.lists(
    st.tuples(st.sampled_from(NAMES) | st.text(max_size=5), st.text(max_size=10) | fragment_text),
    max_size=5,
)
form_text = pairs.map(lambda items: urlencode(items, quote_via=quote))

body_text = st.one_of(json_bodies, single_quoted_bodies, fragment_text, form_text, st.text())
encodings = st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252"])


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """Arbitrary bytes, or plausible text in some encoding, after an optional BOM."""
    bom = draw(st.sampled_from(BOMS))
    if draw(st.booleans()):
        return bom + draw(st.binary(max_size=64))
    payload = draw(body_text).encode(draw(encodings), "replace")
    if draw(st.booleans()) and payload:
        payload = payload[: draw(st.integers(0, len(payload) - 1))]
    return bom + payload


queries = st.one_of(st.text(max_size=40), fragment_text, form_text)


def _read_all(fields: WireFields, names: list[str]) -> None:
    for name in names:
        for read in (fields.text, fields.flag, fields.role_ids):
            with contextlib.suppress(ChamberlainError):
                read(name)


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(body=bodies(), query=queries, extra_name=st.text(max_size=8))
def test_any_request_is_read_or_refused_with_a_chamberlain_error(
    body: bytes, query: str, extra_name: str
) -> None:
    try:
        fields = WireFields(query, decode_body(body, None))
    except ChamberlainError:
        return
    _read_all(fields, [*NAMES, extra_name])
