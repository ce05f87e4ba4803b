"""The end-to-end rig: the real bot, a fresh fake Telegram and the demo association per test.

Tests speak as people (`rig.admin`, `rig.lead_hn`, `rig.member_hn`, `rig.stranger`…) and
assert on what those people saw and on what was stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.app.application import HoiApplication, build_application, start_polling, stop_polling
from bot.app.settings import Settings
from bot.fakeapi import FakeTelegram
from bot.fakeapi.endpoint import Rejected
from bot.fakeapi.users import SimUser
from bot.people.demo import DEMO_PEOPLE, STRANGER_ID, seed_demo
from storage.db import Database

TOKEN = "7000000001:hoibot-test-token-0000000000000000"


@dataclass
class Rig:
    fake: FakeTelegram
    app: HoiApplication
    db: Database
    settings: Settings
    expect_rejections: bool = False
    people: dict[int, SimUser] = field(default_factory=dict)

    def person(self, telegram_id: int, language_code: str = "vi") -> SimUser:
        name = next((p.name for p in DEMO_PEOPLE if p.telegram_id == telegram_id), "Khách")
        first, _, last = name.rpartition(" ")
        return self.fake.user(
            telegram_id, first_name=last, last_name=first or None, language_code=language_code
        )

    @property
    def admin(self) -> SimUser:
        return self.person(1001)

    @property
    def lead_hn(self) -> SimUser:
        return self.person(1002)

    @property
    def member_hn(self) -> SimUser:
        return self.person(1003)

    @property
    def lead_tb(self) -> SimUser:
        return self.person(1005)

    @property
    def member_tb(self) -> SimUser:
        return self.person(1006)

    @property
    def stranger(self) -> SimUser:
        return self.person(STRANGER_ID)

    async def settle(self) -> None:
        await self.fake.wait_idle()


def refusals(fake: FakeTelegram) -> list[Rejected]:
    """What Telegram refused, but an edit to what the message already says: Telegram answers
    it 400, the bot takes it as done (bot/app/telegram_bot.py), and the person sees no change."""
    return [r for r in fake.rejected if "message is not modified" not in r.description]


def rig_settings(fake: FakeTelegram, db: Database, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "token": TOKEN,
        "database_url": db.url,
        "telegram_api_url": fake.base_url,
        "telegram_file_url": fake.base_file_url,
        "bot_username": "hoibot_test_bot",
        # Tests run background jobs themselves, with a simulated clock.
        "run_jobs": False,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as server:
        yield server


@pytest.fixture
async def demo_db(db: Database) -> Database:
    """The emptied test database with the demo association in it."""
    async with db.session() as session:
        await seed_demo(session)
        await session.commit()
    return db


@pytest.fixture
async def rig(fake: FakeTelegram, demo_db: Database) -> AsyncIterator[Rig]:
    settings = rig_settings(fake, demo_db)
    application = build_application(settings, demo_db)
    await start_polling(application, poll_timeout=1)
    fake.attach(application)
    the_rig = Rig(fake, application, demo_db, settings)
    try:
        yield the_rig
    finally:
        await stop_polling(application)
    if not the_rig.expect_rejections:
        refused = refusals(fake)
        assert not refused, f"the bot made calls Telegram would refuse: {refused}"
