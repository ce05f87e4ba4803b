"""Forged and stale buttons get one polite answer, and never reach the error report."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from tests.fakes.calendar import add_item, in_days, vn
from tests.fakes.rig import Rig

POLITE = "Nút này không còn dùng được. Xin gửi lại lệnh."
FORGED = [
    "1|rr|x|2",
    "1|fh|" + "9" * 30,
    "1|pc|x",
    "1|fa|1|x",
    "1|fn|x",
    "1|lv|m|" + "9" * 20 + "|0|0",
    "1|li|" + "9" * 20,
    "1|dg|" + "9" * 20 + "|0|0",
    "1|dl|" + "9" * 20,
    "1|li|2147483648",
    "1|lang|fr",
    "1|an|1|x|2",
    "2|li|1",
    "rubbish",
]


async def test_forged_buttons_are_refused_politely_and_not_reported(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.app.bot_data.settings = dataclasses.replace(rig.settings, admin_chat_id=1001)
    admin, member = rig.admin, rig.member_hn
    before = len(admin.seen)
    await member.send("/lich")
    caplog.set_level(logging.INFO)
    for data in FORGED:
        answered = len(member.callback_answers)
        await member.press_data(data)
        assert member.callback_answers[answered:] == [POLITE], data
    assert member.unanswered_presses == 0
    assert len(admin.seen) == before, "no error report reached the admins' chat"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("refused a button" in r.message for r in caplog.records)


async def test_another_members_button_opens_nothing_of_theirs(rig: Rig) -> None:
    theirs = await add_item(rig.db, "Họp Thái Bình", vn(in_days(2)), owner="TB")
    await rig.member_tb.send("/lich")
    assert "1. Họp Thái Bình" in rig.member_tb.last.labels()
    member = rig.member_hn
    await member.send("/lich")
    await member.press_data(f"1|li|{theirs}")
    assert member.callback_answers[-1] == POLITE
    assert "Họp Thái Bình" not in "".join(member.texts())
