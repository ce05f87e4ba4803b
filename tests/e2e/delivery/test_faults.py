"""The delivery engine against a Telegram that misbehaves: 429 storms, 5xx, timeouts, 400."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.cli.worker import sender_bot
from bot.delivery import DeliveryPolicy, Pacer, drain, enqueue_many, message_rows
from bot.delivery.pacer import FEW_AT_ONCE
from bot.fakeapi import Call
from storage.models import DeliveryState
from tests.fakes.delivery import ACK, queue, rows, send_all
from tests.fakes.rig import Rig


class TimedCalls(list[Call]):
    """The fake's record of calls, with when each arrived."""

    def __init__(self, calls: Iterable[Call]) -> None:
        super().__init__(calls)
        self.times: list[float] = [0.0] * len(self)

    def append(self, call: Call) -> None:
        super().append(call)
        self.times.append(time.monotonic())


async def deliver_on_real_time(
    rig: Rig, pacer: Pacer, policy: DeliveryPolicy, timeout: float = 30, bot: Any = None
) -> None:
    """Drain as the background loop does (with the bot's own bot unless `bot`), until no row
    is pending or sending."""

    async def loop() -> None:
        while True:
            if pacer.paused_for():
                await asyncio.sleep(pacer.paused_for())
            await drain(rig.db, bot or rig.app.bot, pacer=pacer, policy=policy)
            states = {row.state for row in await rows(rig)}
            if not states & {DeliveryState.PENDING, DeliveryState.SENDING}:
                return
            await asyncio.sleep(0.05)

    await asyncio.wait_for(loop(), timeout)


async def test_a_429_storm_pauses_every_send_for_retry_after_and_loses_nothing(rig: Rig) -> None:
    rig.expect_rejections = True
    people = [(20_000 + n, None) for n in range(40)]
    for chat_id, _ in people:
        rig.fake.user(chat_id)
    async with rig.db.session() as session:
        await enqueue_many(session, message_rows(people, "Thông báo khẩn", topic="storm"))
        await session.commit()
    rig.fake.calls = calls = TimedCalls(rig.fake.calls)
    rig.fake.fail("sendMessage", retry_after=1, times=6)
    # Pacing lifted: the storm, not the pace, is the point here. Calls already on their way
    # when the 429 comes back cannot be recalled; four at a time keeps them few and quick.
    pacer = Pacer(per_second=0, per_chat_per_second=0, per_group_per_minute=0)
    began = time.monotonic()
    await deliver_on_real_time(rig, pacer, DeliveryPolicy(concurrency=4))
    assert rig.fake.stats.too_many_requests == 6
    sends = [t for t, call in zip(calls.times, calls, strict=True) if call.method == "sendMessage"]
    # The fake refuses the first six calls it gets. After a refusal, only the calls already on
    # their way (at most three others of the four) may still arrive within the second; a sender
    # that ignored the pause would send dozens of the other 34 in it.
    for refused in sends[:6]:
        during = [t for t in sends if refused < t < refused + 0.95]
        assert len(during) <= 3, f"{len(during)} calls went out while Telegram had asked to wait"
    assert time.monotonic() - began >= 1.0
    for chat_id, _ in people:
        assert rig.fake.user(chat_id).texts() == ["Thông báo khẩn"], "everyone, exactly once"
    assert all(row.attempts == 1 for row in await rows(rig)), "a 429 costs no attempt"


async def test_a_5xx_burst_is_retried_with_backoff_then_delivered(rig: Rig) -> None:
    rig.expect_rejections = True
    await queue(rig, 1003, "Báo cáo tháng 11")
    await queue(rig, 1004, "Báo cáo tháng 11")
    rig.fake.fail("sendMessage", status=500, times=2, chat_id=1003)
    now = datetime.now(UTC)
    first = await send_all(rig, now=now)
    assert (first.sent, first.retried) == (1, 1)
    [retrying, _] = await rows(rig)
    assert retrying.state == DeliveryState.PENDING and retrying.attempts == 1
    assert retrying.error == "NetworkError on sendMessage: Internal Server Error"
    waited = retrying.next_attempt_at.replace(tzinfo=UTC) - now
    assert timedelta(seconds=1) <= waited <= timedelta(seconds=2)
    # Nothing goes before its time; then the second try fails and waits longer.
    assert (await send_all(rig, now=now + timedelta(milliseconds=900))).claimed == 0
    await send_all(rig, now=now + timedelta(seconds=2))
    [retrying, _] = await rows(rig)
    assert retrying.attempts == 2
    waited = retrying.next_attempt_at.replace(tzinfo=UTC) - (now + timedelta(seconds=2))
    assert timedelta(seconds=2) <= waited <= timedelta(seconds=4)
    await send_all(rig, now=now + timedelta(seconds=10))
    [sent, _] = await rows(rig)
    assert (sent.state, sent.attempts, sent.error) == (
        DeliveryState.SENT,
        3,
        "NetworkError on sendMessage: Internal Server Error",
    )
    assert rig.member_hn.texts() == ["Báo cáo tháng 11"]


async def test_a_chat_that_keeps_failing_fails_with_its_reason_after_the_last_attempt(
    rig: Rig,
) -> None:
    rig.expect_rejections = True
    await queue(rig, 1003, "Báo cáo tháng 11")
    rig.fake.fail("sendMessage", status=502, times=None, chat_id=1003)
    moment = datetime.now(UTC)
    for _ in range(6):
        await send_all(rig, now=moment)
        moment += timedelta(minutes=10)
    [row] = await rows(rig)
    assert row.state == DeliveryState.FAILED and row.attempts == 5
    assert row.error == "NetworkError on sendMessage: Bad Gateway (after 5 attempts)"
    assert rig.fake.stats.errors[502] == 5


async def test_a_timeout_is_retried_and_the_message_arrives_at_least_once(rig: Rig) -> None:
    await queue(rig, 1003, "Lịch họp tuần sau")
    rig.fake.fail("sendMessage", delay=1.0, times=1, chat_id=1003)
    moment = datetime.now(UTC)
    first = await send_all(rig, now=moment, policy=DeliveryPolicy(read_timeout=0.3))
    assert first.retried == 1
    [row] = await rows(rig)
    assert row.error == "TimedOut on sendMessage: Timed out"
    await send_all(rig, now=moment + timedelta(minutes=1))
    await rig.fake.wait_idle()
    [row] = await rows(rig)
    assert (row.state, row.attempts) == (DeliveryState.SENT, 2)
    # The slow answer was a message that did arrive: at least once, here twice.
    assert rig.member_hn.texts() == ["Lịch họp tuần sau"] * 2


async def test_a_bad_request_fails_at_once_with_its_reason(rig: Rig) -> None:
    rig.expect_rejections = True
    forged: dict[str, Any] = {"inline_keyboard": [[{"text": "Xem", "callback_data": "x" * 65}]]}
    await queue(rig, 1003, "Thông báo", reply_markup=forged)
    await queue(rig, 1004, "Thông báo", reply_markup=ACK)
    result = await send_all(rig)
    assert (result.sent, result.failed, result.retried) == (1, 1, 0)
    [bad, good] = await rows(rig)
    assert (bad.state, bad.attempts, bad.error) == (
        DeliveryState.FAILED,
        1,
        "BadRequest on sendMessage: Button_data_invalid",  # as python-telegram-bot words it
    )
    assert good.state == DeliveryState.SENT


async def queue_paid(rig: Rig, people: list[tuple[int, None]], text: str, topic: str) -> None:
    for chat_id, _ in people:
        rig.fake.user(chat_id)
    async with rig.db.session() as session:
        await enqueue_many(session, message_rows(people, text, topic=topic, paid=True))
        await session.commit()


async def time_the_lane(rig: Rig, pacer: Pacer, policy: DeliveryPolicy, bot: Any = None) -> None:
    """Send a first paid broadcast of 20, so that the pacer knows the round trip: until
    then a lane keeps only a few calls out."""
    await queue_paid(rig, [(39_000 + n, None) for n in range(20)], "Thông báo", "first")
    await deliver_on_real_time(rig, pacer, policy, bot=bot)
    assert pacer.calls_at_once(True, 1000) > FEW_AT_ONCE


async def test_the_paid_lane_keeps_a_seconds_worth_of_calls_out_when_telegram_answers_slowly(
    rig: Rig,
) -> None:
    # At 1,000 messages a second and Telegram's round trip, many calls are out at once: a
    # lane held to a fixed few calls in flight would send that few per round trip.
    rig.fake.fail("sendMessage", delay=0.5, times=None)  # every answer half a second late
    policy, pacer = DeliveryPolicy(paid_lane=True), Pacer(paid_per_second=1000)
    await time_the_lane(rig, pacer, policy)
    people = [(30_000 + n, None) for n in range(120)]
    await queue_paid(rig, people, "Thông báo (trả phí)", "paid")
    rig.fake.calls = calls = TimedCalls([])
    await deliver_on_real_time(rig, pacer, policy)
    sends = [t for t, call in zip(calls.times, calls, strict=True) if call.method == "sendMessage"]
    assert len(sends) == len(people)
    # All 120 fit in the paid lane's first second: they went out before any answer came back.
    assert max(sends) - min(sends) < 0.45, "the calls waited for each other's answers"
    for chat_id, _ in people:
        assert rig.fake.user(chat_id).texts() == ["Thông báo (trả phí)"], "everyone, exactly once"


async def test_the_worker_has_a_connection_for_each_paid_call_in_flight(rig: Rig) -> None:
    # 300 calls out at once, each answered a second late: with fewer connections than calls
    # (one call at a time on each), the rest would wait a second for the first answers.
    rig.fake.fail("sendMessage", delay=1.0, times=None)
    policy, pacer = DeliveryPolicy(paid_lane=True), Pacer(paid_per_second=1000)
    async with sender_bot(rig.settings, rig.db, policy) as bot:
        await time_the_lane(rig, pacer, policy, bot)
        people = [(40_000 + n, None) for n in range(300)]
        await queue_paid(rig, people, "Thông báo", "paid")
        rig.fake.calls = calls = TimedCalls([])
        await deliver_on_real_time(rig, pacer, policy, bot=bot)
    sends = [t for t, call in zip(calls.times, calls, strict=True) if call.method == "sendMessage"]
    assert len(sends) == len(people)
    assert max(sends) - min(sends) < 1.0, "calls waited for a connection"
    assert all(rig.fake.user(chat_id).texts() == ["Thông báo"] for chat_id, _ in people)
