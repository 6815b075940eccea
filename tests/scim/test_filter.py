"""The SCIM filter parser and evaluator: examples, then properties (Hypothesis)."""

from __future__ import annotations

import json
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chamberlain.domain.scim.definitions import GROUP_TYPE, USER_TYPE
from chamberlain.domain.scim.filter import compile_filter
from chamberlain.domain.scim.filter_syntax import (
    MAX_COMPARISONS,
    And,
    AttrPath,
    Compare,
    Filter,
    Not,
    Op,
    Or,
    Present,
    ValuePath,
    attribute_names,
    parse_filter,
    render,
)
from chamberlain.errors import InvalidFilter

USER: dict[str, Any] = {
    "id": "12",
    "externalId": "Ext-1",
    "userName": "JDoe",
    "name": {"givenName": "Jane", "familyName": "Doe"},
    "title": "",
    "active": False,
    "emails": [
        {"value": "jane@work.example", "type": "work", "primary": True},
        {"value": "jane@home.example", "type": "other"},
    ],
    "roles": [{"value": "DNS Manager"}],
    "meta": {"version": '"3"'},
}


def matches(text: str, document: dict[str, Any] = USER) -> bool:
    return compile_filter(text, USER_TYPE).matches(document)


def test_precedence_not_and_or() -> None:
    a, b, c = (Present(AttrPath(name)) for name in ("title", "active", "emails"))
    assert parse_filter("title pr or active pr and emails pr") == Or((a, And((b, c))))
    assert parse_filter("(title pr or active pr) and emails pr") == And((Or((a, b)), c))
    assert parse_filter("NOT (title pr) AND active pr") == And((Not(a), b))


def test_value_paths_urns_and_literals() -> None:
    assert parse_filter('emails[type eq "work"].value co "@"') == ValuePath(
        AttrPath("emails"),
        Compare(AttrPath("type"), Op.EQ, "work"),
        Compare(AttrPath("value"), Op.CO, "@"),
    )
    urn = "urn:ietf:params:scim:schemas:core:2.0:User"
    assert parse_filter(f'{urn}:name.givenName Eq "a:b"') == Compare(
        AttrPath("name", "givenName", urn), Op.EQ, "a:b"
    )
    assert parse_filter("active eq TRUE") == Compare(AttrPath("active"), Op.EQ, True)
    assert parse_filter("title eq null") == Compare(AttrPath("title"), Op.EQ, None)
    assert parse_filter('title eq "quote \\" and \\\\"') == Compare(
        AttrPath("title"), Op.EQ, 'quote " and \\'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('userName eq "jdoe"', True),  # userName ignores case
        ('userName ne "jdoe"', False),
        ('externalId eq "ext-1"', False),  # externalId is case-exact
        ('externalId eq "Ext-1"', True),
        ('id eq "12"', True),
        ('name.givenName sw "JA"', True),
        ('name.familyName ew "OE"', True),
        ('userName co "do"', True),
        ('userName gt "a"', True),
        ('userName lt "a"', False),
        ('userName ge "jdoe"', True),
        ('userName le "jdoe"', True),
        ("title pr", False),  # empty is not present
        ("title eq null", True),
        ("name pr", True),
        ("active eq false", True),
        ('active eq "False"', True),  # as Entra writes it
        ('emails co "home"', True),  # any value of a multi-valued attribute
        ('emails.value ew "work.example"', True),
        ('emails[type eq "work" and value co "home"]', False),
        ('emails[type eq "other"].value co "home"', True),
        ('emails[type eq "other"].value co "work"', False),
        ("emails[not (primary eq true)]", True),
        ('roles.value eq "dns manager"', True),
        ('emails ne "jane@home.example"', False),  # ne negates eq, also multi-valued
        ('meta.version eq "\\"3\\""', True),
        ('not (userName eq "jdoe") or title pr', False),
    ],
)
def test_evaluation(text: str, expected: bool) -> None:
    assert matches(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "userName",
        "userName eq",
        'userName xx "a"',
        'userName eq "a" and',
        "(userName pr",
        "userName pr)",
        'nickName eq "a"',  # not an attribute chamberlain keeps
        'name eq "a"',  # complex without a value to compare
        'name.middleName eq "a"',
        "userName eq 5",
        "userName eq true",
        "active gt true",
        "active co false",
        'active eq "maybe"',
        "title gt null",
        'title[value eq "a"]',
        'emails[type eq "work"][value pr]',
        "emails[roles[value pr]]",
        "emails.value[type pr]",
        'urn:x:y:userName eq "a"',
        "not title pr",
        'userName eq "unterminated',
        "userName eq 'single'",
        "(" * 40 + "title pr" + ")" * 40,
        "title pr and " * 500 + "title pr",
        'meta.created gt "2020-01-01T00:00:00Z"',
    ],
)
def test_refused_filters(text: str) -> None:
    with pytest.raises(InvalidFilter):
        compile_filter(text, USER_TYPE)


def test_equality_is_what_an_index_answers() -> None:
    assert compile_filter('USERNAME eq "x"', USER_TYPE).equality() == ("userName", "x")
    assert compile_filter('externalId eq "x"', USER_TYPE).equality() == ("externalId", "x")
    for text in ('userName eq "x" and title pr', 'userName co "x"', 'emails eq "x"',
                 'name.givenName eq "x"', "userName eq null"):  # fmt: skip
        assert compile_filter(text, USER_TYPE).equality() is None
    assert compile_filter('displayName eq "x"', GROUP_TYPE).equality() == ("displayName", "x")


def test_attribute_names() -> None:
    tree = parse_filter('not (members[value eq "1"]) or displayName pr and id eq "x"')
    assert attribute_names(tree) == {"members", "displayname", "id"}


# --- properties -------------------------------------------------------------------------

SIMPLE = ["userName", "title", "timezone", "externalId", "id"]
# Text a stored attribute can hold: literals with control or invisible characters are
# refused (test_literals_with_control_characters_are_refused).
texts = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")), max_size=12)
compare_ops = st.sampled_from(list(Op))


def compares(names: list[str]) -> st.SearchStrategy[Filter]:
    return st.one_of(
        st.builds(Present, st.sampled_from(names).map(AttrPath)),
        st.builds(Compare, st.sampled_from(names).map(AttrPath), compare_ops, texts),
    )


def trees(leaves: st.SearchStrategy[Filter], max_leaves: int) -> st.SearchStrategy[Filter]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(Not, inner),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: And(tuple(parts))),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: Or(tuple(parts))),
        ),
        max_leaves=max_leaves,
    )


# At most 3 leaves of at most 3 comparisons each: two filters joined stay within
# MAX_COMPARISONS.
value_paths = st.builds(
    ValuePath,
    st.just(AttrPath("emails")),
    trees(compares(["value", "type"]), 2),
    st.none() | compares(["value"]),
)
filters = trees(st.one_of(compares(SIMPLE), value_paths), 3)
literals = st.one_of(
    st.none(), st.booleans(), st.integers(), texts,
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip


@given(filters)
def test_render_then_parse_gives_the_same_tree(tree: Filter) -> None:
    assert parse_filter(render(tree)) == tree


@given(st.sampled_from(SIMPLE), compare_ops, literals)
def test_any_literal_round_trips(name: str, op: Op, value: object) -> None:
    tree = Compare(AttrPath(name), op, value)  # type: ignore[arg-type]
    assert parse_filter(render(tree)) == tree


FRAGMENTS = [
    "(", ")", "[", "]", '"', "\\", " ", "and", "or", "not", "pr", "eq", "co", "gt", "true",
    "null", "1", "-2.5e3", ".", ".value", "userName", "emails", "urn:a:b:", "name.givenName",
    "é", "\u200b", "\n",
]  # fmt: skip


@settings(max_examples=300)
@given(
    st.one_of(st.text(max_size=40), st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join))
)
def test_any_text_parses_or_is_an_invalid_filter(text: str) -> None:
    try:
        compiled = compile_filter(text, USER_TYPE)
    except InvalidFilter:
        return
    assert isinstance(compiled.matches(USER), bool)


documents = st.fixed_dictionaries(
    {},
    optional={
        "userName": texts,
        "title": texts,
        "timezone": texts,
        "externalId": texts,
        "id": st.text(string.digits, min_size=1, max_size=3),
        "emails": st.lists(
            st.fixed_dictionaries(
                {"value": texts}, optional={"type": st.sampled_from(["work", "other"])}
            ),
            max_size=2,
        ),
    },
)


@given(filters, filters, documents)
def test_logic_follows_the_operators(left: Filter, right: Filter, document: dict[str, Any]) -> None:
    a, b = matches(render(left), document), matches(render(right), document)
    assert matches(f"not ({render(left)})", document) is (not a)
    assert matches(f"{render(left)} and {render(right)}", document) is (a and b)
    assert matches(f"{render(left)} or {render(right)}", document) is (a or b)
    # De Morgan, as a check of the parser's grouping.
    assert matches(f"not ({render(left)} or {render(right)})", document) is (not a and not b)


@given(st.text(string.ascii_letters, min_size=1, max_size=10), compare_ops)
def test_user_name_ignores_case(name: str, op: Op) -> None:
    exact = matches(f'userName {op.value} "{name}"', {"userName": name})
    assert matches(f'userName {op.value} "{name.swapcase()}"', {"userName": name}) is exact


@given(st.sampled_from(SIMPLE), texts, documents)
def test_ne_is_the_negation_of_eq(name: str, value: str, document: dict[str, Any]) -> None:
    text = render(Compare(AttrPath(name), Op.EQ, value))
    assert matches(text.replace(" eq ", " ne ", 1), document) is (not matches(text, document))


def test_comparisons_per_filter_are_capped() -> None:
    twenty = " or ".join(f'title eq "{n}"' for n in range(MAX_COMPARISONS))
    assert compile_filter(twenty, USER_TYPE).matches({"title": "7"}) is True
    with pytest.raises(InvalidFilter, match=str(MAX_COMPARISONS)):
        compile_filter(twenty + " or title pr", USER_TYPE)
    # Tests inside a value path's brackets, and after them, count too.
    inside = " and ".join(["value pr"] * MAX_COMPARISONS)
    assert compile_filter(f"emails[{inside}]", USER_TYPE).matches(USER) is True
    with pytest.raises(InvalidFilter):
        compile_filter(f'emails[{inside}].value co "@"', USER_TYPE)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1f", "\x7f", "\u200b", "\ud800", "\ue000"])
def test_literals_with_control_characters_are_refused(char: str) -> None:
    escaped = json.dumps(f"a{char}b")  # as a client escapes it: \u0000 and so on
    with pytest.raises(InvalidFilter, match="control"):
        compile_filter(f"userName eq {escaped}", USER_TYPE)
    with pytest.raises(InvalidFilter):
        compile_filter(f"emails[value co {escaped}]", USER_TYPE)


@pytest.mark.parametrize(
    "text",
    ['userName eq "JDOE "', 'userName eq "\uff2a\uff24\uff4f\uff45"', 'userName sw " jd"',
     'userName ew "\uff2f\uff25"', 'userName co "DO"'],
)  # fmt: skip
def test_user_name_folds_as_the_index_does(text: str) -> None:
    assert matches(text) is True
