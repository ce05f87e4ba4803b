"""The dashboard's session cookie: signed, expiring, bound to the bot's token."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.web import sessions

TOKEN = "7000000001:token"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_a_cookie_names_its_member_until_it_expires() -> None:
    cookie = sessions.issue(42, TOKEN, NOW)
    assert sessions.member_of(cookie, TOKEN, NOW) == 42
    assert sessions.member_of(cookie, TOKEN, NOW + sessions.LIFETIME) is None


def test_a_cookie_changed_or_from_another_bot_names_nobody() -> None:
    cookie = sessions.issue(42, TOKEN, NOW)
    assert sessions.member_of("43" + cookie[2:], TOKEN, NOW) is None
    assert sessions.member_of(cookie, TOKEN + "x", NOW) is None
    assert sessions.member_of("", TOKEN, NOW) is None
    assert sessions.member_of("1.2.ü", TOKEN, NOW) is None
