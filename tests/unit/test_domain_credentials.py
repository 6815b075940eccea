"""API keys, session tokens, digests and password hashing (domain/credentials.py)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type

from chamberlain.domain.credentials import (
    PasswordHasher,
    check_new_password,
    new_api_key,
    new_password,
    new_session_token,
    normalise_api_key,
    token_digest,
)
from chamberlain.errors import InvalidField

PINNED_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"
URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")


@pytest.fixture(scope="module")
def hasher() -> PasswordHasher:
    return PasswordHasher(max_concurrent=2)


def test_new_api_key_is_32_lower_case_hex_and_unique() -> None:
    keys = [new_api_key() for _ in range(1000)]
    for key in keys:
        assert re.fullmatch(r"[0-9a-f]{32}", key), key
    assert len(set(keys)) == 1000


def test_normalise_api_key() -> None:
    assert normalise_api_key("  ABCDEF0123456789abcdef0123456789\n") == (
        "abcdef0123456789abcdef0123456789"
    )


def test_new_session_token_is_long_url_safe_and_unique() -> None:
    tokens = [new_session_token() for _ in range(1000)]
    for token in tokens:
        assert len(token) >= 43
        assert URL_SAFE.fullmatch(token), token
    assert len(set(tokens)) == 1000


def test_new_password_is_long_enough_and_unique() -> None:
    passwords = {new_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert check_new_password(password) == password


@pytest.mark.parametrize(
    ("token", "digest"),
    [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ],
)
def test_token_digest_is_sha256_hex(token: str, digest: str) -> None:
    assert token_digest(token) == digest


def test_token_digest_of_a_real_token() -> None:
    token = new_session_token()
    assert token_digest(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token_digest(token) != token_digest(token + "x")


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("p" * 14, False),
        ("p" * 15, True),
        ("p" * 256, True),
        ("p" * 257, False),
        ("", False),
        ("é" * 256, True),
        ("😀" * 256, True),  # 256 code points, 1024 UTF-8 bytes
        ("ﬀ" * 7, False),  # 7 code points, 14 after NFKC
        ("ﬀ" * 8, True),  # 8 code points, 16 after NFKC
        ("ﬀ" * 129, False),  # 129 code points, 258 after NFKC
        ("e\u0301" * 8, False),  # 16 code points, 8 after NFKC
    ],
)
def test_check_new_password_boundaries(password: str, ok: bool) -> None:
    if ok:
        assert check_new_password(password) == unicodedata.normalize("NFKC", password)
    else:
        with pytest.raises(InvalidField) as caught:
            check_new_password(password)
        assert caught.value.field == "password"


def test_check_new_password_applies_nfkc() -> None:
    assert check_new_password("Ｐａｓｓｗｏｒｄ１２３４５６７８") == "Password12345678"
    assert check_new_password("cafe\u0301-cafe\u0301-cafe\u0301!") == "café-café-café!"


def test_hash_uses_pinned_argon2id_parameters(hasher: PasswordHasher) -> None:
    stored = hasher.hash("correct horse battery staple")
    assert stored.startswith(PINNED_PREFIX)
    assert Argon2Hasher(type=Type.ID).verify(stored, "correct horse battery staple")


def test_verify_true_and_false(hasher: PasswordHasher) -> None:
    stored = hasher.hash("correct horse battery staple")
    assert hasher.verify(stored, "correct horse battery staple") is True
    assert hasher.verify(stored, "correct horse battery stapl") is False
    assert hasher.verify(stored, "Correct horse battery staple") is False
    assert hasher.verify(stored, "") is False


@pytest.mark.parametrize("password", ["correct horse battery staple", ""])
def test_verify_without_a_stored_hash_is_false(hasher: PasswordHasher, password: str) -> None:
    assert hasher.verify(None, password) is False


@pytest.mark.parametrize("stored", ["", "not a hash", "$argon2id$v=19$m=19456,t=2,p=1$xx$yy"])
def test_verify_with_a_broken_hash_is_false(hasher: PasswordHasher, stored: str) -> None:
    assert hasher.verify(stored, "correct horse battery staple") is False


def test_two_hashes_of_one_password_differ(hasher: PasswordHasher) -> None:
    first = hasher.hash("correct horse battery staple")
    second = hasher.hash("correct horse battery staple")
    assert first != second
    assert hasher.verify(first, "correct horse battery staple")
    assert hasher.verify(second, "correct horse battery staple")


@pytest.mark.parametrize(
    ("hashed", "verified"),
    [
        ("caf\u00e9 au lait, s'il vous plait", "cafe\u0301 au lait, s'il vous plait"),
        ("cafe\u0301 au lait, s'il vous plait", "caf\u00e9 au lait, s'il vous plait"),
        ("Ｆｕｌｌｗｉｄｔｈ　Ｐａｓｓ", "Fullwidth Pass"),
        ("ﬀ-ligature-password", "ff-ligature-password"),
    ],
)
def test_equivalent_forms_verify(hasher: PasswordHasher, hashed: str, verified: str) -> None:
    assert hasher.verify(hasher.hash(hashed), verified) is True
