"""Periodic work beside the bot (the sender, reminders, chasing), on the same event loop.

Each job is an async function of a `JobContext`; it must be safe to run in several
processes at once and after a crash (jobs only enqueue with dedupe keys, or claim rows).
Tests call the job functions directly with a simulated `now` instead of starting the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.app.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobContext:
    db: Database
    bot: Any
    settings: Settings
    now: datetime
    # Set when the process stops: a job that runs long (the sender) ends its round early.
    stop: asyncio.Event | None = None


Job = Callable[[JobContext], Awaitable[None]]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    run: Job


# Filled by `build_application` (the sender) and the features' `register` (their jobs).
JOBS: list[PeriodicJob] = []


def register_job(job: PeriodicJob) -> None:
    """Add a job to what every bot process runs (once, however often it is called)."""
    if all(j.name != job.name for j in JOBS):
        JOBS.append(job)


class JobRunner:
    """Runs every registered job on its own interval until stopped."""

    def __init__(self, db: Database, bot: Any, settings: Settings) -> None:
        self.db, self.bot, self.settings = db, bot, settings
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    def start(self, jobs: list[PeriodicJob] | None = None) -> None:
        for job in JOBS if jobs is None else jobs:
            self._tasks.append(asyncio.create_task(self._loop(job), name=f"job:{job.name}"))

    async def stop(self, grace: float = 3.0) -> None:
        """Let the rounds under way finish (up to `grace` seconds), then cancel the rest."""
        self._stopping.set()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=grace)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    async def _loop(self, job: PeriodicJob) -> None:
        stopping = self._stopping
        while not stopping.is_set():
            now = datetime.now(UTC)
            try:
                await job.run(JobContext(self.db, self.bot, self.settings, now, stopping))
            except Exception:
                # One failed round must not stop the job; the next round retries.
                log.exception("background job %s failed", job.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), job.every_seconds)
