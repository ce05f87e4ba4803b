"""Small parts of pages 4 and 5: an announcement's text as one plain line, a delivery's
failure said in words, the colour of a coverage figure."""

from __future__ import annotations

from bot.text.i18n import use_locale
from bot.web.pages.announcements import plain, reason_words
from bot.web.pages.units import coverage_class


def test_the_text_loses_its_telegram_html_and_is_cut_to_a_line() -> None:
    assert plain("<b>Họp mặt</b> lúc 8:00 &amp; 9:00\n\nở <i>Hà Nội</i>") == (
        "Họp mặt lúc 8:00 & 9:00 ở Hà Nội"
    )
    long = plain("chữ " * 100, limit=20)
    assert len(long) == 20 and long.endswith("…")


def test_failures_are_said_in_words_for_the_office() -> None:
    with use_locale("vi"):
        assert reason_words("Forbidden: bot was blocked by the user") == (
            "đã chặn bot hoặc đã xoá tài khoản Telegram"
        )
        assert reason_words("Forbidden: user is deactivated") == reason_words("unreachable")
        assert reason_words("Bad Request: chat not found") == "chưa từng mở bot"
        assert reason_words("Timed out (after 5 attempts)").startswith("không kết nối được")
        assert reason_words("something new") == "lỗi khác"


def test_coverage_is_coloured_by_thresholds() -> None:
    assert [coverage_class(p) for p in (0, 39, 40, 79, 80, 100)] == [
        "bad",
        "bad",
        "late",
        "late",
        "good",
        "good",
    ]
