"""The demo association with something on every page of the dashboard: two directives
(one to everyone, one to Hà Nội alone), a chase, announcements half sent, invites and a
log, plus a commune of Thái Bình whose only member is not on Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.queueing import queue, topic
from bot.app.settings import Settings
from bot.directives.drafting import new_draft, refresh_search
from bot.directives.publishing import publish, rule_from_scope
from bot.people.access import Principal, load_principal
from storage.db import Database
from storage.models import (
    Announcement,
    Audience,
    Delivery,
    DeliveryState,
    Direction,
    DirectiveChase,
    DirectiveReceipt,
    Interaction,
    Invite,
    Member,
    Purpose,
    RecipientScope,
    Role,
    Unit,
)
from storage.people.members import add_role
from storage.people.units import upsert_units

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
# Telegram ids of the demo people (bot/people/demo.py).
ADMIN, LEAD_HN, MEMBER_HN, LEAD_TB, MEMBER_TB = 1001, 1002, 1003, 1005, 1006
COMMUNE = {
    "code": "TB-XA",
    "name": "Hội Trường Sơn xã Vũ Thư",
    "kind": "commune",
    "parent_code": "TB",
    "also_under": "",
}
BRANCH = {
    "code": "TB-XA-CH",
    "name": "Chi hội thôn Đông",
    "kind": "branch",
    "parent_code": "TB-XA",
    "also_under": "",
}


@dataclass(frozen=True)
class Dashboard:
    everyone: int  # a directive to the whole association
    hanoi: int  # a directive to Hà Nội alone
    to_tb: int  # the admin's announcement to Thái Bình, half sent
    done_hn: int  # the Hà Nội lead's announcement, done with one failure
    units: dict[str, int]


async def _unit_ids(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {code: uid for code, uid in await session.execute(select(Unit.code, Unit.id))}


async def _member(db: Database, telegram_id: int) -> int:
    async with db.session() as session:
        query = select(Member.id).where(Member.telegram_user_id == telegram_id)
        return int((await session.execute(query)).scalar_one())


async def _directive(db: Database, title: str, unit_id: int, at: datetime) -> int:
    async with db.session() as session:
        directive = new_draft(None)
        directive.kind, directive.number, directive.title = "Kế hoạch", "72/KH-HTS", title
        session.add(directive)
        await session.flush()
        session.add(
            rule_from_scope(directive.id, RecipientScope.SUBTREE, unit_id, None, Purpose.ACT, False)
        )
        refresh_search(directive)
        await publish(session, directive, Settings(quiet_hours=None), now=at)
        await session.commit()
        return directive.id


async def _announcement(
    db: Database, author: int, unit_id: int, text: str, sent: int, failed: int
) -> int:
    """An announcement queued to a subtree; its first rows sent, the next failed."""
    async with db.session() as session:
        announcement = Announcement(
            author_id=author,
            text=text,
            audience=Audience.EVERYONE,
            audience_unit_id=unit_id,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(announcement)
        await session.flush()
        await queue(session, announcement, Settings(quiet_hours=None), NOW, "Trung ương Hội")
        ids = (
            (
                await session.execute(
                    select(Delivery.id)
                    .where(Delivery.topic == topic(announcement.id))
                    .order_by(Delivery.id)
                )
            )
            .scalars()
            .all()
        )
        for row in ids[:sent]:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == row)
                .values(state=DeliveryState.SENT, sent_at=NOW)
            )
        for row in ids[sent : sent + failed]:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == row)
                .values(state=DeliveryState.FAILED, error="Forbidden: bot was blocked by the user")
            )
        await session.commit()
        return announcement.id


async def seed_dashboard(db: Database) -> Dashboard:
    """Fill the demo database (already seeded) with what the dashboard's pages show."""
    async with db.session() as session:
        await upsert_units(session, [COMMUNE, BRANCH])
        commune = (await session.execute(select(Unit).where(Unit.code == "TB-XA"))).scalar_one()
        farmer = Member(name="Lý Văn Nam", phone="0912000077")
        session.add(farmer)
        await session.flush()
        await add_role(session, farmer, commune.id, Role.MEMBER)
        session.add(Invite(code="tb-xa-1", unit_id=commune.id, role=Role.LEAD, max_uses=1, uses=0))
        session.add(
            Invite(code="tb-xa-old", unit_id=commune.id, role=Role.MEMBER, max_uses=1, uses=1)
        )
        await session.commit()
    units = await _unit_ids(db)
    everyone = await _directive(db, "Kế hoạch kiểm tra thi đua năm 2020", units["TW"], NOW)
    hanoi = await _directive(db, "Công văn về ngày 19/5", units["HN"], NOW + timedelta(hours=1))
    async with db.session() as session:
        for directive in (everyone, hanoi):
            await session.execute(
                update(DirectiveReceipt)
                .where(
                    DirectiveReceipt.directive_id == directive,
                    DirectiveReceipt.member_id == await _member(db, LEAD_HN),
                )
                .values(received_at=NOW)
            )
        for code in ("TB", "SD470"):
            session.add(DirectiveChase(directive_id=everyone, unit_id=units[code], chased_at=NOW))
        await session.commit()
    admin = await _member(db, ADMIN)
    to_tb = await _announcement(db, admin, units["TB"], "Họp mặt 22/12", sent=1, failed=0)
    done_hn = await _announcement(
        db, await _member(db, LEAD_HN), units["HN"], "Chúc mừng 19/5", sent=1, failed=1
    )
    async with db.session() as session:
        await session.execute(
            update(Announcement).where(Announcement.id == done_hn).values(state="done")
        )
        await _log(session, units, await _member(db, MEMBER_HN), await _member(db, MEMBER_TB))
        await session.commit()
    return Dashboard(everyone, hanoi, to_tb, done_hn, units)


async def _log(
    session: AsyncSession, units: dict[str, int], member_hn: int, member_tb: int
) -> None:
    rows = [
        (NOW - timedelta(days=2), member_hn, units["HN"], "Số của tôi là 0912 000 003"),
        (NOW - timedelta(days=1), member_tb, units["TB"], "/lich"),
        (NOW, None, None, "xin chào"),  # a stranger: no member, no unit
    ]
    for at, member, unit, text in rows:
        session.add(
            Interaction(
                at=at,
                direction=Direction.IN,
                kind="message",
                member_id=member,
                unit_id=unit,
                telegram_user_id=None,
                chat_id=None,
                text=text,
            )
        )


async def principal(db: Database, telegram_id: int) -> Principal:
    async with db.session() as session:
        found = await load_principal(session, telegram_id)
    assert found is not None
    return found
