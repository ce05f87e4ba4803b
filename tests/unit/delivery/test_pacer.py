"""The pacer on a simulated clock: Telegram's limits hold in every window, and no slower."""

from __future__ import annotations

import heapq
import itertools
import random

from bot.delivery.pacer import Pacer, Ticket
from bot.fakeapi.faults import most_in_window
from tests.fakes.clock import FakeClock


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


def simulate(pacer: Pacer, ways: list[tuple[float, float]]) -> list[float]:
    """Send one call per (way there, way back) on the paid lane, as many at once as the pacer
    lets go, each to its own chat, on its simulated clock (`FakeClock`, set by hand here);
    returns when each call reached Telegram."""
    clock = pacer.clock
    assert isinstance(clock, FakeClock)
    arrivals: list[float] = []
    answers: list[tuple[float, int, Ticket]] = []  # (when, call, ticket), a heap
    for call, (there, back) in enumerate(ways, start=1):
        while (ready := pacer.lane_ready_at(True)) is None or (answers and answers[0][0] <= ready):
            clock.time, _, ticket = heapq.heappop(answers)
            pacer.succeeded(ticket)
            pacer.answered(ticket)
        clock.time = max(clock.time, ready)
        ticket = pacer.take(call, True)
        arrivals.append(clock.time + there)
        heapq.heappush(answers, (clock.time + there + back, call, ticket))
    while answers:
        clock.time, _, ticket = heapq.heappop(answers)
        pacer.succeeded(ticket)
        pacer.answered(ticket)
    return arrivals


async def test_uneven_round_trips_never_put_a_window_over_the_limit() -> None:
    # Round trips that vary a lot, each way on its own, many calls out at once.
    for seed in range(3):
        rng = random.Random(seed)
        ways = [(rng.uniform(0.01, 0.3), rng.uniform(0.01, 0.3)) for _ in range(10_000)]
        arrivals = simulate(Pacer(paid_per_second=1000, clock=FakeClock()), ways)
        assert most_in_window(arrivals, 1.0) <= 1000
    # A burst's first calls queue on their way there, so that none of them is quick; the
    # later ones are: a token must not come back early by what the first ones took.
    ways = [(0.05 + n / 2000, 0.001) for n in range(1000)] + [(0.001, 0.001)] * 5000
    arrivals = simulate(Pacer(paid_per_second=1000, clock=FakeClock()), ways)
    assert most_in_window(arrivals, 1.0) <= 1000


async def test_a_lane_keeps_about_its_pace_times_the_round_trip_in_flight() -> None:
    near = Pacer(paid_per_second=1000, clock=FakeClock())
    # Nothing timed yet: a few, not a second's worth started at once on new connections.
    assert near.calls_at_once(True, 1000) == 64
    assert near.calls_at_once(False, 32) == 32
    simulate(near, [(0.0025, 0.0025)] * 100)
    # 5 ms away: 1,000 a second need 5 calls out; twice that and 64 for slower trips.
    assert near.calls_at_once(True, 1000) == 74
    far = Pacer(paid_per_second=1000, clock=FakeClock())
    simulate(far, [(0.1, 0.1)] * 100)
    assert far.calls_at_once(True, 1000) == 464
    assert far.calls_at_once(False, 32) == 32, "the ordinary lane's 30 a second need fewer"
    assert Pacer(paid_per_second=0).calls_at_once(True, 500) == 500, "no limit, no change"
