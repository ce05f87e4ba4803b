"""Real hoibot processes for end-to-end tests (`hoibot webhook`, `hoibot worker`), and a
Telegram-side client that posts updates to a webhook as Telegram does.

The processes talk to the test's fake Bot API over loopback and share the test database
(SQLite file or PostgreSQL); each writes its log to a file of the test's folder.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.fakeapi import FakeTelegram
from storage.db import Database
from tests.fakes.rig import TOKEN

SECRET = "drill-Secret_42"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Every process a test started, so that none outlives its test (a leader left running would
# hold the sender's lock for every later test).
_RUNNING: list[HoibotProcess] = []


@pytest.fixture(autouse=True)
async def no_process_left() -> AsyncIterator[None]:
    yield
    while _RUNNING:
        started = _RUNNING.pop()
        if started.process.returncode is None:
            started.process.kill()
            await started.process.wait()


class HoibotProcess:
    """One `hoibot …` process; `port` is where its web server listens."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path, port: int) -> None:
        self.process, self.log, self.port = process, log, port

    @classmethod
    async def start(
        cls, command: str, fake: FakeTelegram, db: Database, folder: Path, **env: str
    ) -> HoibotProcess:
        port = free_port()
        variables = {
            k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))
        }
        variables.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            HOIBOT_DATABASE_URL=db.url,
            HOIBOT_TELEGRAM_API_URL=fake.base_url,
            HOIBOT_TELEGRAM_FILE_URL=fake.base_file_url,
            HOIBOT_WEBHOOK_URL="https://bot.example/telegram/hook",
            HOIBOT_WEBHOOK_SECRET=SECRET,
            HOIBOT_WEBHOOK_LISTEN="127.0.0.1",
            HOIBOT_WEBHOOK_PORT=str(port),
            HOIBOT_METRICS_PORT=str(port),
            HOIBOT_DELIVERY_STUCK_SECONDS="3600",
        )
        variables.update(env)
        log = folder / f"{command}-{time.monotonic_ns()}.log"
        with log.open("wb") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", command,
                env=variables, cwd=folder, stdout=output, stderr=output,
            )  # fmt: skip
        started = cls(process, log, port)
        _RUNNING.append(started)
        return started

    @property
    def hook(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/hook"

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def ready(self, timeout: float = 60) -> None:
        """Wait until /healthz answers 200."""
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{self.port}/healthz") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                if self.process.returncode is not None or time.monotonic() > deadline:
                    raise AssertionError(f"not ready:\n{self.text()}")
                await asyncio.sleep(0.1)

    async def stop(self, signum: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await asyncio.wait_for(self.process.wait(), timeout=timeout)


def command_update(update_id: int, user_id: int, text: str = "/toi") -> dict[str, Any]:
    """A private message from `user_id` as Telegram posts it."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "entities": entities if text.startswith("/") else [],
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Hội viên"},
        },
    }


async def post_update(
    session: aiohttp.ClientSession, url: str, update: dict[str, Any], timeout: float = 15
) -> int | str:
    """POST an update as Telegram does: its status, or the name of the connection error."""
    try:
        async with session.post(
            url,
            json=update,
            headers={SECRET_HEADER: SECRET},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as answer:
            return answer.status
    except (aiohttp.ClientError, TimeoutError) as error:
        return type(error).__name__


async def until_called(fake: FakeTelegram, method: str, timeout: float = 30) -> None:
    """Until the bot has called `method` (it may still be waiting for the answer).

    Polled, not `fake.wait_until`: that looks again only when a call ends, and a slow call
    ends when what the test wants to catch in hand is over."""

    async def called() -> None:
        while not fake.calls_to(method):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(called(), timeout)
