"""Test-wide fixtures: one database per run (SQLite by default, PostgreSQL when asked)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database
from storage.models import Base

pytest_plugins = ["tests.fakes.rig", "tests.fakes.dashboard", "tests.fakes.processes"]


@functools.cache
def database_url() -> str:
    """HOIBOT_TEST_DATABASE_URL picks the database; else one temporary SQLite file for the
    whole run, removed when the run ends."""
    url = os.environ.get("HOIBOT_TEST_DATABASE_URL", "")
    if url:
        return url
    folder = Path(tempfile.mkdtemp(prefix="hoibot-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return f"sqlite+aiosqlite:///{folder / 'test.sqlite3'}"


@pytest.fixture(scope="session")
async def migrated_db() -> AsyncIterator[Database]:
    db = Database(database_url())
    await db.drop_everything()
    await db.upgrade()
    yield db
    await db.dispose()


@pytest.fixture
async def db(migrated_db: Database) -> AsyncIterator[Database]:
    """The migrated database, emptied before each test."""
    async with migrated_db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(table.delete())
    yield migrated_db
