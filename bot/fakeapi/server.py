"""FakeTelegram: an in-process Bot API server on loopback for the real bot to talk to.

Point python-telegram-bot at it with `.base_url(fake.base_url)` and
`.base_file_url(fake.base_file_url)`. Every call is checked against the published spec
and Telegram's limits, recorded in `calls`, and simulated against the world of `SimUser`s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.fakeapi.common import JSON
from bot.fakeapi.endpoint import Endpoint, HasUpdateQueue
from bot.fakeapi.faults import Fault, RateLimits
from bot.fakeapi.seen import SeenMessage
from bot.fakeapi.users import SimGroup, SimUser


class FakeTelegram(Endpoint):
    """The fake server, its simulated people, and what the bot did to them.

    Observe through `calls` (every accepted call but getUpdates, as (method, params) with
    params decoded), `rejected` (every error answer), `stats`, `commands()`, and the `seen`
    lists of users and groups. Wait with `wait_idle()`, `delivered()` or `wait_until()`.
    """

    def __init__(self, token: str = "123456:TEST", *, idle_timeout: float = 5.0) -> None:
        super().__init__(token, idle_timeout)

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeTelegram:
        self._runner = web.AppRunner(self.routes(), access_log=None)
        await self._runner.setup()
        # Like Telegram, take a thousand connections at once: with aiohttp's backlog of 128,
        # the kernel drops the rest's first SYN, and they connect a second later.
        site = web.TCPSite(self._runner, host, port, backlog=4096)
        await site.start()
        self.host, self.port = host, self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self.updates.release()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # -- the simulated world ---------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        *,
        started: bool = True,
    ) -> SimUser:
        """A person (the same one again for a known id); with started=False the bot may not
        write first and gets 403 like on Telegram, until the person writes."""
        known = self.world.chats.get(user_id)
        if isinstance(known, SimUser):
            return known
        person = SimUser(self, user_id, first_name, last_name, username, language_code)
        person.started = started
        self.world.chats[user_id] = person
        return person

    def group(self, chat_id: int, title: str) -> SimGroup:
        known = self.world.chats.get(chat_id)
        if isinstance(known, SimGroup):
            return known
        chat = SimGroup(self, chat_id, title)
        self.world.chats[chat_id] = chat
        return chat

    def on_seen(self, listener: Callable[[SeenMessage], None]) -> None:
        """Call listener with every message the bot shows or edits (used by `hoibot try`)."""
        self.world.listeners.append(listener)

    def push_update(self, kind: str, payload: JSON) -> JSON:
        update = self.updates.push(kind, payload)
        return update if update is not None else {"dropped": kind}

    # -- faults and limits -----------------------------------------------------------------
    def fail(
        self,
        method: str | None = "sendMessage",
        status: int | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        description: str | None = None,
    ) -> None:
        """Make matching calls fail or answer slowly.

        status=None with retry_after means 429; with only delay, the call succeeds but its
        answer comes late (the message is sent even if the client gives up, as on Telegram).
        method=None matches every method but getUpdates; times=None never runs out.
        """
        if status is None and retry_after is not None:
            status = 429
        if status is None and delay <= 0:
            raise ValueError("fail() needs a status, a retry_after or a delay")
        self._faults.add(Fault(method, status, retry_after, times, chat_id, delay, description))

    def clear_faults(self) -> None:
        self._faults.clear()

    def enforce_limits(
        self,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
    ) -> None:
        self._limits = RateLimits(global_per_second, per_chat_per_second, per_group_per_minute)

    def relax_limits(self) -> None:
        self._limits = None

    # -- observation -----------------------------------------------------------------------
    def commands(
        self,
        scope_type: str = "default",
        chat_id: int | None = None,
        language_code: str = "",
        user_id: int | None = None,
    ) -> list[dict[str, str]]:
        return list(self.world.commands.get((scope_type, chat_id, user_id, language_code), []))

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    @property
    def undelivered(self) -> int:
        return self.updates.undelivered

    async def delivered(self, timeout: float | None = None) -> None:
        """Return once every queued update was handed to the bot (polling or webhook)."""
        target = self.updates.last_id
        if not await self.updates.changed.wait_for(
            lambda: self.updates.handed_out >= target, timeout or self.idle_timeout
        ):
            raise AssertionError(f"{self.undelivered} update(s) never reached the bot")

    def attach(self, application: HasUpdateQueue) -> None:
        """Let wait_idle also wait for the Application to finish handling what it received."""
        self._app = application

    async def wait_idle(self, timeout: float | None = None, quiet: float | None = None) -> None:
        """Return once the bot took every update, handled them, and stopped calling the API."""
        loop = asyncio.get_running_loop()
        limit = timeout or self.idle_timeout
        deadline = loop.time() + limit
        target = self.updates.last_id
        if not await self.updates.changed.wait_for(lambda: self.updates.confirmed >= target, limit):
            raise AssertionError(
                f"the bot did not take updates up to {target} within {limit}s "
                f"({self.undelivered} never handed out): is it polling, or is a webhook set?"
            )
        if self._app is not None:
            try:
                await asyncio.wait_for(self._app.update_queue.join(), deadline - loop.time())
            except TimeoutError:
                raise AssertionError(f"the bot was still handling updates after {limit}s") from None
        pause = quiet if quiet is not None else (0.005 if self._app is not None else 0.05)
        while self._in_flight or loop.time() - self._quiet_since < pause:
            if loop.time() > deadline:
                raise AssertionError(f"the bot kept calling the API for {limit}s")
            await asyncio.sleep(pause / 2)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float | None = None) -> None:
        """Wait for a condition on calls or chats, re-checked after every API call."""
        if not await self.activity.wait_for(predicate, timeout or self.idle_timeout):
            raise AssertionError("condition not reached before the timeout")
