"""Publishing a directive in the chat: both sample documents, fixing fields with buttons and
replies, choosing recipients, and who may publish at all."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.app.application import build_application, start_polling, stop_polling
from bot.fakeapi import FakeTelegram
from storage.db import Database
from storage.models import Directive, DirectiveFile, DirectiveReceipt, DirectiveState
from tests.fakes.delivery import (
    GUIDANCE_2024,
    LEAD_HN,
    LEAD_NU,
    LEAD_SD470,
    LEAD_TB,
    MEMBER_HN,
    MEMBER_HN_2,
    MEMBER_NU_TB,
    MEMBER_SD470,
    MEMBER_TB,
    PLAN_2020,
    deliver,
    publish_text,
    pushed,
    sample,
    seen_counts,
)
from tests.fakes.rig import Rig, rig_settings


def pieces(text: str, size: int = 3900) -> list[str]:
    """Text cut at line ends into messages Telegram accepts, as a phone splits a long paste."""
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        if current and len(current) + len(line) > size:
            parts.append(current)
            current = ""
        current += line
    return [*parts, current]


async def directives(rig: Rig) -> list[Directive]:
    async with rig.db.session() as session:
        return list((await session.execute(select(Directive).order_by(Directive.id))).scalars())


async def test_plan_2020_sent_as_a_file_is_read_right_and_reaches_the_units_it_names(
    rig: Rig,
) -> None:
    admin = rig.admin
    await admin.send_document("ke-hoach-72-HTS.txt", sample(PLAN_2020), mime_type="text/plain")
    card = admin.last.text or ""
    for line in (
        "Loại: Kế hoạch",
        "Số: 72/HTS",
        "Nơi ban hành: Hà Nội",
        "Ngày: 8/9/2020",
        "Tiêu đề: Kiểm tra, nắm tình hình công tác Thi đua khen thưởng năm 2020",
        "Người ký: TM- BAN CHẤP HÀNH / CHỦ TỊCH — Thiếu tướng Võ Sở",
        "Tệp đính kèm: ke-hoach-72-HTS.txt",
        " • Các Hội, BLL có tên trên",
        " 1. Hội Trường Sơn TP Hà Nội (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        " 2. Hội Trường Sơn Sư đoàn 470 (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        " 3. Hội Nữ CSTS Việt Nam (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        " 4. Hội Nữ CSTS tỉnh Thái Bình (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        " → 8 người (7 người nhận được qua Telegram)",
    ):
        assert line in card.splitlines(), line
    assert "Không thấy trong danh sách đơn vị: Hội Trường Sơn thành phố Hải Phòng;" in card
    assert "Còn thiếu" not in card, "every field was found"
    assert "Tóm tắt: Năm 2020, công tác Thi đua – Khen thưởng" in card

    await admin.press("✅ Phát hành")
    assert admin.last.text == (
        "Phát hành Kế hoạch số 72/HTS đến 8 người (7 người dùng Telegram)?\n"
        "Đã phát hành thì không sửa được nữa."
    )
    await admin.press("✅ Phát hành ngay")
    assert "✅ Đã phát hành Kế hoạch số 72/HTS, gửi đến 8 người." in (admin.last.text or "")
    assert "/chidao 72/HTS tiendo" in (admin.last.text or "")

    before = seen_counts(rig)
    await deliver(rig)
    got = pushed(rig, before)
    assert sorted(got) == sorted(
        [LEAD_HN, MEMBER_HN, MEMBER_HN_2, LEAD_NU, MEMBER_NU_TB, LEAD_SD470, MEMBER_SD470]
    ), "exactly the members of the units it names"
    push = rig.member_hn.last
    assert push.document_name == "ke-hoach-72-HTS.txt"
    assert push.shown.startswith(
        "📄 KẾ HOẠCH số 72/HTS ngày 8/9/2020\n"
        "Kiểm tra, nắm tình hình công tác Thi đua khen thưởng năm 2020\n\nNăm 2020,"
    )
    assert "👉 Để thực hiện: khi đơn vị đã triển khai xong, xin bấm “Đã triển khai”." in push.shown
    assert push.labels() == ["✅ Đã nhận", "🛠 Đã triển khai", "📖 Xem toàn văn"]

    (stored,) = await directives(rig)
    assert (stored.state, stored.kind, stored.number) == (
        DirectiveState.PUBLISHED,
        "Kế hoạch",
        "72/HTS",
    )
    assert (stored.place, stored.issued_on, stored.signer_name) == (
        "Hà Nội",
        date(2020, 9, 8),
        "Thiếu tướng Võ Sở",
    )
    async with rig.db.session() as session:
        receipts = (
            await session.execute(select(func.count()).select_from(DirectiveReceipt))
        ).scalar_one()
    assert receipts == 8, "the member not yet on Telegram is a recipient too"


async def test_guidance_2024_pasted_in_pieces_is_read_and_its_missing_number_filled_in(
    rig: Rig,
) -> None:
    admin = rig.admin
    first, *rest = pieces(sample(GUIDANCE_2024).decode("utf-8"))
    assert rest, "the guidance is longer than one Telegram message"
    await admin.send("/vanban " + first)
    for part in rest:
        await admin.send(part)
        assert admin.last.text.startswith("Đã nhận ")  # type: ignore[union-attr]
    assert admin.last.labels() == ["📖 Đọc văn bản", "✖️ Huỷ"]
    await admin.press("📖 Đọc văn bản")
    card = admin.last.text or ""
    for line in (
        "Loại: Hướng dẫn",
        "Số: chưa tìm thấy",
        "Nơi ban hành: Hà Nội",
        "Ngày: 12/1/2024",
        "Tiêu đề: Công tác Dân vận năm 2024",
        "Người ký: KT/CHỦ TỊCH / PHÓ CHỦ TỊCH — Khuất Việt Dũng",
        "Tệp đính kèm: —",
        " • 63 tỉnh, thành, hội doanh nhân CCBVN, khối 487",
        " 1. mọi hội tỉnh / thành phố · mọi hội viên · để thực hiện",
        "⚠️ Còn thiếu: số văn bản",
    ):
        assert line in card.splitlines(), line
    assert "Ban Dân vận TW; Đảng ủy khối các cơ quan TW; Thường trực TW hội" in card

    await admin.press("Số")
    assert admin.last.text == "Xin gửi số văn bản, ví dụ: 72/HTS"
    await admin.send("số năm")
    assert admin.last.text == "“số năm” không giống số văn bản. Ví dụ: 72/HTS hoặc 09/KH-HTS."
    await admin.send("05 / HD-CCB")
    card = admin.last.text or ""
    assert "Số: 05/HD-CCB" in card and "Còn thiếu" not in card
    await admin.press("✅ Phát hành")
    await admin.press("✅ Phát hành ngay")

    before = seen_counts(rig)
    await deliver(rig)
    got = pushed(rig, before)
    assert sorted(got) == [LEAD_HN, MEMBER_HN, MEMBER_HN_2, LEAD_TB, MEMBER_TB]
    push = rig.person(MEMBER_TB).last
    assert push.kind == "text", "pasted text has no file to send"
    assert push.text.startswith(  # type: ignore[union-attr]
        "📄 HƯỚNG DẪN số 05/HD-CCB ngày 12/1/2024\nCông tác Dân vận năm 2024"
    )


async def test_fields_and_recipients_are_fixed_with_buttons_and_replies(
    rig: Rig,
) -> None:
    admin = rig.admin
    await admin.send("/vanban Kính gửi các đồng chí: họp giao ban quý IV vào sáng thứ Hai.")
    await admin.press("📖 Đọc văn bản")
    card = admin.last.text or ""
    assert "Loại: chưa tìm thấy" in card and "Tiêu đề: chưa tìm thấy" in card
    assert "⚠️ Còn thiếu: loại văn bản, số văn bản, ngày ban hành, tiêu đề, người ký" in card

    await admin.press("Loại")
    assert admin.last.labels()[:6] == [
        "Báo cáo", "Kế hoạch", "Hướng dẫn", "Công văn", "Quyết định", "Thông báo",
    ]  # fmt: skip
    await admin.press("Thông báo")
    await admin.press("Tiêu đề")
    await admin.send("Họp giao ban quý IV")

    await admin.press("Nơi, ngày")
    await admin.send("hôm qua")
    assert admin.last.text.startswith("Không đọc được ngày trong “hôm qua”.")  # type: ignore[union-attr]
    await admin.send("Hà Nội, ngày 2 tháng 10 năm 2026")
    await admin.press("Người ký")
    await admin.send("CHÁNH VĂN PHÒNG\nNguyễn Văn An")
    card = admin.last.text or ""
    for line in (
        "Loại: Thông báo",
        "Tiêu đề: Họp giao ban quý IV",
        "Nơi ban hành: Hà Nội",
        "Ngày: 2/10/2026",
        "Người ký: CHÁNH VĂN PHÒNG — Nguyễn Văn An",
        "⚠️ Còn thiếu: số văn bản",
    ):
        assert line in card.splitlines(), line

    await admin.press("✅ Phát hành")
    assert admin.callback_answers[-1] == "Chưa phát hành được: chưa chọn nơi nhận."

    await admin.press("👥 Nơi nhận")
    await admin.press("➕ Một đơn vị")
    assert admin.last.labels() == ["📂 Trung ương Hội", "↩️ Quay lại"]
    await admin.press("📂 Trung ương Hội")
    await admin.press("📂 Hội Trường Sơn tỉnh Thái Bình")
    await admin.press("✅ Chọn: Hội Trường Sơn tỉnh Thái Bình")
    await admin.press("Đơn vị này và mọi đơn vị trực thuộc")
    await admin.press("➕ Mọi đơn vị một loại")
    await admin.press("đơn vị truyền thống")
    text = admin.last.text or ""
    assert "1. Hội Trường Sơn tỉnh Thái Bình và các đơn vị trực thuộc · mọi hội viên" in text
    assert "2. mọi đơn vị truyền thống · mọi hội viên · để thực hiện" in text
    assert "5 người (5 người nhận được qua Telegram)" in text
    await admin.press("✏️ Sửa dòng 2")
    await admin.press("⚪ Chỉ lãnh đạo")
    await admin.press("⚪ Để biết")
    assert admin.last.labels()[:4] == [
        "⚪ Mọi hội viên",
        "🔘 Chỉ lãnh đạo",
        "⚪ Để thực hiện",
        "🔘 Để biết",
    ]
    await admin.press("↩️ Quay lại")
    assert "2. mọi đơn vị truyền thống · chỉ lãnh đạo · để biết" in (admin.last.text or "")
    await admin.press("↩️ Về bản nháp")
    await admin.press("📎 Đính kèm tệp")
    await admin.send_photo(b"\x89PNG-agenda", caption=None)
    assert "Tệp đính kèm: ảnh" in (admin.last.text or "")
    await admin.press("✅ Phát hành")
    await admin.press("✅ Phát hành ngay")

    before = seen_counts(rig)
    await deliver(rig)
    got = pushed(rig, before)
    assert sorted(got) == [LEAD_TB, MEMBER_TB, MEMBER_NU_TB, LEAD_SD470]
    assert rig.person(LEAD_SD470).last.labels() == ["✅ Đã nhận", "📖 Xem toàn văn"], "to inform"
    assert rig.person(MEMBER_TB).last.photo is not None


async def test_a_draft_and_its_question_survive_a_restart(
    fake: FakeTelegram, demo_db: Database
) -> None:
    settings = rig_settings(fake, demo_db)
    first = build_application(settings, demo_db)
    await start_polling(first, poll_timeout=1)
    fake.attach(first)
    admin = Rig(fake, first, demo_db, settings).admin
    await admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    await admin.press("Nơi, ngày")
    await stop_polling(first)

    second = build_application(settings, demo_db)
    await start_polling(second, poll_timeout=1)
    fake.attach(second)
    try:
        await admin.send("Hà Nội, 9/9/2020")
        assert "Ngày: 9/9/2020" in (admin.last.text or "")
        assert "Số: 72/HTS" in (admin.last.text or ""), "the draft read before the restart"
    finally:
        await stop_polling(second)
    assert not fake.rejected


async def test_a_document_without_text_is_attached_and_its_fields_asked_for(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document("scan.jpg", b"\xff\xd8\xff-not-text", mime_type="image/jpeg")
    assert admin.last.text.startswith(  # type: ignore[union-attr]
        "Đã đính kèm tệp, nhưng không đọc được nội dung: Chưa đọc được tệp 'scan.jpg'"
    )
    await admin.press("📖 Đọc văn bản")
    card = admin.last.text or ""
    assert "Tệp đính kèm: scan.jpg" in card and "Tiêu đề: chưa tìm thấy" in card
    async with rig.db.session() as session:
        files = (await session.execute(select(DirectiveFile.file_name))).scalars().all()
    assert files == ["scan.jpg"]


async def test_only_the_central_office_publishes(rig: Rig) -> None:
    for person in (rig.member_hn, rig.lead_hn):
        await person.send("/vanban")
        assert person.last.text == (
            "Xin lỗi, chỉ cơ quan Trung ương Hội mới phát hành được văn bản."
        )
        await person.send_document("ke-hoach.txt", sample(PLAN_2020), caption="Phát hành giúp")
        assert "/help" in (person.last.text or ""), "a file from a member is not a directive"
    assert await directives(rig) == []

    await rig.admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    (draft,) = await directives(rig)
    member = rig.member_hn
    await member.press_data(f"1|dd|{draft.id}|ok", rig.admin.last)
    await member.press_data(f"1|dd|{draft.id}|drop", rig.admin.last)
    assert (
        member.callback_answers
        == ["Xin lỗi, chỉ cơ quan Trung ương Hội mới phát hành được văn bản."] * 2
    )
    (draft,) = await directives(rig)
    assert draft.state is DirectiveState.DRAFT, "nothing happened to the draft"


async def test_dropping_a_draft_sends_nothing(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    await admin.press("🗑 Bỏ bản nháp")
    assert admin.last.text == "Đã bỏ bản nháp. Chưa gửi gì."
    (draft,) = await directives(rig)
    assert draft.state is DirectiveState.DISCARDED
    await admin.press_data(f"1|dd|{draft.id}|pub", admin.last)
    assert admin.callback_answers[-1] == (
        "Văn bản này không còn là bản nháp: đã phát hành hoặc đã bỏ."
    )
    assert (await deliver(rig)).claimed == 0


async def test_vanban_then_a_file_and_a_caption_when_the_file_has_no_text(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/vanban")
    assert admin.last.text.startswith("📄 Xin gửi văn bản cần phát hành")  # type: ignore[union-attr]
    await admin.send_document("huong-dan.txt", sample(GUIDANCE_2024))
    assert "Tiêu đề: Công tác Dân vận năm 2024" in (admin.last.text or "")

    caption = (
        "THÔNG BÁO\nLịch trực Tết\n\nThường trực Hội thông báo lịch trực Tết.\n\n"
        "Nơi nhận:\n- Hội Trường Sơn TP Hà Nội (để biết);\n\nCHỦ TỊCH\n\nVõ Sở"
    )
    await admin.send_document("lich-truc.jpg", b"\xff\xd8\xff", caption=caption)
    card = admin.last.text or ""
    assert "Loại: Thông báo" in card and "Tiêu đề: Lịch trực Tết" in card
    assert "Tệp đính kèm: lich-truc.jpg" in card
    assert " 1. Hội Trường Sơn TP Hà Nội (chỉ đơn vị này) · mọi hội viên · để biết" in card


async def test_a_directive_names_the_one_it_replaces(rig: Rig) -> None:
    await publish_text(rig, sample(PLAN_2020).decode())
    admin = rig.admin
    await admin.send_document("ke-hoach-sua-doi.txt", sample(PLAN_2020))
    await admin.press("Số")
    await admin.send("80/HTS")
    await admin.press("Thay thế VB…")
    await admin.send("99/HTS")
    assert admin.last.text == "Không có văn bản đã phát hành nào số 99/HTS. Xin kiểm tra lại."
    await admin.send("72/hts")
    assert "Thay thế: Kế hoạch số 72/HTS" in (admin.last.text or "")
    await admin.press("✅ Phát hành")
    await admin.press("✅ Phát hành ngay")
    await deliver(rig)
    assert "♻️ Thay thế Kế hoạch số 72/HTS." in rig.member_hn.last.shown


async def test_a_new_command_stops_the_bot_waiting_for_an_answer(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    await admin.press("Số")
    await admin.send("/toi")
    await admin.send("80/HTS")
    assert "/help" in (admin.last.text or ""), "no longer taken for the number"
    (draft,) = await directives(rig)
    assert draft.number == "72/HTS"


async def test_forged_or_stale_buttons_get_a_polite_answer(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document("ke-hoach.txt", sample(PLAN_2020))
    (draft,) = await directives(rig)
    card = admin.last
    for forged in (
        "1|dd|abc|ok",
        f"1|dd|{draft.id}|fly",
        f"1|dk|{draft.id}|99",
        f"1|drs|{draft.id}|x|del",
        f"1|dru|{draft.id}|-1|0",
        "1|dv|x",
        "1|dg|1|x|0",
    ):
        await admin.press_data(forged, card)
    assert admin.callback_answers == ["Nút này không còn dùng được. Xin gửi lại lệnh."] * 7
    (draft,) = await directives(rig)
    assert draft.state is DirectiveState.DRAFT
