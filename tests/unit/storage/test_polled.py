"""The kept updates of long polling: kept once, listed until handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.interaction_log import claim_update
from storage.polled import forget_polled_before, keep_polled, list_unhandled

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


async def test_an_update_fetched_twice_is_kept_once_and_listed_until_handled(db: Database) -> None:
    async with db.session() as session:
        await keep_polled(session, [(11, '{"a": 1}'), (12, '{"b": 2}')], NOW)
        await keep_polled(session, [(12, '{"b": 2}'), (13, '{"c": 3}')], NOW)
        await claim_update(session, 12, NOW)
        await session.commit()
    async with db.session() as session:
        assert await list_unhandled(session, 0, 10) == [(11, '{"a": 1}'), (13, '{"c": 3}')]
        assert await list_unhandled(session, 11, 10) == [(13, '{"c": 3}')]
        assert await list_unhandled(session, 0, 1) == [(11, '{"a": 1}')]


async def test_only_the_stale_are_listed_when_asked_and_old_ones_are_forgotten(
    db: Database,
) -> None:
    async with db.session() as session:
        await keep_polled(session, [(21, "{}")], NOW - timedelta(minutes=5))
        await keep_polled(session, [(22, "{}")], NOW)
        await session.commit()
    async with db.session() as session:
        stale = await list_unhandled(session, 0, 10, before=NOW - timedelta(minutes=1))
        assert [update_id for update_id, _ in stale] == [21]
        await forget_polled_before(session, NOW - timedelta(minutes=1))
        await session.commit()
    async with db.session() as session:
        assert [update_id for update_id, _ in await list_unhandled(session, 0, 10)] == [22]
