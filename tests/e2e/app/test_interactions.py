"""Every update received and every message sent is stored, and the operator can read it back."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from bot.cli import log
from storage.models import Direction, Interaction
from tests.fakes.rig import Rig


async def rows(rig: Rig) -> list[Interaction]:
    async with rig.db.session() as session:
        return list((await session.execute(select(Interaction).order_by(Interaction.id))).scalars())


async def test_a_command_and_its_reply_are_both_logged(rig: Rig) -> None:
    await rig.member_hn.send("/toi")
    logged = await rows(rig)
    incoming, outgoing = logged[-2], logged[-1]
    assert (incoming.direction, incoming.kind, incoming.command) == (Direction.IN, "command", "toi")
    assert incoming.text == "/toi" and incoming.chat_id == 1003
    assert (outgoing.direction, outgoing.kind) == (Direction.OUT, "sendMessage")
    assert "Lê Văn Cường" in (outgoing.text or "")
    assert incoming.member_id == outgoing.member_id is not None
    assert incoming.unit_id == outgoing.unit_id is not None


async def test_button_presses_and_edits_are_logged(rig: Rig) -> None:
    await rig.member_hn.send("/ngonngu")
    await rig.member_hn.press("English")
    kinds = [(r.direction, r.kind) for r in await rows(rig)]
    assert (Direction.IN, "callback") in kinds
    assert (Direction.OUT, "editMessageText") in kinds
    assert (Direction.OUT, "answerCallbackQuery") in kinds
    buttons = next(r for r in await rows(rig) if r.kind == "sendMessage" and r.payload)
    assert (
        "Tiếng Việt"
        in json.loads(buttons.payload or "{}")["reply_markup"]["inline_keyboard"][0][0]["text"]
    )


async def test_shared_phone_numbers_are_stored_masked(rig: Rig) -> None:
    await rig.stranger.share_contact("0988777666")
    contact = next(r for r in await rows(rig) if r.kind == "contact")
    assert contact.text == "*******666"
    assert all("0988777666" not in (r.text or "") + (r.payload or "") for r in await rows(rig))


async def test_a_strangers_messages_are_logged_without_a_member(rig: Rig) -> None:
    await rig.stranger.send("xin chào")
    incoming = [r for r in await rows(rig) if r.direction is Direction.IN]
    assert incoming[-1].text == "xin chào" and incoming[-1].member_id is None


async def test_operator_reads_the_log_by_member_and_unit_and_exports_it(
    rig: Rig, tmp_path: Path
) -> None:
    await rig.member_hn.send("/toi")
    await rig.member_tb.send("/help")
    member_id = (await rows(rig))[0].member_id
    by_member = [r async for r in log.interactions(rig.db, member_id, None, None)]
    assert {r.chat_id for r in by_member} == {1003}
    by_unit = [r async for r in log.interactions(rig.db, None, "TW", None)]
    assert {r.chat_id for r in by_unit} == {1003, 1006}, "the central office sees its whole tree"
    hn_only = [r async for r in log.interactions(rig.db, None, "HN", None)]
    assert {r.chat_id for r in hn_only} == {1003}
    count = await log.export_log(rig.db, tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    assert count == len(exported) == len(await rows(rig)) == 4
    assert exported[0]["direction"] == "in" and exported[0]["command"] == "toi"
    stored = (await rows(rig))[0].at
    assert exported[0]["at"] == stored.isoformat() and exported[0]["at"].endswith("+00:00")
    assert datetime.fromisoformat(exported[0]["at"]) == stored, "UTC, with its offset"
