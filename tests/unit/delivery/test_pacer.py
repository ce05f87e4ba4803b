"""The pacer on a simulated clock: Telegram's limits hold in every window, and no slower."""

from __future__ import annotations

import itertools

from bot.delivery.pacer import Pacer
from tests.fakes.clock import FakeClock, most_in_window


async def send_all(
    pacer: Pacer, chats: list[int], *, paid: bool = False, latency: float = 0.0
) -> list[float]:
    """Acquire, "call" (taking `latency` of simulated time) and answer, for each chat in turn;
    returns when each call reached Telegram (its start: the earliest it can be counted)."""
    stamps = []
    for chat in chats:
        ticket = await pacer.acquire(chat, paid)
        stamps.append(pacer.clock.now())
        await pacer.clock.sleep(latency)
        pacer.answered(ticket)
    return stamps


async def test_overall_pace_is_thirty_a_second_in_every_window() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=30, clock=clock)
    stamps = await send_all(pacer, list(range(1, 601)))
    assert most_in_window(stamps, 1.0) == 30
    # 600 messages at 30 a second: the first 30 at once, the last after 19 seconds.
    assert 19.0 <= clock.time < 19.5
    assert 600 / (clock.time + 1) >= 30 * 0.98


async def test_a_slow_answer_delays_the_token_it_held() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=30, clock=clock)
    stamps = await send_all(pacer, list(range(1, 301)), latency=0.01)
    # Telegram may count a call anywhere between its start and its answer.
    assert most_in_window(stamps, 1.0) <= 30
    assert most_in_window([s + 0.01 for s in stamps], 1.0) <= 30


async def test_one_message_a_second_per_chat_and_twenty_a_minute_per_group() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=30, clock=clock)
    private = await send_all(pacer, [42] * 5)
    assert [round(b - a, 6) for a, b in itertools.pairwise(private)] == [1.0] * 4
    clock.time = 100.0
    group = await send_all(pacer, [-1001] * 45)
    assert most_in_window(group, 60.0) == 20
    assert group[19] - group[0] < 1.0 and group[20] - group[0] >= 60.0
    assert group[40] - group[0] >= 120.0


async def test_a_429_pauses_every_send_for_its_retry_after() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=30, clock=clock)
    await send_all(pacer, [1])
    pacer.pause(7)
    assert not await pacer.wait_lane(False, longest=5)
    stamps = await send_all(pacer, [2, 3])
    assert stamps[0] >= 7.0
    assert pacer.paused_for() == 0


async def test_paid_lane_goes_to_a_thousand_a_second_beside_the_ordinary_one() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=30, paid_per_second=1000, clock=clock)
    paid = await send_all(pacer, list(range(1, 3001)), paid=True)
    assert most_in_window(paid, 1.0) == 1000
    assert clock.time < 3.0
    ordinary = await send_all(pacer, list(range(5001, 5031)))
    assert most_in_window(ordinary, 1.0) == 30


async def test_lifted_limits_never_wait() -> None:
    clock = FakeClock()
    pacer = Pacer(per_second=0, per_chat_per_second=0, per_group_per_minute=0, clock=clock)
    await send_all(pacer, [7] * 1000 + [-7] * 1000)
    assert clock.time == 0.0
