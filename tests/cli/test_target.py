"""Every rule of ``cli/target.py``: which chamberlain a command acts on, and with which
token."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from chamberlain.cli.profiles import Profile, ProfileStore, SavedToken
from chamberlain.cli.target import (
    DatabaseTarget,
    NotLoggedIn,
    ServerTarget,
    UnknownProfile,
    resolve,
    resolve_server,
)
from chamberlain.settings import DEFAULT_DATABASE_URL

DB_OPTION = "sqlite:///option.sqlite"
DB_ENV = "sqlite:///env.sqlite"
PROD = "https://prod.example"
STAGE = "https://stage.example"
ENV_URL = "https://env.example"
EXPIRES = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    """Profiles ``stage`` (token ``stage-token``) and ``prod`` (current, ``prod-token``)."""
    made = ProfileStore(tmp_path / "config")
    made.save(Profile("stage", STAGE, user="jdoe"), SavedToken("stage-token", None))
    made.save(Profile("prod", PROD, api_key="k" * 32), SavedToken("prod-token", EXPIRES))
    return made


@pytest.fixture
def empty(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "nothing")


def _resolve(
    store: ProfileStore,
    env: dict[str, str] | None = None,
    *,
    database_url: str | None = None,
    profile: str | None = None,
    url: str | None = None,
) -> DatabaseTarget | ServerTarget:
    return resolve(database_url=database_url, profile=profile, url=url, env=env or {}, store=store)


EVERYTHING = {
    "CHAMBERLAIN_URL": ENV_URL,
    "CHAMBERLAIN_TOKEN": "env-token",
    "CHAMBERLAIN_DATABASE_URL": DB_ENV,
}


def test_rule_1_database_url_option_beats_everything(store: ProfileStore) -> None:
    found = _resolve(store, EVERYTHING, database_url=DB_OPTION, profile="stage", url=STAGE)
    assert found == DatabaseTarget(DB_OPTION, "--database-url")


def test_rule_2_a_named_profile_with_its_own_token(store: ProfileStore) -> None:
    found = _resolve(store, EVERYTHING, profile="stage")
    assert found == ServerTarget(STAGE, "stage-token", None, "stage", "profile stage")


def test_rule_2_a_named_profile_keeps_its_expiry(store: ProfileStore) -> None:
    found = _resolve(store, profile="prod")
    assert found == ServerTarget(PROD, "prod-token", EXPIRES, "prod", "profile prod")


def test_rule_2_url_option_takes_the_token_from_the_environment(store: ProfileStore) -> None:
    found = _resolve(store, EVERYTHING, url=STAGE)
    assert found == ServerTarget(STAGE, "env-token", None, None, "--url")
    assert _resolve(store, url=STAGE) == ServerTarget(STAGE, None, None, None, "--url")


def test_rule_2_an_unknown_profile_is_an_error(store: ProfileStore) -> None:
    with pytest.raises(UnknownProfile, match="nope"):
        _resolve(store, EVERYTHING, profile="nope")


def test_rule_3_chamberlain_url_beats_the_database_variable(store: ProfileStore) -> None:
    found = _resolve(store, EVERYTHING)
    assert found == ServerTarget(ENV_URL, "env-token", None, None, "CHAMBERLAIN_URL")


def test_rule_4_the_database_variable_beats_the_current_profile(store: ProfileStore) -> None:
    found = _resolve(store, {"CHAMBERLAIN_DATABASE_URL": DB_ENV, "CHAMBERLAIN_TOKEN": "t"})
    assert found == DatabaseTarget(DB_ENV, "CHAMBERLAIN_DATABASE_URL")


def test_rule_5_the_current_profile(store: ProfileStore) -> None:
    assert _resolve(store) == ServerTarget(PROD, "prod-token", EXPIRES, "prod", "profile prod")
    store.use("stage")
    assert _resolve(store) == ServerTarget(STAGE, "stage-token", None, "stage", "profile stage")


def test_rule_5_chamberlain_token_replaces_the_current_profiles_token(
    store: ProfileStore,
) -> None:
    found = _resolve(store, {"CHAMBERLAIN_TOKEN": "env-token"})
    assert found == ServerTarget(PROD, "env-token", None, "prod", "profile prod, CHAMBERLAIN_TOKEN")


def test_rule_5_a_logged_out_profile_has_no_token(store: ProfileStore) -> None:
    assert store.forget_token("prod")
    assert _resolve(store) == ServerTarget(PROD, None, None, "prod", "profile prod")


def test_rule_6_the_default_database(empty: ProfileStore) -> None:
    assert _resolve(empty) == DatabaseTarget(DEFAULT_DATABASE_URL, "the default database")
    # Empty variables count as unset, as click reads them.
    blank = {"CHAMBERLAIN_URL": "", "CHAMBERLAIN_DATABASE_URL": ""}
    assert _resolve(empty, blank) == DatabaseTarget(DEFAULT_DATABASE_URL, "the default database")


def test_remote_only_commands_skip_the_database_rules(store: ProfileStore) -> None:
    database_env = {"CHAMBERLAIN_DATABASE_URL": DB_ENV}
    found = resolve_server(profile=None, url=None, env=database_env, store=store)
    assert found == ServerTarget(PROD, "prod-token", EXPIRES, "prod", "profile prod")
    by_url = resolve_server(profile=None, url=None, env=EVERYTHING, store=store)
    assert by_url.url == ENV_URL
    by_option = resolve_server(profile="stage", url=None, env=EVERYTHING, store=store)
    assert (by_option.url, by_option.token) == (STAGE, "stage-token")


def test_remote_only_commands_without_a_server_are_not_logged_in(empty: ProfileStore) -> None:
    with pytest.raises(NotLoggedIn):
        resolve_server(
            profile=None, url=None, env={"CHAMBERLAIN_DATABASE_URL": DB_ENV}, store=empty
        )
