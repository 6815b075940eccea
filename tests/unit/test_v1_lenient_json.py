"""JSON as v1 clients really sent it (api/clc_v1/lenient_json.py)."""

from __future__ import annotations

import pytest

from chamberlain.api.clc_v1.lenient_json import DuplicateKey, loads


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"APIKey": "k", "Password": "p"}', {"APIKey": "k", "Password": "p"}),
        (
            '{"Roles": [2, 9], "AllowSMSAlerts": true, "Title": null}',
            {"Roles": [2, 9], "AllowSMSAlerts": True, "Title": None},
        ),
        ('{"a": "it\'s"}', {"a": "it's"}),
        ('{"a": "\\u00e9\\n"}', {"a": "é\n"}),
        ("[1, 2]", [1, 2]),
        ('"text"', "text"),
    ],
)
def test_strict_json(text: str, value: object) -> None:
    assert loads(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{'APIKey':'abc','Password':'s3cret'}", {"APIKey": "abc", "Password": "s3cret"}),
        ("{'a': 'say \"hi\"'}", {"a": 'say "hi"'}),
        ("{'a': 'it\\'s'}", {"a": "it's"}),
        ("{'a': 'back\\\\slash'}", {"a": "back\\slash"}),
        ("{'a': 'line\\nbreak'}", {"a": "line\nbreak"}),
        ("{'a': '\\u0041'}", {"a": "A"}),
        ("{'a': ''}", {"a": ""}),
        ("{'a': \"it's\", 'b': 'x'}", {"a": "it's", "b": "x"}),
        ("{'a': \"q\\\"'\", 'b': 'y'}", {"a": "q\"'", "b": "y"}),
        ("{'Roles': [2, 9], 'Flag': true, 'N': null}", {"Roles": [2, 9], "Flag": True, "N": None}),
        ("{'nested': {'k': ['v', 'w']}}", {"nested": {"k": ["v", "w"]}}),
        ("{'ü': 'é'}", {"ü": "é"}),
    ],
)
def test_single_quoted_json(text: str, value: object) -> None:
    assert loads(text) == value


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        "{'a': 1, 'a': 2}",
        '{"x": {"b": 1, "b": 1}}',
        "{'a': 1, \"a\": 2}",
    ],
)
def test_duplicate_keys_raise(text: str) -> None:
    with pytest.raises(DuplicateKey):
        loads(text)


def test_keys_differing_in_case_are_not_duplicates_here() -> None:
    assert loads('{"a": 1, "A": 2}') == {"a": 1, "A": 2}


@pytest.mark.parametrize(
    "text",
    [
        "{'a': 'b}",
        "{'a",
        "'",
        "{'a': 'b\\'}",
    ],
)
def test_unterminated_single_quoted_string_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="unterminated"):
        loads(text)


@pytest.mark.parametrize(
    "text",
    ["", "{", '{"a": }', "{a: 1}", "{'a': 1,}", "nope", '{"a": "b"} x'],
)
def test_garbage_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - ValueError is the documented contract
        loads(text)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        "{'a':" * 50_000 + "1" + "}" * 50_000,
        "{'x': 'y', 'a': " + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["balanced", "open", "objects", "single-quoted-objects", "single-quoted-then-deep"],
)
def test_deep_nesting_raises_value_error_not_recursion_error(text: str) -> None:
    # RecursionError is not a ValueError: it would escape this check.
    with pytest.raises(ValueError, match="nested too deeply"):
        loads(text)
