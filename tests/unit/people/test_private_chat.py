"""A member is bound to their private chat only; the link to it carries only a valid code."""

from __future__ import annotations

import pytest

from bot.people.joining import private_chat_link
from storage.models import Member
from storage.people.members import bind_member


def test_a_member_is_bound_to_their_private_chat_and_never_a_groups() -> None:
    member = Member(name="Mai Thị Lan")
    with pytest.raises(ValueError, match="private chat"):
        bind_member(member, 4242, -100200300, "vi")
    assert (member.telegram_user_id, member.chat_id) == (None, None)
    bind_member(member, 4242, 4242, "vi")
    assert (member.telegram_user_id, member.chat_id) == (4242, 4242)


def test_the_link_to_the_private_chat_passes_on_only_what_telegram_would() -> None:
    assert private_chat_link("hoibot") == "https://t.me/hoibot"
    assert private_chat_link("hoibot", "aB3_-x") == "https://t.me/hoibot?start=aB3_-x"
    for odd in ("có dấu", "a&b=c", "x" * 65):
        assert private_chat_link("hoibot", odd) == "https://t.me/hoibot"
