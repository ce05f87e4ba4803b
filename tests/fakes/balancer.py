"""Telegram's side of webhooks behind a load balancer, for the scale drill.

Updates are posted to the processes in turn, several at a time as Telegram does; an update
that gets anything but 200 (503, a refused or broken connection) is posted again, to the
next process, with a growing pause; some updates already acknowledged are sent once more to
another process, as Telegram does when an answer was slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp

from tests.fakes.processes import post_update


class Balancer:
    """Posts updates to `hooks()` (the webhook URLs of the processes, as they are now)."""

    def __init__(self, hooks: Callable[[], Sequence[str]], redeliver_every: int = 7) -> None:
        self.hooks = hooks
        self.redeliver_every = redeliver_every
        self.answers: dict[int, list[int | str]] = {}  # update_id: every answer it got
        self.acknowledged: set[int] = set()
        self.redelivered: set[int] = set()
        self.posted = 0

    @property
    def refused_once(self) -> set[int]:
        """Updates that got an answer other than 200 before being taken: those in hand when
        a process or the database went away."""
        return {u for u, answers in self.answers.items() if set(answers) != {200}}

    async def run(self, updates: Sequence[dict[str, Any]], per_second: float) -> None:
        async with aiohttp.ClientSession() as session:
            tasks = []
            for index, update in enumerate(updates):
                tasks.append(asyncio.create_task(self._deliver(session, update, index)))
                self.posted += 1
                await asyncio.sleep(1 / per_second)
            await asyncio.gather(*tasks)

    async def _deliver(
        self, session: aiohttp.ClientSession, update: dict[str, Any], index: int
    ) -> None:
        taken_by = await self._until_taken(session, update, index)
        self.acknowledged.add(update["update_id"])
        if index % self.redeliver_every == 0:
            await asyncio.sleep(0.05)
            self.redelivered.add(update["update_id"])
            await self._until_taken(session, update, taken_by + 1)

    async def _until_taken(
        self, session: aiohttp.ClientSession, update: dict[str, Any], turn: int
    ) -> int:
        """Post until a process answers 200; the turn of the one that did."""
        answers = self.answers.setdefault(update["update_id"], [])
        pause = 0.1
        while True:
            hooks = self.hooks()
            answer = await post_update(session, hooks[turn % len(hooks)], update)
            answers.append(answer)
            if answer == 200:
                return turn
            turn += 1
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)
