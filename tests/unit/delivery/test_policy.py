"""The sender's settings: read from HOIBOT_* variables, refused by name when malformed."""

from __future__ import annotations

import pytest

from bot.app.settings import ConfigError, load_settings
from bot.delivery import DeliveryPolicy


def test_defaults_are_telegrams_limits_and_the_paid_lane_is_off() -> None:
    policy = DeliveryPolicy.from_settings(load_settings({}))
    assert (policy.per_second, policy.per_chat_per_second, policy.per_group_per_minute) == (
        30,
        1,
        20,
    )
    assert not policy.paid_lane and policy.paid_per_second == 1000
    assert (policy.max_attempts, policy.stuck_seconds) == (5, 60.0)


def test_operators_set_the_pace_the_paid_lane_and_the_retries() -> None:
    settings = load_settings(
        {
            "HOIBOT_DELIVERY_PER_SECOND": "0",
            "HOIBOT_PAID_BROADCAST": "1",
            "HOIBOT_PAID_PER_SECOND": "500",
            "HOIBOT_DELIVERY_MAX_ATTEMPTS": "8",
            "HOIBOT_DELIVERY_STUCK_SECONDS": "120",
        }
    )
    policy = DeliveryPolicy.from_settings(settings)
    assert policy.per_second == 0 and policy.paid_lane and policy.paid_per_second == 500
    assert (policy.max_attempts, policy.stuck_seconds) == (8, 120.0)
    assert policy.batch_size(5000, paid=False) == 500, "unpaced: batches of 500"
    assert policy.batch_size(5000, paid=True) == 1000, "two seconds of the paid pace"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HOIBOT_DELIVERY_PER_SECOND", "fast"),
        ("HOIBOT_DELIVERY_PER_GROUP_PER_MINUTE", "-1"),
        ("HOIBOT_DELIVERY_MAX_ATTEMPTS", "0"),
        ("HOIBOT_PAID_PER_SECOND", "1.5"),
    ],
)
def test_a_malformed_value_is_refused_by_its_name(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})


def test_backoff_grows_with_jitter_up_to_a_cap() -> None:
    policy = DeliveryPolicy()
    for attempts, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (12, 300.0)]:
        waits = {policy.backoff(attempts) for _ in range(50)}
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(waits) > 1, "jittered, so retries of a burst spread out"
