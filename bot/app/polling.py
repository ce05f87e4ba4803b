"""Long polling that loses nothing it let Telegram forget.

Telegram forgets an update once a getUpdates call asks for an offset past it. PTB's Updater
asks for the next batch as soon as it has one, before that batch is handled, so a process
killed then lost what it held. Here a fetched batch is first written to the database
(storage/polled.py, one transaction a batch) and only then confirmed by the next call; the
updates go to the application's queue as the Updater's would. What was kept and is not
handled (the process died, or the database was away while handling it) is handed again:
all of it when polling starts, and what has waited over a minute, every minute. Handing an
update twice is harmless: the processor claims each update id once, in the transaction of
its effects.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError, TimedOut

from storage.polled import keep_polled, list_unhandled

log = logging.getLogger(__name__)

# The longest pause after a failed call (the network, Telegram or the database is away).
MAX_PAUSE = 30.0
# How often, and after how long, a kept update that is still not handled is handed again.
SWEEP_EVERY = 60.0
# How many kept updates are read at a time.
SWEEP_BATCH = 500


class Poller:
    """getUpdates in a loop for `application`, until stopped."""

    def __init__(
        self, application: Any, *, timeout: int, allowed_updates: list[str] | None
    ) -> None:
        self.application = application
        self.timeout = timeout
        self.allowed_updates = allowed_updates
        self.offset: int | None = None
        self._stopping = False
        self._fetch: asyncio.Future[Sequence[Update]] | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="hoibot polling")

    async def wait(self, stop: asyncio.Event) -> None:
        """Until `stop` is set, or polling ends on an error it cannot get over (a revoked
        token), which is raised."""
        assert self._task is not None, "start first"
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({stopping, self._task}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if self._task.done() and not self._task.cancelled():
            self._task.result()

    async def stop(self) -> None:
        """Stop fetching and tell Telegram what was kept (the application finishes what is
        in its queue when it stops)."""
        self._stopping = True
        if self._fetch is not None:
            self._fetch.cancel()  # what it would bring is not confirmed: it comes again
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self.offset is not None:
            # Confirms what was kept; what this call brings back is not confirmed.
            with contextlib.suppress(TelegramError):
                await self.application.bot.get_updates(offset=self.offset, timeout=0, limit=1)

    async def _run(self) -> None:
        await self.application.bot.delete_webhook()  # Telegram serves one or the other
        await self._hand_kept(older_than=None)
        loop = asyncio.get_running_loop()
        next_sweep = loop.time() + SWEEP_EVERY
        pause = 0.0
        while not self._stopping:
            if pause:
                await asyncio.sleep(pause)
            if loop.time() >= next_sweep:
                await self._hand_kept(older_than=timedelta(seconds=SWEEP_EVERY))
                next_sweep = loop.time() + SWEEP_EVERY
            updates = await self._next_batch()
            if updates is None or (updates and not await self._keep(updates)):
                pause = min(max(pause * 2, 1.0), MAX_PAUSE)
                continue
            pause = 0.0
            if updates:
                self.offset = updates[-1].update_id + 1
                for update in updates:
                    await self.application.update_queue.put(update)

    async def _hand_kept(self, older_than: timedelta | None) -> None:
        """Hand again the kept updates that are not handled (kept before `older_than` ago,
        or all of them)."""
        before = None if older_than is None else datetime.now(UTC) - older_than
        after = 0
        while not self._stopping:
            try:
                async with self.application.bot_data.db.session() as session:
                    kept = await list_unhandled(session, after, SWEEP_BATCH, before=before)
            except Exception as error:
                log.warning("kept updates not read (%s)", type(error).__name__)
                return  # the next sweep tries again
            if not kept:
                return
            log.info("handing again %d updates kept and not handled", len(kept))
            for update_id, body in kept:
                update = Update.de_json(json.loads(body), self.application.bot)
                await self.application.update_queue.put(update)
                after = update_id

    async def _keep(self, updates: Sequence[Update]) -> bool:
        fetched = self.application.bot.fetched  # as Telegram sent them, by the same call
        bodies = [(update.update_id, fetched[update.update_id]) for update in updates]
        try:
            async with self.application.bot_data.db.session() as session:
                await keep_polled(session, bodies, datetime.now(UTC))
                await session.commit()
        except Exception as error:
            log.warning("updates not kept (%s); fetched again later", type(error).__name__)
            return False
        return True

    async def _next_batch(self) -> Sequence[Update] | None:
        """The next updates, () when there were none, None after a failed call."""
        self._fetch = asyncio.ensure_future(
            self.application.bot.get_updates(
                offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed_updates
            )
        )
        try:
            return await self._fetch
        except asyncio.CancelledError:
            if self._stopping:
                return ()
            raise
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("getUpdates: Telegram asks to wait %.0f s", seconds)
            await asyncio.sleep(seconds)
            return ()
        except TimedOut:
            return ()
        except (NetworkError, Conflict) as error:
            log.warning("getUpdates failed (%s); trying again", type(error).__name__)
            return None
        finally:
            self._fetch = None
