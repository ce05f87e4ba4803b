"""How many updates a process handles at once: the pool's size on PostgreSQL, one on SQLite."""

from __future__ import annotations

import pytest

from bot.app.settings import ConfigError, load_settings
from storage.db import Database


def test_the_pool_size_is_read_from_the_environment() -> None:
    assert load_settings({}).database_pool_size == 10
    assert load_settings({"HOIBOT_DATABASE_POOL_SIZE": "25"}).database_pool_size == 25


@pytest.mark.parametrize("value", ["0", "ten", "-3"])
def test_a_malformed_pool_size_is_refused_by_its_name(value: str) -> None:
    with pytest.raises(ConfigError, match="HOIBOT_DATABASE_POOL_SIZE"):
        load_settings({"HOIBOT_DATABASE_POOL_SIZE": value})


async def test_updates_take_turns_for_the_pools_connections() -> None:
    postgres = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none", pool_size=25)
    sqlite = Database("sqlite+aiosqlite:///:memory:", pool_size=25)
    try:
        assert postgres.engine.sync_engine.pool.size() == 25  # type: ignore[attr-defined]
        assert postgres.update_connections.limit == 25
        assert sqlite.update_connections.limit == 1, "SQLite: one writer at a time"
        for db, at_once in [(postgres, 25), (sqlite, 1)]:
            assert db.update_turns is not None
            for _ in range(at_once):
                await db.update_turns.acquire()
            assert db.update_turns.locked(), f"{db.url}: more than {at_once} at once"
    finally:
        await postgres.dispose()
        await sqlite.dispose()
