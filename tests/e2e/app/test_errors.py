"""The one error handler: refusals in the member's language, apologies and reports for bugs."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.app.error_reports import ReportLimiter
from bot.app.scope import HoiContext
from bot.people.access import require_role
from storage.models import Interaction, Member, Role
from tests.fakes.rig import Rig


async def lead_only(update: Update, context: HoiContext) -> None:
    """A command only leads may use."""
    require_role(context.principal, Role.LEAD)
    assert update.effective_message is not None
    await update.effective_message.reply_text("ok")
    raise ApplicationHandlerStop  # these test commands sit before the real handlers


async def crash(update: Update, context: HoiContext) -> None:
    """Change something, then fail like a bug would."""
    assert context.principal is not None
    member = await context.session.get(Member, context.principal.member.id)
    assert member is not None
    member.name = "Changed before the crash"
    await context.session.flush()
    raise RuntimeError("boom")


@pytest.fixture
def rig_with_test_commands(rig: Rig) -> Rig:
    rig.app.add_handler(CommandHandler("chiolanhdao", lead_only), group=-1)
    rig.app.add_handler(CommandHandler("hong", crash), group=-1)
    return rig


async def test_a_refusal_is_answered_in_the_members_language(rig_with_test_commands: Rig) -> None:
    rig = rig_with_test_commands
    await rig.member_hn.send("/chiolanhdao")
    assert (
        rig.member_hn.last.text
        == "Xin lỗi, lệnh này dành cho lãnh đạo hội hoặc cơ quan Trung ương Hội."
    )
    await rig.member_hn.send("/ngonngu")
    await rig.member_hn.press("English")
    await rig.member_hn.send("/chiolanhdao")
    assert (
        rig.member_hn.last.text
        == "Sorry, this command is for a chapter lead or the central office."
    )
    await rig.lead_hn.send("/chiolanhdao")
    assert rig.lead_hn.last.text == "ok"


async def test_a_bug_gets_an_apology_a_report_and_a_rollback(
    rig_with_test_commands: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig = rig_with_test_commands
    rig.app.bot_data.settings = dataclasses.replace(rig.settings, admin_chat_id=1001)
    admin = rig.admin  # the admins' chat exists before the error happens
    await rig.member_hn.send("/hong")
    assert "Xin lỗi, hệ thống vừa gặp sự cố" in (rig.member_hn.last.text or "")
    report = admin.last.text or ""
    assert "RuntimeError" in report and "boom" in report
    assert any("unexpected error" in r.message for r in caplog.records)
    async with rig.db.session() as session:
        member = (
            await session.execute(select(Member).where(Member.telegram_user_id == 1003))
        ).scalar_one()
        logged = list((await session.execute(select(Interaction.kind, Interaction.text))).all())
    assert member.name == "Lê Văn Cường", "the failed update's changes were rolled back"
    assert ("command", "/hong") in logged, "the failed update is still in the interaction log"


async def leak(update: Update, context: HoiContext) -> None:
    """Fail with the token and a phone number in the error, as a careless library might."""
    raise RuntimeError(f"call to bot{context.bot_data.settings.token}/send for 0912000003")


async def test_reports_come_once_per_kind_per_ten_minutes_without_secrets(
    rig_with_test_commands: Rig,
) -> None:
    rig = rig_with_test_commands
    rig.app.add_handler(CommandHandler("loi", leak), group=-1)
    clock = [1000.0]
    rig.app.bot_data.reports = ReportLimiter(clock=lambda: clock[0])
    rig.app.bot_data.settings = dataclasses.replace(rig.settings, admin_chat_id=1001)
    admin = rig.admin
    before = len(admin.seen)
    for _ in range(5):
        await rig.member_hn.send("/hong")
    await rig.member_hn.send("/loi")
    reports = [seen.text or "" for seen in admin.seen[before:]]
    assert len(reports) == 2, "one per kind: the crash and the leak"
    assert "RuntimeError" in reports[0] and "boom" in reports[0]
    assert rig.settings.token not in reports[1] and "0912000003" not in reports[1]
    assert "bot<secret>/send for <phone>" in reports[1]
    clock[0] += 601
    await rig.member_hn.send("/hong")
    later = admin.seen[-1].text or ""
    assert "4 lỗi cùng loại trong 10 phút qua chưa được báo" in later, later


async def test_blocking_marks_a_member_unreachable_until_they_write(rig: Rig) -> None:
    async def reachable() -> bool:
        async with rig.db.session() as session:
            query = select(Member.reachable).where(Member.telegram_user_id == 1003)
            return bool((await session.execute(query)).scalar_one())

    await rig.member_hn.block()
    assert not await reachable()
    await rig.member_hn.send("/toi")
    assert await reachable()
