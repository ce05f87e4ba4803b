"""When a held message goes, in words: "06:00 sáng mai" (issue 10, item 7)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.text.i18n import use_locale
from bot.text.moments import format_release

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("now", "release", "vi", "en"),
    [
        ((2026, 12, 3, 23, 10), (2026, 12, 4, 6, 0), "06:00 sáng mai", "06:00 tomorrow morning"),
        ((2026, 12, 4, 1, 30), (2026, 12, 4, 6, 0), "06:00 sáng nay", "06:00 this morning"),
        ((2026, 12, 4, 9, 0), (2026, 12, 4, 19, 30), "19:30 tối nay", "19:30 this evening"),
        ((2026, 12, 4, 9, 0), (2026, 12, 4, 12, 0), "12:00 trưa nay", "12:00 this noon"),
        (
            (2026, 12, 4, 9, 0),
            (2026, 12, 7, 15, 0),
            "15:00 chiều ngày 7/12",
            "15:00 on 7/12 (afternoon)",
        ),
        (
            (2026, 12, 31, 22, 0),
            (2027, 1, 2, 6, 0),
            "06:00 sáng ngày 2/1/2027",
            "06:00 on 2/1/2027 (morning)",
        ),
    ],
)
def test_a_release_time_is_said_as_people_say_it(
    now: tuple[int, int, int, int, int],
    release: tuple[int, int, int, int, int],
    vi: str,
    en: str,
) -> None:
    at = datetime(*now).replace(tzinfo=TZ)
    moment = datetime(*release).replace(tzinfo=TZ)
    with use_locale("vi"):
        assert format_release(moment, at, TZ) == vi
    with use_locale("en"):
        assert format_release(moment, at, TZ) == en
