"""Mail over TLS to a real SMTP server on loopback: STARTTLS and implicit TLS, with a login
only after encryption, the server's certificate checked against CHAMBERLAIN_SMTP_CA_FILE,
and refused when it cannot be checked."""

from __future__ import annotations

import secrets
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from chamberlain.mail.transport import MailNotSent, SmtpTransport
from chamberlain.settings import MailSettings
from tests.support.live_server import free_port
from tests.support.smtp import Inbox

USER = "chamberlain"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made for this run."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def password() -> str:
    return secrets.token_urlsafe(16)


@contextmanager
def _serve(inbox: Inbox, **kwargs: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, **kwargs
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.net", "b@example.net", "Hi"
    message.set_content("over TLS")
    return message


def _transport(port: int, security: str, password: str, ca_file: Path | None) -> SmtpTransport:
    return SmtpTransport(
        MailSettings(
            smtp_host="127.0.0.1", smtp_port=port, smtp_security=security, smtp_user=USER,
            smtp_password=password, smtp_ca_file=None if ca_file is None else str(ca_file),
        )
    )  # fmt: skip


def test_starttls_logs_in_after_encrypting_and_checks_the_certificate(
    certificate: tuple[Path, Path], password: str
) -> None:
    inbox = Inbox(USER, password)
    with _serve(
        inbox,
        tls_context=_server_context(certificate),
        require_starttls=True,
        auth_require_tls=True,
    ) as port:
        _transport(port, "starttls", password, certificate[0]).send(_message())
        assert inbox.wait_for("b@example.net").get_content().strip() == "over TLS"
        assert len(inbox.logins) == 1
        with pytest.raises(MailNotSent, match="CERTIFICATE_VERIFY_FAILED"):
            _transport(port, "starttls", password, None).send(_message())
    assert len(inbox.messages) == 1


def test_implicit_tls_checks_the_certificate(certificate: tuple[Path, Path], password: str) -> None:
    inbox = Inbox(USER, password)
    with _serve(
        inbox,
        ssl_context=_server_context(certificate),
        server_hostname="127.0.0.1",
        auth_require_tls=False,
    ) as port:
        _transport(port, "tls", password, certificate[0]).send(_message())
        inbox.wait_for("b@example.net")
        with pytest.raises(MailNotSent, match="CERTIFICATE_VERIFY_FAILED"):
            _transport(port, "tls", password, None).send(_message())
    assert len(inbox.messages) == 1
