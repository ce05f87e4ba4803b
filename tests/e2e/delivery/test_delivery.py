"""The delivery engine end to end: rows queued, sent by the real bot, seen by members.

Pacing runs at Telegram's limits on a simulated clock (`FakeClock`), so a test waits for
no second it does not need; the pace itself is checked on real time where it is the point.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.app.jobs import JOBS, JobContext
from bot.app.telegram_bot import RecordingBot
from bot.app.transport import AiohttpRequest
from bot.delivery import (
    DeliveryPolicy,
    cancel,
    enqueue_many,
    message_rows,
    progress,
    resend_failed,
    send_due,
    stop_sending,
)
from bot.fakeapi.common import utf16_len
from bot.fakeapi.faults import most_in_window
from bot.fakeapi.html import parse_html
from storage.models import DeliveryState, Interaction, Member, Priority, Unit
from tests.fakes.clock import FakeClock
from tests.fakes.delivery import ACK, member_id, queue, rows, send_all, simulated_pacer
from tests.fakes.rig import TOKEN, Rig


async def test_a_queued_message_reaches_the_member_with_buttons_and_is_logged(rig: Rig) -> None:
    text = "<b>Công văn 72/HTS</b>: triển khai công tác dân vận năm 2024."
    await queue(rig, 1003, text, priority=Priority.DIRECTIVE, reply_markup=ACK, topic="cv72")
    result = await send_all(rig)
    assert (result.claimed, result.sent, result.failed) == (1, 1, 0)
    seen = rig.member_hn.last
    assert seen.text == "Công văn 72/HTS: triển khai công tác dân vận năm 2024."
    assert seen.html == text and seen.labels() == ["Đã nhận"]
    [row] = await rows(rig)
    assert row.state == DeliveryState.SENT and row.attempts == 1
    assert row.telegram_message_id == seen.message_id and row.sent_at is not None
    async with rig.db.session() as session:
        logged = (
            await session.execute(select(Interaction).where(Interaction.chat_id == 1003))
        ).scalar_one()
        hanoi = (await session.execute(select(Unit.id).where(Unit.code == "HN"))).scalar_one()
    assert (logged.kind, logged.direction.value, logged.text) == ("sendMessage", "out", text)
    assert (logged.member_id, logged.unit_id) == (await member_id(rig, 1003), hanoi)
    assert "Đã nhận" in (logged.payload or "")


async def test_replies_go_before_directives_and_directives_before_bulk(rig: Rig) -> None:
    for telegram_id in range(1004, 1011):
        await queue(rig, telegram_id, f"Thông báo chung {telegram_id}")
    await queue(rig, 1003, "Chỉ thị", priority=Priority.DIRECTIVE)
    await queue(rig, 1002, "Nhắc lịch họp", priority=Priority.REMINDER)
    await queue(rig, 1001, "Trả lời", priority=Priority.REPLY)
    # One call at a time and two rows a round: the order of calls is the order of sending.
    policy = DeliveryPolicy(concurrency=1)
    await send_all(rig, policy=policy, limit=2)
    order = [params["chat_id"] for params in rig.fake.calls_to("sendMessage")]
    assert order == [1001, 1003, 1002, *range(1004, 1011)]


async def test_a_dedupe_key_sends_a_message_once(rig: Rig) -> None:
    assert await queue(rig, 1003, "Nhắc: họp chi hội sáng mai", dedupe_key="nhac:hop:1003")
    assert not await queue(rig, 1003, "Nhắc: họp chi hội sáng mai", dedupe_key="nhac:hop:1003")
    await send_all(rig)
    assert not await queue(rig, 1003, "Nhắc: họp chi hội sáng mai", dedupe_key="nhac:hop:1003")
    await send_all(rig)
    assert rig.member_hn.texts() == ["Nhắc: họp chi hội sáng mai"]


async def test_progress_cancel_and_what_cancel_cannot_take_back(rig: Rig) -> None:
    people = [(telegram_id, await member_id(rig, telegram_id)) for telegram_id in range(1001, 1011)]
    for telegram_id, _ in people:
        rig.person(telegram_id)
    later = datetime.now(UTC) + timedelta(hours=1)
    async with rig.db.session() as session:
        await enqueue_many(session, message_rows(people[:4], "Đợt 1", topic="tb9"))
        await enqueue_many(
            session, message_rows(people[4:], "Đợt 2", topic="tb9", not_before=later)
        )
        await session.commit()
        before = await progress(session, "tb9")
    assert (before.total, before.sent, before.pending, before.failed) == (10, 0, 10, 0)
    assert before.eta_seconds == 10 / 30
    await send_all(rig)
    async with rig.db.session() as session:
        middle = await progress(session, "tb9")
        assert middle.sent == 4 and middle.pending == 6 and middle.eta_seconds
        assert await cancel(session, "tb9") == 6
        await session.commit()
        after = await progress(session, "tb9")
    assert (after.sent, after.pending, after.cancelled, after.eta_seconds) == (4, 0, 6, None)
    await send_all(rig, now=later + timedelta(minutes=1))
    assert sum(len(rig.person(t).seen) for t, _ in people) == 4


async def test_a_blocked_member_is_unreachable_until_they_write_and_failures_can_be_resent(
    rig: Rig,
) -> None:
    rig.expect_rejections = True
    person = rig.member_tb
    person.blocked = True  # blocked while the bot was not listening: the send finds out
    await queue(rig, 1006, "Thông báo 1", topic="tb1")
    result = await send_all(rig)
    assert (result.failed, result.unreachable) == (1, 1)
    [row] = await rows(rig)
    assert row.state == DeliveryState.FAILED
    assert row.error == "Forbidden on sendMessage: bot was blocked by the user"

    async def reachable() -> bool:
        async with rig.db.session() as session:
            query = select(Member.reachable).where(Member.telegram_user_id == 1006)
            return bool((await session.execute(query)).scalar_one())

    assert not await reachable()
    calls = len(rig.fake.calls_to("sendMessage"))
    await queue(rig, 1006, "Thông báo 2", topic="tb1")
    await send_all(rig)
    assert len(rig.fake.calls_to("sendMessage")) == calls, "no call to an unreachable member"
    assert [r.error for r in await rows(rig)] == [
        "Forbidden on sendMessage: bot was blocked by the user"
    ] * 1 + ["unreachable"]

    await person.send("/toi")  # unblocks and writes: reachable again
    assert await reachable()
    async with rig.db.session() as session:
        assert await resend_failed(session, "tb1") == 2
        await session.commit()
    await send_all(rig)
    assert person.texts()[-2:] == ["Thông báo 1", "Thông báo 2"]
    assert {r.state for r in await rows(rig)} == {DeliveryState.SENT}


async def test_a_long_text_arrives_in_parts_with_the_buttons_on_the_last(rig: Rig) -> None:
    paragraph = "Đề nghị các <b>chi hội</b> triển khai &amp; báo cáo kết quả trước ngày 15. " * 20
    text = "\n\n".join(f"<i>Mục {n}.</i> {paragraph}" for n in range(1, 9))
    await queue(rig, 1003, text, reply_markup=ACK)
    await send_all(rig)
    parts = rig.member_hn.seen
    assert len(parts) == 3
    assert all(utf16_len(part.text or "") <= 4096 for part in parts)
    assert [part.labels() for part in parts] == [[], [], ["Đã nhận"]]
    shown = " ".join(part.text or "" for part in parts).split()
    assert shown == parse_html(text)[0].split()
    [row] = await rows(rig)
    assert (row.parts_sent, row.telegram_message_id) == (3, parts[-1].message_id)


async def test_a_document_with_a_long_caption_and_a_second_recipient_reusing_the_upload(
    rig: Rig, tmp_path: Any
) -> None:
    pdf = tmp_path / "72-HTS.pdf"
    pdf.write_bytes(b"%PDF-1.4 cong van 72")
    caption = "<b>Công văn 72/HTS</b> " + "về việc tổ chức kỷ niệm ngày truyền thống. " * 40
    document = {"path": str(pdf), "filename": "72-HTS.pdf"}
    for telegram_id in (1003, 1004):
        await queue(rig, telegram_id, caption, document=document, reply_markup=ACK)
    await send_all(rig, policy=DeliveryPolicy(concurrency=1))
    for telegram_id in (1003, 1004):
        first, rest = rig.person(telegram_id).seen
        assert first.document is not None and first.document.content == b"%PDF-1.4 cong van 72"
        assert first.document_name == "72-HTS.pdf"
        assert 900 < utf16_len(first.caption or "") <= 1024 and not first.buttons
        assert rest.text and rest.labels() == ["Đã nhận"]
    uploads = [p["document"] for p in rig.fake.calls_to("sendDocument")]
    uploaded = rig.member_hn.seen[0].document
    assert not isinstance(uploads[0], str) and uploaded and uploads[1] == uploaded.file_id


async def test_paid_rows_take_the_paid_lane_only_when_the_operator_allows_it(rig: Rig) -> None:
    await queue(rig, 1003, "Thông báo (trả phí)", paid=True)
    await queue(rig, 1004, "Thông báo thường")
    await send_all(rig)
    await queue(rig, 1005, "Thông báo (trả phí) 2", paid=True)
    await queue(rig, 1006, "Thông báo thường 2")
    await send_all(rig, policy=DeliveryPolicy(paid_lane=True))
    paid = {p["chat_id"]: p.get("allow_paid_broadcast") for p in rig.fake.calls_to("sendMessage")}
    assert paid == {1003: None, 1004: None, 1005: True, 1006: None}


async def test_a_group_gets_twenty_a_minute_and_the_rest_waits_in_the_queue(rig: Rig) -> None:
    group = rig.fake.group(-1001234567890, "Chi hội Hoàn Kiếm")
    async with rig.db.session() as session:
        await enqueue_many(
            session, message_rows([(group.id, None)] * 25, "Nhắc lịch sinh hoạt", topic="g")
        )
        await session.commit()
    clock = FakeClock()
    pacer = simulated_pacer(clock)
    first = await send_all(rig, pacer=pacer)
    assert (first.sent, first.requeued) == (20, 5)
    clock.time += 61
    await send_all(rig, pacer=pacer, now=datetime.now(UTC) + timedelta(seconds=61))
    assert len(group.seen) == 25


async def test_the_pace_holds_on_real_time_against_a_server_that_enforces_it(rig: Rig) -> None:
    rig.fake.enforce_limits(global_per_second=30)
    people = [(10_000 + n, None) for n in range(75)]
    for chat_id, _ in people:
        rig.fake.user(chat_id)
    arrivals: list[float] = []
    rig.fake.on_seen(lambda _seen: arrivals.append(time.monotonic()))
    async with rig.db.session() as session:
        await enqueue_many(session, message_rows(people, "Chúc mừng ngày thành lập Hội"))
        await session.commit()
    began = time.monotonic()
    await asyncio.wait_for(send_all(rig, pacer=DeliveryPolicy().pacer()), timeout=30)
    assert rig.fake.stats.too_many_requests == 0
    assert len(arrivals) == 75 and most_in_window(arrivals, 1.0) <= 30
    assert time.monotonic() - began >= 2.0  # 75 at 30 a second: no faster than Telegram allows


async def test_the_background_job_sends_what_is_due(rig: Rig) -> None:
    await queue(rig, 1003, "Nhắc: nộp báo cáo quý IV", priority=Priority.REMINDER)
    context = JobContext(rig.db, rig.app.bot, rig.settings, datetime.now(UTC))
    try:
        await asyncio.wait_for(send_due(context), timeout=30)
    finally:
        await stop_sending(rig.db)
    assert rig.member_hn.texts() == ["Nhắc: nộp báo cáo quý IV"]
    assert any(job.run is send_due for job in JOBS)


async def test_the_workers_transport_sends_texts_buttons_and_files(rig: Rig, tmp_path: Any) -> None:
    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(b"%PDF-1.4 ke hoach")
    await queue(rig, 1003, "<b>Kế hoạch</b> kiểm tra thi đua", reply_markup=ACK)
    await queue(rig, 1004, "Kế hoạch kèm theo", document={"path": str(pdf)}, reply_markup=ACK)
    bot = RecordingBot(
        token=TOKEN, base_url=rig.fake.base_url, request=AiohttpRequest(), database=rig.db
    )
    async with bot:
        result = await send_all(rig, bot=bot)
    assert result.sent == 2
    text, file = rig.member_hn.last, rig.person(1004).last
    assert (text.text, text.labels()) == ("Kế hoạch kiểm tra thi đua", ["Đã nhận"])
    assert file.document is not None and file.document.content == b"%PDF-1.4 ke hoach"
    assert (file.document_name, file.caption, file.labels()) == (
        "ke-hoach.pdf",
        "Kế hoạch kèm theo",
        ["Đã nhận"],
    )
