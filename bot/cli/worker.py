"""`hoibot worker`: the delivery sender alone, without polling, until SIGTERM or SIGINT.

Run it beside `hoibot run` or `hoibot webhook` (set HOIBOT_RUN_JOBS=0 there, or leave it:
only one process sends at a time), or several of it: one leads, the others wait to take
over. It talks to Telegram over aiohttp, which keeps up with the paid lane's 1,000/s.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import signal
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import Defaults

from bot.app.settings import Settings
from bot.app.telegram_bot import RecordingBot
from bot.app.transport import AiohttpRequest
from bot.app.web import WebServer
from bot.delivery import DeliveryPolicy, Sender
from bot.text.i18n import _
from storage.db import Database

log = logging.getLogger(__name__)

# Open files besides the connections to Telegram: the database's, the logs, the web server.
OTHER_FILES = 256


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "worker", help=_("send queued messages (the outbox) without polling, until stopped")
    )
    parser.set_defaults(handler=run_worker)


def sender_bot(settings: Settings, db: Database, policy: DeliveryPolicy) -> RecordingBot:
    """The worker's bot: a connection for each call its lanes may have in flight."""
    request = AiohttpRequest(
        connection_pool_size=policy.connections(), read_timeout=policy.read_timeout
    )
    return RecordingBot(
        token=settings.require_token(),
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz),
        request=request,
        database=db,
    )


def allow_open_files(needed: int) -> int:
    """Raise this process's soft limit of open files to `needed` if it is lower and the hard
    limit allows (a shell's default is often 1,024); the limit in force is returned."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


async def run_worker(settings: Settings, db: Database, _args: argparse.Namespace) -> int:
    policy = DeliveryPolicy.from_settings(settings)
    needed = policy.connections() + OTHER_FILES
    if (allowed := allow_open_files(needed)) < needed:
        log.warning("only %d open files allowed (%d wanted): raise LimitNOFILE", allowed, needed)
    bot = sender_bot(settings, db, policy)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    pace = f"{policy.per_second}/s" if policy.per_second else "unlimited"
    paid = f", paid lane {policy.paid_per_second}/s" if policy.paid_lane else ""
    log.info("worker started: pace %s%s, up to %d attempts", pace, paid, policy.max_attempts)
    web = WebServer(db)
    if settings.metrics_port is not None:
        await web.start(settings.webhook_listen, settings.metrics_port)
        log.info("serving /healthz and /metrics on port %d", settings.metrics_port)
    try:
        async with bot:
            sender = Sender(db, bot, policy)
            await sender.run_forever(stop)
    finally:
        await web.stop()
    totals = sender.totals
    log.info(
        "worker stopped: %d sent, %d failed, %d to retry, %d re-queued as possibly sent",
        totals.sent,
        totals.failed,
        totals.retried,
        sender.possibly_sent,
    )
    return 0
