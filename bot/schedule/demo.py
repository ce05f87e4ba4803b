"""A few calendar items for `hoibot try`, around the day it is run."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.periods import parse_period
from bot.schedule.service import ItemValues, create_item
from storage.models import ItemAudience
from storage.people.units import get_unit_by_code


def _day(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


async def seed_demo_calendar(session: AsyncSession, today: date) -> None:
    """Items for everyone, for Hà Nội and for Thái Bình: dated, fuzzy, yearly, to be announced."""
    soon, later = today + timedelta(days=2), today + timedelta(days=20)
    items = [
        ("TW", None, "Ngày truyền thống Bộ đội Trường Sơn", "19/5/2020", True, "Toàn quốc"),
        ("TW", None, "Sơ kết công tác quý", f"tháng {later.month}/{later.year}", False, None),
        (
            "HN",
            "HN",
            "Họp Ban Chấp hành Thành hội",
            f"8h00 ngày {_day(soon)}",
            False,
            "Trụ sở Thành hội",
        ),
        (
            "HN",
            "HN",
            "Kiểm tra công tác thi đua",
            "dự kiến, ngày giờ cụ thể sẽ thông báo sau",
            False,
            None,
        ),
        ("TB", "TB", "Gặp mặt hội viên mới", _day(later), False, "Nhà văn hóa tỉnh"),
        (
            "TW",
            None,
            "Hội nghị trực tuyến sơ kết công tác tri ân",
            f"8h30 ngày {_day(today + timedelta(days=5))}",
            False,
            "Trụ sở Trung ương Hội và các điểm cầu tỉnh",
        ),
        (
            "TW",
            None,
            "Đoàn Trung ương Hội kiểm tra công tác thi đua tại các tỉnh",
            "dự kiến trong tháng tới, ngày giờ cụ thể sẽ thông báo sau",
            False,
            None,
        ),
    ]
    for owner_code, unit_code, title, when, yearly, place in items:
        owner = await get_unit_by_code(session, owner_code)
        assert owner is not None
        values = ItemValues(
            title=title,
            period=parse_period(when, default_year=today.year),
            owner_unit_id=owner.id,
            audience=ItemAudience.EVERYONE if unit_code is None else ItemAudience.SUBTREE,
            unit_ids=[] if unit_code is None else [owner.id],
            place=place,
            recurring=yearly,
        )
        await create_item(session, values, created_by=None)
