"""Units and people whose names hold HTML's own characters still get valid messages."""

from __future__ import annotations

from sqlalchemy import update

from storage.models import Member, Unit
from tests.fakes.delivery import deliver
from tests.fakes.figures import open_q1, store_default_indicators
from tests.fakes.rig import Rig, refusals

ODD_UNIT = "Hội Trường Sơn TP Hà Nội <Hội> & Co"
ODD_PERSON = "Trần <Thị> & Bình"


async def test_names_with_angle_brackets_and_ampersands(rig: Rig) -> None:
    async with rig.db.session() as session:
        await session.execute(update(Unit).where(Unit.code == "HN").values(name=ODD_UNIT))
        await session.execute(
            update(Member).where(Member.telegram_user_id == 1002).values(name=ODD_PERSON)
        )
        await session.commit()
    await store_default_indicators(rig.db)
    await open_q1(rig)
    lead, admin, member = rig.lead_hn, rig.admin, rig.member_hn
    for person, command in [
        (lead, "/toi"),
        (lead, "/start"),
        (member, "/lich"),
        (lead, "/lichmoi 19/5/2026 | Họp <chi hội> & tổ | Hội trường <A>"),
        (admin, "/baocao tiendo"),
        (admin, "/baocao Q1/2020"),
        (admin, "/kybaocao"),
        (lead, "/duyet"),
        (admin, "/thongbao Họp <b>mặt</b> & chia sẻ"),
    ]:
        await person.send(command)
        assert not refusals(rig.fake), (command, refusals(rig.fake))
    await lead.send("/nop Q1/2020 vận động 3 nhà, 842 suất quà = 512.300.000 đ")
    labels = lead.last.labels()
    if "✅ Gửi báo cáo" in labels:
        await lead.press("✅ Gửi báo cáo")
    await admin.send("/baocao tiendo")
    await admin.press(0)
    await deliver(rig)
    assert not refusals(rig.fake), refusals(rig.fake)
    assert ODD_UNIT in "\n".join(lead.texts()), "the name is shown as it is written"
