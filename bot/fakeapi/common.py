"""Small shared pieces of the fake Bot API: its error type, uploads and identities."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

BOT_ID = 7000000001
BOT_USERNAME = "hoibot_test_bot"
BOT_FIRST_NAME = "Hoibot"
BOT_USER: JSON = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}


class ApiError(Exception):
    """A refusal the way Telegram words it; the server turns it into an error answer."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart request, kept whole so tests can read what the bot sent."""

    filename: str
    content: bytes
    content_type: str


def utf16_len(text: str) -> int:
    # Telegram counts lengths and entity offsets in UTF-16 code units, not code points.
    return len(text.encode("utf-16-le")) // 2


class Signal:
    """Lets coroutines wait for a condition on state that changes in many places."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def bump(self) -> None:
        # Fire the current event and install a fresh one, so every waiter re-checks once.
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until predicate() holds, re-checking after every bump; False on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            event, remaining = self._event, deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True
