"""Body decoding (api/clc_v1/parse.py decode_body)."""

from __future__ import annotations

import codecs

import pytest

from chamberlain.api.clc_v1.parse import decode_body
from chamberlain.errors import InvalidRequest

TEXT = "{'UserName':'Zoë Ğ 日本 😀'}"


@pytest.mark.parametrize(
    ("body", "charset", "text"),
    [
        pytest.param(b"", None, "", id="empty"),
        pytest.param(b"", "utf-8", "", id="empty-declared"),
        pytest.param(b"abc", "", "abc", id="empty-charset-means-undeclared"),
        pytest.param(TEXT.encode(), None, TEXT, id="utf8-undeclared"),
        pytest.param(TEXT.encode(), "utf-8", TEXT, id="utf8-declared"),
        pytest.param(TEXT.encode(), "UTF-8", TEXT, id="utf8-declared-upper"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), None, TEXT, id="utf8-bom"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), "utf-8", TEXT, id="utf8-bom-declared"),
        pytest.param(
            codecs.BOM_UTF8 + TEXT.encode(), "iso-8859-1", TEXT, id="utf8-bom-beats-charset"
        ),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None, TEXT, id="utf16le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None, TEXT, id="utf16be-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-8", TEXT, id="utf16-bom-beats"
        ),
        pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", TEXT, id="utf16le-declared"),
        pytest.param("Zoë".encode("latin-1"), "iso-8859-1", "Zoë", id="latin1-declared"),
        pytest.param("Zoë".encode("latin-1"), "latin-1", "Zoë", id="latin1-declared-alias"),
        pytest.param("Zoë".encode("latin-1"), None, "Zoë", id="latin1-fallback"),
        pytest.param(b"Pass=caf\xe9+cr\xe8me", None, "Pass=café+crème", id="latin1-form"),
        pytest.param(b"A=\x80", None, "A=€", id="windows-1252-fallback"),
        pytest.param("€".encode("cp1252"), "windows-1252", "€", id="windows-1252-declared"),
    ],
)
def test_decode_body(body: bytes, charset: str | None, text: str) -> None:
    assert decode_body(body, charset) == text


def test_fallback_never_raises_on_any_byte() -> None:
    every_byte = bytes(range(256))
    decoded = decode_body(every_byte, None)
    assert isinstance(decoded, str)
    assert decoded.startswith("\x00\x01")
    assert decoded[0xE9] == "é"


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        pytest.param(b"caf\xe9", "utf-8", id="declared-utf8-invalid"),
        pytest.param(b"\xc3\x28\xa0", "utf-8", id="declared-utf8-garbage"),
        pytest.param(b"abc", "no-such-charset", id="unknown-charset"),
        pytest.param(b"abc", "base64", id="bytes-codec"),
        pytest.param(b"abc", "rot13", id="text-transform-codec"),
        pytest.param(b"abc", "utf-16", id="declared-utf16-odd-length"),
        pytest.param(b"\x00\xd8", "utf-16-le", id="declared-utf16-lone-surrogate"),
        pytest.param(b"xn--a", "idna", id="declared-idna-invalid"),
        pytest.param(b"abc-9999999", "punycode", id="declared-punycode-invalid"),
        pytest.param(b"abc", "undefined", id="declared-undefined"),
        pytest.param(codecs.BOM_UTF8 + b"caf\xe9", None, id="utf8-bom-then-invalid"),
        pytest.param(codecs.BOM_UTF8 + b"\xff", "utf-8", id="utf8-bom-then-invalid-declared"),
        pytest.param(codecs.BOM_UTF16_LE + b"A", None, id="utf16le-bom-odd-length"),
        pytest.param(codecs.BOM_UTF16_BE + b"\x00", None, id="utf16be-bom-odd-length"),
        pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8", None, id="utf16le-bom-lone-surrogate"),
        pytest.param(codecs.BOM_UTF16_BE + b"\xdc\x00", None, id="utf16be-bom-lone-surrogate"),
    ],
)
def test_undecodable_body_is_an_invalid_request(body: bytes, charset: str | None) -> None:
    with pytest.raises(InvalidRequest):
        decode_body(body, charset)
