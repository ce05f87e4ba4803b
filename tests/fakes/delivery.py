"""Helpers for tests of what the bot sends through the outbox: drain it, count its rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.cli.directive import apply_recipients_spec
from bot.delivery import DeliveryPolicy, DrainResult, Pacer, drain, enqueue
from bot.directives.drafting import fill_from_text, new_draft, refresh_search
from bot.directives.publishing import publish
from bot.people.demo import DEMO_PEOPLE
from storage.models import Announcement, Delivery, Directive, Member, Unit
from tests.fakes.clock import FakeClock
from tests.fakes.paths import DATA
from tests.fakes.rig import Rig

PLAN_2020 = "ke-hoach-kiem-tra-thi-dua-2020.txt"
GUIDANCE_2024 = "huong-dan-cong-tac-dan-van-2024.txt"
# Who is who in the demo association (Telegram ids).
ADMIN, LEAD_HN, MEMBER_HN, MEMBER_HN_2 = 1001, 1002, 1003, 1004
LEAD_TB, MEMBER_TB, LEAD_NU, MEMBER_NU_TB, LEAD_SD470, MEMBER_SD470 = range(1005, 1011)
EVERYONE = [p.telegram_id for p in DEMO_PEOPLE]


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def later(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def meet_everyone(rig: Rig) -> None:
    """Every demo person has a chat with the bot in the fake Telegram."""
    for telegram_id in EVERYONE:
        rig.person(telegram_id)


async def deliver(rig: Rig, now: datetime | None = None, **options: Any) -> DrainResult:
    """Send every outbox row due at `now` (default: a day from now, past any quiet hours)."""
    meet_everyone(rig)
    options.setdefault("pacer", DeliveryPolicy().pacer(FakeClock()))
    total = DrainResult()
    while True:
        result = await drain(rig.db, rig.app.bot, now=now or later(days=1), **options)
        total.add(result)
        if not result.claimed:
            await rig.settle()
            return total


def pushed(rig: Rig, count_before: dict[int, int]) -> dict[int, list[str]]:
    """What each demo person was shown since `count_before` (from `seen_counts`)."""
    return {
        tid: rig.person(tid).texts()[count_before.get(tid, 0) :]
        for tid in EVERYONE
        if rig.person(tid).texts()[count_before.get(tid, 0) :]
    }


def seen_counts(rig: Rig) -> dict[int, int]:
    return {tid: len(rig.person(tid).texts()) for tid in EVERYONE}


async def rows(rig: Rig, **where: Any) -> list[Delivery]:
    async with rig.db.session() as session:
        query = select(Delivery).filter_by(**where).order_by(Delivery.id)
        return list((await session.execute(query)).scalars())


async def publish_text(
    rig: Rig,
    text: str,
    *,
    recipients: str | None = None,
    number: str | None = None,
    title: str | None = None,
    at: datetime | None = None,
) -> Directive:
    """Publish a document the quick way (the chat and the CLI have tests of their own)."""
    async with rig.db.session() as session:
        directive = new_draft(None)
        session.add(directive)
        await session.flush()
        await fill_from_text(session, directive, text)
        directive.number = number or directive.number
        directive.title = title or directive.title
        refresh_search(directive)
        if recipients:
            await apply_recipients_spec(session, directive.id, recipients)
        await publish(session, directive, rig.settings, now=at)
        await session.commit()
    return directive


async def unit_id(rig: Rig, code: str) -> int:
    async with rig.db.session() as session:
        return int((await session.execute(select(Unit.id).where(Unit.code == code))).scalar_one())


async def last_announcement(rig: Rig) -> int:
    """The number of the newest announcement (ids differ between runs on PostgreSQL)."""
    async with rig.db.session() as session:
        return int((await session.execute(select(func.max(Announcement.id)))).scalar_one())


ACK = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "1|ack|72"}]]}


def simulated_pacer(clock: FakeClock | None = None) -> Pacer:
    return DeliveryPolicy().pacer(clock or FakeClock())


async def send_all(rig: Rig, bot: Any = None, **options: Any) -> DrainResult:
    """Drain until nothing is due (at `now`, if given), by default with the rig's bot."""
    options.setdefault("pacer", simulated_pacer())
    total = DrainResult()
    while True:
        result = await drain(rig.db, bot or rig.app.bot, **options)
        total.add(result)
        if not result.claimed:
            return total


async def member_id(rig: Rig, telegram_id: int) -> int:
    async with rig.db.session() as session:
        query = select(Member.id).where(Member.telegram_user_id == telegram_id)
        return int((await session.execute(query)).scalar_one())


async def queue(rig: Rig, telegram_id: int, text: str, **options: Any) -> bool:
    options.setdefault("member_id", await member_id(rig, telegram_id))
    rig.person(telegram_id)
    async with rig.db.session() as session:
        added = await enqueue(session, telegram_id, text, **options)
        await session.commit()
    return added
