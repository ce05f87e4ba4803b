"""Leads and admins keep the calendar: the guided flow, the one-line form, changes, cancels."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import (
    ItemAudience,
    ItemStatus,
    Member,
    ScheduleAudience,
    ScheduleDraft,
    ScheduleItem,
)
from storage.people.units import get_unit_by_code
from tests.fakes.calendar import add_item, deliveries, get, in_days, today, vn
from tests.fakes.rig import Rig

NEXT_YEAR = today().year + 1


async def _draft_step(rig: Rig, telegram_id: int) -> str | None:
    async with rig.db.session() as session:
        query = (
            select(ScheduleDraft.step)
            .join(Member, Member.id == ScheduleDraft.member_id)
            .where(Member.telegram_user_id == telegram_id)
        )
        return (await session.execute(query)).scalar_one_or_none()


async def _unit_id(rig: Rig, code: str) -> int:
    async with rig.db.session() as session:
        unit = await get_unit_by_code(session, code)
        assert unit is not None
        return unit.id


async def _items(rig: Rig) -> list[ScheduleItem]:
    async with rig.db.session() as session:
        return list(
            (await session.execute(select(ScheduleItem).order_by(ScheduleItem.id))).scalars()
        )


async def test_lead_adds_an_item_step_by_step(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi")
    assert "Nội dung công việc là gì?" in (lead.last.text or "")
    assert await _draft_step(rig, 1002) == "title"
    await lead.send("Gặp mặt kỷ niệm ngày truyền thống")
    assert "Thời gian khi nào?" in (lead.last.text or "")
    assert lead.last.labels() == ["📌 Ngày sẽ báo sau", "❌ Bỏ qua"]
    assert await _draft_step(rig, 1002) == "period"
    await lead.send("hôm nào đó")
    assert "Không hiểu thời gian “hôm nào đó”" in (lead.last.text or "")
    assert await _draft_step(rig, 1002) == "period", "a bad answer loses nothing"
    await lead.send(f"8h00 ngày 19/5/{NEXT_YEAR}")
    echo = lead.last.text or ""
    assert f"Tôi hiểu thời gian là: 19/5/{NEXT_YEAR}" not in echo
    assert f"19/5/{NEXT_YEAR}, 8h00" in echo and "Đúng không" in echo
    assert "🔁 Lặp lại hằng năm: không" in lead.last.labels()
    await lead.press("✅ Đúng")
    labels = lead.last.labels()
    assert "👥 Hội Trường Sơn TP Hà Nội và cấp dưới" in labels
    assert "🌐 Toàn Hội" not in labels, "only admins speak to everyone"
    await lead.press("👥 Hội Trường Sơn TP Hà Nội và cấp dưới")
    card = lead.last.text or ""
    assert "Lịch mới (chưa lưu)" in card
    assert "Liên quan: Hội Trường Sơn TP Hà Nội và các đơn vị trực thuộc" in card
    await lead.press("📍 Địa điểm")
    await lead.send("Hội trường Thành hội")
    assert "Địa điểm: Hội trường Thành hội" in (lead.last.text or "")
    assert await _draft_step(rig, 1002) == "confirm"
    await lead.press("✅ Lưu lịch")
    assert "✅ Đã lưu, số #" in (lead.last.text or "")
    assert await _draft_step(rig, 1002) is None
    (item,) = await _items(rig)
    assert (item.title, item.place, item.precision) == (
        "Gặp mặt kỷ niệm ngày truyền thống",
        "Hội trường Thành hội",
        "datetime",
    )
    assert item.audience is ItemAudience.SUBTREE and item.status is ItemStatus.PLANNED
    await rig.member_hn.send(f"/lich tháng 5/{NEXT_YEAR}")
    assert "Gặp mặt kỷ niệm ngày truyền thống" in (rig.member_hn.last.text or "")
    await rig.member_tb.send(f"/lich tháng 5/{NEXT_YEAR}")
    assert "Gặp mặt kỷ niệm" not in (rig.member_tb.last.text or "")


async def test_admin_picks_units_or_everyone(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/lichmoi")
    await admin.send("Kiểm tra thi đua")
    await admin.press("📌 Ngày sẽ báo sau")
    assert "🌐 Toàn Hội" in admin.last.labels()
    await admin.press("☑️ Chọn đơn vị…")
    labels = admin.last.labels()
    assert "▫️ Hội Trường Sơn TP Hà Nội" in labels and "▫️ Hội Trường Sơn tỉnh Thái Bình" in labels
    await admin.press("▫️ Hội Trường Sơn TP Hà Nội")
    await admin.press("▫️ Hội Trường Sơn tỉnh Thái Bình")
    await admin.press("✅ Hội Trường Sơn tỉnh Thái Bình")
    await admin.press("▫️ Hội Trường Sơn tỉnh Thái Bình")
    await admin.press("✔️ Xong (đã chọn 2)")
    card = admin.last.text or ""
    assert "Liên quan: Hội Trường Sơn TP Hà Nội, Hội Trường Sơn tỉnh Thái Bình" in card
    assert "ngày sẽ báo sau" in card
    await admin.press("✅ Lưu lịch")
    (item,) = await _items(rig)
    assert item.audience is ItemAudience.UNITS and item.status is ItemStatus.TO_BE_ANNOUNCED
    async with rig.db.session() as session:
        query = select(ScheduleAudience.unit_id).where(ScheduleAudience.item_id == item.id)
        assert len((await session.execute(query)).all()) == 2
    await rig.member_tb.send("/lich")
    assert "Kiểm tra thi đua" in (rig.member_tb.last.text or "")
    assert not admin.unanswered_presses


async def test_a_lead_cannot_reach_beyond_their_units(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi")
    await lead.send("Việc")
    await lead.send(f"19/5/{NEXT_YEAR}")
    await lead.press("✅ Đúng")
    await lead.press_data("1|ld|all")
    await lead.press_data(f"1|ld|mine|{await _unit_id(rig, 'TB')}")
    assert lead.callback_answers[-2:] == [
        "Chỉ cơ quan Trung ương Hội mới thêm được lịch cho toàn Hội.",
        "Xin lỗi, đơn vị này không thuộc phạm vi đồng chí phụ trách.",
    ]
    assert await _draft_step(rig, 1002) == "units"
    await rig.member_hn.send("/lichmoi")
    assert "dành cho lãnh đạo hội" in (rig.member_hn.last.text or "")


async def test_one_line_form_with_confirmation(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send(
        f"/lichmoi 19/5/{NEXT_YEAR} | Gặp mặt kỷ niệm | Hội trường tỉnh | Văn phòng Thành hội"
    )
    card = lead.last.text or ""
    assert "Nội dung: Gặp mặt kỷ niệm" in card and "Địa điểm: Hội trường tỉnh" in card
    assert "Phụ trách: Văn phòng Thành hội" in card
    await lead.press("✅ Lưu lịch")
    (item,) = await _items(rig)
    assert (item.place, item.responsible) == ("Hội trường tỉnh", "Văn phòng Thành hội")
    await lead.send(f"/lichmoi hằng năm 27/7/{today().year} | Ngày Thương binh – Liệt sĩ")
    assert "(hằng năm)" in (lead.last.text or "")
    await lead.press("✅ Lưu lịch")
    yearly = (await _items(rig))[-1]
    assert yearly.recurring and yearly.month_day == 727
    await rig.member_hn.send(f"/lich 27/7/{today().year + 3}")
    assert "Ngày Thương binh – Liệt sĩ" in (rig.member_hn.last.text or "")


async def test_one_line_form_explains_mistakes(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi chỉ có một phần")
    assert "Viết trên một dòng" in (lead.last.text or "")
    await lead.send("/lichmoi mai kia | Họp")
    assert "Không hiểu thời gian “mai kia”" in (lead.last.text or "")
    await lead.send(f"/lichmoi hằng năm tháng 7/{NEXT_YEAR} | Họp")
    assert "Chỉ việc có ngày cụ thể mới lặp lại hằng năm" in (lead.last.text or "")
    assert await _items(rig) == []


async def test_changing_the_time_tells_the_units_members_only(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Họp Thành hội", vn(in_days(10)), owner="HN")
    await add_item(rig.db, "Họp Thái Bình", vn(in_days(10)), owner="TB")
    lead = rig.lead_hn
    new_day = in_days(12)
    await lead.send(f"/lichsua {item_id} | {vn(new_day)}")
    assert f"Đã sửa lịch #{item_id}" in (lead.last.text or "")
    assert "Hội viên liên quan sẽ được báo." in (lead.last.text or "")
    queued = await deliveries(rig.db)
    assert sorted(d.chat_id for d in queued) == [1003, 1004], "HN members, not the lead herself"
    assert all("Lịch thay đổi" in d.text and vn(new_day) in d.text for d in queued)
    assert all("(trước đây:" in d.text for d in queued)
    assert len({d.dedupe_key for d in queued}) == 2
    assert (await get(rig.db, item_id)).start_on == new_day


async def test_changing_through_the_card_buttons(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Họp Thành hội", vn(in_days(10)), owner="HN")
    lead = rig.lead_hn
    await lead.send(f"/lichsua {item_id}")
    assert lead.last.labels() == [
        "🕒 Đổi thời gian",
        "✏️ Đổi nội dung",
        "📍 Đổi địa điểm",
        "✅ Đã xong",
        "🚫 Hủy lịch",
    ]
    await lead.press("🕒 Đổi thời gian")
    await lead.send(f"14h00 ngày {vn(in_days(11))}")
    assert "Tôi hiểu thời gian là" in (lead.last.text or "")
    await lead.press("✅ Đúng")
    assert f"Đã sửa lịch #{item_id}" in (lead.last.text or "")
    item = await get(rig.db, item_id)
    assert item.start_on == in_days(11) and item.at_time is not None and item.at_time.hour == 14
    await lead.send(f"/lichsua {item_id}")
    await lead.press("📍 Đổi địa điểm")
    await lead.send("Nhà văn hóa quận")
    assert (await get(rig.db, item_id)).place == "Nhà văn hóa quận"
    await lead.send(f"/lichsua {item_id}")
    await lead.press("✏️ Đổi nội dung")
    await lead.send("Họp Thành hội mở rộng")
    assert (await get(rig.db, item_id)).title == "Họp Thành hội mở rộng"
    assert len(await deliveries(rig.db)) == 3 * 2, "three changes, two members each"


async def test_a_date_that_becomes_fixed_is_announced(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Kiểm tra thi đua", "sẽ thông báo sau", owner="HN")
    await rig.lead_hn.send(f"/lichsua {item_id} | 9h00 ngày {vn(in_days(20))}")
    queued = await deliveries(rig.db)
    assert sorted(d.chat_id for d in queued) == [1003, 1004]
    assert all("Đã có ngày cụ thể" in d.text for d in queued)
    assert (await get(rig.db, item_id)).status is ItemStatus.PLANNED


async def test_cancelling_asks_then_tells_the_members_concerned(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Gặp mặt", vn(in_days(5)), owner="HN")
    await rig.lead_tb.send(f"/lichhuy {item_id}")
    assert "thuộc đơn vị đồng chí không phụ trách" in (rig.lead_tb.last.text or "")
    lead = rig.lead_hn
    await lead.send(f"/lichhuy {item_id}")
    assert "Hội viên liên quan sẽ được báo" in (lead.last.text or "")
    await lead.press("Không")
    assert (await get(rig.db, item_id)).status is ItemStatus.PLANNED
    await lead.send(f"/lichhuy {item_id}")
    await lead.press("🚫 Có, hủy lịch")
    assert f"Đã hủy lịch #{item_id}" in (lead.last.text or "")
    assert (await get(rig.db, item_id)).status is ItemStatus.CANCELLED
    queued = await deliveries(rig.db)
    assert sorted(d.chat_id for d in queued) == [1003, 1004]
    assert all("Đã hủy" in d.text for d in queued)
    await rig.member_hn.send("/lich")
    assert "Gặp mặt" not in (rig.member_hn.last.text or "")
    await lead.send(f"/lichhuy {item_id}")
    assert "đã bị hủy" in (lead.last.text or "")


async def test_an_admin_cancelling_an_item_for_everyone_tells_everyone(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Đại hội", vn(in_days(30)), everyone=True)
    await rig.admin.send(f"/lichhuy {item_id}")
    await rig.admin.press("🚫 Có, hủy lịch")
    chats = sorted(d.chat_id for d in await deliveries(rig.db))
    assert chats == list(range(1002, 1011)), "every bound member but the admin who cancelled"


async def test_marking_done(rig: Rig) -> None:
    item_id = await add_item(rig.db, "Tổng kết", vn(in_days(1)), owner="HN")
    await rig.lead_hn.send(f"/lichxong {item_id}")
    assert f"Đã đánh dấu lịch #{item_id}" in (rig.lead_hn.last.text or "")
    await rig.member_hn.send("/lich")
    assert "Tổng kết" in (rig.member_hn.last.text or "")
    assert "✅ đã xong" in (rig.member_hn.last.text or "")
    assert await deliveries(rig.db) == []
    await rig.lead_hn.send("/lichxong abc")
    assert "Lịch số mấy?" in (rig.lead_hn.last.text or "")
    await rig.lead_hn.send("/lichxong 99999")
    assert "Không có lịch số #99999" in (rig.lead_hn.last.text or "")


async def test_abandoning_a_flow(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi")
    await lead.press("❌ Bỏ qua")
    assert "chưa lưu gì" in (lead.last.text or "")
    assert await _draft_step(rig, 1002) is None
    await lead.send("xin chào")
    assert "/help" in (lead.last.text or ""), "without a flow, text goes to the usual hint"


async def test_long_answers_are_cut_to_what_the_columns_hold(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send(f"/lichmoi 19/5/{NEXT_YEAR} | {'Họp ' * 300}| {'Hội trường ' * 40}")
    await lead.press("✅ Lưu lịch")
    (item,) = await _items(rig)
    assert item.place is not None and len(item.place) == 255
    await lead.send(f"/lichsua {item.id}")
    await lead.press("📍 Đổi địa điểm")
    await lead.send("Nhà văn hóa " * 40)
    assert len((await get(rig.db, item.id)).place or "") == 255


async def test_another_command_means_the_lead_moved_on(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi")
    await lead.send("/toi")
    assert await _draft_step(rig, 1002) is None
    await lead.send("Gặp mặt")
    assert "/help" in (lead.last.text or ""), "the text is not taken as a title any more"
    await lead.send("/lichmoi")
    await lead.send("/lich")
    assert await _draft_step(rig, 1002) == "title", "the calendar's own commands keep it"


async def test_odd_numbers_after_a_command_get_the_usage_not_an_error(rig: Rig) -> None:
    lead = rig.lead_hn
    huge = "9" * 23
    for command in ("/lichsua ²", "/lichhuy ²", f"/lichsua {huge}", f"/lichxong {huge}"):
        await lead.send(command)
        assert "Lịch số mấy?" in (lead.last.text or ""), command
    await lead.send("/lichxong #2147483648")
    assert "Lịch số mấy?" in (lead.last.text or ""), "past the database's integer"
