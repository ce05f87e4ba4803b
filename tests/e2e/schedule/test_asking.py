"""/lich as members ask it: grouped upcoming days, named ranges, buttons, paging, ICS."""

from __future__ import annotations

from datetime import date

from bot.schedule.ranges import next_quarter, week_of
from tests.fakes.calendar import add_item, in_days, today, vn
from tests.fakes.rig import Rig


async def test_upcoming_is_grouped_this_week_this_month_later(rig: Rig) -> None:
    now = today()
    await add_item(rig.db, "Họp chi hội hôm nay", vn(now), owner="HN", place="Nhà văn hóa")
    await add_item(rig.db, "Gặp mặt sau hai tháng", vn(in_days(60)), everyone=True)
    await add_item(rig.db, "Kiểm tra thi đua", "sẽ thông báo sau", owner="HN")
    await rig.member_hn.send("/lich")
    text = rig.member_hn.last.text or ""
    assert "Lịch — từ hôm nay" in text
    assert "Dành cho: Hội Trường Sơn TP Hà Nội" in text
    assert "Tuần này" in text and "Sau đó" in text
    assert text.index("Họp chi hội hôm nay") < text.index("Gặp mặt sau hai tháng")
    assert "📍 Nhà văn hóa" in text
    assert "📌 Ngày sẽ báo sau" in text and "Kiểm tra thi đua" in text
    assert text.index("Gặp mặt sau hai tháng") < text.index("Kiểm tra thi đua")
    labels = rig.member_hn.last.labels()
    for label in ("Tuần này", "Tháng này", "Quý này", "Quý sau", "🗓 Chọn tháng"):
        assert label in labels
    assert "#" not in text, "members do not need item numbers"


async def test_each_province_sees_its_own_and_everyones_items(rig: Rig) -> None:
    day = vn(in_days(3))
    await add_item(rig.db, "Việc của Hà Nội", day, owner="HN")
    await add_item(rig.db, "Việc của Thái Bình", day, owner="TB")
    await add_item(rig.db, "Việc của Trung ương cho tỉnh Thái Bình", day, units=("TB",))
    await add_item(rig.db, "Việc của toàn Hội", day, everyone=True)
    await add_item(rig.db, "Việc riêng của Hội Nữ", day, owner="NU")
    await rig.member_hn.send("/lich")
    hanoi = rig.member_hn.last.text or ""
    await rig.member_tb.send("/lich")
    thaibinh = rig.member_tb.last.text or ""
    assert "Việc của Hà Nội" in hanoi and "Việc của toàn Hội" in hanoi
    assert "Thái Bình" not in hanoi and "Hội Nữ" not in hanoi
    assert "Việc của Thái Bình" in thaibinh and "Việc của toàn Hội" in thaibinh
    assert "Việc của Trung ương cho tỉnh Thái Bình" in thaibinh
    assert "Hà Nội" not in thaibinh
    # The women's group of Thái Bình sits under both Thái Bình and the national women's group.
    women_tb = rig.person(1008)
    await women_tb.send("/lich")
    both = women_tb.last.text or ""
    assert "Việc của Thái Bình" in both and "Việc riêng của Hội Nữ" in both
    assert "Hà Nội" not in both


async def test_month_quarter_and_day_as_text(rig: Rig) -> None:
    year = today().year
    await add_item(rig.db, "Kỷ niệm 19/5", f"19/5/{year}", everyone=True)
    await add_item(rig.db, "Sơ kết quý II", f"quý 2/{year}", everyone=True)
    await add_item(rig.db, "Việc tháng 7", f"tháng 7/{year}", everyone=True)
    user = rig.member_hn
    await user.send("/lich tháng 5")
    text = user.last.text or ""
    assert f"Lịch — tháng 5/{year}" in text
    assert "Kỷ niệm 19/5" in text and "Sơ kết quý II" in text and "Việc tháng 7" not in text
    assert f"trong quý II/{year}" in text
    await user.send("/lich quý 2")
    text = user.last.text or ""
    assert f"quý II/{year}" in text and "Tháng 5" in text and "Tháng 4" in text
    await user.send("/lich 19/5")
    text = user.last.text or ""
    assert "Kỷ niệm 19/5" in text and "Việc tháng 7" not in text


async def test_fuzzy_items_show_where_their_period_overlaps(rig: Rig) -> None:
    await add_item(
        rig.db,
        "Kiểm tra thi đua",
        "dự kiến trong tháng 10, tháng 11/2020 (ngày, giờ cụ thể, sẽ điện thông báo sau)",
        owner="HN",
    )
    await add_item(rig.db, "Tuyên truyền", "T3+4;T11+12/2020", owner="HN")
    user = rig.member_hn
    await user.send("/lich tháng 11/2020")
    text = user.last.text or ""
    assert "dự kiến trong tháng 10–11/2020, ngày sẽ báo sau" in text
    assert "trong tháng 3–4, 11–12/2020" in text
    await user.send("/lich tháng 6/2020")
    text = user.last.text or ""
    assert "Kiểm tra thi đua" not in text and "Tuyên truyền" not in text
    assert "Không có lịch nào trong những ngày này." in text


async def test_range_buttons_and_month_picker(rig: Rig) -> None:
    now = today()
    week = week_of(now)
    await add_item(rig.db, "Việc trong tuần", vn(week.end), owner="HN")
    following = next_quarter(now)
    await add_item(rig.db, "Việc quý sau", vn(following.start), owner="HN")
    user = rig.member_hn
    await user.send("/lich")
    await user.press("Tuần này")
    text = user.last.text or ""
    assert "Lịch — tuần" in text and "Việc trong tuần" in text
    assert "Việc quý sau" not in text
    await user.press("Quý sau")
    assert "Việc quý sau" in (user.last.text or "")
    await user.press("🗓 Chọn tháng")
    assert f"năm {now.year}" in (user.last.text or "")
    await user.press(f"{now.year + 1} ▶")
    await user.press("Tháng 2")
    assert f"tháng 2/{now.year + 1}" in (user.last.text or "")
    assert len(user.seen) == 1, "buttons edit the one message in place"
    assert not user.unanswered_presses


async def test_long_answers_page_with_buttons_under_the_limit(rig: Rig) -> None:
    for day in range(1, 26):
        title = f"Hội nghị số {day:02d} " + "rất dài " * 30
        await add_item(rig.db, title, vn(date(2030, 3, day)), owner="HN", place="P" * 200)
    user = rig.member_hn
    await user.send("/lich tháng 3/2030")
    first = user.last.text or ""
    assert "Trang 1/" in first and "số 01" in first
    pages = int(first.split("Trang 1/")[1].split()[0])
    assert pages >= 4
    seen: set[int] = set()
    for page in range(1, pages + 1):
        text = user.last.text or ""
        assert len(text) < 4096 and len(user.last.raw.get("text", "")) < 4096
        assert f"Trang {page}/{pages}" in text
        shown = {n for n in range(1, 26) if f"số {n:02d} " in text}
        assert not shown & seen
        seen |= shown
        if page < pages:
            await user.press("Trang sau ▶")
    assert seen == set(range(1, 26)), "every item shows on exactly one page"
    await user.press("◀ Trang trước")
    assert f"Trang {pages - 1}/{pages}" in (user.last.text or "")


async def test_a_number_opens_the_item_and_forged_ones_are_refused(rig: Rig) -> None:
    day = vn(in_days(2))
    mine = await add_item(rig.db, "Họp Hà Nội", day, owner="HN", place="Hội trường")
    theirs = await add_item(rig.db, "Họp Thái Bình", day, owner="TB")
    user = rig.member_hn
    await user.send("/lich")
    assert "1. Họp Hà Nội" in user.last.labels(), "a button says what it opens"
    await user.press("1. Họp Hà Nội")
    card = user.last.text or ""
    assert "Họp Hà Nội" in card and "Địa điểm: Hội trường" in card
    assert "Liên quan: Hội Trường Sơn TP Hà Nội và các đơn vị trực thuộc" in card
    assert not user.last.buttons, "a member cannot change the item"
    for forged in (f"1|li|{theirs}", "1|li|999999", "1|li|abc"):
        await user.press_data(forged)
    assert user.callback_answers[-3:] == ["Nút này không còn dùng được. Xin gửi lại lệnh."] * 3
    assert "Họp Thái Bình" not in "".join(user.texts())
    assert mine


async def test_unreadable_days_get_examples(rig: Rig) -> None:
    await rig.member_hn.send("/lich hôm kia nữa")
    text = rig.member_hn.last.text or ""
    assert "Không đọc được “hôm kia nữa”" in text and "/lich tháng 5" in text


async def test_stranger_is_told_how_to_join(rig: Rig) -> None:
    await rig.stranger.send("/lich")
    assert "Để tham gia" in (rig.stranger.last.text or "")


async def test_ics_file_of_the_members_items(rig: Rig) -> None:
    await add_item(rig.db, "Gặp mặt; kỷ niệm, 19/5", vn(in_days(5)), owner="HN", place="Hà Nội")
    await add_item(rig.db, "Ngày truyền thống", "19/5/2020", everyone=True, recurring=True)
    await add_item(rig.db, "Việc Thái Bình", vn(in_days(5)), owner="TB")
    user = rig.member_hn
    await user.send("/lich ics")
    seen = user.last
    assert seen.document is not None and seen.document_name == "lich-hoi.ics"
    content = seen.document.content.decode()
    assert content.startswith("BEGIN:VCALENDAR\r\n") and content.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Gặp mặt\\; kỷ niệm\\, 19/5" in content
    assert "RRULE:FREQ=YEARLY" in content and "DTSTART;VALUE=DATE:20200519" in content
    assert "Việc Thái Bình" not in content
    assert "2 mục" in (seen.caption or "")
    await user.send("/lich")
    await user.press("📥 Lịch điện thoại")
    assert user.last.document_name == "lich-hoi.ics"
