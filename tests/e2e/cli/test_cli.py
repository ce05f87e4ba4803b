"""The operator's `hoibot` command, run as a real process against the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Invite, Member, Unit
from tests.fakes.cli import Hoibot

UNITS = """code,name,parent_code,kind,also_under
TW,Trung ương Hội,,central,
HN,Hội Trường Sơn TP Hà Nội,TW,province,
NU,Hội Nữ CSTS Việt Nam,TW,women_association,
NU-HN,Hội Nữ CSTS Hà Nội,HN,women_association,NU
"""


@pytest.fixture
def hoibot(db: Database, tmp_path: Path) -> Hoibot:
    return Hoibot(db, tmp_path)


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def test_run_without_a_token_fails_at_once_and_points_to_try(hoibot: Hoibot) -> None:
    result = hoibot("run")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "hoibot try" in result.stderr
    assert "chưa được đặt" in result.stderr, "in the CLI's language (Vietnamese by default)"
    english = hoibot("run", env={**hoibot.env, "HOIBOT_DEFAULT_LOCALE": "en"})
    assert "TELEGRAM_BOT_TOKEN is not set" in english.stderr


def test_a_bad_setting_is_named_in_the_operators_language(hoibot: Hoibot) -> None:
    result = hoibot("units", "list", env={**hoibot.env, "HOIBOT_DRAFT_DAYS": "bảy"})
    assert result.returncode == 2
    assert "HOIBOT_DRAFT_DAYS" in result.stderr and "số nguyên" in result.stderr, result.stderr
    quiet = hoibot("units", "list", env={**hoibot.env, "HOIBOT_QUIET_HOURS": "22:00"})
    assert "HOIBOT_QUIET_HOURS" in quiet.stderr and "21:00-06:00" in quiet.stderr


async def test_units_import_is_idempotent_and_prints_the_tree(hoibot: Hoibot, db: Database) -> None:
    name = hoibot.file("units.csv", UNITS)
    first = hoibot("units", "import", name)
    assert first.returncode == 0 and "tạo mới 4, cập nhật 0" in first.stdout
    again = hoibot("units", "import", name)
    assert "tạo mới 0, cập nhật 0" in again.stdout
    renamed = hoibot(
        "units", "import", hoibot.file("r.csv", UNITS.replace("TP Hà Nội", "Thủ đô Hà Nội"))
    )
    assert "tạo mới 0, cập nhật 1" in renamed.stdout
    tree = hoibot("units", "list").stdout.splitlines()
    assert tree[0].startswith("TW  Trung ương Hội")
    assert "  HN  Hội Trường Sơn Thủ đô Hà Nội  [province]" in tree
    assert tree.count("    NU-HN  Hội Nữ CSTS Hà Nội  [women_association]") == 2, (
        "shown under both parents"
    )
    assert await count(db, Unit) == 4


async def test_a_bad_row_names_its_line_and_writes_nothing(hoibot: Hoibot, db: Database) -> None:
    bad = hoibot.file(
        "bad.csv",
        UNITS.replace("NU,Hội Nữ CSTS Việt Nam,TW,women_association", "NU,Hội Nữ,TW,hoi_nu"),
    )
    result = hoibot("units", "import", bad)
    assert result.returncode == 1
    assert "dòng 4" in result.stderr and "hoi_nu" in result.stderr
    assert await count(db, Unit) == 0


async def test_invites_admins_and_members(hoibot: Hoibot, db: Database) -> None:
    no_units = hoibot("admins", "add", "555")
    assert no_units.returncode == 1 and "nhập danh sách đơn vị" in no_units.stderr
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    link = hoibot(
        "invite", "create", "--unit", "HN", "--role", "lead", "--uses", "3", "--expires", "7"
    )
    assert link.returncode == 0
    assert link.stdout.startswith("https://t.me/hoibot_test_bot?start=")
    code = link.stdout.strip().rsplit("=", 1)[1]
    async with db.session() as session:
        invite = (await session.execute(select(Invite).where(Invite.code == code))).scalar_one()
    assert (invite.max_uses, invite.role.value, invite.expires_at is not None) == (3, "lead", True)
    unknown = hoibot("invite", "create", "--unit", "XX")
    assert unknown.returncode == 1 and "Không có đơn vị XX" in unknown.stderr

    admin = hoibot("admins", "add", "555", "--name", "Văn phòng")
    assert "555 đã là quản trị viên của Trung ương Hội" in admin.stdout
    members = hoibot.file(
        "m.csv", "name,unit,role,phone\nAn,HN,member,0912000001\nBình,NU-HN,lead,0912000002\n"
    )
    assert "tạo mới 2" in hoibot("members", "import", members).stdout
    assert "tạo mới 0, cập nhật 2" in hoibot("members", "import", members).stdout
    assert await count(db, Member) == 3


async def test_log_needs_a_subject_and_exports(hoibot: Hoibot) -> None:
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    assert hoibot("log").returncode == 2
    assert hoibot("log", "--unit", "HN").returncode == 0
    exported = hoibot("log", "export", "out.csv")
    assert exported.returncode == 0
    assert (hoibot.folder / "out.csv").read_text(encoding="utf-8").startswith("id,at,direction")
