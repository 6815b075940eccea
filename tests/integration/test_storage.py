"""The schema the migrations build is the schema the models describe; durability settings."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from chamberlain.db.base import Base
from chamberlain.db.engine import durability_settings
from chamberlain.domain.accounts import BillingResponsibility, Contact
from chamberlain.errors import AccountExists
from chamberlain.services.runtime import Runtime


def test_migrations_match_the_models(runtime: Runtime) -> None:
    with runtime.db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_durability_settings_in_force(runtime: Runtime) -> None:
    settings = durability_settings(runtime.db.engine)
    if runtime.db.engine.dialect.name == "sqlite":
        assert settings == {
            "journal_mode": "wal",
            "synchronous": "2",  # FULL
            "foreign_keys": "1",
            "busy_timeout": "10000",
        }
    else:
        assert settings == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def test_failed_transaction_leaves_nothing_behind(runtime: Runtime) -> None:
    def add_twice() -> None:
        with runtime.db.write() as uow:
            for business_name in ("first", "second"):
                uow.accounts.add(
                    alias="AB",
                    parent=None,
                    location="WA1",
                    business_name=business_name,
                    time_zone="UTC",
                    contact=Contact(),
                    share_parent_networks=False,
                    billing_responsibility=BillingResponsibility.SELF,
                    now=runtime.clock(),
                )

    with pytest.raises(AccountExists):
        add_twice()
    with runtime.db.read() as uow:
        assert uow.accounts.find("AB") is None
