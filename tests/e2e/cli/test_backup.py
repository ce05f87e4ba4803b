"""`hoibot db backup FILE` on SQLite while the bot is answering people and writing its log."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sqlalchemy import func, select

from bot.app.application import build_application, start_polling, stop_polling
from bot.fakeapi import FakeTelegram
from storage.db import Database, head_revision
from storage.models import Interaction
from tests.fakes.rig import rig_settings


async def count_interactions(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count(Interaction.id)))).scalar_one())


async def test_a_backup_taken_while_the_bot_writes_is_whole_and_opens(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    live = tmp_path / "hoibot.sqlite3"
    db = Database(f"sqlite+aiosqlite:///{live}")
    await db.upgrade()
    application = build_application(rig_settings(fake, db), db)
    await start_polling(application, poll_timeout=1)
    stop = asyncio.Event()

    async def strangers_write() -> int:
        count = 0
        while not stop.is_set():
            await fake.user(8_000_000 + count, first_name="Khách").send("/start")
            count += 1
        return count

    writer = asyncio.create_task(strangers_write())
    try:
        await fake.wait_until(lambda: len(fake.calls_to("sendMessage")) >= 5, timeout=30)
        before = await count_interactions(db)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
        env.update(HOIBOT_DATABASE_URL=db.url, HOIBOT_DEFAULT_LOCALE="en")
        backup = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "db", "backup", "copy.sqlite3",
            cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(backup.communicate(), timeout=60)
        after = await count_interactions(db)
        stop.set()
        written = await writer
    finally:
        stop.set()
        await stop_polling(application)
    assert backup.returncode == 0, err.decode()
    copy = tmp_path / "copy.sqlite3"
    assert f"Backup written: {copy}" in out.decode()
    assert after > before, "the bot kept writing while the copy was taken"
    assert written > 5
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.sqlite3"
    ], "one file, nothing half-written beside it"
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = Database(f"sqlite+aiosqlite:///{copy}")
    try:
        assert await restored.current_revision() == head_revision()
        assert before <= await count_interactions(restored) <= after
    finally:
        await restored.dispose()


def test_on_postgresql_without_pg_dump_the_command_says_how(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    env.update(
        HOIBOT_DATABASE_URL="postgresql+asyncpg://hoibot@db.example:5432/hoibot",
        HOIBOT_DEFAULT_LOCALE="en",
        PATH=str(tmp_path),  # no pg_dump on it
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "backup", "hoibot.dump"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "apt-get install postgresql-client" in result.stdout
    assert "pg_dump --format=custom" in result.stdout and "hoibot" in result.stdout
    assert not (tmp_path / "hoibot.dump").exists()
