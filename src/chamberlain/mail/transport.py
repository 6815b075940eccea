"""Ways a message leaves: an SMTP server, or files in an outbox folder.

A transport sends one message or raises ``MailNotSent``; retrying is the deliverer's job.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from chamberlain.settings import MailSettings

logger = logging.getLogger("chamberlain.mail")
SMTP_TIMEOUT_SECONDS = 20


class MailNotSent(Exception):
    """The message did not leave; the text says why (never a credential)."""


class MailTransport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` on, or raise ``MailNotSent``."""


class SmtpTransport:
    """Send through an SMTP server (STARTTLS, implicit TLS, or plain on a trusted relay)."""

    def __init__(self, settings: MailSettings) -> None:
        if settings.smtp_host is None:
            raise ValueError("SmtpTransport needs an SMTP host")
        self._settings = settings
        self._host = settings.smtp_host

    def _connect(self) -> smtplib.SMTP:
        s = self._settings
        if s.smtp_security == "tls":
            return smtplib.SMTP_SSL(
                self._host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS, context=self._tls()
            )
        smtp = smtplib.SMTP(self._host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
        if s.smtp_security == "starttls":
            smtp.starttls(context=self._tls())
        return smtp

    def _tls(self) -> ssl.SSLContext:
        """Certificate and host name checked, against ``smtp_ca_file`` or the system's CAs."""
        return ssl.create_default_context(cafile=self._settings.smtp_ca_file)

    def send(self, message: EmailMessage) -> None:
        s = self._settings
        try:
            with self._connect() as smtp:
                if s.smtp_user is not None:
                    smtp.login(s.smtp_user, s.smtp_password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # The class and the server's words, never the message or the login.
            raise MailNotSent(f"{self._host}:{s.smtp_port}: {type(exc).__name__}: {exc}") from exc


class OutboxTransport:
    """Write each message to ``<outbox>/<message id>.eml`` (the embedded default: nothing
    leaves the machine, and a person can open the file in a mail program)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def send(self, message: EmailMessage) -> None:
        if "Message-ID" not in message:
            message["Message-ID"] = make_msgid(domain="chamberlain.invalid")
        # The id's left part holds the time, the process and random digits: a unique name.
        path = self._folder / f"{message['Message-ID'].strip('<>').split('@')[0]}.eml"
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(message))
        except OSError as exc:
            raise MailNotSent(f"cannot write to {self._folder}: {exc.strerror}") from exc
        logger.info("mail to the outbox: %s (subject %r)", path, message["Subject"])


def transport_from_settings(settings: MailSettings) -> MailTransport:
    """SMTP when a host is set, else the outbox folder (its place is logged once)."""
    if settings.smtp_host is not None:
        logger.info(
            "mail goes through %s:%d (%s)",
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security,
        )
        return SmtpTransport(settings)
    folder = Path(settings.outbox).resolve()
    logger.info("no SMTP host is set: mail is written to %s", folder)
    return OutboxTransport(folder)
