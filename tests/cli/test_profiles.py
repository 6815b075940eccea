"""Where profiles live and how tokens are kept (``cli/profiles.py``)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chamberlain.cli.profiles import (
    Profile,
    ProfileStore,
    SavedToken,
    check_name,
    config_dir,
)

HOME = Path("/home/someone")


def test_the_config_folder_follows_the_environment() -> None:
    assert config_dir({}, HOME) == HOME / ".config" / "chamberlain"
    assert config_dir({"XDG_CONFIG_HOME": "/xdg"}, HOME) == Path("/xdg/chamberlain")
    both = {"XDG_CONFIG_HOME": "/xdg", "CHAMBERLAIN_CONFIG_DIR": "/cfg"}
    assert config_dir(both, HOME) == Path("/cfg")
    assert config_dir({"CHAMBERLAIN_CONFIG_DIR": "", "XDG_CONFIG_HOME": ""}, HOME) == (
        HOME / ".config" / "chamberlain"
    )


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read new files: the store must not rely on it."""
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_tokens_are_owner_only_files_even_under_an_open_umask(
    tmp_path: Path, open_umask: None
) -> None:
    store = ProfileStore(tmp_path / "cfg")
    token = SavedToken("secret-token", datetime(2030, 1, 1, tzinfo=UTC))
    store.save(Profile("prod", "https://prod.example", api_key="k" * 32), token)
    token_file = tmp_path / "cfg" / "tokens" / "prod.json"
    assert _mode(token_file) == 0o600
    assert _mode(tmp_path / "cfg") == 0o700
    assert _mode(tmp_path / "cfg" / "tokens") == 0o700
    assert store.token("prod") == token
    # The profile index names the server and the key, never a token or password.
    index = (tmp_path / "cfg" / "profiles.json").read_text()
    assert "secret-token" not in index
    assert json.loads(index) == {
        "current": "prod",
        "profiles": {"prod": {"url": "https://prod.example", "api_key": "k" * 32}},
    }
    assert [p.name for p in (tmp_path / "cfg").rglob("*") if p.name.startswith(".")] == []


def test_a_new_token_replaces_the_old_one_and_a_repr_hides_it(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    profile = Profile("ci", "https://ci.example", user="robot")
    store.save(profile, SavedToken("first", None))
    store.save(profile, SavedToken("second", None))
    assert store.token("ci") == SavedToken("second", None)
    assert "second" not in repr(store.token("ci"))


def test_use_switches_the_current_profile_and_logout_forgets_only_the_token(
    tmp_path: Path,
) -> None:
    store = ProfileStore(tmp_path)
    assert store.current_name() is None
    assert store.profiles() == {}
    store.save(Profile("a", "https://a.example", user="x"), SavedToken("ta", None))
    store.save(Profile("b", "https://b.example", user="y"), SavedToken("tb", None))
    assert store.current_name() == "b"
    assert store.use("a") == Profile("a", "https://a.example", user="x")
    assert store.current_name() == "a"
    with pytest.raises(KeyError):
        store.use("c")
    assert store.forget_token("a")
    assert not store.forget_token("a")
    assert store.token("a") is None
    assert set(store.profiles()) == {"a", "b"}


def test_a_token_expires_at_its_time(tmp_path: Path) -> None:
    at = datetime(2030, 1, 1, tzinfo=UTC)
    assert not SavedToken("t", at).expired(datetime(2029, 12, 31, tzinfo=UTC))
    assert SavedToken("t", at).expired(at)
    assert not SavedToken("t", None).expired(datetime(2999, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "x" * 65, "sp ace"])
def test_profile_names_that_are_no_file_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="profile name"):
        check_name(name)


def test_profile_names_that_are_fine() -> None:
    for name in ("default", "prod-eu.1", "CI_2"):
        assert check_name(name) == name
