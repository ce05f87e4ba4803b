"""The worker raises its own limit of open files for the paid lane's connections."""

from __future__ import annotations

import resource
from collections.abc import Iterator

import pytest

from bot.cli.worker import OTHER_FILES, allow_open_files
from bot.delivery import DeliveryPolicy


@pytest.fixture
def limits() -> Iterator[tuple[int, int]]:
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    yield before
    resource.setrlimit(resource.RLIMIT_NOFILE, before)


def test_a_low_soft_limit_is_raised_as_far_as_the_hard_one_allows(
    limits: tuple[int, int],
) -> None:
    _, hard = limits
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    needed = DeliveryPolicy(paid_lane=True).connections() + OTHER_FILES
    assert needed == 1288  # a second's worth of paid calls, 32 ordinary ones, 256 more
    expected = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    assert allow_open_files(needed) == expected
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == (expected, hard)


def test_a_high_enough_limit_is_left_alone(limits: tuple[int, int]) -> None:
    soft, hard = limits
    assert allow_open_files(16) == soft
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == (soft, hard)
