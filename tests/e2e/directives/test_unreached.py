"""Who was not reached (issue 10, item 7): recipient units with nobody on Telegram are named
in the publish preview (CLI and chat) and in `/chidao N tiendo`, and count as not received;
a directive held by quiet hours says when it goes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from storage.models import Member
from storage.people.units import upsert_units
from tests.e2e.directives.test_cli import hoibot
from tests.fakes.delivery import (
    LEAD_SD470,
    MEMBER_SD470,
    PLAN_2020,
    deliver,
    meet_everyone,
    publish_text,
    sample,
)
from tests.fakes.paths import DATA
from tests.fakes.rig import Rig

PAPER = "📵 Chưa ai dùng Telegram ở: Hội Trường Sơn Sư đoàn 470 — cần gửi bản giấy."


async def nobody_on_telegram_in_sd470(rig: Rig) -> None:
    async with rig.db.session() as session:
        await session.execute(
            update(Member)
            .where(Member.telegram_user_id.in_([LEAD_SD470, MEMBER_SD470]))
            .values(chat_id=None)
        )
        await session.commit()


async def test_the_cli_preview_names_the_units_to_send_paper_to_and_when_it_goes(
    rig: Rig, tmp_path: Path
) -> None:
    await nobody_on_telegram_in_sd470(rig)
    code, out, err = await hoibot(
        rig, tmp_path, "directive", "publish", str(DATA / PLAN_2020), "--dry-run"
    )
    assert code == 0, err
    assert PAPER in out.splitlines()

    meet_everyone(rig)
    now = datetime.now(rig.settings.tz)
    quiet = f"{(now - timedelta(hours=1)):%H:00}-{(now + timedelta(hours=1)):%H:%M}"
    code, out, err = await hoibot(
        rig,
        tmp_path,
        "directive",
        "publish",
        str(DATA / PLAN_2020),
        "--yes",
        settings={"HOIBOT_QUIET_HOURS": quiet},
    )
    assert code == 0, err
    assert "Đã phát hành Kế hoạch số 72/HTS đến 8 người; 5 tin đang chờ gửi." in out
    end = (now + timedelta(hours=1)).strftime("%H:%M")
    said = rf"Đang là giờ nghỉ ngơi: tin sẽ gửi lúc {end} (sáng|trưa|chiều|tối) (nay|mai)\."
    assert re.search(said, out), out


async def test_the_chat_preview_and_the_progress_name_them_and_count_them_not_received(
    rig: Rig,
) -> None:
    await nobody_on_telegram_in_sd470(rig)
    admin = rig.admin
    await admin.send_document("ke-hoach-72-HTS.txt", sample(PLAN_2020), mime_type="text/plain")
    assert PAPER in (admin.last.text or "").splitlines()
    await admin.press("✅ Phát hành")
    await admin.press("✅ Phát hành ngay")
    await deliver(rig)
    await rig.member_hn.press("✅ Đã nhận", rig.member_hn.last)

    await admin.send("/chidao 72/HTS tiendo")
    view = (admin.last.text or "").splitlines()
    assert "Gửi đến 8 người: đã tới 5, đang chờ 0, lỗi 0, chưa dùng Telegram 3." in view
    assert "Đơn vị đã xác nhận: 1/4." in view
    assert PAPER in view
    await rig.lead_hn.send("/chidao 72/HTS tiendo")
    assert PAPER not in (rig.lead_hn.last.text or ""), "a lead sees only their own units"


async def test_a_unit_with_no_members_at_all_is_named_and_counted_not_received(
    rig: Rig,
) -> None:
    async with rig.db.session() as session:
        await upsert_units(
            session,
            [
                {
                    "code": "QB",
                    "name": "Hội Trường Sơn tỉnh Quảng Bình",
                    "kind": "province",
                    "parent_code": "TW",
                    "also_under": "",
                }
            ],
        )
        await session.commit()
    await publish_text(rig, sample(PLAN_2020).decode(), recipients="HN,QB")
    await deliver(rig)
    await rig.admin.send("/chidao 72/HTS tiendo")
    view = (rig.admin.last.text or "").splitlines()
    assert "📵 Chưa ai dùng Telegram ở: Hội Trường Sơn tỉnh Quảng Bình — cần gửi bản giấy." in view
    assert "Đơn vị đã xác nhận: 0/2." in view
