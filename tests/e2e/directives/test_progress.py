"""Who received a directive and carried it out, by unit with drill-down; and the chasing of
units that stay silent, on a simulated clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app.jobs import JobContext
from bot.directives.chasing import run_chase
from tests.fakes.delivery import (
    ADMIN,
    LEAD_HN,
    LEAD_NU,
    LEAD_SD470,
    LEAD_TB,
    MEMBER_NU_TB,
    MEMBER_SD470,
    PLAN_2020,
    deliver,
    publish_text,
    pushed,
    rows,
    sample,
    seen_counts,
    unit_id,
)
from tests.fakes.rig import Rig


async def test_the_office_sees_progress_by_unit_and_drills_down_to_people(rig: Rig) -> None:
    await publish_text(rig, sample(PLAN_2020).decode())
    await rig.person(MEMBER_SD470).block()
    await deliver(rig)
    await rig.member_hn.press("✅ Đã nhận", rig.member_hn.last)
    await rig.lead_hn.press("🛠 Đã triển khai", rig.lead_hn.last)

    admin = rig.admin
    await admin.send("/chidao 72/HTS tiendo")
    view = admin.last.text or ""
    assert view.splitlines()[:8] == [
        "📊 Tiến độ Kế hoạch số 72/HTS",
        "Trung ương Hội",
        "",
        "Gửi đến 8 người: đã tới 6, đang chờ 0, lỗi 1, chưa dùng Telegram 1.",
        "Đã nhận: 2/8.",
        "Đã triển khai: 1/8 người phải thực hiện.",
        "Đơn vị đã xác nhận: 1/4.",
        "",
    ]
    assert view.splitlines()[8:] == [
        "Theo đơn vị:",
        "• Hội Nữ CSTS Việt Nam: ✅ 0/2 · 🛠 0/2",
        "• Hội Trường Sơn Sư đoàn 470: ✅ 0/2 · 🛠 0/2",
        "• Hội Trường Sơn TP Hà Nội: ✅ 2/4 · 🛠 1/4",
        "• Hội Trường Sơn tỉnh Thái Bình: ✅ 0/1 · 🛠 0/1",
    ]
    await admin.press("👥 Hội Trường Sơn TP Hà Nội")
    people = (admin.last.text or "").splitlines()
    assert people[0] == "👥 Kế hoạch số 72/HTS · Hội Trường Sơn TP Hà Nội"
    assert [line.split(":")[0] for line in people[2:]] == [
        "• Phạm Thị Dung",
        "• Trịnh Văn Minh",
        "• Lê Văn Cường",
        "• Trần Thị Bình",
    ], "those who have not confirmed come first"
    assert people[2].startswith("• Phạm Thị Dung: 📬 đã gửi tới ")
    assert people[3] == "• Trịnh Văn Minh: 📵 chưa dùng Telegram"
    assert people[4].startswith("• Lê Văn Cường: ✅ đã nhận ")
    assert people[5].startswith("• Trần Thị Bình: 🛠 đã triển khai ")
    await admin.press("↩️ Quay lại")
    await admin.press("📂 Hội Trường Sơn tỉnh Thái Bình")
    assert "• Hội Nữ CSTS tỉnh Thái Bình: ✅ 0/1 · 🛠 0/1" in (admin.last.text or "")
    await admin.press("⬆️ Lên cấp trên")
    await admin.press("👥 Hội Trường Sơn Sư đoàn 470")
    assert "• Đặng Văn Long: ❌ không gửi được" in (admin.last.text or "")
    await admin.press("↩️ Quay lại")
    await admin.press("🔄 Cập nhật")
    assert admin.last.text.startswith("📊 Tiến độ Kế hoạch số 72/HTS")  # type: ignore[union-attr]


async def test_a_lead_sees_only_their_own_units_and_a_member_none(rig: Rig) -> None:
    plan = await publish_text(rig, sample(PLAN_2020).decode())
    await deliver(rig)
    lead = rig.lead_hn
    await lead.send("/chidao 72/HTS tien do")
    view = (lead.last.text or "").splitlines()
    assert view[1] == "Hội Trường Sơn TP Hà Nội"
    assert view[3] == "Gửi đến 4 người: đã tới 3, đang chờ 0, lỗi 0, chưa dùng Telegram 1."
    tb, sd470 = await unit_id(rig, "TB"), await unit_id(rig, "SD470")
    await lead.press_data(f"1|dg|{plan.id}|{tb}|0", lead.last)
    await lead.press_data(f"1|dm|{plan.id}|{sd470}|0|{tb}", lead.last)
    assert (
        lead.callback_answers
        == [
            "Xin lỗi, đơn vị này không thuộc phạm vi đồng chí phụ trách.",
        ]
        * 2
    )
    await rig.member_hn.send("/chidao 72/HTS tiendo")
    assert rig.member_hn.last.text == (
        "Xin lỗi, lệnh này dành cho lãnh đạo hội hoặc cơ quan Trung ương Hội."
    )


async def test_silent_units_are_reminded_once_then_their_parents_are_told(rig: Rig) -> None:
    start = datetime.now(UTC)

    async def chase_at(delta: timedelta) -> dict[int, list[str]]:
        before = seen_counts(rig)
        moment = start + delta
        await run_chase(JobContext(rig.db, rig.app.bot, rig.settings, moment))
        await deliver(rig, now=moment + timedelta(days=1))
        return pushed(rig, before)

    await publish_text(rig, sample(PLAN_2020).decode(), at=start)
    await deliver(rig, now=start + timedelta(days=1))
    await rig.member_hn.press("✅ Đã nhận", rig.member_hn.last)

    assert await chase_at(timedelta(days=2, hours=23)) == {}, "not yet three days"
    reminded = await chase_at(timedelta(days=3, hours=1))
    assert sorted(reminded) == [LEAD_NU, MEMBER_NU_TB, LEAD_SD470], (
        "the leads of silent units, or everyone where the unit has no lead; not Hà Nội"
    )
    reminder = rig.person(LEAD_SD470).last
    assert reminder.text.startswith(  # type: ignore[union-attr]
        "⏰ Nhắc việc: đơn vị đồng chí chưa xác nhận đã nhận văn bản này."
    )
    assert reminder.labels() == ["✅ Đã nhận", "🛠 Đã triển khai", "📖 Xem toàn văn"]
    assert await chase_at(timedelta(days=3, hours=2)) == {}, "reminded once"

    told = await chase_at(timedelta(days=6, hours=2))
    assert sorted(told) == [ADMIN, LEAD_TB, LEAD_NU], "the leads of the parents"
    assert len(told[ADMIN]) == 2, "Sư đoàn 470 and Hội Nữ CSTS Việt Nam, both under the centre"
    assert told[LEAD_TB] == [
        "⚠️ Hội Nữ CSTS tỉnh Thái Bình chưa xác nhận đã nhận Kế hoạch số 72/HTS (gửi ngày "
        f"{(start + timedelta(hours=7)).day}/{(start + timedelta(hours=7)).month}/"
        f"{(start + timedelta(hours=7)).year}), dù đã được nhắc 3 ngày trước. "
        "Đề nghị đồng chí đôn đốc."
    ]
    assert rig.person(LEAD_TB).last.labels() == ["📊 Xem tiến độ"]
    await rig.person(LEAD_TB).press("📊 Xem tiến độ")
    assert "• Hội Nữ CSTS tỉnh Thái Bình: ✅ 0/1 · 🛠 0/1" in (rig.person(LEAD_TB).last.text or "")
    assert await chase_at(timedelta(days=12)) == {}, "told once"
    assert LEAD_HN not in told
    keys = [row.dedupe_key for row in await rows(rig, topic=None)]
    assert keys == [], "every chasing message has a topic"
