"""A burst of updates takes turns for the pool's connections: all answered, none opened for each."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, func, select

from bot.app.application import build_application, start_polling, stop_polling
from bot.fakeapi import FakeTelegram
from storage.db import Database
from storage.models import HandledUpdate
from tests.fakes.rig import rig_settings

POOL_SIZE = 3
PEOPLE = 40


@pytest.fixture
async def small_pool(demo_db: Database) -> AsyncIterator[Database]:
    """The demo database through an engine of its own, whose pool keeps three connections."""
    db = Database(demo_db.url, pool_size=POOL_SIZE)
    yield db
    await db.dispose()


async def test_a_burst_of_updates_is_answered_on_the_pools_connections(
    fake: FakeTelegram, small_pool: Database
) -> None:
    opened: list[object] = []
    event.listen(small_pool.engine.sync_engine, "connect", lambda *_: opened.append(1))
    app = build_application(rig_settings(fake, small_pool), small_pool)
    await start_polling(app, poll_timeout=1)
    fake.attach(app)
    try:
        people = [fake.user(9_000_000 + i, first_name=f"Khách {i}") for i in range(PEOPLE)]
        await people[0].send("/toi")  # the poller's and the first update's connections
        warm = len(opened)
        for _round in range(3):
            for person in people:
                await person.send("/toi", wait=False)
            await fake.wait_idle(timeout=60)
    finally:
        await stop_polling(app)
    assert all(len(person.texts()) == (4 if i == 0 else 3) for i, person in enumerate(people))
    async with small_pool.session() as session:
        handled = await session.scalar(select(func.count()).select_from(HandledUpdate))
    assert handled == 3 * PEOPLE + 1, "each update claimed once"
    # Updates at once: one on SQLite, the pool's size on PostgreSQL; each keeps its
    # connection for the next. The poller and the log of calls outside an update may open
    # one or two more; a connection per update would be a hundred.
    at_once = 1 if small_pool.is_sqlite else POOL_SIZE
    assert len(opened) - warm <= at_once + 2, f"{len(opened) - warm} connections opened"
