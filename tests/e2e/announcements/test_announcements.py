"""/thongbao end to end: writing, audience, preview, time, quiet hours, urgency, progress,
final summary, resending failures, stopping; and who may announce to whom."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.announcements.progress import run_progress
from bot.app.jobs import JobContext
from bot.text.formatting import format_moment
from storage.models import Priority
from tests.fakes.delivery import (
    ADMIN,
    LEAD_HN,
    LEAD_NU,
    LEAD_SD470,
    LEAD_TB,
    MEMBER_HN,
    MEMBER_HN_2,
    MEMBER_NU_TB,
    MEMBER_SD470,
    MEMBER_TB,
    deliver,
    last_announcement,
    later,
    pushed,
    rows,
    seen_counts,
    unit_id,
)
from tests.fakes.rig import Rig

INVITATION = "Kính mời các đồng chí dự lễ kỷ niệm ngày truyền thống 19/5, lúc 8:00 tại Nhà văn hoá."


def configure(rig: Rig, **changes: Any) -> None:
    """Run the bot with other settings from now on (quiet hours, mostly)."""
    rig.settings = dataclasses.replace(rig.settings, **changes)
    rig.app.bot_data.settings = rig.settings


async def progress_job(rig: Rig, now: datetime | None = None) -> None:
    await run_progress(JobContext(rig.db, rig.app.bot, rig.settings, now or datetime.now(UTC)))
    await rig.settle()


async def test_admin_announces_to_everyone_and_follows_it_to_the_end(rig: Rig) -> None:
    configure(rig, quiet_hours=None)
    admin = rig.admin
    await admin.send("/thongbao")
    assert admin.last.text.startswith("✍️ Xin gửi nội dung thông báo")  # type: ignore[union-attr]
    await admin.send(INVITATION)
    assert admin.last.text == "Gửi cho ai?"
    assert admin.last.labels() == [
        "👥 Mọi hội viên",
        "🏢 Một đơn vị và các đơn vị trực thuộc",
        "🗂 Mọi đơn vị cùng một loại",
        "⭐ Chỉ lãnh đạo các đơn vị",
        "✖️ Huỷ",
    ]
    await admin.press("👥 Mọi hội viên")
    n = await last_announcement(rig)
    intro, preview, card = admin.seen[-3:]
    assert intro.text == "👀 Xem trước: hội viên sẽ nhận được tin dưới đây."
    assert preview.text == f"📣 Thông báo của Trung ương Hội\n\n{INVITATION}"
    assert card.text == (
        f"📣 Thông báo số {n}\nGửi đến: mọi hội viên\n10 người; 9 người nhận được qua Telegram.\n"
        "Thời gian: ngay khi đồng chí xác nhận"
    )
    assert card.labels() == [
        "✅ Gửi", "🕒 Hẹn giờ gửi", "🚨 Đánh dấu khẩn", "👥 Đổi người nhận", "✖️ Huỷ",
    ]  # fmt: skip

    await admin.press("✅ Gửi")
    assert admin.callback_answers[-1] == "Đang gửi đến 9 người."
    assert card.text.startswith(f"📣 Đang gửi thông báo số {n}…\nĐã gửi: 0/9 · đang chờ: 9")
    assert card.labels() == ["⏹ Dừng gửi"]

    await rig.person(MEMBER_TB).block()
    rig.expect_rejections = True
    rig.fake.fail("sendMessage", status=502, chat_id=MEMBER_HN_2)  # once, then it goes
    before = seen_counts(rig)
    await deliver(rig, now=later(seconds=1))
    await progress_job(rig)
    assert card.text.startswith(
        f"📣 Đang gửi thông báo số {n}…\nĐã gửi: 7/9 · đang chờ: 1 · lỗi: 1\nCòn lại: "
    ), "the progress message follows the sending"
    await deliver(rig, now=later(hours=1))
    await progress_job(rig, later(hours=1))
    assert card.text == (
        f"✅ Đã gửi xong thông báo số {n}: 8/9 người đã nhận được.\n"
        "1 người không nhận được (đã chặn bot hoặc đã xoá tài khoản)."
    )
    got = pushed(rig, before)
    assert len(got) == 8 and 1001 not in got, "everyone but the sender and the one who blocked"
    assert rig.member_hn.last.text == f"📣 Thông báo của Trung ương Hội\n\n{INVITATION}"

    await rig.person(MEMBER_TB).unblock()
    await admin.press("🔁 Gửi lại 1 tin lỗi", card)
    assert admin.callback_answers[-1] == "Sẽ gửi lại 1 tin."
    await deliver(rig, now=later(seconds=1))
    await progress_job(rig)
    assert card.text == f"✅ Đã gửi xong thông báo số {n}: 9/9 người đã nhận được."
    assert rig.member_tb.last.text == f"📣 Thông báo của Trung ương Hội\n\n{INVITATION}"


async def test_text_after_the_command_skips_a_step_and_a_kind_of_unit_is_chosen(
    rig: Rig,
) -> None:
    configure(rig, quiet_hours=None)
    admin = rig.admin
    await admin.send("/thongbao Hội Nữ họp mặt nhân ngày 20/10.")
    await admin.press("🗂 Mọi đơn vị cùng một loại")
    assert admin.last.labels() == [
        "Trung ương Hội", "hội tỉnh / thành phố", "đơn vị truyền thống", "hội nữ", "↩️ Quay lại",
    ]  # fmt: skip
    await admin.press("hội nữ")
    assert "Gửi đến: mọi hội nữ\n2 người; 2 người nhận được qua Telegram." in (
        admin.last.text or ""
    )
    await admin.press("✅ Gửi")
    before = seen_counts(rig)
    await deliver(rig, now=later(seconds=1))
    assert sorted(pushed(rig, before)) == [LEAD_NU, MEMBER_NU_TB]


async def test_a_forwarded_photo_goes_with_its_caption_to_the_leads(rig: Rig) -> None:
    configure(rig, quiet_hours=None)
    admin = rig.admin
    await admin.send("/thongbao")
    await admin.forward(photo=b"\x89PNG-le-dang-huong", caption="Lễ dâng hương ngày 27/7")
    await admin.press("⭐ Chỉ lãnh đạo các đơn vị")
    preview = admin.seen[-2]
    assert preview.photo is not None
    assert preview.caption == "📣 Thông báo của Trung ương Hội\n\nLễ dâng hương ngày 27/7"
    assert "Gửi đến: lãnh đạo các đơn vị thuộc Trung ương Hội" in (admin.last.text or "")
    await admin.press("✅ Gửi")
    before = seen_counts(rig)
    await deliver(rig, now=later(seconds=1))
    assert sorted(pushed(rig, before)) == [LEAD_HN, LEAD_TB, LEAD_NU, LEAD_SD470]
    seen = rig.lead_tb.last
    assert seen.photo is not None and seen.photo.content == b"\x89PNG-le-dang-huong"


async def test_a_scheduled_announcement_waits_and_can_be_stopped_before_it_goes(
    rig: Rig,
) -> None:
    configure(rig, quiet_hours=None)
    admin = rig.admin
    await admin.send(f"/thongbao {INVITATION}")
    await admin.press("👥 Mọi hội viên")
    await admin.press("🕒 Hẹn giờ gửi")
    assert admin.last.labels() == ["Gửi ngay khi xác nhận", "↩️ Quay lại"]
    await admin.send("sáng mai")
    assert admin.last.text == (
        "Không đọc được giờ trong “sáng mai”. Ví dụ: 19:30 (hôm nay), 7:00 25/12, "
        "hoặc 25/12/2026 7:00."
    )
    when = (datetime.now(UTC) + timedelta(hours=2)).astimezone(rig.settings.tz)
    await admin.send(f"{when:%H:%M} {when.day}/{when.month}")
    at = when.replace(second=0, microsecond=0)
    assert f"Thời gian: lúc {format_moment(at, rig.settings.tz, 'vi')}" in (admin.last.text or "")
    await admin.press("✅ Gửi")
    n = await last_announcement(rig)
    said = re.fullmatch(
        rf"🕒 Thông báo số {n} sẽ gửi đến 9 người lúc {at:%H:%M} (sáng|trưa|chiều|tối) (nay|mai)\.",
        admin.last.text or "",
    )
    assert said is not None, admin.last.text
    assert {row.next_attempt_at.replace(tzinfo=UTC) for row in await rows(rig)} == {
        at.astimezone(UTC)
    }
    before = seen_counts(rig)
    assert (await deliver(rig, now=later(minutes=1))).claimed == 0, "not before its time"

    await admin.send("/thongbao huy")
    assert admin.last.text == f"⏹ Đã dừng thông báo số {n}: đã gửi 0 tin, huỷ 9 tin chưa gửi."
    assert admin.seen[-2].text == admin.last.text, "the progress message says so too"
    await deliver(rig, now=later(hours=3))
    assert list(pushed(rig, before)) == [ADMIN], "only the sender heard of it"
    await admin.send("/thongbao huy")
    assert admin.last.text == "Đồng chí không có thông báo nào đang chờ gửi."


async def test_stopping_while_sending_keeps_what_went_and_cancels_the_rest(rig: Rig) -> None:
    configure(rig, quiet_hours=None)
    admin = rig.admin
    await admin.send(f"/thongbao {INVITATION}")
    await admin.press("👥 Mọi hội viên")
    await admin.press("✅ Gửi")
    progress = admin.last
    rig.expect_rejections = True
    for slow in (MEMBER_NU_TB, LEAD_SD470, MEMBER_SD470):
        rig.fake.fail("sendMessage", status=500, chat_id=slow, times=None)
    await deliver(rig, now=later(seconds=1))
    await admin.press("⏹ Dừng gửi", progress)
    n = await last_announcement(rig)
    assert progress.text == f"⏹ Đã dừng thông báo số {n}: đã gửi 6 tin, huỷ 3 tin chưa gửi."
    rig.fake.clear_faults()
    assert (await deliver(rig, now=later(hours=2))).claimed == 0


async def test_quiet_hours_hold_routine_announcements_until_morning_but_not_urgent_ones(
    rig: Rig,
) -> None:
    now = datetime.now(rig.settings.tz)
    end = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    configure(rig, quiet_hours=(time((now - timedelta(hours=1)).hour), end.time()))
    admin = rig.admin
    await admin.send("/thongbao Chúc mừng năm mới!")
    await admin.press("👥 Mọi hội viên")
    said = re.search(
        rf"🌙 Đó là giờ nghỉ ngơi: tin sẽ gửi lúc {end:%H:%M} (sáng|trưa|chiều|tối) (nay|mai)\.$",
        admin.last.text or "",
    )
    assert said is not None, admin.last.text
    await admin.press("✅ Gửi")
    routine = await rows(rig, topic=f"announce:{await last_announcement(rig)}")
    assert {row.next_attempt_at.replace(tzinfo=UTC) for row in routine} == {end.astimezone(UTC)}

    await admin.send("/thongbao Bão số 3 sắp đổ bộ: các chi hội ven biển chuẩn bị sơ tán.")
    await admin.press("👥 Mọi hội viên")
    await admin.press("🚨 Đánh dấu khẩn")
    card = admin.last.text or ""
    assert "🚨 Khẩn: gửi cả trong giờ nghỉ ngơi." in card and "🌙" not in card
    assert admin.last.labels()[2] == "🚨 Bỏ đánh dấu khẩn"
    await admin.press("✅ Gửi")
    urgent = await rows(rig, topic=f"announce:{await last_announcement(rig)}")
    assert all(row.priority == Priority.DIRECTIVE for row in urgent)
    assert all(row.next_attempt_at.replace(tzinfo=UTC) <= later(minutes=1) for row in urgent)

    before = seen_counts(rig)
    await deliver(rig, now=later(minutes=1))
    texts = pushed(rig, before)
    assert len(texts) == 9
    storm = "Bão số 3 sắp đổ bộ: các chi hội ven biển chuẩn bị sơ tán."
    assert all(t == [f"📣 Thông báo của Trung ương Hội\n\n{storm}"] for t in texts.values())


async def test_a_lead_announces_within_their_own_units_only(rig: Rig) -> None:
    configure(rig, quiet_hours=None)
    lead = rig.lead_hn
    await lead.send("/thongbao Họp chi hội sáng thứ Hai, 8:00.")
    assert lead.last.labels()[0] == "👥 Mọi người trong Hội Trường Sơn TP Hà Nội"
    await lead.press("🏢 Một đơn vị và các đơn vị trực thuộc")
    assert lead.last.labels() == ["📂 Hội Trường Sơn TP Hà Nội", "↩️ Quay lại"]
    choose = lead.last
    n, tb, tw = await last_announcement(rig), await unit_id(rig, "TB"), await unit_id(rig, "TW")
    await lead.press_data(f"1|anb|{n}|{tb}|0", choose)
    await lead.press_data(f"1|anp|{n}|{tb}", choose)
    await lead.press_data(f"1|anp|{n}|{tw}", choose)
    assert (
        lead.callback_answers[-3:]
        == ["Xin lỗi, đơn vị này không thuộc phạm vi đồng chí phụ trách."] * 3
    )
    await lead.press("📂 Hội Trường Sơn TP Hà Nội")
    await lead.press("✅ Chọn: Hội Trường Sơn TP Hà Nội")
    card = lead.last.text or ""
    assert "Gửi đến: mọi người trong Hội Trường Sơn TP Hà Nội và các đơn vị trực thuộc" in card
    assert "3 người; 2 người nhận được qua Telegram." in card
    await lead.press("✅ Gửi")
    before = seen_counts(rig)
    await deliver(rig, now=later(seconds=1))
    assert sorted(pushed(rig, before)) == [MEMBER_HN, MEMBER_HN_2]
    assert rig.member_hn.last.text == (
        "📣 Thông báo của Hội Trường Sơn TP Hà Nội\n\nHọp chi hội sáng thứ Hai, 8:00."
    )


async def test_members_cannot_announce_nor_touch_someone_elses(rig: Rig) -> None:
    member = rig.member_hn
    await member.send("/thongbao Xin chào cả hội")
    assert (
        member.last.text == "Xin lỗi, lệnh này dành cho lãnh đạo hội hoặc cơ quan Trung ương Hội."
    )
    await rig.stranger.send("/thongbao")
    assert "Để tham gia" in (rig.stranger.last.text or "") or "Xin lỗi" in (
        rig.stranger.last.text or ""
    )
    await rig.admin.send(f"/thongbao {INVITATION}")
    await rig.admin.press("👥 Mọi hội viên")
    card, n = rig.admin.last, await last_announcement(rig)
    await member.send("/chidao")
    await member.press_data(f"1|an|{n}|send", card)
    await rig.lead_hn.send("/chidao")
    await rig.lead_hn.press_data(f"1|an|{n}|send", card)
    assert member.callback_answers[-1] == (
        "Xin lỗi, lệnh này dành cho lãnh đạo hội hoặc cơ quan Trung ương Hội."
    )
    assert rig.lead_hn.callback_answers[-1] == (
        "Thông báo này không phải của đồng chí, hoặc không còn nữa."
    )
    assert await rows(rig) == [], "nothing was queued"
