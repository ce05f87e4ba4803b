"""SQLite: an update that comes while another process holds the write lock waits for it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.app.polling import Poller
from storage.models import HandledUpdate, Interaction
from tests.fakes.rig import Rig


async def counts(rig: Rig) -> tuple[int, int]:
    async with rig.db.session() as session:
        handled = await session.scalar(select(func.count()).select_from(HandledUpdate))
        logged = await session.scalar(select(func.count()).select_from(Interaction))
    return int(handled or 0), int(logged or 0)


@pytest.mark.parametrize("other_writes", [False, True])
async def test_an_update_waits_for_another_writers_lock_then_is_answered_once(
    rig: Rig, monkeypatch: pytest.MonkeyPatch, other_writes: bool
) -> None:
    if not rig.db.is_sqlite:
        pytest.skip("SQLite's one writer at a time")
    await rig.member_hn.send("/toi")  # the update connection is open and kept
    handled, logged = await counts(rig)
    other = sqlite3.connect(rig.db.url.split("///", 1)[1], isolation_level=None)
    locked = asyncio.Event()
    keep = Poller._keep

    async def keep_then_lock(poller: Poller, updates: Sequence[Update]) -> bool:
        # Once the update is kept, and before it is handled, another process (a worker,
        # `hoibot db backup`) takes the write lock for a while.
        kept = await keep(poller, updates)
        other.execute("BEGIN IMMEDIATE")
        if other_writes:  # and changes the database before it lets go
            other.execute("UPDATE units SET name = name")
        locked.set()
        return kept

    monkeypatch.setattr(Poller, "_keep", keep_then_lock)
    sending = asyncio.ensure_future(rig.member_hn.send("/toi"))
    await asyncio.wait_for(locked.wait(), 10)
    await asyncio.sleep(0.5)
    assert not sending.done(), "answered without its claim, or refused, while the lock was held"
    assert len(rig.member_hn.texts()) == 1
    other.execute("COMMIT")
    other.close()
    await asyncio.wait_for(sending, 10)
    assert len(rig.member_hn.texts()) == 2
    assert "Lê Văn Cường" in (rig.member_hn.last.text or "")
    assert await counts(rig) == (handled + 1, logged + 2), "claimed once, both ways logged"
