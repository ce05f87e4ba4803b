"""A chat as the fake Telegram keeps it: its messages by id and what the bot showed there."""

from __future__ import annotations

import itertools

from bot.fakeapi.common import JSON
from bot.fakeapi.seen import SeenMessage


class Chat:
    """A chat with the bot: every message in it by id, and what the bot showed there."""

    def __init__(self, chat: JSON) -> None:
        self.id: int = chat["id"]
        self.chat = chat
        self.seen: list[SeenMessage] = []
        self.seen_by_id: dict[int, SeenMessage] = {}
        self.messages: dict[int, JSON] = {}
        self.blocked = False
        self.started = True
        self._ids = itertools.count(1)

    def next_message_id(self) -> int:
        return next(self._ids)

    @property
    def last(self) -> SeenMessage:
        """The bot's latest message here that is still shown."""
        for seen in reversed(self.seen):
            if not seen.deleted:
                return seen
        raise AssertionError(f"the bot has shown nothing in chat {self.id}")

    def texts(self, include_deleted: bool = False) -> list[str]:
        return [s.shown for s in self.seen if include_deleted or not s.deleted]
