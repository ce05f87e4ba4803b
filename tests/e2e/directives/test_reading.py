"""Directives as members live with them: the push and its buttons, /chidao to list, search
and open them, and the full text."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import DirectiveReceipt, Member
from tests.fakes.delivery import (
    GUIDANCE_2024,
    LEAD_HN,
    MEMBER_HN,
    MEMBER_TB,
    PLAN_2020,
    deliver,
    publish_text,
    sample,
)
from tests.fakes.rig import Rig

NOTICE = """HỘI TRƯỜNG SƠN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: {number}/TB-HTS               Hà Nội, ngày {day} tháng 10 năm 2026

THÔNG BÁO
{title}

Thường trực Hội thông báo {title}. Đề nghị các đơn vị nắm được.

Nơi nhận:                              CHỦ TỊCH
- Hội Trường Sơn TP Hà Nội (để biết);
- Lưu VP.                               Võ Sở
"""


async def receipt(rig: Rig, telegram_id: int) -> DirectiveReceipt:
    async with rig.db.session() as session:
        query = (
            select(DirectiveReceipt)
            .join(Member, Member.id == DirectiveReceipt.member_id)
            .where(Member.telegram_user_id == telegram_id)
        )
        return (await session.execute(query)).scalar_one()


async def test_received_and_carried_out_are_recorded_once_per_member(rig: Rig) -> None:
    await publish_text(rig, sample(PLAN_2020).decode())
    await deliver(rig)
    member = rig.member_hn
    push = member.last
    await member.press("✅ Đã nhận", push)
    assert member.callback_answers[-1] == "Đã ghi nhận: đồng chí đã nhận văn bản. Xin cảm ơn!"
    assert push.labels() == ["✅ Đã nhận ✓", "🛠 Đã triển khai", "📖 Xem toàn văn"]
    first = (await receipt(rig, MEMBER_HN)).received_at
    assert first is not None
    await member.press("✅ Đã nhận ✓", push)
    assert member.callback_answers[-1] == "Đồng chí đã xác nhận nhận văn bản này rồi."
    assert (await receipt(rig, MEMBER_HN)).received_at == first, "the first time is kept"

    lead = rig.lead_hn
    await lead.press("🛠 Đã triển khai", lead.last)
    assert lead.callback_answers[-1] == "Đã ghi nhận: đơn vị đã triển khai. Xin cảm ơn!"
    done = await receipt(rig, LEAD_HN)
    assert done.received_at is not None and done.carried_out_at is not None, "implies received"
    assert lead.last.labels()[:2] == ["✅ Đã nhận ✓", "🛠 Đã triển khai ✓"]


async def test_buttons_are_checked_against_the_member_who_presses_them(rig: Rig) -> None:
    notice = await publish_text(rig, NOTICE.format(number=31, day=5, title="Lịch trực Tết"))
    await deliver(rig)
    member = rig.member_hn
    assert member.last.labels() == ["✅ Đã nhận", "📖 Xem toàn văn"], "for information"
    await member.press_data(f"1|dt|{notice.id}", member.last)
    assert member.callback_answers[-1] == ("Văn bản này chỉ để biết: bấm “Đã nhận” là đủ.")
    outsider = rig.member_tb
    await outsider.send("/chidao")
    await outsider.press_data(f"1|dn|{notice.id}", outsider.last)
    await outsider.press_data(f"1|dv|{notice.id}", outsider.last)
    await outsider.press_data("1|dn|99999", outsider.last)
    assert outsider.callback_answers == [
        "Văn bản này không gửi cho đồng chí nên không cần xác nhận.",
        "Văn bản này không gửi cho đồng chí.",
        "Văn bản này không gửi cho đồng chí nên không cần xác nhận.",
    ]
    assert (await receipt(rig, MEMBER_HN)).received_at is None


async def test_chidao_lists_newest_first_in_pages(rig: Rig) -> None:
    for day in range(1, 8):
        await publish_text(rig, NOTICE.format(number=day, day=day, title=f"Việc số {day}"))
    member = rig.member_hn
    await member.send("/chidao")
    page = member.last
    assert page.text.startswith("📚 Văn bản chỉ đạo gửi đồng chí (trang 1/2):")  # type: ignore[union-attr]
    assert "1. 7/TB-HTS · 7/10/2026 Việc số 7" in (page.text or "")
    assert page.labels()[-1] == "Cũ hơn ▶"
    await member.press("Cũ hơn ▶")
    assert "6. 2/TB-HTS · 2/10/2026 Việc số 2" in (member.last.text or "")
    assert member.last.labels()[-1] == "◀ Mới hơn"
    await member.press("2/TB-HTS · Việc số 2")
    opened = member.last.text or ""
    assert opened.startswith("📄 THÔNG BÁO số 2/TB-HTS ngày 2/10/2026\nViệc số 2")
    assert "Người ký: CHỦ TỊCH — Võ Sở" in opened and "👉 Để biết." in opened

    await rig.member_tb.send("/chidao")
    assert rig.member_tb.last.text == "Chưa có văn bản nào gửi đồng chí."


async def test_search_ignores_accents_and_case_and_only_finds_ones_own(rig: Rig) -> None:
    await publish_text(rig, sample(PLAN_2020).decode())
    await publish_text(rig, sample(GUIDANCE_2024).decode(), number="05/HD-CCB")
    member = rig.member_hn
    for words in ("tìm Dân vận 2024", "tim dan van 2024", "TÌM DÂN VẬN 2024", "tìm 05/hd"):
        await member.send(f"/chidao {words}")
        found = member.last.text or ""
        assert found.startswith("🔎 1 văn bản khớp với"), words
        assert "05/HD-CCB · 12/1/2024 Công tác Dân vận năm 2024" in found, words
    await member.send("/chidao tim thi dua khen thuong")
    assert "72/HTS · 8/9/2020 Kiểm tra, nắm tình hình" in (member.last.text or "")
    await member.send("/chidao tìm Điện Biên Phủ")
    assert "05/HD-CCB" in (member.last.text or ""), "the body is searched too"
    await member.send("/chidao tìm bóng đá")
    assert member.last.text == (
        "Không có văn bản nào khớp với “bóng đá”. Xin thử ít từ hơn hoặc từ khác."
    )
    await member.send("/chidao tìm khai")
    await member.send("/chidao tìm ai")
    assert member.last.text.startswith("Không có"), "a word is found by its beginning"
    await member.send("/chidao tìm")
    assert member.last.text == "Xin gõ từ cần tìm, ví dụ: /chidao tìm thi đua"

    outsider = rig.person(MEMBER_TB)
    await outsider.send("/chidao tìm 72/HTS")
    assert outsider.last.text.startswith("Không có văn bản nào"), "not sent to Thái Bình"  # type: ignore[union-attr]
    await rig.admin.send("/chidao tìm 72/HTS")
    assert rig.admin.last.text.startswith("🔎 1 văn bản"), "the office sees every one"  # type: ignore[union-attr]


async def test_one_directive_opens_by_number_with_its_file_and_full_text(rig: Rig) -> None:
    await rig.admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    await rig.admin.press("✅ Phát hành")
    await rig.admin.press("✅ Phát hành ngay")
    member = rig.member_hn
    await member.send("/chidao 72/hts")
    detail, file = member.seen[-2:]
    assert detail.text.startswith("📄 KẾ HOẠCH số 72/HTS ngày 8/9/2020")  # type: ignore[union-attr]
    assert file.document_name == "ke-hoach.txt"
    before = len(member.seen)
    await member.press("📖 Xem toàn văn", detail)
    parts = [s.text or "" for s in member.seen[before:]]
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("Kế hoạch số 72/HTS (1/")
    assert "Trưởng Đoàn kiểm tra tóm tắt" in "".join(parts)

    await member.send("/chidao 99/XYZ")
    assert member.last.text == "Không tìm thấy văn bản số 99/XYZ."
    await member.send("/chidao huongdan")
    assert member.last.text.startswith("Cách dùng /chidao:")
    await rig.stranger.send("/chidao")
    assert "Để tham gia" in (rig.stranger.last.text or "")


async def test_an_odd_directive_number_is_not_found_rather_than_an_error(rig: Rig) -> None:
    for reference in ("#²", "#" + "9" * 23):
        await rig.member_hn.send(f"/chidao {reference}")
        assert "Không tìm thấy văn bản số" in (rig.member_hn.last.text or ""), reference
