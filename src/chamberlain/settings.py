"""Settings: one typed object, built from an environment mapping and passed in.

Nothing here runs at import time; ``load_settings`` is called by the CLI and by tests with
the mapping they choose.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network, ip_network

from chamberlain.domain.locations import DEFAULT_LOCATIONS, Location

DEFAULT_DATABASE_URL = "sqlite:///var/chamberlain.db"
DEFAULT_OUTBOX = "var/outbox"
ENV_PREFIX = "CHAMBERLAIN_"


class SettingsError(ValueError):
    """A setting has a value chamberlain cannot use."""


SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Where mail goes: an SMTP server when ``smtp_host`` is set, else files in ``outbox``."""

    smtp_host: str | None = None
    smtp_port: int = 587
    # "starttls" upgrades a plain connection, "tls" connects over TLS (port 465), "none"
    # sends in the clear (a relay on loopback only).
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    # The CA certificates (PEM) the SMTP server's certificate is checked against; the
    # system's when None.
    smtp_ca_file: str | None = None
    sender: str = "chamberlain@localhost"
    outbox: str = DEFAULT_OUTBOX


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, with the documented defaults."""

    database_url: str = DEFAULT_DATABASE_URL
    session_idle_timeout: timedelta = timedelta(minutes=30)
    session_lifetime: timedelta = timedelta(hours=12)
    max_body_bytes: int = 64 * 1024
    hash_concurrency: int = max(1, os.cpu_count() or 1)
    locations: tuple[Location, ...] = DEFAULT_LOCATIONS
    bearer_token_lifetime: timedelta = timedelta(days=14)
    # Peers whose X-Forwarded-For is believed (load balancers); nobody's by default.
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    # The address people reach the portal at: links in mail start with it.
    public_url: str = "http://127.0.0.1:8080"
    mail: MailSettings = MailSettings()
    invitation_lifetime: timedelta = timedelta(days=7)
    reset_lifetime: timedelta = timedelta(hours=1)


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(ENV_PREFIX + name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{ENV_PREFIX}{name} must be positive, got {value}")
    return value


def _locations(environ: Mapping[str, str]) -> tuple[Location, ...]:
    raw = environ.get(ENV_PREFIX + "LOCATIONS")
    if not raw:
        return DEFAULT_LOCATIONS
    locations = []
    for item in raw.split(";"):
        alias, sep, region = item.partition("=")
        if not sep or not alias.strip() or not region.strip():
            raise SettingsError(
                f"{ENV_PREFIX}LOCATIONS must look like 'WA1=US West;VA1=US East', got {item!r}"
            )
        locations.append(Location(alias.strip().upper(), region.strip()))
    return tuple(locations)


def _trusted_proxies(environ: Mapping[str, str]) -> tuple[IPv4Network | IPv6Network, ...]:
    raw = environ.get(ENV_PREFIX + "TRUSTED_PROXIES", "")
    networks = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise SettingsError(
                f"{ENV_PREFIX}TRUSTED_PROXIES must list addresses or networks like "
                f"'10.0.0.0/8,192.0.2.7', got {item!r}"
            ) from None
    return tuple(networks)


def _seconds(environ: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    return timedelta(seconds=_positive_int(environ, name, int(default.total_seconds())))


def _mail(environ: Mapping[str, str]) -> MailSettings:
    defaults = MailSettings()
    security = environ.get(ENV_PREFIX + "SMTP_SECURITY") or defaults.smtp_security
    if security not in SMTP_SECURITY:
        raise SettingsError(
            f"{ENV_PREFIX}SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}, got {security!r}"
        )
    port = _positive_int(environ, "SMTP_PORT", 465 if security == "tls" else defaults.smtp_port)
    if port > 65535:
        raise SettingsError(f"{ENV_PREFIX}SMTP_PORT must be a port number, got {port}")
    return MailSettings(
        smtp_host=environ.get(ENV_PREFIX + "SMTP_HOST") or None,
        smtp_port=port,
        smtp_security=security,
        smtp_user=environ.get(ENV_PREFIX + "SMTP_USER") or None,
        smtp_password=environ.get(ENV_PREFIX + "SMTP_PASSWORD") or None,
        smtp_ca_file=environ.get(ENV_PREFIX + "SMTP_CA_FILE") or None,
        sender=environ.get(ENV_PREFIX + "MAIL_FROM") or defaults.sender,
        outbox=environ.get(ENV_PREFIX + "MAIL_OUTBOX") or defaults.outbox,
    )


def _public_url(environ: Mapping[str, str], default: str) -> str:
    raw = (environ.get(ENV_PREFIX + "PUBLIC_URL") or default).rstrip("/")
    if not raw.startswith(("http://", "https://")):
        raise SettingsError(
            f"{ENV_PREFIX}PUBLIC_URL must start with http:// or https://, got {raw!r}"
        )
    return raw


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``CHAMBERLAIN_*`` variables (``os.environ`` when None).

    Variables: ``DATABASE_URL``, ``SESSION_IDLE_SECONDS`` (1800), ``SESSION_LIFETIME_SECONDS``
    (43200), ``MAX_BODY_BYTES`` (65536), ``HASH_CONCURRENCY`` (core count), ``LOCATIONS``
    (``ALIAS=Region;...``, the twelve real data centres by default), ``TRUSTED_PROXIES``
    (comma-separated addresses or networks whose ``X-Forwarded-For`` is believed; none),
    ``PUBLIC_URL`` (the portal's address, for links in mail), ``SMTP_HOST`` (unset: mail is
    written to ``MAIL_OUTBOX``, ``var/outbox``), ``SMTP_PORT`` (587, or 465 with ``tls``),
    ``SMTP_SECURITY`` (``starttls``, ``tls`` or ``none``), ``SMTP_USER``, ``SMTP_PASSWORD``,
    ``SMTP_CA_FILE`` (PEM certificates to check the SMTP server with; the system's),
    ``MAIL_FROM``, ``INVITATION_LIFETIME_SECONDS`` (7 days), ``RESET_LIFETIME_SECONDS`` (1 h).
    Raises ``SettingsError`` naming the variable when a value is unusable.
    """
    env = os.environ if environ is None else environ
    defaults = Settings()
    return Settings(
        database_url=env.get(ENV_PREFIX + "DATABASE_URL") or defaults.database_url,
        session_idle_timeout=timedelta(
            seconds=_positive_int(
                env, "SESSION_IDLE_SECONDS", int(defaults.session_idle_timeout.total_seconds())
            )
        ),
        session_lifetime=timedelta(
            seconds=_positive_int(
                env, "SESSION_LIFETIME_SECONDS", int(defaults.session_lifetime.total_seconds())
            )
        ),
        max_body_bytes=_positive_int(env, "MAX_BODY_BYTES", defaults.max_body_bytes),
        hash_concurrency=_positive_int(env, "HASH_CONCURRENCY", defaults.hash_concurrency),
        locations=_locations(env),
        trusted_proxies=_trusted_proxies(env),
        public_url=_public_url(env, defaults.public_url),
        mail=_mail(env),
        invitation_lifetime=_seconds(
            env, "INVITATION_LIFETIME_SECONDS", defaults.invitation_lifetime
        ),
        reset_lifetime=_seconds(env, "RESET_LIFETIME_SECONDS", defaults.reset_lifetime),
    )
