"""A fake Telegram Bot API server for tests and for `hoibot try`, which runs the bot offline.

Typical use: start `FakeTelegram()` (or `async with` it), build the Application with
`.base_url(fake.base_url).base_file_url(fake.base_file_url)`, start polling, call
`fake.attach(application)`, then speak as `fake.user(...)` and assert on `user.seen`.
"""

from __future__ import annotations

from bot.fakeapi.common import BOT_ID, BOT_USERNAME, ApiError, Upload
from bot.fakeapi.endpoint import Call, Rejected
from bot.fakeapi.seen import SeenFile, SeenMessage
from bot.fakeapi.server import FakeTelegram
from bot.fakeapi.spec import validate
from bot.fakeapi.users import SimChat, SimGroup, SimUser

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "ApiError",
    "Call",
    "FakeTelegram",
    "Rejected",
    "SeenFile",
    "SeenMessage",
    "SimChat",
    "SimGroup",
    "SimUser",
    "Upload",
    "validate",
]
