"""A small demo association for `hoibot try` and the tests: a few units, a lead and members each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Member, Role
from storage.people.members import add_role
from storage.people.units import get_unit_by_code, upsert_units

DEMO_UNITS = [
    {
        "code": "TW",
        "name": "Trung ương Hội",
        "kind": "central",
        "parent_code": "",
        "also_under": "",
    },
    {
        "code": "HN",
        "name": "Hội Trường Sơn TP Hà Nội",
        "kind": "province",
        "parent_code": "TW",
        "also_under": "",
    },
    {
        "code": "TB",
        "name": "Hội Trường Sơn tỉnh Thái Bình",
        "kind": "province",
        "parent_code": "TW",
        "also_under": "",
    },
    {
        "code": "NU",
        "name": "Hội Nữ CSTS Việt Nam",
        "kind": "women_association",
        "parent_code": "TW",
        "also_under": "",
    },
    {
        "code": "NU-TB",
        "name": "Hội Nữ CSTS tỉnh Thái Bình",
        "kind": "women_association",
        "parent_code": "TB",
        "also_under": "NU",
    },
    {
        "code": "SD470",
        "name": "Hội Trường Sơn Sư đoàn 470",
        "kind": "traditional_unit",
        "parent_code": "TW",
        "also_under": "",
    },
]


@dataclass(frozen=True)
class DemoPerson:
    telegram_id: int
    name: str
    unit: str
    role: Role
    phone: str


DEMO_PEOPLE = [
    DemoPerson(1001, "Nguyễn Văn An", "TW", Role.ADMIN, "0912000001"),
    DemoPerson(1002, "Trần Thị Bình", "HN", Role.LEAD, "0912000002"),
    DemoPerson(1003, "Lê Văn Cường", "HN", Role.MEMBER, "0912000003"),
    DemoPerson(1004, "Phạm Thị Dung", "HN", Role.MEMBER, "0912000004"),
    DemoPerson(1005, "Hoàng Văn Em", "TB", Role.LEAD, "0912000005"),
    DemoPerson(1006, "Vũ Thị Phương", "TB", Role.MEMBER, "0912000006"),
    DemoPerson(1007, "Đỗ Thị Giang", "NU", Role.LEAD, "0912000007"),
    DemoPerson(1008, "Bùi Thị Hoa", "NU-TB", Role.MEMBER, "0912000008"),
    DemoPerson(1009, "Ngô Văn Khải", "SD470", Role.LEAD, "0912000009"),
    DemoPerson(1010, "Đặng Văn Long", "SD470", Role.MEMBER, "0912000010"),
]
STRANGER_ID = 1999
# Registered by the Hà Nội chapter but not yet on Telegram: joins by sharing this number.
WAITING_MEMBER = ("Trịnh Văn Minh", "HN", "0912000099")


async def seed_demo(session: AsyncSession) -> None:
    """Create the demo tree and bind every demo person to their Telegram id."""
    await upsert_units(session, DEMO_UNITS)
    for person in DEMO_PEOPLE:
        member = Member(
            name=person.name,
            phone=person.phone,
            telegram_user_id=person.telegram_id,
            chat_id=person.telegram_id,
            bound_at=datetime.now(UTC),
        )
        session.add(member)
        await session.flush()
        unit = await get_unit_by_code(session, person.unit)
        assert unit is not None
        await add_role(session, member, unit.id, person.role)
    name, unit_code, phone = WAITING_MEMBER
    waiting = Member(name=name, phone=phone)
    session.add(waiting)
    await session.flush()
    unit = await get_unit_by_code(session, unit_code)
    assert unit is not None
    await add_role(session, waiting, unit.id, Role.MEMBER)
