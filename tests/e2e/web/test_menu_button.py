"""A lead whose role goes loses the chat's menu button that opens the dashboard (and the lead
commands), whether the role went by a member invite in the chat, by `hoibot members import`,
or in a way the bot could not see: then at their next /bangtin."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.app.web import WebServer
from bot.web.server import Dashboard
from storage.models import Member, Membership, Role, Unit
from storage.people.invites import create_invite
from tests.fakes.dashboard import free_port
from tests.fakes.paths import ROOT
from tests.fakes.rig import TOKEN, Rig

LEAD_HN = 1002
CHAT_MENU = ("chat", LEAD_HN, None, "")


@pytest.fixture
async def served(rig: Rig) -> AsyncIterator[str]:
    """The rig's bot with the dashboard turned on and served on loopback."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = replace(rig.settings, web_url=base, web_port=port)
    rig.app.bot_data.settings = settings
    server = WebServer(rig.db, mounts=[Dashboard(rig.db, settings).mount])
    await server.start("127.0.0.1", port)
    yield base
    await server.stop()


async def the_lead_opens_the_dashboard(rig: Rig) -> None:
    await rig.lead_hn.send("/bangtin")
    assert rig.fake.world.menu_buttons[LEAD_HN]["type"] == "web_app"


def menu_of_lead(rig: Rig) -> tuple[str, list[str]]:
    """The lead's menu button, and the commands their chat's menu lists."""
    commands = [c["command"] for c in rig.fake.world.commands.get(CHAT_MENU, [])]
    return rig.fake.world.menu_buttons[LEAD_HN]["type"], commands


async def test_a_lead_made_a_member_behind_the_bots_back_loses_it_at_the_next_bangtin(
    rig: Rig, served: str
) -> None:
    await the_lead_opens_the_dashboard(rig)
    async with rig.db.session() as session:
        member_id = select(Member.id).where(Member.telegram_user_id == LEAD_HN).scalar_subquery()
        await session.execute(
            update(Membership).where(Membership.member_id == member_id).values(role=Role.MEMBER)
        )
        await session.commit()
    await rig.lead_hn.send("/bangtin")
    assert "Xin lỗi" in (rig.lead_hn.last.text or "")
    button, commands = menu_of_lead(rig)
    assert button == "default"
    assert "bangtin" not in commands and "toi" in commands
    # A member who never had the button is not touched.
    await rig.member_hn.send("/bangtin")
    assert 1003 not in rig.fake.world.menu_buttons


async def test_a_lead_who_joins_their_unit_again_as_a_member_loses_it(
    rig: Rig, served: str
) -> None:
    await the_lead_opens_the_dashboard(rig)
    async with rig.db.session() as session:
        hanoi = (await session.execute(select(Unit).where(Unit.code == "HN"))).scalar_one()
        invite = await create_invite(
            session, hanoi.id, Role.MEMBER, uses=1, expires_in=None, now=datetime.now(UTC)
        )
        await session.commit()
    await rig.lead_hn.send(f"/start {invite.code}")
    assert "Chào mừng" in (rig.lead_hn.last.text or "")
    button, commands = menu_of_lead(rig)
    assert button == "default"
    assert "bangtin" not in commands


async def test_a_lead_the_import_makes_a_member_loses_it(
    rig: Rig, served: str, tmp_path: Path
) -> None:
    await the_lead_opens_the_dashboard(rig)
    await rig.lead_tb.send("/bangtin")
    members = tmp_path / "members.csv"
    members.write_text(
        "name,unit,role,phone\nTrần Thị Bình,HN,member,0912000002\n"
        "Hoàng Văn Em,TB,lead,0912000005\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    env.update(
        {
            "HOIBOT_DATABASE_URL": rig.db.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "HOIBOT_TELEGRAM_API_URL": rig.fake.base_url,
            "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "members",
        "import",
        str(members),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert "tạo mới 0, cập nhật 2" in out.decode()
    assert "1 người thôi làm lãnh đạo: menu lãnh đạo" in out.decode()
    button, commands = menu_of_lead(rig)
    assert button == "default"
    assert "bangtin" not in commands
    # Thái Bình's lead is still one: their button stays.
    assert rig.fake.world.menu_buttons[1005]["type"] == "web_app"
