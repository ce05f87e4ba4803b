"""/toi, /help and /ngonngu as a member, a lead, an admin and a stranger."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Member
from tests.fakes.rig import Rig


async def test_member_sees_who_they_are(rig: Rig) -> None:
    await rig.member_hn.send("/toi")
    text = rig.member_hn.last.text or ""
    assert "Lê Văn Cường" in text
    assert "Hội Trường Sơn TP Hà Nội: hội viên" in text
    assert "Ngôn ngữ: Tiếng Việt" in text


async def test_lead_and_admin_see_their_roles(rig: Rig) -> None:
    await rig.lead_hn.send("/toi")
    assert "Hội Trường Sơn TP Hà Nội: lãnh đạo hội" in (rig.lead_hn.last.text or "")
    await rig.admin.send("/toi")
    assert "Trung ương Hội: cơ quan Trung ương Hội (quản trị)" in (rig.admin.last.text or "")


async def test_stranger_is_told_how_to_join(rig: Rig) -> None:
    for text in ("/toi", "/help", "xin chào"):
        await rig.stranger.send(text)
        last = rig.stranger.last
        assert "Để tham gia" in (last.text or ""), text
        assert last.request_contact == ["📱 Chia sẻ số điện thoại của tôi"]


async def test_help_lists_commands_with_examples(rig: Rig) -> None:
    await rig.member_hn.send("/help")
    text = rig.member_hn.last.text or ""
    assert "(hội viên)" in text
    for command in ("/toi", "/ngonngu", "/help"):
        assert command in text
    assert "ví dụ:" in text


async def test_language_is_chosen_with_buttons_and_stored(rig: Rig) -> None:
    user = rig.member_hn
    await user.send("/ngonngu")
    assert user.last.labels() == ["Tiếng Việt", "English"]
    await user.press("English")
    assert user.last.text == "Language set to English."
    await user.send("/toi")
    assert "Language: English" in (user.last.text or "")
    assert "Hội Trường Sơn TP Hà Nội: member" in (user.last.text or "")
    async with rig.db.session() as session:
        member = (
            await session.execute(select(Member).where(Member.telegram_user_id == 1003))
        ).scalar_one()
    assert member.language == "en"
    menu = rig.fake.commands("chat", chat_id=1003)
    assert [c["command"] for c in menu] == ["start", "help", "toi", "ngonngu", "lich", "chidao"]
    assert menu[2]["description"] == "Who am I: name, unit, role, language"


async def test_forged_button_gets_a_polite_answer(rig: Rig) -> None:
    user = rig.member_hn
    await user.send("/ngonngu")
    for forged in ("1|lang|xx", "0|lang|vi", "1|lang|vi|en", "garbage"):
        await user.press_data(forged)
    assert user.callback_answers == ["Nút này không còn dùng được. Xin gửi lại lệnh."] * 4
    assert user.last.labels() == ["Tiếng Việt", "English"], "nothing changed"


async def test_free_text_and_unknown_commands_get_a_hint(rig: Rig) -> None:
    await rig.member_hn.send("cho tôi hỏi lịch họp")
    assert "/help" in (rig.member_hn.last.text or "")
    await rig.member_hn.send("/khongco")
    assert "Tôi chưa hiểu lệnh này" in (rig.member_hn.last.text or "")


async def test_default_menus_are_published_per_language(rig: Rig) -> None:
    vi = rig.fake.commands("default", language_code="vi")
    en = rig.fake.commands("default", language_code="en")
    assert (
        [c["command"] for c in vi]
        == [c["command"] for c in en]
        == ["start", "help", "toi", "ngonngu", "lich", "chidao"]
    )
    assert vi[2]["description"].startswith("Thông tin của tôi")
    assert en[2]["description"].startswith("Who am I")


async def test_an_admin_gets_their_own_menu_on_start(rig: Rig) -> None:
    await rig.admin.send("/start")
    assert "Chào mừng đồng chí Nguyễn Văn An trở lại" in (rig.admin.last.text or "")
    menu = rig.fake.commands("chat", chat_id=1001)
    assert menu and menu[0]["description"] == "Bắt đầu, hoặc tham gia bằng mã mời"
    assert not rig.fake.commands("chat", chat_id=1003), "members keep the default menu"
