"""Putting calendar items straight into the test database, the way the keeping flows would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.periods import parse_period
from bot.schedule.service import ItemValues, create_item
from storage.db import Database
from storage.models import Delivery, ItemAudience, ScheduleItem
from storage.people.units import get_unit_by_code

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    return datetime.now(TZ).date()


def vn(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def in_days(days: int) -> date:
    return today() + timedelta(days=days)


async def add_item(
    db: Database,
    title: str,
    when: str,
    *,
    owner: str = "TW",
    units: tuple[str, ...] | None = None,
    everyone: bool = False,
    place: str | None = None,
    recurring: bool = False,
) -> int:
    """An item of `owner`'s calendar concerning `units` (default: the owner and below)."""
    async with db.session() as session:
        owner_unit = await get_unit_by_code(session, owner)
        assert owner_unit is not None
        ids = []
        for code in units or (owner,):
            unit = await get_unit_by_code(session, code)
            assert unit is not None
            ids.append(unit.id)
        audience = ItemAudience.EVERYONE if everyone else ItemAudience.SUBTREE
        if len(ids) > 1:
            audience = ItemAudience.UNITS
        values = ItemValues(
            title=title,
            period=parse_period(when, default_year=today().year),
            owner_unit_id=owner_unit.id,
            audience=audience,
            unit_ids=[] if everyone else ids,
            place=place,
            recurring=recurring,
        )
        item = await create_item(session, values, created_by=None)
        await session.commit()
        return item.id


async def get(db: Database, item_id: int) -> ScheduleItem:
    async with db.session() as session:
        item = await session.get(ScheduleItem, item_id)
        assert item is not None
        return item


async def deliveries(db: Database) -> list[Delivery]:
    async with db.session() as session:
        query = select(Delivery).order_by(Delivery.id)
        return list((await session.execute(query)).scalars())
