"""The benchmarks' association: the demo units and people, and `members` more in one unit.

Built inside the database (INSERT … SELECT over a counted series, a million rows a
statement), so ten million members take minutes, not hours; nothing crosses the wire
but the statements. A database that already holds the same population is reused (the
benchmarks' own traces, log rows, handled and kept updates and deliveries, are cleared), so a
second run at ten million starts at once; `forget` drops it all.
"""

from __future__ import annotations

import time

from sqlalchemy import Integer, String, cast, delete, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.demo import seed_demo
from storage.db import Database, head_revision
from storage.models import (
    Delivery,
    HandledUpdate,
    Interaction,
    Member,
    Membership,
    PolledUpdate,
    Role,
    Unit,
)

FIRST_ID = 2_000_000  # Telegram ids (and chat ids) of the generated members: FIRST_ID + i
UNIT = "HN"
_CHUNK = 1_000_000


def member_id_of(i: int) -> int:
    """The Telegram user id of the i-th generated member."""
    return FIRST_ID + i


async def populate(url: str, members: int) -> Database:
    """A database holding the demo association and `members` generated members."""
    db = Database(url)
    if await _holds(db, members):
        print(f"reusing the {members:,} members already there")
        async with db.session() as session:
            for table in (Interaction, HandledUpdate, PolledUpdate, Delivery):
                if db.is_sqlite:
                    await session.execute(delete(table))
                else:  # a million deliveries go at once, not row by row
                    await session.execute(text(f"TRUNCATE {table.__tablename__}"))
            await session.commit()
        return db
    began = time.perf_counter()
    await db.drop_everything()
    await db.upgrade()
    async with db.session() as session:
        await seed_demo(session)
        unit_id = (await session.execute(select(Unit.id).where(Unit.code == UNIT))).scalar_one()
        await session.commit()
    for first in range(0, members, _CHUNK):
        async with db.session() as session:
            await _add_members(session, first, min(first + _CHUNK, members), unit_id)
            await session.commit()
        if members > _CHUNK:
            print(f"  {first + _CHUNK:,} members in {time.perf_counter() - began:.0f} s")
    await db.analyze()
    return db


async def forget(db: Database) -> None:
    """Drop everything the benchmark built."""
    await db.drop_everything()


async def _holds(db: Database, members: int) -> bool:
    try:
        if await db.current_revision() != head_revision():
            return False
        async with db.session() as session:
            query = select(func.count()).where(Member.telegram_user_id >= FIRST_ID)
            return (await session.execute(query)).scalar_one() == members
    except Exception:  # no schema at all yet
        return False


async def _add_members(session: AsyncSession, first: int, last: int, unit_id: int) -> None:
    """Members first..last-1 and their memberships, each in one INSERT … SELECT."""
    series = select(literal(first, Integer).label("i")).cte("series", recursive=True)
    series = series.union_all(select(series.c.i + 1).where(series.c.i < last - 1))
    number = cast(series.c.i, String)
    await session.execute(
        insert(Member).from_select(
            ["name", "phone", "telegram_user_id", "chat_id", "reachable"],
            select(
                literal("Hội viên ") + number,
                literal("0") + cast(series.c.i + 900_000_000, String),
                series.c.i + FIRST_ID,
                series.c.i + FIRST_ID,
                literal(True),
            ),
        )
    )
    await session.execute(
        insert(Membership).from_select(
            ["member_id", "unit_id", "role"],
            select(Member.id, literal(unit_id), literal(Role.MEMBER, Membership.role.type)).where(
                Member.telegram_user_id.between(first + FIRST_ID, last - 1 + FIRST_ID)
            ),
        )
    )
