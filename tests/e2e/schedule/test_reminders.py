"""Reminders with a simulated clock: the evening before and the morning of, once, never twice."""

from __future__ import annotations

import asyncio
from datetime import datetime, time

from sqlalchemy import update

from bot.app.jobs import JOBS, JobContext
from bot.app.settings import Settings
from bot.periods import parse_period
from bot.schedule.reminders import REMINDER_JOB, enqueue_due_reminders
from bot.schedule.service import cancel_item, change_item
from storage.db import Database
from storage.models import DeliveryState, Member, ScheduleItem
from tests.fakes.calendar import TZ, add_item, deliveries
from tests.fakes.rig import Rig

DAY = "19/5/2030"


def at(day: int, hour: int, minute: int = 0, month: int = 5, year: int = 2030) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


async def run(db: Database, now: datetime, **settings: object) -> int:
    return await enqueue_due_reminders(JobContext(db, None, Settings(**settings), now))  # type: ignore[arg-type]


async def test_the_evening_before_and_the_morning_of_once_each(demo_db: Database) -> None:
    await add_item(demo_db, "Gặp mặt kỷ niệm", f"8h00 ngày {DAY}", owner="HN", place="Hội trường")
    async with demo_db.session() as session:
        await session.execute(
            update(Member).where(Member.telegram_user_id == 1003).values(language="en")
        )
        await session.commit()
    assert await run(demo_db, at(18, 17, 59)) == 0
    assert await run(demo_db, at(18, 18, 0)) == 3, "lead and two members of Hà Nội"
    assert await run(demo_db, at(18, 18, 5)) == 0, "never twice"
    assert await run(demo_db, at(18, 23, 55)) == 0
    evening = await deliveries(demo_db)
    assert sorted(d.chat_id for d in evening) == [1002, 1003, 1004]
    english = next(d for d in evening if d.chat_id == 1003)
    assert "Tomorrow" in english.text and "Gặp mặt kỷ niệm" in english.text
    assert all("Ngày mai" in d.text for d in evening if d.chat_id != 1003)
    assert all("Địa điểm: Hội trường" in d.text for d in evening if d.chat_id != 1003)
    assert await run(demo_db, at(19, 6, 29)) == 0
    assert await run(demo_db, at(19, 6, 30)) == 3
    assert await run(demo_db, at(19, 7, 0)) == 0
    assert await run(demo_db, at(19, 8, 0)) == 0
    morning = (await deliveries(demo_db))[3:]
    assert all("Hôm nay" in d.text for d in morning if d.chat_id != 1003)
    assert len({d.dedupe_key for d in await deliveries(demo_db)}) == 6


async def test_a_morning_reminder_is_not_sent_once_the_item_has_begun(demo_db: Database) -> None:
    await add_item(demo_db, "Họp sớm", f"6h00 ngày {DAY}", owner="HN")
    assert await run(demo_db, at(19, 6, 30)) == 0


async def test_hours_are_configurable_and_can_be_turned_off(demo_db: Database) -> None:
    await add_item(demo_db, "Họp", DAY, owner="TB")
    assert await run(demo_db, at(18, 18, 0), reminder_day_before=None) == 0
    # Thái Bình's lead and member, and the women's group of Thái Bình beneath it.
    assert await run(demo_db, at(18, 20, 0), reminder_day_before=time(20, 0)) == 3
    assert await run(demo_db, at(19, 6, 30), reminder_morning=time(9, 0)) == 0
    assert await run(demo_db, at(19, 9, 0), reminder_morning=time(9, 0)) == 3


async def test_no_reminder_after_a_cancel_or_for_a_moved_day(demo_db: Database) -> None:
    cancelled = await add_item(demo_db, "Bị hủy", DAY, owner="HN")
    moved = await add_item(demo_db, "Dời ngày", DAY, owner="TB")
    assert await run(demo_db, at(18, 18, 0)) == 6
    async with demo_db.session() as session:
        item = await session.get(ScheduleItem, cancelled)
        assert item is not None
        await cancel_item(session, item, actor_id=None)
        other = await session.get(ScheduleItem, moved)
        assert other is not None
        await change_item(
            session, other, actor_id=None, period=parse_period("25/5/2030", default_year=2030)
        )
        await session.commit()
    reminders = [d for d in await deliveries(demo_db) if (d.dedupe_key or "").startswith("rem:")]
    assert {d.state for d in reminders} == {DeliveryState.CANCELLED}, "queued ones are dropped"
    assert await run(demo_db, at(19, 6, 30)) == 0
    assert await run(demo_db, at(24, 18, 0)) == 3, "the moved item is reminded on its new eve"


async def test_undated_and_fuzzy_items_are_not_reminded(demo_db: Database) -> None:
    await add_item(demo_db, "Sẽ báo sau", "19/5/2030, giờ sẽ báo sau", owner="HN")
    await add_item(demo_db, "Cả tháng", "tháng 5/2030", owner="HN")
    await add_item(demo_db, "Hạn chót", "trước 19/5/2030", owner="HN")
    assert await run(demo_db, at(18, 18, 0)) == 0
    assert await run(demo_db, at(19, 6, 30)) == 0


async def test_yearly_items_are_reminded_every_year(demo_db: Database) -> None:
    await add_item(demo_db, "Ngày truyền thống", "19/5/2020", everyone=True, recurring=True)
    assert await run(demo_db, at(18, 18, 0, year=2031)) == 10, "every bound member"
    keys = {d.dedupe_key for d in await deliveries(demo_db)}
    assert all(":20310519:eve:" in (key or "") for key in keys)
    assert await run(demo_db, at(18, 18, 0, year=2032)) == 10


async def test_two_processes_at_once_queue_each_reminder_once(demo_db: Database) -> None:
    await add_item(demo_db, "Họp", DAY, owner="HN")
    results = await asyncio.gather(*(run(demo_db, at(18, 18, 1)) for _ in range(3)))
    assert sum(results) == 3
    assert len(await deliveries(demo_db)) == 3


async def test_the_job_is_registered_with_the_runner(rig: Rig) -> None:
    assert REMINDER_JOB in JOBS
    assert sum(job.name == REMINDER_JOB.name for job in JOBS) == 1
