"""Joining: invite links, pre-registered phone numbers, and the scope a role gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.app.errors import NotAllowed
from bot.cli.invite import new_invite
from bot.cli.members import import_members
from bot.people.access import load_principal, require_scope
from storage.models import Invite, Member, Role
from storage.people.units import get_unit_by_code
from tests.fakes.rig import Rig


async def test_invite_link_binds_a_stranger_to_unit_and_role(rig: Rig) -> None:
    code = await new_invite(rig.db, "TB", Role.LEAD, uses=1, days=7)
    await rig.stranger.send(f"/start {code}")
    assert "Đồng chí đã tham gia Hội Trường Sơn tỉnh Thái Bình với vai trò lãnh đạo hội" in (
        rig.stranger.last.text or ""
    )
    await rig.stranger.send("/toi")
    assert "Hội Trường Sơn tỉnh Thái Bình: lãnh đạo hội" in (rig.stranger.last.text or "")
    menu = [c["command"] for c in rig.fake.commands("chat", chat_id=rig.stranger.id)]
    assert "toi" in menu, "a lead gets a menu of their own"


async def test_used_up_expired_and_bad_codes_are_explained(rig: Rig) -> None:
    code = await new_invite(rig.db, "HN", Role.MEMBER, uses=1, days=None)
    await rig.stranger.send(f"/start {code}")
    other = rig.person(4242)
    await other.send(f"/start {code}")
    assert "đã được dùng hết" in (other.last.text or "")

    expired = await new_invite(rig.db, "HN", Role.MEMBER, uses=5, days=1)
    async with rig.db.session() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await session.execute(update(Invite).where(Invite.code == expired).values(expires_at=past))
        await session.commit()
    await other.send(f"/start {expired}")
    assert "đã hết hạn" in (other.last.text or "")

    await other.send("/start khongphaima")
    assert "không hợp lệ" in (other.last.text or "")
    async with rig.db.session() as session:
        assert await load_principal(session, 4242) is None, "nobody was bound by a bad code"


async def test_shared_contact_binds_a_preregistered_member(rig: Rig, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text("name,unit,role,phone\nMai Thị Lan,TB,member,0988777666\n", encoding="utf-8")
    await import_members(rig.db, members)
    await rig.stranger.send("/start")
    assert rig.stranger.last.request_contact
    await rig.stranger.share_contact("+84988777666")
    assert "Chào mừng đồng chí Mai Thị Lan" in (rig.stranger.last.text or "")
    assert rig.stranger.last.remove_keyboard
    async with rig.db.session() as session:
        principal = await load_principal(session, rig.stranger.id)
    assert principal is not None and principal.posts[0].unit_code == "TB"


async def test_someone_elses_or_an_unknown_number_does_not_bind(rig: Rig) -> None:
    await rig.stranger.share_contact("0912000003", user_id=1003)
    assert "của chính đồng chí" in (rig.stranger.last.text or "")
    await rig.stranger.share_contact("0900000000")
    assert "Không tìm thấy số điện thoại" in (rig.stranger.last.text or "")
    async with rig.db.session() as session:
        bound = await session.execute(
            select(Member).where(Member.telegram_user_id == rig.stranger.id)
        )
        assert bound.first() is None


async def test_a_lead_of_a_province_leads_its_subtree_and_nothing_else(rig: Rig) -> None:
    async with rig.db.session() as session:
        lead_tb = await load_principal(session, 1005)
        admin = await load_principal(session, 1001)
        units = {
            code: await get_unit_by_code(session, code) for code in ("TB", "NU-TB", "HN", "NU")
        }
        assert await require_scope(session, lead_tb, units["TB"].id)  # type: ignore[union-attr]
        assert await require_scope(session, lead_tb, units["NU-TB"].id)  # type: ignore[union-attr]
        for outside in ("HN", "NU"):
            try:
                await require_scope(session, lead_tb, units[outside].id)  # type: ignore[union-attr]
            except NotAllowed:
                continue
            raise AssertionError(f"a lead of TB must not lead {outside}")
        for code in units:
            assert await require_scope(session, admin, units[code].id)  # type: ignore[union-attr]
