"""Webhook mode: setWebhook and friends, and the task that POSTs updates to the bot."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import aiohttp

from bot.fakeapi.common import JSON
from bot.fakeapi.updates import UpdateQueue

_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Webhook:
    """Holds the webhook settings and delivers queued updates to the url, one at a time,
    retrying with backoff as Telegram does when the bot answers anything but 2xx."""

    def __init__(self, updates: UpdateQueue) -> None:
        self.updates = updates
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error: tuple[int, str] | None = None
        self._task: asyncio.Task[None] | None = None

    def handle(self, method: str, params: dict[str, Any]) -> object:
        if method == "getWebhookInfo":
            return self.info()
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        if method == "deleteWebhook" or not params.get("url"):
            self.url, self.secret_token = "", None
        else:
            self.url = str(params["url"])
            self.secret_token = params.get("secret_token")
            self.max_connections = int(params.get("max_connections", 40))
            if "allowed_updates" in params:
                self.updates.allowed = frozenset(params["allowed_updates"]) or None
            if self._task is None or self._task.done():
                self._task = asyncio.get_running_loop().create_task(self._deliver())
        self.last_error = None
        self.updates.changed.bump()
        return True

    def info(self) -> JSON:
        info: JSON = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": self.updates.pending_count,
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self.updates.allowed:
                info["allowed_updates"] = sorted(self.updates.allowed)
        if self.last_error:
            info["last_error_date"], info["last_error_message"] = self.last_error
        return info

    async def stop(self) -> None:
        self.url = ""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _deliver(self) -> None:
        backoff = 0.05
        async with aiohttp.ClientSession() as session:
            while self.url:
                update = self.updates.peek()
                if update is None:
                    await self.updates.changed.wait_for(
                        lambda: not self.url or self.updates.peek() is not None, 3600.0
                    )
                    continue
                error = await self._post(session, update)
                if error is None:
                    self.updates.acknowledge(update["update_id"])
                    backoff = 0.05
                else:
                    self.last_error = (int(time.time()), error)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 1.0)

    async def _post(self, session: aiohttp.ClientSession, update: JSON) -> str | None:
        headers = {_SECRET_HEADER: self.secret_token} if self.secret_token else {}
        try:
            async with session.post(
                self.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
            ) as response:
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {exc!r}"
