"""Saved logins of the remote CLI (``chamberlain login``): profiles and their tokens.

The configuration folder is ``$CHAMBERLAIN_CONFIG_DIR``, else
``$XDG_CONFIG_HOME/chamberlain``, else ``~/.config/chamberlain``. ``profiles.json`` holds
each profile's server URL and how it logged on (an API key, or a person-user's name) and
which profile is current; never a password. Each profile's bearer token and its expiry
are in ``tokens/<profile>.json``, created with mode 0600 (by ``os.open``, so the file is
never readable by others, not even for a moment); the folders are 0700.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

CONFIG_DIR_ENV = "CHAMBERLAIN_CONFIG_DIR"
DEFAULT_PROFILE = "default"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def config_dir(env: Mapping[str, str], home: Path) -> Path:
    """Where the CLI keeps profiles, given the environment and the home folder."""
    if env.get(CONFIG_DIR_ENV):
        return Path(env[CONFIG_DIR_ENV])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "chamberlain"
    return home / ".config" / "chamberlain"


def check_name(name: str) -> str:
    """A profile name (it names a file); raises ``ValueError`` for anything else."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a profile name (letters, digits, '_', '.', '-')")
    return name


@dataclass(frozen=True, slots=True)
class Profile:
    """A server and how its user logs on there: ``api_key`` or ``user`` (a person)."""

    name: str
    url: str
    api_key: str | None = None
    user: str | None = None

    @property
    def login(self) -> str:
        """Who logs on, for people to read."""
        return f"API key {self.api_key}" if self.api_key else f"user {self.user}"


@dataclass(frozen=True, slots=True)
class SavedToken:
    """A bearer token and when it expires (None: the server did not say)."""

    token: str = field(repr=False)
    expires_at: datetime | None

    def expired(self, now: datetime) -> bool:
        """Whether the token has expired by ``now``."""
        return self.expires_at is not None and self.expires_at <= now


def _write_private(path: Path, document: Mapping[str, Any]) -> None:
    """Replace ``path`` with ``document`` as JSON, atomically, readable by the owner only
    (its folder exists)."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=2)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class ProfileStore:
    """The profiles and tokens in one configuration folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index = folder / "profiles.json"

    def _folders(self) -> None:
        """Create the folders, owner only (a parent such as ``~/.config`` as usual)."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.folder / "tokens").mkdir(mode=0o700, exist_ok=True)

    def _read(self) -> dict[str, Any]:
        try:
            document: dict[str, Any] = json.loads(self._index.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"current": None, "profiles": {}}
        return document

    def profiles(self) -> dict[str, Profile]:
        """Every profile, by name."""
        return {
            name: Profile(name=name, url=p["url"], api_key=p.get("api_key"), user=p.get("user"))
            for name, p in self._read()["profiles"].items()
        }

    def get(self, name: str) -> Profile | None:
        """The profile ``name``, if it exists."""
        return self.profiles().get(name)

    def current_name(self) -> str | None:
        """The name of the current profile (None before the first login)."""
        name: str | None = self._read()["current"]
        return name

    def save(self, profile: Profile, token: SavedToken) -> None:
        """Store ``profile`` with its new token and make it the current one."""
        document = self._read()
        entry = {"url": profile.url, "api_key": profile.api_key, "user": profile.user}
        document["profiles"][check_name(profile.name)] = {
            k: v for k, v in entry.items() if v is not None
        }
        document["current"] = profile.name
        self._folders()
        expires = None if token.expires_at is None else token.expires_at.isoformat()
        _write_private(
            self._token_path(profile.name), {"token": token.token, "expires_at": expires}
        )
        _write_private(self._index, document)

    def use(self, name: str) -> Profile:
        """Make ``name`` the current profile; raises ``KeyError`` when there is none."""
        document = self._read()
        if name not in document["profiles"]:
            raise KeyError(name)
        document["current"] = name
        _write_private(self._index, document)
        found = self.get(name)
        assert found is not None
        return found

    def _token_path(self, name: str) -> Path:
        return self.folder / "tokens" / f"{check_name(name)}.json"

    def token(self, name: str) -> SavedToken | None:
        """The saved token of profile ``name`` (None when logged out)."""
        try:
            document = json.loads(self._token_path(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        expires = document.get("expires_at")
        return SavedToken(
            token=document["token"],
            expires_at=None if expires is None else datetime.fromisoformat(expires),
        )

    def forget_token(self, name: str) -> bool:
        """Delete the token of profile ``name``; whether there was one."""
        path = self._token_path(name)
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed
