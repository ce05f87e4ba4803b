"""Starting the real bot: long polling (`hoibot run`) or a webhook server (`hoibot webhook`)."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from bot.app.application import (
    HoiApplication,
    build_application,
    start_polling,
    start_webhook,
    stop_polling,
)
from bot.app.settings import ConfigError, Settings
from bot.text.i18n import N_
from storage.db import Database

log = logging.getLogger(__name__)


def run_bot(settings: Settings, *, webhook: bool) -> None:
    settings.require_token()
    if webhook:
        _require_webhook_settings(settings)
    application = build_application(
        settings, Database(settings.database_url, pool_size=settings.database_pool_size)
    )
    asyncio.run(_serve_webhook(application, settings) if webhook else _serve_polling(application))


async def _serve_polling(application: HoiApplication) -> None:
    """`hoibot run`: poll until SIGTERM or SIGINT, then stop cleanly: the batch in hand is
    finished and confirmed, the sender's lead is given up (in post_shutdown)."""
    stop = _stop_on_signals()
    await start_polling(application)
    poller = application.bot_data.poller
    assert poller is not None
    try:
        await poller.wait(stop)
    finally:
        await stop_polling(application)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def _serve_webhook(application: HoiApplication, settings: Settings) -> None:
    """`hoibot webhook`: serve until SIGTERM or SIGINT, then stop cleanly: new updates get
    503, those in hand are finished, the sender's lead is given up (in post_shutdown)."""
    stop = _stop_on_signals()
    await start_webhook(application, webhook_path(settings))
    try:
        await stop.wait()
        log.info("stopping: new updates get 503, those in hand are finished")
        if application.bot_data.web is not None:
            await application.bot_data.web.stop_taking()
    finally:
        await stop_polling(application)


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.webhook_url).path.lstrip("/")


def _require_webhook_settings(settings: Settings) -> None:
    if not settings.webhook_url:
        raise ConfigError(
            N_("HOIBOT_WEBHOOK_URL is not set: the public https:// URL Telegram posts to.")
        )
    if not settings.webhook_secret:
        raise ConfigError(
            N_(
                "HOIBOT_WEBHOOK_SECRET is not set: a random string (A-Z, a-z, 0-9, _ and -) "
                "that Telegram sends with every update, so strangers cannot post fake ones."
            )
        )
