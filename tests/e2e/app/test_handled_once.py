"""An update is handled once, however often it arrives (polling after a restart)."""

from __future__ import annotations

from sqlalchemy import func, select
from telegram import Update

from storage.models import HandledUpdate, Interaction
from tests.e2e.app.test_webhook import toi_update
from tests.fakes.rig import Rig


async def test_the_same_update_twice_is_answered_once(rig: Rig) -> None:
    member = rig.member_hn
    await member.send("/help")
    for _ in range(2):
        update = Update.de_json(toi_update(7001), rig.app.bot)
        await rig.app.update_queue.put(update)
        await rig.settle()
    toi = [s for s in member.seen if "Lê Văn Cường" in (s.text or "")]
    assert len(toi) == 1
    async with rig.db.session() as session:
        handled = await session.execute(
            select(func.count()).select_from(HandledUpdate).where(HandledUpdate.update_id == 7001)
        )
        logged = await session.execute(
            select(func.count()).select_from(Interaction).where(Interaction.text == "/toi")
        )
        assert handled.scalar_one() == 1
        assert logged.scalar_one() == 1, "the repeat is not logged as a second /toi"
