"""In a group, joining binds nobody and the profile shows nothing: the bot asks people to
write to it privately, with a button that opens that chat."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.cli.invite import new_invite
from bot.cli.members import import_members
from bot.fakeapi.users import SimGroup
from storage.models import Invite, Member, Role
from tests.fakes.rig import Rig

TO_JOIN = "Để tham gia, đồng chí vui lòng nhắn riêng cho tôi: bấm nút bên dưới."
PERSONAL = (
    "Việc này tôi chỉ trả lời trong tin nhắn riêng, để thông tin của đồng chí không hiện ra "
    "trong nhóm: đồng chí bấm nút bên dưới."
)
PRIVATE_CHAT = "https://t.me/hoibot_test_bot"


def chapter_group(rig: Rig) -> SimGroup:
    return rig.fake.group(-100200300, "Chi hội Trường Sơn Thái Bình")


async def invite_uses(rig: Rig, code: str) -> int:
    async with rig.db.session() as session:
        query = select(Invite.uses).where(Invite.code == code)
        return int((await session.execute(query)).scalar_one())


async def members_of(rig: Rig, *chat_ids: int) -> list[Member]:
    """Members bound to these Telegram users or chats."""
    async with rig.db.session() as session:
        query = select(Member).where(
            Member.telegram_user_id.in_(chat_ids) | Member.chat_id.in_(chat_ids)
        )
        return list((await session.execute(query)).scalars())


async def test_an_invite_sent_in_a_group_binds_nobody_and_links_to_the_private_chat(
    rig: Rig,
) -> None:
    code = await new_invite(rig.db, "TB", Role.LEAD, uses=1, days=7)
    group = chapter_group(rig)
    await rig.stranger.send_in(group, f"/start {code}")
    assert group.last.text == TO_JOIN
    assert group.last.buttons == [[("Nhắn riêng cho tôi", f"{PRIVATE_CHAT}?start={code}")]]
    assert group.last.raw["reply_to_message"]["from"]["id"] == rig.stranger.id
    assert rig.stranger.seen == [], "nothing was said in the private chat"
    assert await members_of(rig, rig.stranger.id, group.id) == [], "nobody was bound"
    assert await invite_uses(rig, code) == 0, "the invite is still there to be used"
    assert rig.fake.commands("chat", chat_id=group.id) == [], "no lead's menu in the group"

    # The button sends the same /start in the private chat, where it binds.
    await rig.stranger.send(f"/start {code}")
    assert "Đồng chí đã tham gia Hội Trường Sơn tỉnh Thái Bình" in (rig.stranger.last.text or "")
    [member] = await members_of(rig, rig.stranger.id, group.id)
    assert (member.telegram_user_id, member.chat_id) == (rig.stranger.id, rig.stranger.id)
    assert await invite_uses(rig, code) == 1


async def test_the_answer_in_a_group_is_in_the_persons_language(rig: Rig) -> None:
    code = await new_invite(rig.db, "HN", Role.MEMBER, uses=1, days=None)
    group = chapter_group(rig)
    await rig.person(4242, language_code="en").send_in(group, f"/start@hoibot_test_bot {code}")
    assert group.last.text == "To join, please write to me privately: tap the button below."
    assert group.last.buttons == [[("Write to me privately", f"{PRIVATE_CHAT}?start={code}")]]
    assert await invite_uses(rig, code) == 0


async def test_a_number_shared_in_a_group_binds_nobody(rig: Rig, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text("name,unit,role,phone\nMai Thị Lan,TB,member,0988777666\n", encoding="utf-8")
    await import_members(rig.db, members)
    group = chapter_group(rig)
    await rig.stranger.share_contact("+84988777666", group=group)
    assert group.last.text == TO_JOIN
    assert group.last.buttons == [[("Nhắn riêng cho tôi", PRIVATE_CHAT)]]
    async with rig.db.session() as session:
        lan = (
            await session.execute(select(Member).where(Member.name == "Mai Thị Lan"))
        ).scalar_one()
    assert (lan.telegram_user_id, lan.chat_id) == (None, None), "she stays unbound"
    # Someone else's contact card in a group is not for the bot.
    await rig.stranger.share_contact("0912000003", user_id=1003, group=group)
    assert len(group.seen) == 1
    await rig.stranger.share_contact("+84988777666")
    assert "Chào mừng đồng chí Mai Thị Lan" in (rig.stranger.last.text or "")
    assert [m.name for m in await members_of(rig, rig.stranger.id)] == ["Mai Thị Lan"]


async def test_a_members_profile_and_help_are_not_shown_in_a_group(rig: Rig) -> None:
    group = chapter_group(rig)
    for command in ("/toi", "/help", "/ngonngu", "/start"):
        await rig.lead_hn.send_in(group, command)
        assert group.last.text == PERSONAL, command
        assert group.last.buttons == [[("Nhắn riêng cho tôi", PRIVATE_CHAT)]]
    shown = "\n".join(group.texts())
    for detail in ("Trần Thị Bình", "Hà Nội", "lãnh đạo", "/baocao"):
        assert detail not in shown
    assert rig.fake.commands("chat", chat_id=group.id) == [], "no lead's menu in the group"
    assert rig.lead_hn.seen == []
    # In the private chat, the same commands answer as ever.
    await rig.lead_hn.send("/toi")
    assert "Trần Thị Bình" in (rig.lead_hn.last.text or "")


async def test_a_stranger_using_a_members_command_in_a_group_is_pointed_to_the_private_chat(
    rig: Rig,
) -> None:
    group = chapter_group(rig)
    await rig.stranger.send_in(group, "/lich")
    assert group.last.text == TO_JOIN
    assert group.last.buttons == [[("Nhắn riêng cho tôi", PRIVATE_CHAT)]]
    assert not group.last.reply_keyboard, "no phone-sharing keyboard in a group"
