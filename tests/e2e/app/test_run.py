"""`hoibot run` as an operator starts it: a real process, polling, schema created on first start."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import select

from bot.fakeapi import FakeTelegram
from storage.db import Database, head_revision
from storage.models import Interaction
from tests.fakes.rig import TOKEN


async def test_run_creates_the_schema_polls_and_stops_on_sigterm(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hoibot.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        HOIBOT_DATABASE_URL=url,
        HOIBOT_TELEGRAM_API_URL=fake.base_url,
        HOIBOT_TELEGRAM_FILE_URL=fake.base_file_url,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stranger = fake.user(1999, first_name="Khách")
        await stranger.send("/start", wait=False)
        await fake.wait_until(lambda: bool(stranger.seen), timeout=60)
        assert "Để tham gia" in (stranger.last.text or "")
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    assert TOKEN not in err.decode(), "the token never appears in the logs"
    db = Database(url)
    try:
        assert await db.current_revision() == head_revision()
        async with db.session() as session:
            kinds = (await session.execute(select(Interaction.kind))).scalars().all()
        assert list(kinds) == ["command", "sendMessage"]
    finally:
        await db.dispose()
