"""What `hoibot try` shows at work beside the demo people and calendar: the indicators, an
open reporting period that some units have reported for and some not, a published directive
that some units have confirmed, and an announcement sent two days ago."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.queueing import queue
from bot.app.settings import Settings
from bot.cli.directive import apply_recipients_spec
from bot.directives.drafting import fill_from_text, new_draft, refresh_search
from bot.directives.publishing import publish
from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import default_deadline, reporting_period
from bot.figures.service import open_period, submit
from bot.people.demo import DEMO_PEOPLE
from storage.directives import get_receipt, record_received
from storage.figures import list_indicators, store_indicators
from storage.models import Announcement, Audience, Member
from storage.people.units import get_unit_by_code

# Who reported what (Hà Nội and Sư đoàn 470 have; Thái Bình and the women's groups not yet).
DEMO_FIGURES = {
    "HN": {"houses": 3, "gifts": 842, "blankets": 120, "money": 512_300_000},
    "SD470": {"houses": 1, "gifts": 215, "blankets": 0, "money": 86_000_000},
}

DEMO_DIRECTIVE = """HỘI TRUYỀN THỐNG TRƯỜNG SƠN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
ĐƯỜNG HỒ CHÍ MINH VIỆT NAM                Độc lập – Tự do – Hạnh phúc

Số: 18/KH-HTS                                    Hà Nội, ngày {day} tháng {month} năm {year}

KẾ HOẠCH
Thăm hỏi, tặng quà hội viên có hoàn cảnh khó khăn dịp Tết

Để hội viên có hoàn cảnh khó khăn được đón Tết đầm ấm, Thường trực Trung ương Hội đề nghị
các Hội thành viên và Ban Liên lạc các đơn vị truyền thống:
1- Rà soát danh sách hội viên có hoàn cảnh khó khăn, ốm đau, hội viên cao tuổi sống một mình.
2- Vận động các tổ chức, cá nhân ủng hộ; tổ chức thăm hỏi, tặng quà trước ngày 25 tháng Chạp.
3- Báo cáo kết quả (số suất quà, tổng giá trị) về Văn phòng Trung ương Hội trước ngày 15/2.

Nơi nhận:                                                    TM. BAN CHẤP HÀNH
- Các Hội thành viên, BLL các đơn vị truyền thống;              CHỦ TỊCH
- Lưu: VP.
                                                                 Đã ký
                                                           Thiếu tướng Võ Sở
"""

DEMO_ANNOUNCEMENT = (
    "Kính gửi các đồng chí hội viên: Văn phòng Trung ương Hội nghỉ Tết Dương lịch từ ngày "
    "1/1 đến hết ngày 2/1. Việc cần gấp xin liên hệ đồng chí Chánh Văn phòng."
)


async def seed_demo_work(session: AsyncSession, settings: Settings, today: date) -> None:
    """Everything `hoibot try` has at work, as of `today` (in the association's time zone)."""
    now = datetime.now(UTC)
    await _figures(session, settings, today, now)
    await _directive(session, settings, today, now)
    await _announcement(session, settings, now)


async def _member_id(session: AsyncSession, telegram_id: int) -> int:
    query = select(Member.id).where(Member.telegram_user_id == telegram_id)
    return int((await session.execute(query)).scalar_one())


async def _lead_of(session: AsyncSession, unit_code: str) -> int:
    person = next(p for p in DEMO_PEOPLE if p.unit == unit_code and p.role.value == "lead")
    return await _member_id(session, person.telegram_id)


async def _figures(session: AsyncSession, settings: Settings, today: date, now: datetime) -> None:
    await store_indicators(session, parse_indicator_file(DEFAULT_FILE))
    quarter = (today.month - 1) // 3 + 1
    span = reporting_period(f"Q{quarter}/{today.year}", today)
    assert span is not None
    period, _new = await open_period(
        session, span, deadline=default_deadline(span.ends_on), grace_days=3, now=now
    )
    by_code = {indicator.code: indicator.id for indicator in await list_indicators(session)}
    for unit_code, values in DEMO_FIGURES.items():
        unit = await get_unit_by_code(session, unit_code)
        assert unit is not None
        await submit(
            session,
            period,
            unit.id,
            {by_code[code]: value for code, value in values.items()},
            member_id=await _lead_of(session, unit_code),
            now=now,
            tz=settings.tz,
        )


async def _directive(session: AsyncSession, settings: Settings, today: date, now: datetime) -> None:
    """Published three days ago to every province and traditional unit; two confirmed it."""
    signed = today - timedelta(days=3)
    admin = await _member_id(session, DEMO_PEOPLE[0].telegram_id)
    directive = new_draft(admin)
    session.add(directive)
    await session.flush()
    text = DEMO_DIRECTIVE.format(day=signed.day, month=signed.month, year=signed.year)
    await fill_from_text(session, directive, text)
    refresh_search(directive)
    await apply_recipients_spec(session, directive.id, "@province,@traditional_unit")
    await publish(session, directive, settings, now=now - timedelta(days=3))
    for unit_code, carried_out in (("HN", True), ("SD470", False)):
        receipt = await get_receipt(session, directive.id, await _lead_of(session, unit_code))
        if receipt is not None:
            at = now - timedelta(days=2)
            await record_received(session, receipt, at, carried_out=carried_out)


async def _announcement(session: AsyncSession, settings: Settings, now: datetime) -> None:
    """An announcement to everyone, sent two days ago."""
    admin = await _member_id(session, DEMO_PEOPLE[0].telegram_id)
    office = await get_unit_by_code(session, DEMO_PEOPLE[0].unit)
    assert office is not None
    sent = now - timedelta(days=2)
    announcement = Announcement(
        author_id=admin,
        text=DEMO_ANNOUNCEMENT,
        audience=Audience.EVERYONE,
        audience_unit_id=office.id,
        created_at=sent,
        updated_at=sent,
    )
    session.add(announcement)
    await session.flush()
    await queue(session, announcement, settings, sent, office.name)
